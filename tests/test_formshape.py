"""The form's shape is read from its definition: totals from its sum rules, the union-funds item
from its mark, examples from the form at hand. Each test edits the demo's form definitions and
checks what a user sees change (a workbook sheet, a page, a new file, a hint)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from warmth.aggregate import load
from warmth.forms import MONEY_DECIMALS
from warmth.repo import Repository
from warmth.site.guide import items_page
from warmth.validate import validate

from .conftest import run_warmth
from .test_validate import SUB, findings, replace_line

BASE = "schemas/forms/swn-2022.yaml"
CID = "2022-spring"
FORM = "swn-j4-2022"  # the 2022 campaign's form, built on BASE


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def used_funds(root: Path) -> dict[str, Decimal | int | None]:
    return {uid: used for uid, (_, used) in load(Repository(root), CID).funds_used().items()}


def region_total(root: Path, code: str) -> dict[str, Decimal | int]:
    data = load(Repository(root), CID)
    form = next(f for f in data.forms if f.id == FORM)
    regions = {r.id for r in data.regions}
    return {uid: data.total(form, data.region_units(uid) if uid in regions else [uid])[code]
            for uid in data.campaign.funds}


# -- union funds: marked in the form, never found by label ------------------------------------

def test_union_funds_follow_the_mark_not_the_label(demo: Path) -> None:
    path = demo / BASE
    b3 = region_total(demo, "B3")
    assert used_funds(demo) == b3 and any(b3.values())
    # renamed: the mark still says which item it is
    edit(path, "label: 工会经费, unit: 万元, union_funds: true", "label: 本级工会拨付, unit: 万元, union_funds: true")
    assert used_funds(demo) == b3
    # the mark moved to B4: the label 工会经费 (given back to B3) no longer decides
    edit(path, "label: 本级工会拨付, unit: 万元, union_funds: true", "label: 工会经费, unit: 万元")
    edit(path, "label: 社会捐助, unit: 万元}", "label: 社会捐助, unit: 万元, union_funds: true}")
    b4 = region_total(demo, "B4")
    assert b4 != b3 and used_funds(demo) == b4
    # no mark: nothing is set against the allocations, whatever the labels say
    edit(path, "label: 社会捐助, unit: 万元, union_funds: true}", "label: 社会捐助, unit: 万元}")
    assert set(used_funds(demo).values()) == {None}


def test_union_funds_sheet_of_the_workbook_follows_the_mark(demo: Path) -> None:
    import openpyxl

    edit(demo / BASE, "label: 工会经费, unit: 万元, union_funds: true", "label: 工会经费, unit: 万元")
    edit(demo / BASE, "label: 社会捐助, unit: 万元}", "label: 社会捐助, unit: 万元, union_funds: true}")
    res = run_warmth("aggregate", CID, "-o", "out", cwd=demo)
    assert res.code == 0, res.err
    ws = openpyxl.load_workbook(demo / "out" / f"{CID}-internal.xlsx")["经费下拨"]
    shown = {r[0].value: r[3].value for r in ws.iter_rows(min_row=3) if r[0].value}
    b4 = region_total(demo, "B4")
    assert {uid: Decimal(str(shown[uid])) for uid in b4} == {uid: Decimal(v) for uid, v in b4.items()}


@pytest.mark.parametrize(("old", "unit"), [
    ("{code: A, no: 1, label: 走访企业, unit: 家}", "家"),
    ("{code: C, no: 3, label: 慰问对象总计, unit: 人次}", "人次"),
])
def test_union_funds_mark_on_a_count_is_an_error_at_its_line(demo: Path, old: str, unit: str) -> None:
    path = demo / BASE
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if old in t)
    edit(path, old, old[:-1] + ", union_funds: true}")
    report, _ = validate(Repository(demo))
    hits = [f for f in report.errors if f.file == BASE and f.rule == "form-item"]
    assert hits and {f.line for f in hits} == {line}, hits  # once per form built on it, all at its line
    assert "union_funds" in hits[0].message and "万元" in hits[0].message and unit not in hits[0].message


# -- totals come from the sum rules -----------------------------------------------------------

def test_items_page_example_cites_a_total_of_the_form_at_hand(demo: Path) -> None:
    page = items_page(Repository(demo))
    assert "例如 B1 计入 B，表示 B 必须等于 B1 至 B6 之和" in page
    # the 2022 form loses its B-sum: B is no total any more, and no page cites it
    edit(demo / BASE, "  - {id: B-sum, check: B == B1 + B2 + B3 + B4 + B5 + B6,", "  - {id: B-sum, severity: warning, check: B == B1 + B2 + B3 + B4 + B5 + B6,")
    page = items_page(Repository(demo))
    assert "B1 计入 B" not in page
    assert "例如 C1 计入 C，表示 C 必须等于 C1 至 C11 之和" in page
    rows = [line for line in page.split("\n") if line.startswith("| B1 | 中央财政 |")]
    assert rows and all("| B 的其中项 |" in row for row in rows)  # still a part of B, no longer summed into it


def test_template_sums_only_what_the_error_rules_sum(demo: Path) -> None:
    import openpyxl

    def b_cell(root: Path) -> object:
        res = run_warmth("template", CID, "qinglan", "-o", "t.xlsx", cwd=root)
        assert res.code == 0, res.err
        ws = next(ws for ws in openpyxl.load_workbook(root / "t.xlsx").worksheets if any(
            c.value == "B" for c in ws["B"]))
        row = next(c.row for c in ws["B"] if c.value == "B")
        (root / "t.xlsx").unlink()
        return ws.cell(row, 6).value

    assert str(b_cell(demo)).startswith("=SUM(")
    edit(demo / BASE, "  - {id: B-sum, check: B == B1 + B2 + B3 + B4 + B5 + B6,", "  - {id: B-sum, when: A > 0, check: B == B1 + B2 + B3 + B4 + B5 + B6,")
    assert not str(b_cell(demo) or "").startswith("=")


# -- examples in a new file and in hints come from the form at hand ---------------------------

@pytest.mark.parametrize(("where", "example", "cited"), [
    ("D-per-person", "本次对三户特困家庭提高了慰问标准", "D-per-person"),
    ("D-within-B", "本次动用了上年结余的慰问款物", "D-within-B"),
    (None, None, None),
])
def test_new_file_cites_a_warning_rule_of_its_own_forms(demo: Path, where: str | None, example: str | None,
                                                        cited: str | None) -> None:
    path = demo / BASE
    edit(path, "    explanation_example: 本次对三户特困家庭提高了慰问标准\n", "")
    if where is not None:
        edit(path, f"  - id: {where}\n", f"  - id: {where}\n    explanation_example: {example}\n")
    res = run_warmth("new", CID, "qinglan", "-o", "-", cwd=demo)
    assert res.code == 0, res.err
    lines = res.out.split("\n")
    if cited is None:
        assert not any("explanations" in line for line in lines)
        assert "按规则编号写明原因" not in res.out
    else:
        assert f"#   {cited}: {example}" in lines
        assert sum(1 for line in lines if re.match(r"#\s+[A-Z][A-Za-z0-9]*-[A-Za-z0-9-]+: ", line)) == 1
    assert f"最多 {MONEY_DECIMALS} 位小数" in lines[2]


@pytest.mark.parametrize(("key", "example"), [("A", "A: 12"), ("B3", "B3: 12.5"), ("C2", "C2: 12"), ("D7", "D7: 12.5")])
def test_value_type_hint_shows_the_item_at_hand(demo: Path, key: str, example: str) -> None:
    line = replace_line(demo / SUB, key, f"    {key}: [1, 2]")
    hit = next(f for f in findings(demo) if f.rule == "value-type")
    assert hit.line == line and f"“{example}”" in hit.hint, hit


def test_decimals_hint_rounds_to_the_allowed_decimals(demo: Path) -> None:
    replace_line(demo / SUB, "B3", "    B3: 1.23456")
    hit = next(f for f in findings(demo) if f.rule == "value-decimals")
    m = re.search(r"四舍五入到 (\d+) 位小数，例如 ([0-9.]+) 写作 ([0-9.]+)", hit.hint)
    assert m is not None, hit.hint
    places, given, rounded = int(m[1]), Decimal(m[2]), Decimal(m[3])
    assert places == MONEY_DECIMALS and -given.as_tuple().exponent > places  # the example needs rounding
    assert -rounded.as_tuple().exponent == places and abs(given - rounded) <= Decimal(1).scaleb(-places) / 2
