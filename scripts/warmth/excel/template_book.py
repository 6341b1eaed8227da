"""Template workbooks: the official layout with input cells, checks on entry and live totals.

One workbook can carry all of a campaign's forms (one sheet per form) plus a cover sheet for
the campaign, unit, reporter, phone, date, narrative and explanations, so a unit fills its
whole report in one file and ``warmth import`` turns it into a submission.

A campaign's blank template (no unit given) lets the unit be chosen by name from a list of the
campaign's reporting units kept in the workbook (a hidden, protected sheet); the unit id beside
it is a formula, and ``warmth import`` maps the chosen name to the id itself.

On paper the form sheets come first; each prints on A4 portrait, one page wide, with its
heading row repeated, 填报单位（盖章） under the title and the signature lines (填表人, 审核人,
联系电话, 填报日期) under the table, taken live from the cover sheet. The 填法 column and the
filling hint stay on screen only (outside the print area).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from .. import formshape
from ..campaigns import Campaign
from ..forms import COUNT_MAX, MONEY_DECIMALS, MONEY_LIMIT, MONEY_PRECISE_EXAMPLE, Form
from ..newfile import FIELD_NOTES, PRIVACY_NOTES
from ..registry import Registry, Unit
from ..repo import Repository
from ..submission import Submission
from . import layout
from .cells import Formula, Styler
from .sheets import SIGN_GAP, Book, col, height, protect, row_height, setup_page, widths

INSTRUCTIONS = "填写说明"
COVER = "基本信息"
UNIT_LIST = "单位名录"  # hidden: the campaign's reporting units, for the unit chooser
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
# the hints of the unit cells when the unit is chosen from the list
CHOOSER_NOTES = {
    "unit": "选定单位名称后自动显示，不要改动",
    "unit_name": "从下拉列表中选择本单位（只列出本次活动的报送单位）",
}
EXPLAIN_HEADER_ROW = 10
EXPLAIN_FIRST_ROW = 12
EXPLAIN_ROWS = 10
FORM_ID_CELL = "B2"
FIRST_ROW = 4  # first item row on a form sheet
HEADER_ROW = FIRST_ROW - 1  # 编号 代码 项目 指标 单位 填报数 填法: repeated on every printed page
UNIT_LINE = (2, layout.COL_LABEL)  # 填报单位（盖章）: row 2, from the label column to the value column
VALUE_COL = layout.COL_VALUE
# Beside each value cell, in words, whether to fill it or leave it: the yellow and grey fills
# say the same, but not to someone who cannot tell the colours apart or prints in black.
HOW_COL = VALUE_COL + 1
FILL_MARK = "填写"
TOTAL_MARK = "自动合计"
LABEL_WIDTH = 56
# under the table: two lines of two fields each, from the cover sheet (审核人 is signed by hand)
SIGN_ROWS: tuple[tuple[tuple[str, str | None], tuple[str, str | None]], ...] = (
    (("填表人", "reporter"), ("审核人", None)),
    (("联系电话", "phone"), ("填报日期", "date")),
)
UNIT_LABEL = "填报单位（盖章）"


@dataclass(slots=True)
class Prefill:
    campaign: Campaign | None = None
    unit: Unit | None = None
    submission: Submission | None = None


def unit_choices(campaign: Campaign, registry: Registry | None) -> list[tuple[str, str]]:
    """(name shown in the list, unit id) of the campaign's reporting units, in registry order;
    a name two units share is shown with its id, so every entry names one unit."""
    if registry is None:
        return []
    units = [u for u in registry.units.values() if u.id in campaign.asked]
    names = [u.name.strip() for u in units]
    return [(n if names.count(n) == 1 else f"{n}（{u.id}）", u.id) for n, u in zip(names, units, strict=True)]


def build(repo: Repository, forms: list[Form], prefill: Prefill | None = None) -> Book:
    return Book(partial(_fill, repo=repo, forms=forms, p=prefill or Prefill()))


def _fill(wb: Any, repo: Repository, forms: list[Form], p: Prefill) -> None:
    public = repo.registry is None or repo.registry.public
    choices = unit_choices(p.campaign, repo.registry) if p.campaign and p.unit is None else []
    s = Styler(wb)
    # form sheets first: printing the workbook prints the forms before the cover and the notes
    sheets = [(wb.add_worksheet(name), form) for name, form in zip(layout.sheet_names([f.name for f in forms]), forms, strict=True)]
    cover = wb.add_worksheet(COVER)
    instructions = wb.add_worksheet(INSTRUCTIONS)
    for ws, form in sheets:
        values = p.submission.forms.get(form.id) if p.submission else None
        _form_sheet(ws, s, form, values, p)
    _cover(cover, s, p, public, choices)
    _instructions(instructions, s, forms, p, public, bool(choices))
    if choices:
        _unit_list(wb.add_worksheet(UNIT_LIST), s, choices)
    if sheets:
        sheets[0][0].activate()


def item_cells(form: Form) -> dict[str, int]:
    """Row of each item on its form sheet."""
    return {item.code: FIRST_ROW + n for n, item in enumerate(form.items)}


def sign_row(form: Form) -> int:
    """The first signature row under a form's table (one row left blank above it)."""
    return FIRST_ROW + len(form.items) + 1


