"""Reading a built kit back with pypdf: text per page, the printed contents, the bookmarks, the links."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pypdf import PdfReader


class Kit:
    def __init__(self, path: Path):
        self.path = path
        self.reader = PdfReader(path)
        self._texts: dict[int, str] = {}

    def text(self, index: int) -> str:
        """The text of one page (0-based). Poppler's pdftotext reads the whole file once, 20-25 times faster than
        pypdf's extraction (the slow part of the kit tests); its pages are separated by form feeds."""
        if index < 0:
            index += len(self.reader.pages)
        if not self._texts:
            self._texts = dict(enumerate(page_texts(self.path)))
        return self._texts.get(index, "")

    @property
    def texts(self) -> list[str]:
        return [self.text(i) for i in range(len(self.reader.pages))]

    @property
    def lang(self) -> str:
        return str(self.reader.trailer["/Root"].get("/Lang"))

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, 1-based page) of every bookmark."""
        found: list[tuple[int, str, int]] = []

        def walk(items: list, level: int) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    found.append((level, item.title, self.reader.get_destination_page_number(item) + 1))

        walk(self.reader.outline, 1)
        return found

    def printed_contents(self, heading: str, titles: list[str]) -> dict[str, int]:
        """The page number printed next to each title on the contents page(s) (bookmarked as `heading`)."""
        start = next(page for level, title, page in self.outline() if title == heading) - 1
        text = "\n".join(self.text(i) for i in range(start, min(start + 3, len(self.reader.pages))))
        text = " ".join(text.split())  # a long title wraps onto two lines
        numbers = {}
        for title in titles:
            match = re.search(rf"{re.escape(' '.join(title.split()))} (\d+)\b", text)
            if match:
                numbers[title] = int(match.group(1))
        return numbers

    def internal_links(self) -> int:
        count = 0
        for page in self.reader.pages:
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                action = annot.get("/A")
                if annot.get("/Dest") is not None or (action is not None and action.get("/S") == "/GoTo"):
                    count += 1
        return count

    def uris(self) -> list[str]:
        found = []
        for page in self.reader.pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A")
                if action is not None and action.get("/URI"):
                    found.append(str(action["/URI"]))
        return found


def page_texts(path: Path | str) -> list[str]:
    """The text of every page, in reading order (pdftotext, poppler-utils: installed by .ci/run)."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout
    return out.decode("utf-8").split("\f")[:-1]  # the last form feed ends the last page
