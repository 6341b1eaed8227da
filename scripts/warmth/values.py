"""Reading one item's value from its YAML text: counts, 万元 amounts and 是/否, nothing else.

Every way a person (or Excel, or a Chinese input method) gets a number wrong has its own
message, because "not a valid number" does not tell anyone what to change.
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import rules as R
from .forms import COUNT_DIGITS, MONEY_DECIMALS, MONEY_DIGITS, Item
from .rules import Rule
from .yamlsafe import DEC_RE, INT_RE, NULLS, SPECIAL_FLOATS, YAML11_BOOLS, Node, ScalarNode

FULLWIDTH = re.compile(r"[０-９．，－＋]")
THOUSANDS = re.compile(r"[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?\Z")
NEGATIVE = re.compile(r"-[0-9]+(?:\.[0-9]+)?\Z")
EXPONENT = re.compile(r"[0-9.]+[eE][-+]?[0-9]+\Z")
LEADING_ZERO = re.compile(r"0[0-9]+(?:\.[0-9]+)?\Z")
YES, NO = "是", "否"

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
        return None, (R.VALUE_TYPE, f"{name} 应填一个{_what(item)}，这里却是一组内容", "只写一个数值，例如 “B3: 12.5”")
    text = node.value
    if node.style in ("|", ">"):
        return None, (R.VALUE_TYPE, f"{name} 应填一个{_what(item)}", "只写一个数值，不要用多行文字")
    quoted = bool(node.style)
    t = text.strip()
    if not quoted and t in NULLS:
        return None, (R.VALUE_MISSING, f"{name} 未填写", "没有发生的项目请填 0" if item.kind != "yesno" else "请填写 是 或 否")
    if item.kind == "yesno":
        if t in (YES, NO):
            return t, None
        if t in YAML11_BOOLS or t.lower() in ("true", "false", "1", "0"):
            return None, (R.VALUE_YES_NO, f"{name} 应填“是”或“否”，不要写 {t}", "YAML 会把 yes/no/on/off 当成真假值；请直接写汉字 是 或 否")
        return None, (R.VALUE_YES_NO, f"{name} 应填“是”或“否”", "请直接写汉字 是 或 否")
    problem = _number_problem(t, item, name, quoted)
    if problem:
        return None, problem
    if item.kind == "count":
        return int(t), None
    return Decimal(t), None


def _what(item: Item) -> str:
    return {"count": "非负整数", "money": "金额（万元）", "yesno": "是 或 否"}[item.kind]


def _size_problem(t: str, item: Item, name: str) -> Problem | None:
    """A well-formed number too large for any real report: a slip, or yuan typed as 万元."""
    digits = len(t.split(".", 1)[0])
    if item.kind == "money" and digits > MONEY_DIGITS:
        return (R.VALUE_TOO_LARGE, f"{name} 的金额 {t} 万元，即一万亿元以上，不合常理", "金额以万元为单位：1 万元写作 1，12345 元写作 1.2345；检查是否多打了数字")
    if item.kind == "count" and digits > COUNT_DIGITS:
        return (R.VALUE_TOO_LARGE, f"{name} 的数值 {t} 在十亿以上，不合常理", "检查是否多打了数字或重复粘贴")
    return None


def _number_problem(t: str, item: Item, name: str, quoted: bool) -> Problem | None:
    money = item.kind == "money"
    if quoted and (INT_RE.match(t) or DEC_RE.match(t)):
        return (R.VALUE_QUOTED, f"{name} 的数值加了引号，会被当作文字", "去掉引号，直接写数字")
    if INT_RE.match(t):
        return _size_problem(t, item, name)
    if DEC_RE.match(t):
        if not money:
            return (R.VALUE_FRACTION, f"{name} 是计数（{item.unit}），只能填整数，不能填 {t}", "人次、户、家、个等计数填整数")
        decimals = len(t.split(".", 1)[1])
        if decimals > MONEY_DECIMALS:
            return (R.VALUE_DECIMALS, f"{name} 的金额以万元为单位，最多 {MONEY_DECIMALS} 位小数（精确到元），这里有 {decimals} 位", "四舍五入到 4 位小数，例如 12.34567 写作 12.3457")
        return _size_problem(t, item, name)
    if FULLWIDTH.search(t):
        return (R.VALUE_FULLWIDTH, f"{name} 含有全角数字或符号（{t}）", "这是中文输入法的全角字符；请切换到半角（英文）输入后重新输入数字")
    if "：" in t or ": " in t or "\u3000" in t:
        return (R.IME_CHAR, f"{name} 的值里有全角冒号或全角空格（{t}）", "切换到半角输入：冒号用“:”，后面空一格")
    if THOUSANDS.match(t):
        return (R.VALUE_THOUSANDS, f"{name} 的数字带了千位分隔符（{t}）", f"去掉逗号，写作 {re.sub('[,，]', '', t)}")
    if NEGATIVE.match(t):
        return (R.VALUE_NEGATIVE, f"{name} 不能为负数（{t}）", "统计数字都是非负数；没有发生请填 0")
    if t in YAML11_BOOLS:
        return (R.VALUE_YES_NO, f"{name} 应填数值，不能写 {t}", "YAML 1.1 会把 yes/no/on/off 当成真假值；请填写数字")
    if SPECIAL_FLOATS.match(t) or t.lower() in ("nan", "inf", "-inf", "infinity"):
        return (R.VALUE_NAN, f"{name} 不是有效数值（{t}）", "请填写实际数字；没有发生请填 0")
    if LEADING_ZERO.match(t):
        return (R.VALUE_LEADING_ZERO, f"{name} 的数字以 0 开头（{t}），YAML 1.1 会把它当作八进制数", f"去掉开头的 0，写作 {t.lstrip('0') or '0'}")
    if EXPONENT.match(t):
        return (R.VALUE_EXPONENT, f"{name} 用了科学计数法（{t}）", "请写成普通数字")
    if t.startswith("+") and (INT_RE.match(t[1:]) or DEC_RE.match(t[1:])):
        return (R.VALUE_SIGN, f"{name} 前面不要加“+”号", f"写作 {t[1:]}")
    if re.search(r"[0-9]", t) and re.search(r"万|元|人|次|户|家|个", t):
        return (R.VALUE_UNIT_TEXT, f"{name} 的数值后面写了单位（{t}）", f"只写数字；本项单位是 {item.unit}，已在表中规定")
    return (R.VALUE_TYPE, f"{name} 应填一个{_what(item)}，不能写“{t[:20]}”", "只写数字；没有发生请填 0")
