"""`warmth review` on real Git repositories: changed values marked, totals' effect right,
lateness, accepted edits, errors listed, and nothing from a submission unescaped."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import yaml

from warmth import review
from warmth.reporters import review_md

from .conftest import git

CID = "2022-spring"
UNIT = "qinglan-donghu"  # a district of 青岚市 (region qinglan)


def _set(path: Path, form: str, code: str, value: str) -> None:
    """Replace one item's value in a submission, keeping its comment."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    in_form = False
    for i, line in enumerate(lines):
        if re.match(rf"^  {re.escape(form)}:", line):
            in_form = True
            continue
        if in_form and re.match(r"^  \S", line):
            in_form = False
        if in_form and re.match(rf"^    {re.escape(code)}:", line):
            lines[i] = re.sub(rf"^(    {re.escape(code)}:\s*)\S+", lambda m: m.group(1) + value, line)
            path.write_text("".join(lines), encoding="utf-8")
            return
    raise AssertionError(f"{form}.{code} not found in {path}")


def _yaml_values(path: Path, form: str) -> dict[str, object]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["forms"][form]


def _expected_totals(repo: Path, form: str, code: str, units: list[str]) -> Decimal:
    total = Decimal(0)
    for u in units:
        p = repo / "submissions" / CID / f"{u}.yaml"
        if p.is_file():
            total += Decimal(str(_yaml_values(p, form)[code]))
    return total


def _region_units(repo: Path, region: str) -> list[str]:
    reg = yaml.safe_load((repo / "submissions/units.yaml").read_text(encoding="utf-8"))
    camp = yaml.safe_load((repo / "submissions" / CID / "campaign.yaml").read_text(encoding="utf-8"))
    parent = {u["id"]: u.get("parent") for u in reg["units"]}
    out = []
    for u in camp["reporting_units"]:
        chain = [u]
        while parent.get(chain[-1]) and parent[chain[-1]] != reg["issuer"]:
            chain.append(parent[chain[-1]])
        if chain[-1] == region:
            out.append(u)
    return out


def test_review_marks_changed_value_and_effect_on_totals(demo: Path, warmth) -> None:
    path = demo / "submissions" / CID / f"{UNIT}.yaml"
    old_a = int(_yaml_values(path, "swn-j4-2022")["A"])
    region_units = _region_units(demo, "qinglan")
    assert UNIT in region_units and "fengdu" not in region_units
    region_before = _expected_totals(demo, "swn-j4-2022", "A", region_units)
    all_units = [p.stem for p in (demo / "submissions" / CID).glob("*.yaml") if p.name != "campaign.yaml"]
    campaign_before = _expected_totals(demo, "swn-j4-2022", "A", all_units)

    git(demo, "checkout", "-qb", "fix-a")
    _set(path, "swn-j4-2022", "A", str(old_a + 15))
    git(demo, "commit", "-qam", "raise A")

    res = warmth("review", "--base", "main", cwd=demo)
    assert res.code == 0, res.err
    out = res.out
    assert "青岚市东湖区总工会" in out and "云澜省2022年春节送温暖活动" in out
    assert f"| A | 走访企业 | ~~{old_a}~~ → **{old_a + 15}** | 家 |" in out
    # unchanged values are not marked
    assert "~~" not in out.split("| A | 走访企业 |")[1].split("\n", 1)[1].split("####")[0]
    assert "修改已验收的报告" in out
    row = next(line for line in out.splitlines() if line.startswith("| A | 走访企业（家）"))
    assert f"{region_before} → {region_before + 15} | +15 |" in row
    assert f"{campaign_before} → {campaign_before + 15} | +15 |" in row
    # every rule's outcome is listed
    assert "| swn-j4-2022 | B-sum | 错误 | ✅ 通过 |" in out
    assert "| bfzx-2021 | K-sum |" in out


