"""Build the print products (per country and language) in parallel, publishing them only when all succeeded."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from kit.check import run_checks
from kit.config import KITS_DIR, SiteConfig, load_config
from kit.content import load_content
from kit.leftovers import remove_leftovers
from kit.pdfcheck import structure_problems
from kit.print.products import PRODUCTS
from kit.print.render import KitError, write_pdf
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
    variant: str = "screen"  # or "print-shop": 3 mm bleed, crop marks, TrimBox and BleedBox


def kit_filename(country: str, lang: str) -> str:
    return product_filename("kit", country, lang)


def product_filename(product: str, country: str, lang: str, variant: str = "screen") -> str:
    """Relative to KITS_DIR; the full kit keeps its name of before the other products."""
    suffix = "-print-shop" if variant == "print-shop" else ""
    return f"{lang}/fiit-{product}-{country}-{lang}{suffix}.pdf"


def edition(root: Path) -> dict[str, str]:
    """Edition date and commit: from git, so two builds of one commit are identical (SOURCE_DATE_EPOCH)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    epoch = os.environ.get("SOURCE_DATE_EPOCH") or git("log", "-1", "--format=%ct") or str(int(time.time()))
    date = datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return {"date": date, "commit": git("rev-parse", "--short=10", "HEAD") or "unknown", "epoch": epoch}


def _limit_resources() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _timeout(_signum: int, _frame: object) -> None:
    raise KitError(f"rendering took longer than {TIMEOUT_SECONDS} s")


def build_one(
    root: Path, country: str, lang: str, target: Path, ed: dict[str, str], product: str = "kit", variant: str = "screen"
) -> KitResult:
    """Runs in a worker process: load, render, write to `target` (a temporary file)."""
    os.environ["SOURCE_DATE_EPOCH"] = ed["epoch"]
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TIMEOUT_SECONDS)
    start = time.perf_counter()
    try:
        cfg = load_config(root)
        content = load_content(cfg)
        spec = PRODUCTS[product]
        html = spec.document(cfg, content, country, lang, ed, variant == "print-shop")
        pages = write_pdf(html, target, cfg, spec.stylesheet)
        problems = structure_problems(target, lang)
        if problems:
            raise KitError("the PDF fails the accessibility structure check (PDF/UA-1): " + "; ".join(problems))
    finally:
        signal.alarm(0)
    return KitResult(country, lang, product_filename(product, country, lang, variant), pages, target.stat().st_size,
                     round(time.perf_counter() - start, 2), product, variant)  # fmt: skip


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
    ed = edition(cfg.root)
    jobs = []
    for product in products:
        for variant in PRODUCTS[product].variants:
            for country in countries:
                for lang in langs:
                    final = out_dir / product_filename(product, country, lang, variant)
                    final.parent.mkdir(parents=True, exist_ok=True)
                    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
                    jobs.append((product, variant, country, lang, final, tmp))
    results: list[KitResult] = []
    failures: list[str] = []
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count(), initializer=_limit_resources) as pool:
        futures = {
            pool.submit(build_one, cfg.root, c, lang, tmp, ed, product, variant): (product, variant, c, lang)
            for product, variant, c, lang, _, tmp in jobs
        }
        for future, (product, variant, country, lang) in futures.items():
            try:
                results.append(future.result())
            except (KitError, Exception) as exc:
                failures.append(f"{product} ({variant}) {country}/{lang}: {exc}")
    if failures:
        for *_, tmp in jobs:
            tmp.unlink(missing_ok=True)
        raise KitError("\n".join(failures))
    for *_, final, tmp in jobs:
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
