"""Campaign summary pages (活动数据): one page per campaign and one per city or industry
system, generated from the accepted reports only.

Layout follows the form definitions (sections, wholes and parts, pairs); no item code is
written here. Every figure on a summary page is the sum of the unit figures listed on the
region pages, and each unit links to its YAML file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..aggregate import CampaignData
from ..forms import Form, Item
from ..formshape import is_top, item_label, parts, sections
from ..timeliness import LATE, MISSING, ON_TIME
from .svg import bar_chart
from .text import attr, change, code, inline, number, with_title

STATUS_ORDER = (ON_TIME, LATE, MISSING)


@dataclass(slots=True)
class Links:
    """Where the pages of one campaign link to (paths relative to the staged docs folder)."""

    downloads: list[str] = field(default_factory=list)  # public workbook, CSV, data package
    templates: dict[str, str] = field(default_factory=dict)  # form id -> blank template
    workbook: str = ""  # the campaign's blank template: all forms, the unit chosen from a list
    source_url: str = ""  # base URL of the repository's files, if the site names one


def slug(unit_id: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", unit_id.lower()).strip("-") or "unit"


def total_text(item: Item, value: int | Decimal) -> str:
    if item.kind == "yesno":
        return f"{value} 个单位填“是”"
    return number(value)


def unit_text(item: Item) -> str:
    return "个单位" if item.kind == "yesno" else item.unit


def column_head(form: Form, item: Item, limit: int = 8) -> str:
    """A short column heading for wide tables; the full name is in the tooltip and the guide."""
    label = item_label(form, item)
    short = label if len(label) <= limit else label[: limit - 1] + "…"
    return f'<span title="{attr(label)}">{item.code} {inline(short)}（{inline(item.unit)}）</span>'


def headline_items(form: Form) -> list[Item]:
    return [i for i in form.items if is_top(i) and i.kind != "yesno"]


def chart_wholes(form: Form) -> list[Item]:
    """Wholes with parts, one count and one money, to chart by region."""
    out: list[Item] = []
    for kind in ("count", "money"):
        found = next((i for i in form.items if is_top(i) and i.kind == kind and parts(form, i.code)), None)
        if found is not None:
            out.append(found)
    return out


def _name(data: CampaignData, uid: str) -> str:
    u = data.registry.get(uid)
    return u.name if u else uid


# -- building blocks -----------------------------------------------------------------------

def _table(head: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> list[str]:
    aligns = [("---:" if c == "r" else "---") for c in (align or "l" * len(head)).ljust(len(head), "l")]
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join(aligns) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


def section_blocks(form: Form, totals: dict[str, int | Decimal], heading: str = "###") -> list[str]:
    """Every section of a form: a chart for each whole with parts, then the table of all items."""
    lines: list[str] = []
    for sec in sections(form):
        lines += [f"{heading} {inline(sec.title)}", ""]
        for whole in sec.items:
            ps = [p for p in parts(form, whole.code) if p.kind != "yesno"]
            if not ps or whole.kind == "yesno":
                continue
            title = f"{item_label(form, whole)}（{whole.unit}）的构成"
            lines += [bar_chart(title, [(f"{p.code} {item_label(form, p)}", totals.get(p.code, 0)) for p in ps], whole.unit), ""]
        rows = [[i.code, inline(item_label(form, i)), total_text(i, totals.get(i.code, 0)), unit_text(i)] for i in sec.items]
        lines += _table(["代码", "项目", "合计", "单位"], rows, "llrl")
    return lines


def completeness_rows(data: CampaignData, unit_ids: Sequence[str]) -> list[list[str]]:
    rows = []
    for uid in unit_ids:
        a = data.arrivals.get(uid)
        status = a.status if a else MISSING
        when = a.time.strftime("%Y-%m-%d %H:%M") if a and a.time else "—"
        region = data.registry.get(data.region_of(uid))
        rows.append([inline(_name(data, uid)), inline(region.display if region else ""), status, when])
    return rows


def status_counts(data: CampaignData, unit_ids: Sequence[str]) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for uid in unit_ids:
        a = data.arrivals.get(uid)
        counts[a.status if a else MISSING] += 1
    return counts


# -- the campaign page ---------------------------------------------------------------------

def campaign_page(data: CampaignData, previous: CampaignData | None, links: Links) -> str:
    c = data.campaign
    main = data.forms[0]
    totals = {f.id: data.total(f) for f in data.forms}
    unit_ids = [u.id for u in data.units]
    got, asked = data.reported()
    counts = status_counts(data, unit_ids)
    lines = [f"# {inline(c.title)}：汇总数据", ""]
    if c.fictional or data.registry.fictional:
        lines += ['!!! warning "演示数据"', "    本页所有单位和数字都是虚构的，仅用于演示。", ""]
    lines += [
        f"发文单位：{inline(_name(data, c.issuer))}　文号：{inline(c.doc_number)}　"
        f"报送截止：{inline(c.deadline)}　[阅读通知](../../notices/{slug(c.id)}.md)",
        "",
        f"本页数字由已审核通过的 {got} 份报告汇总而成（应报 {asked} 个单位）。未报单位不计入合计，"
        "也不按零计算。每个数字都能在各地区页面上查到来自哪个单位的哪份文件。",
        "",
        "## 主要数字",
        "",
        '<div class="warmth-cards">'
        + "".join(
            f'<div class="warmth-card"><span class="warmth-card-value">{number(totals[main.id].get(i.code, 0))}</span>'
            f'<span class="warmth-card-unit">{inline(i.unit)}</span>'
            f'<span class="warmth-card-label">{inline(item_label(main, i))}</span></div>'
            for i in headline_items(main)
        )
        + "</div>",
        "",
    ]
    for form in data.forms:
        lines += [f"## {inline(form.title)}", "", f"表式编号 {code(form.id)}，[项目说明](../../guide/items.md#{slug(form.id)})。", ""]
        lines += section_blocks(form, totals[form.id])

    # by region
    lines += ["## 各市和产业系统", "",
              "点击名称查看该地区每个报送单位的数字和报告原文。", ""]
    for form in data.forms[:1]:
        rtot = data.region_totals(form)
        for whole in chart_wholes(form):
            lines += [bar_chart(
                f"各地区{item_label(form, whole)}（{whole.unit}）",
                [(r.display, rtot[r.id].get(whole.code, 0)) for r in data.regions], whole.unit,
            ), ""]
        cols = headline_items(form)
        head = ["地区", "已报/应报"] + [column_head(form, i) for i in cols]
        rows = []
        for r in data.regions:
            g, a = data.reported(r.id)
            rows.append([f"[{inline(r.name)}]({slug(r.id)}.md)", f"{g}/{a}"] + [number(rtot[r.id].get(i.code, 0)) for i in cols])
        rows.append(["**合计**", f"{got}/{asked}"] + [f"**{number(totals[form.id].get(i.code, 0))}**" for i in cols])
        lines += _table(head, rows, "lr" + "r" * len(cols))

    # funds allocated by the issuer, against the union funds the regions reported
    if c.funds:
        lines += ["## 资金下拨", "",
                  "通知下拨给各单位的送温暖资金，以及各地区报告中来自工会经费的慰问款物（地区合计）。", ""]
        rows = []
        for uid, (amount, used) in data.funds_used().items():
            rows.append([inline(_name(data, uid)), number(amount), "—" if used is None else number(used)])
        lines += _table(["单位", "下拨资金（万元）", "报告的工会经费（万元）"], rows, "lrr")

    # completeness
    lines += ["## 报送情况", "",
              f"应报 {asked} 个单位：按时报送 {counts[ON_TIME]} 个，逾期报送 {counts[LATE]} 个，未报 {counts[MISSING]} 个。"
              f"截止日期为 {inline(c.deadline)}（北京时间当日 24 时前收到为按时）。", ""]
    lines += [bar_chart("报送情况", [(s, counts[s]) for s in STATUS_ORDER], "个单位"), ""]
    lines += _table(["状态", "单位数"], [[s, str(counts[s])] for s in STATUS_ORDER], "lr")  # the chart's figures
    lines += _table(["单位", "所属地区", "状态", "收到时间（北京时间）"], completeness_rows(data, unit_ids))

    # comparison with the previous campaign
    if previous is not None:
        lines += comparison(data, previous)

    # downloads
    lines += ["## 下载", ""]
    if links.downloads:
        for path in links.downloads:
            name = path.rsplit("/", 1)[-1]
            lines.append(f"- [{inline(name)}](../../{path}){_describe(name)}")
        lines.append("")
    else:
        lines += ["（本次构建没有生成数据文件。）", ""]
    for fid, path in links.templates.items():
        if fid in c.forms:
            lines.append(f"- 空白表格：[{inline(fid)}.xlsx](../../{path})")
    lines.append("")
    return with_title("\n".join(lines), f"{c.title}：汇总数据")


def _describe(name: str) -> str:
    if name.endswith(".xlsx"):
        return "：汇总工作簿（Excel）"
    if name.endswith(".csv"):
        return "：数据表（CSV，UTF-8）"
    if name.endswith(".json"):
        return "：数据包说明（Frictionless Data Package）"
    return ""


def comparison(data: CampaignData, previous: CampaignData) -> list[str]:
    lines = ["## 与上次活动比较", "",
             f"上次活动：{inline(previous.campaign.title)}（{previous.reported()[0]} 份报告；"
             f"本次 {data.reported()[0]} 份）。只比较两次表式中代码和含义相同的项目；"
             "两次报送的单位不完全相同时，变化也反映了报送单位的多少。", ""]
    any_rows = False
    for form in data.forms:
        old_form = next((f for f in previous.forms if f.family == form.family), None)
        if old_form is None:
            continue
        now, then = data.total(form), previous.total(old_form)
        rows = []
        for item in headline_items(form):
            old_item = old_form.by_code.get(item.code)
            if old_item is None or old_item.unit != item.unit:
                continue
            label = inline(item_label(form, item))
            if item_label(old_form, old_item) != item_label(form, item):
                label += f"<br><small>上次名称：{inline(item_label(old_form, old_item))}</small>"
            rows.append([item.code, label, inline(item.unit),
                         number(then.get(item.code, 0)), number(now.get(item.code, 0)),
                         change(then.get(item.code, 0), now.get(item.code, 0))])
        if rows:
            any_rows = True
            lines += [f"### {inline(form.name)}", ""]
            lines += _table(["代码", "项目", "单位", "上次", "本次", "变化"], rows, "lllrrr")
    if not any_rows:
        lines += ["两次活动的表式没有可以比较的项目。", ""]
    return lines


def campaigns_index(datas: Sequence[CampaignData]) -> str:
    lines = []
    for d in sorted(datas, key=lambda d: d.campaign.issued, reverse=True):
        got, asked = d.reported()
        lines.append(f"- [{inline(d.campaign.title)}]({slug(d.campaign.id)}/index.md)：已收到 {got} 份报告（应报 {asked} 个单位），截止 {inline(d.campaign.deadline)}")
    return "\n".join(lines) + "\n"
