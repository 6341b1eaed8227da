"""warmth aggregate CAMPAIGN [-o DIR]: validate, then write the workbooks and data files."""

from __future__ import annotations

import argparse

MAX_LISTED = 30


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("campaign", metavar="活动编号")
    p.add_argument("-o", "--output", default="build", metavar="目录",
                   help="输出目录（默认 build/）：内部工作簿在其中，公开文件在其下 public/<活动>/")
    p.add_argument("--force", action="store_true", help="输出目录不是仓库的 build/ 且文件已存在时覆盖")
    p.add_argument("--ref", default="HEAD", help="以哪个分支或提交的历史判断到达时间（默认 HEAD）")


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from ..aggregate import InvalidData, load
    from ..cli import UsageError
    from ..excel import write_campaign_outputs
    from ..excel.outputs import campaign_output_paths
    from ..workflow import value
    from .common import generated_dir, open_repo, refuse_overwrite

    repo = open_repo(args)
    if repo.campaign(args.campaign) is None and args.campaign not in repo.campaign_ids:
        raise UsageError(f"活动 {args.campaign} 不存在；现有活动：{'、'.join(repo.campaign_ids) or '（无）'}")
    try:
        data = load(repo, args.campaign, args.ref)
    except InvalidData as exc:
        errors = exc.report.sorted()
        errors = [f for f in errors if f.severity == "error"]
        files = sorted({f.file for f in errors})
        sys.stderr.write(f"warmth：数据有 {len(errors)} 处错误，未生成任何汇总文件。有错误的文件：{'、'.join(value(f) for f in files)}\n")
        for f in errors[:MAX_LISTED]:
            sys.stderr.write(f"  {value(f.file)}:{f.line}:{f.column}: {value(f.text)}\n")
        if len(errors) > MAX_LISTED:
            sys.stderr.write(f"  ……另有 {len(errors) - MAX_LISTED} 处，运行 warmth validate 查看全部\n")
        return 1
    out = Path(args.output)
    if not out.is_absolute():
        out = Path.cwd() / out
    refuse_overwrite(repo, campaign_output_paths(data, out, out / "public" / data.campaign.id), args.force, generated_dir(repo))
    from ..excel.atomic import keep_out_of_git

    keep_out_of_git(out, repo.root)  # the internal workbook never shows in `git status`
    written = write_campaign_outputs(data, out, out / "public" / data.campaign.id)
    got, asked = data.reported()
    print(f"{data.campaign.title}：已报 {got}/{asked} 个单位，警告 {len(data.warnings)} 条。已生成：")
    for p in written:
        print(f"  {repo.rel(p)}")
    return 0
