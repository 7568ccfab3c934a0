"""How the build grows (issue 13, part 5): for each size N (countries) of a synthetic repository shaped like the real
one (benchmarks/synthetic.py), in one run, the figures of the issue's "What it must show".

Run: .venv/bin/python benchmarks/growth.py [--countries 5,27] [--languages 1] [--products kit] [--runs 1]
         [--jobs 2] [--baseline CHECKOUT [--baseline-max N]] [--no-warm-up] [--work DIR] [--keep]
e.g. the issue's figures against main before the change:
    git worktree add /tmp/kit-before <commit> && .venv/bin/python benchmarks/growth.py --baseline /tmp/kit-before
Cost: one 84-page kit file takes about 18 CPU s, and a full build of the kit product writes 2 files per country
and language (screen, print-shop; the A4 booklet is imposed, not laid out). The defaults (N=5 and 27, M=1, one run)
are about 11 full builds' worth of 5-27 countries: about 35 min on 2 idle cores, N=27 most of it. Each extra
run or language adds as much again (`--languages 2 --runs 3`: about 2 h 30 min); --baseline adds a full build per
run. Develop on `--countries 1 --languages 1` (about 8 min on a busy machine).

For each size: the synthetic repository (git, one commit) and a warm-up full build (cold_*: no manifest yet, as a
fresh CI checkout without the cache: every padding guessed 0, so a file whose padding is not 0 is laid out twice),
then each run, in this order, always through the build's command line (`build_kit.py build --product P --jobs J`,
a fresh process, whose WeasyPrint is counted by a small sitecustomize on PYTHONPATH: kit/ is not changed):
 1. full build (`--force`): wall time; pages laid out by WeasyPrint in every process (each `HTML.render`); the peak
    memory (ru_maxrss after each render and each PDF written) of each process;
 2. the WeasyPrint floor: the same outputs' HTML (each product's `document` function, with the padding the build
    chose, made before the clock starts), rendered by WeasyPrint alone with the base and product stylesheets,
    kit.fetcher.SafeFetcher and PDF/UA-1, in --jobs processes (no checks, keys, structure check or imposition);
 3. with --baseline: the same synthetic content with that checkout's kit/ and build_kit.py (`--force`);
 4. the no-change rebuild (no `--force`);
 5. a one-page edit (a sentence added to content/<L>/<C>/legal.md, C the first country, L the second language or
    the only one; a different sentence each run) and the rebuild;
 6. that one kit alone: `build --product P --country C --lang L --force`.
Times are medians over the runs; ratios are paired (taken within a run, then the median over the runs).

Figures (a table, then one JSON line per size and a summary line):
  outputs             PDF files written by a full build, booklets excluded
  full_s              full build, wall seconds
  pages_published     the pages of those files (read with pypdf)
  pages_laid_out      pages WeasyPrint laid out in the full build, in every process
  s_per_page          full_s / pages_published; the summary's spp_ratio: this at the largest N / at the smallest
  laid_out_per_page   pages_laid_out / pages_published (the issue's aim: at most 0.6)
  peak_worker_mb      the largest maxrss of one build process, over the runs (aim: at most 300)
  floor_s, build_over_floor   the WeasyPrint floor, and full_s / floor_s (floor_pages: its pages, as published)
  baseline_s, now_over_before the --baseline checkout's full build, and full_s / baseline_s (aim: at most 0.75)
  nochange_s, nochange_share  the no-change rebuild, and nochange_s / full_s (aim: at most 0.05)
  edit_s, one_kit_s, edit_over_one_kit   the rebuild after the edit, the one kit alone, their ratio (aim: 1.5)
  cold_full_s, cold_pages_laid_out, cold_baseline_s   the warm-up builds
Wall times on a shared machine say as much about the neighbours as about the build: compare paired ratios.
It prints figures; it asserts nothing. Everything is written under --work (a temporary folder by default, removed
at the end unless --keep); never into this checkout's build/.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

ROOT = Path(__file__).resolve().parent.parent
BOOKLET = "-a4-booklet.pdf"
EDITED_PAGE = "legal.md"
# Installed in every Python process of a measured build (PYTHONPATH); each line of the log: pid, pages, maxrss KB.
SITECUSTOMIZE = """
import os
if os.environ.get("GROWTH_LAYOUT_LOG"):
    import resource
    from weasyprint import HTML
    from weasyprint.document import Document

    def _log(pages):
        line = f"{os.getpid()} {pages} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n"
        fd = os.open(os.environ["GROWTH_LAYOUT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)

    _render, _write_pdf = HTML.render, Document.write_pdf

    def render(self, *args, **kwargs):
        document = _render(self, *args, **kwargs)
        _log(len(document.pages))
        return document

    def write_pdf(self, *args, **kwargs):
        result = _write_pdf(self, *args, **kwargs)
        _log(0)  # the memory after writing, the peak of a worker
        return result

    HTML.render, Document.write_pdf = render, write_pdf
"""


class Build:
    """One synthetic repository and the build commands run on it."""

    def __init__(self, repo: Path, jobs: int, products: list[str], hooks: Path) -> None:
        self.repo, self.jobs, self.products, self.hooks = repo, jobs, products, hooks

    def run(self, *extra: str, log: Path | None = None) -> float:
        """`build_kit.py build` with the repository's own code; wall seconds."""
        cmd = [sys.executable, str(self.repo / "build_kit.py"), "build", "--jobs", str(self.jobs)]
        cmd += [arg for p in self.products for arg in ("--product", p)] + list(extra)
        env = {**os.environ, "PYTHONPATH": str(self.hooks)}
        env.pop("GROWTH_LAYOUT_LOG", None)
        if log is not None:
            env["GROWTH_LAYOUT_LOG"] = str(log)
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=self.repo, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if done.returncode:
            raise RuntimeError(
                f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-4000:]}"
            )
        return seconds

    def published(self) -> list[Path]:
        kits = self.repo / "build" / "kits"
        names = tuple(f"fiit-{p}-" for p in self.products)
        return sorted(p for p in kits.rglob("*.pdf") if p.name.startswith(names) and not p.name.endswith(BOOKLET))


