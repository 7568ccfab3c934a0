"""The real site, as built: languages, search per language, no third-party resources, kits linked."""

from __future__ import annotations

import json
import posixpath
import re
from urllib.parse import urlsplit

import pytest
from browser import site_pages
from built import site_file
from test_site_mini import third_party_resources

from kit.config import config
from kit.strings import load_strings


@pytest.mark.parametrize("lang", config().language_codes)
def test_language_root_search_index_and_kit_links(lang):
    prefix = "" if lang == config().default_language else f"{lang}/"
    page = site_file(f"{prefix}belgium/index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in page
    assert f'href="../downloads/fiit-kit-belgium-{lang}.pdf"' in page
    index = json.loads(site_file(f"{prefix}search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    assert index["docs"]
    assert not any(d["location"].startswith(tuple(f"{c}/" for c in config().language_codes)) for d in index["docs"])


def test_every_kit_is_published_in_the_site():
    for lang in config().language_codes:
        prefix = "" if lang == config().default_language else f"{lang}/"
        for country in config().countries:
            site_file(f"{prefix}downloads/fiit-kit-{country}-{lang}.pdf")


def test_no_resource_comes_from_a_third_party():
    assert third_party_resources(config().site_dir) == []


def test_the_language_switcher_stays_on_the_same_page_everywhere():
    """On every page of every language, each switcher link leads to the same page in the other language."""
    root = config().site_dir
    base_path = urlsplit(config().site_url).path
    codes = config().language_codes
    checked = 0
    for path in root.rglob("index.html"):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] in ("assets", "search", "downloads"):
            continue
        lang = rel.split("/")[0] if rel.split("/")[0] in codes[1:] else codes[0]
        page = rel.removeprefix(f"{lang}/") if lang != codes[0] else rel
        links = dict(re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link">', path.read_text()))
        targets = {code: href for href, code in links.items()}
        assert set(targets) == set(codes), rel
        for code, href in targets.items():
            if href.startswith("/"):  # the home page links the default language by its absolute path
                href = posixpath.relpath(href, posixpath.join(base_path, posixpath.dirname(rel)))
            landed = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
            expected = posixpath.dirname(page if code == codes[0] else f"{code}/{page}") or "."
            assert landed == expected, f"{rel}: {code} → {landed}"
            checked += 1
    assert checked >= 4 * 4 * 40


def _pages(lang: str):
    for path in site_pages(lang):
        yield f"{path}index.html", site_file(f"{path}index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", config().language_codes)
def test_every_page_has_the_exit_the_help_numbers_and_the_safety_page(lang):
    """Help in the same place on every page (WCAG 3.2.6): the country's hotline and emergency number on its pages,
    every hotline elsewhere; the exit to this language's neutral site; a link to this language's safety page."""
    from kit.content import load_content

    strings = load_strings(lang)
    contacts = load_content(config()).contacts
    prefix = "" if lang == config().default_language else f"{lang}/"
    checked = 0
    for rel, html in _pages(lang):
        help_bar = re.search(r'<nav class="kit-help".*?</nav>', html, re.S)
        assert help_bar, rel
        tels = re.findall(r'href="tel:([+\d]+)"', help_bar.group(0))
        country = rel.removeprefix(prefix).split("/")[0]
        if country in config().countries:
            hotline = next(c for c in contacts[country].contacts if c.kind == "hotline")
            emergency = [c.phone for c in contacts[country].contacts if c.kind == "emergency"]
            assert tels == [hotline.tel.removeprefix("tel:"), "112" if "112" in emergency else emergency[0]], rel
        else:
            assert len(tels) == len(config().countries) + 2, rel  # every hotline, 112 and 999
            assert tels[-2:] == ["112", "999"], rel
        safety = re.search(r'<a class="kit-help__safety" href="([^"]+)">([^<]+)</a>', help_bar.group(0))
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), safety.group(1)))
        assert (target, safety.group(2)) == (f"{prefix}safety".strip("/"), strings["safety_link"]), rel
        assert html.count(f'href="{strings["exit_url"]}" rel="nofollow noreferrer" data-kit-exit') == 2, rel
        checked += 1
    assert checked >= 45


def test_the_exit_destinations_are_neutral_https_sites():
    for lang in config().language_codes:
        url = urlsplit(load_strings(lang)["exit_url"])
        assert url.scheme == "https" and url.netloc
        assert not any(engine in url.netloc for engine in ("google", "bing", "yahoo", "duckduckgo", "facebook"))


@pytest.mark.parametrize("lang", config().language_codes)
def test_a_survivors_page_starts_with_whom_to_call_in_danger_and_ends_with_the_download(lang):
    """On each country's "in brief" page the text begins with the "In danger now?" box and its numbers; the kit's
    download comes after the last section of the text. The help bar says each number in a sentence."""
    from markupsafe import escape

    prefix = "" if lang == config().default_language else f"{lang}/"
    strings = load_strings(lang)
    for country in config().countries:
        html = site_file(f"{prefix}{country}/index.html").read_text(encoding="utf-8")
        article = html[html.index('<article class="md-content__inner') :]
        text = article[article.index("</h1>") + len("</h1>") :].lstrip()
        first = re.match(r'<div class="admonition warning">.*?</div>', text, re.S)
        assert first and 'href="tel:' in first.group(0), f"{prefix}{country}/: {text[:120]}"
        body = re.split(r'<div class="footnote"|<footer', text)[0]  # the page's own text
        downloads = body.index('class="kit-downloads"')  # the printed versions, with their own heading
        after = body[downloads:].replace('<h2 id="kit-downloads-title"', "", 1)
        assert 0 < body.rindex("<h2", 0, downloads) and "<h2" not in after, f"{prefix}{country}/"
        bar = re.search(r'<nav class="kit-help".*?</nav>', html, re.S).group(0)
        hotline = escape(strings["help_hotline_in"].format(where=strings["help_where"][country]))
        emergency = escape(strings["help_emergency_in"].format(where=strings["help_where"][country]))
        assert f'{hotline} <a href="tel:' in bar and f'{emergency} <a href="tel:' in bar, bar
