"""The offline copy for a USB stick: the site built to be opened from files (each page an .html file, so links work
without a web server), with every kit, in one zip. Written atomically; its files carry the build's date
(SOURCE_DATE_EPOCH), so two builds of one commit give the same zip.

Limit, stated in README.txt inside the zip: the search box needs a web server (browsers do not run the search's
worker from files); everything else works offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from kit.config import OFFLINE_DIR, SiteConfig
from kit.leftovers import remove_leftovers

ZIP_NAME = "fiit-kit-offline.zip"
README = """FIIT Information Kit - offline copy

Open index.html (English), fr/index.html (français), hu/index.html (magyar) or it/index.html (italiano) in a web
browser. The printed kits (PDF) are in downloads/ inside each language folder.

Search does not work when the pages are opened from files; use the menu and the contents.
Opened from a USB stick, nothing is sent over the internet until you follow a link to another website.
"""


def build_offline(cfg: SiteConfig) -> Path:
    remove_leftovers(cfg.root)
    out_dir = cfg.root / OFFLINE_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".offline-{os.getpid()}-", dir=out_dir))
    config = cfg.root / f".mkdocs-offline-{os.getpid()}.yml"  # beside mkdocs.yml: its relative paths stay right
    try:
        config.write_text("INHERIT: mkdocs.yml\nuse_directory_urls: false\n", encoding="utf-8")
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", str(config),
                   "--site-dir", str(staging / "site")]  # fmt: skip
        result = subprocess.run(command, cwd=cfg.root, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"the offline build failed (mkdocs exit code {result.returncode}); "
                               f"{out_dir / ZIP_NAME} is unchanged")  # fmt: skip
        (staging / "site" / "README.txt").write_text(README, encoding="utf-8")
        target = out_dir / ZIP_NAME
        tmp = staging / ZIP_NAME
        _zip(staging / "site", tmp, int(os.environ.get("SOURCE_DATE_EPOCH") or time.time()))
        os.replace(tmp, target)
        return target
    finally:
        config.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)


def _zip(folder: Path, target: Path, epoch: int) -> None:
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"fiit-kit/{path.relative_to(folder).as_posix()}", stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
