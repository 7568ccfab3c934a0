"""Legal references in step: every law, directive, act and article number of an English page is in each of its
translations, written in that language's form (words per language in kit/legal-refs.yml).

References are compared as keys: "2011/36" for Directive 2011/36/EU (UE in French and Italian), "L425-1" for a
French code article, ("XC", "2023") for Act XC of 2023, and an article or section number ("18-ter",
"433quinquies", "192") which the translation must have near one of its own words for an article or section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from kit.config import SiteConfig
from kit.content import Page
from kit.phones import paragraph_starts
from kit.problems import Problem

WORDS_FILE = Path(__file__).with_name("legal-refs.yml")
NEAR = 40  # characters between an article word and its number ("articles 18, 19 and 22", "a 18. és 19. cikk")
URL_OR_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+|\{#[^}]*\}")
SLASHED = re.compile(r"(?<![\w/.])(\d{1,4}/\d{1,4})(?:/[A-Z]{2,4})?(?![\w/])")
CODE_ARTICLE = re.compile(r"(?<![\w.])([LRD])\.?\s?(\d+(?:-\d+)+)\b")
NUMBER = r"\d+[a-z]*(?:-(?:\d+|[a-z]+))*"
ROMAN = r"[IVXLCDM]+"
DASH = re.compile(r"(?<=\d)[\u2010-\u2015](?=\d)")  # an en dash is never inside an article number: a range
RANGE = re.compile(r"(?<![\w-])(\d+)-(\d+)(?![\w-])")


@dataclass(frozen=True)
class Words:
    articles: dict[str, re.Pattern[str]]  # language -> its article/section words
    acts: dict[str, str]  # language -> its act template
    not_references: frozenset[str]


@cache
def _load(path: Path) -> Words:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    langs = {k: v for k, v in data.items() if isinstance(v, dict)}
    articles = {
        lang: re.compile("(?<!\\w)(?:" + "|".join(re.escape(w) for w in spec["articles"]) + ")", re.IGNORECASE)
        for lang, spec in langs.items()
    }
    return Words(articles, {lang: spec["act"] for lang, spec in langs.items()}, frozenset(data["not_references"]))


def load_words(cfg: SiteConfig) -> Words:  # one table for every kit (cfg: the same signature as the others)
    return _load(WORDS_FILE)


def _text(page: Page) -> list[tuple[int, str]]:
    """The page's lines (file line, text) without link targets and addresses."""
    lines = enumerate(page.body.splitlines())
    return [(page.body_line + i, RANGE.sub(_range, DASH.sub(" - ", URL_OR_TARGET.sub(" ", t)))) for i, t in lines]


def _range(match: re.Match[str]) -> str:
    """ "600-602" is a range of two articles; "225-4-1" and "18-ter" are one."""
    first, last = match.group(1), match.group(2)
    return f"{first} - {last}" if len(first) == len(last) and int(last) > int(first) else match.group()


def _act_pattern(template: str, roman: str, year: str) -> re.Pattern[str]:
    parts = re.split(r"(\{number\}|\{year\})", template)
    text = "".join(roman if p == "{number}" else year if p == "{year}" else re.escape(p) for p in parts)
    return re.compile(r"\s+".join(text.split(r"\ ")), re.IGNORECASE)


def references(page: Page, words: Words) -> dict[str, int]:
    """The legal references of an English page: key -> first line (article numbers as "article 18-ter")."""
    found: dict[str, int] = {}
    article_word = words.articles[page.lang]
    act = _act_pattern(words.acts[page.lang], f"({ROMAN})", r"(\d{4})")
    for line, text in _text(page):
        for match in SLASHED.finditer(text):
            if match.group(1) not in words.not_references:
                found.setdefault(match.group(1), line)
        for match in CODE_ARTICLE.finditer(text):
            found.setdefault(match.group(1) + match.group(2), line)
        for match in act.finditer(text):
            found.setdefault(f"act {match.group(1)} {match.group(2)}", line)
        for match in article_word.finditer(text):
            rest = re.sub(r"^\w*", "", text[match.end() :])  # "articles", "sections"
            series = re.match(
                rf"\s*({NUMBER}(?:\(\w+(?:-\w+)?\))?(?:\s*(?:,|and|or|to|–|-)\s*{NUMBER}(?:\(\w+(?:-\w+)?\))?)*)", rest
            )
            if series and not CODE_ARTICLE.match(rest.lstrip()):
                for number in re.findall(rf"(?<![\w(-]){NUMBER}", re.sub(r"\([^)]*\)", "", series.group(1))):
                    found.setdefault(f"article {number}", line)
    return found


def has_reference(key: str, page: Page, words: Words) -> bool:
    text = "\n".join(t for _, t in _text(page))
    kind, _, value = key.partition(" ")
    if "/" in key:
        return re.search(rf"(?<![\w/.]){re.escape(key)}(?:/[A-Z]{{2,4}})?(?![\w/])", text) is not None
    if kind == "act":
        roman, year = value.split()
        return _act_pattern(words.acts[page.lang], roman, year).search(text) is not None
    if kind == "article":
        number = re.compile(rf"(?<![\w-]){re.escape(value)}(?![\w-])", re.IGNORECASE)
        for match in words.articles[page.lang].finditer(text):
            window = text[max(0, match.start() - NEAR) : match.end() + NEAR]
            if number.search(window):
                return True
        return False
    letter, number = key[0], key[1:]
    return re.search(rf"(?<![\w.]){letter}\.?\s?{re.escape(number)}\b", text) is not None


def translation_problems(page: Page, english: Page, words: Words) -> list[Problem]:
    """Each legal reference of the English page that the translation does not have, at the translation's paragraph
    in the same place (translations keep the English page's paragraphs)."""
    if page.lang not in words.articles:
        return []
    english_blocks, own_blocks = paragraph_starts(english), paragraph_starts(page)
    problems = []
    for key, line in references(english, words).items():
        if has_reference(key, page, words):
            continue
        index = max((i for i, start in enumerate(english_blocks) if start <= line), default=0)
        at = own_blocks[index] if index < len(own_blocks) else None
        shown = key.replace("act ", "Act ", 1) if key.startswith("act ") else key
        problems.append(Problem.at(page.path, at, f"the English page cites {shown} (line {line}), which this translation does not",
                                   f"Write the same reference in the translation, in its own form ({words.acts[page.lang]} for an act; "
                                   "an article or section number next to its word); if the English page is wrong, correct it first"))  # fmt: skip
    return problems
