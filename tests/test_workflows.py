"""The GitHub workflows: valid and free of known insecure patterns (zizmor, offline), least privilege, and the
commands they run work here too: the test runs them (`make test` itself is what .ci/run runs)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kit.config import ROOT

WORKFLOWS = {path.stem: path for path in sorted((ROOT / ".github" / "workflows").glob("*.yml"))}


def load(name: str) -> dict:
    data = yaml.safe_load(WORKFLOWS[name].read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def runs(name: str) -> list[str]:
    return [step["run"] for job in load(name)["jobs"].values() for step in job.get("steps", []) if "run" in step]


def test_zizmor_finds_nothing():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is a test dependency (requirements.lock)"
    result = subprocess.run([zizmor, "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_least_privilege_and_no_pull_request_target():
    assert set(WORKFLOWS) == {"pull-request", "deploy", "links", "toolchain"}
    for name in WORKFLOWS:
        workflow = load(name)
        assert workflow["permissions"] == {"contents": "read"}, name
        assert "pull_request_target" not in workflow["on"], name
        assert "secrets." not in WORKFLOWS[name].read_text(encoding="utf-8"), name
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    assert set(load("pull-request")["on"]) == {"pull_request"}
    assert set(load("links")["on"]) == {"schedule", "workflow_dispatch"}  # never on a pull request
    assert set(load("toolchain")["on"]) == {"schedule", "workflow_dispatch"}
    assert load("links")["jobs"]["links"]["permissions"] == {"contents": "read", "issues": "write"}
    assert load("deploy")["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_pull_requests_and_deploys_run_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme
    assert "make test" in runs("pull-request")
    assert ".ci/run" in runs("deploy")
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    names = {step.get("with", {}).get("name") for job in load("pull-request")["jobs"].values() for step in job["steps"]}
    assert {"site", "kits"} <= names  # the two previews an editor downloads


def test_the_pull_request_commands_run_here(tmp_path):
    """Each `build_kit.py` line of the pull-request workflow, run here as the runner would run it; the shard build
    and the assembly (which need the whole matrix and the shards' artifacts) are checked by the next test."""
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "BASE": "HEAD"}
    commands = [
        line.strip() for script in runs("pull-request") for line in script.splitlines() if "build_kit.py" in line
    ]
    heavy = [c for c in commands if "build_kit.py build" in c or "build_kit.py assemble" in c]
    assert heavy == ['.venv/bin/python build_kit.py build --shard "$SHARD"', ".venv/bin/python build_kit.py assemble"]
    light = [c for c in commands if c not in heavy]
    assert len(light) == 4  # check --changed, list --json, status, list
    for command in light:
        command = command.replace(".venv/bin/python", sys.executable).removesuffix("|| true").strip()
        command = command.replace("> matrix.json", f"> {tmp_path / 'matrix.json'}")
        result = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    text = summary.read_text(encoding="utf-8")
    assert "All checks passed." in text or "- [ ]" in text
    assert "up to date" in text or "outdated" in text
    shards = json.loads((tmp_path / "matrix.json").read_text(encoding="utf-8"))["shards"]
    n = len(shards)
    assert shards == [{"shard": f"{i}/{n}", "name": f"{i}-of-{n}"} for i in range(1, n + 1)]


@pytest.mark.parametrize("name", ["pull-request", "deploy"])
def test_the_kits_are_built_on_a_matrix_of_shards_with_their_cache_and_assembled(name):
    jobs = load(name)["jobs"]
    plan, kits, build = jobs["plan"], jobs["kits"], jobs["build"]
    assert "build_kit.py list --json" in "\n".join(s.get("run", "") for s in plan["steps"])
    assert plan["outputs"]["shards"] == "${{ steps.plan.outputs.shards }}"
    assert (
        kits["needs"] == "plan"
        and kits["strategy"]["matrix"]["include"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    )
    steps = kits["steps"]
    [cache] = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == "build/kits"
    for inputs in ("content/**", "strings/**", "kit/**", "mkdocs.yml", "requirements.lock"):
        assert f"'{inputs}'" in cache["with"]["key"], inputs  # the key changes with the inputs; the manifest decides
    assert cache["with"]["key"].startswith("kits-${{ matrix.name }}-${{ hashFiles(")
    assert cache["with"]["restore-keys"] == "kits-${{ matrix.name }}-"
    [shard] = [s for s in steps if "--shard" in s.get("run", "")]
    assert shard["env"] == {"SHARD": "${{ matrix.shard }}"}  # no expression inside the script
    assert steps.index(cache) < steps.index(shard)
    [upload] = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "build/shard/" and upload["with"]["name"] == "kits-shard-${{ matrix.name }}"
    assert build["needs"] == "kits"
    [download] = [s for s in build["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    assert download["with"] == {"pattern": "kits-shard-*", "merge-multiple": True, "path": "build/kits/"}
    script = "\n".join(s.get("run", "") for s in build["steps"])
    tests = "make test" if name == "pull-request" else ".ci/run"
    assert script.index("build_kit.py assemble") < script.index(tests)
    for job in (plan, kits, build):
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    for job in (kits, build):  # each file's edition line is the last commit of its inputs: the whole history
        [checkout] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
        assert checkout["with"]["fetch-depth"] == 0


def test_the_toolchain_job_is_advisory_and_guards_mkdocs_yml_first():
    job = load("toolchain")["jobs"]["properdocs"]
    assert job["continue-on-error"] is True  # it reports, it never blocks
    script = "\n".join(runs("toolchain"))
    assert script.index("build_kit.py check") < script.index("properdocs build")  # the guard reads mkdocs.yml first
    assert "--require-hashes -r .github/properdocs.txt" in script
    assert "kit.sitediff" in script


def test_sitediff_reports_what_differs_between_two_builds(tmp_path):
    from kit.sitediff import compare, report

    a, b = tmp_path / "a", tmp_path / "b"
    for site, generator, body in ((a, "mkdocs-1.6.1", "<p>Same</p>"), (b, "properdocs-1.6.7", "<p>Other</p>")):
        (site / "fr").mkdir(parents=True)
        (site / "index.html").write_text(f'<meta name="generator" content="{generator}">\n<p>Same</p>')
        (site / "fr" / "index.html").write_text(body)
    (a / "only.js").write_text("x")
    only_a, only_b, changed = compare(a, b)
    assert (only_a, only_b, list(changed)) == (["only.js"], [], ["fr/index.html"])  # the generator is set aside
    assert "- files that differ: 1" in report(a, b)
