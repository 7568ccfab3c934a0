"""Read the project's single sources of truth from mkdocs.yml: languages, page order, Markdown extensions.

The PDF build must not depend on MkDocs or its plugins, so mkdocs.yml is read here as plain YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kit import ROOT
from kit.inputs import load_yaml, read_source
from kit.problems import ContentError, Problem

LANGUAGE_CODE = re.compile(r"[a-z]{2}")
KITS_DIR = Path("build") / "kits"  # outputs, relative to the repository; the site publishes kits in <lang>/downloads/
OFFLINE_DIR = Path("build") / "offline"
SHARED_PART = "europe"  # the EU part: printed in every country's kit


class ConfigError(ContentError):
    """mkdocs.yml is unsafe or unusable; carries the problems, like a content error."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    default: bool


@dataclass(frozen=True)
class NavEntry:
    path: str  # relative to the language folder, e.g. "belgium/legal.md"
    section: str | None  # the English section title in mkdocs.yml, e.g. "Belgium"

    @property
    def folder(self) -> str | None:
        return self.path.split("/", 1)[0] if "/" in self.path else None


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    site_url: str
    docs_dir: Path
    site_dir: Path
    languages: tuple[Language, ...]
    nav: tuple[NavEntry, ...]
    markdown_extensions: tuple[str, ...]
    markdown_configs: dict[str, dict[str, Any]]

    @property
    def default_language(self) -> str:
        return next(lang.code for lang in self.languages if lang.default)

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def countries(self) -> tuple[str, ...]:
        """Country folders, in nav order: every nav folder but the shared EU part."""
        seen: dict[str, None] = {}
        for entry in self.nav:
            if entry.folder and entry.folder != SHARED_PART:
                seen[entry.folder] = None
        return tuple(seen)

    @property
    def sections(self) -> dict[str, str]:
        """Folder -> English section title, e.g. {"belgium": "Belgium"}."""
        return {e.folder: e.section for e in self.nav if e.folder and e.section}

    def content_dir(self, lang: str) -> Path:
        return self.docs_dir / lang

    def page_url(self, lang: str, path: str, anchor: str = "") -> str:
        """Absolute web address of a page of the site, as printed in the kits."""
        slug = path.removesuffix(".md")
        slug = slug.removesuffix("index") if slug.endswith("index") else slug + "/"
        prefix = "" if lang == self.default_language else f"{lang}/"
        return f"{self.site_url}{prefix}{slug}" + (f"#{anchor}" if anchor else "")


def _flatten(items: list[Any], section: str | None = None) -> list[NavEntry]:
    entries: list[NavEntry] = []
    for item in items:
        if isinstance(item, str):
            entries.append(NavEntry(item, section))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    entries.extend(_flatten(value, title))
                else:
                    entries.append(NavEntry(value, section))
    return entries


def _extensions(raw: list[Any]) -> tuple[tuple[str, ...], dict[str, dict[str, Any]]]:
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for item in raw:
        if isinstance(item, str):
            names.append(item)
        else:
            ((name, options),) = item.items()
            names.append(name)
            configs[name] = options or {}
    return tuple(names), configs


def _fail(path: Path, line: int | None, message: str, fix: str) -> ConfigError:
    return ConfigError([Problem.at(path, line, message, fix)])


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    """mkdocs.yml as data, or ConfigError. MkDocs' own loader runs Python named by a tag (!!python/name:...) while
    reading the file, before any hook can object: every command that starts MkDocs reads it here first, where tags,
    anchors and oversized or undecodable files are refused."""
    path = root / "mkdocs.yml"
    text, problems = read_source(path)
    data, _, yaml_problems = load_yaml(text, path) if text is not None else (None, None, [])
    if problems or yaml_problems:
        raise ConfigError(problems + yaml_problems)
    if not isinstance(data, dict):
        raise _fail(path, 1, "mkdocs.yml is not a list of 'setting: value' lines", "Restore it from the main branch")
    return data


def load_config(root: Path = ROOT) -> SiteConfig:
    data = read_mkdocs_yml(root)
    path = root / "mkdocs.yml"
    try:
        i18n = next(p["i18n"] for p in data["plugins"] if isinstance(p, dict) and "i18n" in p)
        for lang in i18n["languages"]:
            if not LANGUAGE_CODE.fullmatch(str(lang["locale"])):
                raise _fail(path, None, f"the language code '{lang['locale']}' is not a two-letter code",
                            "Use the ISO 639-1 code of the language, e.g. nl")  # fmt: skip
        nav = _flatten(data["nav"])
        data["site_url"].rstrip("/")
    except (KeyError, TypeError, AttributeError, StopIteration) as exc:
        raise _fail(path, None, f"mkdocs.yml lacks a setting the kit needs ({exc!s})",
                    "Compare it with the main branch: site_url, nav and the i18n plugin with its languages are needed") from None  # fmt: skip
    codes = {str(lang["locale"]) for lang in i18n["languages"]}
    for entry in nav:
        if not isinstance(entry.path, str) or not entry.path.endswith(".md"):
            raise _fail(path, None, f"the nav entry '{entry.path}' is not a page", "List .md files in the nav")
        if entry.folder and (entry.folder in codes or LANGUAGE_CODE.fullmatch(entry.folder)):
            raise _fail(path, None, f"the folder '{entry.folder}' looks like a language code",
                        "Name country folders in full (e.g. belgium, not be): their addresses would collide with a language's")  # fmt: skip
    languages = tuple(
        Language(lang["locale"], lang["name"], bool(lang.get("default", False)))
        for lang in i18n["languages"]
        if lang.get("build", True)
    )
    names, configs = _extensions(data.get("markdown_extensions", []))
    site_url = data["site_url"].rstrip("/") + "/"
    return SiteConfig(
        root=root,
        site_url=site_url,
        docs_dir=root / data.get("docs_dir", "docs"),
        site_dir=root / data.get("site_dir", "site"),
        languages=languages,
        nav=tuple(nav),
        markdown_extensions=names,
        markdown_configs=configs,
    )


@cache
def config() -> SiteConfig:
    return load_config()
