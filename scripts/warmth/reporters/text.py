"""Plain text for a terminal: one finding per line, file:line:column first, then a summary."""

from __future__ import annotations

from ..findings import ERROR, SEVERITY_ZH, WARNING, Report
from ..workflow import value


def render(report: Report) -> str:
    lines = []
    for f in report.sorted():
        lines.append(f"{value(f.file)}:{f.line}:{f.column}: {SEVERITY_ZH[f.severity]} [{value(f.rule)}] {value(f.message)}")
        if f.hint:
            lines.append(f"    提示：{value(f.hint)}")
    n_err, n_warn = report.total(ERROR), report.total(WARNING)
    verdict = "未通过" if n_err else "通过"
    lines.append(f"检查了 {len(report.files)} 个文件：{n_err} 个错误，{n_warn} 个警告。{verdict}。")
    return "\n".join(lines) + "\n"
