"""Translation status: for each language, which pages are up to date, outdated or missing against English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kit.config import SiteConfig
from kit.content import Content, content_hash, is_outdated


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
