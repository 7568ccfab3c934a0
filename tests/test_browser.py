"""The built site in a real browser (Chromium): accessibility (axe), privacy, and the exit control.

Skipped with the reason when Chromium is missing locally; in CI (CI=true) a missing browser fails instead.
"""

from __future__ import annotations

import json

import pytest
from axe_scan import scan
from browser import SLOW_PATH, require_chromium, site_pages

from kit.config import config
from kit.strings import load_strings

LANGS = config().language_codes
EXIT_URLS = {lang: load_strings(lang)["exit_url"] for lang in LANGS}
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><p>Weather"


def prefix(lang: str) -> str:
    return "" if lang == config().default_language else f"{lang}/"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_passes_axe_at_1280_and_360_pixels_and_reads_on_a_phone(lang, site_url):
    """axe at 1280 and 360 px; at 360 and 320 px no phone number over two lines, no table wider than its column
    (wide tables become cards, kit-tables.js), no sideways scrolling, urgent text as large as the body text."""
    pages = site_pages(lang)
    assert len(pages) >= 40, pages
    pages.append(prefix(lang) + "404.html")  # the page for a missing address too
    checked, violations, measured = scan(require_chromium(), site_url, pages)
    assert checked == 2 * len(pages)
    assert measured["tels"] >= 50 and measured["tables"] >= 10, measured  # the walk measured real pages
    report = "\n".join(violations)
    assert violations == [], f"{len(violations)} WCAG A/AA violations or phone layout problems:\n{report}"


