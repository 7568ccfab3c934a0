"""axe-core over many pages at two widths, two pages at a time (the machine has two cores).

Each page is loaded once and checked at 1280 px with every WCAG A/AA rule, then narrowed to a 360 px phone and
checked again with every rule (target size included). The browser asks for reduced motion, so Material's drawer does
not animate while axe reads its colours. At 360 px colour contrast is checked on the page's frame only (header,
navigation drawer, help bar, exit bar, footer): the text of a page has the same colours at any width, and the
contrast rule is most of axe's time. At 360 px, and again at 320 px (reflow, WCAG 1.4.10: cheap, no axe), the page's
layout is measured (LAYOUT): no phone number over two lines, no table wider than its column, no sideways scrolling,
urgent text no smaller than the body text.
Runs Playwright's async API in a thread of its own, so that it never meets the session's sync browser.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from axe_playwright_python.async_playwright import Axe
from browser import CHROMIUM_ARGS
from playwright.async_api import async_playwright

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = [(1280, 800), (360, 640)]
REFLOW = (320, 640)
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"], "iframes": False}
NARROW = [
    ("document", {**OPTIONS, "rules": {"color-contrast": {"enabled": False}}}),
    ({"include": [[".md-header"], [".md-sidebar--primary"], [".md-banner"], [".kit-exit"], [".md-footer"]]},
     {**OPTIONS, "runOnly": {"type": "rule", "values": ["color-contrast"]}}),
]  # fmt: skip

# What a reader on a phone would see go wrong, measured in the page; counts of what was measured come back too.
LAYOUT = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));  // kit-tables.js re-lays out
  const problems = [], seen = v => v.getClientRects().length > 0;
  const name = el => el.outerHTML.slice(0, 90);
  const tels = [...document.querySelectorAll('a[href^="tel:"]')].filter(seen);
  for (const a of tels) {
    const lines = new Set([...a.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (lines.size > 1) problems.push(`phone number over ${lines.size} lines: ${a.textContent}`);
  }
  const tables = [...document.querySelectorAll(".md-content table")].filter(seen);
  const column = document.querySelector(".md-content__inner").getBoundingClientRect();
  for (const table of tables) {
    const wrap = table.closest(".md-typeset__scrollwrap") || table, box = table.getBoundingClientRect();
    if (box.right > column.right + 1 || table.scrollWidth > table.clientWidth + 1 || wrap.scrollWidth > wrap.clientWidth + 1)
      problems.push(`table wider than its column (${Math.round(Math.max(box.width, table.scrollWidth))} px): ${name(table)}`);
  }
  if (document.documentElement.scrollWidth > innerWidth) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} px`);
  const body = parseFloat(getComputedStyle(document.querySelector(".md-content__inner")).fontSize);
  for (const el of document.querySelectorAll(".md-content .admonition p, .kit-help__item")) {
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (seen(el) && size < body - 0.1) problems.push(`urgent text at ${size} px, body text at ${body} px: ${name(el)}`);
  }
  return {problems, tels: tels.length, tables: tables.length};
}"""


async def _scan(
    executable: str, base: str, paths: list[str], concurrency: int
) -> tuple[int, list[str], dict[str, int]]:
    axe = Axe()
    queue = list(reversed(paths))
    found: list[str] = []
    checked = 0
    measured = {"tels": 0, "tables": 0}

    async def worker(browser: Any) -> None:
        nonlocal checked
        session = await browser.new_context(
            viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]}, reduced_motion="reduce"
        )
        page = await session.new_page()
        # The search index and the switcher's sitemap lookups are not what axe checks: skip them to save time.
        await page.route("**/search/search_index.json", lambda route: route.abort())
        await page.route("**/sitemap.xml", lambda route: route.abort())
        while queue:
            path = queue.pop()
            await page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
            await page.goto(base + path)
            await page.evaluate(axe.axe_script)
            for width, height in WIDTHS:
                runs = [("document", OPTIONS)]
                if width != WIDTHS[0][0]:
                    await page.set_viewport_size({"width": width, "height": height})
                    runs = NARROW
                checked += 1
                violations = []
                for scope, options in runs:
                    result = await page.evaluate(
                        "([scope, options]) => axe.run(scope === 'document' ? document : scope, options)",
                        [scope, options],
                    )
                    violations += result["violations"]
                for violation in violations:
                    for node in violation["nodes"]:
                        found.append(f"/{path} at {width} px: {violation['id']} ({violation['impact']}) on "
                                     f"{' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")  # fmt: skip
            for width, height in (WIDTHS[-1], REFLOW):
                await page.set_viewport_size({"width": width, "height": height})
                layout = await page.evaluate(LAYOUT)
                found.extend(f"/{path} at {width} px: {problem}" for problem in layout["problems"])
                if width == WIDTHS[-1][0]:
                    measured["tels"] += layout["tels"]
                    measured["tables"] += layout["tables"]
        await session.close()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        await asyncio.gather(*(worker(browser) for _ in range(concurrency)))
        await browser.close()
    return checked, found, measured


def scan(executable: str, base: str, paths: list[str], concurrency: int = 2) -> tuple[int, list[str], dict[str, int]]:
    """(number of page × width axe checks, violations and layout problems as readable lines, the number of phone
    links and tables measured at 360 px)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = asyncio.run(_scan(executable, base, paths, concurrency))
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
