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
    from ..pipeline import campaign_output_paths, write_campaign_outputs
    from ..reporters import text
    from ..workflow import value
    from .common import generated_dir, open_repo, refuse_overwrite, require_known_campaign

    repo = open_repo(args)
    require_known_campaign(repo, args.campaign)  # a definition with errors is reported below
    try:
        data = load(repo, args.campaign, args.ref)
    except InvalidData as exc:
        errors = sorted(set(exc.report.errors))
        files = sorted({f.file for f in errors})
        sys.stderr.write(f"warmth：数据有 {len(errors)} 处错误，未生成任何汇总文件。有错误的文件：{'、'.join(value(f) for f in files)}\n")
        sys.stderr.write(text.brief(errors, MAX_LISTED))
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
