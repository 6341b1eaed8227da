"""warmth codeowners [--check]"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true", help="只检查 .github/CODEOWNERS 是否与单位名录一致（不一致时退出码为 1）")
    p.add_argument("--force", action="store_true", help="已有的 CODEOWNERS 不是 warmth 生成的也覆盖")


def run(args: argparse.Namespace) -> int:
    from .. import codeowners
    from ..errors import UsageError
    from .common import open_repo

    repo = open_repo(args)
    reg = repo.registry
    if reg is None or repo.col(repo.root / "submissions/units.yaml").has_errors:
        raise UsageError("单位名录 submissions/units.yaml 有错误，先运行 warmth validate 改正")
    text = codeowners.render(reg)
    if args.check:
        if codeowners.is_current(repo.root, text):
            sys.stdout.write(f"{codeowners.CODEOWNERS.as_posix()} 与单位名录一致。\n")
            return 0
        sys.stdout.write(
            f"{codeowners.CODEOWNERS.as_posix()} 已过期或不存在，与单位名录（submissions/units.yaml）不一致。"
            "请运行 warmth codeowners 重新生成，并把它与名录的修改一起提交。\n"
        )
        return 1
    existing = repo.root / codeowners.CODEOWNERS
    first = codeowners.HEADER.split("\n", 1)[0]
    if existing.is_file() and not args.force and not existing.read_text(encoding="utf-8", errors="replace").startswith(first):
        raise UsageError(f"{codeowners.CODEOWNERS.as_posix()} 已存在，且不是 warmth codeowners 生成的，没有覆盖；"
                         "确实要用单位名录生成的版本替换它，请加 --force")
    path = codeowners.write(repo.root, text)
    sys.stdout.write(f"已写入 {repo.rel(path)}（{len(reg.units)} 个单位）。\n")
    return 0
