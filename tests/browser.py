"""A real browser over the built site: Debian's Chromium driven by Playwright, the site served on localhost.

Without Chromium the browser tests are skipped with the reason, except in CI (CI=true), where they fail:
.ci/run installs Chromium when it is missing.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kit.config import config

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "install it with `sudo apt-get install chromium` (Debian/Ubuntu), or set KIT_CHROMIUM to a Chrome or Chromium binary"


def chromium_path() -> str | None:
    candidate = os.environ.get("KIT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return candidate if candidate and Path(candidate).exists() else None


def require_chromium() -> str:
    path = chromium_path()
    if path is None:
        message = f"browser tests need Chromium: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


SLOW_PATH = "/__slow__"  # answers after SLOW_SECONDS: a page that takes its time to arrive
SLOW_SECONDS = 1


# The site is served as GitHub Pages serves it (.github/workflows/deploy.yml): under the path of mkdocs.yml's
# site_url, and a missing address answers 404 with the site's root 404.html (absolute links work as published).
SITE_PATH = urlsplit(config().site_url or "/").path.rstrip("/") + "/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == SLOW_PATH:
            time.sleep(SLOW_SECONDS)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<!doctype html><title>Slow</title>")
            return
        path = urlsplit(self.path).path
        if not (path + "/").startswith(SITE_PATH):
            return self._not_found()
        self.path = "/" + self.path[len(SITE_PATH) :]
        target = Path(self.translate_path(self.path))
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return
        if not (target / "index.html" if target.is_dir() else target).is_file():
            return self._not_found()
        super().do_GET()

    def _not_found(self) -> None:
        not_found = Path(self.directory) / "404.html"
        page = not_found.read_bytes() if not_found.is_file() else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """The built site (make build), served on localhost as published (SITE_PATH): file:// would change the
    browser's behaviour."""
    root = config().site_dir
    if not (root / "index.html").is_file():
        pytest.fail(f"{root} has no site: run `make build` (or `make test`, which builds first)")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{SITE_PATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def site_pages(lang: str) -> list[str]:
    """Every page of one language, as paths under the site's root."""
    root = config().site_dir
    codes = config().language_codes
    prefix = "" if lang == config().default_language else f"{lang}/"
    pages = []
    for path in sorted((root / prefix).rglob("index.html")):
        rel = path.relative_to(root).as_posix()
        first = rel.split("/")[0]
        if first in ("assets", "search", "downloads") or (not prefix and first in codes):
            continue
        pages.append(rel.removesuffix("index.html"))
    return pages