def pdf_pages(files: list[Path]) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(f).pages) for f in files)


def read_log(log: Path) -> tuple[int, float]:
    """(pages laid out, the largest maxrss of one process in MB)."""
    pages, peak = 0, 0
    for line in log.read_text().splitlines() if log.exists() else []:
        _pid, laid_out, rss = map(int, line.split())
        pages, peak = pages + laid_out, max(peak, rss)
    return pages, peak / 1024


def edit_page(repo: Path, lang: str, country: str, run: int) -> Path:
    """Add one sentence (a different one each run) at the end of one page; the page stays valid."""
    page = repo / "content" / lang / country / EDITED_PAGE
    page.write_text(
        page.read_text(encoding="utf-8").rstrip("\n")
        + f"\n\nA sentence added by the benchmark ({'abcdefghij'[run % 10]}).\n",
        encoding="utf-8",
    )
    return page


# ---- the WeasyPrint floor: run as `growth.py --floor REPO`, in a process that imports REPO's kit ----


def _floor_render(html: str, target: str, root: str, stylesheet: str) -> int:
    from fontpkg import path as font_path
    from weasyprint import CSS, HTML

    from kit.fetcher import SafeFetcher
    from kit.print.render import BASE_STYLESHEET, FONT_FAMILY

    fetcher = SafeFetcher([Path(root), Path(font_path(FONT_FAMILY)).parent])
    sheets = [CSS(filename=str(sheet), url_fetcher=fetcher) for sheet in (BASE_STYLESHEET, Path(stylesheet))]
    document = HTML(string=html, base_url=Path(root).as_uri() + "/", url_fetcher=fetcher).render(stylesheets=sheets)
    document.write_pdf(target, pdf_variant="pdf/ua-1")
    return len(document.pages)


def _stamp(repo: Path) -> dict[str, str]:
    """The edition line a build of the one-commit synthetic repository prints (every output's last change is HEAD)."""
    out = subprocess.run(["git", "log", "-1", "--format=%ct %h", "--abbrev=10"], cwd=repo, capture_output=True,
                         text=True, check=True).stdout.split()  # fmt: skip
    date = time.strftime("%Y-%m-%d", time.gmtime(int(out[0])))
    return {"edition": "", "date": date, "commit": out[1], "epoch": out[0]}


def floor(repo: Path, products: list[str], jobs: int) -> dict[str, Any]:
    """The HTML of every output in the manifest (not timed), then WeasyPrint alone on all of them (timed)."""
    sys.path.insert(0, str(repo))
    from kit.config import load_config
    from kit.content import load_content
    from kit.print.products import PRODUCTS

    ed = _stamp(repo)
    os.environ["SOURCE_DATE_EPOCH"] = ed["epoch"]
    cfg = load_config(repo)
    content = load_content(cfg)
    manifest = json.loads((repo / "build" / "kits" / "manifest.json").read_text())
    out = Path(tempfile.mkdtemp(prefix="growth-floor-"))
    tasks = []
    for entry in manifest.values():
        if entry.get("product") not in products or entry.get("variant") == "a4-booklet":
            continue
        spec, shop = PRODUCTS[entry["product"]], entry["variant"] == "print-shop"
        args = (cfg, content, entry["country"], entry["lang"], ed, shop)
        html = (
            spec.document(*args, padding=int(entry.get("padding", 0)))
            if spec.page_multiple > 1
            else spec.document(*args)
        )
        tasks.append((html, str(out / f"{len(tasks)}.pdf"), str(repo), str(spec.stylesheet)))
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pages = sum(pool.map(_floor_render, *zip(*tasks, strict=True)))
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    return {"seconds": seconds, "outputs": len(tasks), "pages": pages}


