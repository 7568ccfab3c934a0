"""The print products, one entry each: the variants it is built in, how its HTML is made, its stylesheet.

A product module makes one HTML document per country and language; kit/print/render.py renders every one of
them. Adding a product is one module, one stylesheet over base.css, and one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kit.config import SiteConfig
from kit.content import Content
from kit.jinja import PRINT_TEMPLATES


class Document(Protocol):
    """(cfg, content, country, lang, edition, print_shop) -> the product's HTML document. `padding` is asked for
    only from a product with `page_multiple` > 1: that many intended blank pages (e.g. "Notes") before its back
    cover, so that its page count is a multiple (kit/print/render.py: write_padded_pdf)."""

    def __call__(
        self, cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool, /,
        padding: int = 0,
    ) -> str: ...  # fmt: skip


@dataclass(frozen=True)
class Product:
    name: str
    document: Document
    stylesheet: Path
    variants: tuple[str, ...] = ("screen",)  # "print-shop": 3 mm bleed, crop marks, TrimBox and BleedBox
    page_multiple: int = 1  # 4 for a folded booklet: padded with `padding` pages before the back cover
    booklet: bool = False  # also an A4 office booklet (variant "a4-booklet"), imposed from the screen PDF


def _full_kit(
    cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool, /, padding: int = 0
) -> str:
    from kit.print.full_kit import kit_document

    return kit_document(cfg, content, country, lang, ed, padding=padding, print_shop=shop)[0]


def _wallet_card(
    cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool, /, padding: int = 0
) -> str:
    from kit.print.wallet_card import card_document

    return card_document(cfg, content, country, lang, print_shop=shop)


PRODUCTS: dict[str, Product] = {
    "kit": Product(
        "kit", _full_kit, PRINT_TEMPLATES / "full-kit.css", ("screen", "print-shop"), page_multiple=4, booklet=True
    ),
    "wallet-card": Product("wallet-card", _wallet_card, PRINT_TEMPLATES / "wallet-card.css", ("screen", "print-shop")),
}
