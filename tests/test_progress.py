"""Progress of a long build (kit/progress.py): its line, and silence where stderr is not a terminal."""

from __future__ import annotations

import io

from kit.progress import Progress, format_duration, format_progress


def test_the_line_says_done_of_total_the_last_output_and_the_time_left():
    assert format_progress(3, 20, "en/fiit-kit-belgium-en.pdf", 130) == (
        "3/20 built, last en/fiit-kit-belgium-en.pdf, about 2 min 10 s left"
    )
    assert format_progress(20, 20, "it/fiit-kit-italy-it.pdf", 0) == "20/20 built, last it/fiit-kit-italy-it.pdf"
    assert format_progress(1, 4, "x.pdf", None) == "1/4 built, last x.pdf"
    assert [format_duration(s) for s in (0.4, 59, 61, 3600, 5400)] == ["0 s", "59 s", "1 min 01 s", "1 h 00 min",
                                                                       "1 h 30 min"]  # fmt: skip


class Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_quiet_when_not_a_terminal():
    stream = Terminal(tty=False)
    progress = Progress([10.0, 1.0], stream)
    progress.advance("en/fiit-kit-belgium-en.pdf", 10.0)
    progress.advance("en/fiit-wallet-card-belgium-en.pdf", 1.0)
    progress.close()
    assert stream.getvalue() == ""


def test_on_a_terminal_one_line_is_rewritten_and_ended():
    stream = Terminal(tty=True)
    progress = Progress([10.0, 1.0], stream)
    progress.advance("en/fiit-kit-belgium-en-long-name.pdf", 10.0)
    progress.advance("en/x.pdf", 1.0)
    progress.close()
    out = stream.getvalue()
    assert out.count("\r") == 2 and out.endswith("\n") and "\n" not in out[:-1]
    first, second = out.strip("\n").split("\r")[1:]
    assert first.startswith("1/2 built, last en/fiit-kit-belgium-en-long-name.pdf, about ") and first.endswith(" left")
    assert second.rstrip() == "2/2 built, last en/x.pdf" and len(second) == len(first)  # the longer line wiped
