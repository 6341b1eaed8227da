"""Campaign summary pages (活动数据): one page per campaign and one per city or industry
system, generated from the accepted reports only.

Layout follows the form definitions (sections, wholes and parts, pairs); no item code is
written here. Every figure on a summary page is the sum of the unit figures listed on the
region pages, and each unit links to its YAML file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..aggregate import CampaignData
from ..forms import Form, Item
from ..formshape import is_top, item_label, parts, sections
from ..timeliness import LATE, MISSING, ON_TIME
from .svg import STATUS_PALETTE, bar_chart
from .text import attr, change, code, grouped, inline, number, rounded, with_title

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
#
# The page leads with what the public asks (how many people, how much money, which regions);
# each form's sections have a page of their own, long tables sit in collapsed blocks, and the
# files are described on the campaign's downloads page. The page is a list of blocks, each a
# function of (data, previous campaign, links) returning Markdown lines: adding a section to
# every campaign page is adding one function to PAGE_BLOCKS (or passing `blocks`).

Block = Callable[[CampaignData, "CampaignData | None", Links], list[str]]


def form_page_path(campaign_id: str, form_id: str) -> str:
    """A form's page, relative to the campaign's folder of pages (region pages sit beside it
    as <region>.md; this folder cannot collide with them)."""
    return f"forms/{slug(form_id)}.md"


def downloads_page_path(campaign_id: str) -> str:
    """The campaign's downloads page, relative to the staged docs folder: beside the files."""
    return f"downloads/{slug(campaign_id)}/index.md"


def _demo_note(data: CampaignData) -> list[str]:
    if data.campaign.fictional or data.registry.fictional:
        return ['!!! warning "演示数据"', "    本页所有单位和数字都是虚构的，仅用于演示。", ""]
    return []


def card_figure(item: Item, value: int | Decimal) -> str:
    """A headline figure as read on a card: thousands separators; money to one decimal (more
    only when the amount is below one 万元), the exact amount is in the tables and files."""
    if item.kind == "money":
        return rounded(Decimal(value), 1 if abs(Decimal(value)) >= 1 else 2)
    return grouped(value)


def cards(form: Form, totals: dict[str, int | Decimal], items: Sequence[Item]) -> str:
    return (
        '<div class="warmth-cards">'
        + "".join(
            f'<div class="warmth-card"><span class="warmth-card-value">{attr(card_figure(i, totals.get(i.code, 0)))}</span>'
            f'<span class="warmth-card-unit">{attr(i.unit)}</span>'
            f'<span class="warmth-card-label">{attr(item_label(form, i))}</span></div>'
            for i in items
        )
        + "</div>"
    )


def headline_block(data: CampaignData, previous: CampaignData | None, links: Links) -> list[str]:
    main = data.forms[0]
    got, asked = data.reported()
    total = data.total(main)
    lead = f"已审核通过 {got} 份报告（应报 {asked} 个单位），下列数字是这些报告之和；未报单位不计入，也不按零计算。"
    if any(i.kind == "money" for i in headline_items(main)):
        lead += "卡片上的金额是四舍五入的（1 万元以上到 0.1 万元），精确数字见各表和下载文件。"
    return ["## 主要数字", "", lead, "", cards(main, total, headline_items(main)), ""]


def regions_block(data: CampaignData, previous: CampaignData | None, links: Links) -> list[str]:
    form = data.forms[0]
    rtot = data.region_totals(form)
    lines = ["## 各市和产业系统", "",
             "各地区页面列出本地区每个报送单位的数字和报告原文：" + "　".join(
                 f"[{inline(r.display)}]({slug(r.id)}.md){{ .warmth-nowrap }}" for r in data.regions), ""]
    for whole in chart_wholes(form):
        lines += [bar_chart(
            f"各地区{item_label(form, whole)}（{whole.unit}）",
            [(r.display, rtot[r.id].get(whole.code, 0)) for r in data.regions], whole.unit,
        ), ""]
    cols = headline_items(form)
    head = ["地区", "已报/应报"] + [column_head(form, i, limit=len(item_label(form, i))) for i in cols]  # names whole
    rows = []
    for r in data.regions:
        g, a = data.reported(r.id)
        rows.append([f"[{inline(r.name)}]({slug(r.id)}.md)", f"{g}/{a}"] + [number(rtot[r.id].get(i.code, 0)) for i in cols])
    got, asked = data.reported()
    total = data.total(form)
    rows.append(["**合计**", f"{got}/{asked}"] + [f"**{number(total.get(i.code, 0))}**" for i in cols])
    lines += collapsed(f"各地区{inline(form.name)}主要数字（表格，{len(data.regions)} 个地区）",
                       _table(head, rows, "lr" + "r" * len(cols)))
    return lines


def forms_block(data: CampaignData, previous: CampaignData | None, links: Links) -> list[str]:
    lines = ["## 各表分项数字", "", "每张统计表的每一部分（图表和全部项目）在单独的页面上：", ""]
    for form in data.forms:
        groups = display_sections(form)
        lines.append(f"- [{inline(form.title)}]({form_page_path(data.campaign.id, form.id)})："
                     f"{len(groups)} 部分，{len(form.items)} 个项目")
    return [*lines, ""]


def funds_block(data: CampaignData, previous: CampaignData | None, links: Links) -> list[str]:
    if not data.campaign.funds:
        return []
    lines = ["## 资金下拨", "",
             "通知下拨给各单位的送温暖资金，以及各地区报告中来自工会经费的慰问款物（地区合计）。", ""]
    rows = []
    for uid, (amount, used) in data.funds_used().items():
        rows.append([inline(_name(data, uid)), number(amount), "—" if used is None else number(used)])
    return lines + _table(["单位", "下拨资金（万元）", "报告的工会经费（万元）"], rows, "lrr")


def completeness_block(data: CampaignData, previous: CampaignData | None, links: Links) -> list[str]:
    c = data.campaign
    unit_ids = [u.id for u in data.units]
    counts = status_counts(data, unit_ids)
    asked = len(unit_ids)
    lines = ["## 报送情况", "",
             f"应报 {asked} 个单位：按时报送 {counts[ON_TIME]} 个，逾期报送 {counts[LATE]} 个，未报 {counts[MISSING]} 个。"
             f"截止日期为 {inline(c.deadline)}（北京时间当日 24 时前收到为按时）。", ""]
    lines += [bar_chart("报送情况", [(s, counts[s]) for s in STATUS_ORDER], "个单位", palette=STATUS_PALETTE), ""]
    lines += _table(["状态", "单位数"], [[s, str(counts[s])] for s in STATUS_ORDER], "lr")  # the chart's figures
    lines += collapsed(f"各单位报送情况（{asked} 个单位）",
                       _table(["单位", "所属地区", "状态", "收到时间（北京时间）"], completeness_rows(data, unit_ids)))
    return lines


def comparison_block(data: CampaignData, previous: CampaignData | None, links: Links) -> list[str]:
    return comparison(data, previous) if previous is not None else []


def downloads_block(data: CampaignData, previous: CampaignData | None, links: Links) -> list[str]:
    lines = ["## 下载", ""]
    if links.downloads:
        lines += [f"汇总工作簿（Excel）、每张表的 CSV 数据和数据包说明，[每个文件的内容见下载页]"
                  f"(../../{downloads_page_path(data.campaign.id)})：", ""]
        lines += [f"- [{inline(p.rsplit('/', 1)[-1])}](../../{p})：{inline(_describe(data, p.rsplit('/', 1)[-1])[0])}"
                  for p in links.downloads]
        lines.append("")
    else:
        lines += ["（本次构建没有生成数据文件。）", ""]
    for fid, path in links.templates.items():
        if fid in data.campaign.forms:
            lines.append(f"- 空白表格：[{inline(fid)}.xlsx](../../{path})")
    return [*lines, ""]


PAGE_BLOCKS: list[Block] = [headline_block, regions_block, forms_block, funds_block,
                            completeness_block, comparison_block, downloads_block]


