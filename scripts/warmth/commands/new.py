"""warmth new CAMPAIGN UNIT: write a ready-to-fill submission."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("campaign", metavar="活动编号")
    p.add_argument("unit", metavar="单位编号")
    p.add_argument("-o", "--output", help="写到这个文件（- 表示屏幕），默认 submissions/<活动>/<单位>.yaml")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..atomic import write_text
    from ..errors import UsageError
    from ..newfile import render
    from .common import open_repo, require_campaign, require_forms, require_unit

    repo = open_repo(args)
    campaign = require_campaign(repo, args.campaign)
    unit = require_unit(repo, args.unit, campaign)
    forms = require_forms(repo, campaign)
    text = render(campaign, unit, forms, public=repo.registry is None or repo.registry.public)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.output) if args.output else repo.submission_path(campaign.id, unit.id)
    if path.exists() and not args.force:
        raise UsageError(f"{repo.rel(path)} 已存在；要重新生成请加 --force（会覆盖已填内容）")
    write_text(path, text)  # whole or not at all, through a fresh temporary name
    print(f"已生成 {repo.rel(path)}：请填写每一项，然后运行 warmth validate {repo.rel(path)}")
    return 0
