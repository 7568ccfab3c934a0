"""An editor's pull request with ten typical mistakes in ten files: one `check` run reports all of them, each with
its file and line and how to fix it, and exits non-zero; once they are fixed, it exits 0."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import make_repo

# file → (change, the words that must appear in its message)
MISTAKES = {
    "content/contacts/belgium.yml": (("kind: hotline", "kind: hotline: free"), "the YAML cannot be read"),
    "content/en/belgium/legal.md": (
        ("title: Legal questions in Belgium", "title: Legal <b>questions</b>"),
        "must be plain text",
    ),
    "content/en/about.md": (("topic: about", "topic: about\nauthor: Anna"), "unknown field 'author'"),
    "content/en/glossary.md": (("last_reviewed: 2026-11-20", "last_reviewed: 2026-02-30"), "not a valid date"),
    "content/en/index.md": ((None, "\nRead [the rules](rules.md).\n"), "'rules.md', which does not exist"),
    "content/en/europe/index.md": ((None, "\n![A map of Europe](map.png)\n"), "the image 'map.png' does not exist"),
    "content/en/belgium/contacts.md": ((None, "\n<script>alert(1)</script>\n"), "the HTML tag <script> is not allowed"),
    "content/fr/belgium/index.md": (
        (None, "\n[Cliquez](javascript:alert(1))\n"),
        "scheme 'javascript:' is not allowed",
    ),
    "content/en/belgium/index.md": ((None, "\n```\nunclosed\n"), "never closed"),
}
SYMLINK = "content/en/belgium/secret.md"  # the tenth: a symbolic link out of the content folder


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "build_kit.py", "check"], cwd=root, capture_output=True, text=True)


def test_ten_mistakes_in_one_run_then_fixed(tmp_path):
    cfg = make_repo(tmp_path / "repo")
    originals = {}
    for rel, ((old, new), _) in MISTAKES.items():
        path = cfg.root / rel
        originals[rel] = text = path.read_text(encoding="utf-8")
        assert old is None or old in text, (rel, old)
        path.write_text(text + new if old is None else text.replace(old, new, 1), encoding="utf-8")
    os.symlink("/etc/hostname", cfg.root / SYMLINK)

    result = check(cfg.root)
    assert result.returncode == 1, result.stdout + result.stderr
    reported = [line for line in result.stdout.splitlines() if re.match(r"(?:/|content/)\S+:(\d+:)? ", line)]
    by_file = {}
    for line in reported:
        file = line.split(":", 1)[0]
        by_file.setdefault(os.path.relpath(file, cfg.root) if file.startswith("/") else file, []).append(line)
    assert set(by_file) == {*MISTAKES, SYMLINK}, result.stdout
    for rel, (_, words) in MISTAKES.items():
        assert len(by_file[rel]) == 1 and words in by_file[rel][0], by_file[rel]
        assert re.match(rf"\S*{re.escape(rel)}:\d+: ", by_file[rel][0]), by_file[rel][0]  # file and line
    assert "symbolic link" in by_file[SYMLINK][0]
    assert "10 error(s)" in result.stdout
    assert "docs/editors/checks.md" in result.stderr

    for rel, text in originals.items():
        (cfg.root / rel).write_text(text, encoding="utf-8")
    (cfg.root / SYMLINK).unlink()
    fixed = check(cfg.root)
    assert fixed.returncode == 0, fixed.stdout
    assert "0 error(s)" in fixed.stdout
