"""`warmth validate`: every bad input a person can type, at the line they typed it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from warmth.findings import PER_RULE_MAX
from warmth.repo import Repository
from warmth.validate import validate

SUB = "submissions/2022-spring/qinglan-donghu.yaml"


def replace_line(path: Path, key: str, new: str, nth: int = 1) -> int:
    """Replace the nth line that starts with `key:` (after indentation); return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    seen = 0
    for i, line in enumerate(lines):
        if re.match(rf"\s*{re.escape(key)}:", line):
            seen += 1
            if seen == nth:
                lines[i] = new
                path.write_text("\n".join(lines), encoding="utf-8")
                return i + 1
    raise AssertionError(f"{key} not found")


def findings(root: Path, target: str = SUB) -> list:
    report, _ = validate(Repository(root), [root / target])
    return report.findings


def errors_at(root: Path, target: str = SUB) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in findings(root, target) if f.severity == "error"]


def test_demo_data_is_valid(demo: Path, warmth) -> None:
    r = warmth("validate", cwd=demo)
    assert r.code == 0, r.out + r.err
    assert "0 个错误" in r.out
    files = json.loads(warmth("validate", "--format", "json", cwd=demo).out)["files"]
    assert "submissions/units.yaml" in files
    # every report of the campaign and its campaign.yaml, as many as the demo holds
    in_folder = sorted(f"submissions/2022-spring/{p.name}" for p in (demo / "submissions/2022-spring").glob("*.yaml"))
    assert "submissions/2022-spring/campaign.yaml" in in_folder and len(in_folder) > 1
    assert sorted(f for f in files if f.startswith("submissions/2022-spring/")) == in_folder


# (key to replace, nth occurrence, new line, rule expected at that line)
VALUE_CASES = [
    ("A", 1, "    A: 1,234", "value-thousands"),
    ("A", 1, "    A: -5", "value-negative"),
    ("A", 1, "    A: 5.5", "value-fraction"),
    ("A", 1, "    A: 0123", "value-leading-zero"),
    ("A", 1, "    A: yes", "value-yes-no"),
    ("A", 1, "    A: on", "value-yes-no"),
    ("A", 1, '    A: "12"', "value-quoted"),
    ("A", 1, "    A: １２", "value-fullwidth"),
    ("A", 1, "    A: 1e3", "value-exponent"),
    ("A", 1, "    A: 12家", "value-unit-text"),
    ("A", 1, "    A:", "value-missing"),
    ("A", 1, "    A: [1, 2]", "value-type"),
    ("B3", 1, "    B3: .nan", "value-nan"),
    ("B3", 1, "    B3: .inf", "value-nan"),
    ("B3", 1, "    B3: 1.23456", "value-decimals"),
    ("B3", 1, "    B3: 246397800", "value-too-large"),
    ("B3", 1, "    B3: 100000000.5", "value-too-large"),
    ("A", 1, "    A: 99999999999999999999999", "value-too-large"),
    ("I", 2, "    I: yes", "value-yes-no"),
    ("I", 2, "    I: true", "value-yes-no"),
]


@pytest.mark.parametrize(("key", "nth", "new", "rule"), VALUE_CASES, ids=[c[2].strip() for c in VALUE_CASES])
def test_bad_value_is_an_error_at_its_line(demo: Path, key: str, nth: int, new: str, rule: str) -> None:
    line = replace_line(demo / SUB, key, new, nth)
    found = findings(demo)
    errs = [f for f in found if f.severity == "error"]
    assert (line, rule) in [(f.line, f.rule) for f in errs], found
    hit = next(f for f in errs if f.rule == rule)
    assert hit.hint and re.search(r"[\u4e00-\u9fff]", hit.message)
    # the bad value makes no rule fire on top of it
    assert len(errs) == 1, errs


SYNTAX_CASES = [
    ("B3", "    B3 12", "yaml-syntax"),
    ("B3", "    B3：12", "ime-char"),
    ("B3", "    B3:\u300012", "ime-char"),
    ("B3", "\t  B3: 12", "tab"),
    ("B3", "  B3: 12", "yaml-indent"),
    ("B3", '    B3: "12', "yaml-syntax"),
    ("B3", "    B3: &a 12", "yaml-anchor"),
    ("B3", "    B3: !!float 12", "yaml-tag"),
]


@pytest.mark.parametrize(("key", "new", "rule"), SYNTAX_CASES, ids=[c[2] + ":" + c[1].strip() for c in SYNTAX_CASES])
def test_syntax_problem_points_at_its_line(demo: Path, key: str, new: str, rule: str) -> None:
    line = replace_line(demo / SUB, key, new)
    errs = [(f.line, f.rule) for f in findings(demo) if f.severity == "error"]
    assert (line, rule) in errs, errs  # an open quote too: where it opens, not where the file ends


