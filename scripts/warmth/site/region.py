"""Region pages (one per city or industry system of a campaign): every unit's figures, its
narrative report and where its file is.

At national scale these pages are most of the site (350 pages of about ten units, each unit
with every item of every form), and MkDocs spends its time on them twice: Python-Markdown
parsing the tables, and the search plugin parsing, segmenting (jieba) and indexing every cell.
So a region page is written in two parts:

- Markdown that MkDocs renders and indexes: the headings (the region, each unit's name),
  the links MkDocs must check and rewrite, and the text people search for (the narratives and
  the explanations of warnings);
- pre-rendered HTML blocks (the tables, status lines, the collapsible "全部数字" blocks), kept
  beside the page and put in at their placeholders once MkDocs has rendered and indexed the
  page (site/mkdocs_hooks.py). Numbers are not what people search for, and they stay out of
  the search index.

Everything from a submission is escaped here: HTML blocks are never seen by Markdown, so they
are escaped for HTML; the Markdown part uses text.inline as the rest of the site does.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..aggregate import CampaignData
from ..formshape import item_label
from ..registry import Unit
from ..timeliness import MISSING, ON_TIME
from .campaign import Links, column_head, completeness_rows, headline_items
from .text import code, inline, number, paragraphs, with_title

# The placeholder of block N; site/mkdocs_hooks.py replaces it. Text from a submission can
# never form it: inline() writes "<" and "!" as entities.
PLACEHOLDER = "<!-- warmth:html {} -->"
# Sections with nothing to search for (their content is a table) stay out of the index.
NOT_INDEXED = " { data-search-exclude }"


@dataclass(slots=True)
class Page:
    """A page's Markdown and the HTML blocks its placeholders stand for, in order."""

    markdown: str = ""
    blocks: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # the units whose names head sections

    def block(self, markup: str) -> str:
        """Keep markup aside; returns the placeholder line to put in the Markdown."""
        self.blocks.append(markup)
        return PLACEHOLDER.format(len(self.blocks) - 1)


def esc(text: object) -> str:
    """Untrusted text in HTML no Markdown will see: escaped, on one line."""
    return html.escape(" ".join(str(text).split()), quote=True)


def html_table(head: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A table as Python-Markdown writes one (so the theme styles and wraps it the same way);
    head and cells are HTML already."""
    aligns = (align or "l" * len(head)).ljust(len(head), "l")
    style = [' style="text-align: right;"' if a == "r" else "" for a in aligns]
    out = ["<table><thead><tr>"]
    out += [f"<th{s}>{h}</th>" for h, s in zip(head, style, strict=False)]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td{s}>{c}</td>" for c, s in zip(row, style, strict=False)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _name(data: CampaignData, uid: str) -> str:
    u = data.registry.get(uid)
    return u.name if u else uid


def region_page(data: CampaignData, region: Unit, links: Links) -> Page:
    c = data.campaign
    ids = data.region_units(region.id)
    got, asked = data.reported(region.id)
    page = Page()
    lines = [f"# {inline(region.name)}：{inline(c.title)}", ""]
    intro = ""
    if c.fictional or data.registry.fictional:
        intro += ('<div class="admonition warning"><p class="admonition-title">演示数据</p>'
                  "<p>本页所有单位和数字都是虚构的，仅用于演示。</p></div>")
    lines += [page.block(intro + f"<p>本地区应报 {asked} 个单位，已收到 {got} 份报告。"
                         "地区合计是下列各单位报告之和（本地区工会自身的报告也是其中一份）。</p>"), ""]
    lines += ["[返回汇总页](index.md)", "{ data-search-exclude }", ""]
    lines += [f"## 报送情况{NOT_INDEXED}", ""]
    lines += [page.block(html_table(["单位", "所属地区", "状态", "收到时间（北京时间）"], completeness_rows(data, ids))), ""]
    for form in data.forms:
        tot = data.total(form, ids)
        cols = headline_items(form)
        head = ["单位"] + [column_head(form, i) for i in cols]
        rows = []
        for uid in ids:
            vals = data.values(form.id, uid)
            if vals is None:
                rows.append([esc(_name(data, uid))] + ["未报"] * len(cols))
            else:
                rows.append([esc(_name(data, uid))] + [esc(number(vals.get(i.code, "—"))) for i in cols])
        rows.append(["<strong>地区合计</strong>"] + [f"<strong>{esc(number(tot.get(i.code, 0)))}</strong>" for i in cols])
        lines += [f"## {inline(form.title)}{NOT_INDEXED}", ""]
        lines += [page.block(html_table(head, rows, "l" + "r" * len(cols))), ""]
    lines += [f"## 各单位报告{NOT_INDEXED}", ""]
    for uid in ids:
        lines += unit_block(data, uid, links, page)
        page.names.append(" ".join(_name(data, uid).split()))
    page.markdown = with_title("\n".join(lines), f"{region.name}：{c.title}")
    return page


def unit_block(data: CampaignData, uid: str, links: Links, page: Page) -> list[str]:
    """A unit's heading (its name, searchable), status and file, narrative and explanations
    (searchable), and every figure it reported (collapsed)."""
    sub = data.submissions.get(uid)
    a = data.arrivals.get(uid)
    lines = [f"### {inline(_name(data, uid))}", ""]
    if sub is None:
        return [*lines, page.block(f"<p>状态：{esc(a.status if a else MISSING)}。尚未收到报告，不计入合计。</p>"), ""]
    rel = data.repo.rel(sub.path)
    src = f"<code>{esc(rel)}</code>"
    if links.source_url:
        src = f'<a href="{esc(links.source_url.rstrip("/") + "/" + rel)}">{src}</a>'
    when = a.time.strftime("%Y-%m-%d %H:%M") if a and a.time else "—"
    lines += [page.block(f"<p>状态：{esc(a.status if a else ON_TIME)}（收到时间 {when}）　数据文件：{src}</p>"
                         '<p class="warmth-label"><strong>送温暖报告</strong></p>'), ""]
    lines += [paragraphs(sub.report), ""]
    if sub.explanations:
        lines += ["**对警告的说明**", ""]
        for rule, text in sub.explanations.items():
            lines.append(f"- {code(rule)}：{inline(text)}")
        lines.append("")
    details = []
    for form in data.forms:
        vals = sub.forms.get(form.id, {})
        rows = [[esc(i.code), esc(item_label(form, i)), esc(number(vals.get(i.code, "—"))), esc(i.unit)] for i in form.items]
        details.append(f'<details class="note"><summary>{esc(form.name)}：全部数字</summary>'
                       f'{html_table(["代码", "项目", "数值", "单位"], rows, "llrl")}</details>')
    lines += [page.block("".join(details)), ""]
    return lines
