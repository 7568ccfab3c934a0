"""Files that the theme and the host ask for under each language's root: its 404 page and its sitemap.

mkdocs-static-i18n builds every language into the same site folder, so each language's 404.html overwrites the
previous one at the root, and the one sitemap.xml is at the root only, while Material fetches sitemap.xml under
the page's `base`, which is the language's root (overrides/main.html). Without these files every page view of a
non-default language made a request that failed (issue 10, item 7).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_URL = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>([^<]*)</loc>")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_not_found_pages(site_dir: Path, default: str, pages: dict[str, str]) -> None:
    """Each language's rendered 404 page at its root: the default language's at the site's root (the one a host
    such as GitHub Pages serves for every missing address), the others' at <lang>/404.html."""
    for lang, html in pages.items():
        _write(site_dir / ("" if lang == default else lang) / "404.html", html)


def split_sitemap(site_dir: Path, site_url: str, default: str, languages: list[str]) -> None:
    """A sitemap.xml under each other language's root, listing that language's pages only (a sitemap may list
    addresses under its own folder only), with their hreflang alternates as in the root sitemap."""
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    entries = _URL.findall(sitemap)
    head, _, _ = sitemap.partition(entries[0]) if entries else (sitemap, "", "")
    tail = "\n</urlset>\n"
    base = site_url.rstrip("/") + "/"
    for lang in languages:
        if lang == default:
            continue
        prefix = f"{base}{lang}/"
        mine = [e for e in entries if (m := _LOC.search(e)) and m.group(1).startswith(prefix)]
        _write(site_dir / lang / "sitemap.xml", head + "".join(mine) + tail)
