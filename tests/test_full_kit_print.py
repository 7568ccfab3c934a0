"""The full kit ready for print, read back from the files `make build` made: a multiple of 4 pages with "Notes"
pages before the back cover and the helplines on the outside back cover, the print-shop variant's boxes, the A4
office booklet's page order, and the QR codes at the start of the chapters."""

from __future__ import annotations

import re
import subprocess
from functools import cache

import pikepdf
import pytest
import zxingcpp
from built import KITS, product_path
from pdfkit import Kit
from PIL import Image
from test_imposition import halves

from kit.config import config
from kit.contacts import help_numbers
from kit.content import load_content
from kit.print.full_kit import chapters
from kit.strings import load_strings

MM = 72 / 25.4
A5 = [0, 0, 148, 210]  # mm


@cache
def _content():
    return load_content(config())


def _footer(lang: str) -> re.Pattern[str]:
    label = re.escape(load_strings(lang)["page_of"]).replace(r"\{page\}", r"(\d+)").replace(r"\{pages\}", r"(\d+)")
    return re.compile(label)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2010\n", "").split())  # a name hyphenated at a line end, joined


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_the_kit_folds_into_a_booklet_with_the_helplines_on_the_outside_back_cover(country, lang):
    pdf = Kit(product_path("kit", country, lang))
    total = len(pdf.reader.pages)
    assert total % 4 == 0, total
    back = pdf.text(-1)
    numbers = help_numbers(_content().contacts[country], lang)
    assert numbers
    for number in numbers:
        assert _flat(number["name"]) in _flat(back) and number["phone"] in back, number
    assert not _footer(lang).search(back)  # no page number on the outside
    assert load_strings(lang)["notes"] not in back  # and no running head
    # the padding: 0-3 "Notes" pages, right before the back cover, each only its title and the page number
    notes = load_strings(lang)["notes"]
    padding = 0
    while padding < 4 and pdf.text(total - 2 - padding).split("\n")[0] == notes:
        padding += 1
    assert padding < 4
    for index in range(total - 1 - padding, total - 1):
        text = pdf.text(index)
        assert _footer(lang).search(text).groups() == (str(index + 1), str(total))
        assert set(text.split("\n")[:-1]) == {notes}, text
    assert pdf.text(total - 2 - padding).split("\n")[0] != notes  # the last chapter's page comes before them


def _box_mm(page: pikepdf.Page, name: str) -> list[float]:
    return [round(float(v) / MM, 1) for v in page.obj[name]]


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_the_print_shop_kit_has_3_mm_bleed_trimbox_and_bleedbox_and_the_screen_kits_pages(country, lang):
    screen = Kit(product_path("kit", country, lang))
    with pikepdf.open(product_path("kit", country, lang, "print-shop")) as pdf:
        assert len(pdf.pages) == len(screen.reader.pages)
        for page in pdf.pages:
            assert _box_mm(page, "/TrimBox") == A5
            assert _box_mm(page, "/BleedBox") == [-3, -3, 151, 213]
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"]
        assert fonts and all(any(k in f for k in ("/FontFile", "/FontFile2", "/FontFile3")) for f in fonts)
    with pikepdf.open(product_path("kit", country, lang)) as pdf:  # the screen file has no bleed
        assert _box_mm(pdf.pages[0], "/MediaBox") == A5


def _cover_is_blue_to_the_edge(path, tmp_path, page: int) -> None:
    tmp_path.mkdir(parents=True, exist_ok=True)
    prefix = tmp_path / f"p{page}"
    subprocess.run(["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page), "-png", str(path), str(prefix)],
                   check=True)  # fmt: skip
    (png,) = tmp_path.glob(f"p{page}*.png")
    image = Image.open(png).convert("RGB")
    w, h = image.size
    for xy in ((w // 2, 1), (w // 2, h - 2), (1, h // 2), (w - 2, h // 2)):  # in the bleed, away from the marks
        assert image.getpixel(xy) == (26, 61, 143), (path, page, xy)


def test_the_print_shop_covers_run_into_the_bleed(tmp_path):
    for country, lang in (("hungary", "hu"), ("italy", "it")):
        path = product_path("kit", country, lang, "print-shop")
        with pikepdf.open(path) as pdf:
            total = len(pdf.pages)
        for page in (1, total):
            _cover_is_blue_to_the_edge(path, tmp_path / f"{country}{page}", page)


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_the_a4_booklet_is_the_kit_in_saddle_stitch_order(country, lang):
    pdf = Kit(product_path("kit", country, lang))
    total = len(pdf.reader.pages)
    booklet = product_path("kit", country, lang, "a4-booklet")
    with pikepdf.open(booklet) as imposed:
        assert len(imposed.pages) == total // 2
        for page in imposed.pages:
            assert [round(float(v)) for v in page.mediabox] == [0, 0, 842, 595]  # A4 landscape
    strings = load_strings(lang)

    def page_label(number: int) -> str:
        return strings["page_of"].format(page=number, pages=total)

    # side 1: the back cover (the helplines) on the left, the cover on the right
    left, right = halves(booklet, 1)
    assert help_numbers(_content().contacts[country], lang)[0]["phone"] in left
    assert strings["countries"][country] in right and page_label(1) not in right
    # side 2: pages 2 and N-1; the last side: the two middle pages; each side by the page numbers it prints
    for side, pages in ((2, (2, total - 1)), (3, (total - 2, 3)), (total // 2, (total // 2, total // 2 + 1))):
        left, right = halves(booklet, side)
        assert page_label(pages[0]) in left and page_label(pages[1]) in right, (side, pages)


def _codes(path, page: int, tmp_path) -> list[str]:
    prefix = tmp_path / f"q{page}"
    subprocess.run(["pdftoppm", "-r", "300", "-f", str(page), "-l", str(page), "-png", str(path), str(prefix)],
                   check=True)  # fmt: skip
    (png,) = tmp_path.glob(f"q{page}*.png")
    return [b.text for b in zxingcpp.read_barcodes(Image.open(png))]


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_the_qr_code_on_the_cover_is_the_countrys_page_online_in_the_kits_language(country, lang, tmp_path):
    path = product_path("kit", country, lang)
    assert _codes(path, 1, tmp_path) == [config().page_url(lang, f"{country}/index.md")]


@pytest.mark.parametrize(("country", "lang"), [("hungary", "hu"), ("italy", "it"), ("belgium", "fr")])
def test_the_qr_code_at_the_start_of_each_chapter_is_that_chapter_online(country, lang, tmp_path):
    """Every chapter of three kits (the chapters are the same pages in every kit of a language)."""
    cfg = config()
    path = product_path("kit", country, lang)
    pdf = Kit(path)
    starts = {title: page for level, title, page in pdf.outline() if level == 1}
    for chapter in chapters(cfg, _content(), country, lang):
        page = starts[chapter.page.meta.title]
        assert _codes(path, page, tmp_path) == [cfg.page_url(lang, chapter.page.rel)], chapter.page.rel
