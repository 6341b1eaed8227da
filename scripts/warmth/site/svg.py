"""Static SVG bar charts, made at build time: no JavaScript, announced by screen readers as one
image (role="img", named by its <title>, described by its <desc> listing every figure; the bars
and their text are hidden from them), always shown next to a table of the same data."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import count

from .text import attr, number

_ids = count(1)
BAR_H = 22
GAP = 8
LABEL_W = 220
BAR_W = 360
VALUE_W = 110
# Bar colours, each at least 3:1 against the white page (WCAG 1.4.11): 5.6, 5.6, 5.1, 5.8, 9.4, 9.3.
PALETTE = ("#c62828", "#bf360c", "#2e7d32", "#1565c0", "#6a1b9a", "#5d4037")


def _short(label: str, limit: int = 16) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(title: str, rows: Sequence[tuple[str, int | Decimal]], unit: str, desc: str = "") -> str:
    """A horizontal bar chart as one line of SVG markup (a raw HTML block in Markdown)."""
    n = next(_ids)
    top = 8
    height = top + len(rows) * (BAR_H + GAP) + GAP
    width = LABEL_W + BAR_W + VALUE_W
    biggest = max((Decimal(v) for _, v in rows), default=Decimal(0)) or Decimal(1)
    text = desc or "；".join(f"{label} {number(v)}{unit}" for label, v in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="warmth-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="chart{n}-t" aria-describedby="chart{n}-d">',
        f'<title id="chart{n}-t">{attr(title)}</title>',
        f'<desc id="chart{n}-d">{attr(text)}</desc>',
    ]
    for i, (label, value) in enumerate(rows):
        y = top + i * (BAR_H + GAP)
        w = int(Decimal(BAR_W) * Decimal(value) / biggest) if value else 0
        color = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<g aria-hidden="true"><text x="{LABEL_W - 6}" y="{y + BAR_H - 6}" text-anchor="end" font-size="13">'
            f"{attr(_short(label))}</text>"
            f'<rect x="{LABEL_W}" y="{y}" width="{max(w, 1)}" height="{BAR_H}" fill="{color}"/>'
            f'<text x="{LABEL_W + max(w, 1) + 6}" y="{y + BAR_H - 6}" font-size="13">'
            f"{attr(number(value))} {attr(unit)}</text></g>"
        )
    parts.append("</svg>")
    return (
        f'<figure class="warmth-figure">{"".join(parts)}'
        f"<figcaption>{attr(title)}</figcaption></figure>"
    )