def _cover_ref(key: str) -> str:
    return f"{layout.quote_sheet(COVER)}!$B${COVER_FIELDS[key][0]}"


def _instructions(ws: Any, s: Styler, forms: list[Form], p: Prefill, public: bool, chooser: bool) -> None:
    widths(ws, [84])
    title = f"{p.campaign.title}报送模板" if p.campaign else "送温暖统计报送模板"
    s.write(ws, 1, 1, title, "title")
    height(ws, 1, 24)
    unit = "从“单位名称”的下拉列表中选择本单位" if chooser else "核对单位编号和名称"
    lines = [
        f"1. 先在“{COVER}”工作表填写活动编号，{unit}，再填写填报人、联系电话、填报日期和送温暖报告。",
        "2. 每张统计表一个工作表（" + "、".join(f.title for f in forms) + f"）。只在“填法”列标着“{FILL_MARK}”的单元格（黄色）填写；标着“{TOTAL_MARK}”的（灰色、粗体）由公式算出，不要改动。",
        "3. 每一项都要填写：没有发生的填 0。人次、户、家、个等计数填非负整数。",
        f"4. 金额以万元为单位，最多 {MONEY_DECIMALS} 位小数（精确到元），例如 {MONEY_PRECISE_EXAMPLE} 万元；不要带千位分隔符或单位。",
        "5. 是/否 项目从下拉列表中选择“是”或“否”。",
        f"6. 工作表已保护（没有密码），只有标着“{FILL_MARK}”的单元格可以填写；不要改动工作表名称，导入时按“代码”列读取。",
        f"7. 有审核警告且确属实情时，在“{COVER}”工作表下方的情况说明中按规则编号写明原因。",
        "8. 填好后运行 warmth import 本文件.xlsx，生成 YAML 报送文件；有错误时会指出工作表和单元格。",
        "9. 打印：统计表在前，每张表按 A4 纸宽打印，表头在每页重复，表下有填表人、审核人、联系电话、填报日期，盖章处在表名下方。",
        f"10. {PRIVACY_NOTES[public].replace('本文件', '转换成的报送文件')}",
    ]
    for n, line in enumerate(lines, start=3):
        s.write(ws, n, 1, line, "note_wrap")
        height(ws, n, row_height(line, 80))
    setup_page(ws, columns=1, last_row=2 + len(lines))
    protect(ws)


