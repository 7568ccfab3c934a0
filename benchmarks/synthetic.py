"""A synthetic repository shaped like this one, for N countries and M languages (issue 13, the growth benchmark).

Run: .venv/bin/python benchmarks/synthetic.py DIR --countries 27 --languages 5 [--source CHECKOUT] [--check]
DIR is emptied and filled with a copy of what `build_kit.py build` reads (mkdocs.yml, content/, strings/, kit/,
overrides/, build_kit.py, pyproject.toml, requirements.lock), never build/ or site/, committed to a fresh git
repository (the build reads the edition and each output's last commit from git, as on the real one).

Countries: the real ones first, in the order of mkdocs.yml (N < 5 keeps the first N; links from the shared pages to
a dropped country become plain text), then copies of them in turn under folder names that never look like a
language code: land-06 (a copy of the first country), land-07, ... Each copy is a country part like the real ones:
its pages in every language (front matter `country:` renamed), its contacts file, its nav section in mkdocs.yml
and its name in every language's strings (`countries`, `help_where`: the real name followed by the number).
Languages: the real ones first (English, then the translations, in mkdocs.yml's order), then copies of English under
the codes xx, xy, ...: every page, with `translated_from` set so that it is up to date, the strings (English text),
and an entry copied from English in every per-language text of the contacts and the glossary. The EU part, the
glossary and "about" stay shared by every country's kit. The copies print English text under another code, so they
are not hyphenated (no dictionary for the code): a little cheaper to lay out than a real language.

`--check` runs `build_kit.py --root DIR check` on the result and fails unless it reports no errors.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "content", "strings", "kit", "overrides", "build_kit.py", "pyproject.toml", "requirements.lock")
SHARED_PART = "europe"  # kit/config.py SHARED_PART: the EU part, printed in every country's kit
EXTRA_LANGUAGES = ("xx", "xy", "xz", "xw", "xv")
MAX_COUNTRIES, MAX_LANGUAGES = 27, 5  # the largest matrix
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
COUNTRY_LINE = re.compile(r"^country: *(\S+) *$", re.M)
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(data: Any, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def _split(text: str) -> tuple[str, str]:
    """(front matter with its fences, body), as kit/content.py split_front_matter reads a page."""
    lines = text.splitlines(keepends=True)
    if lines and lines[0].rstrip() == "---":
        for i, line in enumerate(lines[1:], start=1):
            if line.rstrip() in ("---", "..."):
                return "".join(lines[: i + 1]), "".join(lines[i + 1 :])
    return "", text


def content_hash(text: str) -> str:
    """What a translation records in `translated_from` for an English page (kit/content.py content_hash)."""
    return hashlib.sha256(_split(text)[1].strip().encode("utf-8")).hexdigest()[:12]


def real_countries(mkdocs: dict[str, Any]) -> list[tuple[str, str]]:
    """(folder, English section title) of every country section of the nav, in order."""
    found = []
    for item in mkdocs["nav"]:
        if isinstance(item, dict):
            ((title, pages),) = item.items()
            folder = str(pages[0]).split("/", 1)[0] if isinstance(pages, list) else ""
            if folder and folder != SHARED_PART:
                found.append((folder, title))
    return found


def country_plan(real: list[str], n: int) -> dict[str, tuple[str, int]]:
    """Folder -> (the real country it is a copy of, its number: 0 for a real one)."""
    plan = {c: (c, 0) for c in real[:n]}
    for i in range(len(real) + 1, n + 1):
        plan[f"land-{i:02d}"] = (real[(i - 1) % len(real)], i)
    return plan


def language_plan(real: list[str], m: int) -> dict[str, str]:
    """Code -> the real language it is (or copies: English)."""
    plan = {code: code for code in real[:m]}
    for code in EXTRA_LANGUAGES[: max(0, m - len(real))]:
        plan[code] = real[0]
    return plan


def copy_sources(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in COPIED:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=IGNORE)
        elif path.is_file():
            shutil.copy2(path, target / name)


def write_mkdocs(target: Path, mkdocs: dict[str, Any], countries: dict[str, tuple[str, int]], langs: list[str]) -> None:
    """The nav with the kept and copied country sections (copies after the real ones), and the languages."""
    titles = dict(real_countries(mkdocs))
    nav: list[Any] = []
    sections_done = False
    for item in mkdocs["nav"]:
        folder = str(next(iter(item.values()))[0]).split("/", 1)[0] if isinstance(item, dict) else None
        if folder in titles:
            if not sections_done:
                sections_done = True
                for name, (real, number) in countries.items():
                    pages = [p.replace(f"{real}/", f"{name}/", 1) for p in next(iter(_section(mkdocs, real).values()))]
                    nav.append({titles[real] + (f" {number:02d}" if number else ""): pages})
            continue
        nav.append(item)
    mkdocs["nav"] = nav
    i18n = next(p["i18n"] for p in mkdocs["plugins"] if isinstance(p, dict) and "i18n" in p)
    by_code = {str(lang["locale"]): lang for lang in i18n["languages"]}
    i18n["languages"] = [
        by_code[code] if code in by_code else {"locale": code, "name": f"English copy ({code})", "build": True}
        for code in langs
    ]
    _dump(mkdocs, target / "mkdocs.yml")


def _section(mkdocs: dict[str, Any], folder: str) -> dict[str, list[str]]:
    return next(
        i for i in mkdocs["nav"] if isinstance(i, dict) and str(next(iter(i.values()))[0]).startswith(f"{folder}/")
    )


def unlink_dropped(text: str, dropped: list[str]) -> str:
    """Links to a dropped country's pages become their text."""

    def plain(match: re.Match[str]) -> str:
        target = match.group(2)
        return match.group(1) if any(re.search(rf"(^|/){re.escape(d)}/", target) for d in dropped) else match.group(0)

    return LINK.sub(plain, text) if dropped else text


