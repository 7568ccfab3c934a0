"""The weekly check of external addresses: every http(s) address in the pages, their front matter and the contacts
files, requested once each. Never part of a pull request's checks (remote sites are flaky and it needs the network):
.github/workflows/links.yml runs it and keeps one standing issue up to date with the result."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from kit.config import SiteConfig
from kit.content import Content

URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
USER_AGENT = "fiit-kit-link-check/1 (weekly check of the addresses printed in the FIIT information kit)"


@dataclass(frozen=True)
class Broken:
    url: str
    problem: str
    where: tuple[str, ...]  # "content/en/belgium/legal.md:12", ...


def external_urls(cfg: SiteConfig, content: Content) -> dict[str, list[str]]:
    """Every external address, with the places (file:line) it appears in."""
    found: dict[str, list[str]] = {}

    def add(text: str, file: str, first_line: int) -> None:
        for number, line in enumerate(text.splitlines(), start=first_line):
            for match in URL.finditer(line):
                found.setdefault(match.group(0).rstrip(".,;:!?*_"), []).append(f"{file}:{number}")

    for page in [*content.pages.values(), *content.drafts.values()]:  # a page with errors still has addresses
        add(page.path.read_text(encoding="utf-8"), page.path.relative_to(cfg.root).as_posix(), 1)
    for path in sorted((cfg.docs_dir / "contacts").glob("*.yml")):
        add(path.read_text(encoding="utf-8"), path.relative_to(cfg.root).as_posix(), 1)
    return found


def check_url(url: str, timeout: float = 20) -> str | None:
    """None when the address answers; otherwise what went wrong. HEAD first, GET when a server refuses HEAD."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return f"HTTP {error.code} {error.reason}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return f"no answer ({getattr(error, 'reason', error)})"
    return None


def check_all(urls: dict[str, list[str]], workers: int = 8, timeout: float = 20) -> list[Broken]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = pool.map(lambda url: (url, check_url(url, timeout)), sorted(urls))
        return [Broken(url, problem, tuple(urls[url])) for url, problem in outcomes if problem]


def report(broken: Iterable[Broken], total: int, date: str) -> str:
    """Markdown for the standing issue: what to fix, where."""
    broken = list(broken)
    lines = [f"Weekly check of {total} external addresses, {date}: **{len(broken)} not answering**.", ""]
    if not broken:
        return "\n".join([*lines, "All addresses answered."])
    lines += ["A site may be down for a day: an address that fails two weeks running needs an editor. Check the",
              "organisation's current address, then correct the page and its `sources` (or the contacts file).", ""]  # fmt: skip
    for item in broken:
        lines.append(f"- [ ] {item.url}: {item.problem}. In: {', '.join(item.where[:5])}"
                     + (f" and {len(item.where) - 5} more" if len(item.where) > 5 else ""))  # fmt: skip
    return "\n".join(lines)