def run_floor(repo: Path, products: list[str], jobs: int, hooks: Path) -> tuple[float, int]:
    cmd = [sys.executable, __file__, "--floor", str(repo), "--products", ",".join(products), "--jobs", str(jobs)]
    done = subprocess.run(
        cmd, capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": str(hooks)}
    )
    if done.returncode:
        raise RuntimeError(f"the floor failed:\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.splitlines()[-1])
    return float(result["seconds"]), int(result["pages"])


# ---- one size ----


def make_baseline(repo: Path, baseline: Path) -> Path:
    """The same synthetic content with the baseline checkout's kit/ and build_kit.py."""
    other = repo.with_name(repo.name + "-baseline")
    if other.exists():
        shutil.rmtree(other)
    shutil.copytree(repo, other, ignore=shutil.ignore_patterns("build", "site", ".git"))
    shutil.rmtree(other / "kit")
    shutil.copytree(baseline / "kit", other / "kit", ignore=synthetic.IGNORE)
    shutil.copy2(baseline / "build_kit.py", other / "build_kit.py")
    synthetic.commit(other)
    return other


def warm_up(build: Build, log: Path) -> dict[str, float]:
    """A first full build: without a manifest it guesses no padding (like a fresh CI checkout without the cache),
    so a file whose padding is not 0 is laid out twice. Its figures are reported as cold_*; the runs after it
    find the padding of the build before, as an editor's or a cached CI build does."""
    seconds = build.run("--force", log=log)
    return {"cold_full_s": seconds, "cold_pages_laid_out": read_log(log)[0]}


def one_run(build: Build, before: Build | None, log: Path, edit: tuple[str, str], i: int) -> dict[str, float]:
    """Steps 1-6 of the docstring, once."""
    country, lang = edit
    r: dict[str, float] = {"full_s": build.run("--force", log=log)}
    r["pages_laid_out"], r["peak_worker_mb"] = read_log(log)
    files = build.published()
    r["outputs"], r["pages_published"] = len(files), pdf_pages(files)
    r["floor_s"], r["floor_pages"] = run_floor(build.repo, build.products, build.jobs, build.hooks)
    if before:
        r["baseline_s"] = before.run("--force")
    r["nochange_s"] = build.run()
    edit_page(build.repo, lang, country, i)
    r["edit_s"] = build.run()
    r["one_kit_s"] = build.run("--country", country, "--lang", lang, "--force")
    return r


def measure(args: argparse.Namespace, n: int, work: Path, hooks: Path) -> dict[str, Any]:
    repo = work / f"n{n}-m{args.languages}"
    made = synthetic.make(repo, n, args.languages)
    build = Build(repo, args.jobs, args.products, hooks)
    with_baseline = args.baseline and (args.baseline_max is None or n <= args.baseline_max)
    before = Build(make_baseline(repo, args.baseline), args.jobs, args.products, hooks) if with_baseline else None
    edit = made["countries"][0], made["languages"][min(1, len(made["languages"]) - 1)]
    cold: dict[str, float] = {}
    if args.warm_up:
        cold = warm_up(build, work / f"layout-n{n}-cold.log")
        if before:
            cold["cold_baseline_s"] = before.run("--force")
        print(f"  N={n} warm-up: " + json.dumps({k: round(v, 2) for k, v in cold.items()}), file=sys.stderr)
    runs = []
    for i in range(args.runs):
        runs.append(one_run(build, before, work / f"layout-n{n}-run{i}.log", edit, i))
        print(f"  N={n} run {i + 1}/{args.runs}: " + json.dumps({k: round(v, 2) for k, v in runs[-1].items()}),
              file=sys.stderr)  # fmt: skip
    return summarise(n, args, runs, f"content/{edit[1]}/{edit[0]}/{EDITED_PAGE}") | cold


def _median(
    runs: list[dict[str, float]], key: str, of: Callable[[dict[str, float]], float] | None = None
) -> float | None:
    values = [of(r) if of else r[key] for r in runs if key in r]
    return statistics.median(values) if values else None


def summarise(n: int, args: argparse.Namespace, runs: list[dict[str, float]], edited: str) -> dict[str, Any]:
    med = {k: _median(runs, k) for k in runs[0]}
    row: dict[str, Any] = {"countries": n, "languages": args.languages, "products": ",".join(args.products),
                           "jobs": args.jobs, "runs": args.runs, "edited": edited}  # fmt: skip
    row |= {k: med[k] for k in ("outputs", "full_s", "pages_published", "pages_laid_out")}
    row["s_per_page"] = _median(runs, "full_s", lambda r: r["full_s"] / r["pages_published"])
    row["laid_out_per_page"] = _median(runs, "full_s", lambda r: r["pages_laid_out"] / r["pages_published"])
    row["peak_worker_mb"] = max(r["peak_worker_mb"] for r in runs)
    row["floor_s"], row["floor_pages"] = med["floor_s"], med["floor_pages"]
    row["build_over_floor"] = _median(runs, "floor_s", lambda r: r["full_s"] / r["floor_s"])
    if "baseline_s" in med:
        row["baseline_s"] = med["baseline_s"]
        row["now_over_before"] = _median(runs, "baseline_s", lambda r: r["full_s"] / r["baseline_s"])
    row["nochange_s"] = med["nochange_s"]
    row["nochange_share"] = _median(runs, "nochange_s", lambda r: r["nochange_s"] / r["full_s"])
    row |= {"edit_s": med["edit_s"], "one_kit_s": med["one_kit_s"]}
    row["edit_over_one_kit"] = _median(runs, "edit_s", lambda r: r["edit_s"] / r["one_kit_s"])
    return row


# ---- output ----


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def print_table(rows: list[dict[str, Any]], growth: dict[str, Any]) -> None:
    first = rows[0]
    print(f"languages {first['languages']}, products {first['products']}, --jobs {first['jobs']}, "
          f"{first['runs']} run(s); the one-page edit: {first['edited']}")  # fmt: skip
    keys = [k for k in first if k not in ("countries", "languages", "products", "jobs", "runs", "edited")]
    width = max(map(len, keys)) + 2
    print(f"{'':{width}}" + "".join(f"{'N=' + str(r['countries']):>14}" for r in rows))
    for key in keys:
        print(f"{key:{width}}" + "".join(f"{_fmt(r.get(key, '-')):>14}" for r in rows))
    if "spp_ratio" in growth:
        print(f"s_per_page at N={growth['largest']} / at N={growth['smallest']}: {growth['spp_ratio']:.3f}")
    for row in rows:
        print(json.dumps({"figures": "growth", **row}))
    print(json.dumps({"figures": "growth-summary", **growth}))


def _sizes(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--countries", type=_sizes, default=[5, 27], help="sizes N, comma-separated (1-27)")
    parser.add_argument("--languages", type=int, default=1, help="languages M (1-5): en, fr, hu, it, then copies")
    parser.add_argument("--products", type=lambda s: s.split(","), default=["kit"], help="comma-separated")
    parser.add_argument("--runs", type=int, default=1, help="alternating runs per size (medians)")
    parser.add_argument("--jobs", type=int, default=2, help="processes of the build and of the floor")
    parser.add_argument("--baseline", type=Path, help="another checkout (e.g. a worktree of an older commit)")
    parser.add_argument("--baseline-max", type=int, metavar="N",
                        help="build the baseline only for sizes up to N (at 27 countries it costs as much as the rest)")  # fmt: skip
    parser.add_argument("--work", type=Path, help="where the synthetic repositories go (default: a temporary folder)")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                        help="no first full build before the runs (then run 1 starts without a manifest: cold)")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep --work's contents")
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)  # internal: the floor's own process
    return parser


def main() -> int:
    args = _parser().parse_args()
    if args.floor:
        print(json.dumps(floor(args.floor.resolve(), args.products, args.jobs)))
        return 0
    work = (args.work or Path(tempfile.mkdtemp(prefix="growth-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    hooks = work / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    if args.baseline:
        args.baseline = args.baseline.resolve()
    try:
        rows = [measure(args, n, work, hooks) for n in args.countries]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    growth: dict[str, Any] = {"smallest": rows[0]["countries"], "largest": rows[-1]["countries"]}
    if len(rows) > 1:
        growth["spp_ratio"] = rows[-1]["s_per_page"] / rows[0]["s_per_page"]
    growth["children_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print_table(rows, growth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