def write_pages(
    target: Path, source_langs: dict[str, str], countries: dict[str, tuple[str, int]], real: list[str]
) -> None:
    content = target / "content"
    dropped = [c for c in real if c not in countries]
    for folder in content.iterdir():  # the language folders: keep those asked for, drop the others
        if folder.is_dir() and re.fullmatch(r"[a-z]{2}", folder.name) and folder.name not in source_langs:
            shutil.rmtree(folder)
    english = source_langs[next(iter(source_langs))]
    for code, base in source_langs.items():
        if code != base:  # a copy of English: each page up to date with its original
            shutil.copytree(content / english, content / code)
            for page in (content / code).rglob("*.md"):
                front, body = _split(page.read_text(encoding="utf-8"))
                front = front.rstrip("-\n").rstrip() + f"\ntranslated_from: {content_hash(front + body)}\n---\n"
                page.write_text(front + body, encoding="utf-8")
    for code in source_langs:
        for name in dropped:
            shutil.rmtree(content / code / name, ignore_errors=True)
        for name, (real_name, number) in countries.items():
            if number:
                _copy_country(content / code / real_name, content / code / name, name)
    for page in content.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if (new := unlink_dropped(text, dropped)) != text:
            page.write_text(new, encoding="utf-8")


def _copy_country(source: Path, target: Path, name: str) -> None:
    shutil.copytree(source, target)
    for page in target.rglob("*.md"):
        front, body = _split(page.read_text(encoding="utf-8"))
        page.write_text(COUNTRY_LINE.sub(f"country: {name}", front, count=1) + body, encoding="utf-8")


def with_languages(data: Any, langs: dict[str, str], known: set[str]) -> Any:
    """Every per-language map (keys: the kit's language codes) without the dropped languages and, when it has
    English, with an English copy for each added one; the glossary's `no_term_yet` lists lose the dropped ones."""
    if isinstance(data, dict):
        data = {k: with_languages(v, langs, known) for k, v in data.items()}
        if "no_term_yet" in data:
            data["no_term_yet"] = [code for code in data["no_term_yet"] if code in langs]
        if data and set(map(str, data)) <= known:
            data = {k: v for k, v in data.items() if k in langs}
            if "en" in data:
                data.update({code: copy.deepcopy(data["en"]) for code, base in langs.items() if code != base})
        return data
    if isinstance(data, list):
        return [with_languages(v, langs, known) for v in data]
    return data


