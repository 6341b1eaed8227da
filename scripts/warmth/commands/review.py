"""warmth review --base REF [--format markdown|json] [--findings]"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base", required=True, metavar="分支", help="比较基准，例如 origin/main")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown", help="输出格式（默认 markdown）")
    p.add_argument("--findings", action="store_true", help="在摘要后附上全部文件的全部检查结果")


def run(args: argparse.Namespace) -> int:
    from .. import review
    from ..errors import UsageError
    from ..gitutil import GitError
    from ..reporters import review_json, review_md
    from .common import open_repo

    reporters = {"markdown": review_md.render, "json": review_json.render}
    repo = open_repo(args)
    try:
        data = review.build(repo.root, args.base, all_findings=args.findings)
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    sys.stdout.write(reporters[args.format](data))
    return 0
