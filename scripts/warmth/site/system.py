"""A notice's own system on the site: the blocks of the notice page that come from the
campaign's upstream notice, targets, activities, focus items, payment rules, phases and fund
allocation, and the progress page of a campaign (visiting groups, deliverables per unit).

Called from a small hook in notices.py (the blocks) and pages.py (the progress page and the
line that links it from the campaign's summary page); the summary page's layout is not here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from ..aggregate import CampaignData
from ..campaigns import Campaign
from ..forms import Form
from ..notice import DELIVERABLE_ZH, DONE, LATE_, MISSING_, deliverables
from ..timeliness import MISSING
from .text import inline, number

PROGRESS_PAGE = "work_progress"  # an underscore: no unit id's slug can take this name


def _date_zh(iso: object) -> str:
    s = str(iso)
    if len(s) == 10 and s[4] == "-" and s[7] == "-":
        return f"{int(s[:4])}年{int(s[5:7])}月{int(s[8:])}日"
    return s


def _table(head: list[str], rows: list[list[str]], align: str = "") -> str:
    aligns = [("---:" if c == "r" else "---") for c in align.ljust(len(head), "l")]
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join(aligns) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out) + "\n"


# -- notice page blocks --------------------------------------------------------------------------

def upstream_block(c: Campaign) -> str:
    up = c.upstream
    if not up:
        return ""
    return (
        f"本通知转发并落实{inline(up['issuer'])}《{inline(up['title'])}》（{inline(up['doc_number'])}）。"
        f"上级规定的报送截止日期是{_date_zh(up['deadline'])}；本通知要求各单位在"
        f"**{_date_zh(c.deadline)}**前报送，以便汇总后按时上报。\n"
    )


def targets_block(c: Campaign) -> str:
    rows = c.raw.get("targets") or []
    return "".join(f"{n}. {inline(t)}\n" for n, t in enumerate(rows, 1)) or "通知未另列慰问对象。\n"


def activities_block(c: Campaign) -> str:
    rows = c.raw.get("activities") or []
    if not rows:
        return "通知未另列活动内容。\n"
    return "".join(f"{n}. **{inline(a['name'])}**" + (f"：{inline(a['content'])}" if a.get("content") else "") + "\n"
                   for n, a in enumerate(rows, 1))


def focus_block(c: Campaign, forms: Mapping[str, Form]) -> str:
    rows = c.raw.get("focus") or []
    if not rows:
        return "通知未另列重点慰问对象。\n"
    by_code: dict[str, tuple[Form, Any]] = {}
    for fid in c.forms:
        form = forms.get(fid)
        if form is not None:
            for item in form.items:
                by_code.setdefault(item.code, (form, item))
    out = []
    for f in rows:
        items = []
        for code in f["items"]:
            found = by_code.get(code)
            items.append(f"{inline(code)} {inline(found[1].title)}" if found else inline(code))
        out.append([inline(f["target"]), "；".join(items), inline(f.get("note", "")) or "—"])
    return _table(["重点对象", "统计表中的项目", "要求"], out)


def payment_block(c: Campaign) -> str:
    rows = c.raw.get("payment") or []
    return "".join(f"- {inline(p)}\n" for p in rows) or "通知未另作规定。\n"


def phases_block(c: Campaign) -> str:
    if not c.phases:
        return f"统计表和文字报告在{_date_zh(c.deadline)}前一并报送。\n"
    rows = [[inline(p["name"]), _date_zh(p["due"]), "、".join(DELIVERABLE_ZH[d] for d in p["deliverables"])] for p in c.phases]
    note = ""
    if c.asks_plan:
        note = "\n工作方案写在本单位报送文件的 `plan` 下（`date` 为方案印发或报出的日期，`text` 为方案要点），随总结一起提交；方案是否按时，以方案日期对照本阶段的截止日期判断。\n"
    return _table(["阶段", "截止日期", "应交材料"], rows) + note


def funds_block(c: Campaign, name: Callable[[str], str]) -> str:
    funds = c.funds
    if not funds:
        return "本次活动没有资金分配表。\n"
    total = sum((Decimal(str(v)) for v in funds.values()), Decimal(0))
    rows = [[inline(name(uid)), number(v)] for uid, v in funds.items()]
    rows.append(["**合计**", f"**{number(total)}**"])
    note = ""
    if c.funds_compare:
        note = ("\n各单位报告的工会经费少于分配给它的资金时，检查给出警告（funds-allocation），"
                f"对照结果见[本次活动的工作进度](../data/{c.id}/{PROGRESS_PAGE}.md)。\n")
    return _table(["单位", "分配资金（万元）"], rows, "lr") + note


def blocks(c: Campaign, forms: Mapping[str, Form], name: Callable[[str], str]) -> dict[str, Callable[[], str]]:
    """The notice page's markers this module fills."""
    return {
        "upstream": lambda: upstream_block(c),
        "targets": lambda: targets_block(c),
        "activities": lambda: activities_block(c),
        "focus": lambda: focus_block(c, forms),
        "payment": lambda: payment_block(c),
        "phases": lambda: phases_block(c),
        "funds": lambda: funds_block(c, name),
    }


