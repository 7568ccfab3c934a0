"""The print products, one entry each: the variants it is built in, how its HTML is made, its stylesheet.

A product module makes one HTML document per country and language; kit/print/render.py renders every one of
them. Adding a product is one module, one stylesheet over base.css, and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kit.config import SiteConfig
from kit.content import Content
from kit.jinja import PRINT_TEMPLATES

if TYPE_CHECKING:
    from kit.print.render import Rendered


class Document(Protocol):
    """(cfg, content, country, lang, edition, print_shop) -> the product's HTML document. `padding` is asked for
    only from a product with `page_multiple` > 1: that many intended blank pages (e.g. "Notes") before its back
    cover, so that its page count is a multiple (kit/print/render.py: write_padded_pdf)."""

    def __call__(
        self, cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool, /,
        padding: int = 0,
    ) -> str: ...  # fmt: skip


# (cfg, content, country, lang) -> the pages it prints, relative to a language folder: the renderer's own list,
# which kit/buildcache.py reads for the output's key (None: every page of the language and of English)
PageList = Callable[[SiteConfig, Content, str, str], list[str]]


@dataclass(frozen=True)
class Product:
    name: str
    document: Document
    stylesheet: Path
    variants: tuple[str, ...] = ("screen",)  # "print-shop": 3 mm bleed, crop marks, TrimBox and BleedBox
    pages: PageList | None = None
    page_multiple: int = 1  # 4 for a folded booklet: padded with `padding` pages before the back cover
    booklet: bool = False  # also an A4 office booklet (variant "a4-booklet"), imposed from the screen PDF
    min_pages: int = 0  # padded up to this many pages
    max_pages: int | None = None  # longer is refused: the pages it prints must be shortened
    by_language: bool = False  # built for all countries of a language at once (kit/print/shared_layout.py)


def render_product(
    spec: Product, cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool,
    target: Path, guess: int = 0, screen: Path | None = None,
) -> Rendered:  # fmt: skip
    """Write the product's PDF to `target`, padded to its page multiple; given `screen` (for a print-shop `target`),
    the screen file too, from the same layout."""
    from kit.print.render import KitError, write_padded_pdf

    if spec.page_multiple > 1:  # the document is asked for its padding pages (Document above)
        make = lambda n: spec.document(cfg, content, country, lang, ed, shop, padding=n)  # noqa: E731
    else:
        make = lambda _: spec.document(cfg, content, country, lang, ed, shop)  # noqa: E731
    rendered = write_padded_pdf(
        make, target, cfg, spec.stylesheet, spec.page_multiple, guess, spec.min_pages, screen=screen
    )
    pages = rendered.pages
    if spec.max_pages and pages > spec.max_pages:
        printed = ", ".join(
            f"content/{lang}/{rel}" for rel in (spec.pages(cfg, content, country, lang) if spec.pages else [])
        )
        raise KitError(f"{spec.name} {country}/{lang}: {pages} pages, more than {spec.max_pages}. Shorten the "
                       f"pages it prints ({printed}) or its contacts' descriptions")  # fmt: skip
    return rendered


def _full_kit(
    cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool, /, padding: int = 0
) -> str:
    from kit.print.full_kit import kit_document

    return kit_document(cfg, content, country, lang, ed, padding=padding, print_shop=shop)[0]


def _pocket_guide(
    cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool, /, padding: int = 0
) -> str:
    from kit.print.pocket_guide import guide_document

    return guide_document(cfg, content, country, lang, print_shop=shop, padding=padding)


def _wallet_card(
    cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool, /, padding: int = 0
) -> str:
    from kit.print.wallet_card import card_document

    return card_document(cfg, content, country, lang, print_shop=shop)


def _full_kit_pages(cfg: SiteConfig, content: Content, country: str, lang: str) -> list[str]:
    from kit.print.full_kit import kit_rels

    return kit_rels(cfg, content, country)  # what full_kit.chapters prints, in the language or in English


def _pocket_guide_pages(cfg: SiteConfig, content: Content, country: str, lang: str) -> list[str]:
    from kit.print.pocket_guide import survivors_page

    pages = (
        survivors_page(cfg, content, lang, country, "in-brief"),
        survivors_page(cfg, content, lang, None, "safety"),
    )
    return [page.rel for page in pages if page is not None]  # the pages guide_document prints


def _no_pages(cfg: SiteConfig, content: Content, country: str, lang: str) -> list[str]:
    return []  # the wallet card prints strings and the country's contacts only


BOTH = ("screen", "print-shop")
PRODUCTS: dict[str, Product] = {
    "kit": Product(
        "kit", _full_kit, PRINT_TEMPLATES / "full-kit.css", BOTH, _full_kit_pages, 4, booklet=True, by_language=True
    ),
    "pocket-guide": Product(
        "pocket-guide",
        _pocket_guide,
        PRINT_TEMPLATES / "pocket-guide.css",
        BOTH,
        _pocket_guide_pages,
        4,
        booklet=True,
        min_pages=8,
        max_pages=16,
    ),
    "wallet-card": Product("wallet-card", _wallet_card, PRINT_TEMPLATES / "wallet-card.css", BOTH, _no_pages),
}
