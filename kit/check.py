"""`build_kit.py check`: every problem in the content, in one run, as `file:line: problem. How to fix.`"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
import re
from functools import cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from kit import legalrefs, phones, sources
from kit.config import SiteConfig
from kit.contacts import render_contacts
from kit.content import GLOSSARY_FILE, Content, Page, content_hash, load_content
from kit.glossary import check_strings_terms, check_terms, render_glossary
from kit.inputs import file_name_problems, markdown_limits
from kit.markdown import IMAGE_SUFFIXES, html_ids, render, scan
from kit.openitems import OLD_NOTES, localized_fields
from kit.openitems import findings as open_item_findings
from kit.problems import Problem
from kit.strings import REFERENCE, missing_keys, read_strings_file, strings_path, strings_problems

CONTENT_SUFFIXES = {".md", ".png", ".jpg", ".jpeg", ".webp"}
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
WARN_DAYS_BEFORE_REVIEW = 30
MAX_CONTENT_FILES = 5000
FORBIDDEN_MARKERS = re.compile(r"\b(VERIFY|TODO|FIXME|XXX)\b")


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, 28))


def check_files(cfg: SiteConfig) -> list[Problem]:
    """Symlinks, unexpected files and folders, and file names with hidden characters in the content folder:
    MkDocs would publish them as they are."""
    problems = []
    paths = sorted(itertools.islice(cfg.docs_dir.rglob("*"), MAX_CONTENT_FILES + 1))
    if len(paths) > MAX_CONTENT_FILES:
        return [Problem.at(cfg.docs_dir, None, f"the content folder holds more than {MAX_CONTENT_FILES} files",
                           "Remove what does not belong in it: pages, images and contacts only")]  # fmt: skip
    folders = {*cfg.language_codes, "contacts"}
    for path in paths:
        rel = path.relative_to(cfg.docs_dir)
        problems.extend(file_name_problems(path, cfg.docs_dir))
        if len(rel.parts) == 1 and path.is_dir() and not path.is_symlink() and rel.parts[0] not in folders:
            problems.append(Problem.at(path, None, f"the folder '{rel.parts[0]}' is not a language of the kit",
                                       f"Languages are {', '.join(cfg.language_codes)}: add a new one to mkdocs.yml "
                                       "(see docs/editors/translating.md), or move the files"))  # fmt: skip
        if path.is_symlink():
            problems.append(Problem.at(path, None, "this is a symbolic link",
                                       "Replace it with the file itself: links are never followed"))  # fmt: skip
        elif path.is_file():
            data = rel.parts[0] == "contacts" or rel.as_posix() in (GLOSSARY_FILE, sources.SOURCE_KINDS_FILE)
            allowed = {".yml"} if data else CONTENT_SUFFIXES
            if path.suffix.lower() not in allowed:
                problems.append(Problem.at(path, None, f"files of type '{path.suffix or 'none'}' are not allowed here",
                                           "Content holds Markdown pages (.md) and images (.png, .jpg, .webp); "
                                           "contacts go in content/contacts/<country>.yml, the glossary's terms in content/glossary.yml"))  # fmt: skip
    return problems


def check_nav(cfg: SiteConfig, content: Content) -> list[Problem]:
    problems = []
    nav_paths = {entry.path for entry in cfg.nav}
    for entry in cfg.nav:
        if (
            not content.page(cfg.default_language, entry.path)
            and not (cfg.content_dir(cfg.default_language) / entry.path).exists()
        ):
            problems.append(Problem.at(cfg.root / "mkdocs.yml", None, f"the nav lists {entry.path}, which does not exist",
                                       f"Create content/{cfg.default_language}/{entry.path} or remove it from the nav"))  # fmt: skip
    for (_lang, rel), page in content.pages.items():
        if rel not in nav_paths:
            problems.append(Problem.at(page.path, None, "this page is not in the navigation",
                                       "Add it to the nav in mkdocs.yml, or remove it"))  # fmt: skip
    return problems


class _Targets:
    """The ids (anchors) of each page as served in each language, computed once when first needed."""

    def __init__(self, cfg: SiteConfig, content: Content):
        self.cfg, self.content = cfg, content

    def served(self, lang: str, rel: str) -> Page | None:
        """The page a reader gets: the translation, else English (drafts count: their links are checked too)."""
        for code in (lang, self.cfg.default_language):
            page = self.content.page(code, rel) or self.content.drafts.get((code, rel))
            if page:
                return page
        return None

    @cache  # noqa: B019 - one instance per check run
    def ids(self, lang: str, rel: str) -> frozenset[str] | None:
        """The page's anchors; None when they cannot be known (the page is refused, and reported, on its own)."""
        page = self.served(lang, rel)
        if page is None:
            return frozenset()
        if markdown_limits(page.path, page.body, page.body_line):
            return None
        body = page.body
        if page.valid and page.meta.topic == "glossary" and self.content.glossary:
            body += "\n\n" + render_glossary(self.content.glossary, page.lang, self.cfg.language_codes)
        html = render(body, self.cfg)
        if page.valid and page.meta.topic == "contacts" and page.folder in self.content.contacts:
            html += render_contacts(self.content.contacts[page.folder], page.lang)
        return frozenset(html_ids(html))


