"""The glossary page from content/glossary.yml, for the site and the kits alike, and the term check of `check`.

Each reader gets the concepts in their own language first (term, definition), the other languages' terms after,
sorted by the ICU collation of their language (Hungarian digraphs such as cs, gy, sz sort as letters; French
ignores accents at the first level), never by code points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import icu
from babel import Locale

from kit.content import Page, parse_yaml
from kit.problems import Problem
from kit.schema import AvoidedVariant, Concept, GlossaryFile, GlossaryTerm
from kit.strings import load_strings

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|])")


@cache
def _collator(lang: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(lang))


def sort_key(text: str, lang: str) -> bytes:
    """The collation key of `text` in the alphabetical order of `lang`."""
    return bytes(_collator(lang).getSortKey(text))


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _span(text: str, text_lang: str, lang: str) -> str:
    return text if text_lang == lang else f'<span lang="{text_lang}">{text}</span>'


@dataclass(frozen=True)
class Entry:
    concept: Concept
    headword: str  # the term in the reader's language, or the English term when that language has none
    headword_lang: str
    headword_term: GlossaryTerm | None  # the term shown as headword (None: the English term of a concept)


def _headword(concept: Concept, lang: str) -> tuple[GlossaryTerm, str]:
    """The reader's own term that needs no qualifier, else the English one (rule 3: keep the original, explain it)."""
    for term in concept.terms.get(lang, []):
        if term.label is None and term.country is None:
            return term, lang
    return concept.terms["en"][0], "en"


def entries(glossary: GlossaryFile, lang: str) -> list[Entry]:
    """The concepts for a reader of `lang`, in that language's alphabetical order."""
    result = []
    for concept in glossary.concepts:
        term, term_lang = _headword(concept, lang)
        result.append(Entry(concept, term.term, term_lang, term))
    return sorted(result, key=lambda e: (sort_key(e.headword, lang), e.concept.id))


def _term_text(term: GlossaryTerm, of: str, lang: str, strings: dict[str, str], countries: dict[str, str]) -> str:
    """One term of language `of` as Markdown for a reader of `lang`: the term marked with its language, its country
    or label before it, its note and status after it (in the reader's language)."""
    text = _span(_escape(term.term), of, lang)
    if term.note:
        note, note_lang = term.note.get(lang)
        text += " (" + _span(note, note_lang, lang) + ")"
    if term.unconfirmed:
        text += f" ({strings['glossary_to_confirm']})"
    qualifier = countries[term.country] if term.country else None
    if term.label:
        label, label_lang = term.label.get(lang)
        qualifier = _span(label, label_lang, lang)
    return strings["glossary_label"].format(label=qualifier, text=text) if qualifier else text


def _terms(concept: Concept, of: str, lang: str, strings: dict[str, str], countries: dict[str, str],
           skip: GlossaryTerm | None = None) -> str:  # fmt: skip
    """The terms of one language, for a reader of `lang`."""
    parts = [_term_text(t, of, lang, strings, countries) for t in concept.terms.get(of, []) if t is not skip]
    if of in concept.no_term_yet:
        parts.append(strings["glossary_to_confirm"])
    return strings["glossary_separator"].join(parts)


def _language_line(of: str, text: str, names: dict[str, str], strings: dict[str, str]) -> str:
    name = names.get(of, of)
    return strings["glossary_label"].format(label=name[:1].upper() + name[1:], text=text)


