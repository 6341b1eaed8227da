"""JSON for tools: {files, errors, warnings, findings[{file, line, column, severity, rule, message, hint}]}."""

from __future__ import annotations

import json

from ..findings import Report


def render(report: Report) -> str:
    findings = report.sorted()
    data = {
        "files": report.files,
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
        "findings": [f.as_dict() for f in findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
