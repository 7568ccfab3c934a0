"""Inputs that lie, hide or explode: each is refused by `build_kit.py check` with file, line and fix, in seconds,
never with a traceback; the build is refused and what was published before stays exactly as it was."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import fingerprint

from kit.build import build_kits
from kit.problems import ContentError

INDEX = "content/en/belgium/index.md"
FR_INDEX = "content/fr/belgium/index.md"
CONTACTS = "content/contacts/belgium.yml"
LEGAL = "content/en/belgium/legal.md"
MINI = Path(__file__).parent / "fixtures" / "mini"
CHECK_SECONDS = 20  # a whole check run of the small kit, interpreter start included; hostile input must not add to it


def _strings_line(needle: str) -> int:
    """The line of the French strings (copied from the repository into the small kit) where `needle` stands."""
    lines = (Path(__file__).parents[1] / "strings" / "fr.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def line_of(rel: str, needle: str) -> int:
    """The line of the small kit's file where `needle` first stands (the fixture may change; the cases follow it)."""
    lines = (MINI / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def last_line(rel: str) -> int:
    return len((MINI / rel).read_text(encoding="utf-8").splitlines())


EN_TEL = line_of(INDEX, "tel:+3278055800")
FR_TEL = line_of(FR_INDEX, "tel:+3278055800")
PHONE = line_of(CONTACTS, '"+32 78 05 58 00"')


def _nested_aliases(levels: int = 12) -> str:
    """A contacts file whose 'contacts' would expand to 9**12 values."""
    rows = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    rows += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "country: belgium\n" + "\n".join(rows) + f"\ncontacts: *l{levels - 1}\n"


NESTED_ALIASES = _nested_aliases()


@dataclass(frozen=True)
class Case:
    file: str
    change: Callable[[bytes], bytes]
    expected: list[tuple[str, int | str | None, str]]  # (file, line or "line:column", words) of every error


def text(fn: Callable[[str], str]) -> Callable[[bytes], bytes]:
    return lambda raw: fn(raw.decode("utf-8")).encode("utf-8")


def sub(old: str, new: str) -> Callable[[bytes], bytes]:
    def change(t: str) -> str:
        assert old in t, old
        return t.replace(old, new, 1)

    return text(change)


CASES = {
    "link shows one number, dials another": Case(
        INDEX,
        sub("(tel:+3278055800)", "(tel:+3278055801)"),
        [
            (INDEX, EN_TEL, "shows '+32 78 05 58 00' but dials '+3278055801'"),
            (FR_INDEX, FR_TEL, "English page dials +3278055801"),
            (FR_INDEX, FR_TEL, "translation dials +3278055800"),
        ],
    ),
    "translation dials another number": Case(
        FR_INDEX,
        sub("[+32 78 05 58 00](tel:+3278055800)", "[+32 78 05 58 01](tel:+3278055801)"),
        [(FR_INDEX, FR_TEL, "English page dials +3278055800"), (FR_INDEX, FR_TEL, "translation dials +3278055801")],
    ),
    "unknown number in the text": Case(
        INDEX,
        text(lambda t: t + "\nOr call 078 05 58 01.\n"),
        [(INDEX, last_line(INDEX) + 2, "'078 05 58 01' is neither in the contacts")],
    ),
    "national form of a known number is fine, a wrong one is not": Case(
        INDEX,
        text(lambda t: t + "\nIn Belgium: 078 05 58 00, or 078 05 58 10.\n"),
        [(INDEX, last_line(INDEX) + 2, "'078 05 58 10'")],
    ),
    "bidirectional override inside a number": Case(
        INDEX,
        sub("[+32 78 05 58 00]", "[+32 78 05 \u202e58 00]"),
        [
            (INDEX, f"{EN_TEL}:33", "U+202E RIGHT-TO-LEFT OVERRIDE, is in the text"),
            (INDEX, EN_TEL, "dials '+3278055800'"),
        ],
    ),
    "zero-width space in a contact's number": Case(
        CONTACTS,
        sub('"+32 78 05 58 00"', '"+32 78 05\u200b 58 00"'),
        [(CONTACTS, f"{PHONE}:22", "U+200B ZERO WIDTH SPACE"), (CONTACTS, PHONE, "international format")],
    ),
    "NUL in the front matter": Case(
        LEGAL,
        sub("topic: legal", "topic: le\x00gal"),
        [
            (LEGAL, f"{line_of(LEGAL, 'topic: legal')}:10", "U+0000 NULL"),
            (LEGAL, line_of(LEGAL, "topic: legal"), "YAML cannot be read"),
        ],
    ),
    "invisible character in interface strings": Case(
        "strings/fr.yml",
        sub("site_name: ", "site_name: \u2066"),
        [("strings/fr.yml", f"{_strings_line('site_name: ')}:12", "U+2066 LEFT-TO-RIGHT ISOLATE")],
    ),
    "bytes that are not UTF-8": Case(
        LEGAL,
        lambda raw: raw.replace(b"Legal questions", b"Legal \xff\xfeuestions", 1),
        [(LEGAL, f"{line_of(LEGAL, 'Legal questions')}:14", "not UTF-8 text: byte 0xff at column 14")],
    ),
    "nested YAML aliases (a billion laughs)": Case(
        CONTACTS,
        lambda raw: NESTED_ALIASES.encode(),
        [(CONTACTS, 2, "anchors (&name) and aliases (*name) are not allowed")],
    ),
    "a YAML tag that runs Python": Case(
        CONTACTS,
        sub("country: belgium", "country: !!python/object/apply:os.system ['touch pwned']"),
        [(CONTACTS, 1, "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")],
    ),
    "YAML nested 40 levels": Case(
        CONTACTS,
        text(lambda t: t + "extra: " + "[" * 40 + "]" * 40 + "\n"),
        [(CONTACTS, last_line(CONTACTS) + 1, "nested more than 12 levels")],
    ),
    "a list nested 300 levels": Case(
        LEGAL,
        text(lambda t: t + "".join("    " * i + "- x\n" for i in range(300))),
        [(LEGAL, last_line(LEGAL) + 10, "nested more than 8 levels")],
    ),
    "a file of 600 KB": Case(LEGAL, lambda raw: raw + b"word " * 120_000, [(LEGAL, None, "more than the 512 KB")]),
}


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("content/", "strings/", "mkdocs.yml"))]


def run_check(root: Path) -> tuple[int, str, float]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "build_kit.py", "check"], cwd=root, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr, time.perf_counter() - start


@pytest.mark.parametrize("name", CASES)
def test_hostile_input_is_refused_with_file_and_line(published, name):
    case = CASES[name]
    path = published.root / case.file
    original = path.read_bytes()
    before = fingerprint(published)
    try:
        path.write_bytes(case.change(original))
        code, output, seconds = run_check(published.root)
        assert "Traceback" not in output, output
        assert code == 1, output
        errors = [e for e in _errors(output) if "warning:" not in e]
        for file, line, words in case.expected:
            where = f"{file}:{line}:" if line else f"{file}: "
            assert any(e.startswith(where) and words in e for e in errors), (where, words, errors)
        assert len(errors) == len(case.expected), errors
        assert seconds < CHECK_SECONDS, seconds
        with pytest.raises(ContentError):
            build_kits(published, ["belgium"], ["en"], workers=1)
        assert fingerprint(published) == before
        assert not (published.root / "pwned").exists()
    finally:
        path.write_bytes(original)


def test_nested_aliases_are_refused_in_a_second(published):
    from kit.content import read_contacts

    path = published.root / CONTACTS
    original = path.read_bytes()
    try:
        path.write_text(NESTED_ALIASES, encoding="utf-8")
        start = time.perf_counter()
        contacts, problems = read_contacts(path, published)
        seconds = time.perf_counter() - start
    finally:
        path.write_bytes(original)
    assert contacts is None and "aliases" in problems[0].message
    print(f"nested aliases (9^12 values if expanded) refused in {seconds * 1000:.1f} ms")
    assert seconds < 1


