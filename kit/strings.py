"""Interface strings: one YAML file per language in strings/<lang>.yml; English (strings/en.yml) is the reference.

A language without its file, or a key missing from it, shows the English text: adding a language is a content
folder and a line in mkdocs.yml, and its interface can follow (`build_kit.py check` warns until it does)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from kit.config import ROOT
from kit.inputs import load_yaml, read_source
from kit.problems import Problem

REFERENCE = "en"


def strings_path(lang: str, root: Path = ROOT) -> Path:
    return root / "strings" / f"{lang}.yml"


def read_strings_file(lang: str, root: Path = ROOT) -> dict[str, Any] | None:
    """The language's own file, as written (None when there is none or it cannot be read: see strings_problems)."""
    path = strings_path(lang, root)
    if not path.is_file():
        return None
    text, problems = read_source(path)
    data, _, yaml_problems = load_yaml(text, path) if text is not None else (None, None, [])
    return data if isinstance(data, dict) and not (problems or yaml_problems) else None


def strings_problems(lang: str, root: Path = ROOT) -> list[Problem]:
    """What is wrong with a language's strings file as a file: encoding, characters, YAML."""
    path = strings_path(lang, root)
    if not path.is_file():
        return []
    text, problems = read_source(path)
    if text is None:
        return problems
    data, _, yaml_problems = load_yaml(text, path)
    if not yaml_problems and not isinstance(data, dict):
        yaml_problems = [Problem.at(path, 1, "the strings file is not a list of 'key: text' lines",
                                    f"Start from a copy of strings/{REFERENCE}.yml")]  # fmt: skip
    return problems + yaml_problems


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
