"""The code's own checks, run by the suite so that CI enforces them: mypy over the package
(configured in pyproject.toml, strict) and ruff over the code and the tests. Each fails with
the tool's own output."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from .conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_mypy_finds_no_errors() -> None:
    proc = _run("mypy")
    assert proc.returncode == 0, proc.stdout[-20000:] + proc.stderr[-5000:]
    assert "Success: no issues found" in proc.stdout


def test_ruff_finds_nothing() -> None:
    proc = _run("ruff", "check", "scripts", "tests", "benchmarks")
    assert proc.returncode == 0, proc.stdout[-20000:] + proc.stderr[-5000:]


def test_types_are_not_switched_off() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True and config["files"] == ["scripts/warmth"]
    overrides = config.get("overrides", [])
    assert not [o for o in overrides if o.get("ignore_errors") or o.get("ignore_missing_imports")]
    bare = re.compile(r"#\s*type:\s*ignore(?!\[)|#\s*mypy:")  # an ignore without a code, or a file's own settings
    found = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "scripts" / "warmth").rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if bare.search(line)]
    assert found == []


def test_pre_commit_runs_mypy_from_the_environment() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for r in config["repos"] if r["repo"] == "local" for h in r["hooks"] if h["id"] == "mypy"]
    assert hook["entry"].split()[0] == "mypy" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "scripts/warmth/cli.py") and not re.search(hook["files"], "tests/test_quality.py")
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["test"]
    assert any(re.fullmatch(r"mypy==[0-9.]+", p) for p in pins)
