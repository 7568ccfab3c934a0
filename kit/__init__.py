"""The FIIT information kit: one content loader and schema, two renderers (the site and the PDF kits), checks."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository
