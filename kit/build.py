"""Build the print products (per country and language) in parallel, publishing them only when all succeeded."""

from __future__ import annotations

import json
import multiprocessing
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
from kit.content import Content, load_content
from kit.editions import current_edition
from kit.leftovers import remove_leftovers
from kit.pdfcheck import structure_problems
from kit.print.imposition import impose_booklet
from kit.print.products import PRODUCTS, render_product
from kit.print.render import KitError
from kit.print.shared_layout import KitFiles, Layouts, build_language
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
    laid_out: int = 0  # pages WeasyPrint laid out to make it (0: made from another file's layout, or imposed)
    reused: bool = False  # this build found the file up to date (not written to the manifest)


def kit_filename(country: str, lang: str) -> str:
    return product_filename("kit", country, lang)


def product_filename(product: str, country: str, lang: str, variant: str = "screen") -> str:
    """Relative to KITS_DIR; the full kit keeps its name of before the other products."""
    suffix = "" if variant == "screen" else f"-{variant}"  # -print-shop, -a4-booklet (imposition.booklet_path)
    return f"{lang}/fiit-{product}-{country}-{lang}{suffix}.pdf"


# The content the build was planned from, loaded once in the parent (its checks): forked workers inherit it, so
# every output is made from exactly what its key was computed from, and no worker spends seconds loading it again.
_PRELOADED: dict[Path, tuple[SiteConfig, Content]] = {}


def _loaded(root: Path) -> tuple[SiteConfig, Content]:
    if root in _PRELOADED:
        return _PRELOADED[root]
    cfg = load_config(root)
    return cfg, load_content(cfg)


def _limit_resources() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _timeout(_signum: int, _frame: object) -> None:
    raise KitError(f"rendering took longer than {TIMEOUT_SECONDS} s")


def build_one(
    root: Path, country: str, lang: str, target: Path, ed: dict[str, str], product: str = "kit",
    variant: str = "screen", booklet: Path | None = None, guess: int = 0, screen: Path | None = None,
) -> list[KitResult]:  # fmt: skip
    """Runs in a worker process: load, render, write to `target` (a temporary file) and, given `booklet` (another
    temporary file), the A4 office booklet imposed from the screen file. `guess`: the padding of the previous
    build. `screen`: for a print-shop `target`, the screen file too, from the same layout."""
    os.environ["SOURCE_DATE_EPOCH"] = ed["epoch"]
    load_strings.cache_clear()  # a forked worker must read the strings files as they are now, not as its parent did
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TIMEOUT_SECONDS)
    start = time.perf_counter()
    try:
        cfg, content = _loaded(root)
        rendered = render_product(PRODUCTS[product], cfg, content, country, lang, ed, variant == "print-shop",
                                  target, guess, screen)  # fmt: skip
        seconds = round(time.perf_counter() - start, 2)
        results = []
        for name, path, laid_out in ((variant, target, rendered.laid_out), ("screen", screen, 0)):
            if path is not None:
                _check_structure(path, lang)
                results.append(KitResult(country, lang, product_filename(product, country, lang, name),
                                         rendered.pages, path.stat().st_size, seconds, product, name,
                                         rendered.padding, laid_out=laid_out))  # fmt: skip
        if booklet is not None:
            results.append(_booklet(product, country, lang, screen or target, booklet))
    finally:
        signal.alarm(0)
    return results


@dataclass(frozen=True)
class KitFilesOf:
    """One country's files in a language's group (kit/print/shared_layout.py), all temporary until published."""

    country: str
    edition: dict[str, str]
    screen: Path | None
    booklet: Path | None  # imposed from the screen file
    print_shop: Path | None


def build_language_kits(root: Path, lang: str, kits: list[KitFilesOf]) -> list[KitResult]:
    """Runs in a worker process: every full kit of one language asked for, the chapters they share laid out once."""
    load_strings.cache_clear()
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TIMEOUT_SECONDS * len(kits))
    results = []
    try:
        cfg, content = _loaded(root)
        layouts = Layouts(cfg, share=True)
        for kit in kits:  # one at a time: its SOURCE_DATE_EPOCH is its own edition's
            os.environ["SOURCE_DATE_EPOCH"] = kit.edition["epoch"]
            start = time.perf_counter()
            files = KitFiles(kit.country, kit.edition, kit.screen, kit.print_shop)
            (built,) = build_language(cfg, content, lang, [files], layouts)
            seconds = round(time.perf_counter() - start, 2)
            for variant, target in (("screen", kit.screen), ("print-shop", kit.print_shop)):
                if target is None:
                    continue
                _check_structure(target, lang)
                results.append(KitResult(kit.country, lang, product_filename("kit", kit.country, lang, variant),
                                         built.pages, target.stat().st_size, seconds, "kit", variant, built.padding,
                                         laid_out=built.laid_out if variant == "print-shop" or not kit.print_shop
                                         else 0))  # fmt: skip
            if kit.screen and kit.booklet:
                results.append(_booklet("kit", kit.country, lang, kit.screen, kit.booklet))
    finally:
        signal.alarm(0)
    return results


def _check_structure(target: Path, lang: str) -> None:
    problems = structure_problems(target, lang)
    if problems:
        raise KitError("the PDF fails the accessibility structure check (PDF/UA-1): " + "; ".join(problems))


