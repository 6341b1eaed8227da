"""Who may change what: a pull request may touch only the reports of the units its author
submits or reviews for; everything else (campaigns, forms, the registry, workflows, code)
belongs to the issuing union's admins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from .registry import Registry
from .repo import CAMPAIGN_FILE, SUBMISSIONS


@dataclass(frozen=True, slots=True)
class Violation:
    path: str
    reason: str  # Chinese, names the unit or the kind of file


def submission_unit(path: str) -> str | None:
    """The unit whose report a path is (submissions/<campaign>/<unit>.yaml), else None."""
    p = PurePosixPath(path)
    if (
        len(p.parts) == 3 and p.parts[0] == SUBMISSIONS.as_posix()
        and p.suffix == ".yaml" and p.name != CAMPAIGN_FILE and not p.name.startswith(".")
    ):
        return p.stem
    return None


def normalize_teams(teams: Iterable[str]) -> set[str]:
    """Team references as lower-case `org/team` (a leading @ is optional)."""
    out = set()
    for t in teams:
        t = t.strip().lstrip("@").lower()
        if t:
            out.add(t)
    return out


def matches(ref: str, author: str, teams: set[str]) -> bool:
    """Whether a registry entry (@user or @org/team) names the author."""
    r = ref.strip().lstrip("@").lower()
    if "/" in r:
        return r in teams
    return r == author.strip().lstrip("@").lower()


def check(reg: Registry, files: Iterable[str], author: str, teams: Iterable[str] = ()) -> list[Violation]:
    t = normalize_teams(teams)
    is_admin = any(matches(a, author, t) for a in reg.admins)
    out: list[Violation] = []
    for path in files:
        if is_admin:
            continue
        uid = submission_unit(path)
        if uid is None:
            out.append(Violation(path, "活动、表式、单位名录、工作流或代码文件只能由发文单位管理员修改"))
            continue
        unit = reg.get(uid)
        if unit is None:
            out.append(Violation(path, f"单位 {uid} 不在单位名录中，只有发文单位管理员可以添加"))
            continue
        allowed = [*unit.submitters, *unit.reviewers, *reg.reviewers_of(uid)]
        if not any(matches(a, author, t) for a in allowed):
            out.append(Violation(path, f"你不是{unit.name}（{uid}）的填报人或审核人"))
    return out