def check_page(page: Page, cfg: SiteConfig, targets: _Targets, today: dt.date) -> list[Problem]:
    problems = []
    links, findings = scan(page.body)
    line0 = page.body_line - 1
    for finding in findings:
        problems.append(Problem.at(page.path, line0 + finding.line, finding.message, finding.fix))
    for number, text in enumerate(page.body.splitlines(), start=1):
        if marker := FORBIDDEN_MARKERS.search(text):
            problems.append(Problem.at(page.path, line0 + number, f"the editing marker '{marker.group(1)}' is left in the text",
                                       "Resolve it, or write what is unknown as an open item: {? helpline: what is unknown}"))  # fmt: skip
    # A draft has no topic. The glossary's terms still to confirm belong to the glossary's own data.
    if getattr(page.meta, "topic", None) != "glossary":
        for finding in open_item_findings(page.body, page.lang):
            problems.append(Problem.at(page.path, line0 + finding.line, finding.message, finding.fix))
        problems.extend(check_front_matter_notes(page))
    base = page.path.parent
    for link in links:
        target = link.target.strip()
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
            continue  # schemes are checked by scan()
        path, _, anchor = target.partition("#")
        line = line0 + link.line
        if link.image:
            problems.extend(check_image(page, base / path, link.text, line))
            continue
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path)) if path else page.rel
        if path and not path.endswith(".md"):
            if not (base / path).is_file():
                problems.append(Problem.at(page.path, line, f"the link points to '{path}', which does not exist",
                                           "Correct the path, relative to this page"))  # fmt: skip
            continue
        if targets.served(page.lang, rel) is None:
            if not any((cfg.content_dir(code) / rel).is_file() for code in (page.lang, cfg.default_language)):
                problems.append(Problem.at(page.path, line, f"the link points to '{path}', which does not exist",
                                           "Correct the path: links go to the .md file, relative to this page"))  # fmt: skip
            # else: the page exists but cannot be read, which is reported on the page itself
        elif anchor and (ids := targets.ids(page.lang, rel)) is not None and anchor not in ids:
            problems.append(Problem.at(page.path, line, f"the link points to '#{anchor}' in '{path or page.rel}', a heading that does not exist",
                                       "Use the heading's anchor: lower case, spaces as hyphens, e.g. #residence-permits"))  # fmt: skip
    if page.valid:
        problems.extend(check_review(page, today))
    if targets.content.glossary:
        problems.extend(check_terms(page, targets.content.glossary))
    return problems


