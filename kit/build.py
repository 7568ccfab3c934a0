"""Build the print products (per country and language) in parallel, publishing them only when all succeeded."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from kit import shards
from kit.buildcache import Job, KeyMaker, Planned
from kit.check import run_checks
from kit.config import KITS_DIR, SiteConfig, load_config
from kit.content import load_content
from kit.leftovers import remove_leftovers
from kit.pdfcheck import structure_problems
from kit.print.products import PRODUCTS
from kit.print.render import KitError, write_pdf
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
    variant: str = "screen"  # or "print-shop": 3 mm bleed, crop marks, TrimBox and BleedBox
    key: str = ""  # kit/buildcache.py: the hash of every input of the file
    reused: bool = False  # this build found the file up to date (not written to the manifest)


def kit_filename(country: str, lang: str) -> str:
    return product_filename("kit", country, lang)


def product_filename(product: str, country: str, lang: str, variant: str = "screen") -> str:
    """Relative to KITS_DIR; the full kit keeps its name of before the other products."""
    suffix = "-print-shop" if variant == "print-shop" else ""
    return f"{lang}/fiit-{product}-{country}-{lang}{suffix}.pdf"


def edition(root: Path) -> dict[str, str]:
    """HEAD's edition date and commit (for a document rendered alone); the build prints each output's own, the
    last commit of its inputs (kit/buildcache.py: edition_for)."""

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
    load_strings.cache_clear()  # a forked worker must read the strings files as they are now, not as its parent did
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
    reused, todo = split_reusable(out_dir, planned, read_manifest(cfg.root), force)
    results = reused + _render(cfg, out_dir, todo, workers)
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
        job = plan.job
        name = product_filename(job.product, job.country, job.lang, job.variant)
        entry = by_file.get(name)
        path = out_dir / name
        if (
            not force
            and entry
            and entry.get("key") == plan.key
            and path.is_file()
            and path.stat().st_size == entry.get("bytes")
        ):
            fields = {k: v for k, v in entry.items() if k in KitResult.__dataclass_fields__}
            try:
                reused.append(replace(KitResult(**fields), reused=True))  # type: ignore[arg-type]
                continue
            except TypeError:  # an entry of another shape (an older build): build the file again
                pass
        todo.append(plan)
    return reused, todo


def _render(cfg: SiteConfig, out_dir: Path, todo: list[Planned], workers: int | None) -> list[KitResult]:
    """Render every planned output to a temporary file; publish them all, or none."""
    jobs = []
    for plan in todo:
        final = out_dir / product_filename(plan.job.product, plan.job.country, plan.job.lang, plan.job.variant)
        final.parent.mkdir(parents=True, exist_ok=True)
        jobs.append((plan, final, final.with_name(f".{final.name}.{os.getpid()}.tmp")))
    results: list[KitResult] = []
    failures: list[str] = []
    if not jobs:
        return results
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count(), initializer=_limit_resources) as pool:
        futures = {
            pool.submit(build_one, cfg.root, p.job.country, p.job.lang, tmp, p.edition, p.job.product, p.job.variant): p
            for p, _, tmp in jobs
        }
        progress = Progress([p.cost for p in todo])  # one line on a terminal; nothing in CI logs
        for future in as_completed(futures):
            plan = futures[future]
            job = plan.job
            try:
                results.append(replace(future.result(), key=plan.key))
            except (KitError, Exception) as exc:
                failures.append(f"{job.product} ({job.variant}) {job.country}/{job.lang}: {exc}")
            progress.advance(product_filename(job.product, job.country, job.lang, job.variant), plan.cost)
        progress.close()
    if failures:
        for *_, tmp in jobs:
            tmp.unlink(missing_ok=True)
        raise KitError("\n".join(failures))
    for _, final, tmp in jobs:
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
