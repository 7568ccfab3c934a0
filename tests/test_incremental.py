"""Incremental builds (kit/buildcache.py): each kind of input changed in turn rebuilds exactly the outputs that
print it, and the rebuilt PDF shows the change. Two countries and two languages of the small kit; French has only
its Belgian overview, so every other French page is printed in English (a fallback)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from kit.build import KITS_DIR, build_kits, read_manifest
from kit.config import SiteConfig
from tests.conftest import MINI, make_repo

PRODUCTS = ("kit", "wallet-card")
COUNTRIES = ["belgium", "france"]
LANGS = ["en", "fr"]


def _two_countries(target: Path) -> Path:
    """The mini fixture with France: the Belgian pages and contacts, renamed."""
    shutil.copytree(MINI, target)
    for src in (target / "content/en/belgium").glob("*.md"):
        dst = target / "content/en/france" / src.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(src.read_text(encoding="utf-8").replace("country: belgium", "country: france"), encoding="utf-8")
    contacts = (target / "content/contacts/belgium.yml").read_text(encoding="utf-8")
    (target / "content/contacts/france.yml").write_text(contacts.replace("country: belgium", "country: france"))
    nav = yaml.safe_load((target / "nav.yml").read_text(encoding="utf-8"))
    nav.insert(2, {"France": ["france/index.md", "france/legal.md", "france/contacts.md"]})
    (target / "nav.yml").write_text(yaml.safe_dump(nav, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    base = tmp_path_factory.mktemp("incremental")
    cfg = make_repo(base / "repo", _two_countries(base / "fixture"))
    first = build_kits(cfg, COUNTRIES, LANGS, workers=2, products=PRODUCTS)
    assert len(first) == 20 and not any(r.reused for r in first)  # 4 kits × 3 (screen, print shop, booklet), 8 cards
    return cfg


def _stamps(cfg: SiteConfig) -> dict[str, int]:
    return {entry["file"]: (cfg.root / KITS_DIR / entry["file"]).stat().st_mtime_ns for entry in read_manifest(cfg.root).values()}  # fmt: skip


def _rebuild(cfg: SiteConfig) -> set[str]:
    """Build again; the files written, checked both by the build's results and by the files' times."""
    before = _stamps(cfg)
    results = build_kits(cfg, COUNTRIES, LANGS, workers=2, products=PRODUCTS)
    after = _stamps(cfg)
    assert len(results) == 20 and set(after) == set(before)
    written = {name for name in after if after[name] != before[name]}
    assert written == {r.file for r in results if not r.reused}
    keys = [entry["key"] for entry in read_manifest(cfg.root).values()]
    assert all(keys) and len(set(keys)) == 16  # every output its own key; a booklet shares its screen file's
    return written


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _text(cfg: SiteConfig, name: str) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(cfg.root / KITS_DIR / name).pages))


KITS = {f"{lang}/fiit-kit-{country}-{lang}{suffix}.pdf"
        for country in COUNTRIES for lang in LANGS for suffix in ("", "-print-shop", "-a4-booklet")}  # fmt: skip
CARDS = {f"{lang}/fiit-wallet-card-{country}-{lang}{suffix}.pdf"
         for country in COUNTRIES for lang in LANGS for suffix in ("", "-print-shop")}  # fmt: skip


def _of(names: set[str], country: str | None = None, lang: str | None = None) -> set[str]:
    return {n for n in names if (country is None or f"-{country}-" in n) and (lang is None or n.startswith(f"{lang}/"))}


def test_each_input_rebuilds_exactly_what_prints_it(repo: SiteConfig) -> None:
    content = repo.root / "content"
    assert _rebuild(repo) == set(), "nothing changed: nothing may be built"

    # one French Belgian page: the French Belgian kit only, in its three files (the wallet card prints no page)
    _edit(content / "fr/belgium/index.md", "## ", "Une phrase toute nouvelle.\n\n## ")
    assert _rebuild(repo) == _of(KITS, "belgium", "fr")
    assert "Une phrase toute nouvelle." in _text(repo, "fr/fiit-kit-belgium-fr.pdf")

    # an English page of the EU part: every English kit, and the French kits, which print it in English
    _edit(content / "en/europe/index.md", "---\n\n", "---\n\nA brand new sentence.\n\n")
    assert _rebuild(repo) == KITS
    assert "A brand new sentence." in _text(repo, "fr/fiit-kit-france-fr.pdf")

    # the contacts of one country: that country's kits and cards
    _edit(content / "contacts/france.yml", "open day and night", "open day and night, every day")
    assert _rebuild(repo) == _of(KITS | CARDS, country="france")
    assert "every day" in _text(repo, "en/fiit-kit-france-en.pdf")

    # the French strings: every French output
    _edit(repo.root / "strings/fr.yml", "kit_title: Kit d'information", "kit_title: Kit d'information révisé")
    assert _rebuild(repo) == _of(KITS | CARDS, lang="fr")
    assert "révisé" in _text(repo, "fr/fiit-kit-belgium-fr.pdf")

    # a stylesheet shared by every product: everything
    _edit(repo.root / "kit/print/templates/base.css", "\n", "\n/* a change */\n")
    assert _rebuild(repo) == KITS | CARDS


def test_force_rebuilds_everything_and_a_changed_file_is_not_trusted(repo: SiteConfig) -> None:
    assert {r.file for r in build_kits(repo, ["belgium"], ["en"], workers=2, products=PRODUCTS, force=True)
            if not r.reused} == _of(KITS | CARDS, "belgium", "en")  # fmt: skip
    card = repo.root / KITS_DIR / "en/fiit-wallet-card-belgium-en.pdf"
    card.write_bytes(card.read_bytes() + b"\n% damaged")  # its size no longer matches the manifest
    rebuilt = build_kits(repo, ["belgium"], ["en"], workers=2, products=PRODUCTS)
    assert {r.file for r in rebuilt if not r.reused} == {"en/fiit-wallet-card-belgium-en.pdf"}


def _git(repo: Path, *args: str) -> str:
    cmd = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgSign=false", *args]
    return subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=True).stdout.strip()


def test_a_commit_elsewhere_changes_no_key_and_each_output_names_its_own_last_commit(tmp_path: Path) -> None:
    """The edition line is the last commit of the output's own inputs: a pull request that changes one page
    changes the key of the outputs that print it, and of no other (checked on the keys, which decide the rebuild)."""
    from kit.build import matrix
    from kit.buildcache import KeyMaker
    from kit.content import load_content

    cfg = make_repo(tmp_path / "repo")
    _git(cfg.root, "init", "-q")
    _git(cfg.root, "add", "-A")
    _git(cfg.root, "commit", "-qm", "first")
    first = _git(cfg.root, "rev-parse", "--short=10", "HEAD")

    def plans() -> dict[tuple[str, str, str], tuple[str, str]]:
        keys = KeyMaker(cfg, load_content(cfg))
        jobs = matrix(PRODUCTS, ["belgium"], LANGS)
        return {(j.product, j.variant, j.lang): (p.key, p.edition["commit"]) for j in jobs if (p := keys.plan(j))}

    before = plans()
    assert {commit for _, commit in before.values()} == {first}
    (cfg.root / "docs").mkdir()
    (cfg.root / "docs/notes.md").write_text("A maintainers' note.\n", encoding="utf-8")
    _git(cfg.root, "add", "-A")
    _git(cfg.root, "commit", "-qm", "docs only")
    assert plans() == before  # no output prints the docs: nothing to rebuild, the same edition line

    _edit(cfg.root / "content/fr/belgium/index.md", "## ", "Une phrase toute nouvelle.\n\n## ")
    _git(cfg.root, "commit", "-qam", "a French Belgian page")
    after = plans()
    changed = {job for job in after if after[job] != before[job]}
    assert changed == {("kit", "screen", "fr"), ("kit", "print-shop", "fr")}
    assert after[("kit", "screen", "fr")][1] == _git(cfg.root, "rev-parse", "--short=10", "HEAD")
