"""One Markdown configuration for both renderers, and the rules for raw HTML and links in content.

The extensions come from mkdocs.yml (read by kit.config), so the site and the kits render the same Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

from kit.config import SiteConfig

# Raw HTML an editor may write: language of parts, abbreviations, keys, line breaks, super- and subscripts.
ALLOWED_TAGS = {"abbr": {"title", "lang"}, "span": {"lang"}, "kbd": set(), "br": set(), "sup": set(), "sub": set()}
SAFE_SCHEMES = ("https:", "mailto:", "tel:")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+\1")
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)/?>")
AUTOLINK = re.compile(r"<((?:[a-zA-Z][a-zA-Z0-9+.-]*:)[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
ATTR = re.compile(r"""([^\s=/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
REF_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
ORDERED_ITEM = re.compile(r"^(\s*)(\d+)\.\s")  # "2. text": an item of a numbered list
BULLET_ITEM = re.compile(r"^\s*[-*+]\s")
NUMBER_AFTER_MARKER = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+(\d+)\.\s")  # "- 2024. május": a list inside the item


def new_markdown(cfg: SiteConfig) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=list(cfg.markdown_extensions), extension_configs=cfg.markdown_configs, output_format="html"
    )


def render(text: str, cfg: SiteConfig) -> str:
    return new_markdown(cfg).convert(text)


# Python-Markdown's footnote back-links carry an English title ("Jump back to footnote 3 in the text"), and one
# Markdown configuration serves every language, so the title is replaced after rendering, in both renderers.
BACKREF = re.compile(r'(<a class="footnote-backref" href="[^"]*" title=")[^"]*?(\d+)[^"]*(")')


def localize_footnotes(html: str, backlink: str) -> str:
    """Footnote back-link titles from `backlink`, a string of strings/<lang>.yml with a {number} placeholder."""
    return BACKREF.sub(lambda m: m.group(1) + _attr(backlink.format(number=m.group(2))) + m.group(3), html)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Link:
    line: int  # 1-based line inside the Markdown text given
    target: str
    image: bool
    text: str


@dataclass(frozen=True)
class Finding:
    line: int
    message: str
    fix: str


def scan(text: str) -> tuple[list[Link], list[Finding]]:
    """Links and images, and the raw-HTML, scheme and code-fence problems, of a Markdown text."""
    links: list[Link] = []
    findings: list[Finding] = []
    fence: tuple[str, int] | None = None  # (marker, line) of the open fence
    lists = _ListPitfalls()
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0][0] and len(match.group(1)) >= len(fence[0]):
                fence = None
            continue
        if match:
            fence = (match.group(1), number)
            continue
        findings.extend(lists.line(number, line))
        code_free = CODE_SPAN.sub("", line)
        for auto in AUTOLINK.finditer(code_free):
            target = auto.group(1)
            links.append(Link(number, target if ":" in target else "mailto:" + target, False, target))
        for tag in TAG.finditer(AUTOLINK.sub("", code_free)):
            if not tag.group(1):  # a closing tag repeats what its opening tag was told
                findings.extend(_check_tag(number, tag))
        if "<!--" in code_free:
            findings.append(Finding(number, "an HTML comment is not allowed in content",
                                    "Remove it; put notes for editors in the pull request instead"))  # fmt: skip
        for link in LINK.finditer(code_free):
            links.append(Link(number, link.group(3), link.group(1) == "!", link.group(2)))
        if ref := REF_DEF.match(code_free):
            links.append(Link(number, ref.group(1), False, ""))
    if fence:
        findings.append(Finding(fence[1], f"the code block opened with {fence[0]} is never closed",
                                f"Add a line {fence[0]} where the block ends, or remove this line"))  # fmt: skip
    for link in links:
        findings.extend(_check_scheme(link))
    return links, findings


