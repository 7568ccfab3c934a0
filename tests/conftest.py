"""Shared fixtures: a small kit in a temporary copy of the repository, built once per test session."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

from kit.config import ROOT, SiteConfig, load_config

# Property-based tests keep no example database: nothing is written into the repository, and every run is fresh.
settings.register_profile("kit", database=None, print_blob=True)
settings.load_profile("kit")

pytest_plugins = ["browser"]  # the browser and site_url fixtures (tests/browser.py)

MINI = Path(__file__).parent / "fixtures" / "mini"


def make_repo(target: Path, fixture: Path = MINI) -> SiteConfig:
    """A copy of this repository's code and configuration with the fixture's content and nav."""
    for name in ("kit", "overrides", "strings"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(fixture / "content", target / "content")
    shutil.copy2(ROOT / "build_kit.py", target / "build_kit.py")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = yaml.safe_load((fixture / "nav.yml").read_text(encoding="utf-8"))
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_config(target)


@pytest.fixture
def mini_repo(tmp_path: Path) -> SiteConfig:
    return make_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    """The small kit with its English and French PDFs and its site, built once."""
    from kit.build import build_kits
    from kit.site import build_site

    cfg = make_repo(tmp_path_factory.mktemp("built") / "repo")
    build_kits(cfg, ["belgium"], ["en", "fr"], workers=2)
    build_site(cfg)
    return cfg


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    """A small kit whose English Belgian PDF and site are built: bad input must leave them exactly as they are."""
    from kit.build import build_kits
    from kit.site import build_site

    cfg = make_repo(tmp_path_factory.mktemp("bad") / "repo")
    build_kits(cfg, ["belgium"], ["en"], workers=1)
    build_site(cfg)
    return cfg


def fingerprint(cfg: SiteConfig) -> dict[str, str]:
    from kit.build import KITS_DIR, kit_filename

    files = [cfg.root / KITS_DIR / kit_filename("belgium", "en"), *sorted(cfg.site_dir.rglob("*.html"))]
    return {str(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
