"""Cell making: styles shared by every workbook, and text that can never become a formula.

openpyxl turns any string starting with "=" into a formula, and Excel treats text starting
with "+", "-" or "@" as one when a user edits the cell. Text from submissions (unit names,
narratives, explanations) is therefore always written as a string with a quote prefix; only
values wrapped in Formula are formulas.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from copy import copy
from decimal import Decimal
from types import MethodType
from typing import Any, Protocol, cast

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray

from ..forms import MONEY_DECIMALS

# full-width forms too: a spreadsheet with an East Asian input method takes "＝" at the start of
# an edited cell as "="
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MONEY_FORMAT = "#,##0." + "0" * MONEY_DECIMALS
COUNT_FORMAT = "#,##0"
TEXT_FORMAT = "@"
MISSING = "未报"

_thin = Side(style="thin", color="808080")
_box = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_header_fill = PatternFill("solid", fgColor="D9E1F2")
_input_fill = PatternFill("solid", fgColor="FFF2CC")
_total_fill = PatternFill("solid", fgColor="EDEDED")


class Formula(str):
    """A string meant as a formula (the only strings written as formulas)."""


def _spec(kind: str) -> dict[str, Any]:
    wrap_left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    right = Alignment(horizontal="right", vertical="center")
    base: dict[str, dict[str, Any]] = {
        "title": {"font": Font(bold=True, size=14), "alignment": Alignment(horizontal="center", vertical="center")},
        "note": {"alignment": Alignment(horizontal="left", vertical="center", wrap_text=False)},
        "header": {"font": Font(bold=True), "fill": _header_fill, "border": _box, "alignment": center},
        "text": {"border": _box, "alignment": wrap_left},
        "plain": {"border": _box, "alignment": Alignment(horizontal="left", vertical="center")},
        "center": {"border": _box, "alignment": center},
        "money": {"border": _box, "number_format": MONEY_FORMAT, "alignment": right},
        "count": {"border": _box, "number_format": COUNT_FORMAT, "alignment": right},
        "missing": {"border": _box, "font": Font(italic=True, color="595959"), "alignment": center},  # 7.0:1 on white
        "total_money": {"border": _box, "number_format": MONEY_FORMAT, "font": Font(bold=True), "fill": _total_fill},
        "total_count": {"border": _box, "number_format": COUNT_FORMAT, "font": Font(bold=True), "fill": _total_fill},
        "total_text": {"border": _box, "font": Font(bold=True), "fill": _total_fill, "alignment": center},
        "input_money": {"border": _box, "number_format": MONEY_FORMAT, "fill": _input_fill, "protection": Protection(locked=False)},
        "input_count": {"border": _box, "number_format": COUNT_FORMAT, "fill": _input_fill, "protection": Protection(locked=False)},
        "input_text": {"border": _box, "number_format": TEXT_FORMAT, "fill": _input_fill, "alignment": wrap_left, "protection": Protection(locked=False)},
        "input_choice": {"border": _box, "fill": _input_fill, "alignment": center, "protection": Protection(locked=False)},
    }
    return base[kind]


class _Slots(Protocol):
    """What Styler sets on a new cell directly, for speed: Cell's private slots, which
    openpyxl's type stubs leave out."""

    _style: StyleArray
    _value: object
    data_type: str


class Styler:
    """Makes styled cells for one workbook; styles are built once and copied per cell (fast)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._protos: dict[tuple[str, int], Any] = {}

    def _style(self, kind: str, indent: int = 0) -> Any:
        key = (kind, indent)
        proto = self._protos.get(key)
        if proto is None:
            proto = WriteOnlyCell(self.ws)
            for attr, value in _spec(kind).items():
                if attr == "alignment" and indent:
                    value = copy(value)
                    value.indent = indent
                setattr(proto, attr, value)
            self._protos[key] = proto
        return cast(_Slots, proto)._style

    def cell(self, ws: Any, value: Any, kind: str = "text", indent: int = 0) -> Any:
        """A write-only cell holding value, styled as kind."""
        c = WriteOnlyCell(ws)
        raw = cast(_Slots, c)
        raw._style = StyleArray(self._style(kind, indent))
        kind_of = type(value)
        if kind_of is int or kind_of is float:
            raw._value, raw.data_type = value, "n"  # the setter's checks, skipped for plain numbers
        elif kind_of is Decimal:
            raw._value, raw.data_type = float(value), "n"
        else:
            put(c, value)
        return c

    def bare(self, ws: Any, value: Any) -> Any:
        """An unstyled cell (General format): cheaper, for the bulk of large sheets."""
        c = WriteOnlyCell(ws)
        kind_of = type(value)
        if kind_of is int or kind_of is float:
            raw = cast(_Slots, c)
            raw._value, raw.data_type = value, "n"
        else:
            put(c, value)
        return c

    def set(self, ws: Any, row: int, column: int, value: Any, kind: str = "text", indent: int = 0) -> Any:
        """Write value into a cell of an ordinary (not write-only) worksheet."""
        c = ws.cell(row=row, column=column)
        c._style = copy(self._style(kind, indent))
        put(c, value)
        return c


def put(cell: Any, value: Any) -> None:
    """Set a cell's value; strings are text unless they are a Formula."""
    if isinstance(value, Formula):
        cell.value = str(value)
        return
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value


def number_kind(kind: str, prefix: str = "") -> str:
    """The style for an item kind: money or count (是/否 and text are centred)."""
    if kind == "money":
        return f"{prefix}money"
    if kind == "count":
        return f"{prefix}count"
    return "center" if not prefix else f"{prefix}text"


def cells_only(ws: Any) -> Any:
    """Let a write-only sheet take rows made only of ready cells without its value probing.

    openpyxl's write-only append first tries each item as a value (which fails, expensively,
    for a cell) before using it as a cell; rows built by Styler.cell are all cells.
    """
    if hasattr(type(ws), "_values_to_row"):
        ws._values_to_row = MethodType(_cells_to_row, ws)
    return ws


def _cells_to_row(self: Any, cells: Iterable[Any], row_idx: int) -> Iterator[Any]:
    for col_idx, cell in enumerate(cells, 1):
        if cell is None:
            continue
        cell.column = col_idx
        cell.row = row_idx
        yield cell
