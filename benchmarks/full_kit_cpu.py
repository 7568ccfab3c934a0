"""CPU seconds of one full kit in each of its files: screen (padding guessed right, and wrong: laid out twice),
print-shop, and the A4 booklet imposed from the screen file. CPU time, not wall time: on a shared machine the
wall time says more about the neighbours than about the build.

Run: .venv/bin/python benchmarks/full_kit_cpu.py [--country hungary] [--lang hu]. It prints figures; it asserts
nothing. Writes into a temporary folder, never into build/.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.build import build_one  # noqa: E402
from kit.editions import build_stamp  # noqa: E402


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--country", default="hungary")
    parser.add_argument("--lang", default="hu")
    args = parser.parse_args()
    ed = build_stamp(ROOT)
    out = Path(tempfile.mkdtemp(prefix="full-kit-cpu-"))
    start = cpu()
    first = build_one(ROOT, args.country, args.lang, out / "probe.pdf", ed, "kit", "screen")[0]
    print(f"screen, padding guessed 0 (needed {first.padding}; with the start-up): {cpu() - start:.1f} CPU s")
    wrong = (first.padding + 1) % 4
    for label, variant, guess, booklet in (
        ("screen, padding guessed right", "screen", first.padding, None),
        (f"screen, padding guessed wrong ({wrong})", "screen", wrong, None),
        ("print-shop, padding guessed right", "print-shop", first.padding, None),
        ("screen + A4 booklet", "screen", first.padding, out / "booklet.pdf"),
    ):
        start = cpu()
        results = build_one(ROOT, args.country, args.lang, out / f"{variant}.pdf", ed, "kit", variant, booklet, guess)
        files = ", ".join(f"{r.variant} {r.pages} pages {r.bytes // 1024} KB" for r in results)
        print(f"{label}: {cpu() - start:.1f} CPU s ({files})")


if __name__ == "__main__":
    main()