@pytest.mark.parametrize(
    ("name", "change", "words"),
    [
        ("a Python tag", lambda t: t.replace("hooks:", "hooks_x: !!python/object/apply:os.system ['touch pwned']\nhooks:"),
         "mkdocs.yml:{hooks}: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
        ("broken YAML", lambda t: t.replace("docs_dir: content", "docs_dir: [content"), "mkdocs.yml:"),
        ("a country folder named like a language", lambda t: t.replace("belgium/", "be/"), "the folder 'be' looks like a language code"),
        ("a language code that is not one", lambda t: t.replace("locale: fr", "locale: french"), "'french' is not a two-letter code"),
    ],
)  # fmt: skip
def test_an_unsafe_or_broken_mkdocs_yml_is_refused_before_mkdocs_reads_it(published, name, change, words):
    path = published.root / "mkdocs.yml"
    original = path.read_text(encoding="utf-8")
    words = words.format(hooks=original.splitlines().index("hooks:") + 1)  # the tag's line: where `hooks:` was
    before = fingerprint(published)
    try:
        path.write_text(change(original), encoding="utf-8")
        commands = (
            [["check"], ["site"], ["build"], ["serve", "--dev-addr", "127.0.0.1:1"]] if "tag" in name else [["site"]]
        )
        for command in commands:
            result = subprocess.run([sys.executable, "build_kit.py", *command], cwd=published.root,
                                    capture_output=True, text=True, timeout=120)  # fmt: skip
            output = result.stdout + result.stderr
            assert result.returncode == 1, (command, output)
            assert "Traceback" not in output and words in output, (command, output)
        assert fingerprint(published) == before
        assert not (published.root / "pwned").exists()  # MkDocs never read the file
    finally:
        path.write_text(original, encoding="utf-8")


def test_unknown_language_folder_and_hidden_file_names(published):
    extra = [published.docs_dir / "nl" / "index.md", published.docs_dir / "en" / "belgium" / "le\u200bgal.md"]
    try:
        for path in extra:
            path.parent.mkdir(exist_ok=True)
            path.write_text((published.docs_dir / "en" / "index.md").read_text(encoding="utf-8"), encoding="utf-8")
        code, output, _ = run_check(published.root)
        assert code == 1 and "Traceback" not in output
        assert "content/nl: the folder 'nl' is not a language of the kit" in output, output
        assert "a file name contains U+200B ZERO WIDTH SPACE" in output, output
    finally:
        for path in extra:
            path.unlink()
        (published.docs_dir / "nl").rmdir()


def test_a_pull_request_changing_build_code_is_flagged_for_review(tmp_path):
    from kit.check import needs_review

    root = tmp_path
    changed = {root / name for name in ("content/en/index.md", "kit/site_hooks.py", "overrides/main.html",
                                        ".github/workflows/deploy.yml", "mkdocs.yml")}  # fmt: skip
    assert needs_review(root, changed) == [".github/workflows/deploy.yml", "kit/site_hooks.py", "mkdocs.yml",
                                           "overrides/main.html"]  # fmt: skip
    assert needs_review(root, {root / "content/fr/belgium/index.md"}) == []


def test_a_killed_build_leaves_nothing_behind_and_nothing_temporary_is_published(published):
    from kit.build import KITS_DIR
    from kit.leftovers import leftovers
    from kit.site import build_site

    dead = 2**22 + 12345  # above the default pid_max of 4194304: no process has it
    planted = [
        published.root / f".site-{dead}-abc123",
        published.root / f".site-old-{dead}",
        published.root / KITS_DIR / "en" / f".fiit-kit-belgium-en.pdf.{dead}.tmp",
        published.root / f".mkdocs-offline-{dead}.yml",
    ]
    for path in planted:
        if path.suffix:
            path.write_text("half-written")
        else:
            path.mkdir()
            (path / "index.html").write_text("<p>half-built")
    assert sorted(leftovers(published.root)) == sorted(planted)
    build_site(published)
    assert not any(path.exists() for path in planted)
    published_names = [p.name for p in published.site_dir.rglob("*")]
    assert not [n for n in published_names if n.endswith(".tmp") or n.startswith((".site", ".mkdocs"))]


def test_numbers_written_in_the_text_are_never_broken_but_links_keep_their_text():
    from kit.phones import keep_numbers_whole

    html = '<p>Call 116 006, or <a href="tel:+3225116464">+32 2 511 64 64</a>, or 078 05 58 00 in 2024 for 1 000 people.</p>'
    assert keep_numbers_whole(html) == (
        '<p>Call 116\u00a0006, or <a href="tel:+3225116464">+32 2 511 64 64</a>, or 078\u00a005\u00a058\u00a000 in 2024'
        " for 1 000 people.</p>"
    )
