"""Value parsing on its own: every kind of item (count, 万元 amount, 是/否) with good text and
each way a person, Excel or an input method gets it wrong, and the rule and Chinese message
that names what to change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from yaml.nodes import MappingNode

from warmth.findings import Collector
from warmth.forms import COUNT_DIGITS, MONEY_DECIMALS, MONEY_DIGITS, Item
from warmth.values import parse_item
from warmth.yamlsafe import parse

COUNT = Item(code="A", label="走访企业", unit="家")
MONEY = Item(code="B", label="筹集慰问款物总额", unit="万元")
YESNO = Item(code="I", label="是否汇聚社会资源", unit="是/否")
LONG = Item(code="C1", label="因非个人意愿下岗失业、家庭收入水平明显偏低的职工", unit="人次")


def value_of(text: str, item: Item):
    """Parse `X: <text>` as the strict loader does and read the value as the item's kind."""
    col = Collector("t.yaml")
    node = parse(f"X: {text}\n", col)
    assert isinstance(node, MappingNode) and not col.findings, col.findings
    return parse_item(node.value[0][1], item)


@pytest.mark.parametrize(("item", "text", "want"), [
    (COUNT, "0", 0), (COUNT, "30", 30), (COUNT, "9" * COUNT_DIGITS, int("9" * COUNT_DIGITS)),
    (MONEY, "0", Decimal(0)), (MONEY, "109.9244", Decimal("109.9244")), (MONEY, "3.5", Decimal("3.5")),
    (MONEY, "9" * MONEY_DIGITS + "." + "9" * MONEY_DECIMALS, Decimal("9" * MONEY_DIGITS + "." + "9" * MONEY_DECIMALS)),
    (MONEY, "12", Decimal(12)), (YESNO, "是", "是"), (YESNO, "否", "否"), (YESNO, '"是"', "是"),
    (COUNT, "30   ", 30),
])
def test_good_values_are_read_exactly(item: Item, text: str, want: object) -> None:
    value, problem = value_of(text, item)
    assert problem is None and value == want and type(value) is type(want)


# (item, text, rule, words the message must contain)
BAD = [
    (COUNT, "-5", "value-negative", "A（走访企业） 不能为负数（-5）"),
    (MONEY, "-0.5", "value-negative", "B（筹集慰问款物总额） 不能为负数（-0.5）"),
    (COUNT, "5.5", "value-fraction", "A（走访企业） 是计数（家），只能填整数，不能填 5.5"),
    (COUNT, "5.0", "value-fraction", "不能填 5.0"),
    (MONEY, "1." + "1" * (MONEY_DECIMALS + 1), "value-decimals", f"最多 {MONEY_DECIMALS} 位小数"),
    (COUNT, "３０", "value-fullwidth", "A（走访企业） 含有全角数字或符号（３０）"),
    (MONEY, "３．５", "value-fullwidth", "含有全角数字或符号（３．５）"),
    (COUNT, "1，234", "value-fullwidth", "（1，234）"),
    (COUNT, "1,234", "value-thousands", "A（走访企业） 的数字带了千位分隔符（1,234）"),
    (MONEY, "1,234.5", "value-thousands", "千位分隔符（1,234.5）"),
    (COUNT, "yes", "value-yes-no", "A（走访企业） 应填数值，不能写 yes"),
    (COUNT, "off", "value-yes-no", "不能写 off"),
    (COUNT, ".nan", "value-nan", "A（走访企业） 不是有效数值（.nan）"),
    (MONEY, ".inf", "value-nan", "不是有效数值（.inf）"),
    (MONEY, "NaN", "value-nan", "不是有效数值（NaN）"),
    (MONEY, "-.inf", "value-nan", "不是有效数值（-.inf）"),
    (COUNT, "0123", "value-leading-zero", "A（走访企业） 的数字以 0 开头（0123）"),
    (COUNT, "3e1", "value-exponent", "A（走访企业） 用了科学计数法（3e1）"),
    (MONEY, "1.5E3", "value-exponent", "科学计数法（1.5E3）"),
    (COUNT, "+30", "value-sign", "A（走访企业） 前面不要加“+”号"),
    (COUNT, "30家", "value-unit-text", "A（走访企业） 的数值后面写了单位（30家）"),
    (MONEY, "3.5万元", "value-unit-text", "写了单位（3.5万元）"),
    (COUNT, '"30"', "value-quoted", "A（走访企业） 的数值加了引号"),
    (MONEY, "'3.5'", "value-quoted", "加了引号"),
    (COUNT, "", "value-missing", "A（走访企业） 未填写"),
    (COUNT, "~", "value-missing", "未填写"),
    (COUNT, "null", "value-missing", "未填写"),
    (COUNT, "1" * (COUNT_DIGITS + 1), "value-too-large", "在十亿以上"),
    (MONEY, "1" * (MONEY_DIGITS + 1), "value-too-large", "即一万亿元以上"),
    (COUNT, "[1, 2]", "value-type", "A（走访企业） 应填一个非负整数，这里却是一组内容"),
    (COUNT, "{a: 1}", "value-type", "这里却是一组内容"),
    (COUNT, "|\n  30", "value-type", "A（走访企业） 应填一个非负整数"),
    (COUNT, "三十", "value-type", "A（走访企业） 应填一个非负整数，不能写“三十”"),
    (MONEY, "约3.5", "value-type", "应填一个金额（万元），不能写“约3.5”"),
    (COUNT, "3\u200b0", "value-type", "不能写"),
    (COUNT, "3\u30000", "ime-char", "全角"),
    (YESNO, "yes", "value-yes-no", "I（是否汇聚社会资源） 应填“是”或“否”，不要写 yes"),
    (YESNO, "true", "value-yes-no", "不要写 true"),
    (YESNO, "1", "value-yes-no", "不要写 1"),
    (YESNO, "有", "value-yes-no", "I（是否汇聚社会资源） 应填“是”或“否”"),
    (YESNO, "", "value-missing", "I（是否汇聚社会资源） 未填写"),
    (LONG, "-1", "value-negative", "C1（因非个人意愿下岗失业、家庭收入水…） 不能为负数"),
]


@pytest.mark.parametrize(("item", "text", "rule", "words"), BAD, ids=[f"{i.code}:{t!r}" for i, t, _, _ in BAD])
def test_bad_text_is_named_with_its_rule_and_a_chinese_message(item: Item, text: str, rule: str, words: str) -> None:
    value, problem = value_of(text, item)
    assert value is None and problem is not None, (text, value)
    got, message, hint = problem
    assert (got.id, words in message) == (rule, True), (got.id, message)
    assert hint, "every problem says what to do"


def test_hints_give_the_corrected_text() -> None:
    assert value_of("1,234", COUNT)[1][2] == "去掉逗号，写作 1234"  # type: ignore[index]
    assert value_of("+30", COUNT)[1][2] == "写作 30"  # type: ignore[index]
    assert "写作 123" in value_of("0123", COUNT)[1][2]  # type: ignore[index]
