"""Property-based tests (Hypothesis): whatever an editor's pull request holds as a page, front matter or contacts
file, `check` returns problems and never raises, within a bounded time; and content that is valid always builds.

The example database is off (tests/conftest.py), so nothing is written into the repository."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from conftest import make_repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.check import run_checks
from kit.problems import Problem

PAGE = "content/en/belgium/legal.md"
CONTACTS = "content/contacts/belgium.yml"
SECONDS = 10  # one check of the small kit takes well under a second alone; the bound leaves room for a busy machine
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that mean something to Markdown, YAML, HTML or the checks: the fuzzer combines them with arbitrary text.
TOKENS = [
    "\n", "\n\n", "    ", "\t", "> ", "- ", "* ", "1. ", "2024. ", "# ", "## ", "```", "~~~", "`", "**", "_", "[", "]", "(",
    ")", "](", "![", "[^1]", "[^1]: ", "|", "|---|", "---", "{#x}", "<span>", "</span>", "<span lang=\"fr\">", "<script>",
    "<b>", "<!--", "-->", "&amp;", "&#0;", "\\", "tel:", "tel:+3278055800", "+32 78 05 58 00", "078 05 58 01", "116 006",
    "https://", "http://", "javascript:", "mailto:", "legal.md", "../index.md", "#residence-permits", "*x", "&x", "!!",
    ": ", "\u202e", "\u200b", "\x00", "\u00ad", "é", "ő", "**To be confirmed:**", "TODO", "[[", "]]", "<", ">", "\r\n",
]  # fmt: skip
markdownish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=80).map("".join)
yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20) | st.dates(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
FIELDS = ["title", "summary", "country", "topic", "audience", "last_reviewed", "sources", "translated_from", "x"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory):
    return make_repo(tmp_path_factory.mktemp("fuzz") / "repo")


def check_with(cfg, rel: str, raw: bytes) -> list[Problem]:
    """Write one file, check everything; the file is restored afterwards."""
    path: Path = cfg.root / rel
    original = path.read_bytes()
    try:
        path.write_bytes(raw)
        start = time.perf_counter()
        problems, _ = run_checks(cfg)
        assert time.perf_counter() - start < SECONDS
    finally:
        path.write_bytes(original)
    assert all(isinstance(p, Problem) and p.file and p.fix for p in problems)
    return problems


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_any_bytes_as_a_page(repo, raw):
    check_with(repo, PAGE, raw)


@FUZZ
@given(body=markdownish)
def test_any_markdown_under_valid_front_matter(repo, body):
    front = (repo.root / PAGE).read_text(encoding="utf-8").split("\n---\n", 1)[0]
    check_with(repo, PAGE, (front + "\n---\n" + body).encode("utf-8", "surrogatepass"))


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(FIELDS), yaml_values, max_size=8), body=markdownish)
def test_any_front_matter(repo, fields, body):
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body
    check_with(repo, PAGE, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=yaml_values, garbage=markdownish, at=st.integers(min_value=0, max_value=2000))
def test_any_contacts_file(repo, data, garbage, at):
    real = (repo.root / CONTACTS).read_text(encoding="utf-8")
    for text in (yaml.safe_dump(data, allow_unicode=True), real[:at] + garbage + real[at:]):
        check_with(repo, CONTACTS, text.encode("utf-8", "surrogatepass"))


# Valid content: words in several scripts' letters, headings, lists, emphasis, and the contacts' numbers as links.
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàőűüößç", min_size=1, max_size=12)
sentence = st.lists(words, min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")
block = st.one_of(
    st.lists(sentence, min_size=1, max_size=4).map(" ".join),
    sentence.map(lambda s: "## " + s.rstrip(".")),
    st.lists(sentence, min_size=1, max_size=4).map(lambda ss: "\n".join("- " + s for s in ss)),
    sentence.map(lambda s: f"**{s}** Call [+32 78 05 58 00](tel:+3278055800) or [112](tel:112)."),
    sentence.map(lambda s: f"{s} Read [the rules](index.md)."),
)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=st.lists(block, min_size=1, max_size=12))
def test_valid_content_always_builds(repo, blocks):
    from kit.content import load_content
    from kit.editions import build_stamp
    from kit.pdfcheck import structure_problems
    from kit.print.full_kit import STYLESHEET, kit_document
    from kit.print.render import write_pdf

    path = repo.root / PAGE
    original = path.read_text(encoding="utf-8")
    front = original.split("\n---\n", 1)[0]
    try:
        body = "\n\n".join(["## Residence permits", *blocks])  # the heading other pages link to stays
        path.write_text(front + "\n---\n\n" + body + "\n", encoding="utf-8")
        problems, _ = run_checks(repo)
        assert [p for p in problems if p.severity == "error"] == []
        html, _ = kit_document(repo, load_content(repo), "belgium", "en", build_stamp(repo.root))
        target = repo.root / "build" / "fuzz.pdf"
        target.parent.mkdir(exist_ok=True)
        assert write_pdf(html, target, repo, STYLESHEET) > 1
        assert structure_problems(target, "en") == []
    finally:
        path.write_text(original, encoding="utf-8")
