"""Office booklets: a PDF imposed two pages to an A4 landscape side in saddle-stitch order, for a duplex office
printer set to "flip on short edge". Folded in the middle and stapled, the sheets read in page order.

pikepdf (maintained, already a dependency for the structure check) rather than pdfimpose, which pulls PyMuPDF
and onnxruntime; pypdf's merge_transformed_page re-encoded every page (80 times slower, 8 times larger)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pikepdf
from pikepdf import Rectangle

A4_LANDSCAPE = (841.89, 595.28)  # points


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) source page indexes (0-based) of each printed side, front then back of each sheet; None is a
    blank. Sheet 1 front: last, 1; back: 2, last-1; and so on towards the middle."""
    total = -(-pages // 4) * 4 if pages else 0

    def page(i: int) -> int | None:
        return i if i < pages else None

    sides = []
    for sheet in range(total // 4):
        sides.append((page(total - 1 - 2 * sheet), page(2 * sheet)))
        sides.append((page(2 * sheet + 1), page(total - 2 - 2 * sheet)))
    return sides


def impose_booklet(src: Path, dst: Path) -> int:
    """Write `src` as an A4 booklet to `dst` (atomically); returns the number of printed sides (A4 pages).
    Each page is placed whole as a form XObject (pikepdf `add_overlay`, scaled to its half, centred): nothing
    is re-encoded, so a 90-page kit imposes in a tenth of a second and its fonts are stored once."""
    with pikepdf.open(src) as pdf, pikepdf.new() as out:
        if not pdf.pages:
            raise ValueError(f"{src}: the PDF has no pages. Build it again before imposing it.")
        width, height = A4_LANDSCAPE
        half = width / 2
        for left, right in booklet_order(len(pdf.pages)):
            side = out.add_blank_page(page_size=A4_LANDSCAPE)
            for slot, index in enumerate((left, right)):
                if index is not None:  # None: padding, a blank half
                    side.add_overlay(pdf.pages[index], Rectangle(slot * half, 0, (slot + 1) * half, height))
        if "/Title" in pdf.docinfo:
            out.docinfo["/Title"] = pdf.docinfo["/Title"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")  # kit/leftovers.py removes it if this process dies
        try:
            out.save(tmp, deterministic_id=True)  # two builds of one commit give the same booklet
            os.replace(tmp, dst)
        finally:
            tmp.unlink(missing_ok=True)
        return len(out.pages)


def booklet_path(src: Path) -> Path:
    """fiit-kit-belgium-en.pdf -> fiit-kit-belgium-en-a4-booklet.pdf (the agreed file name)."""
    return src.with_name(f"{src.stem}-a4-booklet.pdf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.print.imposition",
                                     description="Impose PDFs as A4 booklets (duplex, flip on short edge).")  # fmt: skip
    parser.add_argument("pdfs", nargs="+", type=Path, help="each is written beside itself as <stem>-a4-booklet.pdf")
    args = parser.parse_args(argv)
    for src in args.pdfs:
        if not src.is_file():
            print(f"{src}: no such file. Build the kits first (build_kit.py build).", file=sys.stderr)
            return 2
        sides = impose_booklet(src, booklet_path(src))
        print(f"{booklet_path(src)}: {sides} A4 sides, {sides // 2} sheets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
