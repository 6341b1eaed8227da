"""Output that a GitHub Actions runner reads: nothing warmth prints may act as a workflow command.

The runner reads every line a step prints (lines end at LF, CR or CRLF). A line that starts with
``::`` after leading blanks is a command (``::error``, ``::add-mask``, ``::stop-commands``...),
and so is any line holding ``##[`` anywhere (the legacy form). File names, unit names and
values come from pull requests, so in a GitHub context (``GITHUB_ACTIONS=true``):

- values printed inside a line go through :func:`value`: ``%``, CR and LF written as
  ``%25``, ``%0D`` and ``%0A``, the runner's own escapes, so a value cannot start a line;
- every line printed on stdout and stderr goes through :class:`SafeStream`: a leading ``::``
  is written ``%3A%3A`` and ``##[`` is written ``%23%23[``;
- only the annotations that :mod:`warmth.reporters.github` builds (properties and message
  escaped by :func:`escape_property` and :func:`escape_data`) are written as commands.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from collections.abc import Iterator
from typing import TextIO

_LINE_END = re.compile(r"\r\n|\r|\n")
_LEADING_COMMAND = re.compile(r"^(\s*)::")
LEGACY_PREFIX = "##["


def active() -> bool:
    """True when warmth runs in a GitHub Actions step."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def escape_data(s: str) -> str:
    """The message of a workflow command (GitHub's escaping for data)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """A property value of a workflow command (file=..., title=...)."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def value(s: object) -> str:
    """A value from a repository inside a printed line: in a GitHub context % CR LF are
    escaped so the value stays on its line; elsewhere it is printed as it is."""
    text = str(s)
    return escape_data(text) if active() else text


def inert(line: str) -> str:
    """One physical line (no CR or LF in it) that the runner reads as text, never as a command."""
    line = _LEADING_COMMAND.sub(lambda m: m[1] + "%3A%3A", line, count=1)
    return line.replace(LEGACY_PREFIX, "%23%23[")


class SafeStream(io.TextIOBase):
    """A text stream that writes every line inert (see :func:`inert`); :meth:`command`
    writes a line that warmth built as a workflow command."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw
        self._pending = ""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", "utf-8") or "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def write(self, s: str) -> int:
        text = self._pending + s
        parts = _LINE_END.split(text)
        ends = _LINE_END.findall(text)
        self._pending = parts.pop()  # the unfinished last line waits for its end
        self.raw.write("".join(inert(p) + e for p, e in zip(parts, ends, strict=True)))
        return len(s)

    def command(self, text: str) -> None:
        """Lines that are workflow commands on purpose, written as they are (on a line of
        their own)."""
        if self._pending:
            self.raw.write(inert(self._pending) + "\n")
            self._pending = ""
        self.raw.write(text)

    def flush(self) -> None:
        # an unfinished line stays here: written now, its end could join a later write into
        # a line that starts with a command
        self.raw.flush()

    def finish(self) -> None:
        """Write the unfinished last line, if any (at the end of the command)."""
        if self._pending:
            self.raw.write(inert(self._pending))
            self._pending = ""
        self.raw.flush()


def write_commands(text: str, stream: TextIO | None = None) -> None:
    """Write workflow commands warmth built itself (annotations), bypassing the line guard."""
    out = stream or sys.stdout
    if isinstance(out, SafeStream):
        out.command(text)
    else:
        out.write(text)


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """In a GitHub context, stdout and stderr write every line inert while inside."""
    if not active() or isinstance(sys.stdout, SafeStream):
        yield
        return
    old_out, old_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(old_out), SafeStream(old_err)
    try:
        yield
    finally:
        for s in (sys.stdout, sys.stderr):
            if isinstance(s, SafeStream):
                with contextlib.suppress(Exception):
                    s.finish()
        sys.stdout, sys.stderr = old_out, old_err
