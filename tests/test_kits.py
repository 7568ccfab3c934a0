"""The 20 printed kits of the real content, read back from the PDFs."""

from __future__ import annotations

import re
from functools import cache

import pytest
from built import KITS, all_kit_texts, kit_path
from pdfkit import Kit
from test_reader_language import allowed_names

from kit.config import SHARED_PART, config
from kit.content import load_content
from kit.print.full_kit import chapters
from kit.strings import load_strings


@cache
def contacts():
    from kit.config import config
    from kit.content import load_content

    return load_content(config()).contacts


@cache
def kit(country: str, lang: str) -> Kit:
    pdf = Kit(kit_path(country, lang))
    pdf._texts = dict(enumerate(all_kit_texts()[(country, lang)]))  # extracted once, in parallel (built.py)
    return pdf


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_contents_page_numbers_match_where_each_chapter_is_printed(country, lang):
    pdf = kit(country, lang)
    strings = load_strings(lang)
    chapters = {title: page for level, title, page in pdf.outline() if level == 1}
    titles = [t for t in chapters if t not in (strings["colophon_title"], strings["contents"])]
    assert len(titles) >= 12  # seven country pages, the EU part, glossary, about
    assert pdf.printed_contents(strings["contents"], titles) == {t: chapters[t] for t in titles}
    for title, page in chapters.items():
        assert title in pdf.text(page - 1)


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_language_footer_links_and_no_editing_marker(country, lang):
    pdf = kit(country, lang)
    strings = load_strings(lang)
    assert pdf.lang == lang
    assert pdf.reader.metadata.title == f"{strings['kit_title']}: {strings['countries'][country]}"
    total = len(pdf.reader.pages)
    footer = re.escape(strings["page_of"]).replace(r"\{page\}", r"(\d+)").replace(r"\{pages\}", r"(\d+)")
    for number in range(2, total):  # every page but the covers
        assert re.search(footer, pdf.text(number - 1)).groups() == (str(number), str(total)), f"page {number}"
    assert pdf.internal_links() > 20
    assert all(re.match(r"^(https|mailto|tel):", uri) for uri in pdf.uris())  # no link left to a .md file
    assert strings["countries"][country] in pdf.text(0)


def test_no_editing_marker_and_accented_text_extracts_from_the_embedded_font():
    hungarian = "\n".join(kit("hungary", "hu").texts)
    assert "VERIFY" not in hungarian
    assert "ő" in hungarian and "ű" in hungarian
    french = "\n".join(kit("france", "fr").texts)
    assert "VERIFY" not in french
    assert "é" in french and "è" in french


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_the_back_cover_names_the_help_numbers_in_the_kits_language(country, lang):
    from kit.contacts import help_numbers

    back = " ".join(kit(country, lang).text(-1).replace("\u2010\n", "").split())  # a hyphenated name, joined
    numbers = help_numbers(contacts()[country], lang)
    assert numbers
    for number in numbers:
        assert " ".join(number["name"].split()) in back and number["phone"] in back


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_every_kit_passes_the_pdf_ua_structure_check(country, lang):
    from kit.pdfcheck import structure_problems

    assert structure_problems(kit_path(country, lang), lang) == []


LANGUAGES_TELL_APART = ["en", "fr", "hu", "it", "nl", "de", "es", "pt", "ro"]


def _prose(text: str) -> str:
    """A page's running text: without web addresses, which say nothing of the language, and without the names of
    organisations and laws (contacts data, source titles: tests/test_reader_language.py). Printed addresses break
    over lines, so their pieces go too: anything with a slash or a dot-extension, and hyphenated slugs."""
    text = re.sub(r"https?://\S*|\S*/\S*|\S+\.(?:html?|php|aspx?|pdf)\S*", " ", text)
    text = re.sub(r"\S*\w[-‐]\w+[-‐]\S*|\S+[-‐]$", " ", text, flags=re.M)
    text = " ".join(text.split())  # a name broken over two lines is one again
    for name in allowed_names():
        if name in text:
            text = text.replace(name, " ")
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_every_page_of_every_kit_reads_in_the_kits_language(country, lang):
    """Each page's extracted text is identified (py3langid, among nine European languages) as the kit's language.
    Pages with under 300 letters of text (covers, short ends of chapters) are too short to tell."""
    import py3langid

    py3langid.set_languages(LANGUAGES_TELL_APART)
    wrong = []
    for number, text in enumerate(kit(country, lang).texts, start=1):
        prose = _prose(text)
        if sum(c.isalpha() for c in prose) < 300:
            continue
        found, _ = py3langid.classify(prose)
        if found != lang:
            wrong.append(f"page {number}: {found}: {prose[:90]}")
    assert wrong == [], "\n".join(wrong)


@cache
def _content():
    return load_content(config())


TEL_LINK = re.compile(r"\[([^\]\n]+)\]\(tel:[^)]*\)")


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_no_phone_number_is_broken_over_two_lines(country, lang):
    """Every number of the kit's contacts files (the country's and the EU's) and every phone link of its chapters
    is printed whole on one line (kit.css: tel links never wrap; issue 10 found "800 290 / 290")."""
    cfg = config()
    content = _content()
    numbers = {c.phone for folder in (country, SHARED_PART) for c in content.contacts[folder].contacts if c.phone}
    for chapter in chapters(cfg, content, country, lang):
        numbers |= {text for text in TEL_LINK.findall(chapter.page.body) if re.fullmatch(r"[+\d][\d ]*\d", text)}
    lines = [" ".join(line.split()) for line in "\n".join(kit(country, lang).texts).splitlines()]
    joined = " ".join(lines)
    # A number found in the text joined over line ends more often than in the lines themselves was split by one.
    broken = sorted(n for n in numbers if joined.count(n) > sum(line.count(n) for line in lines))
    assert all(n in joined for n in numbers), [n for n in numbers if n not in joined]
    assert len(numbers) >= 5, numbers
    assert broken == [], f"printed over two lines: {broken}"
