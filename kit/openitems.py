"""Open items: facts still to confirm, written in the source as a marker that readers never see as an editing note.

    {? helpline: whether the line keeps calls anonymous}

Readers see a safe instruction in their language (strings/<lang>.yml: open_item_ask.<kind>); a page meant for
survivors alone (audience: [survivors]) shows that instruction only, other pages also say what is still being
checked. Editors see every marker as an open item in `build_kit.py status`. The site (kit/site_hooks.py), the kits
(kit/print/) and the contacts lists (kit/contacts.py) all go through `for_readers`. Documented in
docs/content-model.md and docs/editors/open-items.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kit.strings import load_strings

if TYPE_CHECKING:
    from kit.config import SiteConfig
    from kit.content import Content

KINDS = ("helpline", "support", "lawyer", "authority", "editors")
MARKER = re.compile(r"\{\?\s*([a-z]+)\s*(?::\s*([^{}]*?))?\s*\}")
MARKER_START = re.compile(r"\{\?")
# The old way of writing an unknown, per language (as the content wrote it): refused by `check`.
OLD_NOTES = {
    "en": re.compile(r"to\s+be\s+confirmed", re.I),
    "fr": re.compile(r"à\s+confirmer", re.I),
    "hu": re.compile(r"megerősítésre\s+vár", re.I),
    "it": re.compile(r"da\s+confermare", re.I),
}
OLD_FIX = "Write the unknown as an open item, {? helpline: what is unknown} (kinds: " + ", ".join(KINDS) + ")"


@dataclass(frozen=True)
class OpenItem:
    line: int  # 1-based, inside the text given
    kind: str
    question: str
    cell: str = ""  # in a Markdown table: 'row "…", column "…"' (a cell holds a bare {? kind} with no question)


def only_for_survivors(audience: list[str]) -> bool:
    return list(audience) == ["survivors"]


def _ending(question: str) -> str:
    return question if question.endswith((".", "!", "?")) else question + "."


def for_readers(text: str, lang: str, survivors: bool, markdown: bool = True) -> str:
    """The text with every open item replaced by what readers see in `lang` (the language of the text)."""
    strings = load_strings(lang)

    def shown(match: re.Match[str]) -> str:
        kind, question = match.group(1), " ".join((match.group(2) or "").split())
        line_start = text.rfind("\n", 0, match.start()) + 1
        if markdown and text[line_start : match.start()].lstrip().startswith("|"):  # a table cell: short words
            return strings["open_item_short"].get(kind, strings["open_item_short"]["support"])
        ask = strings["open_item_ask"].get(kind, strings["open_item_ask"]["support"])
        if survivors or not question:
            return ask
        label = f"*{strings['open_item_label']}:*" if markdown else f"{strings['open_item_label']}:"
        return f"{label} {_ending(question)} {ask}"

    return MARKER.sub(shown, text)


_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")  # a | not written as \|
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]*\]")


def _cells(row: str) -> list[str]:
    cells = _CELL_SEPARATOR.split(row.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]  # the leading |
    return [" ".join(_FOOTNOTE_REF.sub("", cell).split()) for cell in cells]


def _table_cell(text: str, start: int) -> str:
    """Where the marker at `start` sits when it is in a Markdown table: the row's first cell and the column's
    heading (editors find the cell by them), else ""."""
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].lstrip().startswith("|"):
        return ""
    lines = text[:line_start].splitlines()
    header_at = len(lines)  # the table's first line: walk up while the lines are table rows
    while header_at > 0 and lines[header_at - 1].lstrip().startswith("|"):
        header_at -= 1
    line_end = text.find("\n", start)
    row = text[line_start : line_end if line_end >= 0 else len(text)]
    column = len(_CELL_SEPARATOR.findall(text[line_start:start])) - 1
    row_cells = _cells(row)
    header = _cells(lines[header_at]) if header_at < len(lines) else row_cells  # the marker in the heading row
    heading = header[column] if 0 <= column < len(header) else ""
    return f'row "{row_cells[0] if row_cells else ""}", column "{heading}"'


def open_items(text: str) -> Iterator[OpenItem]:
    for match in MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        question = " ".join((match.group(2) or "").split())
        yield OpenItem(line, match.group(1), question, _table_cell(text, match.start()))


@dataclass(frozen=True)
class Finding:
    line: int
    message: str
    fix: str


def findings(text: str, lang: str) -> list[Finding]:
    """Markers that are not written right, and unknowns written the old way ("To be confirmed")."""
    found = []
    for item in open_items(text):
        if item.kind not in KINDS:
            found.append(Finding(item.line, f"the open item has the kind '{item.kind}', which does not exist",
                                 "Use one of: " + ", ".join(KINDS)))  # fmt: skip
    spans = [m.span() for m in MARKER.finditer(text)]
    for match in MARKER_START.finditer(text):
        if not any(start == match.start() for start, _ in spans):
            line = text.count("\n", 0, match.start()) + 1
            found.append(Finding(line, "this open item is not closed or not written right",
                                 "Write it as {? kind: what is unknown} on the lines of one paragraph, with no { or } inside"))  # fmt: skip
    old = OLD_NOTES.get(lang)
    outside = MARKER.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)  # the question may say anything
    if old:
        for match in old.finditer(outside):
            line = outside.count("\n", 0, match.start()) + 1
            found.append(
                Finding(
                    line, f"'{' '.join(match.group(0).split())}' is an editing note that readers would see", OLD_FIX
                )
            )
    return found


@dataclass(frozen=True)
class Listed:
    file: Path
    line: int
    country: str  # a country folder, "europe", or "all" for the pages at the top of a language folder
    lang: str
    item: OpenItem


def localized_fields(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line, language, text) of every per-language text of a contacts file (description, hours)."""
    from kit.content import parse_yaml

    data, lines, problems = parse_yaml(path.read_text(encoding="utf-8"), path, 1)
    if problems or not isinstance(data, dict):
        return
    for index, contact in enumerate(data.get("contacts") or []):
        for name in ("description", "hours"):
            texts = contact.get(name) if isinstance(contact, dict) else None
            for lang, text in (texts or {}).items() if isinstance(texts, dict) else ():
                if isinstance(text, str):
                    yield lines.get(("contacts", index, name, lang), 1), lang, text


