"""The `warmth` command: parses options, dispatches to one module per verb, and turns every
unexpected failure into a short Chinese message with exit code 2 (never a traceback)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# one class whether this module runs as warmth.cli or as __main__ (python -m warmth.cli)
from warmth.errors import UsageError

# what the `site` extra installs (pip install -e '.[site]'): the site and the workbooks
SITE_MODULES = frozenset({"openpyxl", "xlsxwriter", "mkdocs", "material", "jieba", "pymdownx"})

# verb -> (module under warmth.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "检查单位名录、表式、活动和报送文件（默认检查全部）"),
    "new": ("new", "生成一份待填写的报送文件"),
    "schemas": ("schemas", "根据表式和活动定义重新生成 JSON Schema"),
    "status": ("status", "查看某次活动的报送情况：已报、逾期、未报"),
    "aggregate": ("aggregate", "汇总一次活动：生成内部和公开工作簿、CSV 和数据包"),
    "template": ("template", "生成 Excel 填报模板（可用 --from 从报送文件预填）"),
    "import": ("import_", "把填好的 Excel 模板转换为 YAML 报送文件"),
    "review": ("review", "生成拉取请求的审核摘要（Markdown）"),
    "codeowners": ("codeowners", "根据单位名录生成 .github/CODEOWNERS（--check 只检查）"),
    "scope": ("scope", "检查拉取请求的作者是否有权修改所改动的文件"),
    "build": ("build", "校验、汇总，生成工作簿、数据文件和网站（site/）"),
    "serve": ("serve", "在本机预览网站，修改后自动刷新"),
    "init": ("init", "为一个工会建立自己的仓库：单位名录、工作流、网站配置，不含演示数据"),
    "campaign": ("campaign", "开始一次新活动：由上一次活动生成 campaign.yaml 和新一年的表式"),
}


class ChineseParser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "参数"
        self._optionals.title = "选项"

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：", 1)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"warmth：参数错误：{_zh_argparse(message)}\n运行 warmth --help 查看用法。\n")
        raise SystemExit(2)


def _zh_argparse(message: str) -> str:
    return (
        message.replace("the following arguments are required", "缺少参数")
        .replace("unrecognized arguments", "不认识的参数")
        .replace("invalid choice", "无效的选项")
        .replace("choose from", "可选")
        .replace("expected one argument", "需要一个值")
        .replace("argument", "参数")
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with only=VERB just that verb's module is imported (start-up stays short)."""
    parser = ChineseParser(
        prog="warmth",
        description="送温暖活动报送工具：校验、汇总、生成工作簿和网站。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示帮助")
    parser.add_argument("-C", "--root", default=None, help="仓库根目录（默认从当前目录向上查找）")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    for verb, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(verb, help=help_text, description=help_text, add_help=False)
        p.add_argument("-h", "--help", action="help", help="显示帮助")
        if only is None or verb == only:
            importlib.import_module(f"warmth.commands.{module}").add_arguments(p)
    return parser


def _verb(argv: Sequence[str]) -> str | None:
    """The verb on the command line, if it is a known one (options before it skipped)."""
    rest = list(argv)
    while rest and rest[0].startswith("-"):
        flag = rest.pop(0)
        if flag in ("-C", "--root") and rest:
            rest.pop(0)
    return rest[0] if rest and rest[0] in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    from warmth.workflow import guarded

    # in a GitHub Actions step no line printed below can act as a workflow command
    with guarded():
        return _main(argv)


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser(_verb(argv))
    except Exception as exc:  # a broken installation must still answer in Chinese
        sys.stderr.write(f"warmth：无法启动（{type(exc).__name__}: {exc}）。请重新安装：pip install -e .\n")
        return 2
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    module = importlib.import_module(f"warmth.commands.{COMMANDS[args.command][0]}")
    try:
        return int(module.run(args))
    except UsageError as exc:
        sys.stderr.write(f"warmth：{exc}\n")
        return 2
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] in SITE_MODULES:
            sys.stderr.write(
                f"warmth：命令 {args.command} 需要网站和 Excel 组件（缺少 {exc.name}），"
                "请先安装：pip install -e '.[site]'。数据未被修改。\n"
            )
        else:
            _internal(exc)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("warmth：已中断\n")
        return 2
    except BrokenPipeError:
        return 2
    except Exception as exc:  # the one place that catches everything
        _internal(exc)
        return 2


def _internal(exc: BaseException) -> None:
    sys.stderr.write(
        f"warmth：内部错误（{type(exc).__name__}: {exc}）。数据未被修改。"
        "请把这条信息和所用命令报告给维护人员。\n"
    )


if __name__ == "__main__":
    raise SystemExit(main())
