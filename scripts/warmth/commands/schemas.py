"""warmth schemas: regenerate schemas/generated/ from forms and campaigns."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true", help="只检查是否过期，不写文件")


def run(args: argparse.Namespace) -> int:
    from ..reporters import text
    from ..validate import check_generated, write_generated
    from .common import open_repo

    repo = open_repo(args)
    if args.check:
        check_generated(repo)
        problems = [f for c in repo.collectors.values() for f in c.findings]
        sys.stdout.write(text.brief(problems, indent=""))
        return 1 if any(f.severity == "error" for f in problems) else 0
    written = write_generated(repo)
    for p in written:
        print(f"已生成 {repo.rel(p)}")
    if not written:
        print("JSON Schema 已是最新")
    return 0