def campaign_page(data: CampaignData, previous: CampaignData | None, links: Links,
                  blocks: Sequence[Block] | None = None) -> str:
    c = data.campaign
    lines = [f"# {inline(c.title)}：汇总数据", "", *_demo_note(data)]
    lines += [
        f"发文单位：{inline(_name(data, c.issuer))}　文号：{inline(c.doc_number)}　"
        f"报送截止：{inline(c.deadline)}　[阅读通知](../../notices/{slug(c.id)}.md)",
        "",
        "每个数字都能在各地区页面上查到来自哪个单位的哪份文件。",
        "",
    ]
    for block in PAGE_BLOCKS if blocks is None else blocks:
        lines += block(data, previous, links)
    return with_title("\n".join(lines), f"{c.title}：汇总数据")


def collapsed(summary: str, body: Sequence[str], kind: str = "note") -> list[str]:
    """A collapsed block (pymdownx.details) holding `body`; `summary` is already safe."""
    return [f'??? {kind} "{summary}"', "", *["    " + ln if ln else "" for ln in body], ""]


# -- a form's page -------------------------------------------------------------------------

def display_sections(form: Form) -> list[tuple[str, list[Item]]]:
    """The form's numbered sections as the site shows them, each with a heading that says what
    is under it: within a section, a top-level item (not a part, not a paired money item)
    starts a group of its own, headed by its own label, unless its parts are the money of the
    parts already shown (D1..D11 paired with C1..C11 stay with C). So the new-employment-form
    workers (J3/J4) are not shown under the heading of the epidemic workers (J1/J2)."""
    out: list[tuple[str, list[Item]]] = []
    for sec in sections(form):
        groups: list[tuple[str, list[Item]]] = [(sec.title, [])]
        for item in sec.items:
            title_, cur = groups[-1]
            if cur and is_top(item):
                if _pays_for(form, item, cur):  # its money joins the heading: 慰问对象总计和发放款物总计
                    groups[-1] = (f"{title_}和{item.label}", cur)
                else:
                    groups.append((item.label, []))
            groups[-1][1].append(item)
        out += groups
    return out


def _pays_for(form: Form, item: Item, shown: Sequence[Item]) -> bool:
    """Whether item's parts are all the paired money of items shown (or their parts)."""
    own = parts(form, item.code)
    codes = {i.code for i in shown}

    def shown_or_part_of_shown(code: str | None) -> bool:
        other = form.by_code.get(code or "")
        return other is not None and (other.code in codes or other.parent in codes)

    return bool(own) and all(shown_or_part_of_shown(p.pair) for p in own)


def form_page(data: CampaignData, form: Form, links: Links) -> str:
    c = data.campaign
    totals = data.total(form)
    got, asked = data.reported()
    up = "../" * 3
    lines = [f"# {inline(form.title)}", "", *_demo_note(data),
             f"{inline(c.title)}（[汇总页](../index.md)）：已审核通过 {got} 份报告（应报 {asked} 个单位）的合计。"
             f"表式编号 {code(form.id)}，每个项目的含义见[项目说明]({up}guide/items.md#{slug(form.id)})。", ""]
    tops = headline_items(form)
    if tops:
        lines += [cards(form, totals, tops), ""]
    for title_text, items in display_sections(form):
        lines += [f"## {inline(title_text)}", ""]
        for whole in items:
            ps = [p for p in parts(form, whole.code) if p.kind != "yesno"]
            if not ps or whole.kind == "yesno":
                continue
            title_ = f"{item_label(form, whole)}（{whole.unit}）的构成"
            lines += [bar_chart(title_, [(f"{p.code} {item_label(form, p)}", totals.get(p.code, 0)) for p in ps], whole.unit), ""]
        rows = [[i.code, inline(item_label(form, i)), total_text(i, totals.get(i.code, 0)), unit_text(i)] for i in items]
        table = _table(["代码", "项目", "合计", "单位"], rows, "llrl")
        lines += collapsed(f"全部项目和合计（{len(items)} 项）", table) if len(items) > 3 else table
    return with_title("\n".join(lines), f"{c.title}：{form.title}")


