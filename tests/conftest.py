"""Shared fixtures: a throw-away copy of the demo repository (a real Git repository) and a
runner for the real `warmth` command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_DIRS = ("submissions", "schemas", "docs")
DATA_FILES = ("mkdocs.yml",)


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full_env = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.org",
                "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.org", **(env or {})}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=full_env).stdout


def make_repo(dest: Path, commit: bool = True) -> Path:
    """Copy the demo data into dest and (by default) commit it on a fresh main branch."""
    dest.mkdir(parents=True, exist_ok=True)
    for d in DATA_DIRS:
        if (ROOT / d).is_dir():
            shutil.copytree(ROOT / d, dest / d)
    for f in DATA_FILES:
        if (ROOT / f).is_file():
            shutil.copy2(ROOT / f, dest / f)
    if commit:
        subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True)
        git(dest, "add", "-A")
        git(dest, "commit", "-qm", "demo data")
    return dest


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A committed copy of the demo repository to change freely."""
    return make_repo(tmp_path / "repo")


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_warmth(*args: str, cwd: Path, input_text: str | None = None,
               env: dict[str, str] | None = None) -> Result:
    """Run the installed command as a user would, in its own process: outside GitHub Actions
    (even when the tests themselves run there) unless env says otherwise."""
    base = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    proc = subprocess.run(
        [sys.executable, "-m", "warmth.cli", *args], cwd=cwd, capture_output=True, text=True,
        input=input_text, timeout=600, env={**base, **(env or {})},
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def warmth():
    return run_warmth


PLANTED = "<script>window.__pwned = 1; alert('x')</script> **粗体** [链接](http://example.com/x) <img src=x onerror=alert(1)>"
PLANTED_UNIT = "qinglan-donghu"
PLANTED_CAMPAIGN = "2022-spring"


def plant(repo: Path) -> None:
    """Put HTML and Markdown into one narrative and one explanation-free report."""
    path = repo / "submissions" / PLANTED_CAMPAIGN / f"{PLANTED_UNIT}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"report: \|\n", lambda m: m[0] + f"  {PLANTED}\n", text, count=1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, with HTML planted in a narrative, built once by `warmth build` (read only)."""
    repo = make_repo(tmp_path_factory.mktemp("site") / "repo")
    plant(repo)
    res = run_warmth("build", cwd=repo)
    assert res.code == 0, res.err + res.out
    return repo
