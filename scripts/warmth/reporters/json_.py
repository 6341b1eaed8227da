"""JSON for tools: {files, errors, warnings, findings[{file, line, column, severity, rule, message, hint}]}."""

from __future__ import annotations

import json

from ..findings import ERROR, WARNING, Report


def render(report: Report) -> str:
    findings = report.sorted()
    data = {
        "files": report.files,
        "errors": report.total(ERROR),
        "warnings": report.total(WARNING),
        "findings": [f.as_dict() for f in findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
