"""Staging folders for a build. Single files are written by warmth.atomic."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# -- folders that hold the internal workbook ------------------------------------------------

def keep_out_of_git(folder: Path, root: Path) -> bool:
    """Make sure Git ignores folder when it lies inside the working tree at root: an output
    folder other than build/ (which the repository's .gitignore covers) gets a .gitignore of
    "*", so the internal workbook (names and phones) never shows in `git status` nor goes
    into a commit made with `git add -A`. True if it wrote one."""
    import subprocess

    folder, root = folder.resolve(), root.resolve()
    if folder == root or not folder.is_relative_to(root):
        return False  # the root itself: the repository's own .gitignore is not ours to replace
    probe = folder / "2000-spring-internal.xlsx"
    try:
        ignored = subprocess.run(["git", "-C", str(root), "check-ignore", "-q", "--no-index", str(probe)],
                                 capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ignored = False
    marker = folder / ".gitignore"
    if ignored or marker.exists() or marker.is_symlink():
        return False
    folder.mkdir(parents=True, exist_ok=True)
    marker.write_text("*\n", encoding="utf-8")
    return True


# -- staging folders -------------------------------------------------------------------------
# A build stages its work beside where it ends up (so that the final moves are renames on one
# file system). Each staging folder holds a .gitignore of "*": whatever a killed build leaves
# behind stays out of `git status`, and the next build removes it.

STAGING_PREFIX = ".warmth-build-"


def staging_dir(parent: Path) -> Path:
    """A new, empty-to-Git staging folder in parent, named after this process."""
    parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=parent))
    (path / ".gitignore").write_text("*\n", encoding="utf-8")  # an empty folder Git shows not
    return path


def remove_staging(path: Path) -> None:
    """Remove a staging folder with its .gitignore last: a removal cut short (the build killed
    while it cleans up) leaves what is left still ignored, never files `git status` shows."""
    import shutil

    try:
        children = list(path.iterdir())
    except OSError:
        return
    for child in children:
        if child.name == ".gitignore":
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    (path / ".gitignore").unlink(missing_ok=True)
    import contextlib

    with contextlib.suppress(OSError):  # something left (or added meanwhile): the folder stays
        path.rmdir()


def _running(pid: int) -> bool:
    if os.name != "posix":
        return True  # no harmless liveness probe there (os.kill would terminate): keep it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def remove_stale_staging(parent: Path) -> list[Path]:
    """Remove staging folders in parent left by builds that are no longer running."""
    removed: list[Path] = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(STAGING_PREFIX) and p.is_dir()]
    except OSError:
        return removed
    for p in candidates:
        pid = p.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            remove_staging(p)
            removed.append(p)
    return removed
