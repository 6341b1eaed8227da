"""warmth campaign new ID: start a campaign from the previous one (forms of the new year via
extends, dates moved, the same units), then regenerate the JSON Schemas."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["new"], metavar="new", help="new：开始一次新活动")
    p.add_argument("id", metavar="活动编号", help="例如 2026-spring")
    p.add_argument("--from", dest="previous", default=None, help="沿用哪一次活动（默认最近印发的一次）")
    p.add_argument("--title", help="活动名称（默认沿用上一次，年份顺延）")
    p.add_argument("--doc-number", help="文号（默认沿用上一次，年份顺延）")
    p.add_argument("--issued", help="印发日期，如 2025-12-10（默认上一次顺延，第一次活动为今天）")
    p.add_argument("--deadline", help="报送截止日期，如 2026-01-20（默认上一次顺延）")
    p.add_argument("--forms", default="", help="使用的表式，逗号分隔（默认为上一次各表式的新一年版本）")


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..newcampaign import CampaignError, Options, start
    from ..repo import Repository
    from ..validate import write_generated
    from .common import open_repo

    repo = open_repo(args)
    forms = [f.strip() for f in args.forms.replace("，", ",").split(",") if f.strip()]
    opts = Options(args.id, args.previous, args.title, args.doc_number, args.issued, args.deadline, forms)
    try:
        started = start(repo, opts)
    except CampaignError as exc:
        raise UsageError(str(exc)) from exc
    for p in started.forms:
        print(f"已生成表式 {repo.rel(p)}（基于上一版，只需写出变化）")
    print(f"已生成 {repo.rel(started.campaign)}")
    fresh = Repository(repo.root)  # the new campaign and forms, read from disk
    for p in write_generated(fresh):
        print(f"已生成 {fresh.rel(p)}")
    print(f"请核对文号、日期和报送单位，然后运行 warmth validate，并把 submissions/{args.id}/、"
          "schemas/ 一起提交。通知正文写在 docs/notices/" f"{args.id}.md（可选）。")
    return 0
