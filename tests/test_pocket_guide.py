"""The pocket guide for survivors (issue 11), read back from the PDFs.

The tests over all 20 countries and languages read the files `make build` made; the behaviour of the layout
(padding, what is left out, the error for a guide too long) is shown on the small fixture, built here."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pikepdf
import pytest
import zxingcpp
from built import KITS
from pdfkit import Kit
from PIL import Image
from test_kits import LANGUAGES_TELL_APART, _prose

from kit.build import KITS_DIR, product_filename
from kit.config import config
from kit.content import load_content
from kit.editions import build_stamp
from kit.pdfcheck import structure_problems
from kit.phones import country_region, national_form
from kit.print.products import PRODUCTS, render_product
from kit.print.render import KitError
from kit.print.wallet_card import card_contacts
from kit.strings import load_strings

MM = 72 / 25.4
# the word for trafficking in each language, which nothing on the outside of a discreet product may show
TRAFFICKING = re.compile(r"traffick|traite|emberkereskedel|tratta|traffic", re.I)


def guide_path(country: str, lang: str, variant: str = "screen") -> Path:
    path = config().root / KITS_DIR / product_filename("pocket-guide", country, lang, variant)
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make build` (or `make test`, which builds first)")
    return path


@cache
def guide(country: str, lang: str, variant: str = "screen") -> Kit:
    return Kit(guide_path(country, lang, variant))


def _box_mm(page: pikepdf.Page, name: str) -> list[float]:
    return [round(float(v) / MM, 1) for v in page.obj[name]]


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_pocket_guide_is_8_to_16_a6_pages_a_multiple_of_4_and_passes_the_structure_check(country, lang):
    path = guide_path(country, lang)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) % 4 == 0 and 8 <= len(pdf.pages) <= 16, len(pdf.pages)
        for page in pdf.pages:
            assert _box_mm(page, "/MediaBox") == [0, 0, 105, 148]
    assert structure_problems(path, lang) == []


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_print_shop_pocket_guide_has_a6_trim_and_3_mm_bleed(country, lang):
    with pikepdf.open(guide_path(country, lang, "print-shop")) as pdf:
        assert len(pdf.pages) == len(guide(country, lang).reader.pages)
        for page in pdf.pages:
            assert _box_mm(page, "/TrimBox") == [0, 0, 105, 148]
            assert _box_mm(page, "/BleedBox") == [-3, -3, 108, 151]


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_nothing_on_the_outside_names_trafficking_and_the_back_has_the_numbers(country, lang):
    for variant in ("screen", "print-shop"):
        kit = guide(country, lang, variant)
        for index in (0, -1):  # the front page and the last page are the outside of the folded guide
            found = TRAFFICKING.search(kit.text(index))
            assert not found, (variant, index, found)
    content = load_content(config())
    region = country_region(content, country)
    back = guide(country, lang).text(-1)
    chosen = card_contacts(content.contacts[country])
    for role in ("hotline", "emergency"):
        assert national_form(chosen[role].phone, region) in back, role
    title = load_strings(lang)["card_title"].format(where=load_strings(lang)["help_where"][country])
    assert " ".join(title.split()) in " ".join(guide(country, lang).text(0).split())


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_pocket_guide_qr_code_is_the_country_page_online_in_the_guides_language(country, lang, tmp_path):
    prefix = tmp_path / "cover"
    subprocess.run(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", str(guide_path(country, lang)),
                    str(prefix)], check=True)  # fmt: skip
    (png,) = tmp_path.glob("cover*.png")
    codes = [b.text for b in zxingcpp.read_barcodes(Image.open(png))]
    assert codes == [config().page_url(lang, f"{country}/index.md")]


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_every_page_of_the_pocket_guide_reads_in_its_language_and_has_no_note_numbers(country, lang):
    """As the full kit's pages (tests/test_kits.py); names from the contacts data are allowed. No footnotes:
    the notes are online, one line per part says where."""
    import py3langid

    py3langid.set_languages(LANGUAGES_TELL_APART)
    kit = guide(country, lang)
    wrong = []
    for number, text in enumerate(kit.texts, start=1):
        prose = _prose(text)
        if sum(c.isalpha() for c in prose) >= 300 and (found := py3langid.classify(prose)[0]) != lang:
            wrong.append(f"page {number}: {found}: {prose[:90]}")
    assert wrong == [], "\n".join(wrong)
    text = "\n".join(kit.texts)
    assert load_strings(lang)["apparatus_online"].format(url="").strip() in text
    assert "{?" not in text


# --- the layout's behaviour, on the small fixture ---

EXTRA = """
!!! warning "In danger now?"
    Call [112](tel:112).[^1]

