"""Progress of a long build on one rewritten line of stderr: outputs done of total, the one just finished, the time
left. Only on a terminal: in CI logs and pipes it writes nothing (the per-file lines after the build stay)."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO


def format_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_progress(done: int, total: int, current: str, left: float | None) -> str:
    """'3/20 built, last en/fiit-kit-belgium-en.pdf, about 2 min 10 s left' (time left unknown: left out)."""
    line = f"{done}/{total} built, last {current}"
    if left is not None and done < total:
        line += f", about {format_duration(left)} left"
    return line


class Progress:
    """Time left from the expected cost of what is done and of what remains (a kit weighs more than a card)."""

    def __init__(self, costs: list[float], stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total_cost, self.done_cost = sum(costs), 0.0
        self.total, self.done = len(costs), 0
        self.start = time.monotonic()
        self.width = 0

    def advance(self, name: str, cost: float) -> None:
        self.done += 1
        self.done_cost += cost
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        rate = elapsed / self.done_cost if self.done_cost else None
        left = rate * (self.total_cost - self.done_cost) if rate is not None else None
        line = format_progress(self.done, self.total, name, left)[: shutil.get_terminal_size().columns - 1]  # no wrap
        self.stream.write("\r" + line.ljust(self.width))  # spaces over the end of a longer line before it
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\n")
            self.stream.flush()
