"""The print products other than the full kit, rendered from the real content and read back from the PDFs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
import zxingcpp
from built import product_path
from pdfkit import Kit
from PIL import Image

from kit.config import ROOT, config, load_config
from kit.content import load_content
from kit.pdfcheck import structure_problems
from kit.phones import country_region, national_form, normal
from kit.print.wallet_card import card_contacts

LANGS = ("en", "fr", "hu", "it")
MM = 72 / 25.4
# the word for trafficking in each language, which nothing on the outside of a discreet product may show
TRAFFICKING = re.compile(r"traffick|traite|emberkereskedel|tratta|traffic", re.I)


@pytest.fixture(scope="module")
def cards() -> dict[tuple[str, str, str], Path]:
    """Every wallet card `make build` made: each country in each language, screen and print-shop."""
    cfg = config()
    return {(country, lang, variant): product_path("wallet-card", country, lang, variant)
            for country in cfg.countries for lang in cfg.language_codes for variant in ("screen", "print-shop")}  # fmt: skip


def _box_mm(page: pikepdf.Page, name: str) -> list[float]:
    return [round(float(v) / MM, 1) for v in page.obj[name]]


def test_wallet_card_is_two_pages_of_85_by_55_mm_tagged_and_with_embedded_fonts(cards):
    for (_, lang, variant), path in cards.items():
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == 2, path
            for page in pdf.pages:
                assert _box_mm(page, "/TrimBox") == [0, 0, 85, 55], path
        if variant == "screen":  # fonts embedded, PDF/UA-1 structure, alternative text of the QR code
            assert structure_problems(path, lang) == [], path


def test_print_shop_card_has_3_mm_bleed_on_each_side(cards):
    for (_, _, variant), path in cards.items():
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                bleed = [0, 0, 85, 55] if variant == "screen" else [-3, -3, 88, 58]
                assert _box_mm(page, "/BleedBox") == bleed, path
                assert _box_mm(page, "/MediaBox") == bleed, path
    with pikepdf.open(cards["hungary", "hu", "print-shop"]) as pdf:  # fonts embedded in the print-shop file too
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"]
        assert fonts and all(any(k in f for k in ("/FontFile", "/FontFile2", "/FontFile3")) for f in fonts)


def test_wallet_card_qr_code_is_the_country_page_online_in_the_cards_language(cards, tmp_path):
    cfg = load_config(ROOT)
    for country, lang, variant in cards:
        if variant != "screen":
            continue
        prefix = tmp_path / f"{country}-{lang}"
        subprocess.run(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", str(cards[country, lang, "screen"]),
                        str(prefix)], check=True)  # fmt: skip
        (png,) = tmp_path.glob(f"{country}-{lang}*.png")
        codes = [b.text for b in zxingcpp.read_barcodes(Image.open(png))]
        assert codes == [cfg.page_url(lang, f"{country}/index.md")], (country, lang)


def test_wallet_card_numbers_and_discretion(cards):
    content = load_content(load_config(ROOT))
    for (country, _, _), path in cards.items():
        front, back = Kit(path).texts
        for side in (front, back):  # both sides are the outside of a card
            assert not TRAFFICKING.search(side), (path, TRAFFICKING.search(side))
        chosen = card_contacts(content.contacts[country])
        region = country_region(content, country)
        for role in ("hotline", "emergency"):
            assert chosen[role] is not None and national_form(chosen[role].phone, region) in back, (path, role)


def test_wallet_card_shows_numbers_as_dialled_in_its_country_and_links_them_in_international_form(cards):
    """Issue 11: the Italian card showed "+39 800 290 290"; in Italy the helpline is dialled 800 290 290, in
    Hungary the crisis line 06 80 20 55 20, whatever the card's language. The tel: link still dials +39…/+36…."""
    for lang in LANGS:
        italy, hungary = Kit(cards["italy", lang, "screen"]), Kit(cards["hungary", lang, "screen"])
        assert "800 290 290" in italy.text(1) and "+39" not in italy.text(1), lang
        assert "06 80 20 55 20" in hungary.text(1) and "+36" not in hungary.text(1), lang
        assert "tel:+39800290290" in italy.uris() and "tel:+3680205520" in hungary.uris(), lang


def test_national_form_keeps_the_groups_and_dials_the_same_number():
    assert national_form("+39 800 290 290", "IT") == "800 290 290"
    assert national_form("+36 80 20 55 20", "HU") == "06 80 20 55 20"
    assert national_form("+32 78 05 58 00", "BE") == "078 05 58 00"
    assert national_form("+44 8000 121 700", "GB") == "08000 121 700"
    assert national_form("+32 2 511 64 64", "IT") == "+32 2 511 64 64"  # another country's number stays whole
    assert national_form("112", "IT") == "112"
    for phone, region in (("+36 80 225 225", "HU"), ("+33 6 71 00 69 90", "FR"), ("+44 141 276 7724", "GB")):
        assert normal(national_form(phone, region), region) == normal(phone, None)


def test_full_kit_cover_qr_code_is_the_country_page_online(built_mini, tmp_path):
    from kit.build import KITS_DIR, kit_filename

    for lang in ("en", "fr"):
        pdf = built_mini.root / KITS_DIR / kit_filename("belgium", lang)
        prefix = tmp_path / lang
        subprocess.run(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", str(pdf), str(prefix)], check=True)
        (png,) = tmp_path.glob(f"{lang}*.png")
        codes = [b.text for b in zxingcpp.read_barcodes(Image.open(png))]
        assert codes == [built_mini.page_url(lang, "belgium/index.md")], lang
        assert structure_problems(pdf, lang) == []
