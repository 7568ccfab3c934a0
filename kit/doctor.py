"""Check that the system libraries WeasyPrint needs are installed, and say how to install them if not."""

from __future__ import annotations

import ctypes.util
import sys

NEEDED = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
    "harfbuzz-subset": "libharfbuzz-subset0",  # without it, font subsetting is about 40 % slower
}


def main() -> int:
    missing = [package for library, package in NEEDED.items() if ctypes.util.find_library(library) is None]
    if missing:
        print("WeasyPrint needs system libraries that are missing. On Debian or Ubuntu:\n"
              f"    sudo apt-get install {' '.join(missing)}\n"
              "Other systems: https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#installation",
              file=sys.stderr)  # fmt: skip
        return 1
    import weasyprint  # noqa: F401 - fails here, not mid-build, if the libraries are unusable

    return 0


if __name__ == "__main__":
    sys.exit(main())
