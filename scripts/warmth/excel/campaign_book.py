"""The campaign workbooks: the internal one (live formulas, reviewers, warnings, contacts) and
the public one (figures only, no contact data). Built in write-only mode: a national
campaign has thousands of unit rows."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from .. import formshape
from ..aggregate import YES, CampaignData
from ..campaigns import CHINA_TZ
from ..forms import Form
from ..timeliness import MISSING, ON_TIME
from . import layout
from .cells import Formula, Styler, cells_only, number_kind
from .rollup import Rollup
from .sheets import col, fit, row_height, setup_page, widths

UNIT_HEADINGS = ("单位编号", "单位名称", "所属地区", "报送状态")
FIRST_ITEM_COL = len(UNIT_HEADINGS) + 1
UNIT_HEADER_ROWS = 2
LABEL_WIDTH = 56


class Names:
    """Sheet names of one campaign workbook, derived from the form names."""

    def __init__(self, forms: list[Form]) -> None:
        names = [f.name for f in forms]
        self.summary = dict(zip([f.id for f in forms], layout.sheet_names(names, "汇总"), strict=True))
        self.units = dict(zip([f.id for f in forms], layout.sheet_names(names, "分单位"), strict=True))
        self.regions = dict(zip([f.id for f in forms], layout.sheet_names(names, "分地区"), strict=True))

    completeness = "报送情况"
    warnings = "审核提示"
    funds = "经费下拨"
    contacts = "联系人"


def build(data: CampaignData, public: bool) -> Workbook:
    """The workbook: internal (formulas, reviewers, warnings, contacts) or public (values only)."""
    wb = Workbook(write_only=True)
    names = Names(data.forms)
    roll = Rollup(data)
    steps: list[tuple[str, Callable[[Any, Styler], None]]] = []
    for form in data.forms:
        steps.append((names.summary[form.id], partial(_summary, data=data, roll=roll, form=form, names=names, public=public)))
    for form in data.forms:
        steps.append((names.regions[form.id], partial(_regions, data=data, roll=roll, form=form)))
    for form in data.forms:
        steps.append((names.units[form.id], partial(_units, data=data, roll=roll, form=form, public=public)))
    steps.append((names.completeness, lambda ws, s: _completeness(ws, s, data, roll, public)))
    steps.append((names.funds, lambda ws, s: _funds(ws, s, data, roll)))
    if not public:
        steps.append((names.warnings, lambda ws, s: _warnings(ws, s, data)))
        steps.append((names.contacts, lambda ws, s: _contacts(ws, s, data, roll)))
    styler: Styler | None = None
    for title, fill in steps:
        ws = cells_only(wb.create_sheet(title))  # its rows are made of ready cells
        styler = styler or Styler(ws)
        fill(ws, styler)
    return wb


def unit_total_row(roll: Rollup) -> int:
    return UNIT_HEADER_ROWS + len(roll.units) + 1


def _total_kind(kind: str) -> str:
    return "total_money" if kind == "money" else "total_count"


def _summary(ws: Any, s: Styler, data: CampaignData, roll: Rollup, form: Form, names: Names, public: bool) -> None:
    got, asked = roll.reported()
    setup_page(ws, title_rows="3:3")
    ws.freeze_panes = "A4"
    widths(ws, [6, 7, LABEL_WIDTH, 10, 10, 16])
    ws.row_dimensions[1].height = 24
    ws.append([s.cell(ws, form.title, "title")])
    ws.append([s.cell(ws, f"{data.campaign.title}　已报 {got}/{asked} 个单位（未报单位不计入合计）", "note")])
    ws.merged_cells.add("A1:F1")
    ws.merged_cells.add("A2:F2")
    ws.append([s.cell(ws, h, "header") for h in (*layout.HEADINGS, "合计")])
    totals = roll.total(form)
    total_row = unit_total_row(roll)
    r = 3
    for n, row in enumerate(formshape.rows(form)):
        r += 1
        item = row.item
        if row.group_start:
            height = row_height(row.label, LABEL_WIDTH - 2 * row.depth)
            ws.row_dimensions[r].height = max(18.0, height / row.group_size)
        else:
            ws.row_dimensions[r].height = ws.row_dimensions[r - 1].height
        unit = "个（答“是”的单位数）" if item.kind == "yesno" else item.unit
        if got == 0:
            value: Any = MISSING  # nobody reported: missing, never zero
        elif not public:
            value = Formula(f"={layout.quote_sheet(names.units[form.id])}!{col(FIRST_ITEM_COL + n)}{total_row}")
        else:
            value = totals[item.code]
        ws.append([
            s.cell(ws, item.no if (row.group_start and item.no is not None) else None, "center"),
            s.cell(ws, item.code, "center"),
            s.cell(ws, row.label, "text", indent=row.depth),
            s.cell(ws, row.measure, "center"),
            s.cell(ws, unit, "center"),
            s.cell(ws, value, "missing" if value == MISSING else number_kind("count" if item.kind == "yesno" else item.kind)),
        ])
        if row.group_size > 1:
            ws.merged_cells.add(f"A{r}:A{r + row.group_size - 1}")
            ws.merged_cells.add(f"C{r}:C{r + row.group_size - 1}")
        elif row.group_start and not row.measure:
            ws.merged_cells.add(f"C{r}:D{r}")


def _units(ws: Any, s: Styler, data: CampaignData, roll: Rollup, form: Form, public: bool) -> None:
    items = form.items
    units = roll.units
    setup_page(ws, landscape=True, title_rows="1:2")
    ws.freeze_panes = f"{col(FIRST_ITEM_COL)}{UNIT_HEADER_ROWS + 1}"
    widths(ws, [fit([u.id for u in units], 10, 24), fit([u.name for u in units], 12, 36), 14, 10, *[12] * len(items)])
    ws.append([s.cell(ws, h, "header") for h in UNIT_HEADINGS] + [s.cell(ws, i.code, "header") for i in items])
    ws.row_dimensions[2].height = 90
    ws.append([s.cell(ws, None, "header") for _ in UNIT_HEADINGS] + [s.cell(ws, i.title, "header") for i in items])
    for c in range(1, FIRST_ITEM_COL):
        ws.merged_cells.add(f"{col(c)}1:{col(c)}2")
    # the bulk of a national workbook: money keeps its 4-decimal format, counts and text
    # stay unstyled (General shows integers as integers), which keeps writing fast
    money = [i.kind == "money" for i in items]
    for u in units:
        sub = data.submissions.get(u.id)
        values = sub.forms.get(form.id) if sub is not None else None
        arrival = data.arrivals.get(u.id)
        status = arrival.status if arrival else (ON_TIME if sub else MISSING)
        if values is None:
            status = MISSING
        head = [s.bare(ws, u.id), s.bare(ws, u.name), s.bare(ws, roll.region_name(u.id)),
                s.cell(ws, status, "missing" if status == MISSING else "center")]
        if values is None:
            ws.append(head + [s.cell(ws, MISSING, "missing") for _ in items])
        else:
            ws.append(head + [s.cell(ws, values.get(i.code, MISSING), "money") if m else s.bare(ws, values.get(i.code, MISSING))
                              for i, m in zip(items, money, strict=True)])
    first, last = UNIT_HEADER_ROWS + 1, UNIT_HEADER_ROWS + len(units)
    got, asked = roll.reported()
    totals = roll.total(form)
    row = [s.cell(ws, "合计", "total_text"), s.cell(ws, f"已报 {got}/{asked}", "total_text"),
           s.cell(ws, None, "total_text"), s.cell(ws, None, "total_text")]
    for n, item in enumerate(items):
        letter = col(FIRST_ITEM_COL + n)
        if got == 0:
            row.append(s.cell(ws, MISSING, "missing"))
            continue
        if public:
            value: Any = totals[item.code]
        elif item.kind == "yesno":
            value = Formula(f'=COUNTIF({letter}{first}:{letter}{last},"{YES}")')
        else:
            value = Formula(f"=SUM({letter}{first}:{letter}{last})")
        row.append(s.cell(ws, value, _total_kind(item.kind)))
    ws.append(row)



def _regions(ws: Any, s: Styler, data: CampaignData, roll: Rollup, form: Form) -> None:
    regions = roll.regions
    setup_page(ws, landscape=True, title_rows="2:3")
    ws.freeze_panes = "D4"
    widths(ws, [7, 44, 10, *[12] * (len(regions) + 1)])
    ws.append([s.cell(ws, f"{form.title}（分地区汇总）", "title")])
    ws.merged_cells.add(f"A1:{col(4 + len(regions))}1")
    ws.append([s.cell(ws, h, "header") for h in ("代码", "项目", "单位")]
              + [s.cell(ws, r.display, "header") for r in regions] + [s.cell(ws, "合计", "header")])
    reported = [roll.reported(r.id) for r in regions]
    got, asked = roll.reported()
    ws.append([s.cell(ws, "", "center"), s.cell(ws, "已报/应报单位数", "plain"), s.cell(ws, "个", "center")]
              + [s.cell(ws, f"{g}/{a}", "center") for g, a in reported] + [s.cell(ws, f"{got}/{asked}", "center")])
    by_region = roll.region_totals(form)
    totals = roll.total(form)
    for item in form.items:
        unit = "个（答“是”的单位数）" if item.kind == "yesno" else item.unit
        kind = number_kind("count" if item.kind == "yesno" else item.kind)
        cells = [s.cell(ws, item.code, "center"), s.cell(ws, item.title, "text"), s.cell(ws, unit, "center")]
        for r, (g, _) in zip(regions, reported, strict=True):
            cells.append(s.cell(ws, MISSING, "missing") if g == 0 else s.cell(ws, by_region[r.id][item.code], kind))
        cells.append(s.cell(ws, MISSING, "missing") if got == 0 else s.cell(ws, totals[item.code], _total_kind(item.kind)))
        ws.append(cells)


def _completeness(ws: Any, s: Styler, data: CampaignData, roll: Rollup, public: bool) -> None:
    headings = ["单位编号", "单位名称", "所属地区", "报送状态", "到达时间（北京时间）", "时间来源"]
    if not public:
        headings.append("审核人")
    setup_page(ws, landscape=True, title_rows="2:2")
    ws.freeze_panes = "A3"
    widths(ws, [fit([u.id for u in roll.units], 10, 24), fit([u.name for u in roll.units], 12, 36), 14, 10, 20, 10, 24])
    ws.append([s.cell(ws, f"{data.campaign.title}报送情况（截止日期 {data.campaign.deadline}）", "title")])
    ws.merged_cells.add(f"A1:{col(len(headings))}1")
    ws.append([s.cell(ws, h, "header") for h in headings])
    counts: dict[str, int] = {}
    for u in roll.units:
        a = data.arrivals.get(u.id)
        status = a.status if a else (ON_TIME if u.id in data.submissions else MISSING)
        counts[status] = counts.get(status, 0) + 1
        when = a.time.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if a and a.time else "—"
        row = [s.cell(ws, u.id, "plain"), s.cell(ws, u.name, "plain"), s.cell(ws, roll.region_name(u.id), "plain"),
               s.cell(ws, status, "missing" if status == MISSING else "center"), s.cell(ws, when, "center"),
               s.cell(ws, (a.source if a else "") or "—", "center")]
        if not public:
            row.append(s.cell(ws, "、".join(data.registry.reviewers_of(u.id)), "plain"))
        ws.append(row)
    summary = "；".join(f"{k} {v} 个" for k, v in counts.items())
    ws.append([s.cell(ws, "合计", "total_text"), s.cell(ws, f"共 {len(roll.units)} 个单位：{summary}", "total_text")])


def _warnings(ws: Any, s: Styler, data: CampaignData) -> None:
    headings = ("单位编号", "单位名称", "文件", "行", "规则", "内容（含填报单位说明）", "提示")
    setup_page(ws, landscape=True, title_rows="2:2")
    ws.freeze_panes = "A3"
    widths(ws, [16, 24, 36, 6, 16, 70, 36])
    ws.append([s.cell(ws, f"{data.campaign.title}审核提示（警告不阻止汇总，请审核人核实）", "title")])
    ws.merged_cells.add("A1:G1")
    ws.append([s.cell(ws, h, "header") for h in headings])
    for f in sorted(data.warnings):
        uid = Path(f.file).stem
        unit = data.registry.get(uid)
        ws.append([s.cell(ws, uid, "plain"), s.cell(ws, unit.name if unit else "", "plain"), s.cell(ws, f.file, "plain"),
                   s.cell(ws, f.line, "count"), s.cell(ws, f.rule, "plain"), s.cell(ws, f.message, "text"),
                   s.cell(ws, f.hint, "text")])
    if not data.warnings:
        ws.append([s.cell(ws, "（无警告）", "plain")])


def _funds(ws: Any, s: Styler, data: CampaignData, roll: Rollup) -> None:
    # The union-funds item is money raised (筹集慰问款物 from 工会经费), the allocation being part
    # of it: the sheet sets what each unit raised from union funds beside what it was allocated.
    headings = ("单位编号", "单位名称", "下拨经费（万元）", "报告筹集的工会经费（万元）", "筹集减下拨（万元）", "筹集为下拨的")
    setup_page(ws, landscape=False, title_rows="2:2")
    ws.freeze_panes = "A3"
    widths(ws, [16, 30, 16, 22, 14, 10])
    ws.append([s.cell(ws, f"{data.campaign.title}经费下拨与工会经费筹集", "title")])
    ws.merged_cells.add("A1:F1")
    ws.append([s.cell(ws, h, "header") for h in headings])
    regions = {r.id for r in roll.regions}
    for uid, (amount, used) in data.funds_used().items():
        unit = data.registry.get(uid)
        ids = roll.members.get(uid, []) if uid in regions else [uid]
        none_reported = not any(i in data.submissions for i in ids)
        row = [s.cell(ws, uid, "plain"), s.cell(ws, unit.name if unit else uid, "plain"), s.cell(ws, Decimal(amount), "money")]
        if used is None or none_reported:
            row += [s.cell(ws, MISSING if none_reported else "—", "missing") for _ in range(3)]
        else:
            diff = Decimal(used) - Decimal(amount)
            ratio = f"{Decimal(used) / Decimal(amount) * 100:.1f}%" if amount else "—"
            row += [s.cell(ws, used, "money"), s.cell(ws, diff, "money"), s.cell(ws, ratio, "center")]
        ws.append(row)


def _contacts(ws: Any, s: Styler, data: CampaignData, roll: Rollup) -> None:
    headings = ("单位编号", "单位名称", "填报人", "联系电话", "填报日期")
    setup_page(ws, title_rows="2:2")
    ws.freeze_panes = "A3"
    widths(ws, [16, 30, 12, 18, 12])
    ws.append([s.cell(ws, f"{data.campaign.title}填报人联系方式（内部资料，不得公开）", "title")])
    ws.merged_cells.add("A1:E1")
    ws.append([s.cell(ws, h, "header") for h in headings])
    for u in roll.units:
        sub = data.submissions.get(u.id)
        if sub is None:
            ws.append([s.cell(ws, u.id, "plain"), s.cell(ws, u.name, "plain")] + [s.cell(ws, MISSING, "missing") for _ in range(3)])
        else:
            ws.append([s.cell(ws, u.id, "plain"), s.cell(ws, u.name, "plain"), s.cell(ws, sub.reporter, "plain"),
                       s.cell(ws, sub.phone, "plain"), s.cell(ws, sub.date, "center")])
