"""Interface strings: one YAML file per language in strings/<lang>.yml."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kit.config import ROOT


@cache
def load_strings(lang: str, root: Path = ROOT) -> dict[str, Any]:
    return yaml.safe_load((root / "strings" / f"{lang}.yml").read_text(encoding="utf-8"))


def missing_keys(reference: dict[str, Any], other: dict[str, Any], prefix: str = "") -> list[str]:
    """Keys of `reference` (nested) that `other` lacks or leaves empty."""
    missing = []
    for key, value in reference.items():
        if key not in other or other[key] in (None, ""):
            missing.append(prefix + key)
        elif isinstance(value, dict):
            missing.extend(missing_keys(value, other[key] or {}, f"{prefix}{key}."))
    return missing
