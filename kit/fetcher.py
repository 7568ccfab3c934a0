"""The only way WeasyPrint may load a file: regular files inside allowed folders, no network, no redirects.

Content arrives through pull requests, so a page must not be able to make the PDF build read a file outside the
repository (or the font package) or contact any server. A blocked fetch stops the build (FatalURLFetchingError).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

ALLOWED_SUFFIXES = {".css", ".png", ".jpg", ".jpeg", ".webp", ".ttf", ".otf", ".woff", ".woff2"}
MAX_BYTES = 5 * 1024 * 1024


class BlockedFetch(FatalURLFetchingError):
    """A resource the build refuses to load; the message says which and why."""


class SafeFetcher(URLFetcher):
    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise BlockedFetch(f"blocked: {url} (the kit may load only files inside the repository)")
        path = Path(url2pathname(parts.path)).resolve()  # resolves symlinks, so a link cannot point outside
        if not any(path.is_relative_to(root) for root in self.roots):
            raise BlockedFetch(f"blocked: {url} (outside the repository)")
        if not path.is_file():
            raise BlockedFetch(f"blocked: {url} (no such file)")
        if path.suffix.lower() not in ALLOWED_SUFFIXES:
            raise BlockedFetch(f"blocked: {url} (files of type {path.suffix or 'none'} are not allowed)")
        if path.stat().st_size > MAX_BYTES:
            raise BlockedFetch(f"blocked: {url} (larger than {MAX_BYTES // 1024 // 1024} MB)")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
