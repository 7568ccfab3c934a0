"""The PDF renderer on the small test kit: contents, bookmarks, language, fonts, links, page footers."""

from __future__ import annotations

import re

from pdfkit import Kit

from kit.build import KITS_DIR, kit_filename
from kit.strings import load_strings


def kit(cfg, lang: str) -> Kit:
    return Kit(cfg.root / KITS_DIR / kit_filename("belgium", lang))


def test_contents_page_numbers_are_the_pages_the_chapters_start_on(built_mini):
    for lang in ("en", "fr"):
        pdf = kit(built_mini, lang)
        chapters = {title: page for level, title, page in pdf.outline() if level == 1}
        titles = [
            t for t in chapters if t not in (load_strings(lang)["colophon_title"], load_strings(lang)["contents"])
        ]
        printed = pdf.printed_contents(load_strings(lang)["contents"], titles)
        assert len(titles) == 6
        assert printed == {title: chapters[title] for title in titles}
        for title in titles:  # and the chapter's title is printed on that page
            assert title in pdf.texts[chapters[title] - 1]


def test_bookmarks_have_chapters_and_sections(built_mini):
    outline = kit(built_mini, "en").outline()
    assert (1, "Legal questions in Belgium", 5) in outline
    assert any(level == 2 and title == "Residence permits" for level, title, _ in outline)


def test_language_title_and_accented_text(built_mini):
    fr = kit(built_mini, "fr")
    assert fr.lang == "fr"
    assert fr.reader.metadata.title == "Kit d'information: Belgique"
    assert "Règles européennes" in "\n".join(fr.texts)  # French accents survive extraction: the font is embedded
    en = kit(built_mini, "en")
    assert en.lang == "en"
    assert "Őszintén" in "\n".join(en.texts)  # Hungarian ő
    fonts = {str(f) for page in en.reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts


def test_every_page_after_the_cover_says_page_x_of_y_in_the_kits_language(built_mini):
    for lang, pattern in (("en", r"Page (\d+) of (\d+)"), ("fr", r"Page (\d+) sur (\d+)")):
        pdf = kit(built_mini, lang)
        total = len(pdf.texts)
        for number, text in enumerate(pdf.texts[1:-1], start=2):
            assert re.search(pattern, text).groups() == (str(number), str(total))


def test_links_inside_the_kit_are_internal_and_others_are_web_addresses(built_mini):
    pdf = kit(built_mini, "en")
    assert pdf.internal_links() >= 5  # contents entries, glossary and legal links, footnotes
    uris = pdf.uris()
    assert "https://www.gov.uk/guidance" in uris
    assert "tel:+3278055800" in uris
    assert not any(u.endswith(".md") or ".md#" in u for u in uris)
    text = "\n".join(pdf.texts)
    assert "(https://www.gov.uk/guidance)" in text  # external addresses are visible on paper


def test_cover_and_colophon(built_mini):
    pdf = kit(built_mini, "fr")
    cover = pdf.texts[0]
    assert "Kit d'information" in cover and "Belgique" in cover and "Français" in cover
    assert "https://fiit-kit.github.io/information-kit/fr/belgium/" in cover
    colophon = pdf.texts[1]
    assert "FIIT" in colophon and "Payoke" in colophon and "CC BY 4.0" in colophon


def test_missing_translation_is_marked_and_tagged_english(built_mini):
    fr = kit(built_mini, "fr")
    legal = next(t for t in fr.texts if "Legal questions in Belgium" in t and "Residence permits" in t)
    assert load_strings("fr")["section_in_english"] in legal
    own = next(t for t in fr.texts if t.lstrip().startswith("La Belgique en bref"))
    assert load_strings("fr")["section_in_english"] not in own


def test_back_cover_gives_the_help_numbers(built_mini):
    back = kit(built_mini, "en").texts[-1]
    assert "+32 78 05 58 00" in back and "112" in back


def test_no_embedded_files(built_mini):
    root = kit(built_mini, "en").reader.trailer["/Root"]
    names = root.get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()


def test_the_structure_check_passes_the_kit_and_catches_an_untagged_pdf(built_mini, tmp_path):
    from weasyprint import HTML

    from kit.pdfcheck import structure_problems

    assert structure_problems(kit(built_mini, "en").path, "en") == []
    plain = tmp_path / "plain.pdf"  # what WeasyPrint writes without PDF/UA, from a page without lang or title
    HTML(string="<p>Hello</p>").write_pdf(plain)
    assert structure_problems(plain, "en") == [
        "not marked as tagged (/MarkInfo /Marked true)",
        "no structure tree (/StructTreeRoot)",
        "document language is 'missing', not 'en'",
        "the viewer is not told to show the title (/DisplayDocTitle)",
        "no document title",
        "no dc:title in the XMP metadata",
        "XMP does not declare PDF/UA-1 (pdfuaid:part)",
    ]
    assert structure_problems(kit(built_mini, "en").path, "fr") == ["document language is 'en', not 'fr'"]


def test_back_cover_names_the_numbers_in_the_kits_language(built_mini):
    assert "Ligne d'aide de test" in kit(built_mini, "fr").texts[-1]
    assert "Test helpline" not in kit(built_mini, "fr").texts[-1]
    assert "Test helpline" in kit(built_mini, "en").texts[-1]


def test_spans_in_another_language_carry_their_language_on_their_structure_element(built_mini):
    """WeasyPrint writes only the document's /Lang; the kit adds it to the structure elements of `lang` spans:
    the chapters printed in English (lang="en" on the article) and a source title in Dutch."""
    from kit.pdfcheck import languages_marked

    marked = languages_marked(kit(built_mini, "fr").path)
    assert marked.get("en", 0) >= 1 and marked.get("nl", 0) >= 1
    assert languages_marked(kit(built_mini, "en").path) == {}  # nothing in another language in the English kit
