"""Reading a built kit back with pypdf: text per page, the printed contents, the bookmarks, the links."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


class Kit:
    def __init__(self, path: Path):
        self.path = path
        self.reader = PdfReader(path)
        self.texts = [page.extract_text() or "" for page in self.reader.pages]

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

    def contents_page(self, heading: str) -> int:
        return next(i for i, text in enumerate(self.texts) if text.lstrip().startswith(heading))

    def printed_contents(self, heading: str, titles: list[str]) -> dict[str, int]:
        """The page number printed next to each title on the contents page(s)."""
        start = self.contents_page(heading)
        text = "\n".join(self.texts[start : start + 3])
        numbers = {}
        for title in titles:
            match = re.search(rf"(?m)^(\d+)?\s*{re.escape(title)}\s*(\d+)?\s*$", text)
            if match:
                numbers[title] = int(match.group(1) or match.group(2))
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
