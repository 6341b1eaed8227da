"""Each notice's own system as data: the upstream notice a city passes on, phases and the work
plan, what each visiting group does where, the items of the groups a notice stresses, the fund
allocation compared with the reports, and a form designed here (not official). Checked on
campaign.yaml and the reports (rule, line, Chinese message), shown by `warmth status`, on the
site and in the workbook, for the two demo campaigns modelled on them."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from warmth.repo import Repository
from warmth.validate import validate

from .conftest import make_repo

ROOT = Path(__file__).resolve().parent.parent
CITY = "2021-qinglan"  # a city campaign passing on the provincial notice, with a fund allocation
PHASED = "2022-fengdu"  # phases (work plan first), the designed 解困脱困情况统计表
CITY_YAML = f"submissions/{CITY}/campaign.yaml"
PHASED_YAML = f"submissions/{PHASED}/campaign.yaml"
NOT_OFFICIAL = "（本项目设计，非官方表式）"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An uncommitted copy of the demo, only read."""
    return make_repo(tmp_path_factory.mktemp("notice") / "repo", commit=False)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", commit=False)


def findings(root: Path, target: str) -> list:
    report, _ = validate(Repository(root), [root / target])
    return [f for f in report.findings if f.file == target]


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    seen = 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return n
    raise AssertionError(f"{needle} not in {path}")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# -- the demo --------------------------------------------------------------------------------

def test_demo_campaigns_validate_with_explained_warnings_only(pristine: Path) -> None:
    report, _ = validate(Repository(pristine))
    assert not report.errors, [(f.file, f.line, f.message) for f in report.errors]
    mine = [f for f in report.warnings if f.file.startswith((f"submissions/{CITY}/", f"submissions/{PHASED}/"))]
    # each warning of the new campaigns is one its unit has explained
    assert sorted((f.file.rsplit("/", 1)[-1], f.rule) for f in mine) == [("qinglan-yuntai.yaml", "funds-allocation")]
    assert all(f.hint == "已有说明，请审核人核实" for f in mine)


# -- the upstream notice ---------------------------------------------------------------------

@pytest.mark.parametrize("deadline", ["2021-01-27", "2021-01-28", "2021-02-20"])
def test_deadline_not_before_the_upstream_one(copy: Path, deadline: str) -> None:
    path = copy / CITY_YAML
    edit(path, 'deadline: "2021-01-20"', f'deadline: "{deadline}"')
    found = [f for f in findings(copy, CITY_YAML) if f.rule == "campaign-upstream"]
    assert [(f.line, f.severity) for f in found] == [(line_of(path, "deadline:"), "error")]
    assert found[0].message == f"本活动的截止日期 {deadline} 不早于上级通知（云工办发〔2020〕28号）的截止日期 2021-01-27"
    assert found[0].hint == "把 deadline 改到 2021-01-27 之前，留出汇总上报的时间"


@pytest.mark.parametrize("deadline", ["2021-01-26", "2021-01-01"])
def test_deadline_before_the_upstream_one_passes(copy: Path, deadline: str) -> None:
    edit(copy / CITY_YAML, 'deadline: "2021-01-20"', f'deadline: "{deadline}"')
    assert not [f for f in findings(copy, CITY_YAML) if f.rule.startswith("campaign-upstream")]


def test_upstream_campaign_must_exist(copy: Path) -> None:
    path = copy / CITY_YAML
    edit(path, "  campaign: 2021-spring", "  campaign: 2021-sprng")
    found = findings(copy, CITY_YAML)
    assert [(f.rule, f.line, f.severity, f.message) for f in found] == [
        ("campaign-upstream", line_of(path, "campaign: 2021-sprng"), "error", "上级活动 2021-sprng 不在本仓库中")]


def test_upstream_campaign_pointing_at_itself_is_refused(copy: Path) -> None:
    edit(copy / CITY_YAML, "  campaign: 2021-spring", f"  campaign: {CITY}")
    assert [f.message for f in findings(copy, CITY_YAML)] == [f"上级活动 {CITY} 不在本仓库中"]


@pytest.mark.parametrize(("old", "new", "what", "mine", "theirs"), [
    ("  doc_number: 云工办发〔2020〕28号", "  doc_number: 云工办发〔2020〕29号", "文号", "云工办发〔2020〕29号", "云工办发〔2020〕28号"),
    ('  deadline: "2021-01-27"', '  deadline: "2021-01-29"', "截止日期", "2021-01-29", "2021-01-27"),
])
def test_upstream_differing_from_the_campaign_in_the_repository_warns(copy: Path, old: str, new: str, what: str,
                                                                       mine: str, theirs: str) -> None:
    path = copy / CITY_YAML
    edit(path, old, new)
    found = [f for f in findings(copy, CITY_YAML) if f.rule == "campaign-upstream-mismatch"]
    assert [(f.line, f.severity) for f in found] == [(line_of(path, new.strip()), "warning")]
    assert found[0].message == f"上级通知的{what}写的是 {mine}，仓库里的上级活动 2021-spring 是 {theirs}"


@pytest.mark.parametrize("key", ["issuer", "doc_number", "title", "deadline"])
def test_upstream_needs_each_of_its_fields(copy: Path, key: str) -> None:
    path = copy / CITY_YAML
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"\n  {key}: [^\n]*", "", text, count=1)
    path.write_text(text, encoding="utf-8")
    titles = {"issuer": "上级发文单位", "doc_number": "上级文号", "title": "上级通知标题", "deadline": "上级截止日期"}
    found = [f for f in findings(copy, CITY_YAML) if f.severity == "error"]
    # the finding points into the upstream block (its first line), and names the field in Chinese
    assert [(f.rule, f.line, f.message) for f in found] == [
        ("missing-key", line_of(path, "upstream:") + 1, f"“upstream” 缺少“{key}”（{titles[key]}）")]


# -- phases and the work plan ----------------------------------------------------------------

PHASES = '''phases:
  - {name: 制定工作方案, due: "2021-12-24", deliverables: [plan]}
  - {name: 总结报送, due: "2022-01-17", deliverables: [report, forms]}
'''


@pytest.mark.parametrize(("phases", "needle", "message"), [
    ('  - {name: 制定工作方案, due: "2022-01-18", deliverables: [plan]}\n  - {name: 总结报送, due: "2022-01-17", deliverables: [report, forms]}\n',
     "name: 总结报送", "阶段“总结报送”的截止日期 2022-01-17 早于上一个阶段的 2022-01-18"),
    ('  - {name: 制定工作方案, due: "2021-12-01", deliverables: [plan]}\n  - {name: 总结报送, due: "2022-01-17", deliverables: [report, forms]}\n',
     "name: 制定工作方案", "阶段“制定工作方案”的截止日期 2021-12-01 早于通知印发日期 2021-12-16"),
    ('  - {name: 制定工作方案, due: "2021-12-24", deliverables: [plan]}\n  - {name: 总结报送, due: "2022-01-16", deliverables: [report, forms]}\n',
     "name: 总结报送", "交统计表的阶段“总结报送”截止日期 2022-01-16 与报送截止日期 deadline（2022-01-17）不一致"),
    ('  - {name: 制定工作方案, due: "2021-12-24", deliverables: [plan, report]}\n  - {name: 总结报送, due: "2022-01-17", deliverables: [report, forms]}\n',
     "name: 总结报送", "材料 文字报告 在阶段“制定工作方案”和“总结报送”都要交"),
])
def test_phases_are_checked(copy: Path, phases: str, needle: str, message: str) -> None:
    path = copy / PHASED_YAML
    edit(path, PHASES, "phases:\n" + phases)
    found = [f for f in findings(copy, PHASED_YAML) if f.rule == "campaign-phase"]
    assert [(f.line, f.severity, f.message) for f in found] == [(line_of(path, needle), "error", message)]


