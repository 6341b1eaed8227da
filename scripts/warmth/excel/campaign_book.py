"""The campaign workbooks: the internal one (reviewers, warnings, contacts) and the public one
(figures only, no contact data). Every total is a live formula written with its computed
value, so the workbook reads right both in a spreadsheet that recalculates and in a preview or
script that does not. Written with XlsxWriter; a national campaign has thousands of unit rows."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from .. import formshape
from ..aggregate import YES, CampaignData
from ..campaigns import CHINA_TZ
from ..forms import Form
from ..timeliness import LATE, MISSING, ON_TIME
from . import layout
from .cells import Formula, Styler, number_kind
from .rollup import Rollup
from .sheets import Book, col, fit, height, row_height, setup_page, sign_lines, widths

UNIT_HEADINGS = ("单位编号", "单位名称", "所属地区", "报送状态")
FIRST_ITEM_COL = len(UNIT_HEADINGS) + 1
UNIT_HEADER_ROWS = 2
LABEL_WIDTH = 56
# the lines a printed table ends with, in both workbooks
SIGNATURE = ("制表人", "审核人", "日期")


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


def build(data: CampaignData, public: bool) -> Book:
    """The workbook: internal (reviewers, warnings, contacts) or public (no contact data)."""
    return Book(partial(_fill, data=data, public=public))


def _fill(wb: Any, data: CampaignData, public: bool) -> None:
    names = Names(data.forms)
    roll = Rollup(data)
    steps: list[tuple[str, Callable[[Any, Styler], int]]] = []
    for form in data.forms:
        steps.append((names.summary[form.id], partial(_summary, data=data, roll=roll, form=form, names=names)))
    for form in data.forms:
        steps.append((names.regions[form.id], partial(_regions, data=data, roll=roll, form=form, names=names)))
    for form in data.forms:
        steps.append((names.units[form.id], partial(_units, data=data, roll=roll, form=form)))
    steps.append((names.completeness, lambda ws, s: _completeness(ws, s, data, roll, public)))
    steps.append((names.funds, lambda ws, s: _funds(ws, s, data, roll)))
    if not public:
        steps.append((names.warnings, lambda ws, s: _warnings(ws, s, data)))
        steps.append((names.contacts, lambda ws, s: _contacts(ws, s, data, roll)))
    s = Styler(wb)
    for title, fill in steps:
        fill(wb.add_worksheet(title), s)


def unit_total_row(roll: Rollup) -> int:
    return UNIT_HEADER_ROWS + len(roll.units) + 1


def _total_kind(kind: str) -> str:
    return "total_money" if kind == "money" else "total_count"


def _signature(ws: Any, s: Styler, row: int, columns: int) -> int:
    """制表人/审核人/日期 two rows below the table (row: its last row); the new last row."""
    sign = row + 2
    s.merge(ws, (sign, 1), (sign, max(columns, 2)), sign_lines(list(SIGNATURE)), "sign")
    height(ws, sign, 24)
    return sign


def _title(ws: Any, s: Styler, row: int, columns: int, text: str, width: float) -> None:
    s.merge(ws, (row, 1), (row, columns), text, "title")
    height(ws, row, max(24.0, row_height(text, width / 1.3, 20)))  # 14 pt: fewer characters a line


def _summary(ws: Any, s: Styler, data: CampaignData, roll: Rollup, form: Form, names: Names) -> int:
    got, asked = roll.reported()
    cols = [6, 7, LABEL_WIDTH, 10, 10, 16]
    widths(ws, cols)
    ws.freeze_panes(3, 0)
    _title(ws, s, 1, 6, form.title, sum(cols))
    s.merge(ws, (2, 1), (2, 6), f"{data.campaign.title}　已报 {got}/{asked} 个单位（未报单位不计入合计）", "note")
    s.row(ws, 3, [*layout.HEADINGS, "合计"], "header")
    totals = roll.total(form)
    total_row = unit_total_row(roll)
    units = layout.quote_sheet(names.units[form.id])
    r, last_height = 3, 18.0
    for n, row in enumerate(formshape.rows(form)):
        r += 1
        item = row.item
        if row.group_start:
            label_height = row_height(row.label, LABEL_WIDTH - 2 * row.depth)
            last_height = max(18.0, label_height / max(1, row.group_size))
        height(ws, r, last_height)
        unit = "个（答“是”的单位数）" if item.kind == "yesno" else item.unit
        if got == 0:
            value: Any = MISSING  # nobody reported: missing, never zero
        else:
            value = Formula(f"={units}!{col(FIRST_ITEM_COL + n)}{total_row}", totals[item.code])
        if row.group_size > 1:
            s.merge(ws, (r, 1), (r + row.group_size - 1, 1), item.no, "center")
            s.merge(ws, (r, 3), (r + row.group_size - 1, 3), row.label, "text", indent=row.depth)
        elif row.group_start and not row.measure:
            s.write(ws, r, 1, item.no, "center")
            s.merge(ws, (r, 3), (r, 4), row.label, "text", indent=row.depth)
        elif row.group_start:
            s.write(ws, r, 1, item.no, "center")
            s.write(ws, r, 3, row.label, "text", indent=row.depth)
        s.write(ws, r, 2, item.code, "center")
        if row.measure or not row.group_start or row.group_size > 1:
            s.write(ws, r, 4, row.measure, "center")
        s.write(ws, r, 5, unit, "center")
        s.write(ws, r, 6, value, "missing" if value == MISSING else number_kind("count" if item.kind == "yesno" else item.kind))
    last = _signature(ws, s, r, 6)
    setup_page(ws, title_rows=(3, 3), columns=6, last_row=last)
    return last


def _units(ws: Any, s: Styler, data: CampaignData, roll: Rollup, form: Form) -> int:
    items = form.items
    units = roll.units
    widths(ws, [fit([u.id for u in units], 10, 24), fit([u.name for u in units], 12, 36), 14, 10, *[12] * len(items)])
    ws.freeze_panes(UNIT_HEADER_ROWS, FIRST_ITEM_COL - 1)
    s.row(ws, 1, [*UNIT_HEADINGS, *[i.code for i in items]], "header")
    height(ws, 2, min(100.0, max(30.0, max((row_height(i.title, 12) for i in items), default=30.0))))
    for c, h in enumerate(UNIT_HEADINGS, start=1):
        s.merge(ws, (1, c), (2, c), h, "header")
    for c, i in enumerate(items, start=FIRST_ITEM_COL):
        s.write(ws, 2, c, i.title, "header")
    # the bulk of a national workbook: written with XlsxWriter's own calls and a handful of
    # formats (money keeps its 4-decimal format, counts and 是/否 use the plain one)
    plain, money_fmt = s.fmt("bare"), s.fmt("money")
    missing_fmt, center = s.fmt("missing"), s.fmt("center")
    money = [i.kind == "money" for i in items]
    write_number, write_string = ws.write_number, ws.write_string
    first = UNIT_HEADER_ROWS + 1
    for n, u in enumerate(units):
        r = UNIT_HEADER_ROWS + n  # 0-based
        sub = data.submissions.get(u.id)
        values = sub.forms.get(form.id) if sub is not None else None
        arrival = data.arrivals.get(u.id)
        status = arrival.status if arrival else (ON_TIME if sub else MISSING)
        if values is None:
            status = MISSING
        s.write(ws, r + 1, 1, u.id, "bare")
        s.write(ws, r + 1, 2, u.name, "bare")
        s.write(ws, r + 1, 3, roll.region_name(u.id), "bare")
        write_string(r, 3, status, missing_fmt if status == MISSING else center)
        if values is None:
            for c in range(len(items)):
                write_string(r, FIRST_ITEM_COL - 1 + c, MISSING, missing_fmt)
            continue
        for c, (i, m) in enumerate(zip(items, money, strict=True), start=FIRST_ITEM_COL - 1):
            v = values.get(i.code, MISSING)
            if type(v) is str:
                write_string(r, c, v, missing_fmt if v == MISSING else plain)
            else:
                write_number(r, c, float(v) if type(v) is Decimal else v, money_fmt if m else plain)
    last = UNIT_HEADER_ROWS + len(units)
    got, asked = roll.reported()
    totals = roll.total(form)
    total = last + 1
    s.row(ws, total, ["合计", f"已报 {got}/{asked}", None, None], "total_text")
    for n, item in enumerate(items):
        letter = col(FIRST_ITEM_COL + n)
        if got == 0:
            s.write(ws, total, FIRST_ITEM_COL + n, MISSING, "missing")
            continue
        if item.kind == "yesno":
            value = Formula(f'=COUNTIF({letter}{first}:{letter}{last},"{YES}")', totals[item.code])
        else:
            value = Formula(f"=SUM({letter}{first}:{letter}{last})", totals[item.code])
        s.write(ws, total, FIRST_ITEM_COL + n, value, _total_kind(item.kind))
    columns = len(UNIT_HEADINGS) + len(items)
    end = _signature(ws, s, total, min(columns, 8))
    # a form's every item side by side cannot fit one page's width legibly: pages across,
    # each repeating the unit's id and name and the two heading rows
    setup_page(ws, landscape=True, title_rows=(1, 2), columns=columns, last_row=end, fit_width=False)
    ws.repeat_columns(0, 1)
    ws.set_print_scale(80)
    return end


def _criterion(text: str) -> str:
    """A COUNTIF/SUMIF criterion (as a formula string literal) that matches text exactly:
    "=" first (so text like ">5" is not a comparison), wildcards escaped with "~"."""
    escaped = text.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    return '"' + ("=" + escaped).replace('"', '""') + '"'


def _regions(ws: Any, s: Styler, data: CampaignData, roll: Rollup, form: Form, names: Names) -> int:
    regions = roll.regions
    columns = 4 + len(regions)
    cols = [7, 44, 10, *[12] * (len(regions) + 1)]
    widths(ws, cols)
    ws.freeze_panes(3, 3)
    _title(ws, s, 1, columns, f"{form.title}（分地区汇总）", sum(cols))
    s.row(ws, 2, ["代码", "项目", "单位", *[r.display for r in regions], "合计"], "header")
    height(ws, 2, max(30.0, max((row_height(r.display, 12) for r in regions), default=30.0)))
    reported = [roll.reported(r.id) for r in regions]
    got, asked = roll.reported()
    s.row(ws, 3, ["", "已报/应报单位数", "个"], "center")
    s.write(ws, 3, 2, "已报/应报单位数", "plain")
    for c, (g, a) in enumerate([*reported, (got, asked)], start=4):
        s.write(ws, 3, c, f"{g}/{a}", "center")
    by_region = roll.region_totals(form)
    totals = roll.total(form)
    units = layout.quote_sheet(names.units[form.id])
    first, last = UNIT_HEADER_ROWS + 1, UNIT_HEADER_ROWS + len(roll.units)
    total_row = unit_total_row(roll)
    where = f"{units}!$C${first}:$C${last}"
    # a region is found by its name in the per-unit sheet's region column: live formulas
    # only where that name is the region's alone
    displays = [r.display for r in regions]
    r = 3
    for n, item in enumerate(form.items):
        r += 1
        unit = "个（答“是”的单位数）" if item.kind == "yesno" else item.unit
        kind = number_kind("count" if item.kind == "yesno" else item.kind)
        height(ws, r, max(18.0, row_height(item.title, 44)))
        s.write(ws, r, 1, item.code, "center")
        s.write(ws, r, 2, item.title, "text")
        s.write(ws, r, 3, unit, "center")
        letter = col(FIRST_ITEM_COL + n)
        what = f"{units}!{letter}${first}:{letter}${last}"
        for c, (region, (g, _)) in enumerate(zip(regions, reported, strict=True), start=4):
            value: Any = by_region[region.id][item.code]
            if g == 0:
                s.write(ws, r, c, MISSING, "missing")
                continue
            if displays.count(region.display) == 1:
                crit = _criterion(region.display)
                text = (f'=COUNTIFS({where},{crit},{what},"{YES}")' if item.kind == "yesno"
                        else f"=SUMIF({where},{crit},{what})")
                value = Formula(text, value)
            s.write(ws, r, c, value, kind)
        total: Any = MISSING if got == 0 else Formula(f"={units}!{letter}{total_row}", totals[item.code])
        s.write(ws, r, columns, total, "missing" if got == 0 else _total_kind(item.kind))
    end = _signature(ws, s, r, min(columns, 8))
    setup_page(ws, landscape=True, title_rows=(2, 3), columns=columns, last_row=end)
    return end


def _completeness(ws: Any, s: Styler, data: CampaignData, roll: Rollup, public: bool) -> int:
    headings = ["单位编号", "单位名称", "所属地区", "报送状态", "到达时间（北京时间）", "时间来源"]
    if not public:
        headings.append("审核人")
    cols = [fit([u.id for u in roll.units], 10, 24), fit([u.name for u in roll.units], 12, 36), 14, 10, 20, 10, 24]
    widths(ws, cols)
    ws.freeze_panes(2, 0)
    _title(ws, s, 1, len(headings), f"{data.campaign.title}报送情况（截止日期 {data.campaign.deadline}）", sum(cols[:len(headings)]))
    s.row(ws, 2, headings, "header")
    counts: dict[str, int] = {}
    r = 2
    for u in roll.units:
        r += 1
        a = data.arrivals.get(u.id)
        status = a.status if a else (ON_TIME if u.id in data.submissions else MISSING)
        counts[status] = counts.get(status, 0) + 1
        when = a.time.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if a and a.time else "—"
        s.write(ws, r, 1, u.id, "plain")
        s.write(ws, r, 2, u.name, "plain")
        s.write(ws, r, 3, roll.region_name(u.id), "plain")
        s.write(ws, r, 4, status, "missing" if status == MISSING else "center")
        s.write(ws, r, 5, when, "center")
        s.write(ws, r, 6, (a.source if a else "") or "—", "center")
        if not public:
            s.write(ws, r, 7, "、".join(data.registry.reviewers_of(u.id)), "plain")
    # the 合计 line counts the statuses live, and carries what it counts to
    first, last = 3, r
    order = [k for k in (ON_TIME, LATE, MISSING) if k in counts] + [k for k in counts if k not in (ON_TIME, LATE, MISSING)]
    parts = "&\"；\"&".join(f'"{k} "&COUNTIF(D{first}:D{last},"{k}")&" 个"' for k in order) or '""'
    cached = "；".join(f"{k} {counts[k]} 个" for k in order)
    formula = Formula(f'="共 "&COUNTA(A{first}:A{last})&" 个单位："&{parts}', f"共 {len(roll.units)} 个单位：{cached}")
    total = r + 1
    s.write(ws, total, 1, "合计", "total_text")
    s.merge(ws, (total, 2), (total, len(headings)), formula, "total_text")
    end = _signature(ws, s, total, len(headings))
    setup_page(ws, landscape=True, title_rows=(2, 2), columns=len(headings), last_row=end)
    return end


def _warnings(ws: Any, s: Styler, data: CampaignData) -> int:
    headings = ("单位编号", "单位名称", "文件", "行", "规则", "提示", "填报单位说明")
    cols = [16, 24, 36, 6, 16, 70, 36]
    widths(ws, cols)
    ws.freeze_panes(2, 0)
    _title(ws, s, 1, 7, f"{data.campaign.title}审核提示（警告不阻止汇总，请审核人核实）", sum(cols))
    s.row(ws, 2, list(headings), "header")
    r = 2
    for f in sorted(data.warnings):
        r += 1
        uid = Path(f.file).stem
        unit = data.registry.get(uid)
        s.row(ws, r, [uid, unit.name if unit else "", f.file], "plain")
        s.write(ws, r, 4, f.line, "count")
        s.write(ws, r, 5, f.rule, "plain")
        s.write(ws, r, 6, f.message, "text")
        s.write(ws, r, 7, f.hint, "text")
        height(ws, r, max(row_height(f.message, 70), row_height(f.hint or "", 36), 18.0))
    if not data.warnings:
        r += 1
        s.write(ws, r, 1, "（无警告）", "plain")
    end = _signature(ws, s, r, 7)
    setup_page(ws, landscape=True, title_rows=(2, 2), columns=7, last_row=end)
    return end


def _funds(ws: Any, s: Styler, data: CampaignData, roll: Rollup) -> int:
    # The union-funds item is money raised (筹集慰问款物 from 工会经费), the allocation being part
    # of it: the sheet sets what each unit raised from union funds beside what it was allocated.
    headings = ("单位编号", "单位名称", "下拨经费（万元）", "报告筹集的工会经费（万元）", "筹集减下拨（万元）", "筹集为下拨的")
    cols = [16, 30, 16, 22, 14, 10]
    widths(ws, cols)
    ws.freeze_panes(2, 0)
    _title(ws, s, 1, 6, f"{data.campaign.title}经费下拨与工会经费筹集", sum(cols))
    s.row(ws, 2, list(headings), "header")
    regions = {r.id for r in roll.regions}
    r = 2
    for uid, (amount, used) in data.funds_used().items():
        r += 1
        unit = data.registry.get(uid)
        ids = roll.members.get(uid, []) if uid in regions else [uid]
        none_reported = not any(i in data.submissions for i in ids)
        s.write(ws, r, 1, uid, "plain")
        s.write(ws, r, 2, unit.name if unit else uid, "plain")
        s.write(ws, r, 3, Decimal(amount), "money")
        if used is None or none_reported:
            for c in (4, 5, 6):
                s.write(ws, r, c, MISSING if none_reported else "—", "missing")
            continue
        diff = Decimal(used) - Decimal(amount)
        s.write(ws, r, 4, used, "money")
        s.write(ws, r, 5, Formula(f"=D{r}-C{r}", diff), "total_money")
        ratio = Decimal(used) / Decimal(amount) if amount else None
        s.write(ws, r, 6, Formula(f'=IF(C{r}=0,"—",D{r}/C{r})', "—" if ratio is None else float(ratio)), "percent")
    end = _signature(ws, s, r, 6)
    setup_page(ws, title_rows=(2, 2), columns=6, last_row=end)
    return end


def _contacts(ws: Any, s: Styler, data: CampaignData, roll: Rollup) -> int:
    headings = ("单位编号", "单位名称", "填报人", "联系电话", "填报日期")
    cols = [16, 30, 12, 18, 12]
    widths(ws, cols)
    ws.freeze_panes(2, 0)
    _title(ws, s, 1, 5, f"{data.campaign.title}填报人联系方式（内部资料，不得公开）", sum(cols))
    s.row(ws, 2, list(headings), "header")
    r = 2
    for u in roll.units:
        r += 1
        sub = data.submissions.get(u.id)
        s.write(ws, r, 1, u.id, "plain")
        s.write(ws, r, 2, u.name, "plain")
        if sub is None:
            for c in (3, 4, 5):
                s.write(ws, r, c, MISSING, "missing")
        else:
            s.write(ws, r, 3, sub.reporter, "plain")
            s.write(ws, r, 4, sub.phone, "plain")
            s.write(ws, r, 5, sub.date, "center")
    end = _signature(ws, s, r, 5)
    setup_page(ws, title_rows=(2, 2), columns=5, last_row=end)
    return end

