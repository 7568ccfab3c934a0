"""Problems found in content, reported all at once as `file:line: problem. How to fix.`"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kit import ROOT


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # relative to the repository root
    line: int | None
    message: str
    fix: str
    severity: Literal["error", "warning"] = "error"
    column: int | None = None  # for characters that cannot be seen, the editor needs the exact place

    @classmethod
    def at(cls, path: Path, line: int | None, message: str, fix: str, **kw: str | int) -> Problem:
        try:
            shown = path.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            shown = path.as_posix()
        return cls(shown, line, message.rstrip("."), fix.rstrip("."), **kw)  # type: ignore[arg-type]

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        where += f":{self.column}" if self.line and self.column else ""
        tag = "warning: " if self.severity == "warning" else ""
        return f"{where}: {tag}{self.message}. {self.fix}."


def as_checklist(problems: list[Problem]) -> str:
    """A Markdown checklist an editor can paste into a pull request."""
    return "\n".join(f"- [ ] `{p.file}{f':{p.line}' if p.line else ''}`: {p.message}. {p.fix}." for p in problems)


class ContentError(Exception):
    """Raised by a build when content has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))
