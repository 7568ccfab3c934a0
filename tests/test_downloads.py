"""The printed versions on the site (kit/downloads.py, kit/site_hooks.py) and the line under each page saying
whether it changed since the printed edition (kit/editions.py), on the small kit built as a git repository with
an edition tag and a manifest in the agreed shape (one entry per file)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from kit.build import KITS_DIR, MANIFEST
from kit.site_hooks import _size
from kit.strings import load_strings
from tests.conftest import make_repo

# country, lang, product, variant, pages, bytes: what the print branch's manifest will hold
FILES = [
    ("belgium", "en", "kit", "screen", 12, 1_572_864),
    ("belgium", "en", "kit", "print-shop", 12, 2_621_440),
    ("belgium", "en", "kit", "a4-booklet", 6, 1_677_722),
    ("belgium", "en", "pocket-guide", "screen", 8, 524_288),
    ("belgium", "en", "pocket-guide", "a4-booklet", 4, 600_000),
    ("belgium", "en", "wallet-card", "screen", 2, 104_858),
    ("belgium", "fr", "kit", "screen", 12, 1_600_000),
    ("belgium", "fr", "wallet-card", "print-shop", 2, 209_715),
]
STEMS = {"kit": "fiit-kit", "pocket-guide": "fiit-pocket-guide", "wallet-card": "fiit-wallet-card"}


def _name(country, lang, product, variant):
    stem = f"{STEMS[product]}-{country}-{lang}"
    return f"{stem}.pdf" if variant == "screen" else f"{stem}-{variant}.pdf"


def _git(repo, *args):
    cmd = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgSign=false",
           "-c", "tag.gpgSign=false", *args]  # fmt: skip
    subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from kit.site import build_site

    cfg = make_repo(tmp_path_factory.mktemp("downloads") / "repo")
    manifest = {}
    for country, lang, product, variant, pages, size in FILES:
        name = _name(country, lang, product, variant)
        target = cfg.root / KITS_DIR / lang / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"%PDF-1.7 test")  # the site copies files; it does not read them
        manifest[f"{country}/{lang}/{product}/{variant}"] = {"country": country, "lang": lang, "product": product,
            "variant": variant, "pages": pages, "bytes": size, "file": f"{lang}/{name}"}  # fmt: skip
    (cfg.root / KITS_DIR / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    _git(cfg.root, "init", "-q")
    _git(cfg.root, "add", "-A", "content")
    _git(cfg.root, "commit", "-q", "-m", "content")
    _git(cfg.root, "tag", "-a", "edition-2026-11", "-m", "November 2026")
    changed = cfg.root / "content/en/belgium/index.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    _git(cfg.root, "commit", "-q", "-am", "change the English Belgian page")
    build_site(cfg)
    return cfg


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_country_page_lists_every_built_file_with_pages_and_size(site, lang):
    prefix = "" if lang == "en" else f"{lang}/"
    page = (site.site_dir / f"{prefix}belgium/index.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="kit-downloads".*?</section>', page, re.S)
    assert section, "no printed versions on the country page"
    s = load_strings(lang)["downloads"]
    mine = [f for f in FILES if f[1] == lang]
    links = re.findall(r'<a href="../downloads/([^"]+)" download>([^<]+)</a>', section.group(0))
    expected = []
    for country, _, product, variant, pages, size in mine:
        label = s["variants"][variant].format(product=s["products"][product], pages=pages, size=_size(size, lang))
        expected.append((_name(country, lang, product, variant), label.replace("'", "&#x27;")))
    assert sorted(links) == sorted(expected)
    for product in {f[2] for f in mine}:  # what each is for, in the page's language
        assert s["for"][product].replace("'", "&#x27;") in section.group(0)
    for country, _, product, variant, *_ in mine:
        assert (site.site_dir / f"{prefix}downloads" / _name(country, lang, product, variant)).is_file()
    body = page[page.index('<article class="md-content__inner') :]
    text_headings = [m.start() for m in re.finditer(r"<h2 id=(?!\"kit-downloads)", body)]
    assert text_headings and max(text_headings) < body.index('class="kit-downloads"')  # after the text


def test_each_page_says_whether_it_changed_since_the_printed_edition(site):
    en = load_strings("en")
    changed = (site.site_dir / "belgium/index.html").read_text(encoding="utf-8")
    assert f'<p class="kit-edition">{en["edition_changed"].format(edition="2026-11")}</p>' in changed
    fr = (site.site_dir / "fr/belgium/index.html").read_text(encoding="utf-8")
    line = load_strings("fr")["edition_unchanged"].format(edition="2026-11").replace("'", "&#39;")
    assert f'<p class="kit-edition">{line}</p>' in fr


def test_a_real_build_offers_the_full_kit_for_screens_print_shops_and_office_printers(built_mini):
    """The small kit built for real (tests/conftest.py): the manifest has the kit's three files, and the country
    page links each with the pages and size the manifest holds."""
    from kit.build import read_manifest

    manifest = read_manifest(built_mini.root)
    for lang in ("en", "fr"):
        prefix = "" if lang == "en" else f"{lang}/"
        page = (built_mini.site_dir / f"{prefix}belgium/index.html").read_text(encoding="utf-8")
        s = load_strings(lang)["downloads"]
        screen = manifest[f"{lang}/fiit-kit-belgium-{lang}.pdf"]
        for variant in ("screen", "print-shop", "a4-booklet"):
            name = _name("belgium", lang, "kit", variant)
            entry = manifest[f"{lang}/{name}"]
            assert (entry["product"], entry["variant"]) == ("kit", variant)
            assert entry["bytes"] == (built_mini.root / KITS_DIR / lang / name).stat().st_size
            label = s["variants"][variant].format(product=s["products"]["kit"], pages=entry["pages"],
                                                  size=_size(entry["bytes"], lang)).replace("'", "&#x27;")  # fmt: skip
            assert f'<a href="../downloads/{name}" download>{label}</a>' in page, (lang, variant)
            assert (built_mini.site_dir / f"{prefix}downloads" / name).is_file()
        assert screen["pages"] % 4 == 0
        assert manifest[f"{lang}/fiit-kit-belgium-{lang}-a4-booklet.pdf"]["pages"] == screen["pages"] // 2