@pytest.mark.parametrize("bad", ["[summary]", "[]", "plan", "[plan, plan]"])
def test_deliverables_are_the_three_kinds(copy: Path, bad: str) -> None:
    path = copy / PHASED_YAML
    edit(path, "deliverables: [plan]}", f"deliverables: {bad}}}")
    found = [f for f in findings(copy, PHASED_YAML) if f.severity == "error"]
    assert found and found[0].line == line_of(path, "name: 制定工作方案"), found
    assert "deliverables" in found[0].message or "应交材料" in found[0].message


@pytest.mark.parametrize("due", ["2021-12-24 ", "2021/12/24", "24.12.2021", "２０２１-12-24"])
def test_phase_dates_are_dates(copy: Path, due: str) -> None:
    path = copy / PHASED_YAML
    edit(path, 'due: "2021-12-24"', f'due: "{due}"')
    found = [f for f in findings(copy, PHASED_YAML) if f.severity == "error"]
    assert found and found[0].line == line_of(path, "name: 制定工作方案")


REPORT = f"submissions/{PHASED}/fengdu-nanjin.yaml"


def test_report_without_plan_warns(copy: Path) -> None:
    path = copy / REPORT
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"plan:\n  date: [^\n]*\n  text: \|\n(    [^\n]*\n)+", "", text), encoding="utf-8")
    found = findings(copy, REPORT)
    assert [(f.rule, f.line, f.severity, f.message) for f in found] == [
        ("plan-missing", 1, "warning", "本次活动要求报送工作方案，报送文件中没有 plan")]


def test_plan_placeholder_is_flagged_at_its_text(copy: Path, warmth) -> None:
    out = copy / "new.yaml"
    r = warmth("new", PHASED, "fengdu-nanjin", "-o", str(out), cwd=copy)
    assert r.code == 0, r.err
    new = out.read_text(encoding="utf-8")
    assert "plan:\n  date:" in new and "# 工作方案：2021-12-24 前报出" in new
    # the real report with its plan text replaced by the placeholder of warmth new
    path = copy / REPORT
    placeholder = re.search(r"  text: \|\n(    [^\n]*\n)", new)[1]
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(  text: \|\n)(    [^\n]*\n)+", lambda m: m[1] + placeholder, text, count=1)
    path.write_text(text, encoding="utf-8")
    found = [f for f in findings(copy, REPORT) if f.rule == "plan-missing"]
    assert [(f.line, f.message) for f in found] == [(line_of(path, "  text: |"), "工作方案还是模板里的占位文字")]


@pytest.mark.parametrize(("plan_date", "warns"), [("2022-01-13", True), ("2022-02-01", True),
                                                   ("2022-01-12", False), ("2021-12-01", False)])
def test_plan_dated_after_the_report_warns(copy: Path, plan_date: str, warns: bool) -> None:
    path = copy / REPORT
    edit(path, "  date: 2021-12-20", f"  date: {plan_date}")
    found = [f for f in findings(copy, REPORT) if f.rule == "plan-date"]
    want = [(line_of(path, f"  date: {plan_date}"), f"工作方案的日期 {plan_date} 晚于填报日期 2022-01-12")] if warns else []
    assert [(f.line, f.message) for f in found] == want


@pytest.mark.parametrize(("old", "new"), [("  date: 2021-12-20", "  date: 2021-12-32x"),
                                          ("  date: 2021-12-20", "  date: ２０２１-12-20"),
                                          ("  text: |", "  note: 多写的一项\n  text: |")])
def test_plan_shape_is_checked(copy: Path, old: str, new: str) -> None:
    path = copy / REPORT
    edit(path, old, new)
    errors = [f for f in findings(copy, REPORT) if f.severity == "error"]
    assert errors and errors[0].line == line_of(path, new.split("\n")[0].strip()), errors


