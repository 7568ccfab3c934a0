"""The real content: valid, sourced, dated; contacts in one phone format and shown as tel: links."""

from __future__ import annotations

import re

import pytest
from built import site_file

from kit.check import run_checks
from kit.config import config
from kit.schema import PHONE_INTERNATIONAL, PHONE_SHORT


@pytest.fixture(scope="module")
def checked():
    return run_checks(config())


def test_all_content_passes_the_checks(checked):
    problems, _ = checked
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_every_page_has_sources_and_a_review_date(checked):
    _, content = checked
    assert len(content.pages) >= 45
    for page in content.pages.values():
        assert page.meta.sources and page.meta.last_reviewed


def test_each_country_part_has_all_seven_sections_and_enough_substance(checked):
    _, content = checked
    for country in config().countries:
        pages = [p for (lang, rel), p in content.pages.items() if lang == "en" and p.folder == country]
        assert {p.meta.topic for p in pages} == {
            "in-brief", "legal", "economic", "psychosocial", "good-practices", "cooperation", "contacts"
        }  # fmt: skip
        words = sum(len(re.sub(r"(?m)^\[\^\d+\]:.*$", "", p.body).split()) for p in pages)
        assert words >= 2500, f"{country}: {words} words"


def test_every_contact_has_a_source_a_date_and_one_phone_format(checked):
    _, content = checked
    assert set(content.contacts) == {*config().countries, "europe"}
    for country, contacts in content.contacts.items():
        page = site_file(f"{country}/contacts/index.html").read_text(encoding="utf-8")
        for contact in contacts.contacts:
            assert contact.source.url and contact.last_verified
            if contact.phone:
                assert PHONE_INTERNATIONAL.match(contact.phone) or PHONE_SHORT.match(contact.phone)
                assert f'<a href="{contact.tel}">{contact.phone}</a>' in page


def test_no_editing_marker_reaches_a_reader():
    for path in config().site_dir.rglob("*.html"):
        assert "VERIFY" not in path.read_text(encoding="utf-8"), path


def test_pages_follow_the_glossary_and_translations_keep_numbers_and_legal_references(checked):
    problems, _ = checked
    assert [str(p) for p in problems if "the glossary avoids" in p.message] == []
    assert [
        str(p) for p in problems if p.message.startswith(("the English page cites", "the English page dials"))
    ] == []
