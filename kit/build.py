"""Build the print products (per country and language) in parallel, publishing them only when all succeeded."""

from __future__ import annotations

import json
import os
import resource
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from kit.check import run_checks
from kit.config import KITS_DIR, SiteConfig, load_config
from kit.content import load_content
from kit.editions import build_stamp
from kit.leftovers import remove_leftovers
from kit.pdfcheck import structure_problems
from kit.print.imposition import impose_booklet
from kit.print.products import PRODUCTS
from kit.print.render import KitError, write_padded_pdf
from kit.problems import ContentError

MANIFEST = "manifest.json"
TIMEOUT_SECONDS = 300  # per kit: a pathological page must not hang the build
MEMORY_BYTES = 4 * 1024**3


@dataclass(frozen=True)
class KitResult:
    country: str
    lang: str
    file: str  # relative to KITS_DIR
    pages: int
    bytes: int
    seconds: float
    product: str = "kit"
    variant: str = "screen"  # "print-shop": 3 mm bleed, crop marks, TrimBox and BleedBox; "a4-booklet": imposed
    padding: int = 0  # intended blank pages added for a multiple of 4 (the next build's first guess)


def kit_filename(country: str, lang: str) -> str:
    return product_filename("kit", country, lang)


def product_filename(product: str, country: str, lang: str, variant: str = "screen") -> str:
    """Relative to KITS_DIR; the full kit keeps its name of before the other products."""
    suffix = "" if variant == "screen" else f"-{variant}"  # -print-shop, -a4-booklet (imposition.booklet_path)
    return f"{lang}/fiit-{product}-{country}-{lang}{suffix}.pdf"


def _limit_resources() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _timeout(_signum: int, _frame: object) -> None:
    raise KitError(f"rendering took longer than {TIMEOUT_SECONDS} s")


def build_one(
    root: Path, country: str, lang: str, target: Path, ed: dict[str, str], product: str = "kit",
    variant: str = "screen", booklet: Path | None = None, guess: int = 0,
) -> list[KitResult]:  # fmt: skip
    """Runs in a worker process: load, render, write to `target` (a temporary file) and, given `booklet` (another
    temporary file), the A4 office booklet imposed from it. `guess`: the padding of the previous build."""
    os.environ["SOURCE_DATE_EPOCH"] = ed["epoch"]
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TIMEOUT_SECONDS)
    start = time.perf_counter()
    try:
        cfg = load_config(root)
        content = load_content(cfg)
        spec = PRODUCTS[product]
        shop = variant == "print-shop"
        if spec.page_multiple > 1:  # the document is asked for its padding pages (products.py: Document)
            make = lambda n: spec.document(cfg, content, country, lang, ed, shop, padding=n)  # noqa: E731
        else:
            make = lambda _: spec.document(cfg, content, country, lang, ed, shop)  # noqa: E731
        pages, padding = write_padded_pdf(make, target, cfg, spec.stylesheet, spec.page_multiple, guess)
        problems = structure_problems(target, lang)
        if problems:
            raise KitError("the PDF fails the accessibility structure check (PDF/UA-1): " + "; ".join(problems))
        results = [KitResult(country, lang, product_filename(product, country, lang, variant), pages,
                             target.stat().st_size, round(time.perf_counter() - start, 2), product, variant,
                             padding)]  # fmt: skip
        if booklet is not None:
            start = time.perf_counter()
            sides = impose_booklet(target, booklet)
            results.append(KitResult(country, lang, product_filename(product, country, lang, "a4-booklet"), sides,
                                     booklet.stat().st_size, round(time.perf_counter() - start, 2), product,
                                     "a4-booklet"))  # fmt: skip
    finally:
        signal.alarm(0)
    return results


def build_kits(
    cfg: SiteConfig,
    countries: list[str],
    langs: list[str],
    workers: int | None = None,
    products: tuple[str, ...] = ("kit",),
) -> list[KitResult]:
    """Build the requested products; publish all of them atomically, or none (earlier outputs stay as they were)."""
    problems, _ = run_checks(cfg)  # the same checks as `build_kit.py check`: a kit is never built from bad content
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    remove_leftovers(cfg.root)
    out_dir = cfg.root / KITS_DIR
    ed = build_stamp(cfg.root)
    previous = read_manifest(cfg.root)
    jobs = []
    for product in products:
        spec = PRODUCTS[product]
        for variant in spec.variants:
            for country in countries:
                for lang in langs:
                    outputs = [variant, "a4-booklet"] if spec.booklet and variant == "screen" else [variant]
                    files = [(final, final.with_name(f".{final.name}.{os.getpid()}.tmp"))
                             for final in (out_dir / product_filename(product, country, lang, v) for v in outputs)]  # fmt: skip
                    files[0][0].parent.mkdir(parents=True, exist_ok=True)
                    guess = int(previous.get(product_filename(product, country, lang, variant), {}).get("padding", 0))
                    jobs.append((product, variant, country, lang, files, guess))
    results: list[KitResult] = []
    failures: list[str] = []
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count(), initializer=_limit_resources) as pool:
        futures = {
            pool.submit(build_one, cfg.root, c, lang, files[0][1], ed, product, variant,
                        files[1][1] if len(files) > 1 else None, guess): (product, variant, c, lang)
            for product, variant, c, lang, files, guess in jobs
        }  # fmt: skip
        for future, (product, variant, country, lang) in futures.items():
            try:
                results.extend(future.result())
            except (KitError, Exception) as exc:
                failures.append(f"{product} ({variant}) {country}/{lang}: {exc}")
    temporary = [pair for *_, files, _ in jobs for pair in files]
    if failures:
        for _, tmp in temporary:
            tmp.unlink(missing_ok=True)
        raise KitError("\n".join(failures))
    for final, tmp in temporary:
        os.replace(tmp, final)
    _update_manifest(out_dir, results)
    return results


def _update_manifest(out_dir: Path, results: list[KitResult]) -> None:
    path = out_dir / MANIFEST
    manifest = json.loads(path.read_text()) if path.exists() else {}
    for r in results:
        manifest[r.file] = asdict(r)  # one entry per file
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(dict(sorted(manifest.items())), indent=2) + "\n")
    os.replace(tmp, path)


def read_manifest(root: Path) -> dict[str, dict[str, object]]:
    path = root / KITS_DIR / MANIFEST
    return json.loads(path.read_text()) if path.exists() else {}
