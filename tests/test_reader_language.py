"""Everything a reader sees is in the reader's language (issue 10, item 2).

Every text block of every built page of the site (4 languages), outside elements marked with another language, is
identified (py3langid, among nine European languages) as the page's language. Names of organisations and laws
from the contacts data, and what identifies no language (addresses, numbers, e-mail), are taken out first.
The kits' pages are checked the same way in tests/test_kits.py.
"""

from __future__ import annotations

import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from functools import cache

import pytest
from built import site_file

from kit.config import config
from kit.content import load_content

LANGUAGES_TELL_APART = ["en", "fr", "hu", "it", "nl", "de", "es", "pt", "ro"]
BLOCKS = {"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "caption"}
SKIP = {"script", "style", "code", "kbd", "abbr", "svg", "template"}
MIN_LETTERS = 60  # below this a language identifier guesses; headings, labels and numbers are shorter


@cache
def allowed_names() -> tuple[str, ...]:
    """Names of organisations and laws: every contact's name in every language, longest first (a name holding
    another is taken out whole), and the parts of a name in parentheses."""
    names: set[str] = set()
    content = load_content(config())
    for page in content.pages.values():
        for source in page.meta.sources:
            # a title names a publisher, then a document or a law, often in the document's language
            names.update(p for p in re.split(r"\s*(?: : |: | – | — |\(|\))\s*", source.title) if len(p) > 3)
    for contacts in content.contacts.values():
        for contact in contacts.contacts:
            for lang in config().language_codes:
                name, _ = contact.name_in(lang)
                names.add(name)
                names.update(re.findall(r"\(([^()]{4,})\)", name))
    return tuple(sorted(names, key=len, reverse=True))


NOISE = re.compile(
    r"https?://\S+|\S+@\S+|\+?\d[\d ()./:–-]*\d|\b[\w.-]+\.(?:be|fr|hu|it|uk|org|eu|com|int|net|gov)\b", re.I
)


SLUG = re.compile(r"\S*/\S*|\S*\w[-_]\w+[-_]\S*")  # what is left of a web address: paths and slugs


def prose(text: str, names: tuple[str, ...]) -> str:
    text = SLUG.sub(" ", NOISE.sub(" ", text))  # addresses first: a name inside one would break it up
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    return re.sub(r"\s+", " ", text).strip()


def _text_outside_other_languages(element, page_lang: str) -> str:
    """The element's own text, leaving out children marked with another language and nested blocks."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            lang = child.get("lang")
            if (
                child.tag in SKIP
                or child.tag in BLOCKS
                or (lang and lang != page_lang)
                or child.get("hidden") is not None
            ):
                pass
            else:
                parts.append(_text_outside_other_languages(child, page_lang))
        parts.append(child.tail or "")
    return "".join(parts)


def _in_other_language(element, page_lang: str) -> bool:
    for ancestor in element.iterancestors():
        lang = ancestor.get("lang")
        if lang:
            return lang != page_lang
    return False


# Blocks known to be in another language, as (page, tag), each with the reason it is allowed: none today.
# Add one only with its reason; mark text in another language with <span lang> instead where you can.
KNOWN_OPEN: set[tuple[str, str]] = set()


def check_page(path: str) -> tuple[str, int, int, list[str]]:
    """(page language, blocks checked, known open blocks, blocks found in another language) of one built page."""
    import lxml.html
    import py3langid

    py3langid.set_languages(LANGUAGES_TELL_APART)
    names = allowed_names()
    root = lxml.html.parse(path).getroot()
    page_lang = root.get("lang", "")
    checked, known, wrong = 0, 0, []
    for element in root.iter(*BLOCKS):
        own = element.get("lang")
        if (own and own != page_lang) or (not own and _in_other_language(element, page_lang)):
            continue
        if any(a.tag in SKIP for a in element.iterancestors()):
            continue
        text = prose(_text_outside_other_languages(element, page_lang), names)
        if sum(c.isalpha() for c in text) < MIN_LETTERS:
            continue
        checked += 1
        found, _ = py3langid.classify(text)
        page = path.split("/site/", 1)[-1]
        if found != page_lang and (page, element.tag) in KNOWN_OPEN:
            known += 1
        elif found != page_lang:
            wrong.append(f"{page}: <{element.tag}> read as {found}: {text[:120]}")
    return page_lang, checked, known, wrong


def site_pages() -> list[str]:
    site = config().site_dir
    return sorted(str(p) for p in site.rglob("index.html") if "assets" not in p.parts)


@cache
def site_results() -> list[tuple[str, int, int, list[str]]]:
    site_file("index.html")  # fails with the hint to build when the site is missing
    with ProcessPoolExecutor() as pool:
        return list(pool.map(check_page, site_pages(), chunksize=8))


def test_every_text_block_of_every_page_of_the_site_reads_in_the_pages_language():
    results = site_results()
    blocks: Counter[str] = Counter()
    pages: Counter[str] = Counter()
    wrong: list[str] = []
    known = 0
    for lang, checked, open_items, found in results:
        known += open_items
        blocks[lang] += checked
        pages[lang] += 1
        wrong += found
    print(
        "site: blocks checked per language",
        dict(blocks),
        "pages",
        dict(pages),
        "in another language",
        len(wrong),
        "known open",
        known,
    )
    assert set(blocks) == set(config().language_codes)
    assert all(blocks[lang] > 500 for lang in config().language_codes)  # the check saw the pages' text
    assert wrong == [], f"{len(wrong)} blocks in another language than the page:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("html", "lang", "expected"),
    [
        (
            "<p>Vous pouvez appeler la ligne gratuite, jour et nuit, même sans papiers et sans donner votre nom.</p>",
            "fr",
            0,
        ),
        (
            "<p>You can call the free line, day and night, even without papers and without giving your name.</p>",
            "fr",
            1,
        ),
        (
            '<p lang="en">You can call the free line, day and night, even without papers and without giving your name.</p>',
            "fr",
            0,
        ),
        (
            '<div lang="en"><p>You can call the free line, day and night, even without papers and without giving your name.</p></div>',
            "fr",
            0,
        ),
    ],
)
def test_the_language_check_finds_a_block_in_another_language_unless_it_is_marked(tmp_path, html, lang, expected):
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    page.write_text(f'<!DOCTYPE html><html lang="{lang}"><body>{html}</body></html>', encoding="utf-8")
    found_lang, checked, _, wrong = check_page(str(page))
    assert (found_lang, checked, len(wrong)) == (lang, 1 - (expected == 0 and "lang=" in html), expected)
