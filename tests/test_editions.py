"""Editions from git (kit/editions.py), on a temporary repository with two edition tags."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kit.editions import changed_pages, colophon, current_edition, edition_tags, previous_edition


def _git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_DATE": "2027-03-01T10:00:00Z", "GIT_COMMITTER_DATE": "2027-03-01T10:00:00Z",
           "HOME": str(repo), "PATH": "/usr/bin:/bin"}  # fmt: skip
    cmd = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "tag.gpgSign=false",
           "-c", "commit.gpgSign=false", *args]  # fmt: skip
    return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, check=True).stdout


def _page(repo: Path, path: str, title: str, body: str, reviewed: str = "2027-01-01") -> None:
    file = repo / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f'---\ntitle: "{title}"\nlast_reviewed: {reviewed}\n---\n\n{body}\n', encoding="utf-8")


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("editions")
    _git(repo, "init", "-q", "-b", "main")
    _page(repo, "content/en/belgium/index.md", "Belgium: in brief", "First text.")
    _page(repo, "content/fr/belgium/index.md", "Belgique : l'essentiel", "Premier texte.")
    _page(repo, "content/en/italy/legal.md", "Italy: the law", "Law.")
    _page(repo, "content/en/about.md", "About", "About us.")
    (repo / "content/contacts").mkdir(parents=True)
    (repo / "content/contacts/italy.yml").write_text("country: italy\n", encoding="utf-8")
    _commit(repo, "first")
    _git(repo, "tag", "-a", "edition-2026-11", "-m", "November 2026")
    _page(repo, "content/en/belgium/index.md", "Belgium: in brief", "Second text.")  # changed
    _page(repo, "content/en/about.md", "About", "About us.", reviewed="2027-02-01")  # review date only
    _commit(repo, "second")
    _git(repo, "tag", "-a", "edition-2027-03", "-m", "March 2027")
    _page(repo, "content/fr/belgium/index.md", "Belgique : l'essentiel", "Deuxième texte.")  # changed
    (repo / "content/contacts/italy.yml").write_text("country: italy\n# new number\n", encoding="utf-8")
    (repo / "content/en/italy/legal.md").unlink()
    _commit(repo, "third")
    return repo


def test_an_unreleased_build_names_its_date_and_commit_and_follows_the_newest_tag(repo):
    assert edition_tags(repo) == ["edition-2026-11", "edition-2027-03"]
    current = current_edition(repo)
    assert not current.released
    assert current.commit == _git(repo, "rev-parse", "--short=10", "HEAD").strip()
    assert current.label().startswith("unreleased, ")
    assert previous_edition(repo) == "edition-2027-03"


def test_the_listing_is_exactly_the_pages_changed_since_each_tag(repo):
    since_march = changed_pages(repo, "edition-2027-03")
    assert [(c.path, c.title, c.removed) for c in since_march] == [
        ("content/contacts/italy.yml", None, False),
        ("content/en/italy/legal.md", None, True),
        ("content/fr/belgium/index.md", "Belgique : l'essentiel", False),
    ]
    assert since_march[2].lang == "fr" and since_march[2].rel == "belgium/index.md"
    assert since_march[2].country == "belgium" and since_march[0].country == "italy"
    # a new review date alone (about.md) is not a change of the text
    since_november = [c.path for c in changed_pages(repo, "edition-2026-11")]
    assert since_november == [
        "content/contacts/italy.yml",
        "content/en/belgium/index.md",
        "content/en/italy/legal.md",
        "content/fr/belgium/index.md",
    ]
    with pytest.raises(ValueError, match="edition-2020-01: no such tag"):
        changed_pages(repo, "edition-2020-01")


def test_at_a_tag_the_edition_is_the_tag_and_the_previous_one_is_the_tag_before(repo, tmp_path):
    _git(repo, "worktree", "add", "-q", "--detach", str(tmp_path / "at-march"), "edition-2027-03")
    at_march = tmp_path / "at-march"
    assert current_edition(at_march).name == "2027-03"
    assert previous_edition(at_march) == "edition-2026-11"
    data = colophon(at_march, "en")
    assert (data["edition"], data["previous"]) == ("2027-03", "2026-11")
    assert [(p.rel, p.title) for p in data["pages"]] == [("belgium/index.md", "Belgium: in brief")]
    assert data["contacts"] == [] and colophon(at_march, "fr")["pages"] == []


def test_without_an_edition_there_is_nothing_to_compare(tmp_path):
    _git(tmp_path, "init", "-q")
    _page(tmp_path, "content/en/about.md", "About", "Text.")
    _commit(tmp_path, "only")
    assert previous_edition(tmp_path) is None
    assert colophon(tmp_path, "en")["previous"] is None and colophon(tmp_path, "en")["pages"] == []


def test_the_full_kits_colophon_names_the_edition_and_the_chapters_changed_since_the_one_before(tmp_path, monkeypatch):
    """The small kit as a repository with two edition tags; the colophon of the PDF is read back. The dates are
    the test commits' own: CI's SOURCE_DATE_EPOCH (this repository's last commit) would rightly win over them."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    from pdfkit import Kit

    from kit.content import load_content
    from kit.editions import build_stamp
    from kit.print.full_kit import STYLESHEET, kit_document
    from kit.print.render import write_pdf
    from tests.conftest import make_repo

    cfg = make_repo(tmp_path / "repo")
    repo = cfg.root
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "first")
    _git(repo, "tag", "-a", "edition-2026-11", "-m", "November 2026")
    legal = repo / "content/en/belgium/legal.md"
    legal.write_text(legal.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    contacts = repo / "content/contacts/belgium.yml"
    contacts.write_text(contacts.read_text(encoding="utf-8") + "\n# checked again\n", encoding="utf-8")
    _commit(repo, "second")
    _git(repo, "tag", "-a", "edition-2027-03", "-m", "March 2027")
    content = load_content(cfg)
    titles = {p.rel: p.meta.title for p in (content.page("en", r) for r in ("belgium/legal.md",
              "belgium/contacts.md", "belgium/index.md")) if p}  # fmt: skip

    html, _ = kit_document(cfg, content, "belgium", "en", build_stamp(repo))
    pdf = tmp_path / "kit.pdf"
    write_pdf(html, pdf, cfg, STYLESHEET)
    colophon_page = " ".join(Kit(pdf).text(1).split())
    assert "Edition 2027-03, built on " in colophon_page
    changed = colophon_page.split("What has changed since the edition of 2026-11:")[1]
    assert titles["belgium/legal.md"] in changed and titles["belgium/contacts.md"] in changed
    assert titles["belgium/index.md"] not in changed
    assert "Edition 2027-03" in Kit(pdf).text(0)  # the cover

    _git(repo, "commit", "-q", "--allow-empty", "-m", "after the edition")  # an unreleased build: nothing new
    html, _ = kit_document(cfg, load_content(cfg), "belgium", "en", build_stamp(repo))
    assert "Nothing in this kit has changed since the edition of 2027-03." in html
    assert "Edition 2027-03, built on" not in html and "Edition 2027-03-01" in html  # its date instead
