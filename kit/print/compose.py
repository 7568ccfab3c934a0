"""Put one PDF together from pages laid out in several WeasyPrint documents (kit/print/shared_layout.py).

A block of chapters lays out the same wherever it is put in a kit: every chapter starts a page, and no rule of the
stylesheets depends on where a page falls (no :first, :left or :right pages, no counter running across chapters).
What does depend on the place is made here, per kit, from the laid-out pages:
- the page margins ("page 12 of 92", the running head), laid out again by WeasyPrint's own margin-box layout with
  the kit's page numbers, from the layout context kept when the block was laid out;
- the links from a shared chapter to the country's own chapters (in the block, the web address, printed after the
  text in every kit; in the kit of that country, an in-PDF link as well);
- the screen file's pages, taken from the print shop's layout without its bleed and crop marks (the same layout:
  bleed lies outside the page).
Relies on WeasyPrint 70's page boxes (weasyprint.layout.page.make_margin_boxes); tests/test_shared_layout.py
compares every page of a composed kit with the kit laid out whole, so an upgrade that changes them fails there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from weasyprint.document import Document, Page
from weasyprint.formatting_structure.boxes import MarginBox, PageBox
from weasyprint.layout import LayoutContext
from weasyprint.layout.background import layout_box_backgrounds
from weasyprint.layout.page import make_margin_boxes


@dataclass
class Block:
    """Pages laid out together, with the context their margins were laid out in."""

    document: Document
    context: LayoutContext

    @property
    def pages(self) -> list[Page]:
        return self.document.pages  # type: ignore[no-any-return]

    def anchor_pages(self) -> dict[str, int]:
        """Every anchor (an element's id) → the index of the page it is on, in this block."""
        found: dict[str, int] = {}
        for index, page in enumerate(self.pages):
            for anchor in page.anchors:
                found.setdefault(anchor, index)
        return found


def numbered(block: Block, first: int, total: int) -> list[Page]:
    """The block's pages with their margins laid out again as pages first, first + 1, ... of `total`. The block's
    own pages stay as they are (a shared block serves every kit of its language)."""
    context = block.context
    pages = []
    for index, page in enumerate(block.pages):
        box = page._page_box
        context.current_page = index + 1  # the named strings (running heads) stay those of the block's own page
        quote_depth, counters, scopes, groups = context.page_maker[index + 1][3]
        state = (quote_depth, {**counters, "page": [first + index], "pages": [total]}, scopes, groups)
        margins = list(make_margin_boxes(context, box, state))
        for margin in margins:
            layout_box_backgrounds(box, margin, context.get_image_from_uri)
        kept = [child for child in box.children if not isinstance(child, MarginBox)]
        pages.append(Page(_own_background(box.copy_with_children(kept + margins))))
    return pages


def _own_background(box: PageBox) -> PageBox:
    """The page box with its own list of background layers: WeasyPrint 70 adds the crop marks to that list each
    time it draws a page with marks, so a page drawn for one file would carry them into the next."""
    if box.background is not None:
        box.background = box.background._replace(layers=list(box.background.layers))
    return box


def without_bleed(pages: Iterable[Page]) -> list[Page]:
    """Screen pages from print-shop pages: the same boxes on a page box with no bleed and no crop marks (what lay
    in the bleed is outside the page, so not shown). Take them before the print-shop pages are drawn (see
    `_own_background`)."""
    result = []
    for page in pages:
        box = _own_background(page._page_box.copy())
        style = box.style.copy()
        style["marks"] = ()
        for side in ("top", "right", "bottom", "left"):
            style[f"bleed_{side}"] = style[f"bleed_{side}"]._replace(value=0)
        box.style = style
        screen = Page(box)
        screen.links, screen.anchors, screen.bookmarks = list(page.links), page.anchors, page.bookmarks
        result.append(screen)
    return result


def link_inside(pages: Iterable[Page], targets: dict[str, str]) -> None:
    """Links to a web address in `targets` (a page of this kit online) become in-PDF links to its anchor there.
    `targets` maps an address without '#' to the chapter's anchor; an anchor after '#' is the chapter's too."""
    for page in pages:
        links = []
        for kind, target, rectangle, box in page.links:
            base, _, fragment = str(target).partition("#")
            if kind == "external" and base in targets:
                kind, target = "internal", f"{targets[base]}--{fragment}" if fragment else targets[base]
            links.append((kind, target, rectangle, box))
        page.links = links


def combined(front: Document, pages: list[Page]) -> Document:
    """One document of `pages`, with the metadata (title, language, dates) of the kit's front block."""
    return front.copy(pages)
