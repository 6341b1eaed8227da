"""Templates: layout and checks on entry, export of a submission and import back, and import
errors that name the sheet and cell to change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

CID = "2022-spring"


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def same_values(a: Any, b: Any) -> None:
    """Two submissions say the same: every figure (as a number), every text field."""
    from decimal import Decimal

    for key in ("campaign", "unit", "reporter", "phone", "date", "report"):
        assert a[key].rstrip("\n") == b[key].rstrip("\n"), key
    assert a.get("explanations", {}) == b.get("explanations", {})
    assert list(a["forms"]) == list(b["forms"])
    for fid, values in a["forms"].items():
        assert list(values) == list(b["forms"][fid])
        for code, v in values.items():
            w = b["forms"][fid][code]
            assert (v == w) if v in ("是", "否") else Decimal(v) == Decimal(w), (fid, code, v, w)


def form_sheet(wb: Any, form_id: str) -> Any:
    return next(ws for ws in wb.worksheets if ws["B2"].value == form_id)


def form_sheets(wb: Any) -> list[Any]:
    """The form sheets of a template (the others: 基本信息, 填写说明, the hidden 单位名录)."""
    return [ws for ws in wb.worksheets if ws.title not in ("基本信息", "填写说明", "单位名录")]


def row_of(ws: Any, code: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == code)


@pytest.fixture
def filled(demo: Path, warmth) -> Path:
    """A template exported from a real submission (with explanations)."""
    r = warmth("template", CID, "fengdu-nanjin", "--from", f"submissions/{CID}/fengdu-nanjin.yaml", "-o", "t.xlsx", cwd=demo)
    assert r.code == 0, r.err
    return demo / "t.xlsx"


def test_write_templates_one_per_form(tmp_path: Path) -> None:
    from warmth.excel import write_templates
    from warmth.repo import Repository

    from .conftest import ROOT

    repo = Repository(ROOT)
    paths = write_templates(repo, tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{f}.xlsx" for f in repo.forms)
    for p in paths:
        form = repo.forms[p.stem]
        wb = openpyxl.load_workbook(p)
        # the form prints first; the cover and the notes follow
        assert wb.sheetnames == [*[s for s in wb.sheetnames if s not in ("基本信息", "填写说明")], "基本信息", "填写说明"]
        assert wb.active.title == wb.sheetnames[0] == form_sheet(wb, form.id).title
        cover = wb["基本信息"]
        labels = [cover.cell(r, 1).value for r in range(2, 9)]
        assert labels == ["活动编号", "单位编号", "单位名称", "填报人", "联系电话", "填报日期", "送温暖报告"]
        ws = form_sheet(wb, form.id)
        assert [ws.cell(3, c).value for c in range(1, 7)] == ["编号", "代码", "项目", "指标", "单位", "填报数"]
        assert [ws.cell(r, 2).value for r in range(4, 4 + len(form.items))] == [i.code for i in form.items]
        dvs = ws.data_validations.dataValidation
        by_type = {dv.type: dv for dv in dvs}
        kinds = {i.kind for i in form.items}
        for item in form.items:
            cell = f"F{row_of(ws, item.code)}"
            value = ws[cell].value
            if isinstance(value, str) and value.startswith("=SUM("):
                continue  # a total: a live formula, not an input cell
            covering = [dv for dv in dvs if cell in dv.sqref]
            assert len(covering) == 1, (form.id, item.code)
            dv = covering[0]
            if item.kind == "count":
                # "between" is the default operator of a validation: XlsxWriter leaves it out
                assert (dv.type, dv.operator or "between", dv.formula1, dv.formula2) == ("whole", "between", "0", "999999999")
            elif item.kind == "money":
                assert dv.type == "custom" and "ROUND(" in dv.formula1 and ",4)" in dv.formula1
                assert f"{cell}<100000000," in dv.formula1  # below 1万亿元
            else:
                assert dv.type == "list" and dv.formula1 == '"是,否"'
        assert "whole" in by_type and (("custom" in by_type) == ("money" in kinds))


def test_only_input_cells_can_be_edited(filled: Path) -> None:
    wb = openpyxl.load_workbook(filled)
    assert all(ws.protection.sheet for ws in wb.worksheets), [ws.title for ws in wb.worksheets if not ws.protection.sheet]
    ws = form_sheet(wb, "swn-j4-2022")
    r = row_of(ws, "B3")
    assert ws.cell(r, 2).protection.locked and ws.cell(r, 3).protection.locked  # code and label
    assert not ws.cell(r, 6).protection.locked  # the figure
    assert ws.cell(row_of(ws, "B"), 6).protection.locked  # a total: a formula
    assert not ws.protection.formatColumns  # columns may still be widened
    cover = wb["基本信息"]
    assert cover["A3"].protection.locked and not cover["B3"].protection.locked


def test_totals_are_formulas_over_their_parts(tmp_path: Path) -> None:
    from warmth.excel import write_templates
    from warmth.repo import Repository

    from .conftest import ROOT

    repo = Repository(ROOT)
    path = next(p for p in write_templates(repo, tmp_path) if p.stem == "swn-2022")
    ws = form_sheet(openpyxl.load_workbook(path), "swn-2022")
    parts = ",".join(f"F{row_of(ws, c)}" for c in ("B1", "B2", "B3", "B4", "B5", "B6"))
    assert ws[f"F{row_of(ws, 'B')}"].value == f"=SUM({parts})"


def test_campaign_template_has_every_form(demo: Path, warmth) -> None:
    r = warmth("template", CID, "-o", "blank.xlsx", cwd=demo)
    assert r.code == 0, r.err
    wb = openpyxl.load_workbook(demo / "blank.xlsx")
    campaign = read_yaml(demo / "submissions" / CID / "campaign.yaml")
    assert {ws["B2"].value for ws in form_sheets(wb)} == set(campaign["forms"])
    assert wb["基本信息"]["B2"].value == CID


@pytest.mark.parametrize("unit", ["fengdu", "fengdu-nanjin", "jiaotong"])
def test_round_trip_is_identical(demo: Path, warmth, unit: str) -> None:
    src = demo / "submissions" / CID / f"{unit}.yaml"
    r = warmth("template", CID, unit, "--from", str(src), "-o", "t.xlsx", cwd=demo)
    assert r.code == 0, r.err
    r = warmth("import", "t.xlsx", "-o", "back.yaml", cwd=demo)
    assert r.code == 0, r.err
    same_values(read_yaml(src), read_yaml(demo / "back.yaml"))
    # the default target is the submission itself; it validates
    r = warmth("import", "t.xlsx", cwd=demo)
    assert r.code == 2 and "--force" in r.err
    r = warmth("import", "t.xlsx", "--force", cwd=demo)
    assert r.code == 0, r.err
    r = warmth("validate", str(src), cwd=demo)
    assert r.code == 0, r.out + r.err


def test_round_trip_keeps_a_multi_line_explanation(demo: Path, warmth) -> None:
    src = demo / "submissions" / CID / "fengdu-nanjin.yaml"
    text = src.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("  C-jump:"))
    src.write_text(text.replace(old, "  C-jump: |\n    南津区2021年底新划入两个街道。\n    今年还把新就业形态劳动者站点纳入走访范围。"), encoding="utf-8")
    assert warmth("validate", str(src), cwd=demo).code == 0
    assert warmth("template", CID, "fengdu-nanjin", "--from", str(src), "-o", "t.xlsx", cwd=demo).code == 0
    r = warmth("import", "t.xlsx", "-o", "back.yaml", cwd=demo)
    assert r.code == 0, r.err
    back = read_yaml(demo / "back.yaml")
    assert back["explanations"]["C-jump"].rstrip("\n") == "南津区2021年底新划入两个街道。\n今年还把新就业形态劳动者站点纳入走访范围。"
    same_values(read_yaml(src), back)


def test_blank_template_filled_by_hand(demo: Path, warmth) -> None:
    """Fill only the input cells (totals stay formulas without cached values) and import."""
    r = warmth("template", CID, "jiaotong", "-o", "blank.xlsx", cwd=demo)
    assert r.code == 0, r.err
    src = read_yaml(demo / "submissions" / CID / "jiaotong.yaml")
    wb = openpyxl.load_workbook(demo / "blank.xlsx")
    cover = wb["基本信息"]
    cover["B5"], cover["B6"], cover["B7"] = src["reporter"], src["phone"], src["date"]
    cover["B8"] = src["report"]
    for fid, values in src["forms"].items():
        ws = form_sheet(wb, fid)
        for code, v in values.items():
            cell = ws[f"F{row_of(ws, code)}"]
            if isinstance(cell.value, str) and cell.value.startswith("="):
                continue
            cell.value = v if v in ("是", "否") else (int(v) if "." not in v else float(v))
    wb.save(demo / "hand.xlsx")
    r = warmth("import", "hand.xlsx", "-o", "hand.yaml", cwd=demo)
    assert r.code == 0, r.err
    same_values(src, read_yaml(demo / "hand.yaml"))


def _break(path: Path, form_id: str, code: str, value: Any) -> str:
    wb = openpyxl.load_workbook(path)
    ws = form_sheet(wb, form_id)
    cell = f"F{row_of(ws, code)}"
    ws[cell] = value
    wb.save(path)
    return f"“{ws.title}”单元格 {cell}"


@pytest.mark.parametrize(("code", "value", "why"), [
    ("A", 12.5, "只能填整数"),
    ("A", -3, "不能为负数"),
    ("B1", 1.23456, "最多 4 位小数"),
    ("C1", "1,234", "文字"),
    ("E1", None, "未填写"),
    ("B", 1.0, "B1 至 B6 之和"),
])
def test_import_error_names_the_cell(filled: Path, warmth, code: str, value: Any, why: str) -> None:
    campaign = read_yaml(filled.parent / "submissions" / CID / "campaign.yaml")
    where = _break(filled, campaign["forms"][0], code, value)
    r = warmth("import", str(filled), "-o", "out.yaml", cwd=filled.parent)
    assert r.code == 1, r.out + r.err
    assert where in r.err and f"项目 {code}" in r.err and why in r.err, r.err
    assert "Traceback" not in r.err
    assert not (filled.parent / "out.yaml").exists()


def test_import_yes_no_error(filled: Path, warmth) -> None:
    campaign = read_yaml(filled.parent / "submissions" / CID / "campaign.yaml")
    where = _break(filled, campaign["forms"][1], "I", "yes")
    r = warmth("import", str(filled), "-o", "out.yaml", cwd=filled.parent)
    assert r.code == 1 and where in r.err and "是" in r.err, r.err


def test_import_unknown_unit_points_at_cover(filled: Path, warmth) -> None:
    wb = openpyxl.load_workbook(filled)
    wb["基本信息"]["B3"] = "nowhere"
    wb.save(filled)
    r = warmth("import", str(filled), "-o", "out.yaml", cwd=filled.parent)
    assert r.code == 1 and "“基本信息”单元格 B3" in r.err and "nowhere" in r.err, r.err
    assert not (filled.parent / "out.yaml").exists()


def test_import_personal_data_in_report_points_at_cover(filled: Path, warmth) -> None:
    wb = openpyxl.load_workbook(filled)
    wb["基本信息"]["B8"] = "慰问了职工张三，手机 13912345678。"
    wb.save(filled)
    r = warmth("import", str(filled), "-o", "out.yaml", cwd=filled.parent)
    assert r.code == 1 and "“基本信息”单元格 B8" in r.err, r.err


def test_import_formula_like_text_stays_text(filled: Path, warmth) -> None:
    wb = openpyxl.load_workbook(filled)
    cell = wb["基本信息"]["B8"]
    cell.value = "=1+1 本单位开展了送温暖活动。"
    cell.data_type = "s"
    wb.save(filled)
    r = warmth("import", str(filled), "-o", "out.yaml", cwd=filled.parent)
    assert r.code == 0, r.err
    assert read_yaml(filled.parent / "out.yaml")["report"].startswith("=1+1 本单位")


def test_import_not_a_workbook(demo: Path, warmth) -> None:
    (demo / "bad.xlsx").write_text("not a workbook", encoding="utf-8")
    r = warmth("import", "bad.xlsx", cwd=demo)
    assert r.code == 2 and "xlsx" in r.err and "Traceback" not in r.err


def test_template_all_and_import_to_stdout(demo: Path, warmth, filled: Path) -> None:
    r = warmth("template", "--all", "-o", "tpl", cwd=demo)
    assert r.code == 0, r.err
    forms = {p.stem for p in (demo / "schemas" / "forms").glob("*.yaml")}
    assert {p.stem for p in (demo / "tpl").glob("*.xlsx")} == forms
    r = warmth("import", str(filled), "-o", "-", cwd=demo)
    assert r.code == 0, r.err
    back = yaml.load(r.out, Loader=yaml.BaseLoader)
    same_values(read_yaml(demo / "submissions" / CID / "fengdu-nanjin.yaml"), back)


def test_template_usage_errors(demo: Path, warmth) -> None:
    r = warmth("template", "1999-spring", cwd=demo)
    assert r.code == 2 and "不存在" in r.err
    r = warmth("template", CID, "nowhere", cwd=demo)
    assert r.code == 2 and "nowhere" in r.err
    r = warmth("template", cwd=demo)
    assert r.code == 2 and "--all" in r.err


# -- the campaign's blank template: the unit chosen from a list -----------------------------

def fill_by_hand(wb: Any, src: Any) -> None:
    """What a person types into a template: the cover's fields and explanations, and every
    input cell of the forms (totals stay the template's formulas)."""
    from warmth.excel.template_book import COVER, COVER_FIELDS, EXPLAIN_FIRST_ROW

    cover = wb[COVER]
    for key in ("reporter", "phone", "date", "report"):
        cover[f"B{COVER_FIELDS[key][0]}"] = src[key]
    for n, (rid, note) in enumerate(src.get("explanations", {}).items()):
        cover[f"A{EXPLAIN_FIRST_ROW + n}"], cover[f"B{EXPLAIN_FIRST_ROW + n}"] = rid, note
    for fid, values in src["forms"].items():
        ws = form_sheet(wb, fid)
        for code, v in values.items():
            cell = ws[f"F{row_of(ws, code)}"]
            if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                cell.value = v if v in ("是", "否") else (int(v) if "." not in v else float(v))


def test_campaign_template_lists_the_reporting_units(demo: Path, warmth) -> None:
    r = warmth("template", CID, "-o", "blank.xlsx", cwd=demo)
    assert r.code == 0, r.err
    wb = openpyxl.load_workbook(demo / "blank.xlsx")
    campaign = read_yaml(demo / "submissions" / CID / "campaign.yaml")
    units = {u["id"]: u["name"] for u in read_yaml(demo / "submissions" / "units.yaml")["units"]}
    names = wb["单位名录"]
    assert names.sheet_state == "hidden" and names.protection.sheet
    listed = [(names.cell(r, 1).value, names.cell(r, 2).value) for r in range(2, names.max_row + 1)]
    assert sorted(i for _, i in listed) == sorted(campaign["reporting_units"])
    assert all(units[i] == n for n, i in listed)
    cover = wb["基本信息"]
    dv = next(dv for dv in cover.data_validations.dataValidation if "B4" in dv.sqref)
    assert dv.type == "list" and dv.formula1 == f"'单位名录'!$A$2:$A${len(listed) + 1}"
    assert not cover["B4"].protection.locked and cover["B3"].protection.locked
    assert cover["B3"].data_type == "f" and "MATCH(B4" in cover["B3"].value


@pytest.mark.parametrize("unit", ["fengdu", "fengdu-nanjin", "jiaotong", "qinglan"])
def test_campaign_template_imports_the_chosen_unit(demo: Path, warmth, unit: str) -> None:
    """A unit picks its name from the list, fills the figures and imports: the file names the
    unit's id and validates."""
    assert warmth("template", CID, "-o", "blank.xlsx", cwd=demo).code == 0
    src_path = demo / "submissions" / CID / f"{unit}.yaml"
    if not src_path.is_file():
        pytest.fail(f"the demo has no report of {unit}")
    src = read_yaml(src_path)
    wb = openpyxl.load_workbook(demo / "blank.xlsx")
    names = wb["单位名录"]
    name = next(names.cell(r, 1).value for r in range(2, names.max_row + 1) if names.cell(r, 2).value == unit)
    wb["基本信息"]["B4"] = name
    fill_by_hand(wb, src)
    wb.save(demo / "hand.xlsx")
    r = warmth("import", "hand.xlsx", "-o", "hand.yaml", cwd=demo)
    assert r.code == 0, r.err
    back = read_yaml(demo / "hand.yaml")
    assert back["unit"] == unit
    same_values(src, back)
    r = warmth("import", "hand.xlsx", "--force", cwd=demo)
    assert r.code == 0, r.err
    assert warmth("validate", str(src_path), cwd=demo).code == 0


@pytest.mark.parametrize(("name", "why"), [
    (None, "单位名称未填写"),
    ("云澜省不存在的工会", "不是活动 2022-spring 的报送单位"),
    ("青岚市总工会 ", None),  # a trailing space is not a different unit
])
def test_campaign_template_unit_name_errors(demo: Path, warmth, name: str | None, why: str | None) -> None:
    assert warmth("template", CID, "-o", "blank.xlsx", cwd=demo).code == 0
    src = read_yaml(demo / "submissions" / CID / "qinglan.yaml")
    wb = openpyxl.load_workbook(demo / "blank.xlsx")
    wb["基本信息"]["B4"] = name
    fill_by_hand(wb, src)
    wb.save(demo / "hand.xlsx")
    r = warmth("import", "hand.xlsx", "-o", "hand.yaml", cwd=demo)
    if why is None:
        assert r.code == 0, r.err
        assert read_yaml(demo / "hand.yaml")["unit"] == "qinglan"
        return
    assert r.code == 1, r.out + r.err
    assert "“基本信息”单元格 B4" in r.err and why in r.err, r.err
    assert "Traceback" not in r.err and not (demo / "hand.yaml").exists()


def test_units_sharing_a_name_are_told_apart(demo: Path, warmth) -> None:
    units = demo / "submissions" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    got = read_yaml(units)
    jiaotong = next(u for u in got["units"] if u["id"] == "jiaotong")
    weijian = next(u for u in got["units"] if u["id"] == "weijian")
    units.write_text(text.replace(weijian["name"], jiaotong["name"]), encoding="utf-8")
    assert warmth("template", CID, "-o", "blank.xlsx", cwd=demo).code == 0
    wb = openpyxl.load_workbook(demo / "blank.xlsx")
    names = {wb["单位名录"].cell(r, 2).value: wb["单位名录"].cell(r, 1).value for r in range(2, wb["单位名录"].max_row + 1)}
    assert names["jiaotong"] == f"{jiaotong['name']}（jiaotong）" and names["weijian"] == f"{jiaotong['name']}（weijian）"
    src = read_yaml(demo / "submissions" / CID / "weijian.yaml")
    wb["基本信息"]["B4"] = names["weijian"]
    fill_by_hand(wb, src)
    wb.save(demo / "hand.xlsx")
    r = warmth("import", "hand.xlsx", "-o", "hand.yaml", cwd=demo)
    assert r.code == 0, r.err
    assert read_yaml(demo / "hand.yaml")["unit"] == "weijian"


def test_import_reads_a_template_in_the_old_layout(demo: Path, warmth) -> None:
    """Templates handed out before the print layout (notes first, no signature lines, the
    hint in C2) still import: the cells import reads have not moved."""
    assert warmth("template", CID, "jiaotong", "-o", "blank.xlsx", cwd=demo).code == 0
    src = read_yaml(demo / "submissions" / CID / "jiaotong.yaml")
    wb = openpyxl.load_workbook(demo / "blank.xlsx")
    for ws in form_sheets(wb):
        ws.merged_cells.ranges = set()
        ws["C2"] = "只在“填法”为“填写”的黄色单元格填写"
        last = max(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value)
        ws.delete_rows(last + 1, ws.max_row - last)
    wb.move_sheet("填写说明", offset=-(len(wb.sheetnames) - 1))
    wb.move_sheet("基本信息", offset=-(len(wb.sheetnames) - 2))
    assert wb.sheetnames[:2] == ["填写说明", "基本信息"]
    fill_by_hand(wb, src)
    wb.save(demo / "old.xlsx")
    r = warmth("import", "old.xlsx", "-o", "old.yaml", cwd=demo)
    assert r.code == 0, r.err
    same_values(src, read_yaml(demo / "old.yaml"))


def test_template_refuses_a_report_too_long_for_a_cell(demo: Path, warmth) -> None:
    """Excel holds at most 32,767 characters in a cell: a longer report is refused by name,
    never cut short in the template (and so in what import would give back)."""
    src = demo / "submissions" / CID / "jiaotong.yaml"
    data = read_yaml(src)
    text = src.read_text(encoding="utf-8")
    first = data["report"].splitlines()[0]
    src.write_text(text.replace(first, first + "走访慰问一线职工。" * 4000, 1), encoding="utf-8")
    r = warmth("template", CID, "jiaotong", "--from", str(src), "-o", "t.xlsx", cwd=demo)
    assert r.code == 2, r.out + r.err
    assert "送温暖报告" in r.err and "32,767" in r.err and "Traceback" not in r.err
    assert not (demo / "t.xlsx").exists()