def default_sections(c: Campaign) -> str:
    """Sections of a notice page without a hand-written text, for what the campaign holds."""
    raw = c.raw
    parts = []
    if c.upstream:
        parts.append("## 上级通知\n\n<!-- warmth:upstream -->\n")
    for key, title in (("targets", "慰问对象"), ("activities", "活动内容"), ("focus", "重点慰问对象"),
                       ("payment", "资金发放要求")):
        if raw.get(key):
            parts.append(f"## {title}\n\n<!-- warmth:{key} -->\n")
    if c.phases:
        parts.append("## 工作安排\n\n<!-- warmth:phases -->\n")
    if c.funds:
        parts.append("## 附件：资金分配表\n\n<!-- warmth:funds -->\n")
    return "\n".join(parts)


# -- the progress page ---------------------------------------------------------------------------

def has_progress(c: Campaign) -> bool:
    return bool(c.phases) or bool(c.funds_compare) or any(g.get("visits") for g in c.groups)


def groups_progress(data: CampaignData) -> list[str]:
    c = data.campaign
    groups = [g for g in c.groups if g.get("visits")]
    if not groups:
        return []
    lines = ["## 慰问组进度", "",
             "各慰问组在每个地点看望的对象、是否已经走访（发文单位补写的走访日期），以及该地单位的报告是否已经收到。", ""]
    arrivals = data.arrivals
    for g in groups:
        visits = g["visits"]
        done = sum(1 for v in visits if v.get("visited"))
        lines += [f"### {inline(g['name'])}", "",
                  f"带队：{inline(g.get('leader', ''))}；时间：{inline(g.get('dates', '')) or '—'}。"
                  f"已走访 {done}/{len(visits)} 个地点。", ""]
        rows = []
        for v in visits:
            uid = v.get("unit")
            if uid is None:
                report = "—"
            else:
                a = arrivals.get(uid)
                report = MISSING if a is None else a.status
            visited = f"已走访（{_date_zh(v['visited'])}）" if v.get("visited") else "未走访"
            rows.append([inline(v["place"]), "、".join(inline(t) for t in v["targets"]), visited, report])
        lines.append(_table(["地点", "慰问对象", "走访", "该地报告"], rows))
    return lines


def deliverables_section(data: CampaignData) -> list[str]:
    c = data.campaign
    if not c.phases:
        return []
    rows_by_unit = deliverables(data.repo, c, list(data.arrivals.values()))
    kinds = [(d, p) for p in c.phases for d in p["deliverables"]]
    head = ["单位"] + [f"{DELIVERABLE_ZH[d]}（{_date_zh(p['due'])}前）" for d, p in kinds]
    counts = {(d, s): 0 for d, _ in kinds for s in (DONE, LATE_, MISSING_)}
    rows = []
    for u in data.units:
        cells = [inline(u.name)]
        for d in rows_by_unit.get(u.id, []):
            counts[(d.kind, d.state)] += 1
            cells.append(d.state + (f"（{inline(d.when)}）" if d.when else ""))
        rows.append(cells)
    summary = "；".join(f"{DELIVERABLE_ZH[d]}已交 {counts[(d, DONE)]}、逾期 {counts[(d, LATE_)]}、未交 {counts[(d, MISSING_)]}"
                       for d, _ in kinds)
    return ["## 各阶段应交材料", "",
            "工作方案按报送文件中 plan 的日期判断是否按时；文字报告和统计表按报告收到的时间（北京时间）判断。", "",
            summary + "。", "", _table(head, rows)]


def funds_section(data: CampaignData) -> list[str]:
    c = data.campaign
    if not c.funds_compare:
        return []
    rows = []
    for uid, (amount, used) in data.funds_used().items():
        u = data.registry.get(uid)
        if used is None:
            verdict = "—"
        elif uid not in data.submissions and not data.region_units(uid):
            verdict = "未报"
        elif used < amount:
            verdict = f"少 {number(amount - used)}"
        else:
            verdict = "不少于分配"
        rows.append([inline(u.name if u else uid), number(amount), "—" if used is None else number(used), verdict])
    return ["## 资金分配与报告的工会经费", "",
            "资金分配表（通知附件）分给各单位的资金，和各单位报告中的工会经费。报告的工会经费少于分配资金的，"
            "检查给出警告，单位可在报送文件中说明原因。", "",
            _table(["单位", "分配资金（万元）", "报告的工会经费（万元）", "对照"], rows, "lrrl")]


def progress_page(data: CampaignData) -> str:
    c = data.campaign
    lines = [f"# {inline(c.title)}：工作进度", ""]
    if c.fictional:
        lines += ['!!! warning "演示数据"', "    本页的单位和数字都是虚构的，仅用于演示。", ""]
    lines += [f"通知和各阶段要求见[通知公告](../../notices/{c.id}.md)，汇总数字见[本次活动数据](index.md)。", ""]
    lines += groups_progress(data) + deliverables_section(data) + funds_section(data)
    return "\n".join(lines) + "\n"


def campaign_hook(data: CampaignData) -> str:
    """What the campaign's summary page gets from here: a line linking the progress page."""
    if not has_progress(data.campaign):
        return ""
    return (f"\n## 工作进度\n\n慰问组走访进度、各阶段应交材料和资金分配的对照见"
            f"[工作进度]({PROGRESS_PAGE}.md)。\n")