def check_front_matter_notes(page: Page) -> list[Problem]:
    """Titles and summaries are shown as they are: an unknown there cannot be an open item."""
    old = OLD_NOTES.get(page.lang)
    if not old or not page.valid:
        return []
    lines = page.path.read_text(encoding="utf-8").splitlines()[: page.body_line - 1]
    return [
        Problem.at(page.path, number, f"'{match.group(0)}' in the front matter is an editing note that readers would see",
                   "Say what the page covers instead; write unknowns in the text as open items, {? helpline: what is unknown}")
        for number, line in enumerate(lines, start=1)
        if (match := old.search(line)) and not line.lstrip().startswith("#")
    ]  # fmt: skip


def check_contacts_notes(cfg: SiteConfig) -> list[Problem]:
    """The description and hours of a contact are shown to readers: unknowns there are open items too."""
    from kit.openitems import findings

    problems = []
    for path in sorted((cfg.docs_dir / "contacts").glob("*.yml")):
        if path.is_symlink():
            continue
        for line, lang, text in localized_fields(path):
            for finding in findings(text, lang):
                problems.append(Problem.at(path, line, finding.message, finding.fix))
    return problems


def check_image(page: Page, path: Path, alt: str, line: int) -> list[Problem]:
    problems = []
    if not alt.strip():
        problems.append(Problem.at(page.path, line, "the image has no alternative text",
                                   "Describe the image between the brackets: ![what the image shows](file.png)"))  # fmt: skip
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return [*problems, Problem.at(page.path, line, f"the image format '{path.suffix}' is not allowed",
                                      "Use PNG, JPEG or WebP")]  # fmt: skip
    if path.is_symlink() or not path.is_file():
        return [*problems, Problem.at(page.path, line, f"the image '{path.name}' does not exist",
                                      "Add the image file next to the page, or correct its name")]  # fmt: skip
    if path.stat().st_size > MAX_IMAGE_BYTES:
        problems.append(Problem.at(page.path, line, f"the image '{path.name}' is larger than 2 MB",
                                   "Save it smaller (at most 2,000 pixels wide is plenty)"))  # fmt: skip
    try:
        with Image.open(path) as image:
            width, height = image.size
            if image.format not in ("PNG", "JPEG", "WEBP"):
                raise UnidentifiedImageError(image.format)
        if width * height > MAX_IMAGE_PIXELS:
            problems.append(Problem.at(page.path, line, f"the image '{path.name}' has too many pixels ({width}×{height})",
                                       "Resize it to at most 25 million pixels"))  # fmt: skip
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        problems.append(Problem.at(page.path, line, f"the image '{path.name}' cannot be read as PNG, JPEG or WebP",
                                   "Export it again as PNG or JPEG"))  # fmt: skip
    return problems


def check_review(page: Page, today: dt.date) -> list[Problem]:
    due = _add_months(page.meta.last_reviewed, page.meta.review_every_months)
    waiver = page.meta.review_waiver
    if waiver and waiver.until >= today:
        return []
    if page.meta.last_reviewed > today:
        return [Problem.at(page.path, None, f"last_reviewed ({page.meta.last_reviewed}) is in the future",
                           "Write the date on which the page was actually reviewed")]  # fmt: skip
    if due < today:
        return [Problem.at(page.path, None, f"the review of this page was due on {due}",
                           "Check every fact against its source, then set last_reviewed to today's date "
                           "(or record a review_waiver with a date and a reason)")]  # fmt: skip
    if (due - today).days <= WARN_DAYS_BEFORE_REVIEW:
        return [Problem.at(page.path, None, f"the review of this page is due on {due}",
                           "Plan a review: check every fact, then update last_reviewed", severity="warning")]  # fmt: skip
    return []


