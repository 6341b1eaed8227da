"""Form definitions: what the issuing union edits, checked at the line it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmth.expr import ExprError, compile_expr
from warmth.repo import Repository
from warmth.validate import validate

FORM = "schemas/forms/swn-j4-2022.yaml"


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "rule", "word"),
    [
        ("check: (J3 > 0) == (J4 > 0)", "check: (J3 > 0) == (J5 > 0)", "form-rule", "J5"),
        ("check: (J3 > 0) == (J4 > 0)", "check: __import__('os').system('true')", "form-rule", "不支持"),
        ("check: (J3 > 0) == (J4 > 0)", "check: (J3 > 0) ==", "form-rule", "语法错误"),
        ("{code: J4, with: J3,", "{code: J4, with: J9,", "form-item", "J9"),
    ],
)
def test_broken_form_definition_points_at_its_line(demo: Path, old: str, new: str, rule: str, word: str) -> None:
    path = demo / FORM
    line = line_of(path, old)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    report, _ = validate(Repository(demo))
    hits = [f for f in report.errors if f.rule == rule and f.file == FORM]
    assert any(h.line == line and word in h.message for h in hits), report.errors


def test_campaign_using_a_broken_form_is_reported(demo: Path) -> None:
    path = demo / FORM
    path.write_text(path.read_text(encoding="utf-8").replace("unit: 人次}", "unit: 人数}", 1), encoding="utf-8")
    report, _ = validate(Repository(demo))
    files = {f.file for f in report.errors}
    assert FORM in files and "submissions/2022-spring/campaign.yaml" in files
    # the reports themselves are not buried under errors they did not cause
    assert not any(f.startswith("submissions/2022-spring/") and not f.endswith("campaign.yaml") for f in files)


def test_extends_builds_on_the_base() -> None:
    forms = Repository(Path(__file__).resolve().parents[1]).forms
    base, j4 = forms["swn-2022"], forms["swn-j4-2022"]
    assert [i.code for i in j4.items] == [i.code for i in base.items] + ["J1", "J2", "J3", "J4"]
    assert j4.by_code["G"].label == "春节期间共帮助农民工平安返乡"
    assert base.by_code["G"].label == "元旦春节期间共帮助农民工平安返乡"
    old = forms["bfzx-2020"]
    codes = [i.code for i in old.items]
    assert "F7" not in codes and codes[codes.index("G6") + 1 : codes.index("G6") + 3] == ["F6a", "G6a"]
    assert old.as_of == "2020-12-31" and forms["bfzx-2021"].as_of == "2021-12-31"
    assert old.by_code["Da"].parent == "D" and old.by_code["I"].kind == "yesno"


@pytest.mark.parametrize("source", ["open('x')", "B.__class__", "[B for B in C]", "lambda: 1", "B if C else D", "B[0]"])
def test_evaluator_refuses_anything_but_arithmetic(source: str) -> None:
    with pytest.raises(ExprError):
        compile_expr(source)
