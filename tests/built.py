"""The outputs of `make build` (the tests of the real kit read them; `make test` builds them first)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from functools import cache

import pytest

from kit.build import KITS_DIR, kit_filename, product_filename
from kit.config import config


def kit_path(country: str, lang: str):
    path = config().root / KITS_DIR / kit_filename(country, lang)
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make build` (or `make test`, which builds first)")
    return path


def product_path(product: str, country: str, lang: str, variant: str = "screen"):
    path = config().root / KITS_DIR / product_filename(product, country, lang, variant)
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make build` (or `make test`, which builds first)")
    return path


def site_file(path: str):
    full = config().site_dir / path
    if not full.is_file():
        pytest.fail(f"{full} is missing: run `make build` (or `make test`, which builds first)")
    return full


KITS = [(country, lang) for country in config().countries for lang in config().language_codes]


def _extract(path: str) -> list[str]:
    from pdfkit import page_texts

    return page_texts(path)


@cache
def all_kit_texts() -> dict[tuple[str, str], list[str]]:
    """The text of every page of every kit, extracted once for the session, on every core (the slow part)."""
    paths = {key: str(kit_path(*key)) for key in KITS}
    with ProcessPoolExecutor() as pool:
        return dict(zip(paths, pool.map(_extract, paths.values()), strict=True))
