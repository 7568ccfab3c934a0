"""The real site, as built: languages, search per language, no third-party resources, kits linked."""

from __future__ import annotations

import json

import pytest
from built import site_file
from test_site_mini import third_party_resources

from kit.config import config


@pytest.mark.parametrize("lang", config().language_codes)
def test_language_root_search_index_and_kit_links(lang):
    prefix = "" if lang == config().default_language else f"{lang}/"
    page = site_file(f"{prefix}belgium/index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in page
    assert f'href="../downloads/fiit-kit-belgium-{lang}.pdf"' in page
    index = json.loads(site_file(f"{prefix}search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    assert index["docs"]
    assert not any(d["location"].startswith(tuple(f"{c}/" for c in config().language_codes)) for d in index["docs"])


def test_every_kit_is_published_in_the_site():
    for lang in config().language_codes:
        prefix = "" if lang == config().default_language else f"{lang}/"
        for country in config().countries:
            site_file(f"{prefix}downloads/fiit-kit-{country}-{lang}.pdf")


def test_no_resource_comes_from_a_third_party():
    assert third_party_resources(config().site_dir) == []