def test_plan_in_a_campaign_without_phases_is_an_unknown_key(copy: Path) -> None:
    path = copy / f"submissions/{CITY}/qinglan-donghu.yaml"
    edit(path, "report: |", "plan:\n  date: 2021-01-05\n  text: 方案\nreport: |")
    errors = [f for f in findings(copy, f"submissions/{CITY}/qinglan-donghu.yaml") if f.severity == "error"]
    assert errors and errors[0].line == line_of(path, "plan:"), errors


# -- visits, focus items, fund allocation ----------------------------------------------------

@pytest.mark.parametrize(("old", "new", "message"), [
    ("{place: 西岭区, unit: qinglan-xiling,", "{place: 西陵区, unit: qinglan-xiling,",
     "市总第一慰问组的慰问地点“西陵区”不在本组的慰问地点（destinations）中"),
    ("{place: 西岭区, unit: qinglan-xiling,", "{place: 西岭区, unit: fengdu,",
     "市总第一慰问组在“西岭区”对应的单位 fengdu 不是本次活动的报送单位"),
    ('targets: [西岭区人民医院发热门诊, 停产纺织企业职工家庭], visited: "2021-01-08"',
     'targets: [西岭区人民医院发热门诊, 停产纺织企业职工家庭], visited: "2020-12-20"',
     "市总第一慰问组在“西岭区”的走访日期 2020-12-20 早于通知印发日期 2020-12-21"),
])
def test_visits_are_checked(copy: Path, old: str, new: str, message: str) -> None:
    path = copy / CITY_YAML
    edit(path, old, new)
    found = [f for f in findings(copy, CITY_YAML) if f.rule == "campaign-visit"]
    assert [(f.line, f.severity, f.message) for f in found] == [(line_of(path, "place: 西"), "error", message)]


@pytest.mark.parametrize("bad", ["{place: 西岭区, unit: qinglan-xiling}", "{place: 西岭区, targets: []}",
                                 '{place: 西岭区, targets: [医院], visited: "1月8日"}', "{place: 西岭区, targets: [医院], by: 某某}"])
def test_visit_shape_is_checked(copy: Path, bad: str) -> None:
    path = copy / CITY_YAML
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\{place: 西岭区[^\n]*\}", bad, text, count=1)
    path.write_text(text, encoding="utf-8")
    errors = [f for f in findings(copy, CITY_YAML) if f.severity == "error"]
    assert errors and errors[0].line == line_of(path, "{place: 西岭区"), errors


@pytest.mark.parametrize("code", ["J3", "j1", "Z9", "J1 "])
def test_focus_items_must_be_in_the_forms(copy: Path, code: str) -> None:
    path = copy / CITY_YAML
    edit(path, "items: [J1, J2]", f"items: [J1, '{code}']")
    found = [f for f in findings(copy, CITY_YAML) if f.rule == "campaign-focus"]
    assert [(f.line, f.severity) for f in found] == [(line_of(path, "target: 疫情防控一线医务人员"), "error")]
    assert found[0].message == f"重点慰问对象“疫情防控一线医务人员”的统计项目 {code} 不在本次活动的表式中"
    assert "J1" in found[0].hint and "C11" in found[0].hint


def test_fund_comparison_without_an_allocation_warns(copy: Path) -> None:
    path = copy / PHASED_YAML
    edit(path, "phases:", "funds_compare: true\nphases:")
    found = [f for f in findings(copy, PHASED_YAML) if f.rule == "campaign-funds-compare"]
    assert [(f.line, f.severity, f.message) for f in found] == [
        (line_of(path, "funds_compare"), "warning", "写了 funds_compare: true，但没有资金分配表（funds）")]


YUNTAI = f"submissions/{CITY}/qinglan-yuntai.yaml"