# -- the downloads page --------------------------------------------------------------------

def _describe(data: CampaignData, name: str) -> tuple[str, str]:
    """(what a download is, what it holds) from the data package's own description."""
    from ..publicdata import datapackage  # the one description of the public files

    if name.endswith(".json"):
        return ("数据包说明（Frictionless Data Package，JSON）",
                "列出本页每个 CSV 文件的每一列：代码、中文名称、类型和取值范围，以及汇总工作簿。")
    for res in datapackage(data, "").get("resources", []):
        if res.get("path") == name:
            cols = len(res.get("schema", {}).get("fields", []))
            return (f"{res['title']}（CSV，UTF-8）", f"{res['description']}共 {cols} 列，"
                    "每个项目一列，列名是项目代码和中文名称（含单位）；数字是精确值（金额单位万元，最多 4 位小数）。")
    if name.endswith(".xlsx"):
        return ("汇总工作簿（Excel）", "每张表按官方格式排版的全部合计、分地区汇总、各单位数字和报送情况；"
                "不含填报人和联系电话。数字是精确值。")
    return ("", "")


def downloads_page(data: CampaignData, links: Links) -> str:
    """What each file of a campaign holds; the page sits in the folder of the files. The
    workbook first, then each form's CSV files, then the data package that describes them."""
    from ..publicdata import regions_csv_name, units_csv_name

    c = data.campaign
    lines = [f"# {inline(c.title)}：数据下载", "", *_demo_note(data),
             f"[返回汇总页](../../data/{slug(c.id)}/index.md)。以下文件由已审核通过的报告自动汇总生成，"
             "每次合并新的报告后更新；未报单位的数字为空（不是零）。", ""]
    names = [p.rsplit("/", 1)[-1] for p in links.downloads]
    if not names:
        lines += ["（本次构建没有生成数据文件。）", ""]

    def entry(name: str) -> list[str]:
        what, holds = _describe(data, name)
        return [f"- **{inline(what or name)}**：[{inline(name)}]({name})", "", f"    {inline(holds)}", ""]

    shown: set[str] = set()
    for name in [n for n in names if n.endswith(".xlsx")]:
        lines += ["## 汇总工作簿（Excel）", "", *entry(name)]
        shown.add(name)
    for form in data.forms:
        own = [n for n in (units_csv_name(data, form), regions_csv_name(data, form)) if n in names]
        if own:
            lines += [f"## {inline(form.title)}（CSV）", ""]
            for name in own:
                lines += entry(name)
            shown.update(own)
    rest = [n for n in names if n not in shown]
    if rest:
        lines += ["## 数据包说明和其他文件", ""]
        for name in rest:
            lines += entry(name)
    tpl = [(fid, path) for fid, path in links.templates.items() if fid in c.forms]
    if tpl:
        lines += ["## 空白表格（Excel）", "", "按官方格式排版的空白统计表，填好后可用 `warmth import` 转成报送文件：", ""]
        lines += [f"- [{inline(fid)}.xlsx](../../{path})" for fid, path in tpl]
        lines.append("")
    return with_title("\n".join(lines), f"{c.title}：数据下载")


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
            lines += collapsed(f"{inline(form.name)}：上次与本次（{len(rows)} 项）",
                               _table(["代码", "项目", "单位", "上次", "本次", "变化"], rows, "lllrrr"))
    if not any_rows:
        lines += ["两次活动的表式没有可以比较的项目。", ""]
    return lines


def campaigns_index(datas: Sequence[CampaignData]) -> str:
    lines = []
    for d in sorted(datas, key=lambda d: d.campaign.issued, reverse=True):
        got, asked = d.reported()
        lines.append(f"- [{inline(d.campaign.title)}]({slug(d.campaign.id)}/index.md)：已收到 {got} 份报告（应报 {asked} 个单位），截止 {inline(d.campaign.deadline)}")
    return "\n".join(lines) + "\n"
