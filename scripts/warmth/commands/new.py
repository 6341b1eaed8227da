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
    from ..cli import UsageError
    from ..newfile import render
    from .common import open_repo, require_campaign

    repo = open_repo(args)
    campaign = require_campaign(repo, args.campaign)
    reg = repo.registry
    unit = reg.get(args.unit) if reg else None
    if unit is None:
        raise UsageError(f"单位 {args.unit} 不在单位名录中（submissions/units.yaml）")
    if unit.id not in campaign.reporting_units:
        raise UsageError(f"{unit.name}（{unit.id}）不是活动 {campaign.id} 的报送单位")
    missing = [f for f in campaign.forms if f not in repo.forms]
    if missing:
        raise UsageError(f"活动使用的表式有错误或不存在：{'、'.join(missing)}；先运行 warmth validate")
    text = render(campaign, unit, [repo.forms[f] for f in campaign.forms], public=reg is None or reg.public)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.output) if args.output else repo.submission_path(campaign.id, unit.id)
    if path.exists() and not args.force:
        raise UsageError(f"{repo.rel(path)} 已存在；要重新生成请加 --force（会覆盖已填内容）")
    write_text(path, text)  # whole or not at all, through a fresh temporary name
    print(f"已生成 {repo.rel(path)}：请填写每一项，然后运行 warmth validate {repo.rel(path)}")
    return 0
