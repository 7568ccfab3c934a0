"""The site renderer on the small test kit: languages, fallback, search per language, self-hosted resources."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from kit.strings import load_strings


def html(cfg, path: str) -> str:
    return (cfg.site_dir / path).read_text(encoding="utf-8")


def test_each_language_has_its_own_html_lang_and_site_name(built_mini):
    for prefix, lang in (("", "en"), ("fr/", "fr"), ("hu/", "hu"), ("it/", "it")):
        page = html(built_mini, f"{prefix}belgium/index.html")
        assert f'<html lang="{lang}"' in page
        assert load_strings(lang)["site_name"].replace("'", "&#39;") in page or load_strings(lang)["site_name"] in page


def test_a_missing_translation_falls_back_to_english_with_a_notice_in_the_readers_language(built_mini):
    page = html(built_mini, "fr/belgium/legal/index.html")
    assert '<article class="md-content__inner md-typeset" lang="en">' in page
    assert "n&#39;est pas encore traduite en français" in page
    assert "Residence permits" in page
    translated = html(built_mini, "fr/belgium/index.html")
    assert 'md-typeset" lang="en"' not in translated
    assert "kit-notice--fallback" not in translated


def test_navigation_titles_are_translated(built_mini):
    page = html(built_mini, "hu/belgium/index.html")
    assert "Európai szabályok" in page


def test_country_page_links_its_kit_with_pages_and_size(built_mini):
    page = html(built_mini, "fr/belgium/index.html")
    # the manifest of today's build (one kit per country and language) is read as the full kit for screens
    # \s before "Mo": French puts a no-break space between a number and its unit
    match = re.search(r'<a href="../downloads/fiit-kit-belgium-fr.pdf" download>Kit complet '
                      r"\(PDF, (\d+) pages, ([\d,]+)\sMo\)</a>", page)  # fmt: skip
    assert match and int(match.group(1)) == 12  # padded with Notes pages to a multiple of 4
    assert (built_mini.site_dir / "fr/downloads/fiit-kit-belgium-fr.pdf").is_file()


def test_search_in_french_finds_french_pages_only(built_mini):
    index = json.loads(html(built_mini, "fr/search/search_index.json"))
    assert index["config"]["lang"] == ["fr"]
    titles = {doc["title"] for doc in index["docs"]}
    assert "La Belgique en bref" in titles
    assert "Legal questions in Belgium" not in titles
    english = json.loads(html(built_mini, "search/search_index.json"))
    assert not any(doc["location"].startswith(("fr/", "hu/", "it/")) for doc in english["docs"])
    # The French pages send Material's search to the French index.
    assert '"base": "../../fr/"' in html(
        built_mini, "fr/belgium/index.html"
    )  # with the slash: Material resolves search/ against it


def test_contacts_are_rendered_from_the_data_file_with_tel_links(built_mini):
    page = html(built_mini, "belgium/contacts/index.html")
    assert '<a href="tel:+3278055800">+32 78 05 58 00</a>' in page
    assert '<a href="tel:112">112</a>' in page


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


def third_party_resources(site_dir) -> list[str]:
    found = []
    for path in site_dir.rglob("*"):
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text(encoding="utf-8"))
            found += [f"{path}: {u}" for u in parser.urls if re.match(r"^(https?:)?//", u)
                      and not u.startswith("https://fiit-kit.github.io/")]  # fmt: skip
        elif path.suffix == ".css":
            found += [f"{path}: {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", path.read_text())]
    return found


def test_no_resource_comes_from_a_third_party(built_mini):
    assert third_party_resources(built_mini.site_dir) == []
    assert (built_mini.site_dir / "assets/fonts/AtkinsonHyperlegible-Regular.ttf").is_file()
    assert "fonts.googleapis" not in html(built_mini, "index.html")


def test_theme_texts_sources_and_contact_names_are_in_the_readers_language(built_mini):
    fr = load_strings("fr")
    page = html(built_mini, "fr/belgium/index.html")
    assert "Made with" not in page and fr["footer_made_with"].split("{")[0].strip() in page
    assert '<a href="https://squidfunk.github.io/mkdocs-material/" lang="en"' in page  # the software's name
    assert "Jump back" not in page
    assert fr["footnote_backlink"].format(number=1).replace("'", "&#39;") in page or (
        fr["footnote_backlink"].format(number=1) in page
    )
    assert re.search(r'<a href="https://example.org/nl/slachtoffers" hreflang="nl" lang="nl">', page)
    assert re.search(r'<a href="https://example.org/source">Test source</a>', page)  # no language given: no mark
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)[1])
    assert config["translations"]["search.result.placeholder"] == fr["theme"]["search.result.placeholder"]
    english = html(built_mini, "belgium/contacts/index.html")
    assert '<h2 id="contact-test-helpline">Test helpline</h2>' in english
