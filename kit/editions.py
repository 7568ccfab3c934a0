"""Printed editions from git. An edition is an annotated tag `edition-YYYY-MM` on the commit the kits were printed
from (docs/maintainers/releasing.md). From the tags: which edition a build is, the edition before it, and the
content pages whose text changed since an edition, for the kits' colophon and "What has changed since the
edition of …" list, and for the line under each page of the site.

Everything is computed between commits (never the working tree), so two builds of one commit say the same."""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from kit.content import split_front_matter

TAG_PREFIX = "edition-"
TAG = re.compile(r"^edition-(\d{4})-(0[1-9]|1[0-2])$")
CONTENT = "content"
_TITLE = re.compile(r"^title:[^\n]{0,2000}$", re.M)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Edition:
    name: str | None  # "2027-03"; None: HEAD is after the newest edition tag (or there is none)
    tag: str | None  # "edition-2027-03"
    commit: str  # short commit of HEAD, "unknown" without git
    date: str  # the build's date (SOURCE_DATE_EPOCH, else the commit's), ISO

    @property
    def released(self) -> bool:
        return self.name is not None

    def label(self) -> str:
        """Language-neutral, for logs: "2027-03" or "unreleased, 2027-04-02, 1a2b3c4d5e"."""
        return self.name if self.name else f"unreleased, {self.date}, {self.commit}"


@dataclass(frozen=True)
class ChangedPage:
    path: str  # relative to the repository: "content/fr/belgium/legal.md", "content/contacts/italy.yml"
    lang: str | None  # None for data shared by all languages (contacts, glossary)
    rel: str | None  # the page inside its language folder ("belgium/legal.md"); None for data files
    country: str | None  # the folder, for pages in a country folder and contacts files
    title: str | None  # today's title; None for data files and pages removed since
    removed: bool = False


def _git(root: Path, *args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def _name(tag: str) -> str:
    return tag.removeprefix(TAG_PREFIX)


def edition_tags(root: Path) -> list[str]:
    """The edition tags reachable from HEAD, oldest first (the names sort by date)."""
    out = _git(root, "tag", "--merged", "HEAD", "--list", f"{TAG_PREFIX}*") or ""
    return sorted(t for t in out.split() if TAG.match(t))


def _commit(root: Path, rev: str) -> str | None:
    out = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    return out.strip() if out else None


def current_edition(root: Path) -> Edition:
    """The newest edition tag at HEAD, or an unreleased build (date and commit) when HEAD is after it."""
    head = _commit(root, "HEAD")
    short = (_git(root, "rev-parse", "--short=10", "HEAD") or "").strip() or "unknown"
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or (_git(root, "log", "-1", "--format=%ct") or "").strip()
    date = datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat() if epoch else "unknown"
    tags = edition_tags(root)
    if head and tags and _commit(root, tags[-1]) == head:
        return Edition(_name(tags[-1]), tags[-1], short, date)
    return Edition(None, None, short, date)


def build_stamp(root: Path) -> dict[str, str]:
    """What every product of one build prints: the edition's name ("" for an unreleased build), the build date
    and commit, and the epoch the workers set as SOURCE_DATE_EPOCH, so two builds of one commit are identical."""
    epoch = (os.environ.get("SOURCE_DATE_EPOCH") or (_git(root, "log", "-1", "--format=%ct") or "").strip()
             or str(int(time.time())))  # fmt: skip
    current = current_edition(root)
    date = datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return {"edition": current.name or "", "date": date, "commit": current.commit, "epoch": epoch}


def previous_edition(root: Path) -> str | None:
    """The tag of the edition readers may hold before this build: the one before HEAD's own tag, or, for an
    unreleased build, the newest tag. None when there is none."""
    tags = edition_tags(root)
    if current_edition(root).released:
        tags = tags[:-1]
    return tags[-1] if tags else None


def _show_many(root: Path, specs: list[str]) -> list[str | None]:
    """The text of each `rev:path` (None when it does not exist), with one `git cat-file --batch` for all."""
    if not specs:
        return []
    try:
        out = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input="\n".join(specs).encode() + b"\n",
                             capture_output=True, check=True).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return [None] * len(specs)
    texts: list[str | None] = []
    at = 0
    for _ in specs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            texts.append(out[end + 1 : end + 1 + size].decode("utf-8", "replace"))
            at = end + 1 + size + 1
        else:  # "<spec> missing", or not a file
            texts.append(None)
            at = end + 1
    return texts