@pytest.mark.parametrize(("b3", "warns"), [("6.9999", True), ("0", True), ("7", False), ("7.0001", False), ("12.5", False)])
def test_union_funds_below_the_allocation_warn(copy: Path, b3: str, warns: bool) -> None:
    """Yuntai is allocated 7万元; B and B5 move with B3 so the sums still hold."""
    from decimal import Decimal

    path = copy / YUNTAI
    text = path.read_text(encoding="utf-8")
    old = Decimal(re.search(r"\n    B3: ([0-9.]+)", text)[1])
    delta = Decimal(b3) - old
    for code, value in (("B", None), ("B3", Decimal(b3))):
        m = re.search(rf"\n    {code}: ([0-9.]+)", text)
        text = text.replace(m[0], f"\n    {code}: {value if value is not None else Decimal(m[1]) + delta}", 1)
    text = re.sub(r"explanations:\n  funds-allocation: [^\n]*\n", "", text)
    path.write_text(text, encoding="utf-8")
    found = [f for f in findings(copy, YUNTAI) if f.rule == "funds-allocation"]
    if not warns:
        assert found == []
        return
    assert [(f.line, f.severity) for f in found] == [(line_of(path, "    B3:"), "warning")]
    assert found[0].message == f"资金分配表分给本单位 7 万元，报告的工会经费（B3）只有 {Decimal(b3)} 万元"
    assert found[0].hint.startswith("核对 B3")


def test_allocation_explanation_is_accepted_only_where_compared(copy: Path) -> None:
    """funds-allocation may be explained in a campaign that compares; elsewhere it is unknown."""
    path = copy / "submissions/2022-spring/qinglan-donghu.yaml"
    edit(path, "report: |", "explanations:\n  funds-allocation: 说明\nreport: |")
    errors = [f for f in findings(copy, "submissions/2022-spring/qinglan-donghu.yaml") if f.severity == "error"]
    assert errors and errors[0].line == line_of(path, "funds-allocation: 说明")


# -- the form designed here ------------------------------------------------------------------

JKTK = f"submissions/{PHASED}/fengdu-nanjin.yaml"


def test_designed_form_is_marked_not_official(pristine: Path) -> None:
    repo = Repository(pristine)
    form = repo.forms["jktk-2021"]
    assert not form.official and form.title == "2021年度城镇困难职工解困脱困情况统计表" + NOT_OFFICIAL
    assert all(f.official and NOT_OFFICIAL not in f.title for fid, f in repo.forms.items() if fid != "jktk-2021")


def _jktk_section(text: str) -> tuple[int, int]:
    start = text.index("  jktk-2021:")
    end = text.index("\n#", start)
    return start, end


def _set(text: str, code: str, value: str) -> str:
    start, end = _jktk_section(text)
    part = re.sub(rf"\n    {code}: +[^ ]+", f"\n    {code}: {value}", text[start:end], count=1)
    return text[:start] + part + text[end:]


def _get(text: str, code: str) -> str:
    start, end = _jktk_section(text)
    return re.search(rf"\n    {code}: +([^ ]+)", text[start:end])[1]


@pytest.mark.parametrize(("code", "change", "rule"), [
    ("C1", 1, "C-sum"), ("C", -1, "C-sum"), ("D2", "0.01", "D-sum"), ("D", "-0.0001", "D-sum"),
    ("F", "E+1", "F-part"), ("B", "A+1", "B-part"), ("G", 1, "A-balance"), ("E", -1, "A-balance"), ("A", 1, "A-balance"),
])
def test_designed_form_rules(copy: Path, code: str, change: object, rule: str) -> None:
    from decimal import Decimal

    path = copy / JKTK
    text = path.read_text(encoding="utf-8")
    if change == "E+1":
        new = str(int(_get(text, "E")) + 1)
    elif change == "A+1":
        new = str(int(_get(text, "A")) + 1)
    else:
        new = str(Decimal(_get(text, code)) + Decimal(str(change)))
    text = _set(text, code, new)
    path.write_text(text, encoding="utf-8")
    found = [f for f in findings(copy, JKTK) if f.rule == rule]
    assert [f.severity for f in found] == ["error"]
    # at the line of the rule's first item, in the designed form's section of the file
    first = rule.split("-")[0]
    start, _ = _jktk_section(text)
    assert found[0].line == text[:start].count("\n") + 1 + text[start:].split("\n").index(
        next(ln for ln in text[start:].split("\n") if ln.startswith(f"    {first}: ")))


