"""Reading one item's value from its YAML text: counts, 万元 amounts and 是/否, nothing else.

Every way a person (or Excel, or a Chinese input method) gets a number wrong has its own
message, because "not a valid number" does not tell anyone what to change.
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import rules as R
from .forms import COUNT_DIGITS, MONEY_DECIMALS, MONEY_DIGITS, MONEY_ROUNDING_EXAMPLE, Item
from .formshape import example_line, kind_words
from .rules import Rule, Wording
from .yamlsafe import DEC_RE, INT_RE, NULLS, SPECIAL_FLOATS, YAML11_BOOLS, Node, ScalarNode

FULLWIDTH = re.compile(r"[０-９．，－＋]")
THOUSANDS = re.compile(r"[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?\Z")
NEGATIVE = re.compile(r"-[0-9]+(?:\.[0-9]+)?\Z")
EXPONENT = re.compile(r"[0-9.]+[eE][-+]?[0-9]+\Z")
LEADING_ZERO = re.compile(r"0[0-9]+(?:\.[0-9]+)?\Z")
YES, NO = "是", "否"
DIGIT = re.compile(r"[0-9]")
UNIT_WORDS = re.compile(r"万|元|人|次|户|家|个")  # a unit typed after a figure

Problem = tuple[Rule, str, str]  # rule, message, hint
Parsed = int | Decimal | str


def parse_item(node: Node, item: Item) -> tuple[Parsed | None, Problem | None]:
    """The item's value, or a problem (rule id, message, hint) saying what to change."""
    if isinstance(node, ScalarNode) and not node.style:  # the common case, kept short
        t = node.value
        kind = item.kind
        if INT_RE.match(t):
            if kind == "count" and len(t) <= COUNT_DIGITS:
                return int(t), None
            if kind == "money" and len(t) <= MONEY_DIGITS:
                return Decimal(t), None
        elif kind == "money" and DEC_RE.match(t) and t.index(".") <= MONEY_DIGITS and len(t) - t.index(".") - 1 <= MONEY_DECIMALS:
            return Decimal(t), None
        elif kind == "yesno" and t in (YES, NO):
            return t, None
    name = f"{item.code}（{item.label[:16]}{'…' if len(item.label) > 16 else ''}）"
    if not isinstance(node, ScalarNode):
        return None, _problem(R.VALUE_TYPE, R.VALUE_TYPE_LIST, name=name, what=_what(item), example=example_line(item))
    text = node.value
    if node.style in ("|", ">"):
        return None, _problem(R.VALUE_TYPE, R.VALUE_TYPE_BLOCK, name=name, what=_what(item))
    quoted = bool(node.style)
    t = text.strip()
    if not quoted and t in NULLS:
        return None, _problem(R.VALUE_MISSING, R.VALUE_MISSING_YESNO if item.kind == "yesno" else None, name=name)
    if item.kind == "yesno":
        if t in (YES, NO):
            return t, None
        if t in YAML11_BOOLS or t.lower() in ("true", "false", "1", "0"):
            return None, _problem(R.VALUE_YES_NO, R.VALUE_YES_NO_BOOL, name=name, text=t)
        return None, _problem(R.VALUE_YES_NO, name=name)
    problem = _number_problem(t, item, name, quoted)
    if problem:
        return None, problem
    if item.kind == "count":
        return int(t), None
    return Decimal(t), None


def _problem(rule: Rule, wording: Wording | None = None, **fields: object) -> Problem:
    """A declared rule's message and hint (or one of its other wordings), filled in."""
    message, hint = (wording.message, wording.hint) if wording else (rule.message, rule.hint)
    return rule, rule.text(message, fields), rule.text(hint, fields)


def _what(item: Item) -> str:
    return kind_words(item)


def _size_problem(t: str, item: Item, name: str) -> Problem | None:
    """A well-formed number too large for any real report: a slip, or yuan typed as 万元."""
    digits = len(t.split(".", 1)[0])
    if item.kind == "money" and digits > MONEY_DIGITS:
        return _problem(R.VALUE_TOO_LARGE, name=name, text=t)
    if item.kind == "count" and digits > COUNT_DIGITS:
        return _problem(R.VALUE_TOO_LARGE, R.VALUE_TOO_LARGE_COUNT, name=name, text=t)
    return None


def _number_problem(t: str, item: Item, name: str, quoted: bool) -> Problem | None:
    money = item.kind == "money"
    if quoted and (INT_RE.match(t) or DEC_RE.match(t)):
        return _problem(R.VALUE_QUOTED, name=name)
    if INT_RE.match(t):
        return _size_problem(t, item, name)
    if DEC_RE.match(t):
        if not money:
            return _problem(R.VALUE_FRACTION, name=name, unit=item.unit, text=t)
        decimals = len(t.split(".", 1)[1])
        if decimals > MONEY_DECIMALS:
            return _problem(R.VALUE_DECIMALS, name=name, decimals_max=MONEY_DECIMALS, decimals=decimals,
                            long=MONEY_ROUNDING_EXAMPLE[0], rounded=MONEY_ROUNDING_EXAMPLE[1])
        return _size_problem(t, item, name)
    if FULLWIDTH.search(t):
        return _problem(R.VALUE_FULLWIDTH, name=name, text=t)
    if "：" in t or ": " in t or "\u3000" in t:
        return _problem(R.IME_CHAR, R.IME_CHAR_VALUE, name=name, text=t)
    if THOUSANDS.match(t):
        return _problem(R.VALUE_THOUSANDS, name=name, text=t, plain=re.sub('[,，]', '', t))
    if NEGATIVE.match(t):
        return _problem(R.VALUE_NEGATIVE, name=name, text=t)
    if t in YAML11_BOOLS:
        return _problem(R.VALUE_YES_NO, R.VALUE_YES_NO_NUMBER, name=name, text=t)
    if SPECIAL_FLOATS.match(t) or t.lower() in ("nan", "inf", "-inf", "infinity"):
        return _problem(R.VALUE_NAN, name=name, text=t)
    if LEADING_ZERO.match(t):
        return _problem(R.VALUE_LEADING_ZERO, name=name, text=t, plain=t.lstrip('0') or '0')
    if EXPONENT.match(t):
        return _problem(R.VALUE_EXPONENT, name=name, text=t)
    if t.startswith("+") and (INT_RE.match(t[1:]) or DEC_RE.match(t[1:])):
        return _problem(R.VALUE_SIGN, name=name, plain=t[1:])
    if DIGIT.search(t) and UNIT_WORDS.search(t):
        return _problem(R.VALUE_UNIT_TEXT, name=name, text=t, unit=item.unit)
    return _problem(R.VALUE_TYPE, name=name, what=_what(item), text=t[:20])