def check_translations(cfg: SiteConfig, content: Content) -> list[Problem]:
    problems = []
    reference = read_strings_file(REFERENCE, cfg.root) or {}
    for lang in cfg.language_codes:
        own = read_strings_file(lang, cfg.root)
        if file_problems := strings_problems(lang, cfg.root):
            problems.extend(file_problems)
        elif own is None:
            problems.append(Problem.at(strings_path(lang, cfg.root), None, f"the language '{lang}' has no interface strings: buttons, notices and the kits' covers are in English",
                                       f"Copy strings/{REFERENCE}.yml to strings/{lang}.yml and translate the values", severity="warning"))  # fmt: skip
        elif missing := missing_keys(reference, own):
            problems.append(Problem.at(strings_path(lang, cfg.root), None, f"interface strings missing, shown in English: {', '.join(missing)}",
                                       f"Add them, translated, from strings/{REFERENCE}.yml", severity="warning"))  # fmt: skip
        if own is not None and content.glossary:
            problems.extend(check_strings_terms(strings_path(lang, cfg.root), lang, content.glossary))
    for (lang, rel), page in content.pages.items():
        if lang == cfg.default_language:
            continue
        english = content.page(cfg.default_language, rel)
        if english is None:
            problems.append(Problem.at(page.path, None, "this translation has no English page",
                                       f"Create content/{cfg.default_language}/{rel} or remove this file"))  # fmt: skip
        elif page.meta.translated_from is None:
            problems.append(Problem.at(page.path, None, "the translation does not say which English version it was made from",
                                       f"Add 'translated_from: {content_hash(english)}' (see `build_kit.py status`)"))  # fmt: skip
    return problems


def check_contacts(cfg: SiteConfig, content: Content) -> list[Problem]:
    problems = []
    for (lang, _rel), page in content.pages.items():
        if (
            lang == cfg.default_language
            and page.meta.topic == "contacts"
            and not (cfg.docs_dir / "contacts" / f"{page.folder}.yml").is_file()
        ):
            problems.append(Problem.at(page.path, None, f"there is no contacts file for '{page.folder}'",
                                       f"Create content/contacts/{page.folder}.yml (see docs/content-model.md)"))  # fmt: skip
    return problems


def run_checks(
    cfg: SiteConfig, only: set[Path] | None = None, today: dt.date | None = None
) -> tuple[list[Problem], Content]:
    """All checks. With `only`, page checks run on those files alone (a pull request's changes)."""
    today = today or dt.date.today()
    content = load_content(cfg)
    problems = [*content.problems, *check_files(cfg), *check_nav(cfg, content)]
    problems += check_translations(cfg, content) + check_contacts(cfg, content) + check_contacts_notes(cfg)
    targets = _Targets(cfg, content)
    known = phones.known_numbers(content)
    problems += phones.contacts_problems(content, known)
    table, table_problems = sources.load_kinds(cfg)
    problems += table_problems + sources.unknown_kinds(content, table) + sources.weak_facts(content, cfg, table)
    words = legalrefs.load_words(cfg)
    for page in [*content.pages.values(), *content.drafts.values()]:
        if only is None or page.path.resolve() in only:
            if limits := markdown_limits(page.path, page.body, page.body_line):
                problems.extend(limits)  # not scanned further: the renderers would recurse or backtrack on it
                continue
            problems.extend(check_page(page, cfg, targets, today))
            problems.extend(phones.page_problems(page, content, known))
            english = content.page(cfg.default_language, page.rel)
            if english and page.lang != cfg.default_language and page.valid:
                problems.extend(phones.translation_problems(page, english))
                problems.extend(legalrefs.translation_problems(page, english, words))
    if only is not None:
        problems = [p for p in problems if (cfg.root / p.file).resolve() in only]
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message)), content


# Files that run, or decide what runs, during a build: a change to any of them needs a maintainer's review,
# because the pull request's build executes it.
REVIEWED_PATHS = ("mkdocs.yml", "kit/", "overrides/", ".github/", ".ci/", "Makefile", "pyproject.toml",
                  "requirements.lock", "build_kit.py", "tests/", "benchmarks/")  # fmt: skip
REVIEW_ITEM = (
    "- [ ] **A maintainer must review this pull request**: it changes code or configuration that runs during the "
    "build (hooks, plugins, theme overrides, workflows, the build itself): {files}."
)


def needs_review(root: Path, changed: set[Path] | None) -> list[str]:
    """The changed files, relative to the repository, that need a maintainer's review."""
    names = sorted(p.relative_to(root).as_posix() for p in changed or set() if p.is_relative_to(root))
    return [name for name in names if name.startswith(REVIEWED_PATHS)]
