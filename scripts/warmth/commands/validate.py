"""warmth validate [PATH...] [--format text|json|github]"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..reporters import REPORTERS
from ..workflow import value, write_commands


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="路径", help="要检查的文件或文件夹（默认全部）")
    p.add_argument("--format", choices=sorted(REPORTERS), default="text", help="输出格式（默认 text）")


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..validate import validate
    from .common import open_repo

    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not os.path.lexists(p)]  # a dangling link is judged, not missing
    if missing:
        raise UsageError(f"找不到：{'、'.join(value(m) for m in missing)}")
    repo = open_repo(args, paths[0] if paths else None)
    report, _ = validate(repo, paths or None, keep=False)
    text = REPORTERS[args.format](report)
    if args.format == "github":
        write_commands(text)  # annotations, each escaped by the reporter
    else:
        sys.stdout.write(text)
    return report.exit_code
