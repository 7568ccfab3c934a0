"""Search finds word forms and unaccented words in each language; a browsing session makes no failed request;
the 404 page in every language (issue 10, items 6 and 7). Chromium over the built site (tests/browser.py)."""

from __future__ import annotations

import json
import re

import pytest
from browser import site_pages
from playwright.sync_api import expect

from kit.config import config
from kit.strings import load_strings

LANGS = config().language_codes
DEFAULT = config().default_language
# Two forms of a word, or a word without and with its accents: each pair must find the same pages.
PAIRS = {
    "en": [("victim", "victims")],
    "fr": [("victime", "victimes"), ("séjour", "sejour")],
    "hu": [("engedély", "engedélyt")],
    "it": [("permesso", "permessi")],
}
TOP = 5
WAIT = 30_000  # ms: the worker builds the index first, which takes seconds on a busy machine


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT else f"{lang}/"


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    yield ctx
    ctx.close()


def open_search(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.keyboard.press("s")
    return page


def search(page, query: str) -> tuple[int, list[str], list[str]]:
    """The number of pages found, the first pages' addresses and the previews' HTML, as a reader sees them."""
    box, meta = page.locator("input.md-search__input"), page.locator(".md-search-result__meta")
    # Material reads the box on keyup: type, then release a key. An empty box first, so that the count seen
    # afterwards is the new query's, even when it equals the last one.
    box.fill("")
    box.press("End")
    expect(meta).not_to_contain_text(re.compile(r"\d"), timeout=WAIT)
    box.fill(query)
    box.press("End")
    expect(meta).to_contain_text(re.compile(r"\d"), timeout=WAIT)
    count = int(re.search(r"\d+", meta.text_content() or "").group(0))
    links = page.locator(".md-search-result__item > .md-search-result__link:first-child")
    hrefs = links.evaluate_all(f"links => links.slice(0, {TOP}).map(a => a.href.split('?')[0])")
    previews = page.locator(".md-search-result__article").evaluate_all("items => items.map(e => e.innerHTML)")
    return count, hrefs, previews


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_word_forms_and_words_without_accents(context, site_url, lang):
    home = site_url + prefix(lang)
    others = tuple(site_url + f"{other}/" for other in LANGS if other != DEFAULT and other != lang)
    page = open_search(context, home)
    for first, second in PAIRS[lang]:
        count_a, top_a, _ = search(page, first)
        count_b, top_b, previews = search(page, second)
        assert count_a >= 5, (first, count_a)
        assert (count_a, top_a) == (count_b, top_b), f"{first}: {count_a} {top_a}\n{second}: {count_b} {top_b}"
        # Every result is a page of this language.
        assert all(h.startswith(home) and not h.startswith(others) for h in top_a), top_a
    if lang == "fr":
        # The previews keep the accents: "séjour" is shown and marked, although "sejour" was typed.
        assert any(re.search(r"<mark>séjour", p, re.I) for p in previews), previews[:2]
        # A quoted phrase requires its words but not its stop words, which the index does not hold.
        assert search(page, '"titre de sejour"')[0] >= 5


def test_a_browsing_session_in_four_languages_makes_no_failed_request(context, site_url):
    failed: list[str] = []
    missing = site_url + "fr/no-such-page/"
    page = context.new_page()
    page.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and r.url != missing and failed.append(f"{r.url}: {r.status}"))
    # Each kind of page once, across the four languages; every page until its last request has answered.
    for lang, path in [(DEFAULT, ""), ("fr", "belgium/"), ("hu", "france/contacts/"), ("it", "glossary/")]:
        assert prefix(lang) + path in site_pages(lang)
        page.goto(site_url + prefix(lang) + path)
        page.wait_for_load_state("networkidle")
    # Search (the worker, the index and the language's stemmer), then the language switch, as a reader uses them.
    page.keyboard.press("s")
    box = page.locator("input.md-search__input")
    box.fill("permessi")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    page.locator('a.md-select__link[hreflang="hu"]').first.dispatch_event("click")
    page.wait_for_url(site_url + "hu/glossary/")
    page.wait_for_load_state("networkidle")
    # A missing address answers 404 with the site's 404 page, which loads everything it needs.
    response = page.goto(missing)
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.text_content().strip() == load_strings(DEFAULT)["not_found_title"]
    assert page.locator(".kit-exit__button").is_visible() and page.locator(".kit-help").is_visible()
    page.locator(".kit-not-found__homes a[hreflang='it']").click()
    page.wait_for_url(site_url + "it/")
    page.wait_for_load_state("networkidle")
    assert failed == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_404_page_speaks_the_language_and_its_links_lead_somewhere(context, site_url, lang):
    strings = load_strings(lang)
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url}: {r.status}"))
    page.goto(site_url + prefix(lang) + "404.html")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.title() == f"{strings['not_found_title']} - {strings['site_name']}"
    article = page.locator("article")
    assert article.locator("h1").text_content().strip() == strings["not_found_title"]
    text = " ".join((article.text_content() or "").split())  # split(): a no-break space (French ":") too

    def words(key: str) -> str:
        return " ".join(strings[key].split())

    assert words("not_found_text") in text and words("not_found_home") in text
    # Every language's home, named in its own language, and this language's safety page.
    homes = article.locator(".kit-not-found__homes a").evaluate_all(
        "links => links.map(a => [a.lang, a.textContent.trim(), a.href])"
    )
    assert homes == [[code, load_strings(code)["language_name"], site_url + prefix(code)] for code in LANGS]
    safety = article.locator(".kit-not-found__safety")
    assert safety.text_content() == strings["safety_link"]
    assert safety.evaluate("a => a.href") == site_url + prefix(lang) + "safety/"
    # The header's language selector leads to the homes too, not to some unrelated page.
    selector = page.locator("a.md-select__link").evaluate_all("links => links.map(a => a.href)")
    assert selector == [site_url + prefix(code) for code in LANGS]
    for href in [h[2] for h in homes] + [safety.evaluate("a => a.href")]:
        assert page.request.get(href).status == 200, href
    # The reader's safety frame is there: the exit control and the help bar in this language.
    assert page.locator(".kit-exit__button").is_visible()
    assert page.locator(".kit-help").get_attribute("aria-label") == strings["help_bar"]
    assert failed == []


