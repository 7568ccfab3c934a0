"""The shared print renderer: HTML → tagged PDF/UA-1 with WeasyPrint, fonts from a package, fetches kept inside the
repository, any unexpected WeasyPrint warning an error. Every product (full kit, pocket guide, wallet card) goes
through `write_pdf`; nothing here knows MkDocs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import fontpkg
import pydyf
import weasyprint.document
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.layout import LayoutContext
from weasyprint.pdf import tags as weasy_tags

from kit.config import SiteConfig
from kit.fetcher import SafeFetcher
from kit.jinja import PRINT_TEMPLATES
from kit.print.compose import without_bleed

FONT_FAMILY = "Atkinson Hyperlegible"
BASE_STYLESHEET = PRINT_TEMPLATES / "base.css"  # shared by every product, before the product's own stylesheet
# WeasyPrint records that are expected and harmless; anything else at WARNING or above fails the build.
ALLOWED_LOG_RECORDS: tuple[str, ...] = ()


class KitError(Exception):
    pass


class Rendered(NamedTuple):
    pages: int
    padding: int  # intended blank pages added before the back cover
    laid_out: int  # pages WeasyPrint laid out to make it (more than `pages` when the padding was guessed wrong)


def font_faces() -> list[dict[str, Any]]:
    faces = []
    for weight, style in ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic")):
        faces.append({"weight": weight, "style": style, "url": fontpkg.path(FONT_FAMILY, weight, style).as_uri()})
    return faces


@contextmanager
def _languages_on_structure_elements(document_lang: str) -> Iterator[None]:
    """WeasyPrint 70 writes only the document's language (/Lang in the catalog). Each structure element it makes
    comes from one HTML element: while the PDF is written, the element's `lang`, when it differs from the
    document's, is added to it as /Lang, so a screen reader reads a contact's English name or a Dutch source
    title in that language (PDF/UA-1, 7.2). Checked on every kit by kit/pdfcheck.py (`languages_marked`)."""
    original = weasy_tags._build_box_tree

    def build(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        tag = getattr(box, "element_tag", None)
        lang = element.get("lang") if element is not None and tag not in ("html", "body") else None
        for struct in original(box, parent, *args):
            if lang and lang != document_lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    weasy_tags._build_box_tree = build
    try:
        yield
    finally:
        weasy_tags._build_box_tree = original


class _LogGate(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not any(allowed in message for allowed in ALLOWED_LOG_RECORDS):
            self.records.append(f"{record.levelname}: {message}")


@contextmanager
def _weasyprint_gate() -> Iterator[_LogGate]:
    """Collect WeasyPrint's warnings while the block runs; any left at its end fails with all of them."""
    gate = _LogGate()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(gate)
    try:
        yield gate
    finally:
        logger.removeHandler(gate)
    if gate.records:
        raise KitError("WeasyPrint reported: " + "; ".join(gate.records))


def _fetcher(cfg: SiteConfig) -> SafeFetcher:
    return SafeFetcher([cfg.root, Path(fontpkg.path(FONT_FAMILY)).parent])


def lay_out(html: str, cfg: SiteConfig, stylesheet: Path) -> tuple[Document, LayoutContext]:
    """Lay `html` out with the base and the product's stylesheet; the document, and the layout context WeasyPrint
    made for it (kept so that kit/print/compose.py can lay the page margins out again with other page numbers)."""
    fetcher = _fetcher(cfg)
    contexts: list[LayoutContext] = []
    original = weasyprint.document.layout_document

    def keeping_context(html_: Any, root_box: Any, context: LayoutContext, *args: Any) -> Iterator[Any]:
        contexts.append(context)
        return original(html_, root_box, context, *args)  # type: ignore[no-any-return]

    weasyprint.document.layout_document = keeping_context  # type: ignore[assignment]
    try:
        with _weasyprint_gate():
            document = HTML(string=html, base_url=cfg.root.as_uri() + "/", url_fetcher=fetcher).render(
                stylesheets=[CSS(filename=str(s), url_fetcher=fetcher) for s in (BASE_STYLESHEET, stylesheet)]
            )
    finally:
        weasyprint.document.layout_document = original
    return document, contexts[-1]


def write_document(document: Document, target: Path) -> None:
    """Write a laid-out (or composed) document as tagged PDF/UA-1; any WeasyPrint warning fails."""
    with _weasyprint_gate(), _languages_on_structure_elements(document.metadata.lang or ""):
        document.write_pdf(target, pdf_variant="pdf/ua-1")


def write_pdf(html: str, target: Path, cfg: SiteConfig, stylesheet: Path) -> int:
    """Render to `target` with the base stylesheet and then the product's `stylesheet`; fail on any blocked fetch
    or unexpected WeasyPrint warning. Returns the page count."""
    return write_padded_pdf(lambda _padding: html, target, cfg, stylesheet)[0]


def write_padded_pdf(
    document_for: Callable[[int], str], target: Path, cfg: SiteConfig, stylesheet: Path, multiple: int = 1,
    guess: int = 0, minimum: int = 0, screen: Path | None = None,
) -> Rendered:  # fmt: skip
    """Render `document_for(padding)` so that its page count is a multiple of `multiple` (a folded booklet), with
    `padding` intended pages the document places before its back cover. WeasyPrint knows the count only after
    layout: the document is laid out with the `guess` (the padding of the previous build, from the manifest),
    and laid out again only when the guess was wrong; the padding pages do not move the pages before them. A short
    document is padded up to `minimum` pages (a multiple of `multiple`). Given `screen`, the document is a print
    shop's (with bleed) and the screen file is written from the same layout, without the bleed (compose.py)."""
    fetcher = _fetcher(cfg)
    gate = _LogGate()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(gate)

    def layout(padding: int) -> Document:
        return HTML(string=document_for(padding), base_url=cfg.root.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=[CSS(filename=str(sheet), url_fetcher=fetcher) for sheet in (BASE_STYLESHEET, stylesheet)]
        )

    try:
        padding = guess if multiple > 1 else 0
        document = layout(padding)
        laid_out = len(document.pages)
        if multiple > 1:
            bare = len(document.pages) - padding
            needed = -bare % multiple + max(0, minimum - bare - (-bare % multiple))
            if needed != padding:
                gate.records.clear()  # the first layout's records would repeat: only the kept layout's count
                padding, document = needed, layout(needed)
                laid_out += len(document.pages)
            if len(document.pages) % multiple:
                raise KitError(f"{len(document.pages)} pages with {padding} padding page(s), not a multiple of "
                               f"{multiple}: a padding page overflows onto another page; lower its height in "
                               f"{stylesheet.name}")  # fmt: skip
        if gate.records:
            raise KitError("WeasyPrint reported: " + "; ".join(gate.records))
        screen_pages = without_bleed(document.pages) if screen is not None else []  # before drawing (compose.py)
        with _languages_on_structure_elements(document.metadata.lang or ""):
            document.write_pdf(target, pdf_variant="pdf/ua-1")
            if screen is not None:
                document.copy(screen_pages).write_pdf(screen, pdf_variant="pdf/ua-1")
    finally:
        logger.removeHandler(gate)
    if gate.records:
        raise KitError("WeasyPrint reported: " + "; ".join(gate.records))
    return Rendered(len(document.pages), padding, laid_out)
