"""Whole or nothing: every output goes to a temporary file beside its target, then os.replace."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_UMASK = os.umask(0)
os.umask(_UMASK)

@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path in path's folder; on success move it into place, else remove it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def save_workbook(wb: Any, path: Path) -> Path:
    with replacing(path) as tmp:
        wb.save(tmp)
    return path


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    with replacing(path) as tmp:
        tmp.write_text(text, encoding=encoding, newline="")
    return path


def write_with(path: Path, writer: Callable[[Path], None]) -> Path:
    with replacing(path) as tmp:
        writer(tmp)
    return path


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
    removed = []
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
