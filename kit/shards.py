"""Shards: `build_kit.py build --shard I/N` builds the I-th of N balanced parts of the output matrix, so that CI can
spread a large kit over several machines and assemble the outputs afterwards.

The parts are balanced by each output's expected cost (kit/buildcache.py: the Markdown it prints), never by
timings or a manifest: every machine computes the same parts from the same commit, so the N shards cover the
matrix exactly once. Each shard writes its own manifest part; `build_kit.py assemble` folds the parts into
manifest.json and checks that every output of the matrix came from exactly one shard.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, TypeVar

SHARD = re.compile(r"(\d+)/(\d+)")
PART = "manifest-shard-{i}-of-{n}.json"
PART_GLOB = "manifest-shard-*-of-*.json"
STAGE_DIR = Path("build") / "shard"  # a shard's outputs and manifest part, for CI to upload as one artifact
COST_PER_SHARD = 2500.0  # about 25 full kits (a full kit costs about 85): below that, one machine is enough
MAX_SHARDS = 8


class Costed(Protocol):
    @property
    def cost(self) -> float: ...


T = TypeVar("T", bound=Costed)


def parse_shard(text: str) -> tuple[int, int]:
    """'2/3' -> (2, 3); ValueError with what is wrong and what to write instead."""
    match = SHARD.fullmatch(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a shard: write I/N, e.g. 2/3 for the second of three parts")
    i, n = int(match.group(1)), int(match.group(2))
    if n < 1 or not 1 <= i <= n:
        raise ValueError(f"'{text}': the part I must be between 1 and N (N at least 1), e.g. 1/{max(n, 1)}")
    return i, n


def assign(items: Sequence[T], n: int) -> list[list[T]]:
    """N parts of about equal cost: the costliest item first, each to the part with the least cost so far (ties:
    the earlier item, the lower part). Deterministic; items keep their order inside a part."""
    loads = [0.0] * n
    parts: list[list[int]] = [[] for _ in range(n)]
    for index in sorted(range(len(items)), key=lambda k: (-items[k].cost, k)):
        target = min(range(n), key=lambda p: (loads[p], p))
        loads[target] += items[index].cost
        parts[target].append(index)
    return [[items[k] for k in sorted(part)] for part in parts]


def select(items: Sequence[T], shard: tuple[int, int]) -> list[T]:
    i, n = shard
    return assign(items, n)[i - 1]


def shard_count(total_cost: float) -> int:
    """How many machines CI spreads the build over: one per COST_PER_SHARD, at most MAX_SHARDS."""
    return max(1, min(MAX_SHARDS, math.ceil(total_cost / COST_PER_SHARD)))


def write_part(root: Path, out_dir: Path, shard: tuple[int, int], entries: dict[str, dict[str, object]]) -> Path:
    """A copy of this shard's outputs and its manifest part in STAGE_DIR (emptied first): CI uploads that folder,
    never the shard's build/kits/, which may hold files of another split restored from the cache."""
    i, n = shard
    name = PART.format(i=i, n=n)
    text = json.dumps(dict(sorted(entries.items())), indent=2) + "\n"
    stage = root / STAGE_DIR
    shutil.rmtree(stage, ignore_errors=True)
    for entry in entries.values():
        target = stage / str(entry["file"])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(out_dir / str(entry["file"]), target)
    stage.mkdir(parents=True, exist_ok=True)
    (stage / name).write_text(text, encoding="utf-8")
    return stage


def assemble(out_dir: Path, expected: list[str], manifest_name: str) -> list[str]:
    """Fold the shards' manifest parts in `out_dir` into the manifest; the problems (an output missing, or built
    by two shards, or a part of another split) or [] when the shards covered `expected` exactly once."""
    parts = sorted(out_dir.glob(PART_GLOB))
    if not parts:
        return [f"{out_dir}: no shard manifest ({PART_GLOB}): download the shards' artifacts into it first"]
    counts = {int(m.group(1)) for p in parts if (m := re.search(r"-of-(\d+)\.json$", p.name))}
    if len(counts) != 1 or len(parts) != next(iter(counts)):
        return [f"{out_dir}: the parts {', '.join(p.name for p in parts)} are not the N parts of one split"]
    seen: dict[str, str] = {}
    merged: dict[str, dict[str, object]] = {}
    problems = []
    for part in parts:
        for key, entry in json.loads(part.read_text(encoding="utf-8")).items():
            file = str(entry["file"])
            if file in seen:
                problems.append(f"{file}: built by two shards ({seen[file]} and {part.name})")
            seen[file] = part.name
            if not (out_dir / file).is_file():
                problems.append(f"{file}: listed in {part.name} but not downloaded")
            merged[key] = entry
    problems += [f"{file}: built by no shard" for file in expected if file not in seen]
    if problems:
        return problems
    path = out_dir / manifest_name
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    manifest.update(merged)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(dict(sorted(manifest.items())), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    for part in parts:
        part.unlink()
    return []
