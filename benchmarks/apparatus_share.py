"""Text first: the share of a country's "in brief" page height taken by notes and sources at 360 px, in Chromium.

Before issue 10 (footnotes under the text, then the "Sources" list): Belgium fr 35.6 %, Hungary hu 45.0 %, Italy it
35.3 %, France en 41.0 %. Run after `build_kit.py site`: .venv/bin/python benchmarks/apparatus_share.py
It prints figures; it asserts nothing (tests/test_apparatus.py does).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

PAGES = [("fr", "belgium"), ("hu", "hungary"), ("it", "italy"), ("en", "france")]
SHARE = """() => {
  const article = document.querySelector('article.md-content__inner');
  let apparatus = 0;
  for (const el of article.querySelectorAll('.kit-page-meta')) apparatus += el.getBoundingClientRect().height;
  for (const el of article.querySelectorAll('.footnote')) {
    if (!el.closest('.kit-page-meta')) apparatus += el.getBoundingClientRect().height;
  }
  return [article.getBoundingClientRect().height, apparatus];
}"""


def main() -> None:
    from browser import CHROMIUM_ARGS, _QuietHandler, chromium_path
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(ROOT / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 740})
        for lang, country in PAGES:
            prefix = "" if lang == "en" else f"{lang}/"
            page.goto(f"http://127.0.0.1:{server.server_port}/{prefix}{country}/")
            total, apparatus = page.evaluate(SHARE)
            print(
                f"{country} ({lang}): page {total:.0f} px, notes and sources {apparatus:.0f} px, {apparatus / total:.1%}"
            )
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
