"""Static SVG bar charts, made at build time: no JavaScript, announced by screen readers as one
image (role="img", named by its <title>, described by its <desc> listing every figure; the bars
and their text are hidden from them), always shown next to a table of the same data.

The layout works on a phone as on a desktop: each bar's name stands on its own line(s) above
the bar, wrapped, never cut; the chart takes the width of the text column (bar lengths are
percentages, so nothing is scaled) and its text is set in CSS pixels as large as the page's
table text, whatever the screen."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal
from itertools import count

from .text import IN_HTML, attr, grouped, number, wrap

_ids = count(1)
FONT = 14  # px; the page's smallest running text (table cells) is 12.8 px
LINE = 19  # px from one label line to the next
BAR_H = 14
GAP = 12  # between one bar and the next label
BAR_MAX = 55  # % of the width for the longest bar; the rest holds its figure
LABEL_COLUMNS = 36  # display columns per label line (18 CJK characters): fits a 320 px screen
# Bar colours, each at least 3:1 against the white page (WCAG 1.4.11): 5.6, 5.6, 5.1, 5.8, 9.4, 9.3.
PALETTE = ("#c62828", "#bf360c", "#2e7d32", "#1565c0", "#6a1b9a", "#5d4037")
# on time, late, missing: green, orange, grey (5.1, 5.6, 4.6 against white)
STATUS_PALETTE = ("#2e7d32", "#bf360c", "#616161")


def _pct(value: int | Decimal, biggest: Decimal) -> str:
    """The bar's length as a percentage of the chart's width (at least a hairline)."""
    pct = Decimal(BAR_MAX) * Decimal(value) / biggest if value else Decimal(0)
    return f"{max(pct, Decimal('0.3')):.2f}"


def bar_chart(title: str, rows: Sequence[tuple[str, int | Decimal]], unit: str, desc: str = "",
              palette: Sequence[str] = PALETTE) -> str:
    """A horizontal bar chart as one line of SVG markup (a raw HTML block in Markdown). Bars take
    the palette's colours in turn; a chart whose bars mean something by colour passes its own."""
    n = next(_ids)
    biggest = max((Decimal(v) for _, v in rows), default=Decimal(0)) or Decimal(1)
    text = desc or "；".join(f"{label} {number(v)}{unit}" for label, v in rows)
    bars: list[str] = []
    y = 4
    for i, (label, value) in enumerate(rows):
        lines = wrap(" ".join(str(label).split()), LABEL_COLUMNS)
        spans = "".join(
            # a line broken at a space keeps it (the label's text reads whole), escaped
            f'<tspan x="0" y="{y + FONT + k * LINE}">{html.escape(line, quote=True).translate(IN_HTML)}</tspan>'
            for k, line in enumerate(lines)
        )
        top = y + len(lines) * LINE + 2
        pct = _pct(value, biggest)
        bars.append(
            f'<g aria-hidden="true"><text font-size="{FONT}">{spans}</text>'
            f'<rect x="0" y="{top}" width="{pct}%" height="{BAR_H}" fill="{palette[i % len(palette)]}"/>'
            f'<text x="{pct}%" dx="6" y="{top + BAR_H - 2}" font-size="{FONT}">'
            f"{attr(grouped(value))} {attr(unit)}</text></g>"
        )
        y = top + BAR_H + GAP
    height = y
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="warmth-chart" role="img" '
        f'width="100%" height="{height}" '
        f'aria-labelledby="chart{n}-t" aria-describedby="chart{n}-d">',
        f'<title id="chart{n}-t">{attr(title)}</title>',
        f'<desc id="chart{n}-d">{attr(text)}</desc>',
        *bars,
        "</svg>",
    ]
    return (
        f'<figure class="warmth-figure">{"".join(parts)}'
        f"<figcaption>{attr(title)}</figcaption></figure>"
    )