def test_designed_form_passes_as_written(pristine: Path) -> None:
    assert [f for f in findings(pristine, JKTK)] == []


# -- status ----------------------------------------------------------------------------------

def test_status_lists_each_deliverable(pristine: Path, warmth) -> None:
    r = warmth("status", PHASED, cwd=pristine)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert "各阶段应交材料：" in lines
    assert "  制定工作方案（2021-12-24 前）：工作方案" in lines
    assert "  总结报送（2022-01-17 前）：文字报告、统计表" in lines
    meiling = next(line for line in lines if line.startswith("  梅岭县总工会") and "工作方案" in line)
    assert meiling.split()[1:] == ["工作方案", "逾期（2021-12-28）", "文字报告", "逾期（2022-01-19", "16:40）",
                                   "统计表", "逾期（2022-01-19", "16:40）"]
    nanjin = next(line for line in lines if line.startswith("  枫渡市南津区总工会") and "工作方案" in line)
    assert "工作方案 已交（2021-12-20）" in nanjin
    data = json.loads(warmth("status", PHASED, "--format", "json", cwd=pristine).out)
    by_unit = {u["unit"]: u for u in data}
    assert [(d["kind"], d["state"], d["due"]) for d in by_unit["fengdu-meiling"]["deliverables"]] == [
        ("plan", "逾期", "2021-12-24"), ("report", "逾期", "2022-01-17"), ("forms", "逾期", "2022-01-17")]


def test_status_deliverables_follow_the_files(copy: Path, warmth) -> None:
    (copy / f"submissions/{PHASED}/fengdu-jingkai.yaml").unlink()
    path = copy / REPORT
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"plan:\n  date: [^\n]*\n  text: \|\n(    [^\n]*\n)+", "", text), encoding="utf-8")
    data = {u["unit"]: u for u in json.loads(warmth("status", PHASED, "--format", "json", cwd=copy).out)}
    assert [(d["kind"], d["state"]) for d in data["fengdu-jingkai"]["deliverables"]] == [
        ("plan", "未交"), ("report", "未交"), ("forms", "未交")]
    assert [(d["kind"], d["state"]) for d in data["fengdu-nanjin"]["deliverables"]] == [
        ("plan", "未交"), ("report", "已交"), ("forms", "已交")]


def test_status_without_phases_has_no_deliverables(pristine: Path, warmth) -> None:
    r = warmth("status", CITY, cwd=pristine)
    assert r.code == 0 and "应交材料" not in r.out
    assert "deliverables" not in warmth("status", CITY, "--format", "json", cwd=pristine).out


# -- workbook --------------------------------------------------------------------------------

@pytest.mark.parametrize("cid", [CITY, PHASED])
def test_each_new_campaign_aggregates(tmp_path: Path, cid: str, warmth) -> None:
    repo = make_repo(tmp_path / "repo")
    r = warmth("aggregate", cid, "-o", "out", cwd=repo)
    assert r.code == 0, r.err + r.out
    book = openpyxl.load_workbook(repo / "out" / f"{cid}-internal.xlsx")
    titles = [str(ws.cell(1, 1).value) for ws in book.worksheets]
    if cid == PHASED:
        assert "解困脱困情况统计表汇总" in book.sheetnames
        assert any(t.startswith("2021年度城镇困难职工解困脱困情况统计表" + NOT_OFFICIAL) for t in titles)
    else:
        ws = book["经费下拨"]
        rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and isinstance(r[0], str)}
        assert rows["qinglan-yuntai"][2] == 7 and float(rows["qinglan-yuntai"][3]) == 6.02
        assert len([k for k in rows if k.startswith("qinglan-")]) == 6


