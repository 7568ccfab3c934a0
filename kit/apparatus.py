"""The apparatus of a page: its footnotes and its `sources`, as one list without repeats, after the text.

The Markdown `footnotes` extension writes the notes at the end of the page's HTML; `split` takes them out so that
each renderer can place them: the site under a closed disclosure after the text (overrides/main.html), the kits
as compact notes at the end of a chapter, or one line pointing to the online page for survivors' chapters.
A source that a note already cites (its address appears in the note) is not listed a second time.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from typing import Any

FOOTNOTES = re.compile(r'\s*<div class="footnote">.*?</ol>\s*</div>', re.S)  # the notes: <li> only, never a <div>
NOTE = re.compile(r'<li id="fn:([^"]+)">(.*?)</li>', re.S)
BACKLINK = re.compile(r'(?:&#160;|\u00a0|\s)*<a class="footnote-backref"[^>]*>.*?</a>', re.S)
REFERENCE = re.compile(r'<sup id="fnref\d*:[^"]+"><a class="footnote-ref" href="#fn:[^"]+">[^<]*</a></sup>')


@dataclass
class Apparatus:
    notes: list[tuple[str, str]] = field(default_factory=list)  # (id, inner HTML of the note, as rendered)
    sources: list[Any] = field(default_factory=list)  # the page's sources that no note cites

    @property
    def count(self) -> int:
        return len(self.notes) + len(self.sources)

    def notes_for_print(self) -> list[tuple[str, str]]:
        """The notes without the web's back-links (↩): paper has no "back"."""
        return [(note_id, BACKLINK.sub("", html)) for note_id, html in self.notes]


def split(html: str, sources: list[Any]) -> tuple[str, Apparatus]:
    """The page's HTML without its footnotes, and the apparatus (notes, then the sources no note cites)."""
    block = FOOTNOTES.search(html)
    notes = [(m.group(1), m.group(2).strip()) for m in NOTE.finditer(block.group(0))] if block else []
    text = html[: block.start()] + html[block.end() :] if block else html
    cited = html_lib.unescape(" ".join(note for _, note in notes))  # addresses as written, & not &amp;
    remaining = [s for s in sources if str(s.url) not in cited and str(s.url).rstrip("/") not in cited]
    return text, Apparatus(notes, remaining)


def without_references(html: str) -> str:
    """The text without its note numbers: for survivors' printed chapters, whose notes are online only."""
    return REFERENCE.sub("", html)
