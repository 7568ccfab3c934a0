"""What kind each source is, and the survivors' facts that rest only on weak sources (issue 12).

A source's kind is its own `kind:`, else the kind of its address's domain in content/source-kinds.yml (a domain
covers its subdomains; the longest match wins). A survivor-facing fact is a footnoted sentence of an English page
whose audience includes survivors and that holds a phone number, a duration or a permit/article; its sources are
the addresses in its footnotes. Translations carry the same notes (the number check keeps them in step), so only
the English pages are checked: one warning per fact, not four.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kit.config import SiteConfig
from kit.content import Content, Page, read_data_file
from kit.phones import PHONE_LIKE, TEL_LINK
from kit.problems import Problem
from kit.schema import SOURCE_KINDS, SourceKindsFile

SOURCE_KINDS_FILE = "source-kinds.yml"  # in the content folder, next to glossary.yml
WEAK = frozenset({"news", "secondary"})
URL = re.compile(r"https://[^\s<>)\]]+")
NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s?(.*)")
# What a survivor acts on, in the English text: a number to call, a time limit, a permit or an article of law.
FACT = re.compile(
    r"\b\d+(?:[.,]\d+)?[\s-]*(?:hours?|days?|weeks?|months?|years?)\b"
    r"|\b(?:permits?|articles?|art\.|sections?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Fact:
    path: Path
    line: int
    text: str  # what the sentence states: the number, the duration or the permit/article word
    urls: tuple[str, ...]
    country: str  # the page's folder, or "all" for the top-level pages


def domain(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def load_kinds(cfg: SiteConfig) -> tuple[dict[str, str], list[Problem]]:
    """domain -> kind from content/source-kinds.yml (empty when the file is missing)."""
    path = cfg.docs_dir / SOURCE_KINDS_FILE
    if not path.is_file() or path.is_symlink():
        return {}, []
    data, lines, problems = read_data_file(path, SourceKindsFile)
    table: dict[str, str] = {}
    for kind in SOURCE_KINDS if data else ():
        for i, name in enumerate(getattr(data, kind)):
            if name in table and table[name] != kind:
                problems.append(Problem.at(path, lines.get((kind, i)), f"the domain '{name}' is listed as {table[name]} and as {kind}",
                                           "Keep it under one kind only"))  # fmt: skip
            table.setdefault(name, kind)
    return table, problems


def kind_of(url: str, table: dict[str, str], explicit: str | None = None) -> str | None:
    if explicit:
        return explicit
    host = domain(url)
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if (kind := table.get(".".join(parts[i:]))) is not None:
            return kind
    return None


def _url_line(lines: list[str], url: str, start: int = 0) -> int | None:
    bare = url.rstrip("/")
    return next((i for i, row in enumerate(lines, 1) if i > start and bare in row), None)


def unknown_kinds(content: Content, table: dict[str, str]) -> list[Problem]:
    """Every source (pages' `sources`, contacts' `source`) whose kind is neither written nor in the table."""
    problems = []
    fix = f"Add its domain to content/{SOURCE_KINDS_FILE} under its kind, or give the source its own 'kind:' ({', '.join(SOURCE_KINDS)})"
    for page in content.pages.values():
        lines = page.path.read_text(encoding="utf-8").splitlines()[: page.body_line]
        for source in page.meta.sources:
            if kind_of(str(source.url), table, source.kind) is None:
                problems.append(Problem.at(page.path, _url_line(lines, str(source.url)),
                                           f"the kind of the source '{domain(str(source.url))}' is not known", fix, severity="warning"))  # fmt: skip
    for folder, contacts in content.contacts.items():
        path = content.contacts_paths[folder]
        lines = path.read_text(encoding="utf-8").splitlines()
        for contact in contacts.contacts:
            url = str(contact.source.url)
            if kind_of(url, table, contact.source.kind) is None:
                problems.append(Problem.at(path, _url_line(lines, url), f"the kind of the source '{domain(url)}' is not known",
                                           fix, severity="warning"))  # fmt: skip
    return problems


def _notes(page: Page) -> dict[str, tuple[str, ...]]:
    """Footnote id -> the addresses it cites (a note's indented continuation lines included)."""
    notes: dict[str, list[str]] = {}
    current = None
    for text in page.body.splitlines():
        if match := NOTE_DEF.match(text):
            current = match.group(1)
            notes[current] = URL.findall(match.group(2))
        elif current and text.startswith(("    ", "\t")):
            notes[current] += URL.findall(text)
        elif text.strip():
            current = None
    return {k: tuple(u.rstrip(".,;") for u in v) for k, v in notes.items()}


def survivor_facts(content: Content, cfg: SiteConfig) -> list[Fact]:
    """The footnoted facts of the English survivor-facing pages, with the addresses their notes cite."""
    facts = []
    for (lang, _rel), page in sorted(content.pages.items()):
        if lang != cfg.default_language or "survivors" not in page.meta.audience:
            continue
        notes = _notes(page)
        for number, text in enumerate(page.body.splitlines(), start=page.body_line):
            if NOTE_DEF.match(text) or not (refs := NOTE_REF.findall(text)):
                continue
            plain = URL.sub(" ", re.sub(r"\]\([^)]*\)", "]", TEL_LINK.sub(r" \2 ", text)))
            found = [m.group() for m in PHONE_LIKE.finditer(plain)] + [m.group() for m in FACT.finditer(plain)]
            urls = tuple(u for ref in refs for u in notes.get(ref, ()))
            if found and urls:
                facts.append(Fact(page.path, number, found[0].strip(), urls, page.folder or "all"))
    return facts


def written_kinds(content: Content) -> dict[str, str]:
    """Address -> the kind a source gives itself (pages' `sources`, contacts' `source`): it wins over the table
    for a footnote that cites the same address."""
    written = {}
    for page in content.pages.values():
        for source in page.meta.sources:
            if source.kind:
                written[str(source.url).rstrip("/")] = source.kind
    for contacts in content.contacts.values():
        for contact in contacts.contacts:
            if contact.source.kind:
                written[str(contact.source.url).rstrip("/")] = contact.source.kind
    return written


def weak_facts(content: Content, cfg: SiteConfig, table: dict[str, str]) -> list[Problem]:
    """Survivors' facts and contacts' phone numbers whose every known source is news or a copy."""
    problems = []
    written = written_kinds(content)
    fix = "Add the operator's, the government's or the law's own page as a source (or its own 'kind:' if the table is wrong)"
    for fact in survivor_facts(content, cfg):
        kinds = [kind_of(u, table, written.get(u.rstrip("/"))) for u in fact.urls]
        if kinds and all(k in WEAK for k in kinds):
            problems.append(Problem.at(fact.path, fact.line, f"'{fact.text}' rests only on {' and '.join(sorted(set(kinds)))} sources ({', '.join(sorted({domain(u) for u in fact.urls}))})",
                                       fix, severity="warning"))  # type: ignore[arg-type]  # fmt: skip
    for folder, contacts in content.contacts.items():
        path = content.contacts_paths[folder]
        lines = path.read_text(encoding="utf-8").splitlines()
        for contact in contacts.contacts:
            kind = kind_of(str(contact.source.url), table, contact.source.kind)
            if contact.phone and kind in WEAK:
                problems.append(Problem.at(path, _url_line(lines, str(contact.source.url)),
                                           f"the phone number {contact.phone} rests only on a {kind} source ({domain(str(contact.source.url))})",
                                           fix, severity="warning"))  # fmt: skip
    return problems


def kinds_report(content: Content, cfg: SiteConfig, table: dict[str, str]) -> list[str]:
    """The sources of survivor-facing facts by kind, per country and in total: one (fact or phone, address) each."""
    cited: dict[str, set[str]] = {}
    for fact in survivor_facts(content, cfg):
        cited.setdefault(fact.country, set()).update(fact.urls)
    for folder, contacts in content.contacts.items():
        for contact in contacts.contacts:
            if contact.phone:
                cited.setdefault(folder, set()).add(str(contact.source.url))
    kinds = [*SOURCE_KINDS, "unknown"]
    written = written_kinds(content)
    total: Counter[str] = Counter()
    rows = [f"{'part':16}" + "".join(f"{k:>14}" for k in kinds)]
    for country in [*cfg.countries, "europe", "all"]:
        counts = Counter(kind_of(u, table, written.get(u.rstrip("/"))) or "unknown" for u in cited.get(country, ()))
        total.update(counts)
        rows.append(f"{country:16}" + "".join(f"{counts[k]:>14}" for k in kinds))
    rows.append(f"{'total':16}" + "".join(f"{total[k]:>14}" for k in kinds))
    return rows
