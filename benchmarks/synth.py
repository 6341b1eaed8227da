"""Realistic made-up figures for a form, satisfying its error rules (demo and benchmark data).

Reads the form's own rules: ``X == A + B + ...`` makes X a sum, ``A + B <= X`` splits X into
parts, ``(A > 0) == (B > 0)`` pairs people with money. Draws are seeded, so output is stable.
"""

from __future__ import annotations

import ast
import random
from decimal import ROUND_HALF_UP, Decimal

from warmth.expr import Env, Missing
from warmth.forms import Form

Q = Decimal("0.0001")


def _structure(form: Form) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, str]]:
    sums: dict[str, list[str]] = {}
    bounds: dict[str, list[str]] = {}
    pairs: dict[str, str] = {}
    for rule in form.rules:
        if rule.when is not None:
            continue
        if rule.severity == "error" and rule.check.total is not None:  # X == A + B (+ ... or a longer reading)
            whole, parts = rule.check.total
            sums[whole] = list(parts)
            continue
        tree = ast.parse(rule.check.source, mode="eval").body
        if not isinstance(tree, ast.Compare) or len(tree.ops) != 1:
            continue
        left, right, op = tree.left, tree.comparators[0], tree.ops[0]
        if isinstance(op, ast.Eq) and isinstance(left, ast.Compare):  # a pair, error or warning
            a = left.left
            b = right.left if isinstance(right, ast.Compare) else None
            if isinstance(a, ast.Name) and isinstance(b, ast.Name):
                pairs[b.id] = a.id
        elif rule.severity == "error" and isinstance(op, ast.LtE) and isinstance(right, ast.Name):
            bounds[right.id] = [n.id for n in ast.walk(left) if isinstance(n, ast.Name)]
    return sums, bounds, pairs


def fill(form: Form, rng: random.Random, size: float = 1.0, params: dict | None = None,
         level: str | None = None) -> dict[str, object]:
    """Values for every item of form; size scales a unit's activity (a city > a county). Items
    the form gives to other levels of union than ``level`` (``levels``) are 0."""
    for _ in range(200):
        values = _draw(form, rng, size)
        if level is not None:
            values = _own_level(form, values, level)
        env = Env(values, params or {}, None)
        ok = True
        for rule in form.rules:
            try:
                if rule.when is not None and not rule.when(env):
                    continue
                if not rule.check(env):
                    ok = False
                    break
            except Missing:
                continue
        if ok:
            return values
    raise RuntimeError(f"could not satisfy {form.id}")


def _own_level(form: Form, values: dict[str, object], level: str) -> dict[str, object]:
    """Zero the items of other levels and add up the totals again."""
    sums, _, _ = _structure(form)
    out = {c: (0 if form.by_code[c].levels and level not in form.by_code[c].levels else v) for c, v in values.items()}
    pending = dict(sums)
    while pending:
        for total, parts in list(pending.items()):
            if not any(p in pending for p in parts):
                out[total] = sum((out[p] for p in parts), start=type(out[parts[0]])(0))  # type: ignore[call-overload]
                del pending[total]
                break
        else:
            break
    return out


def _draw(form: Form, rng: random.Random, size: float) -> dict[str, object]:
    sums, bounds, pairs = _structure(form)
    values: dict[str, object] = {}
    part_of_bound = {p: whole for whole, parts in bounds.items() for p in parts}
    # leaves first: counts, then paired money, then other money
    for item in form.items:
        c = item.code
        if c in sums or c in part_of_bound or c in pairs:
            continue
        if item.kind == "yesno":
            values[c] = "是" if rng.random() < 0.7 else "否"
        elif item.kind == "count":
            zero = rng.random() < 0.15
            values[c] = 0 if zero else max(1, int(rng.lognormvariate(3.2, 0.9) * size))
        else:
            values[c] = (Decimal(rng.lognormvariate(2.5, 0.8) * size)).quantize(Q, ROUND_HALF_UP)
    for money, count in pairs.items():
        if money in sums or count not in values:
            continue
        n = values[count]
        rate = Decimal(rng.uniform(0.03, 0.12))
        values[money] = (n * rate).quantize(Q, ROUND_HALF_UP) if n else Decimal(0)
        if n and values[money] == 0:
            values[money] = Q
    for whole, parts in bounds.items():
        total = values.get(whole, 0)
        remaining = int(total)
        for p in parts[:-1]:
            share = rng.randint(0, remaining)
            values[p] = share
            remaining -= share
        values[parts[-1]] = remaining
    # totals, innermost first
    pending = dict(sums)
    while pending:
        for total, parts in list(pending.items()):
            if all(p in values for p in parts):
                values[total] = sum((values[p] for p in parts), start=type(values[parts[0]])(0))  # type: ignore[call-overload]
                del pending[total]
                break
        else:
            raise RuntimeError(f"sums of {form.id} do not resolve")
    return values


def yaml_value(v: object) -> str:
    if isinstance(v, Decimal):
        text = format(v.normalize(), "f")
        return text
    return str(v)
