"""Whole or nothing: every file warmth writes goes to a fresh temporary file beside its target,
then os.replace puts it in place, so a reader never sees half a file and a failure leaves the
old one as it was.

The temporary file is made by tempfile.mkstemp (a new, unguessable name opened with O_EXCL:
a link planted in the folder is never followed) and written through that open descriptor, never
reopened by name. os.replace swaps the directory entry: a target that is a symbolic link is
replaced by the new file, the file it pointed to is left alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

_UMASK = os.umask(0)
os.umask(_UMASK)
MODE = 0o666 & ~_UMASK  # what open() would give a new file


@contextmanager
def replacing(path: Path) -> Iterator[IO[bytes]]:
    """Yield a binary file to write path's new content to; on success it replaces path, on
    any failure it is removed and path is untouched. Missing folders are made."""
    import tempfile  # here, not above: `warmth validate` starts without it (and random, shutil)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            os.fchmod(fh.fileno(), MODE)  # mkstemp makes it 0600
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> Path:
    with replacing(path) as fh:
        fh.write(data)
    return path


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """The text as it is (no newline translation), in the given encoding."""
    return write_bytes(path, text.encode(encoding))


def write_with(path: Path, writer: Callable[[IO[bytes]], object]) -> Path:
    """What writer writes to the binary file it is given (a serializer's dump, say)."""
    with replacing(path) as fh:
        writer(fh)
    return path


class Saveable(Protocol):
    """A document that saves itself to a binary file (a workbook: warmth.excel.sheets.Book)."""

    def save(self, filename: IO[bytes]) -> None: ...


def save_workbook(wb: Saveable, path: Path) -> Path:
    return write_with(path, wb.save)
