"""Plain text for a terminal: one finding per line, file:line:column first, then a summary.
`brief` is the short form a command prints when it refuses to go on: a bounded list, message
and hint on one line."""

from __future__ import annotations

from collections.abc import Sequence

from ..findings import ERROR, SEVERITY_ZH, WARNING, Finding, Report
from ..workflow import value


def _where(f: Finding) -> str:
    return f"{value(f.file)}:{f.line}:{f.column}: {SEVERITY_ZH[f.severity]} [{value(f.rule)}]"


def render(report: Report) -> str:
    lines = []
    for f in report.sorted():
        lines.append(f"{_where(f)} {value(f.message)}")
        if f.hint:
            lines.append(f"    提示：{value(f.hint)}")
    n_err, n_warn = report.total(ERROR), report.total(WARNING)
    verdict = "未通过" if n_err else "通过"
    lines.append(f"检查了 {len(report.files)} 个文件：{n_err} 个错误，{n_warn} 个警告。{verdict}。")
    return "\n".join(lines) + "\n"


def brief(findings: Sequence[Finding], limit: int | None = None, indent: str = "  ") -> str:
    """The findings in order, one a line, at most limit of them, then how many more there are."""
    ordered = sorted(set(findings))
    shown = ordered if limit is None else ordered[:limit]
    lines = [f"{indent}{_where(f)} {value(f.text)}\n" for f in shown]
    if len(ordered) > len(shown):
        lines.append(f"{indent}……另有 {len(ordered) - len(shown)} 处，运行 warmth validate 查看全部。\n")
    return "".join(lines)
