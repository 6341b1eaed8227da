"""Who may change what: a pull request may touch only the reports of the units its author
submits or reviews for, in campaigns that exist; everything else (campaigns, forms, the
registry, workflows, code) belongs to the issuing union's admins.

Who the author is allowed to be is read from the base branch, never from the pull request:
the registry and its admins come from `git show <base>:submissions/units.yaml` (checked
against the base's own schema), the campaigns from the base's tree. A pull request that makes
its author an admin or a submitter, or registers a new unit, gains nothing by it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import datafile, gitutil
from .findings import Collector
from .registry import Registry
from .repo import CAMPAIGN_FILE, SUBMISSIONS, UNITS, _unit_lines


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


class ScopeError(Exception):
    """The base branch cannot say who may change what (no registry there, an unknown ref...)."""


def base_registry(root: Path, commit: str) -> Registry:
    """The registry as the base commit has it, checked against the base's own schema."""
    text = gitutil.show(root, commit, UNITS.as_posix())
    schema = gitutil.show(root, commit, "schemas/units.schema.json")
    if text is None or schema is None:
        raise ScopeError(f"基准分支（{commit[:12]}）上没有单位名录 {UNITS.as_posix()} 或它的 JSON Schema，无法判断谁有权修改；请发文单位管理员处理")
    col = Collector(UNITS.as_posix())
    with tempfile.TemporaryDirectory(prefix="warmth-scope-") as tmp:
        units, schema_path = Path(tmp) / "units.yaml", Path(tmp) / "units.schema.json"
        units.write_text(text, encoding="utf-8")
        schema_path.write_text(schema, encoding="utf-8")
        loaded = datafile.load(units, schema_path, col, lambda value, node: value.__setitem__("_lines", _unit_lines(node)))
    if loaded.value is None:
        raise ScopeError(f"基准分支（{commit[:12]}）上的单位名录无法读取，无法判断谁有权修改；请发文单位管理员先改正")
    from .registry import from_value

    return from_value(loaded.value, loaded.value["_lines"], col)


def base_campaigns(root: Path, commit: str, folders: Iterable[str]) -> set[str]:
    """Which of these folders are campaigns on the base commit (hold a campaign.yaml there)."""
    return {f for f in set(folders) if gitutil.exists_at(root, commit, f"{SUBMISSIONS.as_posix()}/{f}/{CAMPAIGN_FILE}")}


def judge(root: Path, base_ref: str, author: str, teams: Iterable[str] = ()) -> tuple[list[gitutil.Change], list[Violation]]:
    """The changes of HEAD (and the working tree) against base_ref, and those the author may
    not make, judged by the base branch's registry and campaigns. GitError, ScopeError."""
    changes = gitutil.changes(root, base_ref)
    base = gitutil.resolve(root, base_ref)  # the branch as it is now: today's registry decides
    reg = base_registry(root, base)
    folders = [PurePosixPath(c.path).parts[1] for c in changes if submission_unit(c.path) is not None]
    return changes, check(reg, changes, author, teams, base_campaigns(root, base, folders))


def check(
    reg: Registry, files: Iterable[str | gitutil.Change], author: str, teams: Iterable[str] = (),
    campaigns: set[str] | None = None,
) -> list[Violation]:
    """The changes the author may not make. campaigns: the campaign folders the base has (None:
    not checked)."""
    t = normalize_teams(teams)
    is_admin = any(matches(a, author, t) for a in reg.admins)
    out: list[Violation] = []
    for change in files:
        if is_admin:
            continue
        path = change if isinstance(change, str) else change.path
        if isinstance(change, gitutil.Change) and not change.regular:
            what = {"120000": "符号链接", "160000": "子模块"}.get(change.new_mode, f"特殊文件（{change.new_mode}）")
            out.append(Violation(path, f"这是{what}，不是普通文件：只有发文单位管理员可以提交"))
            continue
        uid = submission_unit(path)
        if uid is None:
            out.append(Violation(path, "活动、表式、单位名录、工作流或代码文件只能由发文单位管理员修改"))
            continue
        folder = PurePosixPath(path).parts[1]
        if campaigns is not None and folder not in campaigns:
            out.append(Violation(path, f"基准分支上没有活动 {folder}（submissions/{folder}/campaign.yaml）：新活动只能由发文单位管理员添加"))
            continue
        unit = reg.get(uid)
        if unit is None:
            out.append(Violation(path, f"单位 {uid} 不在单位名录中，只有发文单位管理员可以添加"))
            continue
        allowed = [*unit.submitters, *unit.reviewers, *reg.reviewers_of(uid)]
        if not any(matches(a, author, t) for a in allowed):
            out.append(Violation(path, f"你不是{unit.name}（{uid}）的填报人或审核人"))
    return out