@pytest.fixture
def context(browser, site_url):
    """A fresh browser profile in which every address outside the site answers with a stand-in page (the machine
    has no internet) and is recorded."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.outside = []  # type: ignore[attr-defined]

    def outside(route):
        ctx.outside.append(route.request)  # type: ignore[attr-defined]
        route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)

    ctx.route(lambda url: not url.startswith(site_url), outside)
    ctx.add_init_script(
        "window.__csp = []; addEventListener('securitypolicyviolation', e => __csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield ctx
    ctx.close()


def test_five_pages_leave_no_trace_and_ask_no_third_party(context, site_url):
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ["", "fr/belgium/", "hu/hungary/legal/", "it/italy/contacts/", "glossary/"]:
        page.goto(site_url + path)
        assert page.evaluate("window.__csp") == [], path
    # Search, in Hungarian, finds Hungarian pages through the Hungarian index.
    page.goto(site_url + "hu/hungary/")
    page.keyboard.press("s")
    page.locator("input.md-search__input").fill("tartózkodási engedély")
    page.locator(".md-search-result__link").first.wait_for()
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(h.startswith(site_url + "hu/") for h in hrefs), hrefs
    # The language switcher, used as a reader would.
    page.locator('a.md-select__link[hreflang="it"]').first.dispatch_event("click")
    page.wait_for_url(site_url + "it/hungary/")
    assert [r for r in requests if not r.startswith(site_url)] == []
    assert context.cookies() == []
    storage = page.evaluate(
        """async () => [localStorage.length, sessionStorage.length,
            (await navigator.serviceWorker.getRegistrations()).length, (await caches.keys()).length,
            (await indexedDB.databases()).length, document.cookie]"""
    )
    assert storage == [0, 0, 0, 0, 0, ""]
    assert page.evaluate("window.__csp") == []


@pytest.mark.parametrize("lang", LANGS)
def test_shift_three_times_exits_and_back_does_not_return(context, site_url, lang):
    page = context.new_page()
    first, second = site_url + prefix(lang), site_url + prefix(lang) + "belgium/"
    page.goto(first)
    page.goto(second)
    history = page.evaluate("history.length")
    status = page.locator("[data-kit-exit-status]")
    strings = load_strings(lang)
    page.keyboard.press("Shift")
    assert status.text_content() == strings["exit_press_two"]
    page.keyboard.press("Shift")
    assert status.text_content() == strings["exit_press_one"]
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URLS[lang])
    assert [r.headers.get("referer") for r in context.outside] == [None]  # no-referrer: the site is not revealed
    assert page.evaluate("history.length") == history  # replaced, not added
    page.go_back()
    assert page.url == first  # the page left is gone from the tab's history


def test_an_interrupted_or_slow_sequence_does_not_exit(context, site_url):
    page = context.new_page()
    page.clock.install()
    page.goto(site_url + "fr/france/")
    bar, status = page.locator(".kit-exit"), page.locator("[data-kit-exit-status]")
    # Shift, Shift, then 5 seconds of nothing: the count expires and says so.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(5100)
    assert status.text_content() == load_strings("fr")["exit_expired"]
    page.keyboard.press("Shift")
    assert bar.get_attribute("data-presses") == "1"
    # Another key resets the count.
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    assert bar.get_attribute("data-presses") == "1"
    # Shift+A is typing, not an exit press.
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert bar.get_attribute("data-presses") == "2"
    assert page.url == site_url + "fr/france/"
    assert context.outside == []


RECORD_ON_EXIT = """
addEventListener("DOMContentLoaded", () => new MutationObserver(() => {
  if (!document.body.classList.contains("kit-exiting")) return;
  const shown = [".kit-exit-overlay", ".md-content", ".md-header", ".kit-exit", ".md-banner"]
    .map((s) => document.querySelector(s).checkVisibility());
  const text = document.querySelector(".kit-exit-overlay").textContent;
  sessionStorage.setItem("seen-on-exit", JSON.stringify({shown, text}));
}).observe(document.body, {attributes: true}));
"""  # the test's own record of what the page showed as it left (in the test's throwaway browser profile)


def test_the_exit_blanks_the_page_before_leaving(browser, site_url):
    ctx = browser.new_context()
    ctx.add_init_script(RECORD_ON_EXIT)
    page = ctx.new_page()
    page.goto(site_url + "it/italy/")
    page.evaluate(f"document.querySelector('.kit-exit__button').href = '{SLOW_PATH}'")  # a destination on this site
    page.locator(".kit-exit__button").click()
    page.wait_for_url("**" + SLOW_PATH)
    assert json.loads(page.evaluate("sessionStorage.getItem('seen-on-exit')")) == {
        "shown": [True, False, False, False, False],
        "text": load_strings("it")["exit_loading"],
    }
    ctx.close()


def test_the_exit_works_without_javascript(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    seen = []
    ctx.route(lambda url: not url.startswith(site_url),
              lambda route: (seen.append(route.request), route.fulfill(body=NEUTRAL_PAGE, content_type="text/html")))  # fmt: skip
    page = ctx.new_page()
    page.goto(site_url + "hu/hungary/legal/")
    page.locator(".kit-exit__button").click()
    page.wait_for_url(EXIT_URLS["hu"])
    assert seen[0].headers.get("referer") is None
    ctx.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_exit_stays_in_view_and_is_second_in_the_tab_order(browser, site_url, width):
    ctx = browser.new_context(viewport={"width": width, "height": 800 if width > 600 else 640})
    page = ctx.new_page()
    page.goto(site_url + "united-kingdom/legal/")
    page.keyboard.press("Tab")
    focused = "[...document.activeElement.classList].filter(c => c.startsWith('md-skip') || c.startsWith('kit-exit')).join(' ')"
    assert page.evaluate(focused) == "md-skip"  # Material's "Skip to content"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "md-skip kit-exit-skip"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Emergency Exit this page"
    assert page.evaluate("document.activeElement.getAttribute('rel')") == "nofollow noreferrer"
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    box = page.locator(".kit-exit__button").bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 100 and box["height"] >= 24
    assert page.get_by_role("link", name="Emergency Exit this page").count() == 2
    ctx.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_focus_is_never_hidden_under_the_fixed_bars(browser, site_url, width):
    """WCAG 2.4.11 Focus Not Obscured: tabbing through a long page, the middle of each focused element is that
    element, not the exit bar or the sticky header drawn over it."""
    ctx = browser.new_context(viewport={"width": width, "height": 800 if width > 600 else 640}, reduced_motion="reduce")
    page = ctx.new_page()
    page.goto(site_url + "fr/united-kingdom/legal/")
    hidden = []
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """async () => {
                await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));  // let it settle
                const el = document.activeElement, box = el.getBoundingClientRect();
                if (el === document.body || box.width === 0 || box.height === 0) return null;
                const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
                const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
                const hit = document.elementFromPoint(x, y);
                return hit && (el.contains(hit) || hit.contains(el)) ? null : el.outerHTML.slice(0, 80) + ' under ' + (hit ? hit.className : '?');
            }"""
        )
        if state:
            hidden.append(state)
    assert hidden == []
    ctx.close()
