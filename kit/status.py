"""Translation status: for each language, which pages are up to date, outdated or missing against English."""

from __future__ import annotations

import difflib
import subprocess
from dataclasses import dataclass
from typing import Literal

from kit.config import SiteConfig
from kit.content import Content, Page, content_hash, is_outdated, split_front_matter


@dataclass(frozen=True)
class PageStatus:
    lang: str
    rel: str
    state: Literal["up to date", "outdated", "missing"]
    english_hash: str
    translated_from: str | None


def translation_status(cfg: SiteConfig, content: Content) -> list[PageStatus]:
    result = []
    english_pages = [e.path for e in cfg.nav]
    for lang in cfg.language_codes:
        if lang == cfg.default_language:
            continue
        for rel in english_pages:
            english = content.page(cfg.default_language, rel)
            if english is None:
                continue
            current = content_hash(english)
            page = content.page(lang, rel)
            if page is None:
                state = "missing"
            elif is_outdated(page, english):
                state = "outdated"
            else:
                state = "up to date"
            result.append(PageStatus(lang, rel, state, current, page.meta.translated_from if page else None))  # type: ignore[arg-type]
    return result


def english_change(cfg: SiteConfig, english: Page, translated_from: str | None, max_lines: int = 60) -> list[str]:
    """What changed in the English page since the version a translation was made from: a unified diff of the
    Markdown, found by looking back through git for the version whose hash is `translated_from`."""
    rel = english.path.relative_to(cfg.root).as_posix()

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=cfg.root, capture_output=True, text=True, check=True).stdout

    try:
        commits = git("log", "--format=%H", "--", rel).split()
        old = next((text for c in commits if content_hash(text := git("show", f"{c}:{rel}")) == translated_from), None)
    except (OSError, subprocess.CalledProcessError):
        return ["(no git history here: compare the English page by hand)"]
    if old is None:
        return [f"(the English version {translated_from or '-'} is not in this repository's history)"]
    diff = list(difflib.unified_diff(split_front_matter(old)[1].splitlines(), english.body.splitlines(),
                                     "translated from", "English now", lineterm="", n=1))  # fmt: skip
    return diff[:max_lines] + ([f"... {len(diff) - max_lines} more lines"] if len(diff) > max_lines else [])
