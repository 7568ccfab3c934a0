"""The office booklet (kit/print/imposition.py): saddle-stitch order, blank padding, A4 landscape sides, read back
from the imposed PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from kit.print.imposition import booklet_order, booklet_path, impose_booklet


def _numbered_pdf(path: Path, pages: int) -> Path:
    body = "".join(f'<p style="break-after: page">P{n:02d}</p>' for n in range(1, pages + 1))
    HTML(string=f"<style>@page {{ size: A5 }}</style>{body}").write_pdf(path)
    assert len(PdfReader(path).pages) == pages
    return path


def halves(path: Path, side: int) -> tuple[str, str]:
    """The text on the left and on the right half of an imposed side (1-based), as poppler draws it: each page
    is placed as a form XObject, whose position pypdf's text visitor does not report."""
    found = []
    for x in (0, 421):
        out = subprocess.run(["pdftotext", "-f", str(side), "-l", str(side), "-x", str(x), "-y", "0", "-W", "421",
                              "-H", "595", "-layout", str(path), "-"], capture_output=True, text=True, check=True)  # fmt: skip
        found.append(" ".join(out.stdout.split()))
    return found[0], found[1]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # sheet 1 front: last, 1; back: 2, last-1; blanks ("") pad to a multiple of 4
        (5, [("", "P01"), ("P02", ""), ("", "P03"), ("P04", "P05")]),
        (8, [("P08", "P01"), ("P02", "P07"), ("P06", "P03"), ("P04", "P05")]),
        (10, [("", "P01"), ("P02", ""), ("P10", "P03"), ("P04", "P09"), ("P08", "P05"), ("P06", "P07")]),
    ],
)
def test_the_booklet_is_in_saddle_stitch_order_on_a4_landscape(tmp_path, pages, expected):
    src = _numbered_pdf(tmp_path / "fiit-kit-x-en.pdf", pages)
    dst = booklet_path(src)
    assert dst.name == "fiit-kit-x-en-a4-booklet.pdf"
    assert impose_booklet(src, dst) == len(expected)
    imposed = PdfReader(dst)
    assert [halves(dst, n) for n in range(1, len(imposed.pages) + 1)] == expected
    for page in imposed.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left behind


def test_the_order_uses_every_page_once():
    for pages in range(1, 23):
        sides = booklet_order(pages)
        assert len(sides) % 2 == 0 and len(sides) * 2 == -(-pages // 4) * 4
        used = [i for side in sides for i in side if i is not None]
        assert sorted(used) == list(range(pages))


def test_an_empty_pdf_is_a_clear_error(tmp_path):
    from pypdf import PdfWriter

    empty = tmp_path / "empty.pdf"
    with empty.open("wb") as out:
        PdfWriter().write(out)
    with pytest.raises(ValueError, match="no pages"):
        impose_booklet(empty, tmp_path / "out.pdf")
