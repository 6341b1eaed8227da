"""The official layout of a form (编号 / 项目 / 合计): rows, indentation, pair groups, sums.

Everything comes from the form definition: item order, "其中" parents, the people/money
pairs, and the sums its error rules state (``X == A + B + ...``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..forms import Form, Item

# columns of the layout, shared by the summary sheet and the template
COL_NO, COL_CODE, COL_LABEL, COL_MEASURE, COL_UNIT, COL_VALUE = range(1, 7)
HEADINGS = ("编号", "代码", "项目", "指标", "单位")
INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(slots=True)
class Row:
    item: Item
    label: str  # what the 项目 cell shows ("" for the second row of a pair group)
    depth: int  # 其中 nesting: 0 for a top-level item
    group_start: bool  # first row of a pair group (label merged over group_size rows)
    group_size: int  # rows in the group (1 when the item stands alone)
    measure: str  # 指标 column: 慰问对象 / 发放款物, or ""


def depth(form: Form, item: Item) -> int:
    d, cur, seen = 0, item, {item.code}
    while cur.parent and cur.parent in form.by_code and cur.parent not in seen:
        seen.add(cur.parent)
        cur = form.by_code[cur.parent]
        d += 1
    return d


def rows(form: Form) -> list[Row]:
    """One row per item in print order; an item paired with the row before shares its label."""
    out: list[Row] = []
    first_children: set[str] = set()
    seen_parents: set[str] = set()
    for item in form.items:
        if item.parent and item.parent not in seen_parents:
            seen_parents.add(item.parent)
            first_children.add(item.code)
    partners = {i.pair for i in form.items if i.pair}
    for n, item in enumerate(form.items):
        prev = form.items[n - 1] if n else None
        if item.pair and prev is not None and prev.code == item.pair:
            out.append(Row(item, "", out[-1].depth, False, 0, item.measure or ""))
            continue
        label = item.label
        if item.code in first_children:
            label = f"其中：{label}"
        size = 2 if item.code in partners and n + 1 < len(form.items) and form.items[n + 1].pair == item.code else 1
        out.append(Row(item, label, depth(form, item), True, size, item.measure or ""))
    return out


def sums(form: Form) -> dict[str, list[str]]:
    """Totals the form's error rules define: code -> the codes it is the sum of."""
    out: dict[str, list[str]] = {}
    for rule in form.rules:
        if rule.severity != "error" or rule.when is not None:
            continue
        try:
            tree = ast.parse(rule.check.source, mode="eval").body
        except SyntaxError:
            continue
        if not (isinstance(tree, ast.Compare) and len(tree.ops) == 1 and isinstance(tree.ops[0], ast.Eq)):
            continue
        left, right = tree.left, tree.comparators[0]
        if not isinstance(left, ast.Name) or left.id not in form.by_code:
            continue
        parts = _addends(right)
        if parts and all(p in form.by_code for p in parts):
            out[left.id] = parts
    return out


def _addends(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _addends(node.left), _addends(node.right)
        return a + b if a is not None and b is not None else None
    return None


def sheet_names(names: list[str], suffix: str = "") -> list[str]:
    """Valid, distinct Excel sheet names (at most 31 characters) for names + suffix."""
    out: list[str] = []
    for name in names:
        base = name.translate(INVALID_SHEET_CHARS).strip("'") or "表"
        candidate = (base[: 31 - len(suffix)] + suffix)
        n = 2
        while candidate in out:
            tail = f"{n}{suffix}"
            candidate = base[: 31 - len(tail)] + tail
            n += 1
        out.append(candidate)
    return out


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
