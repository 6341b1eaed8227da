"""GitHub Actions workflow commands: an annotation per finding on its line.

File names, rule ids and messages are escaped with GitHub's rules (see warmth.workflow), so an
annotation never ends early and never becomes another command.
"""

from __future__ import annotations

from ..findings import SEVERITY_ZH, Report
from ..workflow import escape_data, escape_property

__all__ = ["escape_data", "escape_property", "render"]

SHOWN_PER_STEP = 10  # annotations of each kind GitHub shows for one step


def render(report: Report) -> str:
    out = []
    for f in report.sorted():
        level = "error" if f.severity == "error" else "warning"
        title = escape_property(f"{SEVERITY_ZH[f.severity]} {f.rule}")
        props = f"file={escape_property(f.file)},line={f.line},col={f.column},title={title}"
        out.append(f"::{level} {props}::{escape_data(f.text)}")
    n_err, n_warn = len(report.errors), len(report.warnings)
    out.append(f"检查了 {len(report.files)} 个文件：{n_err} 个错误，{n_warn} 个警告。")
    if max(n_err, n_warn) > SHOWN_PER_STEP:
        out.append(f"GitHub 在每个步骤的错误和警告各只显示前 {SHOWN_PER_STEP} 条注释；全部结果见本步骤的日志，"
                   "拉取请求的检查还把它们写在运行摘要的“全部检查结果”中。")
    return "\n".join(out) + "\n"