def listed(cfg: SiteConfig, content: Content) -> list[Listed]:
    """Every open item of the pages and contacts files, for `build_kit.py status`."""
    result = []
    for (lang, _rel), page in sorted(content.pages.items()):
        for item in open_items(page.body):
            result.append(Listed(page.path, page.body_line - 1 + item.line, page.folder or "all", lang, item))
    for country in sorted(content.contacts):
        path = cfg.docs_dir / "contacts" / f"{country}.yml"  # read again: the parsed file has no line numbers
        for line, lang, text in localized_fields(path):
            for item in open_items(text):
                result.append(Listed(path, line, country, lang, item))
    return result


def counts(items: list[Listed], countries: list[str], langs: list[str]) -> list[str]:
    """A table of the open items per country (rows) and language (columns), as text lines."""
    rows = [*countries, *sorted({i.country for i in items} - set(countries))]
    width = max(len(r) for r in [*rows, "country"]) + 2
    lines = ["country".ljust(width) + "".join(lang.rjust(6) for lang in langs) + "total".rjust(8)]
    for row in rows:
        per = [sum(1 for i in items if i.country == row and i.lang == lang) for lang in langs]
        lines.append(row.ljust(width) + "".join(str(n).rjust(6) for n in per) + str(sum(per)).rjust(8))
    totals = [sum(1 for i in items if i.lang == lang) for lang in langs]
    lines.append("total".ljust(width) + "".join(str(n).rjust(6) for n in totals) + str(sum(totals)).rjust(8))
    return lines


def describe(item: Listed, root: Path) -> str:
    where = f"{item.file.relative_to(root).as_posix()}:{item.line}"
    question = item.item.question
    if item.item.cell:  # a bare {? kind} in a table: the cell says what is missing
        question = f"{question} (table {item.item.cell})" if question else f"table {item.item.cell}"
    return f"{where}  [{item.item.kind}]  {question or '(no question written)'}"
