"""Temporary files of builds that were killed half-way: the next build removes them.

Every temporary name carries the process id of the build that made it (".site-<pid>-…", ".fiit-kit-….<pid>.tmp"),
so a build removes only what a dead process left, never the work of a build running beside it."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from kit.config import KITS_DIR, OFFLINE_DIR

# (folder relative to the repository, glob, where the pid is in the name)
PATTERNS = (
    (".", ".site-*", re.compile(r"^\.site-(?:old-)?(\d+)")),
    (".", ".mkdocs-offline-*.yml", re.compile(r"^\.mkdocs-offline-(\d+)\.yml$")),
    (str(OFFLINE_DIR), ".offline-*", re.compile(r"^\.offline-(\d+)-")),
    (str(KITS_DIR), "*/.*.tmp", re.compile(r"\.(\d+)\.tmp$")),
    (str(KITS_DIR), "*.tmp", re.compile(r"$^")),  # the manifest's: written and moved at once
)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def leftovers(root: Path) -> list[Path]:
    """Temporary files and folders whose build is no longer running."""
    found = []
    for folder, pattern, pid_in_name in PATTERNS:
        for path in sorted((root / folder).glob(pattern)):
            match = pid_in_name.search(path.name)
            if not match or not _alive(int(match.group(1))):
                found.append(path)
    return found


def remove_leftovers(root: Path) -> list[Path]:
    removed = leftovers(root)
    for path in removed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return removed
