"""Notice pages (通知公告): the hand-written text in docs/notices/<campaign>.md, with blocks
generated from campaign.yaml where the page has a marker:

    <!-- warmth:meta -->         the official-document header (issuer, 文号, dates, contact)
    <!-- warmth:standards -->    the 慰问标准 table
    <!-- warmth:groups -->       the 慰问组 table
    <!-- warmth:attachments -->  blank templates, item explanations, the summary page

A campaign without a hand-written page gets a page made of these blocks alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .. import fillexport
from ..campaigns import Campaign
from ..registry import Registry
from . import system
from .campaign import Links, slug
from .text import attr, inline

MARKER = re.compile(r"<!--\s*warmth:([a-z]+)\s*-->")


def _date_zh(iso: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(iso))
    return f"{m[1]}年{int(m[2])}月{int(m[3])}日" if m else str(iso)


def meta_block(c: Campaign, registry: Registry | None) -> str:
    issuer = registry.get(c.issuer) if registry else None
    raw = c.raw
    rows: list[tuple[str, str]] = [("发文单位", issuer.name if issuer else c.issuer), ("文号", c.doc_number),
                                   ("发文日期", _date_zh(c.issued))]
    if raw.get("recipients"):
        rows.append(("主送", str(raw["recipients"])))
    period = raw.get("period")
    if isinstance(period, Mapping) and period.get("start"):
        rows.append(("活动时间", f"{_date_zh(period['start'])}至{_date_zh(period.get('end', ''))}"))
    rows.append(("报送截止", f"{_date_zh(c.deadline)}（北京时间当日 24 时前）"))
    contact = raw.get("contact")
    if isinstance(contact, Mapping):
        parts = [str(contact.get(k)) for k in ("department", "name") if contact.get(k)]
        if contact.get("phone"):
            parts.append(f"电话 {contact['phone']}")
        if contact.get("email"):
            parts.append(f"邮箱 {contact['email']}")
        rows.append(("联系方式", "，".join(parts)))
    body = "".join(f"<dt>{attr(k)}</dt><dd>{attr(v)}</dd>" for k, v in rows)
    head = (
        f'<div class="warmth-doc" role="group" aria-label="公文信息">'
        f'<p class="warmth-doc-issuer">{attr(issuer.name if issuer else c.issuer)}</p>'
        f'<p class="warmth-doc-number">{attr(c.doc_number)}</p>'
        f'<p class="warmth-doc-title">{attr(c.title)}</p>'
        f"<dl>{body}</dl></div>"
    )
    fictional = '\n\n!!! warning "演示内容"\n    这份通知及其中的单位、文号、电话都是虚构的，仅用于演示。\n' if c.fictional else ""
    return head + fictional


def standards_block(c: Campaign) -> str:
    rows = c.raw.get("standards") or []
    if not rows:
        return "本次活动的通知未规定统一的慰问标准。\n"
    out = ["| 慰问对象 | 标准 | 说明 |", "| --- | --- | --- |"]
    for r in rows:
        if isinstance(r, Mapping):
            out.append(f"| {inline(r.get('target', ''))} | {inline(r.get('amount', ''))} | {inline(r.get('note', '')) or '—'} |")
    return "\n".join(out) + "\n"


def _join(v: Any) -> str:
    if isinstance(v, list | tuple):
        return "、".join(inline(x) for x in v)
    return inline(v or "")


def groups_block(c: Campaign) -> str:
    rows = c.raw.get("groups") or []
    if not rows:
        return "本次活动未另设慰问组。\n"
    out = ["| 慰问组 | 带队 | 成员部门 | 慰问地区和单位 | 联络 | 时间 |", "| --- | --- | --- | --- | --- | --- |"]
    for g in rows:
        if isinstance(g, Mapping):
            out.append(
                f"| {inline(g.get('name', ''))} | {inline(g.get('leader', ''))} | {_join(g.get('members'))} | "
                f"{_join(g.get('destinations'))} | {inline(g.get('liaison', '')) or '—'} | {inline(g.get('dates', '')) or '—'} |"
            )
    return "\n".join(out) + "\n"


def attachments_block(c: Campaign, forms: Mapping[str, Any], links: Links) -> str:
    out = []
    if links.workbook:  # the download for filling in; the per-form tables below are for printing
        out = [f"**填报用 Excel 模板**：[下载 {inline(c.id)}-template.xlsx](../{links.workbook})"
               "（一个文件包含本次活动的全部表式，在“基本信息”工作表的下拉列表中选择本单位）", ""]
    for n, fid in enumerate(c.forms, 1):
        form = forms.get(fid)
        title = form.title if form is not None else fid
        tpl = links.templates.get(fid)
        dl = f"[空白表格（打印用附件，Excel）](../{tpl})，" if tpl else ""
        out.append(f"{n}. {inline(title)}：{dl}[各项说明](../guide/items.md#{slug(fid)})")
    out.append("")
    out.append(f"不装软件也能填：{fillexport.link(c.id)}，在网页上填写、检查并提交本次活动的报送文件。")
    out.append("")
    out.append(f"填报方法见[填报指南](../guide/index.md)；汇总结果见[本次活动数据](../data/{slug(c.id)}/index.md)。")
    return "\n".join(out) + "\n"


def fill(text: str, c: Campaign, registry: Registry | None, forms: Mapping[str, Any], links: Links) -> str:
    blocks = {
        "meta": lambda: meta_block(c, registry),
        "standards": lambda: standards_block(c),
        "groups": lambda: groups_block(c),
        "attachments": lambda: attachments_block(c, forms, links),
    }
    blocks |= system.blocks(c, forms, lambda uid: _unit_name(registry, uid))  # upstream, phases, funds...
    return MARKER.sub(lambda m: "\n" + blocks[m[1]]() + "\n" if m[1] in blocks else m[0], text)


def _unit_name(registry: Registry | None, uid: str) -> str:
    unit = registry.get(uid) if registry else None
    return unit.name if unit else uid


def default_page(c: Campaign) -> str:
    return (
        f"# {inline(c.title)}\n\n<!-- warmth:meta -->\n\n" + system.default_sections(c) + "\n## 慰问标准\n\n<!-- warmth:standards -->\n\n"
        "## 慰问组\n\n<!-- warmth:groups -->\n\n## 附件\n\n<!-- warmth:attachments -->\n"
    )