Ask about your permit. {? authority: how long the permit lasts}

## Read more

- [Your legal rights](legal.md)
- [European rules](../europe/index.md)

[^1]: Test source, https://example.org/source, accessed 2026-11-20.
"""


def _build(cfg, tmp_path: Path, lang: str = "en") -> Kit:
    path = tmp_path / f"guide-{lang}.pdf"
    render_product(
        PRODUCTS["pocket-guide"], cfg, load_content(cfg), "belgium", lang, build_stamp(cfg.root), False, path
    )
    return Kit(path)


def test_a_short_guide_is_padded_with_notes_pages_and_leaves_out_notes_navigation_and_editing_questions(
    mini_repo, tmp_path
):
    page = mini_repo.docs_dir / "en" / "belgium" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    kit = _build(mini_repo, tmp_path)
    s = load_strings("en")
    assert len(kit.texts) == 8  # cover, colophon, in brief, numbers, Notes pages, back cover
    notes = [i for i, text in enumerate(kit.texts) if text.strip().startswith(s["notes"])]
    assert notes and notes == list(range(notes[0], 7)), notes  # the padding sits just before the back cover
    text = " ".join("\n".join(kit.texts).replace("\u2010\n", "").split())  # words hyphenated at line ends
    assert s["open_item_ask"]["authority"] in text and "how long the permit lasts" not in text
    assert "Read more" not in text and "Your legal rights" not in text
    assert "Call 112." in text  # no note number after the sentence
    assert "https://example.org/source" not in text
    assert mini_repo.page_url("en", "belgium/legal.md", "residence-permits") in text.replace(" ", "")


def test_a_guide_longer_than_16_pages_is_refused_naming_the_page_to_shorten(mini_repo, tmp_path):
    page = mini_repo.docs_dir / "en" / "belgium" / "index.md"
    paragraph = "You can ask for help at any time. Nobody can make you tell your story. " * 12
    page.write_text(page.read_text(encoding="utf-8") + ("\n\n" + paragraph) * 60, encoding="utf-8")
    with pytest.raises(KitError, match=r"more than 16\. Shorten .*content/en/belgium/index\.md"):
        _build(mini_repo, tmp_path)


@pytest.mark.parametrize(("country", "lang"), KITS)
def test_the_office_booklet_of_the_guide_is_its_pages_in_saddle_stitch_order(country, lang):
    """A4 landscape, two A6 pages (scaled to A5) to a side: side 1 holds the back cover (the helpline, outside
    left) and the front cover (right); the last side, the two middle pages."""
    from test_imposition import halves

    from kit.print.imposition import booklet_order

    guide = Kit(guide_path(country, lang))
    total = len(guide.reader.pages)
    booklet = guide_path(country, lang, "a4-booklet")
    with pikepdf.open(booklet) as imposed:
        assert len(imposed.pages) == total // 2
        assert all([round(float(v)) for v in page.mediabox] == [0, 0, 842, 595] for page in imposed.pages)

    def flat(text: str) -> str:
        return " ".join(text.replace("\u2010\n", "").split())

    for side, (left, right) in enumerate(booklet_order(total), start=1):
        found = halves(booklet, side)
        for half, index in zip(found, (left, right), strict=True):
            words = flat(guide.text(index)).split()
            assert words and " ".join(words[:6]) in half, (side, index)  # the page's first words, on its half
