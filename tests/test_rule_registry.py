"""Every rule a check reports is declared once, in warmth.rules, and nothing declared is dead."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from warmth import rules
from warmth.findings import Collector

PACKAGE = Path(rules.__file__).resolve().parent


def _modules() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "rules.py"]


def _references() -> dict[str, set[str]]:
    """Names used as `R.NAME` (the package imports the registry as R), by module."""
    used: dict[str, set[str]] = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "R":
                used.setdefault(node.attr, set()).add(path.relative_to(PACKAGE).as_posix())
    return used


def _declared() -> dict[str, rules.Rule | rules.Wording]:
    return {k: v for k, v in vars(rules).items() if isinstance(v, rules.Rule | rules.Wording)}


def test_every_reference_is_declared() -> None:
    helpers = {"Rule", "Wording", "RULES", "WORDINGS", "GROUPS", "form_rule", "get"}
    unknown = {name: sorted(where) for name, where in _references().items() if name not in vars(rules) and name not in helpers}
    assert unknown == {}


def test_every_declared_rule_and_wording_is_reported_somewhere() -> None:
    used = _references()
    dead = sorted(name for name in _declared() if name not in used)
    assert dead == []
    # and each declared rule is a constant of the module, under its own id
    assert {r.id for r in _declared().values() if isinstance(r, rules.Rule)} == set(rules.RULES)
    for name, r in _declared().items():
        if isinstance(r, rules.Rule):
            assert name == r.id.upper().replace("-", "_"), name


def test_no_check_reports_by_a_bare_id() -> None:
    """Checks name rules by their constant; a rule id written as text at a call is left only
    where it is declared (a literal id would escape the test above)."""
    calls = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("error", "warning"):
                lits = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if any(v in rules.RULES for v in lits):
                    calls.append(f"{path.name}:{node.lineno}")
    assert calls == []


def test_an_undeclared_id_or_a_wrong_severity_raises() -> None:
    col = Collector("x.yaml")
    with pytest.raises(KeyError, match="no-such-rule"):
        col.error(1, 1, "no-such-rule", "消息")
    with pytest.raises(ValueError, match="modeline"):
        col.error(1, 1, "modeline", "消息")  # declared as a warning
    with pytest.raises(ValueError, match="wording"):
        col.report(rules.TAB, 1, 1, wording=rules.FILE_SYMLINK_BROKEN, target="x")
    assert col.findings == []
    col.warning(1, 1, "modeline", "消息", "提示")
    assert [(f.rule, f.severity, f.message) for f in col.findings] == [("modeline", "warning", "消息")]


def test_report_fills_templates_and_takes_severity_from_the_registry() -> None:
    col = Collector("x.yaml")
    col.report(rules.DUPLICATE_KEY, 3, 5, key="B1", first=2)
    col.report(rules.MODELINE, 1, 1, what="缺少", want="# yaml-language-server: …")
    col.report(rules.UNIT_PARENT, 4, 1, wording=rules.UNIT_NO_PARENT, uid="a", issuer="b")
    col.report(rules.EXPLANATION_FOR_ERROR, 5, 3, rule="B-sum")  # a field may be called rule
    got = [(f.severity, f.rule, f.message, f.hint) for f in col.findings]
    assert got == [
        ("error", "duplicate-key", "键“B1”重复出现（第 2 行已有）", "YAML 只会保留最后一个值；请删除或合并重复的一行"),
        ("warning", "modeline", "第一行缺少编辑器校验提示（JSON Schema）", "把第一行写成：# yaml-language-server: …"),
        ("error", "unit-parent", "单位 a 没有上级单位", "填写 parent（最上级是 b）"),
        ("warning", "explanation-for-error", "规则 B-sum 是错误级别，不能用说明代替改正", "改正数字后删除这条说明"),
    ]


@pytest.mark.parametrize("rule", list(rules.RULES.values()), ids=lambda r: r.id)
def test_each_rule_has_a_chinese_title_and_message(rule: rules.Rule) -> None:
    assert rule.severity in ("error", "warning")
    assert rule.group in rules.GROUPS
    assert rule.title and any("\u4e00" <= ch <= "\u9fff" for ch in rule.title)
    assert rule.message and rule.hint
    rule.shape(rule.message)  # a well-formed template
    rule.shape(rule.hint)


def test_a_form_rule_is_presented_as_an_entry_with_its_own_severity(demo: Path) -> None:
    from warmth.repo import Repository

    repo = Repository(demo)
    seen = set()
    for form in repo.forms.values():
        for r in form.rules:
            entry = rules.form_rule(form, r)
            assert (entry.id, entry.severity, entry.shape(entry.message)) == (r.id, r.severity, r.message)
            assert entry.title and entry.title in r.message
            seen.add(r.severity)
    assert seen == {"error", "warning"}
