"""Adding a language is a content folder and a line in mkdocs.yml (Dutch, which Belgium needs, in a temporary copy);
and `status` shows translators what changed in English since their translation."""

from __future__ import annotations

import subprocess
import sys

import yaml
from conftest import make_repo
from pdfkit import Kit

from kit.build import KITS_DIR, build_kits, kit_filename
from kit.config import load_config
from kit.content import content_hash, load_content
from kit.site import build_site

DUTCH = """---
title: België in het kort
summary: Wat er nu gebeurt in België.
country: belgium
topic: in-brief
audience: [survivors, professionals]
last_reviewed: 2026-11-20
translated_from: {hash}
sources:
  - title: Testbron
    url: https://example.org/source
    accessed: 2026-11-20
---

## Wat er nu gebeurt {{#what-happens-next}}

U kunt even tot rust komen. Lees over [verblijfsvergunningen](legal.md#residence-permits) en de
[regels in Europa](../europe/index.md). Woorden worden uitgelegd in de [woordenlijst](../glossary.md#terms).

Bel de hulplijn op [+32 78 05 58 00](tel:+3278055800).
"""


def test_dutch_is_a_folder_and_a_line_of_configuration(tmp_path):
    cfg = make_repo(tmp_path / "repo")
    mkdocs = yaml.safe_load((cfg.root / "mkdocs.yml").read_text(encoding="utf-8"))
    i18n = next(p["i18n"] for p in mkdocs["plugins"] if isinstance(p, dict) and "i18n" in p)
    i18n["languages"].append({"locale": "nl", "name": "Nederlands", "build": True})  # the line
    (cfg.root / "mkdocs.yml").write_text(yaml.safe_dump(mkdocs, allow_unicode=True, sort_keys=False), encoding="utf-8")
    english = load_content(cfg).page("en", "belgium/index.md")
    (cfg.root / "content" / "nl" / "belgium").mkdir(parents=True)  # the folder, with one page
    (cfg.root / "content" / "nl" / "belgium" / "index.md").write_text(
        DUTCH.format(hash=content_hash(english)), encoding="utf-8"
    )

    cfg = load_config(cfg.root)
    assert cfg.language_codes[-1] == "nl"
    check = subprocess.run([sys.executable, "build_kit.py", "check"], cwd=cfg.root, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    assert "strings/nl.yml: warning: the language 'nl' has no interface strings" in check.stdout  # not an error

    build_kits(cfg, ["belgium"], ["nl"], workers=1)
    kit = Kit(cfg.root / KITS_DIR / kit_filename("belgium", "nl"))
    assert kit.lang == "nl"
    text = "\n".join(kit.texts)
    assert "België in het kort" in text and "Wat er nu gebeurt" in text
    assert "Legal questions in Belgium" in text  # not translated yet: printed in English, and marked so

    build_site(cfg)
    page = (cfg.site_dir / "nl" / "belgium" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in page and "U kunt even tot rust komen." in page
    fallback = (cfg.site_dir / "nl" / "belgium" / "legal" / "index.html").read_text(encoding="utf-8")
    assert '<article class="md-content__inner md-typeset" lang="en">' in fallback
    assert 'class="kit-notice kit-notice--fallback"' in fallback


def test_status_shows_the_english_change_since_the_translation(tmp_path):
    cfg = make_repo(tmp_path / "repo")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cfg.root, check=True, capture_output=True
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    english = cfg.root / "content" / "en" / "belgium" / "index.md"
    english.write_text(
        english.read_text(encoding="utf-8").replace("You can rest for a while.", "You can rest for 45 days."),
        encoding="utf-8",
    )
    git("commit", "-qam", "English changes")
    result = subprocess.run(
        [sys.executable, "build_kit.py", "status", "--lang", "fr"], cwd=cfg.root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("fr  outdated    belgium/index.md  (English now ") for line in lines)
    assert "    -You can rest for a while. Read about [residence permits](legal.md#residence-permits) and the" in lines
    assert "    +You can rest for 45 days. Read about [residence permits](legal.md#residence-permits) and the" in lines
    assert any(line.startswith("fr: 0 up to date, 1 outdated, ") for line in lines)  # then the open items
