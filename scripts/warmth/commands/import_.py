"""warmth import FILE.xlsx [-o OUT]: a filled template to a YAML submission that validates."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="模板文件.xlsx")
    p.add_argument("-o", "--output", metavar="文件",
                   help="写到这个文件（- 表示屏幕），默认 submissions/<活动>/<单位>.yaml")
    p.add_argument("--force", action="store_true", help="报送文件已存在时覆盖")


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from ..atomic import write_text
    from ..errors import UsageError
    from ..excel.importer import import_workbook
    from ..excel.zipcheck import UnreadableWorkbook
    from .common import open_repo

    src = Path(args.file)
    if not src.is_file():
        raise UsageError(f"找不到文件 {args.file}")
    repo = open_repo(args)
    try:
        result = import_workbook(repo, src)
    except UnreadableWorkbook as exc:
        raise UsageError(f"无法读取 {args.file}：{exc}") from exc
    if result.problems:
        sys.stderr.write(f"warmth：{args.file} 有 {len(result.problems)} 处需要改正，未生成报送文件：\n")
        for p in result.problems:
            sys.stderr.write(f"  {p.text}\n")
        return 1
    filled = result.filled
    assert filled.campaign is not None and filled.unit is not None
    for w in result.warnings:
        sys.stderr.write(f"  警告：{w.text}\n")
    if args.output == "-":
        sys.stdout.write(result.text)
        return 0
    path = Path(args.output) if args.output else repo.submission_path(filled.campaign.id, filled.unit.id)
    if path.exists() and not args.force:
        raise UsageError(f"{repo.rel(path)} 已存在；要覆盖请加 --force")
    write_text(path, result.text)
    print(f"已生成 {repo.rel(path)}：运行 warmth validate {repo.rel(path)} 复核后提交")
    return 0