def _cover(ws: Any, s: Styler, p: Prefill, public: bool, choices: list[tuple[str, str]]) -> None:
    widths(ws, [16, 60, 44])
    s.merge(ws, (1, 1), (1, 3), "报送信息", "title")
    height(ws, 1, 24)
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
        s.write(ws, row, 1, label, "header")
        note = FIELD_NOTES[public].get(key, hint)
        if choices and key in CHOOSER_NOTES:
            note = CHOOSER_NOTES[key]
        if choices and key == "unit":
            n = len(choices)
            names, ids = f"{layout.quote_sheet(UNIT_LIST)}!$A$2:$A${n + 1}", f"{layout.quote_sheet(UNIT_LIST)}!$B$2:$B${n + 1}"
            name_cell = f"B{COVER_FIELDS['unit_name'][0]}"
            s.write(ws, row, 2, Formula(f'=IFERROR(INDEX({ids},MATCH({name_cell},{names},0)),"")', ""), "plain")
        elif choices and key == "unit_name":
            s.write(ws, row, 2, None, "input_text")
            ws.data_validation(row - 1, 1, row - 1, 1, {
                "validate": "list", "source": f"={layout.quote_sheet(UNIT_LIST)}!$A$2:$A${len(choices) + 1}",
                "ignore_blank": True, "error_title": "请从列表中选择",
                "error_message": "单位名称请从下拉列表中选择（只列出本次活动的报送单位）。",
                "input_title": "选择本单位", "input_message": "点右侧箭头，从列表中选择本单位名称。"})
        else:
            s.write(ws, row, 2, known[key], "plain" if key == "unit_name" else "input_text")
        s.write(ws, row, 3, note, "note_wrap")
        height(ws, row, max(20.0, row_height(note, 44)))
    height(ws, COVER_FIELDS["report"][0], 160)
    s.merge(ws, (EXPLAIN_HEADER_ROW, 1), (EXPLAIN_HEADER_ROW, 3), "情况说明（有警告且确属实情时填写，没有可不填）", "note")
    s.write(ws, EXPLAIN_HEADER_ROW + 1, 1, "规则编号", "header")
    s.write(ws, EXPLAIN_HEADER_ROW + 1, 2, "说明", "header")
    notes = list(sub.explanations.items()) if sub else []
    rows = max(EXPLAIN_ROWS, len(notes))
    for n in range(rows):
        rid, text = notes[n] if n < len(notes) else (None, None)
        s.write(ws, EXPLAIN_FIRST_ROW + n, 1, rid, "input_text")
        s.write(ws, EXPLAIN_FIRST_ROW + n, 2, text, "input_text")
        if text:
            height(ws, EXPLAIN_FIRST_ROW + n, max(20.0, row_height(text, 60)))
    setup_page(ws, columns=3, last_row=EXPLAIN_FIRST_ROW + rows - 1)
    protect(ws)


def _unit_list(ws: Any, s: Styler, choices: list[tuple[str, str]]) -> None:
    widths(ws, [40, 24])
    s.row(ws, 1, ["单位名称", "单位编号"], "header")
    for n, (name, uid) in enumerate(choices, start=2):
        s.write(ws, n, 1, name, "plain")
        s.write(ws, n, 2, uid, "plain")
    protect(ws)
    ws.hide()


