"""`warmth scope` decides from the base branch: its registry, its admins, its campaigns. A pull
request that edits the registry to promote its author gains nothing; renames, deletions, links
and paths with odd characters are judged as what they are. Real Git repositories throughout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import git, run_warmth

CID = "2022-spring"
OWN = "qinglan-donghu"  # submitted by @qinglan-donghu
OTHER = "fengdu-nanjin"  # submitted by @fengdu-nanjin
AUTHOR = "qinglan-donghu"
UNITS = "submissions/units.yaml"


def _scope(repo: Path, author: str = AUTHOR, *extra: str):
    return run_warmth("scope", "--base", "main", "--author", author, *extra, cwd=repo)


def _edit(repo: Path, rel: str, old: str | None = None, new: str = "") -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(text.replace(old, new, 1) if old is not None else text + (new or "# 改动\n"), encoding="utf-8")


def _commit(repo: Path, msg: str = "pr") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", msg)


@pytest.fixture
def pr(demo: Path) -> Path:
    git(demo, "checkout", "-qb", "pr")
    return demo


# How a pull request might try to raise its author: each edit of the registry alone would
# let @qinglan-donghu change fengdu-nanjin's report, if scope read the pull request's registry.
PROMOTIONS = {
    "admin": ('admins: ["@yunlan-zgh/admins"]', 'admins: ["@yunlan-zgh/admins", "@qinglan-donghu"]'),
    "admin-case": ('admins: ["@yunlan-zgh/admins"]', 'admins: ["@yunlan-zgh/admins", "@QingLan-DongHu"]'),
    "submitter": ('submitters: ["@fengdu-nanjin"]', 'submitters: ["@fengdu-nanjin", "@qinglan-donghu"]'),
    "reviewer": ("parent: fengdu, submitters:", 'parent: fengdu, reviewers: ["@qinglan-donghu"], submitters:'),
    "city-reviewer": ('reviewers: ["@yunlan-zgh/reviewers-fengdu"]', 'reviewers: ["@yunlan-zgh/reviewers-fengdu", "@qinglan-donghu"]'),
}


@pytest.mark.parametrize("how", sorted(PROMOTIONS))
def test_self_promotion_in_the_pull_request_gains_nothing(pr: Path, how: str) -> None:
    old, new = PROMOTIONS[how]
    assert old in (pr / UNITS).read_text(encoding="utf-8")
    _edit(pr, UNITS, old, new)
    _edit(pr, f"submissions/{CID}/{OTHER}.yaml")
    _edit(pr, f"submissions/{CID}/{OWN}.yaml")
    _commit(pr)
    res = _scope(pr)
    assert res.code == 1, res.out + res.err
    assert UNITS in res.out and f"submissions/{CID}/{OTHER}.yaml" in res.out
    assert "枫渡市南津区总工会" in res.out and "发文单位管理员" in res.out
    assert f"submissions/{CID}/{OWN}.yaml" not in res.out  # its own report is fine
    # the same edits by a real admin (per the base) pass
    assert _scope(pr, "boss", "--teams", "yunlan-zgh/admins").code == 0


def test_team_added_to_admins_in_the_pull_request_gains_nothing(pr: Path) -> None:
    _edit(pr, UNITS, 'admins: ["@yunlan-zgh/admins"]', 'admins: ["@yunlan-zgh/admins", "@evil/crew"]')
    _edit(pr, "scripts/warmth/scope.py", None, "# allow all\n")
    _commit(pr)
    res = _scope(pr, "mallory", "--teams", "evil/crew")
    assert res.code == 1 and "scripts/warmth/scope.py" in res.out and UNITS in res.out


def test_new_unit_registered_in_the_pull_request_cannot_report(pr: Path) -> None:
    _edit(pr, UNITS, None, '  - {id: qinglan-newtown, name: 新城区总工会, level: county, parent: qinglan, submitters: ["@qinglan-donghu"]}\n')
    _edit(pr, f"submissions/{CID}/qinglan-newtown.yaml", None, "campaign: 2022-spring\n")
    _commit(pr)
    res = _scope(pr)
    assert res.code == 1
    assert f"submissions/{CID}/qinglan-newtown.yaml" in res.out and "不在单位名录中" in res.out


def test_broken_registry_in_the_pull_request_does_not_stop_the_judgement(pr: Path) -> None:
    (pr / UNITS).write_text("units: [\n  garbage: : :\n", encoding="utf-8")
    _commit(pr)
    res = _scope(pr)
    assert res.code == 1 and UNITS in res.out  # judged (by the base), not an internal error


def test_the_base_branch_as_it_is_now_decides(demo: Path) -> None:
    """Removed from the registry on main after the branch was made: the pull request is refused;
    added on main: it passes. The registry at the branch point does not count."""
    git(demo, "checkout", "-qb", "pr")
    _edit(demo, f"submissions/{CID}/{OWN}.yaml")
    _commit(demo)
    assert _scope(demo).code == 0
    git(demo, "checkout", "-q", "main")
    _edit(demo, UNITS, 'submitters: ["@qinglan-donghu"]', 'submitters: ["@someone-else"]')
    _commit(demo, "registry: new submitter")
    git(demo, "checkout", "-q", "pr")
    res = _scope(demo)
    assert res.code == 1 and f"submissions/{CID}/{OWN}.yaml" in res.out
    assert _scope(demo, "someone-else").code == 0


def test_no_registry_on_the_base_is_a_clear_usage_error(tmp_path: Path) -> None:
    from .conftest import make_repo

    repo = make_repo(tmp_path / "r", commit=False)
    import subprocess

    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    (repo / "README.md").write_text("x\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-qm", "empty base")
    git(repo, "checkout", "-qb", "pr")
    _commit(repo, "everything")
    res = _scope(repo)
    assert res.code == 2 and "基准分支" in res.err and "单位名录" in res.err and "Traceback" not in res.err


# -- renames and deletions -----------------------------------------------------------------------


@pytest.mark.parametrize("renames", ["false", "true", "copies"])
@pytest.mark.parametrize(
    ("src", "dst", "refused"),
    [
        (f"{CID}/{OWN}.yaml", f"{CID}/{OTHER}-x.yaml", {f"{CID}/{OTHER}-x.yaml"}),  # to a unit not registered
        (f"{CID}/{OTHER}.yaml", f"{CID}/{OWN}-2.yaml", {f"{CID}/{OTHER}.yaml", f"{CID}/{OWN}-2.yaml"}),
        (f"{CID}/{OWN}.yaml", f"2021-spring/{OWN}.yaml", set()),  # own report, another campaign
        (f"{CID}/{OWN}.yaml", f"2023-spring/{OWN}.yaml", {f"2023-spring/{OWN}.yaml"}),  # no such campaign
        (f"{CID}/{OWN}.yaml", f"2022-Spring/{OWN}.yaml", {f"2022-Spring/{OWN}.yaml"}),  # case variant
        (f"{CID}/campaign.yaml", f"{CID}/{OWN}.yaml.bak", {f"{CID}/campaign.yaml", f"{CID}/{OWN}.yaml.bak"}),
    ],
)
def test_renames_are_judged_on_both_sides(pr: Path, renames: str, src: str, dst: str, refused: set[str]) -> None:
    git(pr, "config", "diff.renames", renames)  # the user's rename detection changes nothing
    if (pr / "submissions" / dst).exists():
        git(pr, "rm", "-q", f"submissions/{dst}")
    (pr / "submissions" / dst).parent.mkdir(parents=True, exist_ok=True)
    git(pr, "mv", f"submissions/{src}", f"submissions/{dst}")
    _commit(pr)
    res = _scope(pr)
    listed = {line.strip().split("：")[0].removeprefix("submissions/") for line in res.out.splitlines() if line.startswith("  ")}
    assert listed == refused, res.out
    assert res.code == (1 if refused else 0)


@pytest.mark.parametrize(("unit", "ok"), [(OWN, True), (OTHER, False)])
def test_deletions(pr: Path, unit: str, ok: bool) -> None:
    git(pr, "rm", "-q", f"submissions/{CID}/{unit}.yaml")
    _commit(pr)
    res = _scope(pr)
    assert res.code == (0 if ok else 1), res.out
    assert (f"submissions/{CID}/{unit}.yaml" in res.out) != ok


def test_uncommitted_deletion_of_another_units_report(pr: Path) -> None:
    (pr / f"submissions/{CID}/{OTHER}.yaml").unlink()
    res = _scope(pr)
    assert res.code == 1 and f"submissions/{CID}/{OTHER}.yaml" in res.out


# -- paths with odd characters -------------------------------------------------------------------

ODD_STEMS = [
    OWN + "\u200b", OWN[:3] + "\u200d" + OWN[3:], OWN + " ", " " + OWN, OWN.replace("a", "а"),
    OWN.replace("o", "о"), "ｑ" + OWN[1:], OWN.upper(), OWN + "\n", OWN + '"', OWN + "\\", OWN + "\t",
    OWN + "\u202e", f"{OWN}\n../{OTHER}", OWN.replace("-", "\u2010"),
]


@pytest.mark.parametrize("quote", ["true", "false"])
@pytest.mark.parametrize("stem", ODD_STEMS, ids=ascii)
def test_odd_paths_are_judged_as_their_own_units(pr: Path, stem: str, quote: str) -> None:
    """A name that looks like the author's own report is not it: no such unit is registered."""
    git(pr, "config", "core.quotePath", quote)
    if "/" in stem:
        (pr / f"submissions/{CID}/{stem}.yaml").parent.mkdir(parents=True, exist_ok=True)
    (pr / f"submissions/{CID}/{stem}.yaml").write_text("campaign: 2022-spring\n", encoding="utf-8")
    _commit(pr)
    res = _scope(pr)
    assert res.code == 1, res.out
    assert "不在单位名录中" in res.out or "只能由发文单位管理员" in res.out


