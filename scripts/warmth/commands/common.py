"""What several verbs share: finding the repository from options."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..campaigns import Campaign
from ..repo import NotARepository, Repository, find_root


def open_repo(args: argparse.Namespace, hint_path: Path | None = None) -> Repository:
    from ..cli import UsageError

    start = Path(args.root) if getattr(args, "root", None) else (hint_path or Path.cwd())
    if hint_path is not None and not (start.is_dir() and not start.is_symlink()):
        start = start.parent  # a file, a link (maybe dangling) or a FIFO: its folder is in the repository
    try:
        return Repository(find_root(start))
    except NotARepository as exc:
        raise UsageError(f"{exc} 不在 warmth 仓库中（找不到 submissions/units.yaml）；请在仓库根目录运行，或用 -C 指定") from exc


def require_campaign(repo: Repository, campaign_id: str) -> Campaign:
    """The campaign, or a usage error listing the campaigns there are."""
    from ..cli import UsageError

    campaign = repo.campaign(campaign_id)
    if campaign is None:
        raise UsageError(f"活动 {campaign_id} 不存在；现有活动：{'、'.join(repo.campaign_ids) or '（无）'}")
    return campaign


def refuse_overwrite(repo: Repository, paths: list[Path], force: bool, generated: Path | None = None) -> None:
    """A usage error naming the files that exist, unless --force was given.

    Files under `generated` (the repository's own build/ folder, ignored by Git and refreshed
    by every run) may be replaced without --force; nothing else may.
    """
    from ..cli import UsageError

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