def test_review_money_totals_are_exact(demo: Path) -> None:
    path = demo / "submissions" / CID / f"{UNIT}.yaml"
    vals = _yaml_values(path, "swn-j4-2022")
    b5_old = Decimal(str(vals["B5"]))
    b_old = Decimal(str(vals["B"]))
    git(demo, "checkout", "-qb", "money")
    _set(path, "swn-j4-2022", "B5", str(b5_old + Decimal("0.0001")))
    _set(path, "swn-j4-2022", "B", str(b_old + Decimal("0.0001")))
    git(demo, "commit", "-qam", "money")
    r = review.build(demo, "main")
    (fr,) = r.files
    rows = {t.code: t for t in fr.totals["swn-j4-2022"]}
    assert set(rows) == {"B", "B5"}
    expected = _expected_totals(demo, "swn-j4-2022", "B", _region_units(demo, "qinglan"))
    assert rows["B"].region_after == expected
    assert rows["B"].region_after - rows["B"].region_before == Decimal("0.0001")
    assert not fr.errors


def test_new_late_report_and_errors_listed(demo: Path, warmth) -> None:
    # 青岚高新区 has not reported for 2022: add its report (copied from a neighbour) on a branch
    src = demo / "submissions" / CID / "qinglan-xiling.yaml"
    dst = demo / "submissions" / CID / "qinglan-gaoxin.yaml"
    git(demo, "checkout", "-qb", "gaoxin")
    dst.write_text(src.read_text(encoding="utf-8").replace("unit: qinglan-xiling", "unit: qinglan-gaoxin"), encoding="utf-8")
    _set(dst, "swn-j4-2022", "B", "1")  # breaks B == B1 + ... + B6
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "gaoxin")
    res = warmth("review", "--base", "main", cwd=demo)
    assert res.code == 0, res.err
    assert "新报送" in res.out
    assert "逾期报送" in res.out  # the deadline was in 2022
    assert "修改已验收的报告" not in res.out
    assert "| B-sum |" in res.out and "个错误" in res.out

    r = review.build(demo, "main", now=datetime(2022, 1, 21, 15, 0, tzinfo=timezone(timedelta(hours=8))))
    assert not r.files[0].late
    r = review.build(demo, "main", now=datetime(2022, 1, 22, 0, 0, tzinfo=timezone(timedelta(hours=8))))
    assert r.files[0].late


def test_working_tree_changes_and_warning_explanation(demo: Path) -> None:
    path = demo / "submissions" / CID / f"{UNIT}.yaml"
    text = path.read_text(encoding="utf-8")
    vals = _yaml_values(path, "swn-j4-2022")
    # D above B: a warning, explained by the unit
    d_new = Decimal(str(vals["B"])) + 1
    example = "#explanations:\n#   D-per-person: 本次对三户特困家庭提高了慰问标准\n"
    assert example in text
    text = text.replace(example, "explanations:\n  D-within-B: 动用了上年结余 | <script>x</script>\n")
    path.write_text(text, encoding="utf-8")
    _set(path, "swn-j4-2022", "D", str(d_new))
    r = review.build(demo, "main")  # uncommitted: compared with the working tree
    (fr,) = r.files
    warn = {w.finding.rule: w for w in fr.warnings}
    assert "D-within-B" in warn and warn["D-within-B"].explanation.startswith("动用了上年结余")
    md = review_md.render(r)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "动用了上年结余 \\| &lt;script&gt;" in md


def test_markdown_escaping() -> None:
    s = review_md.md("a|b <img src=x onerror=y> [link](http://x) *b* @user\nnext")
    assert "|" not in s.replace("\\|", "")
    assert "<" not in s.replace("<br>", "") and ">" not in s.replace("<br>", "")
    assert "\\[link\\]\\(http://x\\)" in s and "\\*b\\*" in s and "&#64;user" in s
    assert "<br>next" in s


