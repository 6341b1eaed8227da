"""Cell writing: formats shared by every workbook, and text that can never become a formula.

The workbooks are written with XlsxWriter. Every value goes through Styler.write, which picks
the typed write call itself (never XlsxWriter's guessing ``write``): text is always a string,
and text starting with "=", "+", "-" or "@" (or their full-width forms) carries Excel's quote
prefix, so editing the cell keeps it text. Only values wrapped in Formula are formulas, and a
formula is written with its computed result, so a reader that does not recalculate (a preview,
a phone, a script) sees the right figure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..forms import MONEY_DECIMALS

# full-width forms too: a spreadsheet with an East Asian input method takes "＝" at the start of
# an edited cell as "="
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MONEY_FORMAT = "#,##0." + "0" * MONEY_DECIMALS
COUNT_FORMAT = "#,##0"
TEXT_FORMAT = "@"
MISSING = "未报"
# characters an .xlsx cannot hold (XML 1.0 forbids them): removed, as openpyxl would refuse them
_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])
MAX_TEXT = 32_767  # Excel's limit on one cell's text

BORDER = {"border": 1, "border_color": "#808080"}
HEADER_FILL = "#D9E1F2"
INPUT_FILL = "#FFF2CC"
TOTAL_FILL = "#EDEDED"
FONT = {"font_name": "宋体", "font_size": 11}


class Formula(str):
    """A string meant as a formula (the only strings written as formulas)."""

    __slots__ = ("result",)
    result: Any  # the value the formula computes, stored beside it (None: not known yet)

    def __new__(cls, text: str, result: Any = None) -> Formula:
        self = super().__new__(cls, text)
        self.result = result
        return self


def _spec(kind: str) -> dict[str, Any]:
    wrap_left = {"align": "left", "valign": "vcenter", "text_wrap": True}
    center = {"align": "center", "valign": "vcenter", "text_wrap": True}
    right = {"align": "right", "valign": "vcenter"}
    base: dict[str, dict[str, Any]] = {
        "title": {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter", "text_wrap": True},
        "note": {"align": "left", "valign": "vcenter"},
        "note_fit": {"align": "left", "valign": "vcenter", "shrink": True},
        "note_wrap": {"align": "left", "valign": "top", "text_wrap": True},
        "sign": {"align": "left", "valign": "vcenter"},
        "header": {"bold": True, "bg_color": HEADER_FILL, **BORDER, **center},
        "text": {**BORDER, **wrap_left},
        "plain": {**BORDER, "align": "left", "valign": "vcenter", "text_wrap": True},
        "bare": {},
        "center": {**BORDER, **center},
        "money": {**BORDER, "num_format": MONEY_FORMAT, **right},
        "count": {**BORDER, "num_format": COUNT_FORMAT, **right},
        "missing": {**BORDER, "italic": True, "font_color": "#595959", **center},  # 7.0:1 on white
        "total_money": {**BORDER, "num_format": MONEY_FORMAT, "bold": True, "bg_color": TOTAL_FILL, **right},
        "total_count": {**BORDER, "num_format": COUNT_FORMAT, "bold": True, "bg_color": TOTAL_FILL, **right},
        "percent": {**BORDER, "num_format": "0.0%", "bold": True, "bg_color": TOTAL_FILL, **center},
        "total_text": {**BORDER, "bold": True, "bg_color": TOTAL_FILL, **center},
        "input_money": {**BORDER, "num_format": MONEY_FORMAT, "bg_color": INPUT_FILL, "locked": False},
        "input_count": {**BORDER, "num_format": COUNT_FORMAT, "bg_color": INPUT_FILL, "locked": False},
        "input_text": {**BORDER, "num_format": TEXT_FORMAT, "bg_color": INPUT_FILL, "locked": False, **wrap_left},
        "input_choice": {**BORDER, "bg_color": INPUT_FILL, "locked": False, **center},
    }
    return base[kind]


class Styler:
    """Writes styled cells into the sheets of one XlsxWriter workbook; each format is made once.

    Rows and columns are 1-based here, as in the layout constants (and in openpyxl, which reads
    the workbooks back); XlsxWriter's own calls are 0-based.
    """

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self._formats: dict[tuple[str, int, bool], Any] = {}

    def fmt(self, kind: str, indent: int = 0, quoted: bool = False) -> Any:
        key = (kind, indent, quoted)
        f = self._formats.get(key)
        if f is None:
            props = {**FONT, **_spec(kind)}
            if indent:
                props["indent"] = indent
            if quoted:
                props["quote_prefix"] = True
            f = self._formats[key] = self.wb.add_format(props)
        return f

    def write(self, ws: Any, row: int, column: int, value: Any, kind: str = "text", indent: int = 0) -> None:
        """Write value into the cell at (row, column), styled as kind."""
        r, c = row - 1, column - 1
        kind_of = type(value)
        if kind_of is int or kind_of is float:
            ws.write_number(r, c, value, self.fmt(kind, indent))
        elif kind_of is str:
            text = value.translate(_ILLEGAL)[:MAX_TEXT]
            ws.write_string(r, c, text, self.fmt(kind, indent, text.startswith(FORMULA_START)))
        elif value is None:
            ws.write_blank(r, c, None, self.fmt(kind, indent))
        elif isinstance(value, Formula):
            ws.write_formula(r, c, str(value), self.fmt(kind, indent), _result(value.result))
        elif isinstance(value, Decimal):
            ws.write_number(r, c, float(value), self.fmt(kind, indent))
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value, self.fmt(kind, indent))
        elif isinstance(value, int | float):
            ws.write_number(r, c, value, self.fmt(kind, indent))
        else:
            self.write(ws, row, column, str(value), kind, indent)

    def row(self, ws: Any, row: int, values: list[Any], kind: str = "text") -> None:
        """A row of cells of one kind from column A on."""
        for c, v in enumerate(values, start=1):
            self.write(ws, row, c, v, kind)

    def merge(self, ws: Any, first: tuple[int, int], last: tuple[int, int], value: Any, kind: str = "text",
              indent: int = 0) -> None:
        """Merge a range and write value in its first cell (with the typed writer, not
        XlsxWriter's guessing one)."""
        ws.merge_range(first[0] - 1, first[1] - 1, last[0] - 1, last[1] - 1, "", self.fmt(kind, indent))
        self.write(ws, first[0], first[1], value, kind, indent)


def _result(value: Any) -> Any:
    """The cached result of a formula: a number, a text, or "" when it cannot be known yet
    (a blank template: XlsxWriter would otherwise store 0, which a reader would take at its word)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return value.translate(_ILLEGAL)[:MAX_TEXT]
    return value


def number_kind(kind: str, prefix: str = "") -> str:
    """The style for an item kind: money or count (是/否 and text are centred)."""
    if kind == "money":
        return f"{prefix}money"
    if kind == "count":
        return f"{prefix}count"
    return "center" if not prefix else f"{prefix}text"
