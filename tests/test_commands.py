"""The command layer: every command that takes a campaign or a unit answers an unknown one with
the same message and exit code (commands/common.py), and findings reach the terminal through the
reporters only, in one line format whichever command stops on them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import ROOT

CID = "2022-spring"
UNIT = "fengdu-nanjin"

# every command that takes a campaign id, with that id in place of {c}
TAKES_CAMPAIGN = {
    "status": ["status", "{c}"],
    "aggregate": ["aggregate", "{c}", "-o", "out"],
    "new": ["new", "{c}", UNIT, "-o", "out.yaml"],
    "template": ["template", "{c}", "-o", "out.xlsx"],
    "template-unit": ["template", "{c}", UNIT, "-o", "out.xlsx"],
}
# every command that takes a unit id, with that id in place of {u}
TAKES_UNIT = {
    "new": ["new", CID, "{u}", "-o", "out.yaml"],
    "template": ["template", CID, "{u}", "-o", "out.xlsx"],
}


def _fill(argv: list[str], **values: str) -> list[str]:
    return [a.format(**values) for a in argv]


@pytest.mark.parametrize("bad", ["1999-spring", "2022-Spring", "2022-spring\u200b", "../2022-spring"])
@pytest.mark.parametrize("name", sorted(TAKES_CAMPAIGN))
def test_an_unknown_campaign_is_named_alike_by_every_command(demo: Path, warmth, name: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    before = sorted(p for p in demo.rglob("*") if ".git" not in p.parts)
    r = warmth(*_fill(TAKES_CAMPAIGN[name], c=bad), cwd=demo)
    assert r.code == 2, (r.code, r.out, r.err)
    known = "、".join(sorted(p.parent.name for p in (demo / "submissions").glob("*/campaign.yaml")))
    assert CID in known.split("、") and len(known.split("、")) >= 2  # every campaign of the repository is named
    assert r.err == f"warmth：活动 {bad} 不存在；现有活动：{known}\n"
    assert sorted(p for p in demo.rglob("*") if ".git" not in p.parts) == before


@pytest.mark.parametrize("name", sorted(TAKES_CAMPAIGN))
def test_a_campaign_whose_definition_is_broken_is_not_called_missing(demo: Path, warmth, name: str) -> None:  # type: ignore[no-untyped-def]
    definition = demo / "submissions" / CID / "campaign.yaml"
    definition.write_text(definition.read_text(encoding="utf-8").replace("deadline:", "deadline: [", 1), encoding="utf-8")
    r = warmth(*_fill(TAKES_CAMPAIGN[name], c=CID), cwd=demo)
    assert "Traceback" not in r.err
    if name == "aggregate":  # it lists the errors it found, as for any invalid data
        assert r.code == 1 and r.err.startswith("warmth：数据有 ")
        assert re.search(rf"(?m)^  submissions/{CID}/campaign\.yaml:\d+:\d+: 错误 \[", r.err), r.err
    else:
        assert r.code == 2 and r.err == f"warmth：活动 {CID} 的定义 submissions/{CID}/campaign.yaml 有错误；先运行 warmth validate 改正\n"


@pytest.mark.parametrize("bad", ["nowhere", "Fengdu-nanjin", "fengdu-nanjin\u200b"])
@pytest.mark.parametrize("name", sorted(TAKES_UNIT))
def test_an_unknown_unit_is_named_alike_by_every_command(demo: Path, warmth, name: str, bad: str) -> None:  # type: ignore[no-untyped-def]
    r = warmth(*_fill(TAKES_UNIT[name], u=bad), cwd=demo)
    assert (r.code, r.err) == (2, f"warmth：单位 {bad} 不在单位名录中（submissions/units.yaml）\n")
    assert not (demo / "out.yaml").exists() and not (demo / "out.xlsx").exists()


@pytest.mark.parametrize("name", sorted(TAKES_UNIT))
def test_a_unit_that_does_not_report_in_the_campaign_is_refused_alike(demo: Path, warmth, name: str) -> None:  # type: ignore[no-untyped-def]
    # in the demo every registered unit is asked (the province too): take one off the list
    campaign = demo / "submissions" / CID / "campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace(" qinglan-gaoxin,", "", 1), encoding="utf-8")
    r = warmth(*_fill(TAKES_UNIT[name], u="qinglan-gaoxin"), cwd=demo)
    assert (r.code, r.err) == (2, f"warmth：青岚高新技术产业开发区总工会（qinglan-gaoxin）不是活动 {CID} 的报送单位\n")


def test_aggregate_and_build_list_findings_as_the_text_reporter_does(demo: Path, warmth) -> None:  # type: ignore[no-untyped-def]
    sub = demo / "submissions" / CID / "fengdu.yaml"
    text, n = re.subn(r"(?m)^    B1: \S+", "    B1: 99.3379", sub.read_text(encoding="utf-8"), count=1)  # B no longer adds up
    assert n == 1
    sub.write_text(text, encoding="utf-8")
    checked = warmth("validate", f"submissions/{CID}/fengdu.yaml", cwd=demo)
    assert checked.code == 1
    # validate: "file:line:col: 错误 [rule] message" and the hint on the next line
    first = checked.out.splitlines()[0]
    hint = checked.out.splitlines()[1].strip()
    assert first.startswith(f"submissions/{CID}/fengdu.yaml:") and hint.startswith("提示：")
    listed = f"  {first}。{hint}"
    for argv in (["aggregate", CID, "-o", "out"], ["build"]):
        r = warmth(*argv, cwd=demo)
        assert r.code == 1, r.err
        assert listed in r.err.splitlines(), (argv, r.err)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            out.append("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names)
    return out


@pytest.mark.parametrize("path", sorted((ROOT / "scripts" / "warmth" / "commands").glob("*.py")), ids=lambda p: p.name)
def test_commands_do_not_import_the_command_line_module(path: Path) -> None:
    assert not [m for m in _imports(path) if m in ("..cli", "warmth.cli")]
