"""The command line of build_kit.py. Exit codes: 0 success; 1 content problems (check, or a build refused);
2 wrong command-line arguments; 3 a build failed while rendering (the earlier outputs are unchanged)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from kit import openitems, sources
from kit.build import KITS_DIR, MANIFEST, build_kits, kit_filename, matrix, product_filename
from kit.buildcache import Job, job_cost, job_files
from kit.check import REVIEW_ITEM, needs_review, run_checks
from kit.config import ROOT, SiteConfig, load_config
from kit.content import Content, load_content
from kit.print.products import PRODUCTS
from kit.print.render import KitError
from kit.problems import ContentError, as_checklist
from kit.shards import STAGE_DIR, assemble, parse_shard, shard_count
from kit.status import english_change, translation_status

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUILD = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build_kit.py",
        description="Build and check the FIIT information kit: the PDF kits and the site, from content/.",
        epilog="Exit codes: 0 success; 1 content problems; 2 wrong arguments; 3 a build failed while rendering "
        "(earlier outputs are left as they were).",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="build the PDF kits (all countries and languages by default)",
                           description=f"Check the content, then build one PDF kit per country and language into "
                           f"{KITS_DIR}/<lang>/. Kits are published only when all of them built; a file whose "
                           "inputs did not change since it was built is not built again (--force builds it).")  # fmt: skip
    build.add_argument("--product", action="append", choices=PRODUCTS,
                       help="only this product (repeatable; default: all, each in its variants: screen, print-shop, "
                            "and the A4 booklet of the products that have one)")  # fmt: skip
    build.add_argument("--country", action="append", help="only this country (repeatable)")
    build.add_argument("--lang", action="append", help="only this language (repeatable)")
    build.add_argument("--jobs", type=int, default=None, help="parallel processes (default: all cores)")
    build.add_argument("--shard", type=_shard, metavar="I/N",
                       help="only the I-th of N parts of the outputs, balanced by expected cost (for CI machines); "
                       f"its files and manifest part are also copied to {STAGE_DIR}/ for `assemble`")  # fmt: skip
    build.add_argument("--force", action="store_true",
                       help="build every file again, even those whose inputs did not change since they were built")  # fmt: skip

    sub.add_parser("site", help="build the site into site/ (MkDocs, strict); publishes the kits built before",
                   description="Build the site with `mkdocs build --strict` into a fresh folder and swap it into "
                   "site/ only if the build succeeded.")  # fmt: skip

    check = sub.add_parser("check", help="check all content without building; report every problem",
                           description="Validate front matter, contacts, links and anchors, images, raw HTML, "
                           "code fences, review dates and translations. Every problem is reported in one run, "
                           "as `file:line: problem. How to fix.`")  # fmt: skip
    check.add_argument("files", nargs="*", type=Path, help="check only these files (default: everything)")
    check.add_argument("--changed", metavar="BASE", help="check only the files changed since the git revision BASE")
    check.add_argument("--format", choices=("text", "markdown"), default="text",
                       help="markdown: a checklist to paste into a pull request")  # fmt: skip

    sub.add_parser(
        "offline",
        help="the offline copy for USB sticks: the site for opening from files, with the kits, "
        "zipped into build/offline/ (after `build` and `site`)",
    )

    links = sub.add_parser("links", help="request every external address once and report those not answering",
                           description="For the weekly scheduled check (it needs the network); never part of a pull "
                           "request's checks.")  # fmt: skip
    links.add_argument("--format", choices=("text", "markdown"), default="text")

    serve = sub.add_parser("serve", help="preview the site while you edit (mkdocs serve, after the mkdocs.yml guard)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")

    listing = sub.add_parser("list", help="list the kits: every country and language, and whether it is built")
    listing.add_argument("--json", action="store_true",
                         help="the output matrix for CI as JSON: outputs, expected cost, and the shards to run")  # fmt: skip
    sub.add_parser("assemble", help=f"after CI's shards: fold their manifest parts in {KITS_DIR}/ into manifest.json",
                   description="Check that every output of the matrix came from exactly one shard (their artifacts "
                   f"downloaded into {KITS_DIR}/) and fold the shards' manifest parts into manifest.json.")  # fmt: skip
    status = sub.add_parser("status", help="translation status (pages up to date, outdated or missing) and the open "
                            "items (facts still to confirm), with their counts per country and language")  # fmt: skip
    status.add_argument("--lang", action="append", help="only this language (repeatable)")
    status.add_argument("--sources", action="store_true",
                        help="only the sources of survivor-facing facts, by kind, per country")  # fmt: skip
    status.add_argument("--brief", action="store_true",
                        help="without the English changes of outdated pages and the list of open items (counts only)")  # fmt: skip
    return parser


def _shard(text: str) -> tuple[int, int]:
    try:
        return parse_shard(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _changed_files(root: Path, base: str) -> set[Path]:
    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout
        return [line for line in out.splitlines() if line]

    names = git("diff", "--name-only", f"{base}...HEAD") + git("ls-files", "--others", "--exclude-standard")
    names += git("diff", "--name-only")
    return {(root / name).resolve() for name in names}


def cmd_check(args: argparse.Namespace) -> int:
    cfg = load_config(args.root.resolve())
    only = None
    if args.changed:
        only = _changed_files(cfg.root, args.changed)
    elif args.files:
        missing = [str(f) for f in args.files if not f.exists()]
        if missing:
            print(f"no such file: {', '.join(missing)} (give paths relative to where you are)", file=sys.stderr)
            return EXIT_USAGE
        only = {f.resolve() for f in args.files}
    problems, content = run_checks(cfg, only)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if args.format == "markdown":
        review = needs_review(cfg.root, only) if args.changed else []
        if review:
            print(REVIEW_ITEM.format(files=", ".join(f"`{name}`" for name in review)))
        print(as_checklist(problems) if problems else "All checks passed.")
        items = [i for i in openitems.listed(cfg, content) if only is None or i.file.resolve() in only]
        if items and only is not None:
            print(
                f"\n**Open items in these files** ({len(items)}): readers see whom to ask; resolve them when you can.\n"
            )
            print("\n".join(f"- [ ] `{openitems.describe(i, cfg.root)}`" for i in items))
        elif items:
            print(f"\n**Open items**: {len(items)} (`build_kit.py status` lists them).")
    else:
        for problem in problems:
            print(problem)
        print(f"{errors} error(s), {warnings} warning(s) in {len({p.file for p in problems})} file(s).")
    if errors:
        print("How to fix each problem is written after it; docs/editors/checks.md explains every check.",
              file=sys.stderr)  # fmt: skip
    return EXIT_PROBLEMS if errors else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    cfg = load_config(args.root.resolve())
    countries = args.country or list(cfg.countries)
    langs = args.lang or list(cfg.language_codes)
    unknown = [c for c in countries if c not in cfg.countries] + [
        lang for lang in langs if lang not in cfg.language_codes
    ]
    if unknown:
        print(f"unknown country or language: {', '.join(unknown)} (see `build_kit.py list`)", file=sys.stderr)
        return EXIT_USAGE
    start = time.perf_counter()
    try:
        results = build_kits(cfg, countries, langs, args.jobs, tuple(args.product or PRODUCTS), args.force, args.shard)
    except ContentError as exc:
        print("\n".join(map(str, exc.problems)), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s): no kit was built; run `build_kit.py check`.", file=sys.stderr)
        return EXIT_PROBLEMS
    except KitError as exc:
        print(f"build failed, earlier kits are unchanged:\n{exc}", file=sys.stderr)
        return EXIT_BUILD
    for r in sorted(results, key=lambda r: (r.country, r.lang, r.product, r.variant)):
        how = "unchanged (its inputs did not change)" if r.reused else f"{r.seconds:.1f} s"
        print(f"{KITS_DIR}/{r.file}: {r.pages} pages, {r.bytes / 1024:.0f} KB, {how}")
    fresh = [r for r in results if not r.reused]
    print(
        f"{len(results)} file(s), {len(fresh)} built, {len(results) - len(fresh)} unchanged, in "
        f"{time.perf_counter() - start:.1f} s"
    )
    published = sum(r.pages for r in fresh if r.variant != "a4-booklet")  # a booklet's pages are another file's
    if published:  # kit/print/shared_layout.py lays shared chapters out once: fewer pages laid out than published
        laid_out = sum(r.laid_out for r in fresh)
        print(f"{published} pages published, {laid_out} laid out ({laid_out / published:.2f} per page published)")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    cfg = load_config(args.root.resolve())  # the guard: MkDocs' own loader would run a tag in mkdocs.yml
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr]
    return subprocess.run(command, cwd=cfg.root, check=False).returncode


def cmd_site(args: argparse.Namespace) -> int:
    from kit.site import build_site

    try:
        print(f"site built in {build_site(load_config(args.root.resolve()))}")
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BUILD
    return EXIT_OK


def cmd_offline(args: argparse.Namespace) -> int:
    from kit.offline import build_offline

    try:
        print(f"offline copy written to {build_offline(load_config(args.root.resolve()))}")
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BUILD
    return EXIT_OK


def cmd_links(args: argparse.Namespace) -> int:
    from kit.content import load_content
    from kit.links import check_all, external_urls, report

    cfg = load_config(args.root.resolve())
    urls = external_urls(cfg, load_content(cfg))
    broken = check_all(urls)
    if args.format == "markdown":
        print(report(broken, len(urls), dt.date.today().isoformat()))
    else:
        for item in broken:
            print(f"{item.where[0]}: {item.url}: {item.problem}")
        print(f"{len(broken)} of {len(urls)} external addresses not answering.")
    return EXIT_PROBLEMS if broken else EXIT_OK


def _all_outputs(cfg: SiteConfig) -> list[Job]:
    return matrix(tuple(PRODUCTS), list(cfg.countries), list(cfg.language_codes))


def cmd_list(args: argparse.Namespace) -> int:
    cfg = load_config(args.root.resolve())
    if args.json:
        content = load_content(cfg)
        cost = sum(job_cost(cfg, job, job_files(cfg, content, job)) for job in _all_outputs(cfg))
        n = shard_count(cost)
        shards = [{"shard": f"{i}/{n}", "name": f"{i}-of-{n}"} for i in range(1, n + 1)]  # a CI matrix's `include`
        print(json.dumps({"outputs": len(_all_outputs(cfg)), "cost": round(cost), "shards": shards}))
        return EXIT_OK
    for country in cfg.countries:
        for lang in cfg.language_codes:
            path = cfg.root / KITS_DIR / kit_filename(country, lang)
            print(f"{country:16} {lang}  {KITS_DIR / kit_filename(country, lang)}  {'built' if path.exists() else '-'}")
    return EXIT_OK


def cmd_assemble(args: argparse.Namespace) -> int:
    cfg = load_config(args.root.resolve())
    expected = [product_filename(j.product, j.country, j.lang, j.variant) for j in _all_outputs(cfg)]
    problems = assemble(cfg.root / KITS_DIR, expected, MANIFEST)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s): the shards' outputs are incomplete; manifest.json is unchanged.", file=sys.stderr)  # fmt: skip
        return EXIT_BUILD
    print(f"{KITS_DIR}/{MANIFEST}: {len(expected)} outputs from the shards")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    cfg = load_config(args.root.resolve())
    if unknown := [lang for lang in args.lang or [] if lang not in cfg.language_codes]:
        print(f"unknown language: {', '.join(unknown)} (languages: {', '.join(cfg.language_codes)})", file=sys.stderr)
        return EXIT_USAGE
    content = load_content(cfg)
    if args.sources:
        table, _ = sources.load_kinds(cfg)
        print("Sources of survivor-facing facts (footnoted phone numbers, durations, permits and articles of the "
              "English survivors' pages; contacts' phone numbers), by kind:")  # fmt: skip
        print("\n".join(sources.kinds_report(content, cfg, table)))
        return EXIT_OK
    rows = [r for r in translation_status(cfg, content) if not args.lang or r.lang in args.lang]
    for row in rows:
        if row.state != "up to date":
            print(
                f"{row.lang}  {row.state:10}  {row.rel}  (English now {row.english_hash}, translated from {row.translated_from or '-'})"
            )
        if row.state == "outdated" and not args.brief:
            english = content.page(cfg.default_language, row.rel)
            for line in english_change(cfg, english, row.translated_from):  # type: ignore[arg-type]
                print("    " + line)
    for lang, counts in sorted({r.lang: Counter(x.state for x in rows if x.lang == r.lang) for r in rows}.items()):
        print(f"{lang}: {counts['up to date']} up to date, {counts['outdated']} outdated, {counts['missing']} missing")
    print_open_items(cfg, content, args.lang or list(cfg.language_codes), args.brief)
    return EXIT_OK


def print_open_items(cfg: SiteConfig, content: Content, langs: list[str], brief: bool) -> None:
    items = [i for i in openitems.listed(cfg, content) if i.lang in langs]
    print(f"\nOpen items (facts still to confirm; readers see whom to ask): {len(items)}")
    if not brief:
        for item in items:
            print("  " + openitems.describe(item, cfg.root))
    print("\n".join(openitems.counts(items, [*cfg.countries, "europe", "all"], langs)))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except ContentError as exc:  # mkdocs.yml refused by the guard, before MkDocs could read it
        print("\n".join(map(str, exc.problems)), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the configuration: nothing was built.", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenPipeError:  # `status | head`: the reader has what it wanted; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    commands = {
        "check": cmd_check,
        "build": cmd_build,
        "links": cmd_links,
        "offline": cmd_offline,
        "site": cmd_site,
        "list": cmd_list,
        "assemble": cmd_assemble,
        "serve": cmd_serve,
        "status": cmd_status,
    }
    return commands[args.command](args)