def test_non_utf8_file_name(pr: Path) -> None:
    name = os.fsencode(f"submissions/{CID}/") + b"qinglan-donghu\xff.yaml"
    with open(os.path.join(os.fsencode(str(pr)), name), "wb") as fh:
        fh.write(b"campaign: 2022-spring\n")
    _commit(pr)
    res = _scope(pr)
    assert res.code == 1 and "不在单位名录中" in res.out


# -- links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("committed", [True, False])
@pytest.mark.parametrize("target", ["../units.yaml", f"{OTHER}.yaml", "/etc/passwd"])
def test_own_report_replaced_by_a_link_is_refused(pr: Path, committed: bool, target: str) -> None:
    path = pr / f"submissions/{CID}/{OWN}.yaml"
    path.unlink()
    os.symlink(target, path)
    if committed:
        _commit(pr)
    res = _scope(pr)
    assert res.code == 1 and f"submissions/{CID}/{OWN}.yaml" in res.out and "符号链接" in res.out


def test_new_link_named_as_own_report_is_refused(pr: Path) -> None:
    """qinglan-gaoxin has no report yet; its submitter adds one as a link to the registry."""
    os.symlink("../units.yaml", pr / f"submissions/{CID}/qinglan-gaoxin.yaml")
    res = _scope(pr, "qinglan-gaoxin")
    assert res.code == 1 and "符号链接" in res.out
    _commit(pr)
    assert _scope(pr, "qinglan-gaoxin").code == 1
