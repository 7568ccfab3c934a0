"""Build the print products (per country and language) in parallel, publishing them only when all succeeded."""

from __future__ import annotations

import json
import os
import resource
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from kit import shards
from kit.buildcache import Job, KeyMaker, Planned
from kit.check import run_checks
from kit.config import KITS_DIR, SiteConfig, load_config
from kit.content import load_content
from kit.editions import current_edition
from kit.leftovers import remove_leftovers
from kit.pdfcheck import structure_problems
from kit.print.imposition import impose_booklet
from kit.print.products import PRODUCTS, render_product
from kit.print.render import KitError
from kit.problems import ContentError
from kit.progress import Progress
from kit.strings import load_strings

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
    key: str = ""  # kit/buildcache.py: the hash of every input of the file
    reused: bool = False  # this build found the file up to date (not written to the manifest)


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
    load_strings.cache_clear()  # a forked worker must read the strings files as they are now, not as its parent did
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TIMEOUT_SECONDS)
    start = time.perf_counter()
    try:
        cfg = load_config(root)
        content = load_content(cfg)
        pages, padding = render_product(PRODUCTS[product], cfg, content, country, lang, ed, variant == "print-shop",
                                        target, guess)  # fmt: skip
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
    force: bool = False,
    shard: tuple[int, int] | None = None,
) -> list[KitResult]:
    """Build the requested products whose inputs changed (all of them with `force`), or of them the part `shard`
    (I, N) of kit/shards.py; publish all of them atomically, or none (earlier outputs stay as they were)."""
    problems, content = run_checks(cfg)  # the same checks as `build_kit.py check`: never built from bad content
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    remove_leftovers(cfg.root)
    out_dir = cfg.root / KITS_DIR
    keys = KeyMaker(cfg, content)
    planned = [keys.plan(job) for job in matrix(products, countries, langs)]
    if shard:
        planned = shards.select(planned, shard)
    manifest = read_manifest(cfg.root)
    reused, todo = split_reusable(out_dir, planned, manifest, force)
    edition_name = current_edition(cfg.root).name or ""  # the colophon names a released edition
    results = reused + _render(cfg, out_dir, todo, workers, manifest, edition_name)
    _update_manifest(out_dir, results)
    if shard:
        shards.write_part(cfg.root, out_dir, shard, {r.file: _entry(r) for r in results})
    return results


def matrix(products: tuple[str, ...], countries: list[str], langs: list[str]) -> list[Job]:
    """Every output asked for, in a fixed order: product, variant, country, language."""
    return [Job(product, variant, country, lang) for product in products for variant in PRODUCTS[product].variants
            for country in countries for lang in langs]  # fmt: skip


def split_reusable(
    out_dir: Path, planned: list[Planned], manifest: dict[str, dict[str, object]], force: bool
) -> tuple[list[KitResult], list[Planned]]:
    """(the outputs whose file is there with the size and key the manifest records, the outputs to build)."""
    by_file = {str(e.get("file")): e for e in manifest.values() if isinstance(e, dict)}  # whatever the entries' keys
    reused, todo = [], []
    for plan in planned:
        found = []
        for variant in _outputs(plan.job):  # a screen file and its booklet are reused together, or rebuilt
            name = product_filename(plan.job.product, plan.job.country, plan.job.lang, variant)
            entry, path = by_file.get(name), out_dir / name
            if force or not entry or entry.get("key") != plan.key or not path.is_file():
                break
            if path.stat().st_size != entry.get("bytes"):
                break
            fields = {k: v for k, v in entry.items() if k in KitResult.__dataclass_fields__}
            try:
                found.append(replace(KitResult(**fields), reused=True))  # type: ignore[arg-type]
            except TypeError:  # an entry of another shape (an older build): build the file again
                break
        else:
            reused += found
            continue
        todo.append(plan)
    return reused, todo


def _outputs(job: Job) -> list[str]:
    """The variants one job writes: its own, and the A4 booklet imposed from a screen file."""
    return [job.variant, "a4-booklet"] if PRODUCTS[job.product].booklet and job.variant == "screen" else [job.variant]


def _render(
    cfg: SiteConfig, out_dir: Path, todo: list[Planned], workers: int | None, manifest: dict[str, dict[str, object]],
    edition_name: str,
) -> list[KitResult]:  # fmt: skip
    """Render every planned output to a temporary file; publish them all, or none."""
    jobs = []
    for plan in todo:
        job = plan.job
        files = [(final, final.with_name(f".{final.name}.{os.getpid()}.tmp"))
                 for final in (out_dir / product_filename(job.product, job.country, job.lang, v) for v in _outputs(job))]  # fmt: skip
        files[0][0].parent.mkdir(parents=True, exist_ok=True)
        guess = int(
            manifest.get(product_filename(job.product, job.country, job.lang, job.variant), {}).get("padding", 0)
        )  # type: ignore[call-overload]
        jobs.append((plan, files, guess))
    results: list[KitResult] = []
    failures: list[str] = []
    if not jobs:
        return results
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count(), initializer=_limit_resources) as pool:
        futures = {
            pool.submit(build_one, cfg.root, p.job.country, p.job.lang, files[0][1], {**p.edition, "edition": edition_name},
                        p.job.product, p.job.variant, files[1][1] if len(files) > 1 else None, guess): p
            for p, files, guess in jobs
        }  # fmt: skip
        progress = Progress([p.cost for p in todo])  # one line on a terminal; nothing in CI logs
        for future in as_completed(futures):
            plan = futures[future]
            job = plan.job
            try:
                results += [replace(r, key=plan.key) for r in future.result()]
            except (KitError, Exception) as exc:
                failures.append(f"{job.product} ({job.variant}) {job.country}/{job.lang}: {exc}")
            progress.advance(product_filename(job.product, job.country, job.lang, job.variant), plan.cost)
        progress.close()
    temporary = [pair for _, files, _ in jobs for pair in files]
    if failures:
        for _, tmp in temporary:
            tmp.unlink(missing_ok=True)
        raise KitError("\n".join(failures))
    for final, tmp in temporary:
        os.replace(tmp, final)
    return results


def _entry(r: KitResult) -> dict[str, object]:
    return {k: v for k, v in asdict(r).items() if k != "reused"}


def _update_manifest(out_dir: Path, results: list[KitResult]) -> None:
    path = out_dir / MANIFEST
    manifest = json.loads(path.read_text()) if path.exists() else {}
    for r in results:
        manifest[r.file] = _entry(r)  # one entry per file
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(dict(sorted(manifest.items())), indent=2) + "\n")
    os.replace(tmp, path)


def read_manifest(root: Path) -> dict[str, dict[str, object]]:
    path = root / KITS_DIR / MANIFEST
    return json.loads(path.read_text()) if path.exists() else {}
