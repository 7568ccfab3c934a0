"""Interface strings: every key of English exists, non-empty, in every language."""

from __future__ import annotations

import pytest

from kit.config import config
from kit.strings import load_strings, missing_keys, read_strings_file


@pytest.mark.parametrize("lang", config().language_codes)
def test_every_interface_string_exists_in_every_language(lang):
    assert missing_keys(read_strings_file("en"), read_strings_file(lang)) == []
    assert set(load_strings(lang)["countries"]) == {*config().countries, "europe"}


def test_the_page_footer_has_both_numbers():
    for lang in config().language_codes:
        label = load_strings(lang)["page_of"]
        assert "{page}" in label and "{pages}" in label