class _ListPitfalls:
    """Lines that Markdown silently turns into a numbered list, losing their number: Python-Markdown numbers every
    list from 1, so "2024. május 28-án" at the start of a paragraph or of a list item prints "1. május 28-án"."""

    def __init__(self) -> None:
        self.previous = ""  # the line before, "" when blank
        self.last_number: int | None = None  # the number of the last item of the numbered list being read
        self.in_bullets = False

    def line(self, number: int, line: str) -> list[Finding]:
        found = []
        nested = NUMBER_AFTER_MARKER.match(line)
        ordered = ORDERED_ITEM.match(line)
        if nested:
            found.append(self._finding(number, nested.group(1)))
        elif ordered:
            value = int(ordered.group(2))
            starts = not self.previous.strip() or self.in_bullets or self.last_number is not None
            expected = 1 if self.last_number is None else self.last_number + 1
            if starts and value != expected:
                found.append(self._finding(number, ordered.group(2)))
        if not line.strip():
            pass
        elif ordered and not nested and not found:  # a number reported above starts no real list
            self.last_number, self.in_bullets = int(ordered.group(2)), False
        elif BULLET_ITEM.match(line):
            self.last_number, self.in_bullets = None, True
        elif not self.previous.strip() and not line.startswith((" ", "\t")):
            self.last_number, self.in_bullets = None, False  # a new paragraph ends the list
        self.previous = line
        return found

    @staticmethod
    def _finding(number: int, value: str) -> Finding:
        return Finding(number, f"the line starts with '{value}.', which Markdown turns into a numbered list: "
                               f"'{value}.' disappears from the page and the kit",
                       f"Put a backslash before the period: {value}\\. (or start the line with another word)")  # fmt: skip


def _check_tag(number: int, tag: re.Match[str]) -> list[Finding]:
    name = tag.group(2).lower()
    if name not in ALLOWED_TAGS:
        return [
            Finding(
                number,
                f"the HTML tag <{name}> is not allowed",
                "Use Markdown instead (allowed HTML: " + ", ".join(f"<{t}>" for t in ALLOWED_TAGS) + ")",
            )
        ]
    found = []
    for attr in ATTR.finditer(tag.group(3) or ""):
        key = attr.group(1).lower()
        if key.startswith("on"):
            found.append(Finding(number, f"the event-handler attribute '{key}' is not allowed",
                                 "Remove the attribute: content may not run scripts"))  # fmt: skip
        elif key not in ALLOWED_TAGS[name]:
            allowed = ", ".join(sorted(ALLOWED_TAGS[name])) or "none"
            found.append(Finding(number, f"the attribute '{key}' is not allowed on <{name}>",
                                 f"Remove it (allowed: {allowed})"))  # fmt: skip
    return found


def _check_scheme(link: Link) -> list[Finding]:
    target = link.target.strip()
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", target)
    if not scheme:
        return []
    name = scheme.group(1).lower() + ":"
    if name in SAFE_SCHEMES and not link.image:
        return []
    if name == "http:":
        return [Finding(link.line, f"the link {target} is not secure (http)",
                        "Use the https:// address of the page")]  # fmt: skip
    if link.image:
        return [Finding(link.line, f"the image {target} is on another website",
                        "Put the image file in the content folder and link it with a relative path")]  # fmt: skip
    return [Finding(link.line, f"the link scheme '{name}' is not allowed (in '{target[:40]}')",
                    "Use a relative link, https:, mailto: or tel:")]  # fmt: skip


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.unsafe: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "style", "form", "link", "meta", "base", "svg"):
            self.unsafe.append(f"<{tag}>")
        for key, value in attrs:
            if key == "id" and value:
                self.ids.add(value)
            if key.startswith("on"):
                self.unsafe.append(f"{key}=")
            if key in ("href", "src", "action", "formaction", "xlink:href") and value:
                if re.match(r"^\s*(javascript|data|vbscript|file):", value, re.I):
                    self.unsafe.append(f"{key}={value[:30]}")


def html_ids(html: str) -> set[str]:
    parser = _Ids()
    parser.feed(html)
    return parser.ids


def unsafe_html(html: str) -> list[str]:
    """Second line of defence, applied to rendered HTML by both renderers: what must never reach a reader."""
    parser = _Ids()
    parser.feed(html)
    return parser.unsafe
