"""Build figures: wall time of the kits (N processes), the site, the offline copy and the accessibility scan
(axe-core over every page at two widths, when Chromium is there), pages per kit, peak memory.

Run: .venv/bin/python benchmarks/build_times.py [--jobs 2]. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    kits = run("build_kit.py", "build", "--force", "--jobs", str(args.jobs))  # every kit, not only the changed ones
    manifest = json.loads((ROOT / "build/kits/manifest.json").read_text())
    pages = [k["pages"] for k in manifest.values()]
    size = sum(k["bytes"] for k in manifest.values())
    site = run("build_kit.py", "site")
    offline = run("build_kit.py", "offline")
    axe = run("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_browser.py", "-k", "axe")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"kits: {len(pages)} in {kits:.1f} s with {args.jobs} processes; {sum(pages)} pages "
        f"({min(pages)}-{max(pages)} per kit); {sum(pages) / kits:.1f} pages/s; {size / sum(pages) / 1024:.1f} KB/page"
    )
    print(f"site: {site:.1f} s; offline copy: {offline:.1f} s")
    print(f"axe-core over every page of the 4 languages at 1280 and 320 px: {axe:.1f} s")
    print(f"peak memory of one child process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
