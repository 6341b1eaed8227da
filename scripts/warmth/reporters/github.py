"""GitHub Actions workflow commands: an annotation per finding on its line."""

from __future__ import annotations

from ..findings import SEVERITY_ZH, Report


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    out = []
    for f in report.sorted():
        level = "error" if f.severity == "error" else "warning"
        title = escape_property(f"{SEVERITY_ZH[f.severity]} {f.rule}")
        props = f"file={escape_property(f.file)},line={f.line},col={f.column},title={title}"
        out.append(f"::{level} {props}::{escape_data(f.text)}")
    n_err, n_warn = len(report.errors), len(report.warnings)
    out.append(f"检查了 {len(report.files)} 个文件：{n_err} 个错误，{n_warn} 个警告。")
    return "\n".join(out) + "\n"