def test_alias_is_refused_without_expansion(demo: Path) -> None:
    path = demo / SUB
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f'{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n'
        for i in range(9)
    )
    path.write_text(bomb, encoding="utf-8")
    errs = errors_at(demo)
    assert errs == [(1, "yaml-anchor")]


def test_duplicate_key_points_at_second_occurrence(demo: Path) -> None:
    path = demo / SUB
    text = path.read_text(encoding="utf-8")
    first = replace_line(path, "B3", "    B3: 1\n    B3: 2")
    assert text != path.read_text(encoding="utf-8")
    found = [f for f in findings(demo) if f.rule == "duplicate-key"]
    assert [(f.line) for f in found] == [first + 1]
    assert f"第 {first} 行" in found[0].message


def test_gbk_file_is_named_as_such(demo: Path) -> None:
    path = demo / SUB
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk", errors="replace"))
    found = findings(demo)
    assert [(f.rule, f.line) for f in found] == [("encoding", 2)]  # line 1 is ASCII only
    assert "GBK" in found[0].message


def test_huge_file_is_refused_unread(demo: Path) -> None:
    path = demo / SUB
    path.write_text("report: |\n" + ("  很长的文字\n" * 200_000), encoding="utf-8")
    assert errors_at(demo) == [(1, "file-too-large")]


def test_deep_nesting_is_refused(demo: Path) -> None:
    (demo / SUB).write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert errors_at(demo)[0][1] == "yaml-depth"


def test_unknown_and_missing_items(demo: Path) -> None:
    path = demo / SUB
    line = replace_line(path, "B6", "    B7: 1")
    found = {(f.line, f.rule) for f in findings(demo) if f.severity == "error"}
    assert (line, "unknown-key") in found
    missing = [f for f in findings(demo) if f.rule == "missing-key"]
    assert missing and "缺少“B6”（其他收入（万元））" in missing[0].message  # the item in words
    assert missing[0].hint == "在“B5”下面补上“B6: …”这一行"  # and where it goes


def test_lowercase_code_gets_case_hint(demo: Path) -> None:
    line = replace_line(demo / SUB, "B6", "    b6: 1")
    unknown = [f for f in findings(demo) if f.rule == "unknown-key"]
    assert unknown[0].line == line and "B6" in unknown[0].hint


def test_path_must_agree_with_campaign_and_unit(demo: Path) -> None:
    line = replace_line(demo / SUB, "unit", "unit: qinglan-xiling")
    assert (line, "path-unit") in errors_at(demo)
    line = replace_line(demo / SUB, "campaign", "campaign: 2021-spring")
    assert (line, "path-campaign") in errors_at(demo)


def test_unit_not_registered_or_not_asked(demo: Path) -> None:
    src = demo / SUB
    other = demo / "submissions/2022-spring/nobody.yaml"
    other.write_text(src.read_text(encoding="utf-8").replace("unit: qinglan-donghu", "unit: nobody"), encoding="utf-8")
    assert (6, "unknown-unit") in errors_at(demo, "submissions/2022-spring/nobody.yaml")
    # a registered unit the campaign does not ask to report (taken off the list here: in the
    # demo every unit, the province included, is asked)
    campaign = demo / "submissions/2022-spring/campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace(" qinglan-gaoxin,", "", 1), encoding="utf-8")
    gaoxin = demo / "submissions/2022-spring/qinglan-gaoxin.yaml"
    gaoxin.write_text(src.read_text(encoding="utf-8").replace("unit: qinglan-donghu", "unit: qinglan-gaoxin"), encoding="utf-8")
    assert (6, "unit-not-asked") in errors_at(demo, "submissions/2022-spring/qinglan-gaoxin.yaml")


