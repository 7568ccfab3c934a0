"""The offline copy (build/offline/fiit-kit-offline.zip): opened from files in a real browser, with every kit."""

from __future__ import annotations

import zipfile

import pytest
from browser import require_chromium

from kit.config import config
from kit.offline import OFFLINE_DIR, ZIP_NAME


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    archive = config().root / OFFLINE_DIR / ZIP_NAME
    if not archive.is_file():
        pytest.fail(f"{archive} is missing: run `make build` (or `make test`, which builds first)")
    folder = tmp_path_factory.mktemp("usb")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
    return folder / "fiit-kit"


def test_the_zip_holds_every_language_and_every_kit(unpacked):
    assert (unpacked / "README.txt").is_file()
    for lang in config().language_codes:
        prefix = unpacked if lang == config().default_language else unpacked / lang
        assert (prefix / "index.html").is_file()
        assert (prefix / "belgium" / "legal.html").is_file()  # pages are files: no web server needed
        for country in config().countries:
            assert (prefix / "downloads" / f"fiit-kit-{country}-{lang}.pdf").stat().st_size > 100_000


def test_pages_open_and_link_from_files(unpacked, browser):
    require_chromium()
    page = browser.new_page()
    outside = []
    page.route(
        lambda url: not url.startswith("file://"), lambda route: (outside.append(route.request.url), route.abort())
    )
    page.goto((unpacked / "hu" / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "hu"
    page.locator(".md-nav__link[href$='hungary/index.html']").first.dispatch_event("click")
    page.wait_for_url("**/hu/hungary/index.html")
    assert page.locator("h1").first.text_content().startswith("Magyarország")
    page.locator(".kit-help__safety").click()
    page.wait_for_url("**/hu/safety.html")
    assert page.locator("h1").first.is_visible()
    assert outside == []
    page.close()