def render_glossary(glossary: GlossaryFile, lang: str, languages: tuple[str, ...]) -> str:
    """The glossary as a Markdown definition list (readable on a 360 px phone: no table, no sideways scroll)."""
    strings = load_strings(lang)
    countries = strings["countries"]
    names = Locale(lang).languages
    blocks = []
    for entry in entries(glossary, lang):
        concept = entry.concept
        head = _span(_escape(entry.headword), entry.headword_lang, lang)
        if concept.only_in:
            head += f" ({countries[concept.only_in]})"
        own = concept.terms.get(lang, [])
        if entry.headword_term in own and entry.headword_term and entry.headword_term.unconfirmed:
            head += f" ({strings['glossary_to_confirm']})"
        definition, definition_lang = concept.definition.get(lang), lang
        if definition is None:
            definition, definition_lang = concept.definition["en"], "en"
        lines = [f"{head} {{#glossary-{concept.id}}}", f":   {_span(definition, definition_lang, lang)}"]
        skip = entry.headword_term if entry.headword_lang == lang else None
        if mine := _terms(concept, lang, lang, strings, countries, skip=skip):
            if not concept.terms.get(lang):  # only "to be confirmed": say for which language
                mine = _language_line(lang, mine, names, strings)
            lines += ["", f"    {mine}"]
        others = []
        for other in languages:
            if other == lang or (other == entry.headword_lang and len(concept.terms.get(other, [])) == 1):
                continue  # the headword already is the one term of its language
            if text := _terms(concept, other, lang, strings, countries):
                others.append(_language_line(other, text, names, strings))
        if others:
            lines += ["", "    " + "  \n    ".join(others)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _variant_pattern(variant: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in variant.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words), re.IGNORECASE)


# Front-matter fields that readers see as the page's own words (titles of sources cite other documents)
CHECKED_FIELDS = ("title", "summary")
_Rule = tuple[Concept, AvoidedVariant, re.Pattern[str]]


def _rules(glossary: GlossaryFile, lang: str, folder: str | None) -> list[_Rule]:
    """The avoided variants of `lang`; those of one country only on that country's pages (folder None: no country)."""
    return [
        (concept, avoid, _variant_pattern(avoid.variant))
        for concept in glossary.concepts
        for avoid in concept.avoid.get(lang, [])
        if avoid.country is None or avoid.country == folder
    ]


def _scan(path: Path, lines: Iterable[tuple[int, str]], rules: list[_Rule], where: str = "") -> list[Problem]:
    problems = []
    for number, text in lines:
        for concept, avoid, pattern in rules:
            for match in pattern.finditer(text):
                problems.append(Problem.at(path, number,
                                           f"'{match.group(0)}'{where} is a variant the glossary avoids (concept '{concept.id}')",
                                           f"Write '{avoid.use}' instead (content/glossary.yml)", severity="warning"))  # fmt: skip
    return problems


def check_terms(page: Page, glossary: GlossaryFile) -> list[Problem]:
    """Warn where a page uses a variant the glossary avoids in the page's language (and country): in its text and
    headings, and in the title and summary of its front matter (shown on the site, in the kits' contents and covers)."""
    rules = _rules(glossary, page.lang, page.folder)
    line0 = page.body_line - 1
    body = [
        (line0 + number, text)
        for number, text in enumerate(page.body.splitlines(), start=1)
        if not text.lstrip().startswith("[^")  # a footnote cites the title of someone else's document
    ]
    problems = _scan(page.path, body, rules)
    if page.valid:
        for name in CHECKED_FIELDS:
            value = getattr(page.meta, name, None)
            if isinstance(value, str) and value:
                line = page.field_lines.get(name, 2)
                problems += _scan(page.path, [(line, " ".join(value.split()))], rules, where=f" (in the {name})")
    return problems


def _string_values(data: object, key: tuple[object, ...] = ()) -> Iterator[tuple[tuple[object, ...], str]]:
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _string_values(value, (*key, name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _string_values(value, (*key, index))
    elif isinstance(data, str):
        yield key, data


def check_strings_terms(path: Path, lang: str, glossary: GlossaryFile) -> list[Problem]:
    """Warn where a strings file (strings/<lang>.yml: buttons, notices, the kits' covers) uses an avoided variant of
    its language. Strings serve every country: only variants avoided everywhere apply."""
    data, lines, problems = parse_yaml(path.read_text(encoding="utf-8"), path, 1)
    if problems or not isinstance(data, dict):
        return []  # strings_problems reports the file itself
    values = [(lines.get(key, 1), " ".join(text.split())) for key, text in _string_values(data)]
    return _scan(path, values, _rules(glossary, lang, None))
