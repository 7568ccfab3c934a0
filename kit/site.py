"""Build the site with MkDocs into a fresh folder, then swap it into place: a failed build leaves site/ as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kit.config import SiteConfig
from kit.leftovers import remove_leftovers


def build_site(cfg: SiteConfig) -> Path:
    remove_leftovers(cfg.root)
    target = cfg.site_dir
    staging = Path(tempfile.mkdtemp(prefix=f".site-{os.getpid()}-", dir=target.parent))
    # Never -q: strict mode reports warnings through the log that -q would silence.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(staging)]
    result = subprocess.run(command, cwd=cfg.root, check=False)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise RuntimeError(f"the site build failed (mkdocs exit code {result.returncode}); {target} is unchanged")
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    return target
