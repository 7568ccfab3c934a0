"""The site's Content-Security-Policy, and the post-build check that every page keeps to it.

The theme's inline bootstrap scripts are replaced by files (overrides/partials/javascripts/), so the policy allows
scripts from the site itself only: no 'unsafe-inline', no 'unsafe-eval', and no hash is needed. Should a theme
upgrade bring an inline script back, the check below fails the build and names it; add its hash to
ALLOWED_INLINE_SCRIPTS only after reading it (docs/maintainers/upgrading.md).
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

ALLOWED_INLINE_SCRIPTS: frozenset[str] = frozenset()  # "sha256-…" of reviewed inline scripts; none today

# A meta policy cannot carry frame-ancestors, report-uri or sandbox: browsers ignore them there.
POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'" + "".join(f" '{h}'" for h in sorted(ALLOWED_INLINE_SCRIPTS)),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "form-action 'none'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-src 'none'",
    ]
)
NOT_EXECUTED = {"application/json", "application/ld+json"}
RESOURCE_ATTRIBUTES = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
                       "video": "src", "embed": "src", "object": "data", "link": "href"}  # fmt: skip
OUTBOUND_LINK_RELS = {"alternate", "canonical", "prev", "next"}  # not fetched by browsers


def script_hash(code: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.problems: list[str] = []
        self.head_first: tuple[str, dict[str, str | None]] | None = None
        self._in_head = False
        self._script: dict[str, str | None] | None = None
        self._code: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif self._in_head and self.head_first is None:
            self.head_first = (tag, attributes)
        for name, _value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"inline style on <{tag}> (blocked by style-src 'self')")
        resource = RESOURCE_ATTRIBUTES.get(tag)
        url = (attributes.get(resource) or "") if resource else ""
        rels = set((attributes.get("rel") or "").split())
        if url.startswith(("http:", "https:", "//")) and not (tag == "link" and rels <= OUTBOUND_LINK_RELS):
            self.problems.append(f"third-party resource <{tag} {resource}={url!r}>")
        if tag == "script" and not attributes.get("src"):
            self._script, self._code = attributes, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._code.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == "script" and self._script is not None:
            code = "".join(self._code)
            kind = (self._script.get("type") or "").lower()
            if kind not in NOT_EXECUTED and code.strip() and script_hash(code) not in ALLOWED_INLINE_SCRIPTS:
                self.problems.append(f"inline script not on the list ({script_hash(code)}): {code.strip()[:60]!r}")
            self._script = None


def page_problems(html: str) -> list[str]:
    """What in one built page breaks the policy, or would make it useless."""
    scan = _PageScan()
    scan.feed(html)
    problems = scan.problems
    first = scan.head_first
    if not first or first[0] != "meta" or (first[1].get("http-equiv") or "").lower() != "content-security-policy":
        problems.insert(0, "the Content-Security-Policy <meta> is not the first element of <head>")
    elif first[1].get("content") != POLICY:
        problems.insert(0, "the Content-Security-Policy <meta> differs from kit.csp.POLICY")
    if '<meta name="referrer" content="no-referrer">' not in html:
        problems.append('no <meta name="referrer" content="no-referrer">')
    return problems


def site_problems(site_dir: Path) -> list[str]:
    result = []
    for path in sorted(site_dir.rglob("*.html")):
        result += [f"{path.relative_to(site_dir)}: {p}" for p in page_problems(path.read_text(encoding="utf-8"))]
    return result
