"""The glossary from content/glossary.yml: order per language on the built site and in a kit, the term check,
bad input, and the 360 px phone reading."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from browser import require_chromium
from built import kit_path, site_file

from kit.config import config
from kit.content import Page, load_content, read_glossary, read_page
from kit.glossary import check_strings_terms, check_terms, entries, sort_key
from kit.schema import PageMeta

LANGS = config().language_codes


class _Terms(HTMLParser):
    """The text of each <dt id="glossary-…"> of a page, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "dt" and (dict(attrs).get("id") or "").startswith("glossary-"):
            self._open = True
            self.terms.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "dt":
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.terms[-1] += data


def _headwords(lang: str) -> list[str]:
    prefix = "" if lang == config().default_language else f"{lang}/"
    parser = _Terms()
    parser.feed(site_file(f"{prefix}glossary/index.html").read_text(encoding="utf-8"))
    return [re.sub(r" \(.*\)$", "", t.strip()) for t in parser.terms]


@pytest.mark.parametrize("lang", LANGS)
def test_site_glossary_lists_the_readers_terms_in_their_alphabetical_order(lang):
    glossary = load_content(config()).glossary
    shown = _headwords(lang)
    assert len(shown) == len(glossary.concepts)
    assert shown == sorted(shown, key=lambda t: sort_key(t, lang))  # the language's collation ...
    if lang != "en":  # (English headwords all start with a capital: there code points happen to agree)
        assert shown != sorted(shown)  # ... which is not the order of code points
    own = {t.term for c in glossary.concepts for t in c.terms.get(lang, [])}
    assert sum(term in own for term in shown) >= 20  # the reader's own terms come first, not the English ones


def test_site_glossary_order_cases_per_language():
    hu, fr, it, en = (_headwords(lang) for lang in ("hu", "fr", "it", "en"))
    # Hungarian: cs is a letter after c (Cultural < családegyesítés); á sorts with a, not after z.
    assert hu.index("Cultural mediator") < hu.index("családegyesítés") < hu.index("embercsempészés")
    assert hu.index("áldozatsegítés") < hu.index("azonosítás") < hu.index("GRETA") < hu.index("kényszermunka")
    assert hu.index("kényszermunka") < hu.index("kiegészítő védelem") < hu.index("kísérő nélküli kiskorú")
    # French: case and accents do not come first (Caporalato among the c, délai after Cultural).
    assert fr.index("asile") < fr.index("Caporalato") < fr.index("centre d'accueil spécialisé")
    assert (
        fr.index("Cultural mediator")
        < fr.index("délai de réflexion")
        < fr.index("délai de rétablissement et de réflexion")
    )
    assert it.index("accoglienza") < it.index("asilo") < it.index("Questore") < it.index("sfruttamento")
    assert en.index("Asylum") < en.index("Caporalato") < en.index("Victim support")


def test_site_glossary_marks_other_languages_and_keeps_the_definition_in_the_readers_language():
    html = site_file("fr/glossary/index.html").read_text(encoding="utf-8")
    entry = html[html.index('id="glossary-reflection-period"') :].split("</dd>", 1)[0]
    assert "délai de réflexion" in entry and "Belgique : période de réflexion" in entry
    assert "Un temps pour se rétablir" in entry
    assert '<span lang="hu">mérlegelési idő</span>' in entry and '<span lang="en">Reflection period</span>' in entry
    assert "<table" not in html.split('class="md-content"', 1)[1]


def test_kit_glossary_is_printed_in_the_same_order():
    from pypdf import PdfReader

    pages = [p.extract_text() or "" for p in PdfReader(kit_path("hungary", "hu")).pages]
    text = "\n".join(pages)
    lines = [" ".join(line.split()) for line in text[text.index("Ez a szójegyzék") :].splitlines()]
    glossary = load_content(config()).glossary
    found, at = [], 0
    for entry in entries(glossary, "hu"):  # each headword starts a line, after the one before it
        word = entry.headword
        for i in range(at, len(lines)):
            if lines[i] == word or lines[i].startswith(word + " ("):
                found.append(word)
                at = i + 1
                break
    assert found == [e.headword for e in entries(glossary, "hu")]
    assert found.index("Cultural mediator") < found.index("családegyesítés")


def _page(lang: str, rel: str, body: str) -> Page:
    path = config().docs_dir / lang / rel
    return Page(path, lang, rel, PageMeta.model_construct(), body, body_line=10)


def test_term_check_warns_with_line_and_approved_term_in_the_pages_language_and_country():
    glossary = load_content(config()).glossary
    body = (
        "Texte.\n\n## Aide juridique {#legal-aid}\n\nLes personnes qui ont subi la traite.\n[^1]: ho subito la tratta\n"
    )
    problems = check_terms(_page("fr", "france/legal.md", body), glossary)
    shown = [str(p) for p in problems]
    assert shown == [
        "content/fr/france/legal.md:12: warning: 'Aide juridique' is a variant the glossary avoids (concept "
        "'legal-aid'). Write 'aide juridictionnelle' instead (content/glossary.yml).",
        "content/fr/france/legal.md:14: warning: 'subi la traite' is a variant the glossary avoids (concept "
        "'survivor'). Write 'vécu la traite' instead (content/glossary.yml).",
    ]
    assert all(p.severity == "warning" for p in problems)
    # Belgium says aide juridique; Italian variants are not checked on French pages; footnotes cite titles.
    assert check_terms(_page("fr", "belgium/legal.md", "L'aide juridique de deuxième ligne."), glossary) == []
    assert check_terms(_page("fr", "italy/legal.md", "hanno subito la tratta"), glossary) == []
    assert check_terms(_page("it", "italy/legal.md", "[^2]: Droits Quotidiens: ho subito la tratta"), glossary) == []
    # Hungarian inflected forms match too.
    hu = check_terms(_page("hu", "hungary/index.md", "a munkaerő kizsákmányolását célzó"), glossary)
    assert [p.line for p in hu] == [10] and "munkaerő-kizsákmányolás" in hu[0].fix


