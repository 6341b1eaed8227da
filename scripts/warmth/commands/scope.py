"""warmth scope --base REF --author LOGIN [--teams org/team,...]"""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base", required=True, metavar="分支", help="比较基准，例如 origin/main")
    p.add_argument("--author", required=True, metavar="账号", help="拉取请求作者的 GitHub 账号")
    p.add_argument("--teams", default="", metavar="团队", help="作者所在的团队，逗号分隔，写作 org/team")


def run(args: argparse.Namespace) -> int:
    from .. import gitutil, scope
    from ..errors import UsageError
    from ..workflow import value
    from .common import open_repo

    author = args.author.strip().lstrip("@")
    if not author:
        raise UsageError("--author 不能为空")
    teams = [t for t in args.teams.split(",") if t.strip()]
    bad = [t for t in teams if "/" not in t]
    if bad:
        raise UsageError(f"团队要写作 org/team：{'、'.join(bad)}")
    repo = open_repo(args)
    try:  # who may change what is read from the base branch, never from the pull request
        files, violations = scope.judge(repo.root, args.base, author, teams)
    except (gitutil.GitError, scope.ScopeError) as exc:
        raise UsageError(str(exc)) from exc
    if not violations:
        sys.stdout.write(f"@{value(author)} 有权修改本次改动的全部 {len(files)} 个文件。\n")
        return 0
    sys.stdout.write(f"@{value(author)} 无权修改以下 {len(violations)} 个文件：\n")
    for v in violations:
        sys.stdout.write(f"  {value(v.path)}：{value(v.reason)}\n")
    sys.stdout.write("请只修改本单位的报送文件；其他文件请联系发文单位管理员修改。\n")
    return 1
