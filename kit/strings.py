"""Interface strings: one YAML file per language in strings/<lang>.yml; English (strings/en.yml) is the reference.

A language without its file, or a key missing from it, shows the English text: adding a language is a content
folder and a line in mkdocs.yml, and its interface can follow (`build_kit.py check` warns until it does)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kit.config import ROOT

REFERENCE = "en"


def strings_path(lang: str, root: Path = ROOT) -> Path:
    return root / "strings" / f"{lang}.yml"


def read_strings_file(lang: str, root: Path = ROOT) -> dict[str, Any] | None:
    """The language's own file, as written (None when there is none)."""
    path = strings_path(lang, root)
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


@cache
def load_strings(lang: str, root: Path = ROOT) -> dict[str, Any]:
    """The strings of a language, with English for anything it does not have yet."""
    reference = read_strings_file(REFERENCE, root) or {}
    return _merge(reference, read_strings_file(lang, root) or {}) if lang != REFERENCE else reference


def _merge(reference: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    merged = dict(reference)
    for key, value in other.items():
        if value in (None, ""):
            continue
        merged[key] = (
            _merge(reference[key], value) if isinstance(value, dict) and isinstance(reference.get(key), dict) else value
        )
    return merged


def missing_keys(reference: dict[str, Any], other: dict[str, Any], prefix: str = "") -> list[str]:
    """Keys of `reference` (nested) that `other` lacks or leaves empty."""
    missing = []
    for key, value in reference.items():
        if key not in other or other[key] in (None, ""):
            missing.append(prefix + key)
        elif isinstance(value, dict):
            missing.extend(missing_keys(value, other[key] or {}, f"{prefix}{key}."))
    return missing