def test_template_of_the_designed_form_says_so(tmp_path: Path, warmth) -> None:
    repo = make_repo(tmp_path / "repo")
    r = warmth("template", PHASED, "-o", "t.xlsx", cwd=repo)
    assert r.code == 0, r.err + r.out
    book = openpyxl.load_workbook(repo / "t.xlsx")
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows(max_row=4) for c in row if c.value]
    assert any(v.startswith("2021年度城镇困难职工解困脱困情况统计表" + NOT_OFFICIAL) for v in cells)


# -- site ------------------------------------------------------------------------------------

def text_of(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    body = re.search(r"<article.*?</article>", html, re.S)[0]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def test_city_notice_page(built: Path) -> None:
    page = text_of(built / "site" / "notices" / CITY / "index.html")
    assert "本通知转发并落实云澜省总工会《云澜省2021年元旦春节送温暖活动》（云工办发〔2020〕28号）" in page
    assert "上级规定的报送截止日期是2021年1月27日" in page and "2021年1月20日 前报送" in page
    assert "节日期间在防疫、供水、供电、环卫等岗位值守的职工" in page  # targets
    assert "除夕一顿饭 ：为除夕夜值守的医护" in page  # activities
    assert "J1 两节期间共慰问疫情防控一线医务人员 — 慰问对象（人次）" in page  # focus, with the form's label
    assert "慰问金原则上打入职工本人的工资卡或社保卡" in page  # payment
    # the allocation table, an attachment with its total
    assert "附件：资金分配表 ¶ 单位 分配资金（万元） " in page  # (the built demo plants markup in 东湖区's name)
    assert "青岚市西岭区总工会 4.2 青岚市望江区总工会 4.8 桐溪县总工会 6.5" in page
    assert "云台县总工会 7 青岚高新技术产业开发区总工会 2.5 合计 30.5" in page


def test_phased_notice_page_and_designed_form(built: Path) -> None:
    page = text_of(built / "site" / "notices" / PHASED / "index.html")
    assert "制定工作方案 2021年12月24日 工作方案 总结报送 2022年1月17日 文字报告、统计表" in page
    assert "J3 “工会进万家·新就业形态劳动者温暖行动”" in page
    assert "2021年度城镇困难职工解困脱困情况统计表" + NOT_OFFICIAL in page  # attachments
    items = text_of(built / "site" / "guide" / "items" / "index.html")
    assert "2021年度城镇困难职工解困脱困情况统计表" + NOT_OFFICIAL in items
    data = text_of(built / "site" / "data" / PHASED / "index.html")
    assert "2021年度城镇困难职工解困脱困情况统计表" + NOT_OFFICIAL in data


def test_progress_pages(built: Path) -> None:
    city = text_of(built / "site" / "data" / CITY / "work_progress" / "index.html")
    assert "市总第一慰问组 ¶ 带队：市总工会主席；时间：2021年1月7日至8日。已走访 2/3 个地点。" in city
    assert "高新区 园区防疫卡口值守人员 未走访 已报" in city
    assert "东湖区 东湖区困难职工家庭六户、东湖街道环卫所 已走访（2021年1月7日） 已报" in city
    assert "西岭区 西岭区人民医院发热门诊、停产纺织企业职工家庭 已走访（2021年1月8日） 已报" in city
    assert "市总第二慰问组 ¶ 带队：市总工会常务副主席；时间：2021年1月11日至13日。已走访 3/3 个地点。" in city
    assert "云台县总工会 7 6.02 少 0.98" in city and "桐溪县总工会 6.5" in city
    phased = text_of(built / "site" / "data" / PHASED / "work_progress" / "index.html")
    assert "工作方案已交 4、逾期 1、未交 0；文字报告已交 4、逾期 1、未交 0；统计表已交 4、逾期 1、未交 0。" in phased
    assert "梅岭县总工会 逾期（2021-12-28） 逾期（2022-01-19 16:40） 逾期（2022-01-19 16:40）" in phased
    # linked from each summary page; campaigns without this system have no such page
    for cid in (CITY, PHASED):
        assert 'href="work_progress/"' in (built / "site" / "data" / cid / "index.html").read_text(encoding="utf-8")
    assert not (built / "site" / "data" / "2021-spring" / "work_progress").exists()


def test_next_campaign_keeps_the_notice_system(copy: Path, warmth) -> None:
    r = warmth("campaign", "new", "2023-fengdu", "--from", PHASED, cwd=copy)
    assert r.code == 0, r.err + r.out
    import yaml

    new = yaml.safe_load((copy / "submissions/2023-fengdu/campaign.yaml").read_text(encoding="utf-8"))
    assert new["phases"] == [{"name": "制定工作方案", "due": "2022-12-24", "deliverables": ["plan"]},
                             {"name": "总结报送", "due": new["deadline"], "deliverables": ["report", "forms"]}]
    assert [f["target"] for f in new["focus"]] == ["疫情防控一线职工", "新就业形态劳动者"]
    assert "upstream" not in new and "groups" not in new
    # the designed form's next version is still marked once, from official: false it inherits
    assert "title: 2022年度城镇困难职工解困脱困情况统计表\n" in (copy / "schemas/forms/jktk-2022.yaml").read_text(encoding="utf-8")
    assert Repository(copy).forms["jktk-2022"].title == "2022年度城镇困难职工解困脱困情况统计表" + NOT_OFFICIAL
    assert warmth("validate", "submissions/2023-fengdu", cwd=copy).code == 0


def test_notice_fields_reach_pages_as_text(copy: Path) -> None:
    """Markup typed into any of the new fields is shown as text on the notice and progress pages."""
    import yaml

    from warmth.aggregate import load
    from warmth.site import notices, system
    from warmth.site.campaign import Links

    from .conftest import PLANTED

    path = copy / CITY_YAML
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["upstream"]["title"] = raw["upstream"]["issuer"] = PLANTED
    raw["targets"].append(PLANTED)
    raw["activities"].append({"name": PLANTED, "content": PLANTED})
    raw["focus"][0]["note"] = PLANTED
    raw["payment"].append(PLANTED)
    raw["groups"][0]["name"] = PLANTED
    raw["groups"][0]["visits"][0]["targets"].append(PLANTED)
    raw["phases"] = [{"name": PLANTED, "due": "2021-01-20", "deliverables": ["report", "forms"]}]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    repo = Repository(copy)
    data = load(repo, CITY)
    pages = [notices.fill(notices.default_page(data.campaign), data.campaign, repo.registry, repo.forms, Links()),
             system.progress_page(data)]
    for page in pages:
        assert "<script" not in page and "<img" not in page and "](http" not in page and "**粗体**" not in page
        assert "&#60;script&#62;" in page


def test_a_city_campaign_rolls_up_by_its_own_districts() -> None:
    """A campaign a city passes on is summed by the city's districts, not under the city as one
    region of the province; a provincial campaign still rolls up by city and industry system."""
    from warmth.aggregate import load

    repo = Repository(ROOT)
    city = load(repo, CITY)
    assert [r.id for r in city.regions] == [u.id for u in city.units]  # each district its own region
    assert all(city.region_units(u.id) == [u.id] for u in city.units)
    province = load(repo, city.campaign.raw["upstream"]["campaign"])
    regions = {r.id for r in province.regions}
    assert city.campaign.issuer in regions and not regions & {u.id for u in city.units}
