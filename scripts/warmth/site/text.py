"""Turning values from submissions into safe Markdown and HTML.

Anything a reporting union typed (names, narratives, explanations) may hold HTML or Markdown;
it is shown as text. ``inline`` escapes every character Markdown or HTML could act on as a
numeric entity, ``paragraphs`` renders a narrative as HTML paragraphs of escaped text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

import yaml

# Characters with a meaning in HTML, Markdown or the enabled extensions (tables, attr_list,
# abbr, footnotes, def_list, admonitions): written as entities they show as themselves.
_SPECIAL = "\\`*_{}[]()#+-.!|<>&~:=\"'^$%@"
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}


def inline(text: object) -> str:
    """One line of untrusted text, safe anywhere in Markdown (table cells, headings, links)."""
    return " ".join(str(text).split()).translate(_ENTITIES)


def code(text: object) -> str:
    """Untrusted text set as code: an HTML <code> element (entities work there, unlike in
    a Markdown code span)."""
    return f"<code>{inline(text)}</code>"


# Inside raw HTML that stands in Markdown (a tag in a table cell, a block a page's marker is
# replaced by), Markdown still acts on these before it sets the HTML aside: code spans and
# backslash escapes, the table's cell separator, emphasis, links, attribute lists.
_IN_HTML = {ord(c): f"&#{ord(c)};" for c in "`\\|*_[]{}~"}
IN_HTML = _IN_HTML


def attr(text: object) -> str:
    """Untrusted text inside an HTML attribute value, an HTML element or SVG text."""
    return html.escape(" ".join(str(text).split()), quote=True).translate(_IN_HTML)


def title(text: object) -> str:
    """Untrusted text as a page or nav title. MkDocs and the theme put titles into the page
    without escaping them (in <title>, the header, the nav), so they are HTML-escaped here,
    once, on one line."""
    return attr(text)


def with_title(page: str, text: object) -> str:
    """The page with its title set in front matter (escaped by title()). Without it the theme
    takes the title from the first heading and `striptags` turns its entities back into tags
    inside <title>."""
    meta = yaml.safe_dump({"title": title(text)}, allow_unicode=True, width=1 << 20)
    if page.startswith("---\n"):
        end = page.find("\n---\n", 3)
        if end > 0:
            head = yaml.safe_load(page[4:end]) or {}
            if isinstance(head, dict) and "title" not in head:
                return f"---\n{meta}{page[4:]}"
            return page
    return f"---\n{meta}---\n\n{page}"


def paragraphs(text: str, css: str = "warmth-report") -> str:
    """A narrative as one raw HTML block: Markdown does not touch it, HTML is escaped."""
    paras = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n")]
    body = "".join(f"<p>{html.escape(p, quote=True)}</p>" for p in paras if p)
    return f'<div class="{css}">{body or "<p>（未填写）</p>"}</div>'


def number(value: object) -> str:
    """A figure as printed: integers plain, 万元 without trailing zeros, yes/no as is."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value else "0"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def change(old: int | Decimal, new: int | Decimal) -> str:
    """Change against a previous figure, as a signed percentage."""
    if not old:
        return "—"
    pct = (Decimal(new) - Decimal(old)) * 100 / Decimal(old)
    return f"{pct:+.1f}%"


def grouped(value: int | Decimal) -> str:
    """A figure with thousands separators, every digit kept: 12,345.6789."""
    if isinstance(value, bool):
        return number(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}" if value else "0"
    return f"{value:,}"


def rounded(value: int | Decimal, places: int) -> str:
    """An amount for a headline card: thousands separators, `places` decimals (trailing zeros
    dropped), never rounded to a misleading zero: a small non-zero amount keeps the digits it
    needs to show its first digit (0.0042 to one decimal reads 0.004, not 0)."""
    if not isinstance(value, Decimal) or not value:
        return grouped(value)
    exponent = value.normalize().as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) else 0  # a finite amount's decimals
    q = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    while not q and places < digits:
        places += 1
        q = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return grouped(q)


# Punctuation a Chinese line does not begin with, and punctuation it does not end with.
_NO_LINE_START = frozenset("，。、；：！？）》」』”’〕】…·,.;:!?)]}%")
_NO_LINE_END = frozenset("（《「『“‘〔【([{")


def wrap(text: str, width: int) -> list[str]:
    """Lines of about `width` display columns (a CJK character is two, others one), broken
    between words where there are spaces and between any two CJK characters, never before a
    closing mark or after an opening one (such a mark may overhang by one); nothing is cut."""
    lines: list[str] = []
    line, used = "", 0
    for token in re.findall(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+", text):
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in token)
        if used + w > width and line.strip() and token not in _NO_LINE_START:
            carry = ""
            while line and line[-1] in _NO_LINE_END:  # an opening bracket goes with what it opens
                carry, line = line[-1] + carry, line[:-1]
            lines.append(line)
            line, used = carry, sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in carry)
        while w > width:  # a word longer than a line: split it
            cut, cw = 0, 0
            while cut < len(token) and cw + (2 if unicodedata.east_asian_width(token[cut]) in "WF" else 1) <= width:
                cw += 2 if unicodedata.east_asian_width(token[cut]) in "WF" else 1
                cut += 1
            cut = max(cut, 1)
            lines.append(token[:cut])
            token = token[cut:]
            w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in token)
        line, used = line + token, used + w
    if line.strip() or not lines:
        lines.append(line)
    return lines
