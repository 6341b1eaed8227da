"""Sheet helpers shared by the campaign workbooks and the templates: page setup, widths, the
signature lines a printed sheet ends with, and the XlsxWriter workbook behind a save."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import IO, Any

from openpyxl.utils import get_column_letter

from ..width import display_width

A4 = 9
# what XlsxWriter must never do by itself: turn a string into a formula, a number or a link
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
SIGN_GAP = "　" * 8  # room to write a name by hand


class Book:
    """A workbook to be written: fill(workbook) runs when it is saved, into the file given.

    XlsxWriter writes its file in one go at close(); building the workbook only at save time
    keeps warmth.atomic's contract (the document saves itself to the open temporary file)."""

    def __init__(self, fill: Callable[[Any], None]) -> None:
        self.fill = fill

    def save(self, filename: IO[bytes]) -> None:
        import xlsxwriter  # type: ignore[import-untyped]  # XlsxWriter ships no type information

        wb = xlsxwriter.Workbook(filename, WORKBOOK_OPTIONS)
        try:
            self.fill(wb)
        finally:
            wb.close()


def setup_page(ws: Any, landscape: bool = False, title_rows: tuple[int, int] | None = None,
               columns: int | None = None, last_row: int | None = None, fit_width: bool = True) -> None:
    """A4, fit to one page wide, repeated heading rows (1-based, inclusive); with columns and
    last_row, the print area is A1 to that corner (so helper columns and notes do not print)."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if fit_width:
        ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    ws.center_horizontally()
    ws.set_footer("&C第 &P 页，共 &N 页")
    if title_rows:
        ws.repeat_rows(title_rows[0] - 1, title_rows[1] - 1)
    if columns and last_row:
        ws.print_area(0, 0, last_row - 1, columns - 1)


def protect(ws: Any) -> None:
    """Lock all but the unlocked (input) cells, so codes, labels and totals stay as import
    reads them; no password, and rows and columns may still be resized."""
    ws.protect("", {"format_columns": True, "format_rows": True})


def widths(ws: Any, values: Sequence[float]) -> None:
    for n, w in enumerate(values):
        ws.set_column(n, n, w)


def height(ws: Any, row: int, value: float) -> None:
    """Row height in points of a 1-based row."""
    ws.set_row(row - 1, value)


def fit(texts: list[str], minimum: float = 8, maximum: float = 40) -> float:
    return max(minimum, min(maximum, max((display_width(t) for t in texts), default=0) + 2))


def row_height(text: str, width: float, line: float = 15.0) -> float:
    """Height for wrapped text in a column of the given width."""
    per_line = max(1.0, width - 2)
    lines = sum(max(1, math.ceil(display_width(part) / per_line)) for part in text.split("\n"))
    return max(1, lines) * line + 3


def col(n: int) -> str:
    return get_column_letter(n)


def sign_lines(fields: list[str]) -> str:
    """One line of a printed form's signature block: "制表人：　　　　　审核人：　　……"."""
    return "　　".join(f"{f}：{SIGN_GAP}" for f in fields)
