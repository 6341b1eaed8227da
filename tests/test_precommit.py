"""The pre-commit hook this repository offers (.pre-commit-hooks.yaml), tried from a copy of
the demo data exactly as an adopting repository would run it: `pre-commit try-repo`.

pre-commit builds its own virtualenv and installs this package into it (from the committed
HEAD of this repository, packages from the configured index), so each run takes a while.
try-repo keeps that environment in a throw-away store; PRE_COMMIT_HOME only keeps its log
out of the user's home."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, git

REQUIRE_ALL = os.environ.get("WARMTH_REQUIRE_ALL") == "1"


def _pre_commit() -> str | None:
    exe = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    return exe if Path(exe).is_file() else None


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    exe = _pre_commit()
    if exe is None or not (ROOT / ".git").exists():
        why = "pre-commit not installed" if exe is None else f"{ROOT} is not a Git checkout"
        if REQUIRE_ALL:
            pytest.fail(f"pre-commit try-repo cannot run: {why}")
        pytest.skip(why)
    # the committed HEAD: the hook as an adopter gets it (and one install for both tests)
    head = git(ROOT, "rev-parse", "HEAD").strip()
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [exe, "try-repo", str(ROOT), "warmth-validate", "--ref", head, "--all-files"],
        cwd=repo, capture_output=True, text=True, env=env, timeout=1200,
    )


def test_hook_manifest() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "warmth-validate"]
    assert hook["language"] == "python" and hook["entry"] == "warmth validate"
    rx = re.compile(hook["files"])
    for p in ("submissions/2022-spring/qinglan.yaml", "submissions/units.yaml", "schemas/forms/swn-2022.yaml",
              # files that must not be under submissions/ reach the hook, which names them
              "submissions/2022-spring/README.md", "submissions/2022-spring/x.yml", "submissions/x/y/z.json",
              "submissions/.gitkeep"):
        assert rx.search(p), p
    for p in ("docs/index.md", "scripts/warmth/cli.py", "schemas/generated/x.json", "schemas/forms/README.md"):
        assert not rx.search(p), p
    assert set(hook["types_or"]) == {"file", "symlink"}  # a link is passed on, to be refused


def test_try_repo_passes_on_demo(demo: Path, pre_commit_home: Path) -> None:
    proc = _try_repo(demo, pre_commit_home)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Passed" in proc.stdout


def test_try_repo_fails_on_broken_submission(demo: Path, pre_commit_home: Path) -> None:
    path = demo / "submissions" / "2022-spring" / "qinglan-donghu.yaml"
    text = path.read_text(encoding="utf-8")
    broken = re.sub(r"(?m)^(    B: +)\S+", r"\g<1>1", text, count=1)  # B no longer B1 + ... + B6
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    git(demo, "add", "-A")
    proc = _try_repo(demo, pre_commit_home)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Failed" in proc.stdout
    assert "submissions/2022-spring/qinglan-donghu.yaml" in proc.stdout
    assert "B-sum" in proc.stdout


def test_try_repo_names_files_that_do_not_belong(demo: Path, pre_commit_home: Path) -> None:
    folder = demo / "submissions" / "2022-spring"
    (folder / "README.md").write_text("说明\n", encoding="utf-8")
    os.symlink("../units.yaml", folder / "qinglan-gaoxin.yaml")
    git(demo, "add", "-A")
    proc = _try_repo(demo, pre_commit_home)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    for rel, rule in (("submissions/2022-spring/README.md", "stray-file"), ("submissions/2022-spring/qinglan-gaoxin.yaml", "file-symlink")):
        assert f"{rel}:1:1: 错误 [{rule}]" in proc.stdout, proc.stdout[-3000:]
