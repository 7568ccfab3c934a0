#!/usr/bin/env python3
"""Build and check the FIIT information kit. Run `python build_kit.py --help`."""

import sys

from kit.cli import main

if __name__ == "__main__":
    sys.exit(main())
