"""CODEOWNERS from the registry, its staleness check, and the scope check of a pull request."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import yaml

from .conftest import git

CID = "2022-spring"


def _registry(repo: Path) -> dict:
    return yaml.safe_load((repo / "submissions/units.yaml").read_text(encoding="utf-8"))


def _owners_for(codeowners: str, path: str) -> list[str]:
    """GitHub's rule: the last matching pattern wins (enough of it for these patterns)."""
    owners: list[str] = []
    for line in codeowners.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        pattern, *who = line.split()
        if pattern == "*":
            hit = True
        elif pattern.endswith("/"):
            hit = ("/" + path).startswith(pattern)
        else:
            # '*' never crosses '/': compare segment by segment
            pp, fp = pattern.lstrip("/").split("/"), path.split("/")
            hit = len(pp) == len(fp) and all(fnmatch.fnmatchcase(f, p) for f, p in zip(fp, pp, strict=True))
        if hit:
            owners = who
    return owners


def test_codeowners_generated_from_registry(demo: Path, warmth) -> None:
    res = warmth("codeowners", cwd=demo)
    assert res.code == 0, res.err
    text = (demo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    reg = _registry(demo)
    admins = reg["admins"]
    units = {u["id"]: u for u in reg["units"]}
    # own reviewers
    assert _owners_for(text, f"submissions/{CID}/qinglan-donghu.yaml") == [*units["qinglan-donghu"]["reviewers"], *admins]
    # no reviewers of its own: the parent city's
    assert "reviewers" not in units["qinglan-xiling"]
    assert _owners_for(text, f"submissions/{CID}/qinglan-xiling.yaml") == [*units["qinglan"]["reviewers"], *admins]
    assert _owners_for(text, "submissions/2021-spring/fengdu-nanjin.yaml") == [*units["fengdu"]["reviewers"], *admins]
    for p in ("submissions/units.yaml", f"submissions/{CID}/campaign.yaml", "schemas/forms/swn-2022.yaml",
              ".github/workflows/checks.yml", "scripts/warmth/cli.py", "tests/test_review.py", "README.md"):
        assert _owners_for(text, p) == admins, p
    assert warmth("codeowners", "--check", cwd=demo).code == 0


def test_codeowners_check_detects_stale(demo: Path, warmth) -> None:
    res = warmth("codeowners", "--check", cwd=demo)
    assert res.code == 1 and "已过期或不存在" in res.out
    assert warmth("codeowners", cwd=demo).code == 0
    units = demo / "submissions/units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            'short: 西岭区, level: county, parent: qinglan,',
            'short: 西岭区, level: county, parent: qinglan, reviewers: ["@yunlan-zgh/xiling"],'),
        encoding="utf-8")
    res = warmth("codeowners", "--check", cwd=demo)
    assert res.code == 1 and "warmth codeowners" in res.out
    assert warmth("codeowners", cwd=demo).code == 0
    text = (demo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert _owners_for(text, f"submissions/{CID}/qinglan-xiling.yaml")[0] == "@yunlan-zgh/xiling"


def _branch_touching(demo: Path, *paths: str) -> None:
    git(demo, "checkout", "-qb", "pr")
    for p in paths:
        f = demo / p
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text((f.read_text(encoding="utf-8") if f.exists() else "") + "# 改动\n", encoding="utf-8")
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "pr")


def test_scope_submitter_own_file_passes(demo: Path, warmth) -> None:
    _branch_touching(demo, f"submissions/{CID}/qinglan-donghu.yaml", "submissions/2021-spring/qinglan-donghu.yaml")
    res = warmth("scope", "--base", "main", "--author", "qinglan-donghu", cwd=demo)
    assert res.code == 0, res.out + res.err
    # logins compare case-insensitively
    assert warmth("scope", "--base", "main", "--author", "QingLan-DongHu", cwd=demo).code == 0


def test_scope_other_units_file_fails(demo: Path, warmth) -> None:
    _branch_touching(demo, f"submissions/{CID}/qinglan-donghu.yaml", f"submissions/{CID}/fengdu-nanjin.yaml")
    res = warmth("scope", "--base", "main", "--author", "qinglan-donghu", cwd=demo)
    assert res.code == 1
    assert f"submissions/{CID}/fengdu-nanjin.yaml" in res.out and "枫渡市南津区总工会" in res.out
    assert f"submissions/{CID}/qinglan-donghu.yaml" not in res.out


def test_scope_reviewer_team(demo: Path, warmth) -> None:
    # qinglan-xiling has no reviewers of its own: the city's reviewers may change its report
    _branch_touching(demo, f"submissions/{CID}/qinglan-xiling.yaml")
    assert warmth("scope", "--base", "main", "--author", "someone", cwd=demo).code == 1
    res = warmth("scope", "--base", "main", "--author", "someone", "--teams", "yunlan-zgh/reviewers-qinglan", cwd=demo)
    assert res.code == 0, res.out
    res = warmth("scope", "--base", "main", "--author", "someone", "--teams", "yunlan-zgh/reviewers-fengdu", cwd=demo)
    assert res.code == 1
    res = warmth("scope", "--base", "main", "--author", "someone", "--teams", "reviewers-qinglan", cwd=demo)
    assert res.code == 2 and "org/team" in res.err


def test_scope_campaign_and_code_files_need_admin(demo: Path, warmth) -> None:
    _branch_touching(demo, f"submissions/{CID}/campaign.yaml", "schemas/forms/swn-2022.yaml",
                     ".github/workflows/x.yml", "scripts/hack.py", "submissions/units.yaml")
    res = warmth("scope", "--base", "main", "--author", "qinglan-zgh", cwd=demo)
    assert res.code == 1
    for p in (f"submissions/{CID}/campaign.yaml", "schemas/forms/swn-2022.yaml", ".github/workflows/x.yml",
              "scripts/hack.py", "submissions/units.yaml"):
        assert p in res.out
    assert "发文单位管理员" in res.out
    res = warmth("scope", "--base", "main", "--author", "boss", "--teams", "@yunlan-zgh/admins", cwd=demo)
    assert res.code == 0, res.out


def test_scope_unregistered_unit_and_uncommitted(demo: Path, warmth) -> None:
    new = demo / "submissions" / CID / "nowhere.yaml"
    new.write_text("campaign: 2022-spring\n", encoding="utf-8")  # untracked, not committed
    res = warmth("scope", "--base", "main", "--author", "qinglan-donghu", cwd=demo)
    assert res.code == 1 and "nowhere" in res.out and "不在单位名录中" in res.out


def test_scope_rename_counts_both_sides(demo: Path, warmth) -> None:
    git(demo, "checkout", "-qb", "mv")
    git(demo, "mv", f"submissions/{CID}/fengdu.yaml", f"submissions/{CID}/qinglan-gaoxin.yaml")
    git(demo, "commit", "-qm", "mv")
    res = warmth("scope", "--base", "main", "--author", "qinglan-gaoxin", cwd=demo)
    assert res.code == 1 and f"submissions/{CID}/fengdu.yaml" in res.out
