"""The full kits of one language, with the chapters they share laid out once for all of them.

A kit is its own front (cover, colophon, contents), the EU part (shared by every kit of the language), the
country's chapters (its own), glossary and about (shared), and its own back (Notes pages, back cover). One worker
builds the kits of a language (kit/build.py): each block of shared chapters is laid out once, the first time a kit
needs it, and reused for the others when its HTML is byte for byte the same (so a block that differs, e.g. in a
fallback language, is laid out for its kit alone: never a wrong reuse). kit/print/compose.py then puts each kit
together: page margins with the kit's numbers, the contents' page numbers, the links into the country's chapters.

Both files come from one layout: the print shop's (with bleed), the screen file taken from it without its bleed.
`share=False` lays each kit out whole, as one document: the reference tests/test_shared_layout.py compares with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from weasyprint.document import Document, Page

from kit.config import SiteConfig
from kit.content import Content
from kit.print.compose import Block, combined, link_inside, numbered, without_bleed
from kit.print.full_kit import STYLESHEET, KitSource, prepare_kit
from kit.print.render import KitError, lay_out, write_document

PAGE_MULTIPLE = 4  # a folded booklet


@dataclass(frozen=True)
class KitFiles:
    country: str
    edition: dict[str, str]
    screen: Path | None  # where to write the screen file (None: not asked for)
    print_shop: Path | None


@dataclass(frozen=True)
class KitBuilt:
    country: str
    pages: int
    padding: int  # Notes pages before the back cover
    laid_out: int  # pages WeasyPrint laid out for this kit (a shared block counts for the kit that laid it out)


class Layouts:
    """Lays HTML out; keeps the shared blocks by the hash of their HTML, and counts the pages laid out."""

    def __init__(self, cfg: SiteConfig, share: bool) -> None:
        self.cfg, self.share = cfg, share
        self.shared: dict[str, Block] = {}
        self.count = 0

    def block(self, html: str, shared: bool = False) -> Block:
        key = hashlib.sha256(html.encode()).hexdigest()
        if shared and key in self.shared:
            return self.shared[key]
        block = Block(*lay_out(html, self.cfg, STYLESHEET))
        self.count += len(block.pages)
        if shared and self.share:
            self.shared[key] = block
        return block


def build_language(
    cfg: SiteConfig, content: Content, lang: str, kits: list[KitFiles], layouts: Layouts | None = None,
    share: bool = True,
) -> list[KitBuilt]:  # fmt: skip
    """Write every kit of `kits` (countries of the language `lang`); (pages, padding, pages laid out) of each.
    `layouts`: the shared blocks laid out so far (kept by a caller that builds the kits one call at a time)."""
    layouts = layouts or Layouts(cfg, share)
    share = layouts.share
    built = []
    for kit in kits:
        before = layouts.count
        source = prepare_kit(cfg, content, kit.country, lang, kit.edition, print_shop=True)
        front, pages, padding = (_composed if share else _whole)(source, layouts)
        screen = combined(front, without_bleed(pages))  # before the print-shop pages are drawn (compose.py)
        document = combined(front, pages)
        if kit.print_shop:
            write_document(document, kit.print_shop)
        if kit.screen:
            write_document(screen, kit.screen)
        built.append(KitBuilt(kit.country, len(document.pages), padding, layouts.count - before))
    return built


def _composed(source: KitSource, layouts: Layouts) -> tuple[Document, list[Page], int]:
    """The kit from its blocks: shared ones reused, its own laid out; the front laid out last, with the contents'
    page numbers (laid out again in the rare case its own page count differs from the first guess)."""
    body = [(shared, layouts.block(source.html(chapters=chaps, front=False, back=False), shared), chaps)
            for shared, chaps in source.blocks()]  # fmt: skip
    front_pages, front = 3, None
    for _ in range(3):
        toc, start = {}, front_pages + 1
        for _shared, block, chaps in body:
            at = block.anchor_pages()
            toc.update({c.slug: start + at[c.slug] for c in chaps})
            start += len(block.pages)
        front = layouts.block(source.html(chapters=[], back=False, toc_pages=toc))
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    assert front is not None
    bare = start  # the pages so far (start - 1), and the back cover
    padding = -bare % PAGE_MULTIPLE
    back = layouts.block(source.html(chapters=[], front=False, padding=padding))
    total = start - 1 + len(back.pages)
    if total % PAGE_MULTIPLE:
        raise KitError(f"{total} pages with {padding} Notes page(s), not a multiple of {PAGE_MULTIPLE}: a Notes page "
                       f"overflows onto another page; lower its height in {STYLESHEET.name}")  # fmt: skip
    pages = numbered(front, 1, total)
    for shared, block, _chaps in body:
        own = numbered(block, len(pages) + 1, total)
        if shared:
            link_inside(own, source.own_addresses())
        pages += own
    pages += numbered(back, len(pages) + 1, total)
    return front.document, pages, padding


def _whole(source: KitSource, layouts: Layouts) -> tuple[Document, list[Page], int]:
    """The kit laid out as one document (its page count known only after layout: laid out again for the padding)."""
    block = layouts.block(source.html())
    padding = -len(block.pages) % PAGE_MULTIPLE
    if padding:
        block = layouts.block(source.html(padding=padding))
    starts = block.anchor_pages()
    order = [(c.slug, shared) for shared, chaps in source.blocks() for c in chaps]
    for (slug, shared), after in zip(order, [slug for slug, _ in order[1:]] + [None], strict=True):
        if shared:  # the pages of a shared chapter: up to the next chapter, or to the Notes pages and back cover
            end = starts[after] if after else len(block.pages) - 1 - padding
            link_inside(block.pages[starts[slug] : end], source.own_addresses())
    return block.document, block.pages, padding
