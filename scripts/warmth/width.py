"""How wide a text shows in a terminal or a spreadsheet column: CJK characters take two."""

from __future__ import annotations


def display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """The text followed by spaces up to `width` columns."""
    return text + " " * max(0, width - display_width(text))