def _form_sheet(ws: Any, s: Styler, form: Form, values: dict[str, Any] | None, p: Prefill) -> None:
    cols = [6, 7, LABEL_WIDTH, 10, 8, 16, 10]
    widths(ws, cols)
    s.merge(ws, (1, 1), (1, VALUE_COL), form.title, "title")
    height(ws, 1, max(24.0, row_height(form.title, sum(cols[:VALUE_COL]) / 1.3, 20)))
    s.write(ws, 2, 1, "表号", "note")
    s.write(ws, 2, 2, form.id, "note_fit")  # shrunk to the narrow code column, never cut
    unit_name = p.unit.name if p.unit else ""
    s.merge(ws, UNIT_LINE, (UNIT_LINE[0], VALUE_COL),
            Formula(f'="{UNIT_LABEL}："&{_cover_ref("unit_name")}', f"{UNIT_LABEL}：{unit_name}"), "sign")
    height(ws, 2, 22)
    for c, h in enumerate((*layout.HEADINGS, "填报数", "填法"), start=1):
        s.write(ws, HEADER_ROW, c, h, "header")
    rows = item_cells(form)
    totals = formshape.totals(form)
    counts: list[str] = []
    yesno: list[str] = []
    letter = col(VALUE_COL)
    last_height = 18.0
    for row in formshape.rows(form):
        item = row.item
        r = rows[item.code]
        if row.group_start:
            last_height = max(18.0, row_height(row.label, LABEL_WIDTH - 2 * row.depth) / max(1, row.group_size))
        height(ws, r, last_height)
        if row.group_size > 1:
            s.merge(ws, (r, layout.COL_NO), (r + row.group_size - 1, layout.COL_NO), item.no, "center")
            s.merge(ws, (r, layout.COL_LABEL), (r + row.group_size - 1, layout.COL_LABEL), row.label, "text", indent=row.depth)
        elif row.group_start and not row.measure:
            s.write(ws, r, layout.COL_NO, item.no, "center")
            s.merge(ws, (r, layout.COL_LABEL), (r, layout.COL_MEASURE), row.label, "text", indent=row.depth)
        elif row.group_start:
            s.write(ws, r, layout.COL_NO, item.no, "center")
            s.write(ws, r, layout.COL_LABEL, row.label, "text", indent=row.depth)
        s.write(ws, r, layout.COL_CODE, item.code, "center")
        if not (row.group_start and row.group_size <= 1 and not row.measure):
            s.write(ws, r, layout.COL_MEASURE, row.measure, "center")
        s.write(ws, r, layout.COL_UNIT, item.unit, "center")
        given = values.get(item.code) if values else None
        cell = f"{letter}{r}"
        parts = totals.get(item.code)
        summed = _sum(values, parts) if values and parts else None
        if parts and (values is None or given is None or given == summed):
            formula = Formula("=SUM(" + ",".join(f"{letter}{rows[q]}" for q in parts) + ")", summed)
            s.write(ws, r, VALUE_COL, formula, "total_money" if item.kind == "money" else "total_count")
            s.write(ws, r, HOW_COL, TOTAL_MARK, "total_text")
            continue
        s.write(ws, r, HOW_COL, FILL_MARK, "center")
        if item.kind == "money":
            s.write(ws, r, VALUE_COL, given, "input_money")
            ws.data_validation(r - 1, VALUE_COL - 1, r - 1, VALUE_COL - 1, {
                "validate": "custom",
                "value": f"AND(ISNUMBER({cell}),{cell}>=0,{cell}<{MONEY_LIMIT},ROUND({cell},{MONEY_DECIMALS})={cell})",
                "ignore_blank": True, "error_title": "金额填写有误",
                "error_message": f"金额以万元为单位，填 0 或正数（低于一万亿元），最多 {MONEY_DECIMALS} 位小数。"})
        elif item.kind == "count":
            s.write(ws, r, VALUE_COL, given, "input_count")
            counts.append(cell)
        else:
            s.write(ws, r, VALUE_COL, given, "input_choice")
            yesno.append(cell)
    if counts:
        ws.data_validation(counts[0], {
            "validate": "integer", "criteria": "between", "minimum": 0, "maximum": COUNT_MAX,
            "ignore_blank": True, "multi_range": " ".join(counts), "error_title": "应填非负整数",
            "error_message": "人次、户、家、个等计数只能填 0 或正整数（不超过十亿）。"})
    if yesno:
        ws.data_validation(yesno[0], {
            "validate": "list", "source": ["是", "否"], "ignore_blank": True, "multi_range": " ".join(yesno),
            "error_title": "应选择是或否", "error_message": "请从下拉列表选择“是”或“否”。"})
    sign = sign_row(form)
    sub = p.submission
    known = {"reporter": sub.reporter if sub else "", "phone": sub.phone if sub else "", "date": sub.date if sub else ""}
    for n, ((left, lkey), (right, rkey)) in enumerate(SIGN_ROWS):
        r = sign + n
        for (label, key), first, last in (((left, lkey), layout.COL_NO, layout.COL_LABEL),
                                            ((right, rkey), layout.COL_MEASURE, VALUE_COL)):
            if key is None:
                value: Any = f"{label}：{SIGN_GAP}"
            else:
                value = Formula(f'="{label}："&{_cover_ref(key)}', f"{label}：{known[key]}")
            s.merge(ws, (r, first), (r, last), value, "sign")
        height(ws, r, 26)
    hint = sign + len(SIGN_ROWS) + 1  # on screen only: below the print area
    s.merge(ws, (hint, 1), (hint, HOW_COL),
            f"只在“填法”为“{FILL_MARK}”的黄色单元格填写；“{TOTAL_MARK}”的灰色单元格不要改动。没有发生的填 0。", "note")
    ws.freeze_panes(FIRST_ROW - 1, 0)
    setup_page(ws, title_rows=(HEADER_ROW, HEADER_ROW), columns=VALUE_COL, last_row=sign + len(SIGN_ROWS) - 1)
    protect(ws)


def _sum(values: dict[str, Any], parts: list[str]) -> Any:
    try:
        return sum((values[q] for q in parts), start=Decimal(0))
    except (KeyError, TypeError):
        return None