def _booklet(product: str, country: str, lang: str, screen: Path, booklet: Path) -> KitResult:
    start = time.perf_counter()
    sides = impose_booklet(screen, booklet)
    return KitResult(country, lang, product_filename(product, country, lang, "a4-booklet"), sides,
                     booklet.stat().st_size, round(time.perf_counter() - start, 2), product, "a4-booklet")  # fmt: skip


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
    _PRELOADED[cfg.root] = (cfg, content)  # the workers fork from here with it: no worker reads the content again
    try:
        results = reused + _render(cfg, out_dir, todo, workers, manifest, edition_name)
    finally:
        _PRELOADED.clear()
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
    """Render every planned output to a temporary file; publish them all, or none. The full kits of a language are
    one task, or a few when there are fewer languages than processes (kit/print/shared_layout.py: each task lays
    their shared chapters out once); a print-shop file and its screen file are one task; any other output alone."""
    temporary: dict[str, tuple[Path, Path]] = {}  # file (relative to KITS_DIR) → (final path, temporary path)
    plan_of: dict[str, Planned] = {}
    for plan in todo:
        job = plan.job
        for variant in _outputs(job):
            name = product_filename(job.product, job.country, job.lang, variant)
            final = out_dir / name
            final.parent.mkdir(parents=True, exist_ok=True)
            temporary[name], plan_of[name] = (final, final.with_name(f".{final.name}.{os.getpid()}.tmp")), plan

    def tmp(job: Job, variant: str) -> Path | None:
        name = product_filename(job.product, job.country, job.lang, variant)
        return temporary[name][1] if name in temporary else None

    def edition(plan: Planned) -> dict[str, str]:
        return {**plan.edition, "edition": edition_name}

    languages: dict[str, dict[str, dict[str, Planned]]] = {}  # lang → country → variant → plan (full kits)
    singles = []
    for plan in todo:
        if PRODUCTS[plan.job.product].by_language:
            languages.setdefault(plan.job.lang, {}).setdefault(plan.job.country, {})[plan.job.variant] = plan
        else:
            singles.append(plan)
    results: list[KitResult] = []
    failures: list[str] = []
    if not todo:
        return results
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count(), initializer=_limit_resources,
                             mp_context=multiprocessing.get_context("fork")) as pool:  # fmt: skip
        futures = {}
        processes = workers or os.cpu_count() or 1
        # a language's kits in as many parts as keep every process busy (each part lays its shared chapters out
        # once): one part per language when there are at least as many languages as processes
        parts = max(1, -(-processes // max(1, len(languages))))
        for lang, countries in languages.items():  # the longest tasks first
            names = list(countries)
            for part in (names[i::parts] for i in range(parts)):
                if not part:
                    continue
                kits = []
                for country in part:
                    first = next(iter(countries[country].values()))
                    screen = Job("kit", "screen", country, lang)
                    kits.append(KitFilesOf(country, edition(first), tmp(screen, "screen"), tmp(screen, "a4-booklet"),
                                           tmp(Job("kit", "print-shop", country, lang), "print-shop")))  # fmt: skip
                plans = [plan for country in part for plan in countries[country].values()]
                futures[pool.submit(build_language_kits, cfg.root, lang, kits)] = (f"kit {lang}", plans)
        for p, screen in _paired(singles):  # a print-shop file and its screen file: one layout (compose.py)
            guess = manifest.get(product_filename(p.job.product, p.job.country, p.job.lang, p.job.variant), {})
            writes_screen = screen or (p if p.job.variant == "screen" else None)  # the booklet is imposed from it
            booklet = tmp(writes_screen.job, "a4-booklet") if writes_screen else None
            futures[pool.submit(build_one, cfg.root, p.job.country, p.job.lang, tmp(p.job, p.job.variant),
                                edition(p), p.job.product, p.job.variant, booklet, int(guess.get("padding", 0)),
                                tmp(screen.job, "screen") if screen else None)] = (  # type: ignore[call-overload]
                f"{p.job.product} ({p.job.variant}) {p.job.country}/{p.job.lang}", [p, screen] if screen else [p])  # fmt: skip
        progress = Progress([p.cost for p in todo])  # one line on a terminal; nothing in CI logs
        for future in as_completed(futures):
            what, plans = futures[future]
            try:
                results += [replace(r, key=plan_of[r.file].key) for r in future.result()]
            except (KitError, Exception) as exc:
                failures.append(f"{what}: {exc}")
            for plan in plans:
                job = plan.job
                progress.advance(product_filename(job.product, job.country, job.lang, job.variant), plan.cost)
        progress.close()
    if failures:
        for _, path in temporary.values():
            path.unlink(missing_ok=True)
        raise KitError("\n".join(failures))
    for final, path in temporary.values():
        os.replace(path, final)
    return results


def _paired(plans: list[Planned]) -> list[tuple[Planned, Planned | None]]:
    """Each print-shop output with the screen output of the same product, country and language when both are to
    be built (one task lays them out once); every other output alone."""
    screens = {(p.job.product, p.job.country, p.job.lang): p for p in plans if p.job.variant == "screen"}
    tasks: list[tuple[Planned, Planned | None]] = []
    for plan in plans:
        if plan.job.variant == "print-shop":
            tasks.append((plan, screens.pop((plan.job.product, plan.job.country, plan.job.lang), None)))
    return (
        tasks
        + [(plan, None) for plan in screens.values()]
        + [(plan, None) for plan in plans if plan.job.variant not in ("screen", "print-shop")]
    )


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
