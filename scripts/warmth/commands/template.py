"""warmth template: blank or prefilled Excel templates (one sheet per form)."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("campaign", metavar="活动编号", nargs="?",
                   help="为这次活动生成一个包含全部表式的模板；不写时用 --all 为每个表式各生成一个")
    p.add_argument("unit", metavar="单位编号", nargs="?", help="预先填好单位编号和名称")
    p.add_argument("-o", "--output", metavar="文件或目录",
                   help="模板文件（默认 <活动>[-<单位>].xlsx）；--all 时为目录（默认 build/templates）")
    p.add_argument("--from", dest="source", metavar="报送文件", help="用已有的 YAML 报送文件预填全部数字")
    p.add_argument("--all", action="store_true", help="为每个表式版本各生成一个空白模板")
    p.add_argument("--force", action="store_true", help="模板文件已存在时覆盖")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..atomic import save_workbook
    from ..errors import UsageError
    from ..excel import write_templates
    from ..excel.cells import MAX_TEXT
    from ..excel.outputs import template_paths
    from ..excel.template_book import FILL_MARK, Prefill, build
    from ..submission import check_submission
    from .common import (
        generated_dir,
        open_repo,
        refuse_overwrite,
        require_campaign,
        require_forms,
        require_unit,
    )

    repo = open_repo(args)
    if args.all:
        out = Path(args.output) if args.output else generated_dir(repo) / "templates"
        refuse_overwrite(repo, list(template_paths(repo, out).values()), args.force, generated_dir(repo))
        for p in write_templates(repo, out):
            print(f"已生成 {repo.rel(p)}")
        return 0
    if not args.campaign:
        raise UsageError("请给出活动编号（warmth template 活动编号 [单位编号] -o 文件），或用 --all")
    campaign = require_campaign(repo, args.campaign)
    forms = require_forms(repo, campaign)
    prefill = Prefill(campaign)
    unit_id = args.unit
    if args.source:
        src = Path(args.source)
        if not src.is_file():
            raise UsageError(f"找不到报送文件 {args.source}")
        sub = check_submission(repo, src.resolve())
        errors = [f for f in repo.col(src.resolve()).findings if f.severity == "error"]
        if sub is None or not sub.forms:
            detail = f"：第 {errors[0].line} 行 {errors[0].message}" if errors else ""
            raise UsageError(f"读不出报送文件 {args.source}{detail}")
        if sub.campaign and sub.campaign != campaign.id:
            raise UsageError(f"报送文件 {args.source} 属于活动 {sub.campaign}，不是 {campaign.id}")
        if unit_id and sub.unit and unit_id != sub.unit:
            raise UsageError(f"报送文件 {args.source} 是单位 {sub.unit} 的，不是 {unit_id}")
        unit_id = unit_id or sub.unit
        texts = [("送温暖报告", sub.report), *((f"情况说明 {rid} ", note) for rid, note in sub.explanations.items())]
        long = [(k, v) for k, v in texts if len(v) > MAX_TEXT]
        if long:
            raise UsageError(f"报送文件 {args.source} 的{long[0][0]}有 {len(long[0][1]):,} 个字符，超过 Excel 一个单元格的上限"
                             f"（{MAX_TEXT:,} 个），放不进模板；请直接修改 YAML 报送文件")
        prefill.submission = sub
    if unit_id:
        prefill.unit = require_unit(repo, unit_id, campaign)
    name = f"{campaign.id}-{unit_id}.xlsx" if unit_id else f"{campaign.id}.xlsx"
    path = Path(args.output) if args.output else Path(name)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"模板文件名应以 .xlsx 结尾：{path}")
    refuse_overwrite(repo, [path], args.force)
    save_workbook(build(repo, forms, prefill), path)
    print(f"已生成 {path}：在“填法”列标着“{FILL_MARK}”的黄色单元格填写后运行 warmth import {path}")
    return 0
