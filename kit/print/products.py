"""The print products, one entry each: the variants it is built in, how its HTML is made, its stylesheet.

A product module makes one HTML document per country and language; kit/print/render.py renders every one of
them. Adding a product is one module, one stylesheet over base.css, and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kit.config import SiteConfig
from kit.content import Content
from kit.jinja import PRINT_TEMPLATES

# (cfg, content, country, lang, edition, print_shop) -> the product's HTML document
Document = Callable[[SiteConfig, Content, str, str, dict[str, str], bool], str]


@dataclass(frozen=True)
class Product:
    name: str
    document: Document
    stylesheet: Path
    variants: tuple[str, ...] = ("screen",)  # "print-shop": 3 mm bleed, crop marks, TrimBox and BleedBox


def _full_kit(cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool) -> str:
    from kit.print.full_kit import kit_document

    return kit_document(cfg, content, country, lang, ed)[0]


def _wallet_card(cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool) -> str:
    from kit.print.wallet_card import card_document

    return card_document(cfg, content, country, lang, print_shop=shop)


def _pocket_guide(cfg: SiteConfig, content: Content, country: str, lang: str, ed: dict[str, str], shop: bool) -> str:
    from kit.print.pocket_guide import guide_document

    return guide_document(cfg, content, country, lang, print_shop=shop)


PRODUCTS: dict[str, Product] = {
    "kit": Product("kit", _full_kit, PRINT_TEMPLATES / "full-kit.css"),
    "pocket-guide": Product(
        "pocket-guide", _pocket_guide, PRINT_TEMPLATES / "pocket-guide.css", ("screen", "print-shop")
    ),
    "wallet-card": Product("wallet-card", _wallet_card, PRINT_TEMPLATES / "wallet-card.css", ("screen", "print-shop")),
}
