"""The rule expression evaluator on its own: what a form's `check:` may say, how it is
computed (exact decimals, never floats, never eval) and what it refuses, with the Chinese
message a form's author sees."""

from __future__ import annotations

import builtins
from decimal import Decimal

import pytest

from warmth.expr import Env, ExprError, Missing, compile_expr, format_value


def run(source: str, params: dict | None = None, previous: dict | None = None, **values) -> object:
    return compile_expr(source)(Env(values, params or {}, previous))


def test_a_total_is_parsed_into_its_names_sides_and_parts() -> None:
    e = compile_expr("B == B1 + B2 + B3")
    assert e.names == {"B", "B1", "B2", "B3"} and e.prev_names == set()
    assert e.total == ("B", ("B1", "B2", "B3"))
    assert [text for text, _ in e.sides] == ["B", "B1 + B2 + B3"]
    # not a plain total: a product, a constant or a comparison other than ==
    for source in ("B == B1 * 2", "B == B1 + 1", "B <= B1 + B2", "B1 + B2 == B"):
        assert compile_expr(source).total is None, source


def test_sums_of_amounts_are_exact_decimals() -> None:
    """0.1 + 0.2 is 0.3 exactly, as a 万元 amount must be; a float would say otherwise."""
    assert 0.1 + 0.2 != 0.3
    assert run("B == B1 + B2", B=Decimal("0.3"), B1=Decimal("0.1"), B2=Decimal("0.2")) is True
    assert run("B == 0.1 + 0.2", B=Decimal("0.3")) is True  # constants are decimals too
    amounts = [Decimal("3.5389"), Decimal("13.1551"), Decimal("5.7348"), Decimal("13.6908"), Decimal("66.0181"), Decimal("7.7867")]
    parts = {f"B{i + 1}": v for i, v in enumerate(amounts)}
    assert run("B == B1 + B2 + B3 + B4 + B5 + B6", B=sum(amounts), **parts) is True
    assert run("B == B1 + B2 + B3 + B4 + B5 + B6", B=sum(amounts) + Decimal("0.0001"), **parts) is False


def test_division_is_decimal_and_by_zero_makes_the_rule_not_apply() -> None:
    assert run("D / C", D=1, C=3) == Decimal(1) / Decimal(3)
    assert isinstance(run("D / C", D=6, C=3), Decimal)
    for c in (0, Decimal("0"), Decimal("0.0")):
        with pytest.raises(Missing):
            run("D / C <= 1", D=5, C=c)


@pytest.mark.parametrize(("source", "want"), [
    ("A == 3", True), ("A != 3", False), ("A < 4", True), ("A <= 3", True), ("A > 3", False),
    ("A >= 4", False), ("0 <= A <= 3", True), ("0 <= A < 3", False), ("1 < A > 2", True),
    ("(C1 > 0) == (D1 > 0)", True), ("(A > 0) and (A < 2)", False), ("A > 5 or A == 3", True),
    ("not A > 5", True), ("-A < 0", True), ("abs(-A) == 3", True), ("max(A, 7) == 7", True),
    ("min(A, 7) == A", True), ('I == "是"', True), ("A - 1 == 2", True), ("A * 2 == 6", True),
])
def test_comparisons_and_logic(source: str, want: bool) -> None:
    assert run(source, A=3, C1=2, D1=Decimal("0.5"), I="是") is want


def test_a_pair_rule_fails_when_one_side_is_zero() -> None:
    assert run("(C6 > 0) == (D6 > 0)", C6=5, D6=Decimal("0")) is False
    assert run("(C6 > 0) == (D6 > 0)", C6=0, D6=Decimal("0")) is True


def test_names_come_from_the_report_then_the_campaign_parameters() -> None:
    assert run("D <= C * per_person_max", {"per_person_max": Decimal("0.2")}, C=10, D=Decimal("2")) is True
    assert run("D <= C * per_person_max", {"per_person_max": Decimal("0.2")}, C=10, D=Decimal("2.0001")) is False
    with pytest.raises(Missing) as exc:
        run("D <= C * per_person_max", C=10, D=1)
    assert str(exc.value) == "per_person_max"