def write_data(target: Path, langs: dict[str, str], countries: dict[str, tuple[str, int]], real: list[str]) -> None:
    """Contacts (kept, copied, every language), the glossary and the strings."""
    content, known = target / "content", {*real_languages(target), *EXTRA_LANGUAGES}
    dropped = [c for c in real if c not in countries]
    for name in dropped:
        (content / "contacts" / f"{name}.yml").unlink(missing_ok=True)
    for path in sorted((content / "contacts").glob("*.yml")):
        _dump(with_languages(_load(path), langs, known), path)
    for name, (real_name, number) in countries.items():
        if number:
            data = _load(content / "contacts" / f"{real_name}.yml")
            data["country"] = name
            _dump(data, content / "contacts" / f"{name}.yml")
    glossary = content / "glossary.yml"
    data = with_languages(_load(glossary), langs, known)
    for concept in data.get("concepts", []):
        if concept.get("only_in") in dropped:
            concept.pop("only_in")
    _dump(_unlink_data(data, dropped), glossary)
    write_strings(target, langs, countries, dropped)


def real_languages(target: Path) -> list[str]:
    return [p.stem for p in sorted((target / "strings").glob("*.yml"))]


def _unlink_data(data: Any, dropped: list[str]) -> Any:
    if isinstance(data, dict):
        return {k: _unlink_data(v, dropped) for k, v in data.items()}
    if isinstance(data, list):
        return [_unlink_data(v, dropped) for v in data]
    return unlink_dropped(data, dropped) if isinstance(data, str) else data


def write_strings(
    target: Path, langs: dict[str, str], countries: dict[str, tuple[str, int]], dropped: list[str]
) -> None:
    folder = target / "strings"
    for path in folder.glob("*.yml"):
        if path.stem not in langs:
            path.unlink()
    for code, base in langs.items():
        data = _load(folder / f"{base}.yml")
        if code != base:
            data["language_name"] = f"English copy ({code})"
        for key in ("countries", "help_where"):
            names = data.get(key) or {}
            for name in dropped:
                names.pop(name, None)
            for name, (real_name, number) in countries.items():
                if number and real_name in names:
                    names[name] = f"{names[real_name]} {number:02d}"
        _dump(data, folder / f"{code}.yml")


def commit(target: Path) -> None:
    """One commit, so that the build reads its edition and each output's last change from git as on the real one."""
    git = ["git", "-C", str(target), "-c", "user.name=benchmark", "-c", "user.email=benchmark@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    (target / ".gitignore").write_text("build/\nsite/\n__pycache__/\n*.tmp\n")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "synthetic repository"], check=True)


def make(target: Path, n_countries: int, n_languages: int, source: Path = ROOT) -> dict[str, Any]:
    """Fill `target` with the synthetic repository; returns what it holds (countries, languages)."""
    if not 1 <= n_countries <= MAX_COUNTRIES or not 1 <= n_languages <= MAX_LANGUAGES:
        raise ValueError(f"countries 1-{MAX_COUNTRIES}, languages 1-{MAX_LANGUAGES}")
    mkdocs = _load(source / "mkdocs.yml")
    real = [folder for folder, _ in real_countries(mkdocs)]
    i18n = next(p["i18n"] for p in mkdocs["plugins"] if isinstance(p, dict) and "i18n" in p)
    ordered = sorted((str(x["locale"]) for x in i18n["languages"]), key=lambda c: c != "en")  # English first
    countries, langs = country_plan(real, n_countries), language_plan(ordered, n_languages)
    copy_sources(source, target)
    write_data(target, langs, countries, real)
    write_pages(target, langs, countries, real)
    write_mkdocs(target, mkdocs, countries, list(langs))
    commit(target)
    return {"countries": list(countries), "languages": list(langs)}


def check(target: Path) -> int:
    """`build_kit.py --root DIR check` with the synthetic repository's own code; its exit code."""
    cmd = [sys.executable, str(target / "build_kit.py"), "--root", str(target), "check"]
    return subprocess.run(cmd, cwd=target, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path, help="the folder to fill (emptied first)")
    parser.add_argument("--countries", type=int, default=5)
    parser.add_argument("--languages", type=int, default=4)
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout to copy (default: this one)")
    parser.add_argument("--check", action="store_true", help="run `build_kit.py check` on the result")
    args = parser.parse_args()
    made = make(args.target.resolve(), args.countries, args.languages, args.source.resolve())
    print(f"{args.target}: countries {', '.join(made['countries'])}; languages {', '.join(made['languages'])}")
    return check(args.target.resolve()) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