@pytest.mark.parametrize(
    ("where", "text", "rule"),
    [
        ("report", "  联系人身份证 11010519491231002X，请核对。", "privacy-id"),
        ("report", "  联系电话 13912345678。", "privacy-mobile"),
        ("report", "  打款至 6222 0212 3456 7890 128。", "privacy-bank-card"),
        ("comment", "# 王某 13912345678", "privacy-mobile"),
    ],
)
def test_personal_data_is_an_error_wherever_it_is(demo: Path, where: str, text: str, rule: str) -> None:
    path = demo / SUB
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines.insert(len(lines) if where == "report" else 1, text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected_line = len(lines) if where == "report" else 2
    assert (expected_line, rule) in errors_at(demo)


def test_empty_text_fields_are_named(demo: Path) -> None:
    line = replace_line(demo / SUB, "reporter", "reporter:")
    assert errors_at(demo) == [(line, "value-missing")]


def test_invalid_date(demo: Path) -> None:
    line = replace_line(demo / SUB, "date", "date: 2022-02-30")
    assert (line, "date") in errors_at(demo)


def test_date_in_the_future(demo: Path) -> None:
    from datetime import date, timedelta

    later = date.today() + timedelta(days=2)  # two days: past any time-zone difference
    line = replace_line(demo / SUB, "date", f"date: {later}")
    found = [f for f in findings(demo) if f.rule == "date-future"]
    assert [(f.line, f.severity) for f in found] == [(line, "error")]
    assert f"填报日期 {later} 在今天" in found[0].message


def test_wrong_extension(demo: Path) -> None:
    src = demo / SUB
    dst = src.with_suffix(".yml")
    src.rename(dst)
    found = {f.rule for f in findings(demo, "submissions/2022-spring/qinglan-donghu.yml")}
    assert "file-name" in found


def test_empty_file(demo: Path) -> None:
    (demo / SUB).write_text("", encoding="utf-8")
    assert errors_at(demo) == [(1, "empty-file")]


def test_explanation_is_kept_and_shown(demo: Path) -> None:
    rep, _ = validate(Repository(demo), [demo / "submissions/2022-spring/qinglan-yuntai.yaml"])
    warn = [f for f in rep.warnings if f.rule == "D-jump"]
    assert warn and "填报单位说明：今年县财政追加专项帮扶资金" in warn[0].message
    assert rep.errors == []


def test_campaign_and_registry_problems_have_lines(demo: Path) -> None:
    camp = demo / "submissions/2022-spring/campaign.yaml"
    text = camp.read_text(encoding="utf-8")
    camp.write_text(text.replace("forms: [swn-j4-2022, bfzx-2021]", "forms: [swn-j4-2022, bfzx-2099]"), encoding="utf-8")
    rep, _ = validate(Repository(demo))
    hits = [f for f in rep.errors if f.rule == "campaign-form"]
    assert hits and hits[0].file.endswith("campaign.yaml")
    assert hits[0].line == text.split("\n").index("forms: [swn-j4-2022, bfzx-2021]") + 1
    units = demo / "submissions/units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("parent: luming, submitters: [\"@liuwan-zgh\"]", "parent: nowhere, submitters: [\"@liuwan-zgh\"]"), encoding="utf-8")
    rep, _ = validate(Repository(demo))
    assert any(f.rule == "unit-parent" and "luming-liuwan" in f.message for f in rep.errors)


def test_never_a_traceback_on_garbage(demo: Path, warmth) -> None:
    for junk in [b"\x00\x01\x02", b"- a\n- b\n", b"just text", b": :", b"{{{{", b"forms: 3\n"]:
        (demo / SUB).write_bytes(junk)
        r = warmth("validate", SUB, cwd=demo)
        assert r.code == 1, (junk, r.out, r.err)
        assert "Traceback" not in r.err and r.err == ""


def test_yaml_parses_unchanged_after_new(demo: Path, warmth) -> None:
    """`warmth new` writes every item with its label; the result parses and names every item."""
    r = warmth("new", "2022-spring", "qinglan-gaoxin", cwd=demo)
    assert r.code == 0, r.err
    path = demo / "submissions/2022-spring/qinglan-gaoxin.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/generated/submission-2022-spring.schema.json")
    data = yaml.safe_load(text)
    repo = Repository(demo)
    campaign = yaml.safe_load((demo / "submissions/2022-spring/campaign.yaml").read_text(encoding="utf-8"))
    forms = [repo.forms[fid] for fid in campaign["forms"]]
    assert list(data["forms"]) == [form.id for form in forms]
    for form in forms:  # every item, in the form's order, each with its code and label in a comment
        assert list(data["forms"][form.id]) == [item.code for item in form.items]
        for item in form.items:
            assert re.search(rf"^    {re.escape(item.code)}: +# {re.escape(item.code)} ", text, re.MULTILINE), item.code
    items = sum(len(form.items) for form in forms)
    rep = json.loads(warmth("validate", "--format", "json", str(path.relative_to(demo)), cwd=demo).out)
    missing = [f for f in rep["findings"] if f["rule"] == "value-missing"]
    # every item and reporter, phone, date: the first PER_RULE_MAX listed, the rest counted
    assert len(missing) == PER_RULE_MAX + 1
    top = ("reporter", "phone", "date")  # the top-level fields `new` leaves blank
    assert all(re.search(rf"^{key}: *(#|$)", text, re.MULTILINE) for key in top)
    assert sum(f"共有 {items + len(top)} 处，只列出了前 {PER_RULE_MAX} 处" in f["message"] for f in missing) == 1
    assert any(f["rule"] == "report-placeholder" for f in rep["findings"])
    again = warmth("new", "2022-spring", "qinglan-gaoxin", cwd=demo)
    assert again.code == 2 and "已存在" in again.err


def test_missing_modeline_is_a_warning(demo: Path) -> None:
    path = demo / SUB
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[1:]), encoding="utf-8")
    found = findings(demo)
    assert [(f.line, f.rule, f.severity) for f in found] == [(1, "modeline", "warning")]
    assert "submission-2022-spring.schema.json" in found[0].hint
