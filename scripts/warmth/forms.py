"""Form definitions: the items, units of measure and rules of one statistical table version.

A form is read from ``schemas/forms/<id>.yaml``; ``extends`` builds a version from another
one (J1..J4 come and go, labels change with the year) so shared items are written once.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from . import rules as R
from .expr import Expr, ExprError, compile_expr
from .findings import ERROR, WARNING, Collector

COUNT_UNITS = frozenset(["家", "人", "人次", "户", "个"])
MONEY_UNIT = "万元"
YESNO_UNIT = "是/否"
MONEY_DECIMALS = 4  # the one place the number of decimals of an amount is set
# examples that follow it: an amount at full precision, and one rounded to it
MONEY_PRECISE_EXAMPLE = "1." + "23456789"[:MONEY_DECIMALS]
MONEY_ROUNDING_EXAMPLE = ("12." + "345678901"[:MONEY_DECIMALS + 1],
                          str(Decimal("12." + "345678901"[:MONEY_DECIMALS + 1]).quantize(
                              Decimal(1).scaleb(-MONEY_DECIMALS), ROUND_HALF_UP)))
# Bounds no real report reaches (a billion 人次; 1万亿元), far inside Excel's 15 exact digits:
# beyond them the figure is a slip of the keyboard or yuan typed where 万元 belong.
COUNT_DIGITS = 9
MONEY_DIGITS = 8  # digits before the decimal point
COUNT_MAX = 10**COUNT_DIGITS - 1
MONEY_LIMIT = 10**MONEY_DIGITS  # amounts stay below it
# what follows the title of a form a notice names but does not print (``official: false``)
NOT_OFFICIAL = "（本项目设计，非官方表式）"


@dataclass(slots=True)
class Item:
    code: str
    label: str
    unit: str
    no: int | None = None
    parent: str | None = None
    pair: str | None = None  # the item this one shares a row group with (Ck for Dk)
    measure: str | None = None
    union_funds: bool = False  # money raised from union funds (set against the funds a notice allocates)
    levels: tuple[str, ...] = ()  # the unit levels (units.yaml) that report this item; empty: any

    @property
    def kind(self) -> str:
        if self.unit == MONEY_UNIT:
            return "money"
        if self.unit == YESNO_UNIT:
            return "yesno"
        return "count"

    @property
    def title(self) -> str:
        """Label with its column and unit, as the printed form reads: 项目 — 慰问对象（人次）."""
        parts = self.label
        if self.measure:
            parts += f" — {self.measure}"
        return f"{parts}（{self.unit}）"


# the kinds of form rule, by the shape of their check
SUM, PART, PAIR, OTHER = "sum", "part", "pair", "other"


@dataclass(slots=True)
class Rule:
    id: str
    check: Expr
    severity: str
    message: str
    hint: str
    at: str
    when: Expr | None = None
    source: dict[str, Any] = field(default_factory=dict)
    kind: str = OTHER  # SUM, PART, PAIR or OTHER: the shape of the check, which decides its default hint


@dataclass(slots=True)
class Form:
    id: str
    family: str
    name: str
    title: str
    items: list[Item]
    rules: list[Rule]
    as_of: str | None = None
    source: str = ""
    path: Path | None = None
    official: bool = True  # False: designed here from what the work means, not printed by a notice
    by_code: dict[str, Item] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.by_code = {i.code: i for i in self.items}

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def params(self) -> set[str]:
        """Campaign parameters the rules read (names that are not item codes)."""
        names: set[str] = set()
        for r in self.rules:
            names |= r.check.names
            if r.when:
                names |= r.when.names
        return names - set(self.by_code)


def build(raw: dict[str, dict[str, Any]], form_id: str, col_for: Callable[[str], Collector]) -> Form | None:
    """Resolve form_id (following extends) from raw definitions; findings go to col_for(id)."""
    chain: list[dict[str, Any]] = []
    seen: set[str] = set()
    cur: str | None = form_id
    while cur is not None:
        if cur in seen:
            col_for(form_id).report(R.FORM_EXTENDS, 1, 1, wording=R.FORM_EXTENDS_CYCLE, form=form_id)
            return None
        seen.add(cur)
        d = raw.get(cur)
        if d is None:
            col_for(form_id).report(R.FORM_EXTENDS, 1, 1, form=form_id, base=cur)
            return None
        chain.append(d)
        cur = d.get("extends")
    items: list[dict[str, Any]] = []
    rules: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    for d in reversed(chain):
        meta.update({k: v for k, v in d.items() if k not in ("items", "rules", "remove", "remove_rules", "extends")})
        gone = set(d.get("remove", []))
        items = [i for i in items if i["code"] not in gone]
        gone_rules = set(d.get("remove_rules", []))
        rules = [r for r in rules if r["id"] not in gone_rules]
        for it in d.get("items", []):
            idx = next((n for n, x in enumerate(items) if x["code"] == it["code"]), None)
            if idx is not None:
                items[idx] = it
            elif "after" in it:
                after = next((n for n, x in enumerate(items) if x["code"] == it["after"]), len(items) - 1)
                items.insert(after + 1, it)
            else:
                items.append(it)
        for r in d.get("rules", []):
            idx = next((n for n, x in enumerate(rules) if x["id"] == r["id"]), None)
            if idx is not None:
                rules[idx] = r
            else:
                rules.append(r)
    col = col_for(form_id)
    for key in ("family", "name", "title"):
        if key not in meta:
            col.report(R.FORM_META, 1, 1, form=form_id, key=key)
            return None
    built_items: list[Item] = []
    by_code: dict[str, Item] = {}
    for it in items:
        pair = it.get("with")
        label = it.get("label") or (by_code[pair].label if pair in by_code else "")
        if not label:
            _at(col_for, form_id, it).report(R.FORM_ITEM, it.get("_line", 1), 1, wording=R.FORM_ITEM_LABEL, form=form_id, code=it['code'])
        item = Item(it["code"], label, it["unit"], it.get("no"), it.get("parent"), pair, it.get("measure"),
                    it.get("union_funds") is True, tuple(it.get("levels") or ()))
        if item.union_funds and item.kind != "money":
            _at(col_for, form_id, it).report(R.FORM_ITEM, it.get("_line", 1), 1, wording=R.FORM_ITEM_UNION_FUNDS,
                                             form=form_id, code=it["code"], unit=MONEY_UNIT)
        if item.code in by_code:
            _at(col_for, form_id, it).report(R.FORM_ITEM, it.get("_line", 1), 1, wording=R.FORM_ITEM_TWICE, form=form_id, code=item.code)
        by_code[item.code] = item
        built_items.append(item)
    for it, item in zip(items, built_items, strict=True):
        for ref in (item.parent, item.pair):
            if ref is not None and ref not in by_code:
                _at(col_for, form_id, it).report(R.FORM_ITEM, it.get("_line", 1), 1, form=form_id, code=item.code, ref=ref)
    built_rules: list[Rule] = []
    for r in rules:
        try:
            check = compile_expr(r["check"])
            when = compile_expr(r["when"]) if r.get("when") else None
        except ExprError as exc:
            _at(col_for, form_id, r).report(R.FORM_RULE, r.get("_line", 1), 1, wording=R.FORM_RULE_SYNTAX, form=form_id, rule=r['id'], error=exc)
            continue
        except KeyError:
            _at(col_for, form_id, r).report(R.FORM_RULE, r.get("_line", 1), 1, wording=R.FORM_RULE_NO_CHECK, form=form_id, rule=r['id'])
            continue
        unknown_codes = {n for n in check.names | check.prev_names if n[:1].isupper() and n not in by_code}
        if unknown_codes:
            _at(col_for, form_id, r).report(R.FORM_RULE, r.get("_line", 1), 1, form=form_id, rule=r['id'], codes='、'.join(sorted(unknown_codes)))
            continue
        at = r.get("at") or next((n for n in _names_in_order(r["check"]) if n in by_code), built_items[0].code)
        kind = rule_kind(check.source, by_code)
        message, hint = (_with_labels(r.get(key, default), by_code) for key, default in (
            ("message", r["check"]), ("hint", _default_hint(r.get("severity", ERROR), kind, check))))
        built_rules.append(Rule(r["id"], check, r.get("severity", ERROR), message, hint, at, when, r, kind))
    official = meta.get("official") is not False
    # the mark travels with the title, so every page, sheet and template that names the form says it
    title = meta["title"] if official else meta["title"] + NOT_OFFICIAL
    return Form(
        form_id, meta["family"], meta["name"], title, built_items, built_rules,
        meta.get("as_of"), meta.get("source", ""), official=official,
    )


def _at(col_for: Callable[[str], Collector], form_id: str, entry: dict[str, Any]) -> Collector:
    """The collector of the file that defines entry (an item or rule may be inherited)."""
    return col_for(entry.get("_src", form_id))


def _names_in_order(source: str) -> list[str]:
    import re

    return re.findall(r"[A-Za-z_][A-Za-z0-9_]*", source)


def rule_kind(source: str, by_code: dict[str, Item] | None = None) -> str:
    """SUM for ``X == A + B + ...``, or several such readings joined by ``or``; PART for
    ``A <= X`` or ``A + B <= X`` where the form makes A (and B) 其中 parts of X (``parent``);
    PAIR for ``(A > 0) == (B > 0)`` (people and money of one group); OTHER for anything else."""
    try:
        body = ast.parse(source.strip(), mode="eval").body
    except SyntaxError:
        return OTHER
    readings = body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.Or) else [body]
    if all(_is_sum(b) for b in readings):
        return SUM
    if len(readings) > 1 or not isinstance(body, ast.Compare) or len(body.ops) != 1:
        return OTHER
    op, left, right = body.ops[0], body.left, body.comparators[0]
    if isinstance(op, ast.LtE) and isinstance(right, ast.Name) and _is_addition(left):
        parts = [n.id for n in ast.walk(left) if isinstance(n, ast.Name)]
        if by_code is None or all(p in by_code and by_code[p].parent == right.id for p in parts):
            return PART
    if isinstance(op, ast.Eq) and all(_is_positive_test(x) for x in (left, right)):
        return PAIR
    return OTHER


def _is_sum(node: ast.expr) -> bool:
    return (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq)
            and isinstance(node.left, ast.Name) and _is_addition(node.comparators[0])
            and isinstance(node.comparators[0], ast.BinOp))


def _is_addition(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return True
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _is_addition(node.left) and _is_addition(node.right)


def _is_positive_test(node: ast.expr) -> bool:
    return (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Gt)
            and isinstance(node.left, ast.Name) and isinstance(node.comparators[0], ast.Constant)
            and node.comparators[0].value == 0)


_LABEL = re.compile(r"\{label:([A-Z][0-9]*[a-z]?)\}")


def _with_labels(text: str, by_code: dict[str, Item]) -> str:
    """A rule's message or hint with each ``{label:C1}`` replaced by that item's label, so a
    message names the group in the form's own words without copying them."""
    return _LABEL.sub(lambda m: by_code[m.group(1)].label if m.group(1) in by_code else m.group(0), str(text))


_DEFAULT_HINTS = {
    SUM: "核对合计项和各分项，使合计等于各分项之和",
    PART: "“其中”项是所属项目的一部分，不能大于它：核对两项的数字",
    PAIR: "两项都按实际填写；确实只有一项（例如只以电话、视频慰问，未发放款物），请在 explanations 下按规则编号写明原因",
}


def _default_hint(severity: str, kind: str = OTHER, check: Expr | None = None) -> str:
    if kind == SUM and check is not None and check.total is not None:
        whole, parts = check.total
        named = f"{parts[0]} 至 {parts[-1]}" if len(parts) > 2 else " 与 ".join(parts)
        return f"核对合计 {whole} 和分项 {named}，使 {whole} 等于各分项之和；改了分项，合计也要跟着改"
    if kind in _DEFAULT_HINTS:
        return _DEFAULT_HINTS[kind]
    if severity == WARNING:
        return "请核实数字；确实无误时在 explanations 下按规则编号写明原因"
    return "核对这几项数字，改正后使条件成立"
