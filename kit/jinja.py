"""The Jinja2 environment of the kit: trusted templates only, autoescape always on."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
PRINT_TEMPLATES = Path(__file__).parent / "print" / "templates"  # the print products


def css_string(value: str) -> Markup:
    """Quote text for a CSS `content:` value inside <style> (labels from strings/<lang>.yml)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return Markup(f'"{escaped}"')


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader([TEMPLATES, PRINT_TEMPLATES]),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    return env
