"""The official layout of a form in a worksheet (编号 / 代码 / 项目 / 指标 / 单位): its columns
and sheet names. Rows, indentation, pair groups and sums are the form's shape
(warmth.formshape), shared with the site, the review and `warmth new`.
"""

from __future__ import annotations

# columns of the layout, shared by the summary sheet and the template
COL_NO, COL_CODE, COL_LABEL, COL_MEASURE, COL_UNIT, COL_VALUE = range(1, 7)
HEADINGS = ("编号", "代码", "项目", "指标", "单位")
INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_names(names: list[str], suffix: str = "") -> list[str]:
    """Valid, distinct Excel sheet names (at most 31 characters) for names + suffix."""
    out: list[str] = []
    for name in names:
        base = name.translate(INVALID_SHEET_CHARS).strip("'") or "表"
        candidate = (base[: 31 - len(suffix)] + suffix)
        n = 2
        while candidate in out:
            tail = f"{n}{suffix}"
            candidate = base[: 31 - len(tail)] + tail
            n += 1
        out.append(candidate)
    return out


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
