"""warmth init DIR: a new union's own repository, with no demo data, ready to validate and build."""

from __future__ import annotations

import argparse

LEVELS = ("province", "city", "county", "industry", "direct")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("directory", metavar="文件夹", help="新仓库的文件夹（不存在、为空，或只有 .git）")
    p.add_argument("--id", required=True, help="本单位编号：小写拼音、数字和连字符，例如 hebei")
    p.add_argument("--name", required=True, help="本单位全称，例如 某某省总工会")
    p.add_argument("--admin", required=True, help="管理员的 GitHub 账号或团队，例如 @hebei-zgh/admins")
    p.add_argument("--short", default="", help="简称（可选）")
    p.add_argument("--level", default="province", choices=LEVELS, help="本单位层级（默认 province）")
    p.add_argument("--source", default=None, help="warmth 源代码仓库（默认是安装本工具的那个仓库）")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..adopt import AdoptError, Union, init
    from ..errors import UsageError

    union = Union(args.id, args.name.strip(), args.admin, args.level, args.short.strip())
    target = Path(args.directory)
    try:
        init(target, union, Path(args.source) if args.source else None)
    except AdoptError as exc:
        raise UsageError(str(exc)) from exc
    print(f"已在 {target} 建立{union.name}的仓库（网站名称：{union.site_name}）。接下来：")
    print(f"  cd {target}")
    print("  python3 -m venv .venv && .venv/bin/pip install -e '.[site]' && .venv/bin/warmth build")
    print("  编辑 submissions/units.yaml 列出下级单位，再运行 .venv/bin/warmth codeowners")
    print("  第一次活动：.venv/bin/warmth campaign new 活动编号 --title … --doc-number … --deadline … --forms …")
    print("完整步骤见 docs/guide/adopt.md（网站上的“建立自己的仓库”页）。")
    return 0