def test_other_files_listed_and_no_submissions(demo: Path, warmth) -> None:
    git(demo, "checkout", "-qb", "docs")
    (demo / "docs" / "extra.md").parent.mkdir(exist_ok=True)
    (demo / "docs" / "extra.md").write_text("x\n", encoding="utf-8")
    res = warmth("review", "--base", "main", cwd=demo)
    assert res.code == 0
    assert "没有涉及任何报送文件" in res.out and "docs/extra.md" in res.out


def test_review_findings_section(demo: Path, warmth) -> None:
    res = warmth("review", "--base", "main", "--findings", cwd=demo)
    assert res.code == 0 and "## 全部检查结果" in res.out


def test_review_unknown_base_is_usage_error(demo: Path, warmth) -> None:
    res = warmth("review", "--base", "no-such-branch", cwd=demo)
    assert res.code == 2
    assert "找不到分支或提交" in res.err and "Traceback" not in res.err


def test_deleted_report_and_json(demo: Path, warmth) -> None:
    import json

    git(demo, "checkout", "-qb", "drop")
    git(demo, "rm", "-q", f"submissions/{CID}/fengdu-nanjin.yaml")
    git(demo, "commit", "-qm", "drop")
    vals = _yaml_values(_at_ref(demo, "main", f"submissions/{CID}/fengdu-nanjin.yaml"), "swn-j4-2022")
    res = warmth("review", "--base", "main", "--format", "json", cwd=demo)
    assert res.code == 0, res.err
    data = json.loads(res.out)
    (fr,) = data["files"]
    assert fr["status"] == "deleted" and fr["accepted_edit"] is True
    rows = {r["code"]: r for r in fr["totals"]["swn-j4-2022"]}
    c = rows["C"]
    assert int(c["region_before"]) - int(c["region_after"]) == int(vals["C"])
    md = warmth("review", "--base", "main", cwd=demo).out
    assert "本次改动删除了这份报告" in md and f"~~{vals['C']}~~ → （删除）" in md


def _at_ref(repo: Path, ref: str, path: str) -> Path:
    """The file as it was on ref, written next to the repository."""
    out = repo.parent / "at-ref" / Path(path).name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(git(repo, "show", f"{ref}:{path}"), encoding="utf-8")
    return out


def test_a_rule_left_out_by_an_unreadable_value_is_unchecked_not_inapplicable(demo: Path) -> None:
    path = demo / "submissions" / CID / f"{UNIT}.yaml"
    _set(path, "swn-j4-2022", "B3", "12,5")
    r = review.build(demo, "main")
    (fr,) = r.files
    got = {(o.form, o.rule): o for o in fr.outcomes}
    b_sum = got[("swn-j4-2022", "B-sum")]
    assert b_sum.status == "unchecked" and b_sum.detail == "未检查：B3 的值无法读取"
    assert got[("swn-j4-2022", "C-sum")].status == "pass"  # the sums beside it still run
    assert got[("bfzx-2021", "B-sum")].status == "pass"  # another form's B3 is another item
    md = review_md.render(r)
    assert "⚠️ 未检查" in md and "1 条因数值无法读取未检查" in md


def test_a_city_campaigns_review_sums_the_region_its_summary_shows(demo: Path) -> None:
    """In a campaign a city passes on, each district is its own region: the review names the
    district and its region totals are that district's, as the campaign's summary page sums them."""
    city = "2021-qinglan"
    path = demo / "submissions" / city / f"{UNIT}.yaml"
    form = next(iter(yaml.safe_load(path.read_text(encoding="utf-8"))["forms"]))
    vals = _yaml_values(path, form)
    git(demo, "checkout", "-qb", "city")
    _set(path, form, "A", str(int(str(vals["A"])) + 2))
    git(demo, "commit", "-qam", "city")
    r = review.build(demo, "main")
    (fr,) = r.files
    assert fr.campaign_id == city and fr.region_id == UNIT
    row = next(t for t in fr.totals[form] if t.code == "A")
    assert row.region_before == Decimal(str(vals["A"])) and row.region_after == row.region_before + 2
