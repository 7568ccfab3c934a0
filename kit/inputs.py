"""Reading an editor's files as untrusted input: bounded size, UTF-8 only, only visible characters, and YAML without
the features that make it lie or explode (anchors and aliases, tags, deep nesting).

Everything here returns problems instead of raising, so that one `check` run names every file, line and column.
"""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kit.problems import Problem

MAX_FILE_BYTES = 512 * 1024  # the longest page today is about 40 KB
MAX_YAML_DEPTH = 12  # front matter and contacts need 4
MAX_YAML_NODES = 50_000
# Invisible characters an editor may use on purpose: the soft hyphen marks where a long word may break.
ALLOWED_INVISIBLE = frozenset("\u00ad")
_C0_NAMES = {0: "NULL", 7: "BELL", 8: "BACKSPACE", 11: "LINE TABULATION", 12: "FORM FEED", 27: "ESCAPE", 127: "DELETE"}


@cache
def _invisible() -> re.Pattern[str]:
    """Control, format (bidirectional, zero-width), line/paragraph separator and private-use characters, as ranges;
    tab, line feed and carriage return are ordinary text."""
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if (
            unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co")
            and char not in "\t\n\r"
            and char not in ALLOWED_INVISIBLE
        ):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    parts = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return re.compile("[" + "".join(parts) + "]")


def character_name(char: str) -> str:
    code = ord(char)
    name = unicodedata.name(char, "") or _C0_NAMES.get(code) or ("CONTROL CHARACTER" if code < 0xA0 else "UNNAMED")
    return f"U+{code:04X} {name}"


def character_problems(path: Path, text: str, first_line: int = 1) -> list[Problem]:
    """Every invisible or direction-changing character, with its line, column and name."""
    problems = []
    for match in _invisible().finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + first_line
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        char = match.group()
        bidi = unicodedata.bidirectional(char) in ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")
        what = "a character that changes the direction of the text" if bidi else "an invisible character"
        problems.append(Problem.at(path, line, f"{what}, {character_name(char)}, is in the text",
                                   "Delete it: retype the word or number around it by hand (it can make a number "
                                   "show differently from what it is, or hide text)", column=column))  # fmt: skip
    return problems


def file_name_problems(path: Path, root: Path) -> list[Problem]:
    name = path.relative_to(root).as_posix()
    if match := _invisible().search(name):
        return [Problem.at(path.parent, None, f"a file name contains {character_name(match.group())}",
                           "Rename the file with visible letters, digits and hyphens only")]  # fmt: skip
    return []


def read_source(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or None with the reason; character problems are reported but the text is still returned."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem.at(path, None, f"the file is {size // 1024} KB, more than the {MAX_FILE_BYTES // 1024} KB a page or data file may have",
                                     "Split it into several pages, or remove what does not belong in it")]  # fmt: skip
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            Problem.at(path, None, f"the file cannot be read ({exc.strerror})", "Check that it is a regular file")
        ]
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark at the start is what some editors write: harmless
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem.at(path, line, f"the file is not UTF-8 text: byte 0x{raw[exc.start]:02x} at column {column} cannot be read",
                                 "Save the file with the encoding UTF-8 (in most editors: Save as, then Encoding: UTF-8)",
                                 column=column)]  # fmt: skip
    return text, character_problems(path, text)


# libyaml's parser (PyYAML's C extension, in its wheels) with the safe constructors: the same documents and nodes as
# yaml.SafeLoader, about ten times faster; reading every content file was most of a no-change build's time
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KitLoader(_SafeBase):  # type: ignore[misc]
    """safe_load, but dates stay text, so that the schema reports a bad date with its line."""


KitLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _bounds(text: str, path: Path, first_line: int) -> list[Problem]:
    """Read the YAML as events (no objects are built): refuse anchors, aliases, tags, deep nesting and sheer size
    before anything walks the data, so that no input can make a check run for minutes."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=KitLoader):
        line = first_line + event.start_mark.line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return [Problem.at(path, line, "YAML anchors (&name) and aliases (*name) are not allowed",
                               "Write the value out in full where it is needed")]  # fmt: skip
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        if tag and not (implicit is True or (isinstance(implicit, tuple) and any(implicit))):
            return [Problem.at(path, line, f"the YAML tag '{tag}' is not allowed",
                               "Remove the tag (the part starting with !): write the value as plain text")]  # fmt: skip
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return [Problem.at(path, line, f"the YAML is nested more than {MAX_YAML_DEPTH} levels deep",
                                   "Flatten it: see docs/content-model.md for the fields and their shape")]  # fmt: skip
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_YAML_NODES:
                return [Problem.at(path, line, f"the YAML has more than {MAX_YAML_NODES} values",
                                   "Split the file or remove what does not belong in it")]  # fmt: skip
    return []


def _duplicate_keys(node: yaml.Node | None, path: Path, first_line: int) -> list[Problem]:
    """A key written twice in one mapping: YAML keeps the last silently, so a second `ngo:` list would drop the
    first one. Every duplicate is reported, at the line of its second appearance."""
    problems: list[Problem] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    line = first_line + key.start_mark.line
                    if key.value in seen:
                        problems.append(Problem.at(path, line, f"the key '{key.value}' is written twice (first on line {seen[key.value]})",
                                                   "Keep one: merge the two into the first and delete the second"))  # fmt: skip
                    seen.setdefault(key.value, line)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return sorted(problems, key=lambda p: p.line or 0)


def load_yaml(text: str, path: Path, first_line: int = 1) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """(data, the document's node tree for line numbers, problems); data and node are None when there are problems."""
    try:
        problems = _bounds(text, path, first_line)
        if problems:
            return None, None, problems
        loader = KitLoader(text)
        try:
            node = loader.get_single_node()
            if duplicates := _duplicate_keys(node, path, first_line):
                return None, None, duplicates
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        position = getattr(exc, "position", None)  # the reader's errors (a forbidden character) have no mark
        line = first_line + (mark.line if mark else text.count("\n", 0, position) if position is not None else 0)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, None, [Problem.at(path, line, f"the YAML cannot be read: {reason}",
                                       "Check the indentation and put text that contains a colon in quotes")]  # fmt: skip
    return data, node, []


MAX_LINE_CHARS = 5000  # the longest line today is about 1,000 characters (a table row)
MAX_MARKDOWN_DEPTH = 8  # lists, quotes and brackets: content needs 2; Python-Markdown recurses on each level


def markdown_limits(path: Path, body: str, first_line: int) -> list[Problem]:
    """Markdown that would make the renderers recurse or backtrack for minutes is refused before it is rendered."""
    problems = []
    for number, line in enumerate(body.splitlines(), start=first_line):
        stripped = line.lstrip(" \t>")
        prefix = line[: len(line) - len(stripped)]
        depth = max(prefix.count(">"), len(prefix.replace("\t", "    ").replace(">", "")) // 4)
        brackets = max(itertools.accumulate((c == "[") - (c == "]") for c in line), default=0)
        if len(line) > MAX_LINE_CHARS:
            problems.append(Problem.at(path, number, f"the line is {len(line)} characters long (at most {MAX_LINE_CHARS})",
                                       "Break the paragraph into shorter lines"))  # fmt: skip
        elif depth > MAX_MARKDOWN_DEPTH or brackets > MAX_MARKDOWN_DEPTH:
            problems.append(Problem.at(path, number, f"lists, quotes or brackets are nested more than {MAX_MARKDOWN_DEPTH} levels deep",
                                       "Flatten the text: a reader cannot follow so many levels either"))  # fmt: skip
        if problems:
            break  # the first one is enough: the page is not read further until it is fixed
    return problems
