"""Staging folders for a build. Single files are written by warmth.atomic."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
    import shutil

    removed: list[Path] = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(STAGING_PREFIX) and p.is_dir()]
    except OSError:
        return removed
    for p in candidates:
        pid = p.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed
