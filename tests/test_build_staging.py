"""`warmth build` killed at any moment leaves nothing `git status` shows, never leaves the
internal workbook (names and phones) outside build/, keeps the last good site, and the next
build succeeds and clears what the killed one left. Output folders that would mix the
internal workbooks into the site, or replace the repository's own folders, are refused."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, git, make_repo

# progress lines of a build, in order; killing right after each one stops it in that phase
PHASES = ("检查全部数据", "生成空白表格", "生成公开工作簿和数据文件", "生成通知页面和填报指南",
          "运行 mkdocs build", "生成内部工作簿", "替换网站和工作簿")
DELAYS_MS = (50, 400, 1500, 3000, 6000)


def build_cmd(*extra: str) -> list[str]:
    return [sys.executable, "-m", "warmth.cli", "build", *extra]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with the project's .gitignore, committed, and built once (a good site)."""
    root = make_repo(tmp_path_factory.mktemp("kill") / "repo", commit=False)
    shutil.copy2(ROOT / ".gitignore", root / ".gitignore")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "demo data")
    r = subprocess.run(build_cmd(), cwd=root, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return root


def start(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(build_cmd(), cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "WARMTH_PROGRESS": "1"}, start_new_session=True)


def kill(proc: subprocess.Popen[str]) -> None:
    """SIGKILL to the build and its mkdocs process, as when a CI job is cancelled."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def kill_after_phase(root: Path, phase: str) -> bool:
    """Kill the build right after it announces phase; False if it finished first."""
    proc = start(root)
    assert proc.stderr is not None
    for line in proc.stderr:
        if phase in line:
            kill(proc)
            return True
    proc.wait(timeout=600)
    return False


def kill_after_ms(root: Path, ms: int) -> None:
    proc = start(root)
    time.sleep(ms / 1000)
    kill(proc)


def internal_outside_build(root: Path) -> list[Path]:
    build = root / "build"
    return [p for p in root.rglob("*-internal.xlsx") if not p.is_relative_to(build)]


def assert_clean(root: Path, site_index: bytes | None) -> None:
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert internal_outside_build(root) == []
    if site_index is not None:
        assert (root / "site" / "index.html").read_bytes() == site_index, "the last good site stays"


@pytest.mark.parametrize("phase", PHASES)
def test_build_killed_in_each_phase_leaves_nothing(repo: Path, phase: str) -> None:
    before = (repo / "site" / "index.html").read_bytes()
    assert kill_after_phase(repo, phase), f"the build never reached {phase}"
    assert_clean(repo, before if phase != "替换网站和工作簿" else None)


@pytest.mark.parametrize("ms", DELAYS_MS)
def test_build_killed_after_some_milliseconds_leaves_nothing(repo: Path, ms: int) -> None:
    kill_after_ms(repo, ms)
    assert_clean(repo, None)


def test_next_build_succeeds_and_clears_what_killed_builds_left(repo: Path) -> None:
    for phase in ("生成公开工作簿和数据文件", "生成内部工作簿"):
        kill_after_phase(repo, phase)
    left = list(repo.glob(".warmth-build-*")) + list((repo / "build").glob(".warmth-build-*"))
    assert left, "a killed build leaves its (ignored) staging folders"
    r = subprocess.run(build_cmd(), cwd=repo, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert not list(repo.glob(".warmth-build-*")) and not list((repo / "build").glob(".warmth-build-*"))
    campaigns = {p.parent.name for p in (repo / "submissions").glob("*/campaign.yaml")}
    assert {"2021-spring", "2022-spring"} <= campaigns  # one internal workbook per campaign
    assert {p.name for p in (repo / "build").glob("*-internal.xlsx")} == {f"{c}-internal.xlsx" for c in campaigns}
    assert_clean(repo, None)
    assert (repo / "site" / "index.html").is_file()


# -- output folders ------------------------------------------------------------------------

REFUSED = [
    ("site", "site", "不能相同"),
    ("out", "out", "不能相同"),
    ("site", "site/internal", "不能在网站文件夹"),
    ("site", "site/a/b", "不能在网站文件夹"),
    ("out/site", "out", "不能在内部工作簿文件夹"),
    ("build/site", "build", "不能在内部工作簿文件夹"),
    (".", "build", "不能是仓库本身"),
    ("site", ".", "不能是仓库本身"),
    ("site", "..", "不能是仓库本身或它的上级"),
    ("..", "build", "不能是仓库本身或它的上级"),
    ("docs/site", "build", "不能放在 docs/ 里"),
    ("site", "docs", "不能放在 docs/ 里"),
    ("site", "docs/build", "不能放在 docs/ 里"),
    ("submissions/site", "build", "不能放在 submissions/ 里"),
    ("site", "submissions", "不能放在 submissions/ 里"),
    ("site", "submissions/2022-spring/x", "不能放在 submissions/ 里"),
    ("site", "schemas/out", "不能放在 schemas/ 里"),
    ("site", ".git/out", "不能放在 .git/ 里"),
]


@pytest.mark.parametrize(("site_dir", "build_dir", "says"), REFUSED)
def test_output_folders_that_mix_or_destroy_are_refused(tmp_path: Path, site_dir: str, build_dir: str, says: str) -> None:
    root = make_repo(tmp_path / "repo")
    before = git(root, "status", "--porcelain", "--untracked-files=all")
    r = subprocess.run(build_cmd("--site-dir", site_dir, "--build-dir", build_dir), cwd=root,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 2, r.stderr
    assert says in r.stderr and "Traceback" not in r.stderr
    assert git(root, "status", "--porcelain", "--untracked-files=all") == before
    assert not (root / "site").exists() and not (root / "build").exists()


def test_output_folders_given_as_absolute_or_symlinked_paths_are_refused_too(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (tmp_path / "link").symlink_to(root / "docs")
    for site_dir, build_dir in ((str(root / "site"), str(root / "site" / "x")),
                                (str(tmp_path / "link" / "site"), "build"),
                                ("site", str(tmp_path / "link"))):
        r = subprocess.run(build_cmd("--site-dir", site_dir, "--build-dir", build_dir), cwd=root,
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 2 and "Traceback" not in r.stderr, (site_dir, build_dir, r.stderr)


class _Killed(BaseException):
    """Stands for SIGKILL in the middle of a removal (not an OSError: nothing swallows it)."""


def _staging_like_a_build(parent: Path) -> Path:
    from warmth.excel.atomic import staging_dir

    work = staging_dir(parent)
    for rel in ("mkdocs.yml", "docs/index.md", "docs/data/2022-spring/index.md", "site/index.html",
                "site/assets/a.js", "site/search/search_index.json", "previous-site/index.html",
                "2022-spring-internal.xlsx"):
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text("x", encoding="utf-8")
    return work


@pytest.mark.parametrize("how", ["cleanup", "stale"])
def test_removal_of_a_staging_folder_cut_short_anywhere_leaves_nothing_git_shows(tmp_path: Path, how: str,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A build killed while it removes its own staging folder, or a killed build's left over
    one: whatever is left after any number of deletions stays ignored."""
    from warmth.excel import atomic

    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    (root / "a.txt").write_text("a", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a")
    deletions = 0
    real_unlink, real_rmdir = os.unlink, os.rmdir
    for stop_after in range(40):
        work = _staging_like_a_build(root)
        if how == "stale":  # named after a build that is no longer running
            work = work.rename(root / f"{atomic.STAGING_PREFIX}999999999-x")
        count = 0

        def counted(real, *a, limit=stop_after, **k):  # type: ignore[no-untyped-def]
            nonlocal count
            if count >= limit:
                raise _Killed
            count += 1
            return real(*a, **k)

        monkeypatch.setattr(os, "unlink", lambda *a, **k: counted(real_unlink, *a, **k))
        monkeypatch.setattr(os, "rmdir", lambda *a, **k: counted(real_rmdir, *a, **k))
        try:
            if how == "cleanup":
                atomic.remove_staging(work)
            else:
                atomic.remove_stale_staging(root)
            finished = True
        except _Killed:
            finished = False
        monkeypatch.undo()
        assert git(root, "status", "--porcelain", "--untracked-files=all") == "", (how, stop_after)
        if finished:
            assert not work.exists()
            deletions = stop_after
            break
        atomic.remove_staging(work)
    assert deletions >= 10, "every point of a whole removal was tried"


# -- an output folder of the user's choosing -------------------------------------------------

def _fresh(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo", commit=False)
    shutil.copy2(ROOT / ".gitignore", root / ".gitignore")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "demo data")
    return root


@pytest.mark.parametrize("output", ["out", "reports/2022/internal", "build/sub", "OUTSIDE"])
def test_aggregate_into_any_folder_leaves_nothing_git_shows(tmp_path: Path, output: str) -> None:
    """Wherever -o puts the internal workbook inside the working tree, Git ignores it; a folder
    Git already ignores, or one outside the repository, is left as it is."""
    root = _fresh(tmp_path)
    target = tmp_path / "elsewhere" if output == "OUTSIDE" else root / output
    r = subprocess.run([sys.executable, "-m", "warmth.cli", "aggregate", "2022-spring", "-o", str(target)],
                       cwd=root, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert (target / "2022-spring-internal.xlsx").is_file()
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert (target / ".gitignore").exists() == (output in ("out", "reports/2022/internal"))
    assert (root / ".gitignore").read_text(encoding="utf-8") == (ROOT / ".gitignore").read_text(encoding="utf-8")


def test_build_with_its_own_build_folder_leaves_nothing_git_shows(tmp_path: Path) -> None:
    root = _fresh(tmp_path)
    r = subprocess.run(build_cmd("--build-dir", "internal"), cwd=root, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert (root / "internal" / "2022-spring-internal.xlsx").is_file()
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
