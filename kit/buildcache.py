"""Incremental builds: each output's key is a hash of every input that can change its bytes, stored in the
manifest; an output whose file is there, with the size and key the manifest records, is not built again.

A wrong reuse is worse than a slow build, so the key errs on the side of too much: all the kit package's files
(code, templates, stylesheets, legal-refs.yml), mkdocs.yml, the fonts, the libraries that render, and per output
the pages it prints (from the product's own page list), their English originals (which decide the "outdated" and
"missing" notices), the strings of its language, the contacts it prints and its edition line.
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from kit.config import SiteConfig
from kit.content import Content
from kit.editions import current_edition, edition_tags, previous_edition
from kit.markdown import IMAGE_SUFFIXES
from kit.print.products import PRODUCTS
from kit.print.render import font_faces
from kit.strings import REFERENCE, strings_path

# The distributions whose versions change how a PDF is laid out, written or what its HTML is made of.
RENDERING_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinyhtml5", "tinycss2", "cssselect2", "pyphen", "pillow",
                       "markdown", "pymdown-extensions", "jinja2", "markupsafe", "segno", "pypdf", "pikepdf",
                       "pyyaml")  # fmt: skip
KEY_VERSION = "1"  # bump when the way keys are made changes


@dataclass(frozen=True)
class Job:
    product: str
    variant: str
    country: str
    lang: str


def _digest(parts: Iterable[str | bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: no two lists hash alike
    return h.hexdigest()


def _in_repo(root: Path, path: Path) -> bool:
    """A file of the repository itself (not of the virtual environment, where the fonts are)."""
    return path.is_relative_to(root) and not any(part.startswith(".") for part in path.relative_to(root).parts)


def _file(root: Path, path: Path) -> list[str | bytes]:
    """A file as part of a key: its path in the repository (else its name) and its bytes (or that it is absent)."""
    name = path.relative_to(root).as_posix() if _in_repo(root, path) else path.name
    return [name, path.read_bytes() if path.is_file() else b"<absent>"]


def _font_files() -> list[Path]:
    return [Path(unquote(urlparse(face["url"]).path)) for face in font_faces()]  # the renderer's own list


def library_versions() -> list[str]:
    versions = [f"python {platform.python_implementation()} {platform.python_version()}"]
    for name in RENDERING_LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    from weasyprint.text.ffi import harfbuzz_subset, pango

    versions.append(f"pango {pango.pango_version()}, harfbuzz-subset {harfbuzz_subset is not None}")
    return versions


def shared_files(cfg: SiteConfig) -> list[Path]:
    """Inputs of every output: the kit package (hashed whole: simple and safe), mkdocs.yml, the reference strings
    (fallbacks), every file in content/ that is not a page or a contacts file (glossary, source kinds, images),
    the images in overrides/, and the fonts."""
    root = cfg.root
    package = [p for p in sorted((root / "kit").rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    # every file of content/ but the pages and the contacts (those are per output): images, data files
    data = [p for p in sorted(cfg.docs_dir.rglob("*")) if p.is_file() and p.suffix != ".md"
            and p.relative_to(cfg.docs_dir).parts[0] != "contacts"]  # fmt: skip
    # a page may show an image from outside content/ (the fetcher allows the whole repository): the site's own
    images = [p for p in sorted((root / "overrides").rglob("*")) if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES]
    return [*package, root / "mkdocs.yml", strings_path(REFERENCE, root), *data, *images, *_font_files()]


def job_files(cfg: SiteConfig, content: Content, job: Job) -> list[Path]:
    """The inputs of one output beyond the shared ones: its pages and their English originals (from the
    product's page list: the renderer's), the strings of its language, the contacts of its country and of the
    parts it prints. A product without a page list is taken to print every page of its language and English."""
    pages_of = PRODUCTS[job.product].pages
    if pages_of is None:
        pages = sorted({*cfg.content_dir(job.lang).rglob("*.md"), *cfg.content_dir(cfg.default_language).rglob("*.md")})
    else:
        pages = []
        for rel in pages_of(cfg, content, job.country, job.lang):
            pages += [cfg.content_dir(job.lang) / rel, cfg.content_dir(cfg.default_language) / rel]
    folders = {job.country} | {rel.split("/", 1)[0] for rel in _rels(cfg, pages) if "/" in rel}
    contacts = [cfg.docs_dir / "contacts" / f"{folder}.yml" for folder in sorted(folders)]
    return [*dict.fromkeys(pages), strings_path(job.lang, cfg.root), *contacts]


def _rels(cfg: SiteConfig, pages: list[Path]) -> list[str]:
    return [p.relative_to(cfg.docs_dir).as_posix().split("/", 1)[1] for p in pages]


def last_change(cfg: SiteConfig, files: list[Path]) -> tuple[str, str]:
    """(epoch, short commit) of the last commit that changed any of `files` (and requirements.lock, whose
    libraries render them): the edition an output prints, so that a commit elsewhere leaves it as it is. Without
    git history: SOURCE_DATE_EPOCH, else the newest file's time; the commit is then "unknown"."""
    root = cfg.root
    names = [f.relative_to(root).as_posix() for f in files if _in_repo(root, f)] + ["requirements.lock"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct %h", "--abbrev=10", "--", *names], cwd=root,
                             capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        out = []
    if len(out) == 2:
        return out[0], out[1]
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):  # a source archive: the date its maker chose
        return epoch, "unknown"
    return str(int(max((f.stat().st_mtime for f in files if f.is_file()), default=0))), "unknown"


