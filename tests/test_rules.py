"""Every rule of every form version: a valid report passes; break one figure and that rule fires
at the line of the item it names."""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from warmth.expr import Env, Missing
from warmth.newfile import render
from warmth.repo import Repository
from warmth.validate import validate

from .conftest import ROOT, make_repo

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import fill, yaml_value

UNIT = "qinglan-donghu"
FORM_IDS = sorted(p.stem for p in (ROOT / "schemas/forms").glob("*.yaml"))
PARAMS = {"per_person_max": Decimal("0.2"), "jump_max": 3}


@pytest.fixture(scope="module")
def repo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plus one single-form campaign per form version, so each is checked on its own."""
    root = make_repo(tmp_path_factory.mktemp("rules") / "repo", commit=False)
    for fid in FORM_IDS:
        folder = root / "submissions" / f"rules-{fid}"
        folder.mkdir()
        (folder / "campaign.yaml").write_text(
            f"id: rules-{fid}\ntitle: 规则测试 {fid}\nissuer: yunlan\ndoc_number: 测试〔2022〕1号\n"
            f'issued: "2022-01-01"\ndeadline: "2022-01-31"\nforms: [{fid}]\nreporting_units: [{UNIT}]\n'
            "params: {per_person_max: 0.2, jump_max: 3}\n",
            encoding="utf-8",
        )
    return root


def write(root: Path, fid: str, values: dict[str, object]) -> Path:
    repo = Repository(root)
    campaign = repo.campaign(f"rules-{fid}")
    assert campaign is not None
    text = render(campaign, repo.registry.get(UNIT), [repo.forms[fid]], {fid: {k: yaml_value(v) for k, v in values.items()}})
    text = text.replace("reporter:", "reporter: 测试人", 1).replace("phone:", "phone: 0000-1234567", 1)
    text = text.replace("date:", "date: 2022-01-20", 1).replace("（在此填写", "本单位工作报告。（在此填写", 1)
    path = root / "submissions" / f"rules-{fid}" / f"{UNIT}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def breaking_change(form, rule, values):
    """One item changed so that the rule fails, found by trying simple edits of its items."""
    names = [n for n in sorted(rule.check.names | (rule.when.names if rule.when else set())) if n in form.by_code]
    for name in names:
        v = values[name]
        if isinstance(v, str):
            candidates = ["否" if v == "是" else "是"]
        else:
            unit = Decimal("0.0001") if isinstance(v, Decimal) else 1
            candidates = [v + unit, 0, v * 50 + 7 * unit, v + 1000 * unit]
        for c in candidates:
            trial = {**values, name: c}
            env = Env(trial, PARAMS)
            try:
                if (rule.when is None or rule.when(env)) and not rule.check(env):
                    return name, c
            except Missing:
                continue
    return None


CASES = []
_repo = Repository(ROOT)
for _fid in FORM_IDS:
    for _rule in _repo.forms[_fid].rules:
        if not _rule.check.prev_names:
            CASES.append((_fid, _rule.id))


def declared_rules(fid: str) -> list[str]:
    """A form's rule ids as its definition file states them: its base's (``extends``) less
    ``remove_rules``, then its own (an own rule of a base's id replaces it)."""
    raw = yaml.safe_load((ROOT / "schemas/forms" / f"{fid}.yaml").read_text(encoding="utf-8"))
    ids = declared_rules(raw["extends"]) if raw.get("extends") else []
    ids = [i for i in ids if i not in set(raw.get("remove_rules") or [])]
    for rule in raw.get("rules") or []:
        if rule["id"] not in ids:
            ids.append(rule["id"])
    return ids


@pytest.mark.parametrize("fid", FORM_IDS)
def test_every_form_has_the_rules_its_definition_declares(fid: str) -> None:
    assert FORM_IDS and set(_repo.forms) >= set(FORM_IDS)
    got = [r.id for r in _repo.forms[fid].rules]
    assert got and len(got) == len(set(got))
    assert sorted(got) == sorted(declared_rules(fid))


@pytest.mark.parametrize("fid", FORM_IDS)
def test_valid_report_passes(repo_root: Path, fid: str) -> None:
    repo = Repository(repo_root)
    values = fill(repo.forms[fid], random.Random(fid), 1.0, PARAMS, repo.registry.get(UNIT).level)
    path = write(repo_root, fid, values)
    report, _ = validate(Repository(repo_root), [path])
    assert report.findings == []


@pytest.mark.parametrize(("fid", "rule_id"), CASES, ids=[f"{f}:{r}" for f, r in CASES])
def test_breaking_one_figure_fires_the_rule(repo_root: Path, fid: str, rule_id: str) -> None:
    repo = Repository(repo_root)
    form = repo.forms[fid]
    rule = form.rule(rule_id)
    rng = random.Random(f"{fid}/{rule_id}")
    for _ in range(20):  # a draw where the rule can be broken by one edit (e.g. its pair non-zero)
        values = fill(form, rng, 1.0, PARAMS)
        change = breaking_change(form, rule, values)
        if change:
            break
    assert change, f"no single edit breaks {rule_id}"
    name, new = change
    path = write(repo_root, fid, {**values, name: new})
    report, _ = validate(Repository(repo_root), [path])
    hits = [f for f in report.findings if f.rule == rule_id]
    assert hits, report.findings
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[hits[0].line - 1].strip().startswith(f"{rule.at}:")
    assert hits[0].severity == rule.severity
    assert rule.message in hits[0].message


def test_sum_message_shows_both_sides(repo_root: Path) -> None:
    repo = Repository(repo_root)
    form = repo.forms["bfzx-2021"]
    values = fill(form, random.Random(1), 1.0, PARAMS, repo.registry.get(UNIT).level)
    values["F1"] = values["F1"] + 3
    path = write(repo_root, "bfzx-2021", values)
    hit = next(f for f in validate(Repository(repo_root), [path])[0].findings if f.rule == "F-sum")
    total = sum(values[f"F{i}"] for i in range(1, 8))
    assert f"F = {values['F']}，F1 + F2 + F3 + F4 + F5 + F6 + F7 = {total}" in hit.message
    assert hit.hint == "核对合计 F 和分项 F1 至 F7，使 F 等于各分项之和；改了分项，合计也要跟着改"


def test_other_help_line_may_be_counted_in_the_total_or_not(repo_root: Path) -> None:
    """The 2020 centre form prints F = F1+...+F6 above an uncoded 其他帮扶 line (F6a): a total
    with the line and one without are both accepted; a total that is neither is an error that
    names both readings and shows the figures."""
    repo = Repository(repo_root)
    form = repo.forms["bfzx-2020"]
    level = repo.registry.get(UNIT).level
    values = fill(form, random.Random(1), 1.0, PARAMS, level)
    values["F6a"], values["G6a"] = 5, Decimal("0.75")
    printed = sum(values[f"F{i}"] for i in range(1, 7))
    money = sum((values[f"G{i}"] for i in range(1, 7)), Decimal(0))
    for f_total, g_total in ((printed, money), (printed + 5, money + Decimal("0.75")), (printed, money + Decimal("0.75"))):
        path = write(repo_root, "bfzx-2020", {**values, "F": f_total, "G": g_total})
        assert validate(Repository(repo_root), [path])[0].findings == [], (f_total, g_total)
    for wrong in (printed + 3, printed + 8, printed - 1):
        path = write(repo_root, "bfzx-2020", {**values, "F": wrong, "G": money})
        hits = [f for f in validate(Repository(repo_root), [path])[0].findings if f.rule == "F-sum"]
        assert [f.severity for f in hits] == ["error"], wrong
        assert "F1 至 F6 之和（表上印的公式），或再加上“其他帮扶”F6a" in hits[0].message
        assert f"F = {wrong}" in hits[0].message and "F6a = 5" in hits[0].message
        assert "也可以把“其他帮扶”F6a 一并计入" in hits[0].hint