def _title_and_text(text: str) -> tuple[str | None, str]:
    """The title and the body a reader sees; front-matter changes such as a new review date alone do not count.
    Only the title's line is parsed (one YAML line, quick): `build_kit.py check` validates whole files."""
    front, body, _ = split_front_matter(text)
    match = _TITLE.search(front or "")
    try:
        data = yaml.load(match.group(0), Loader=_LOADER) if match else None
    except yaml.YAMLError:
        data = None
    title = data.get("title") if isinstance(data, dict) else None
    return (str(title) if title is not None else None), body


def changed_pages(root: Path, since_tag: str) -> list[ChangedPage]:
    """Content pages (content/<lang>/**.md) whose title or text changed between `since_tag` and HEAD, and the
    contacts files and the glossary that changed; sorted by path. Raises ValueError for an unknown tag."""
    if _commit(root, since_tag) is None:
        raise ValueError(f"{since_tag}: no such tag in {root}. List the editions with `git tag --list 'edition-*'`.")
    out = _git(root, "diff", "--name-only", "--no-renames", "-z", since_tag, "HEAD", "--", CONTENT) or ""
    paths = sorted(p for p in out.split("\0") if p)
    pages = [p for p in paths if p.endswith(".md") and len(p.split("/")) >= 3 and p.split("/")[1] != "contacts"]
    texts = _show_many(root, [f"{rev}:{p}" for p in pages for rev in ("HEAD", since_tag)])
    versions = {p: (texts[2 * i], texts[2 * i + 1]) for i, p in enumerate(pages)}
    changed = []
    for path in paths:
        parts = path.split("/")
        if parts[1] == "contacts" and path.endswith(".yml") and len(parts) == 3:
            changed.append(ChangedPage(path, None, None, parts[2].removesuffix(".yml"), None))
            continue
        if len(parts) == 2 and path.endswith(".yml"):  # content/glossary.yml
            changed.append(ChangedPage(path, None, None, None, None))
            continue
        if path not in versions:
            continue  # images and other files: not a page's text
        lang, rel = parts[1], "/".join(parts[2:])
        country = parts[2] if len(parts) > 3 else None
        now, before = versions[path]
        if now is None:
            changed.append(ChangedPage(path, lang, rel, country, None, removed=True))
            continue
        title, body = _title_and_text(now)
        if before is not None and _title_and_text(before) == (title, body):
            continue  # only the front matter (review date, hashes) changed
        changed.append(ChangedPage(path, lang, rel, country, title))
    return changed


def colophon(root: Path, lang: str) -> dict[str, Any]:
    """What a product's colophon and the full kit's change list need, for one language: this edition (or the
    unreleased build's date and commit), the previous edition and, when there is one, the pages of `lang` that
    changed since it (titles in `lang`), and the countries whose contacts changed."""
    current = current_edition(root)
    previous = previous_edition(root)
    changes = changed_pages(root, previous) if previous else []
    return {
        "edition": current.name,
        "released": current.released,
        "date": current.date,
        "commit": current.commit,
        "previous": _name(previous) if previous else None,
        "pages": [c for c in changes if c.lang == lang and not c.removed],
        "contacts": sorted(c.country for c in changes if c.lang is None and c.country),
        "glossary": any(c.lang is None and c.country is None for c in changes),
    }