@pytest.mark.parametrize("lang", LANGS)
def test_each_index_stems_with_its_language_through_the_kits_worker(lang):
    """What the browser tests rely on, checked on the files: a failure here names the file to fix."""
    site = config().site_dir
    index = json.loads((site / prefix(lang) / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    assert index["config"]["pipeline"] == ["trimmer", "stopWordFilter", "stemmer"]
    if lang != "en":  # Material loads lunr-languages' support for the index's language from here
        assert (site / f"assets/javascripts/lunr/min/lunr.{lang}.min.js").is_file()
    worker = (site / "assets/javascripts/workers/kit-search.js").read_text(encoding="utf-8")
    material = re.search(r'MATERIAL_WORKER = "([^"]+)"', worker).group(1)
    assert (site / "assets/javascripts/workers" / material).is_file(), f"kit-search.js: no {material} in the site"
    page = (site / prefix(lang) / "belgium/index.html").read_text(encoding="utf-8")
    config_json = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)[1])
    assert config_json["search"].endswith("assets/javascripts/workers/kit-search.js")


@pytest.mark.parametrize("lang", [code for code in LANGS if code != DEFAULT])
def test_each_language_root_has_a_sitemap_of_its_own_pages(lang):
    """Material fetches sitemap.xml under the language's root (its `base`)."""
    site = config().site_dir
    locs = re.findall(r"<loc>([^<]+)</loc>", (site / lang / "sitemap.xml").read_text(encoding="utf-8"))
    base = config().site_url.rstrip("/") + "/"
    assert sorted(locs) == sorted(base + path for path in site_pages(lang))  # the paths start with <lang>/
