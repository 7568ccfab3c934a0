"""Bad input: every mistake is reported with file, line and fix, the build refuses to run, and the kits and
the site that were published before stay exactly as they were."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import fingerprint, make_repo

from kit.build import build_kits
from kit.check import run_checks
from kit.problems import ContentError
from kit.site import build_site

LEGAL = "content/en/belgium/legal.md"
INDEX = "content/en/belgium/index.md"


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


CASES = {
    "broken YAML": (
        LEGAL,
        lambda t: replace(t, "topic: legal", "topic: legal: questions"),
        5,
        "the YAML cannot be read",
    ),
    "unknown field": (
        LEGAL,
        lambda t: replace(t, "topic: legal", "topic: legal\ncolour: red"),
        6,
        "unknown field 'colour'",
    ),
    "missing field": (
        LEGAL,
        lambda t: replace(t, "summary: Permits and rights in Belgium.\n", ""),
        2,
        "'summary' is missing",
    ),
    "bad date": (
        LEGAL,
        lambda t: replace(t, "last_reviewed: 2026-11-20", "last_reviewed: 2026-13-45"),
        7,
        "not a valid date",
    ),
    "broken link": (LEGAL, lambda t: t + "\nSee [the rules](rules.md).\n", 31, "'rules.md', which does not exist"),
    "broken anchor": (INDEX, lambda t: replace(t, "legal.md#residence-permits", "legal.md#permits"), 16, "'#permits'"),
    "missing image": (
        LEGAL,
        lambda t: t + "\n![A map of Belgium](map.png)\n",
        31,
        "the image 'map.png' does not exist",
    ),
    "script": (LEGAL, lambda t: t + "\n<script>alert(1)</script>\n", 31, "the HTML tag <script> is not allowed"),
    "event handler": (
        LEGAL,
        lambda t: t + '\n<span onmouseover="x()">hi</span>\n',
        31,
        "event-handler attribute 'onmouseover'",
    ),
    "javascript link": (
        LEGAL,
        lambda t: t + "\n[click](javascript:alert(1))\n",
        31,
        "scheme 'javascript:' is not allowed",
    ),
    "markup in title": (
        LEGAL,
        lambda t: replace(t, "title: Legal questions in Belgium", "title: Legal <b>questions</b>"),
        2,
        "must be plain text",
    ),
    "unclosed fence": (LEGAL, lambda t: t + "\n```\ncode\n", 31, "never closed"),
    "data contact": (
        "content/contacts/belgium.yml",
        lambda t: replace(t, '"+32 78 05 58 00"', '"078 05 58 00"'),
        10,
        "international format",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_and_nothing_published_changes(published, case):
    rel, change, line, message = CASES[case]
    path = published.root / rel
    original = path.read_text(encoding="utf-8")
    before = fingerprint(published)
    try:
        path.write_text(change(original), encoding="utf-8")
        problems, _ = run_checks(published)
        errors = [p for p in problems if p.severity == "error"]
        assert [(p.file.endswith(rel), p.line, message in p.message) for p in errors] == [(True, line, True)], errors
        assert str(errors[0]).startswith(f"{errors[0].file}:{line}: ")
        assert errors[0].fix  # every problem says how to fix it
        with pytest.raises(ContentError):
            build_kits(published, ["belgium"], ["en"], workers=1)
        with pytest.raises(RuntimeError, match="unchanged"):
            build_site(published)
        assert fingerprint(published) == before
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_symlink_out_of_the_content_folder_is_refused(published):
    link = published.docs_dir / "en" / "secret.md"
    os.symlink("/etc/hostname", link)
    try:
        problems, _ = run_checks(published)
        assert any(p.file.endswith("content/en/secret.md") and "symbolic link" in p.message for p in problems)
    finally:
        link.unlink()


def test_every_problem_is_reported_in_one_run(tmp_path: Path):
    cfg = make_repo(tmp_path / "repo")
    for case in ("unknown field", "broken anchor", "missing image", "data contact"):
        rel, change, *_ = CASES[case]
        path = cfg.root / rel
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    problems, _ = run_checks(cfg)
    assert len([p for p in problems if p.severity == "error"]) == 4


def test_a_key_written_twice_is_reported_not_silently_dropped(mini_repo):
    """A second `ngo:` list in source-kinds.yml would replace the first: check names both lines."""
    path = mini_repo.docs_dir / "source-kinds.yml"
    path.write_text("ngo: [a.example]\nofficial: [b.example]\nngo: [c.example]\n", encoding="utf-8")
    problems, _ = run_checks(mini_repo)
    found = [(p.line, p.message, p.fix) for p in problems if "written twice" in p.message]
    assert found == [(3, "the key 'ngo' is written twice (first on line 1)",
                      "Keep one: merge the two into the first and delete the second")]  # fmt: skip
