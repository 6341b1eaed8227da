"""What several verbs share: finding the repository from options, the campaign and the unit
a command is given (one message each for an unknown one), refusing to overwrite."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..campaigns import Campaign
from ..errors import UsageError
from ..forms import Form
from ..registry import Unit
from ..repo import CAMPAIGN_FILE, NotARepository, Repository, find_root


def open_repo(args: argparse.Namespace, hint_path: Path | None = None) -> Repository:
    start = Path(args.root) if getattr(args, "root", None) else (hint_path or Path.cwd())
    if hint_path is not None and not (start.is_dir() and not start.is_symlink()):
        start = start.parent  # a file, a link (maybe dangling) or a FIFO: its folder is in the repository
    try:
        return Repository(find_root(start))
    except NotARepository as exc:
        raise UsageError(f"{exc} 不在 warmth 仓库中（找不到 submissions/units.yaml）；请在仓库根目录运行，或用 -C 指定") from exc


def require_known_campaign(repo: Repository, campaign_id: str) -> None:
    """A usage error listing the campaigns there are, unless campaign_id is one of them (its
    definition may still have errors: for the command to report)."""
    if campaign_id not in repo.campaign_ids and repo.campaign(campaign_id) is None:
        raise UsageError(f"活动 {campaign_id} 不存在；现有活动：{'、'.join(repo.campaign_ids) or '（无）'}")


def require_campaign(repo: Repository, campaign_id: str) -> Campaign:
    """The campaign, or a usage error: it does not exist, or its definition has errors."""
    require_known_campaign(repo, campaign_id)
    campaign = repo.campaign(campaign_id)
    if campaign is None:
        definition = repo.rel(repo.campaign_dir(campaign_id) / CAMPAIGN_FILE)
        raise UsageError(f"活动 {campaign_id} 的定义 {definition} 有错误；先运行 warmth validate 改正")
    return campaign


def require_unit(repo: Repository, unit_id: str, campaign: Campaign | None = None) -> Unit:
    """The unit from the registry, or a usage error; with a campaign, also one of its
    reporting units."""
    unit = repo.registry.get(unit_id) if repo.registry else None
    if unit is None:
        raise UsageError(f"单位 {unit_id} 不在单位名录中（submissions/units.yaml）")
    if campaign is not None and unit.id not in campaign.reporting_units:
        raise UsageError(f"{unit.name}（{unit.id}）不是活动 {campaign.id} 的报送单位")
    return unit


def require_forms(repo: Repository, campaign: Campaign) -> list[Form]:
    """The campaign's forms, or a usage error naming those that are missing or have errors."""
    missing = [f for f in campaign.forms if f not in repo.forms]
    if missing:
        raise UsageError(f"活动使用的表式有错误或不存在：{'、'.join(missing)}；先运行 warmth validate")
    return [repo.forms[f] for f in campaign.forms]


def refuse_overwrite(repo: Repository, paths: list[Path], force: bool, generated: Path | None = None) -> None:
    """A usage error naming the files that exist, unless --force was given.

    Files under `generated` (the repository's own build/ folder, ignored by Git and refreshed
    by every run) may be replaced without --force; nothing else may.
    """
    if force:
        return
    gen = generated.resolve() if generated is not None else None
    existing = [p for p in paths if p.exists() and not (gen is not None and p.resolve().is_relative_to(gen))]
    if existing:
        names = "、".join(repo.rel(p) for p in existing[:5]) + (f" 等 {len(existing)} 个文件" if len(existing) > 5 else "")
        raise UsageError(f"{names} 已存在，没有覆盖；确实要覆盖请加 --force，或换一个输出位置")


def generated_dir(repo: Repository) -> Path:
    """The repository's own output folder for workbooks and data files (ignored by Git)."""
    return repo.root / "build"
