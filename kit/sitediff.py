"""Compare two builds of the site (MkDocs and ProperDocs, for the exit plan) and print the differences as Markdown.

`python -m kit.sitediff SITE_A SITE_B`: files present in one build only, and pages whose HTML differs once the
generator's name and version are set aside. Advisory: the exit code is 0 whatever it finds."""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">|(mkdocs|properdocs)-\d+\.\d+(\.\d+)?', re.I)
SHOWN = 10  # pages whose difference is printed in full


def _normal(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [line.strip() for line in GENERATOR.sub("", text).splitlines() if line.strip()]


def compare(a: Path, b: Path) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """(only in a, only in b, {page: unified diff}) over the HTML, JavaScript, CSS and JSON files."""
    kinds = (".html", ".js", ".css", ".json", ".xml")
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.suffix in kinds}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.suffix in kinds}
    changed = {}
    for name in sorted(files_a & files_b):
        left, right = _normal(a / name), _normal(b / name)
        if left != right:
            changed[name] = list(difflib.unified_diff(left, right, f"a/{name}", f"b/{name}", n=1, lineterm=""))
    return sorted(files_a - files_b), sorted(files_b - files_a), changed


def report(a: Path, b: Path) -> str:
    only_a, only_b, changed = compare(a, b)
    lines = [
        f"## {a} compared with {b}",
        "",
        f"- files only in {a}: {len(only_a)}",
        f"- files only in {b}: {len(only_b)}",
        f"- files that differ: {len(changed)}",
        "",
    ]
    lines += [f"- only in {a}: `{name}`" for name in only_a[:SHOWN]]
    lines += [f"- only in {b}: `{name}`" for name in only_b[:SHOWN]]
    for name, diff in list(changed.items())[:SHOWN]:
        lines += ["", f"### {name}", "", "```diff", *diff[:40], "```"]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m kit.sitediff SITE_A SITE_B", file=sys.stderr)
        return 2
    print(report(Path(argv[0]), Path(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
