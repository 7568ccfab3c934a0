"""Kits built with their shared chapters laid out once (kit/print/shared_layout.py) equal, for a reader, the same
kits laid out whole: the text of every page, the outline, the contents' page numbers, the links and their targets,
the page boxes, and the PDF/UA structure check. Two countries share the EU part, glossary and about."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import make_repo
from pdfkit import Kit
from pypdf import PdfReader
from pypdf.generic import ArrayObject

from kit.config import SiteConfig, load_config
from kit.content import load_content
from kit.editions import build_stamp
from kit.pdfcheck import structure_problems
from kit.print.full_kit import STYLESHEET, kit_document
from kit.print.render import write_padded_pdf
from kit.print.shared_layout import KitBuilt, KitFiles, build_language

COUNTRIES = ("belgium", "france")


def _two_countries(root: Path) -> SiteConfig:
    """The mini kit, with a French part: a copy of its Belgian part (in the nav, with its contacts)."""
    make_repo(root)
    english = root / "content" / "en"
    shutil.copytree(english / "belgium", english / "france")
    for page in (english / "france").glob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("country: belgium", "country: france"), "utf-8")
    shutil.copy2(root / "content" / "contacts" / "belgium.yml", root / "content" / "contacts" / "france.yml")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = config["nav"]
    at = next(i for i, item in enumerate(nav) if isinstance(item, dict) and "Belgium" in item)
    nav.insert(at + 1, {"France": [p.replace("belgium/", "france/") for p in nav[at]["Belgium"]]})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_config(root)


@pytest.fixture(scope="module")
def kits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("shared")
    cfg = _two_countries(base / "repo")
    content = load_content(cfg)
    edition = {**build_stamp(cfg.root), "edition": ""}
    built: dict[str, list[KitBuilt]] = {}
    for mode in ("shared", "whole"):
        files = [KitFiles(c, edition, base / f"{c}-{mode}.pdf", base / f"{c}-{mode}-print-shop.pdf") for c in COUNTRIES]
        built[mode] = build_language(cfg, content, "en", files, share=mode == "shared")
    plain = base / "belgium-plain.pdf"  # the screen kit as before: laid out whole, without bleed
    write_padded_pdf(lambda n: kit_document(cfg, content, "belgium", "en", edition, padding=n)[0], plain, cfg,
                     STYLESHEET, multiple=4)  # fmt: skip
    return {"base": base, "built": built, "plain": plain}


def _links(path: Path) -> list[list[tuple[tuple[int, ...], str]]]:
    """Per page: every link's rectangle (rounded) and its target: 'page N' inside the PDF, or the web address."""
    reader = PdfReader(path)
    named = {str(name): reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    pages = []
    for page in reader.pages:
        found = []
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            rect = tuple(round(float(v)) for v in annot["/Rect"])
            action = annot.get("/A")
            dest = annot.get("/Dest") if annot.get("/Dest") is not None else action and action.get("/D")
            if action is not None and action.get("/URI"):
                found.append((rect, str(action["/URI"])))
            elif isinstance(dest, ArrayObject):
                found.append((rect, f"page {reader.get_page_number(dest[0].get_object()) + 1}"))
            elif dest is not None:
                found.append((rect, f"page {named[str(dest)] + 1}"))
        pages.append(sorted(found))
    return pages


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("variant", ["", "-print-shop"])
def test_a_kit_built_from_shared_blocks_reads_as_the_kit_laid_out_whole(kits: dict, country: str, variant: str):
    shared, whole = (kits["base"] / f"{country}-{mode}{variant}.pdf" for mode in ("shared", "whole"))
    a, b = Kit(shared), Kit(whole)
    assert len(a.reader.pages) == len(b.reader.pages) and len(a.reader.pages) % 4 == 0
    assert a.texts == b.texts  # every page's text, page numbers and running heads included
    assert a.outline() == b.outline()
    titles = [title for level, title, _ in b.outline() if level == 1 and title != "Contents"]
    contents = a.printed_contents("Contents", titles)
    assert contents and contents == b.printed_contents("Contents", titles)
    starts = {title: page for level, title, page in a.outline() if level == 1}
    assert all(contents[t] == starts[t] for t in contents)  # the printed numbers are where the chapters start
    assert _links(shared) == _links(whole)
    for name in ("/MediaBox", "/TrimBox", "/BleedBox"):
        assert [list(p[name]) for p in a.reader.pages] == [list(p[name]) for p in b.reader.pages]
    assert structure_problems(shared, "en") == []


def test_the_shared_chapters_are_laid_out_once_for_both_kits(kits: dict):
    first, second = kits["built"]["shared"]
    whole = kits["built"]["whole"]
    assert first.laid_out >= first.pages  # the first kit lays out the shared blocks
    assert second.laid_out < second.pages * 0.8  # the second reuses them: only its own pages are laid out
    assert all(w.laid_out >= w.pages for w in whole)


def test_a_shared_chapter_links_into_its_own_country_only_in_that_countrys_kit(kits: dict):
    """The EU page's "Back to Belgium": an in-PDF link to the Belgian part in Belgium's kit, the web address in
    France's (whose kit has no Belgian part); its own chapters' links stay in the PDF in both."""
    for country in COUNTRIES:
        kit = Kit(kits["base"] / f"{country}-shared.pdf")
        level_one = [(title, page) for level, title, page in kit.outline() if level == 1]
        eu = dict(level_one)["Rules in Europe"]
        first_chapter = level_one[[t for t, _ in level_one].index("Contents") + 1][1]  # the country's in-brief page
        targets = [target for _, target in _links(kit.path)[eu - 1]]
        if country == "belgium":
            assert f"page {first_chapter}" in targets
            assert not any("/belgium/" in t for t in targets)
        else:
            assert f"page {first_chapter}" not in targets
            assert any(t.endswith("/belgium/") for t in targets)


def test_the_screen_file_taken_from_the_print_shop_layout_is_the_plain_screen_kit(kits: dict):
    shared, plain = Kit(kits["base"] / "belgium-shared.pdf"), Kit(kits["plain"])
    assert shared.texts == plain.texts
    assert shared.outline() == plain.outline()
    page = shared.reader.pages[0]
    assert list(page["/MediaBox"]) == list(plain.reader.pages[0]["/MediaBox"])  # no bleed on screen
    assert list(page["/TrimBox"]) == list(page["/MediaBox"])


def _forms(path: Path) -> int:
    """Form XObjects in the file: WeasyPrint draws each page's crop marks as one."""
    with pikepdf.open(path) as pdf:
        return sum(1 for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Form")


def test_every_file_draws_its_own_crop_marks_once_and_the_screen_file_none(kits: dict):
    """WeasyPrint adds the crop marks to a page's background each time it draws it: a page drawn for the print shop,
    or a shared page drawn for an earlier kit, must not bring them into another file."""
    base, plain = kits["base"], _forms(kits["plain"])  # the plain screen kit: the forms of its content alone
    for country in COUNTRIES:
        pages = len(PdfReader(base / f"{country}-shared.pdf").pages)
        assert _forms(base / f"{country}-shared.pdf") == plain
        assert _forms(base / f"{country}-shared-print-shop.pdf") == plain + pages  # one set of marks per page
