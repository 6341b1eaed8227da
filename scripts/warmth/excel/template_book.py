"""Template workbooks: the official layout with input cells, checks on entry and live totals.

One workbook can carry all of a campaign's forms (one sheet per form) plus a cover sheet for
the campaign, unit, reporter, phone, date, narrative and explanations, so a unit fills its
whole report in one file and ``warmth import`` turns it into a submission.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from .. import formshape
from ..campaigns import Campaign
from ..forms import COUNT_MAX, MONEY_DECIMALS, MONEY_LIMIT, MONEY_PRECISE_EXAMPLE, Form
from ..newfile import FIELD_NOTES, PRIVACY_NOTES
from ..registry import Unit
from ..repo import Repository
from ..submission import Submission
from . import layout
from .cells import Formula, Styler
from .sheets import col, protect, row_height, setup_page, widths

INSTRUCTIONS = "填写说明"
COVER = "基本信息"
# cover sheet: field -> (row, label, hint)
COVER_FIELDS: dict[str, tuple[int, str, str]] = {
    "campaign": (2, "活动编号", "如 2022-spring，由发文单位给出"),
    "unit": (3, "单位编号", "本单位在单位名录中的编号"),
    "unit_name": (4, "单位名称", "仅供核对，导入时不读取"),
    "reporter": (5, "填报人", ""),  # the hints of reporter and phone: newfile.FIELD_NOTES
    "phone": (6, "联系电话", ""),
    "date": (7, "填报日期", "如 2022-01-20"),
    "report": (8, "送温暖报告", "组织情况、主要做法、成效和下一步打算；不要写身份证号、手机号、银行卡号"),
}
EXPLAIN_HEADER_ROW = 10
EXPLAIN_FIRST_ROW = 12
EXPLAIN_ROWS = 10
FORM_ID_CELL = "B2"
FIRST_ROW = 4  # first item row on a form sheet
VALUE_COL = layout.COL_VALUE
# Beside each value cell, in words, whether to fill it or leave it: the yellow and grey fills
# say the same, but not to someone who cannot tell the colours apart or prints in black.
HOW_COL = VALUE_COL + 1
FILL_MARK = "填写"
TOTAL_MARK = "自动合计"
LABEL_WIDTH = 56


@dataclass(slots=True)
class Prefill:
    campaign: Campaign | None = None
    unit: Unit | None = None
    submission: Submission | None = None


def build(repo: Repository, forms: list[Form], prefill: Prefill | None = None) -> Workbook:
    p = prefill or Prefill()
    wb = Workbook()
    ws = wb.worksheets[0]  # the sheet a new workbook has
    ws.title = INSTRUCTIONS
    s = Styler(ws)
    public = repo.registry is None or repo.registry.public
    _instructions(ws, s, forms, p, public)
    _cover(wb.create_sheet(COVER), s, p, public)
    for name, form in zip(layout.sheet_names([f.name for f in forms]), forms, strict=True):
        values = p.submission.forms.get(form.id) if p.submission else None
        _form_sheet(wb.create_sheet(name), s, form, values)
    return wb


def item_cells(form: Form) -> dict[str, int]:
    """Row of each item on its form sheet."""
    return {item.code: FIRST_ROW + n for n, item in enumerate(form.items)}


def _instructions(ws: Any, s: Styler, forms: list[Form], p: Prefill, public: bool) -> None:
    widths(ws, [100])
    title = f"{p.campaign.title}报送模板" if p.campaign else "送温暖统计报送模板"
    s.set(ws, 1, 1, title, "title")
    lines = [
        f"1. 先在“{COVER}”工作表填写活动编号、单位编号、填报人、联系电话、填报日期和送温暖报告。",
        "2. 每张统计表一个工作表（" + "、".join(f.title for f in forms) + f"）。只在“填法”列标着“{FILL_MARK}”的单元格（黄色）填写；标着“{TOTAL_MARK}”的（灰色、粗体）由公式算出，不要改动。",
        "3. 每一项都要填写：没有发生的填 0。人次、户、家、个等计数填非负整数。",
        f"4. 金额以万元为单位，最多 {MONEY_DECIMALS} 位小数（精确到元），例如 {MONEY_PRECISE_EXAMPLE} 万元；不要带千位分隔符或单位。",
        "5. 是/否 项目从下拉列表中选择“是”或“否”。",
        f"6. 工作表已保护（没有密码），只有标着“{FILL_MARK}”的单元格可以填写；不要改动工作表名称，导入时按“代码”列读取。",
        f"7. 有审核警告且确属实情时，在“{COVER}”工作表下方的情况说明中按规则编号写明原因。",
        "8. 填好后运行 warmth import 本文件.xlsx，生成 YAML 报送文件；有错误时会指出工作表和单元格。",
        f"9. {PRIVACY_NOTES[public].replace('本文件', '转换成的报送文件')}",
    ]
    for n, line in enumerate(lines, start=3):
        s.set(ws, n, 1, line, "note")
    setup_page(ws)
    protect(ws)


def _cover(ws: Any, s: Styler, p: Prefill, public: bool) -> None:
    widths(ws, [16, 60, 44])
    s.set(ws, 1, 1, "报送信息", "title")
    ws.merge_cells("A1:C1")
    sub = p.submission
    known = {
        "campaign": p.campaign.id if p.campaign else None,
        "unit": p.unit.id if p.unit else None,
        "unit_name": p.unit.name if p.unit else None,
        "reporter": sub.reporter if sub else None,
        "phone": sub.phone if sub else None,
        "date": sub.date if sub else None,
        "report": sub.report.rstrip("\n") if sub else None,
    }
    for key, (row, label, hint) in COVER_FIELDS.items():
        s.set(ws, row, 1, label, "header")
        s.set(ws, row, 2, known[key], "plain" if key == "unit_name" else "input_text")
        s.set(ws, row, 3, FIELD_NOTES[public].get(key, hint), "note")
    ws.row_dimensions[COVER_FIELDS["report"][0]].height = 160
    s.set(ws, EXPLAIN_HEADER_ROW, 1, "情况说明（有警告且确属实情时填写，没有可不填）", "note")
    ws.merge_cells(f"A{EXPLAIN_HEADER_ROW}:C{EXPLAIN_HEADER_ROW}")
    s.set(ws, EXPLAIN_HEADER_ROW + 1, 1, "规则编号", "header")
    s.set(ws, EXPLAIN_HEADER_ROW + 1, 2, "说明", "header")
    notes = list(sub.explanations.items()) if sub else []
    for n in range(max(EXPLAIN_ROWS, len(notes))):
        rid, text = notes[n] if n < len(notes) else (None, None)
        s.set(ws, EXPLAIN_FIRST_ROW + n, 1, rid, "input_text")
        s.set(ws, EXPLAIN_FIRST_ROW + n, 2, text, "input_text")
    setup_page(ws)
    protect(ws)


def _form_sheet(ws: Any, s: Styler, form: Form, values: dict[str, Any] | None) -> None:
    widths(ws, [6, 7, LABEL_WIDTH, 10, 8, 16, 10])
    s.set(ws, 1, 1, form.title, "title")
    ws.merge_cells(f"A1:{col(HOW_COL)}1")
    ws.row_dimensions[1].height = 24
    s.set(ws, 2, 1, "表式编号", "note")
    s.set(ws, 2, 2, form.id, "note")
    s.set(ws, 2, 3, f"只在“填法”为“{FILL_MARK}”的黄色单元格填写；“{TOTAL_MARK}”的灰色单元格不要改动。没有发生的填 0。", "note")
    for c, h in enumerate((*layout.HEADINGS, "填报数", "填法"), start=1):
        s.set(ws, 3, c, h, "header")
    rows = item_cells(form)
    totals = formshape.totals(form)
    counts = DataValidation(type="whole", operator="between", formula1="0", formula2=str(COUNT_MAX), allow_blank=True,
                            showErrorMessage=True, errorTitle="应填非负整数",
                            error="人次、户、家、个等计数只能填 0 或正整数（不超过十亿）。")
    yesno = DataValidation(type="list", formula1='"是,否"', allow_blank=True, showErrorMessage=True,
                           errorTitle="应选择是或否", error="请从下拉列表选择“是”或“否”。")
    money_dvs: list[DataValidation] = []
    merges: list[str] = []
    letter = col(VALUE_COL)
    for row in formshape.rows(form):
        item = row.item
        r = rows[item.code]
        if row.group_start:
            ws.row_dimensions[r].height = max(18.0, row_height(row.label, LABEL_WIDTH - 2 * row.depth) / row.group_size)
        else:
            ws.row_dimensions[r].height = ws.row_dimensions[r - 1].height
        s.set(ws, r, layout.COL_NO, item.no if row.group_start else None, "center")
        s.set(ws, r, layout.COL_CODE, item.code, "center")
        s.set(ws, r, layout.COL_LABEL, row.label, "text", indent=row.depth)
        s.set(ws, r, layout.COL_MEASURE, row.measure, "center")
        s.set(ws, r, layout.COL_UNIT, item.unit, "center")
        if row.group_size > 1:
            merges += [f"A{r}:A{r + 1}", f"C{r}:C{r + 1}"]
        elif row.group_start and not row.measure:
            merges.append(f"C{r}:D{r}")
        given = values.get(item.code) if values else None
        cell = f"{letter}{r}"
        parts = totals.get(item.code)
        if parts and (values is None or given is None or given == _sum(values, parts)):
            formula = Formula("=SUM(" + ",".join(f"{letter}{rows[p]}" for p in parts) + ")")
            s.set(ws, r, VALUE_COL, formula, "total_money" if item.kind == "money" else "total_count")
            s.set(ws, r, HOW_COL, TOTAL_MARK, "total_text")
            continue
        s.set(ws, r, HOW_COL, FILL_MARK, "center")
        if item.kind == "money":
            s.set(ws, r, VALUE_COL, given, "input_money")
            dv = DataValidation(type="custom", formula1=f"AND(ISNUMBER({cell}),{cell}>=0,{cell}<{MONEY_LIMIT},ROUND({cell},{MONEY_DECIMALS})={cell})",
                                allow_blank=True, showErrorMessage=True, errorTitle="金额填写有误",
                                error=f"金额以万元为单位，填 0 或正数（低于一万亿元），最多 {MONEY_DECIMALS} 位小数。")
            dv.add(cell)
            money_dvs.append(dv)
        elif item.kind == "count":
            s.set(ws, r, VALUE_COL, given, "input_count")
            counts.add(cell)
        else:
            s.set(ws, r, VALUE_COL, given, "input_choice")
            yesno.add(cell)
    for m in merges:
        ws.merge_cells(m)
    for dv in (counts, yesno, *money_dvs):
        if dv.sqref.ranges:
            ws.add_data_validation(dv)
    ws.freeze_panes = f"A{FIRST_ROW}"
    setup_page(ws, title_rows="3:3")
    protect(ws)


def _sum(values: dict[str, Any], parts: list[str]) -> Any:
    try:
        return sum((values[p] for p in parts), start=Decimal(0))
    except (KeyError, TypeError):
        return None