def edition_for(cfg: SiteConfig, files: list[Path]) -> dict[str, str]:
    epoch, commit = last_change(cfg, files)
    date = datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return {"date": date, "commit": commit, "epoch": epoch}


def printed_bytes(cfg: SiteConfig, lang: str, files: list[Path]) -> int:
    """The Markdown an output prints: each page in its language where it exists, else in English."""
    printed: dict[str, Path] = {}
    for path in files:
        if path.suffix == ".md" and path.is_file():
            rel = _rels(cfg, [path])[0]
            if rel not in printed or path.is_relative_to(cfg.content_dir(lang)):
                printed[rel] = path
    return sum(p.stat().st_size for p in printed.values())


def job_cost(cfg: SiteConfig, job: Job, files: list[Path]) -> float:
    """The expected rendering cost of an output, for balancing shards: about one per page (2 KB of Markdown)."""
    return 1.0 + printed_bytes(cfg, job.lang, files) / 2048


@dataclass(frozen=True)
class Planned:
    job: Job
    key: str
    edition: dict[str, str]
    cost: float  # expected rendering cost, for balancing shards


class KeyMaker:
    """Keys for the jobs of one build: the shared part is hashed once."""

    def __init__(self, cfg: SiteConfig, content: Content) -> None:
        self.cfg, self.content = cfg, content
        self.shared = shared_files(cfg)
        # the edition tags, HEAD's own and the one before it: what a colophon may name
        current, previous = current_edition(cfg.root).name, previous_edition(cfg.root)
        parts: list[str | bytes] = [KEY_VERSION, *library_versions(), *edition_tags(cfg.root)]
        parts += [f"edition {current}", f"previous {previous}"]
        for path in self.shared:
            parts += _file(cfg.root, path)
        self.shared_digest = _digest(parts)

    def plan(self, job: Job) -> Planned:
        files = job_files(self.cfg, self.content, job)
        ed = edition_for(self.cfg, self.shared + files)
        parts: list[str | bytes] = [self.shared_digest, job.product, job.variant, job.country, job.lang]
        parts += [f"{k}={v}" for k, v in sorted(ed.items())]
        for path in files:
            parts += _file(self.cfg.root, path)
        return Planned(job, _digest(parts), ed, cost=job_cost(self.cfg, job, files))
