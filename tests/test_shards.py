"""Shards (kit/shards.py, `build_kit.py build --shard I/N`): the parts of the real output matrix cover it exactly
once and are balanced; bad values are refused with exit 2; the shards' manifest parts assemble into one manifest."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from kit.build import MANIFEST, matrix, product_filename
from kit.buildcache import KeyMaker
from kit.config import ROOT, config
from kit.content import load_content
from kit.print.products import PRODUCTS
from kit.shards import PART, assemble, select


@pytest.fixture(scope="module")
def planned():
    cfg = config()
    keys = KeyMaker(cfg, load_content(cfg))
    return [keys.plan(job) for job in matrix(tuple(PRODUCTS), list(cfg.countries), list(cfg.language_codes))]


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_the_shards_cover_the_matrix_exactly_once_and_are_balanced(planned, n):
    parts = [select(planned, (i, n)) for i in range(1, n + 1)]
    names = Counter(plan.job for part in parts for plan in part)
    assert set(names) == {plan.job for plan in planned} and set(names.values()) == {1}
    assert [select(planned, (i, n)) for i in range(1, n + 1)] == parts  # the same parts on every machine
    loads = [sum(p.cost for p in part) for part in parts]
    assert max(loads) - min(loads) <= max(p.cost for p in planned)  # no part heavier by more than one output


@pytest.mark.parametrize("bad", ["0/3", "4/3", "x", "1/0", "2"])
def test_a_bad_shard_is_refused_with_a_clear_message(bad):
    result = subprocess.run([sys.executable, "build_kit.py", "build", "--shard", bad], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "--shard" in result.stderr and bad in result.stderr and "Traceback" not in result.stderr


def _part(out, i, n, files):
    for name in files:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(b"%PDF-1.7 test")
    entries = {name: {"file": name, "pages": 1, "bytes": 13, "key": name} for name in files}
    (out / PART.format(i=i, n=n)).write_text(json.dumps(entries), encoding="utf-8")


def test_the_parts_assemble_into_one_manifest_and_gaps_or_doubles_are_named(tmp_path):
    files = [product_filename("kit", c, "en") for c in ("belgium", "france", "italy")]
    _part(tmp_path, 1, 2, files[:2])
    _part(tmp_path, 2, 2, files[1:2])
    problems = assemble(tmp_path, files, MANIFEST)
    assert any("built by two shards" in p for p in problems) and any("italy" in p and "no shard" in p for p in problems)
    assert not (tmp_path / MANIFEST).exists()  # nothing folded while the parts are wrong
    _part(tmp_path, 2, 2, files[2:])
    assert assemble(tmp_path, files, MANIFEST) == []
    assert sorted(e["file"] for e in json.loads((tmp_path / MANIFEST).read_text()).values()) == sorted(files)
    assert not list(tmp_path.glob("manifest-shard-*"))
