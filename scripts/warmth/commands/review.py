"""warmth review --base REF [--format markdown|json] [--findings]"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base", required=True, metavar="分支", help="比较基准，例如 origin/main")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown", help="输出格式（默认 markdown）")
    p.add_argument("--findings", action="store_true", help="在摘要后附上全部文件的全部检查结果")


def _plain(o: object) -> object:
    if isinstance(o, Decimal):
        return format(o, "f")
    if isinstance(o, datetime):
        return o.isoformat()
    return str(o)


def run(args: argparse.Namespace) -> int:
    from .. import review, review_md
    from ..cli import UsageError
    from ..gitutil import GitError
    from .common import open_repo

    repo = open_repo(args)
    try:
        data = review.build(repo.root, args.base, all_findings=args.findings)
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    if args.format == "json":
        sys.stdout.write(json.dumps(asdict(data), ensure_ascii=False, indent=2, default=_plain) + "\n")
    else:
        sys.stdout.write(review_md.render(data))
    return 0