def test_term_check_reads_the_title_and_summary_but_not_the_sources(tmp_path):
    glossary = load_content(config()).glossary
    page_file = tmp_path / "legal.md"
    page_file.write_text(
        "---\n"
        'title: "Ce que vous avez subi la traite"\n'
        "summary: >-\n"
        "  L'aide\n"
        "  juridique en France.\n"
        "country: france\n"
        "topic: legal\n"
        "audience: [survivors]\n"
        "last_reviewed: 2026-12-03\n"
        "sources:\n"
        '  - title: "Guide : aide juridique"\n'
        "    url: https://www.example.org/guide\n"
        "    accessed: 2026-12-03\n"
        "---\n"
        "Texte.\n",
        encoding="utf-8",
    )
    page, problems = read_page(page_file, "fr", "france/legal.md", config())
    assert page is not None and page.valid, problems
    shown = [str(p) for p in check_terms(page, glossary)]
    assert shown == [
        f"{page_file.as_posix()}:2: warning: 'subi la traite' (in the title) is a variant the glossary avoids "
        "(concept 'survivor'). Write 'vécu la traite' instead (content/glossary.yml).",
        f"{page_file.as_posix()}:3: warning: 'aide juridique' (in the summary) is a variant the glossary avoids "
        "(concept 'legal-aid'). Write 'aide juridictionnelle' instead (content/glossary.yml).",
    ]


def test_term_check_reads_the_interface_strings_with_their_line(tmp_path):
    glossary = load_content(config()).glossary
    strings = tmp_path / "fr.yml"
    strings.write_text(
        "# Textes de l'interface\n"
        "kit_title: Kit d'information\n"
        "kit_subtitle: Droits et soutien pour les personnes qui ont subi la traite\n"
        "help:\n"
        "  legal: L'aide juridique\n",  # avoided for France only: strings serve every country
        encoding="utf-8",
    )
    shown = [str(p) for p in check_strings_terms(strings, "fr", glossary)]
    assert shown == [
        f"{strings.as_posix()}:3: warning: 'subi la traite' is a variant the glossary avoids (concept 'survivor'). "
        "Write 'vécu la traite' instead (content/glossary.yml)."
    ]
    assert check_strings_terms(strings, "it", glossary) == []  # French variants are not Italian ones
    # The real strings files follow the glossary.
    for lang in LANGS:
        assert check_strings_terms(config().root / "strings" / f"{lang}.yml", lang, glossary) == []


def test_bad_glossary_data_is_reported_with_file_and_line(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(
        "concepts:\n"
        "  - id: asylum\n"
        "    terms:\n"
        "      en: [{term: Asylum}]\n"
        "      fr: [{term: asile, country: belgum}]\n"
        "      xx: [{term: asilo}]\n"
        "    definition: {en: Protection.}\n"
        "  - id: asylum\n"
        "    terms: {fr: [{term: asile}]}\n"
        "    definition: {en: Protection.}\n",
        encoding="utf-8",
    )
    glossary, problems = read_glossary(path, config())
    assert glossary is None
    assert [(p.line, p.message) for p in problems] == [
        (8, "'concepts.1' needs an English term and an English definition (en)")
    ]
    text = path.read_text(encoding="utf-8").replace("terms: {fr:", "terms: {en: [{term: A}], fr:")
    path.write_text(
        text.replace("{en: Protection.}\n", "{en: 'See [rules](rules.md) and [x](javascript:alert(1)).'}\n", 1)
    )
    glossary, problems = read_glossary(path, config())
    found = sorted((p.line, p.message) for p in problems)
    assert found == [
        (5, "'belgum' is not a country of the kit"),
        (6, "'xx' is not a language of the kit"),
        (7, "the link points to 'rules.md', which does not exist"),
        (7, "the link scheme 'javascript:' is not allowed (in 'javascript:alert(1')"),
        (8, "the concept id 'asylum' is used twice"),
    ]
    assert "Use one of: belgium" in next(p.fix for p in problems if p.line == 5)


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_reads_on_a_360_pixel_phone_without_sideways_scrolling(browser, site_url, lang):
    require_chromium()
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(site_url + ("" if lang == config().default_language else f"{lang}/") + "glossary/")
    widths = page.evaluate(
        """() => ({doc: document.documentElement.scrollWidth,
                   wide: [...document.querySelectorAll('dt[id^="glossary-"], dt[id^="glossary-"] + dd')]
                         .filter(e => e.getBoundingClientRect().right > innerWidth || e.scrollWidth > e.clientWidth)
                         .map(e => e.id || e.textContent.slice(0, 40)),
                   entries: document.querySelectorAll('dt[id^="glossary-"]').length})"""
    )
    page.close()
    assert widths["entries"] >= 30
    assert widths["wide"] == [] and widths["doc"] <= 360, widths
