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
