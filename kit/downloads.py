"""The site's printed versions of a country, in one language: every product the manifest lists (full kit, pocket
guide, wallet card), what each is for, its pages and size, and its print-shop and office-printer variants.

Shown on the country's "in brief" page, after the text, where the single kit link used to be: that is where a
reader of a country looks for something to print. A list, not a table, so it reads the same at 360 px."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

PRODUCTS = ("kit", "pocket-guide", "wallet-card")  # the order shown: the agreed product names
VARIANTS = ("screen", "print-shop", "a4-booklet")
_STEMS = {"kit": "fiit-kit", "pocket-guide": "fiit-pocket-guide", "wallet-card": "fiit-wallet-card"}


def entries(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The manifest's files with product and variant. An entry without them is the one product of the earlier
    manifest, the full kit for screens; the file name is the agreed one when the entry has none."""
    found = []
    for entry in manifest.values():
        if not isinstance(entry, dict) or not {"country", "lang", "pages", "bytes"} <= entry.keys():
            continue
        product = entry.get("product", "kit")
        variant = entry.get("variant", "screen")
        if product not in PRODUCTS or variant not in VARIANTS:
            continue
        stem = f"{_STEMS[product]}-{entry['country']}-{entry['lang']}"
        name = f"{stem}.pdf" if variant == "screen" else f"{stem}-{variant}.pdf"
        found.append({**entry, "product": product, "variant": variant,
                      "name": str(entry.get("file", name)).rsplit("/", 1)[-1]})  # fmt: skip
    return found


def render_downloads(
    manifest: dict[str, Any], country: str, lang: str, strings: dict[str, Any], size: Callable[[int], str]
) -> str:
    """HTML for the country's page ("" when nothing is built): one item per product with its screen file first,
    then its variants. Links are relative to the page, into the language's downloads/ folder."""
    mine = [e for e in entries(manifest) if e["country"] == country and e["lang"] == lang]
    if not mine:
        return ""
    s = strings["downloads"]
    items = []
    for product in PRODUCTS:
        files = {e["variant"]: e for e in mine if e["product"] == product}
        if not files:
            continue
        name = s["products"][product]
        links = []
        for variant in VARIANTS:
            if variant in files:
                e = files[variant]
                label = s["variants"][variant].format(product=name, pages=e["pages"], size=size(int(e["bytes"])))
                links.append(f'<li><a href="../downloads/{escape(e["name"])}" download>{escape(label)}</a></li>')
        first = "" if items else ' class="kit-download"'  # the first product: the download after the text
        items.append(
            f'<li{first}><p class="kit-product"><strong>{escape(name)}</strong>: {escape(s["for"][product])}</p>'
            f'<ul class="kit-files">{"".join(links)}</ul></li>'
        )
    title = escape(s["title"].format(country=strings["countries"][country]))
    return (f'<section class="kit-downloads" aria-labelledby="kit-downloads-title">'
            f'<h2 id="kit-downloads-title">{title}</h2><ul class="kit-products">{"".join(items)}</ul></section>')  # fmt: skip
