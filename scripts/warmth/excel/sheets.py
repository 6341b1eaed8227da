"""Sheet helpers shared by the campaign workbooks and the templates: page setup, widths."""

from __future__ import annotations

import math
from typing import Any

from openpyxl.utils import get_column_letter

from ..width import display_width

A4 = "9"


def setup_page(ws: Any, landscape: bool = False, title_rows: str | None = None) -> None:
    """A4, fit to one page wide, repeated heading rows."""
    ws.page_setup.paperSize = A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows


def protect(ws: Any) -> None:
    """Lock all but the unlocked (input) cells, so codes, labels and totals stay as import
    reads them; no password, and rows and columns may still be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def widths(ws: Any, values: list[float]) -> None:
    for n, w in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(n)].width = w


def fit(texts: list[str], minimum: float = 8, maximum: float = 40) -> float:
    return max(minimum, min(maximum, max((display_width(t) for t in texts), default=0) + 2))


def row_height(text: str, width: float, line: float = 15.0) -> float:
    """Height for wrapped text in a column of the given width."""
    per_line = max(1.0, width - 2)
    lines = sum(max(1, math.ceil(display_width(part) / per_line)) for part in text.split("\n"))
    return max(1, lines) * line + 3


def col(n: int) -> str:
    return get_column_letter(n)