def test_an_unknown_or_empty_name_makes_the_rule_not_apply() -> None:
    with pytest.raises(Missing) as exc:
        run("B == B1 + Z9", B=1, B1=1)
    assert str(exc.value) == "Z9"
    with pytest.raises(Missing):  # an item left out (its value was refused) is absent
        run("B == B1", B=1)
    for dunder in ("__builtins__", "__import__", "__class__"):  # a name is only ever looked up
        with pytest.raises(Missing):
            run(f"{dunder} == 1")


def test_prev_reads_the_previous_report() -> None:
    e = compile_expr("C <= prev(C) * jump_max")
    assert e.prev_names == {"C"} and e.names == {"C", "jump_max"}
    assert e(Env({"C": 90}, {"jump_max": 3}, {"C": 30})) is True
    assert e(Env({"C": 91}, {"jump_max": 3}, {"C": 30})) is False
    for previous in (None, {}, {"C": None}):
        with pytest.raises(Missing) as exc:
            e(Env({"C": 90}, {"jump_max": 3}, previous))
        assert str(exc.value) == "prev(C)"


@pytest.mark.parametrize(("source", "message"), [
    ("open('x')", "不支持的函数：open()，可用 prev、abs、max、min"),
    ("__import__('os').system('true')", "不支持的写法"),
    ("__import__('os')", "不支持的函数：__import__()"),
    ("eval('1')", "不支持的函数：eval()"),
    ("B.__class__", "不支持的写法"),
    ("B.real == 1", "不支持的写法"),
    ("B[0] == 1", "不支持的写法"),
    ("(lambda: 1)() == 1", "不支持的写法"),
    ("lambda: 1", "不支持的写法"),
    ("[x for x in C]", "不支持的写法"),
    ("B if C else D", "不支持的写法"),
    ("B ** 99999999", "不支持的写法"),
    ("B // 2", "不支持的写法"),
    ("B % 2", "不支持的写法"),
    ("B in C", "不支持的写法"),
    ("B is C", "不支持的写法"),
    ("True", "不支持的写法"),
    ("None == B", "不支持的常量"),
    ("max(B, key=C)", "不支持的写法"),
    ("prev(C, D)", "prev() 只接受一个项目代码"),
    ("prev(1)", "prev() 只接受一个项目代码"),
    ("prev(C + D)", "prev() 只接受一个项目代码"),
    ("import os", "表达式语法错误"),
    ("B ==", "表达式语法错误"),
    ("B = 1", "表达式语法错误"),
    ("f'{B}'", "不支持的写法"),
])
def test_anything_outside_the_grammar_is_refused_in_chinese(source: str, message: str) -> None:
    with pytest.raises(ExprError) as exc:
        compile_expr(source)
    assert str(exc.value).startswith(message), str(exc.value)


def test_nothing_is_ever_passed_to_eval(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    assert run("B == B1 + B2 and (C > 0) == (D > 0)", B=3, B1=1, B2=2, C=1, D=Decimal("0.1")) is True


def test_explain_shows_the_figures_behind_a_failed_check() -> None:
    e = compile_expr("B == B1 + B2")
    env = Env({"B": Decimal("120.5"), "B1": Decimal("100"), "B2": Decimal("18.50")})
    assert e(env) is False
    assert e.explain(env) == "B = 120.5，B1 + B2 = 118.5"
    pair = compile_expr("(C6 > 0) == (D6 > 0)")
    assert pair.explain(Env({"C6": 5, "D6": Decimal("0")})) == "C6 = 5，D6 = 0"
    jump = compile_expr("C <= prev(C) * jump_max")
    assert jump.explain(Env({"C": 100}, {"jump_max": 3}, {"C": 30})) == "C = 100，prev(C) * jump_max = 90"


@pytest.mark.parametrize(("value", "text"), [
    (True, "是"), (False, "否"), (Decimal("1.2300"), "1.23"), (Decimal("1E+2"), "100"), (Decimal("0.0000"), "0"), (7, "7"),
])
def test_values_are_shown_as_a_person_writes_them(value: object, text: str) -> None:
    assert format_value(value) == text  # type: ignore[arg-type]
