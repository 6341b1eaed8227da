"""A filled template to a submission: render it through newfile.render, check it with the
project's own validation, and point every problem back at its cell."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..findings import ERROR, Finding
from ..newfile import render
from ..repo import Repository
from ..submission import check_submission
from .reader import CellProblem, Filled, read

PLAIN = re.compile(r"[\w\u3400-\u9fff（）()·.\-]+\Z")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
HEAD_FIELD = re.compile(r"(reporter|phone|date):\s*(#.*)?\Z")


@dataclass(slots=True)
class Imported:
    filled: Filled
    text: str = ""
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[CellProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def scalar(text: str) -> str:
    """A one-line YAML scalar: plain when unambiguous, else double-quoted (JSON is YAML)."""
    if DATE.match(text):
        return text
    if PLAIN.match(text) and text[0] not in "-.":
        try:
            if yaml.safe_load(text) == text:  # YAML 1.1 reads more as non-text than 1.2 does
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def to_yaml(f: Filled, public: bool = True) -> str:
    """The submission text: newfile.render's layout with the cover sheet's fields filled in."""
    assert f.campaign is not None and f.unit is not None
    text = render(f.campaign, f.unit, f.forms, f.values, public)
    out: list[str] = []
    lines = text.split("\n")
    n = 0
    while n < len(lines):
        line = lines[n]
        m = HEAD_FIELD.match(line)
        if m and m.group(1) in f.fields:
            comment = f"  {m.group(2)}" if m.group(2) else ""
            out.append(f"{m.group(1)}: {scalar(f.fields[m.group(1)])}{comment}")
        elif line.startswith("report: |"):
            if f.explanations:
                out.append("explanations:")
                for rid, note in f.explanations.items():
                    note_lines = _lines(note)
                    if len(note_lines) > 1:
                        out += _block(f"  {scalar(rid)}", note_lines, "    ")
                    else:
                        out.append(f"  {scalar(rid)}: {scalar(note_lines[0].strip())}")
            out += _block("report", _lines(f.fields.get("report", "")), "  ")
            n += 1  # skip render's placeholder line
            while n + 1 < len(lines) and lines[n + 1].startswith("  "):
                n += 1
        else:
            out.append(line)
        n += 1
    return "\n".join(out).rstrip("\n") + "\n"


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")


def _block(key: str, body: list[str], indent: str) -> list[str]:
    """A literal block scalar, kept line for line; the body sits two columns right of its key,
    which an indentation indicator says when the first line starts with a space."""
    indicator = "2" if body and body[0][:1] == " " else ""
    return [f"{key}: |{indicator}", *(f"{indent}{b}".rstrip() for b in body)]


def import_workbook(repo: Repository, path: Path) -> Imported:
    """Read, render and validate; problems name the sheet and cell of what to change."""
    filled = read(repo, path)
    result = Imported(filled, problems=list(filled.problems))
    if result.problems or filled.campaign is None or filled.unit is None:
        return result
    result.text = to_yaml(filled, repo.registry is None or repo.registry.public)
    findings, lines = _validate(repo, filled, result.text)
    for f in findings:
        problem = _locate(f, lines, filled)
        (result.problems if f.severity == ERROR else result.warnings).append(problem)
    return result


def _validate(repo: Repository, filled: Filled, text: str) -> tuple[list[Finding], dict[int, tuple[str, str]]]:
    """Check the text as the submission file it will become, in a scratch folder."""
    assert filled.campaign is not None and filled.unit is not None
    with tempfile.TemporaryDirectory(prefix="warmth-import-") as tmp:
        path = Path(tmp) / filled.campaign.id / f"{filled.unit.id}.yaml"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        sub = check_submission(repo, path)
        findings = list(repo.col(path).findings)
        repo.collectors.pop(repo.rel(path), None)
    lines: dict[int, tuple[str, str]] = {}
    if sub is not None:
        for key, (line_no, _) in sub.lines.items():
            lines[line_no] = key
    for n, line in enumerate(text.split("\n"), start=1):
        field_name = line.split(":", 1)[0]
        if field_name in ("campaign", "unit", "reporter", "phone", "date") or line.startswith("report:"):
            lines[n] = ("", "report" if line.startswith("report:") else field_name)
    report_line = next((n for n, (a, b) in lines.items() if (a, b) == ("", "report")), None)
    if report_line is not None:
        for n in range(report_line + 1, len(text.split("\n")) + 1):
            lines.setdefault(n, ("", "report"))
    return findings, lines


# hints that speak of the file, said of a cell instead when the finding is in one
CELL_HINTS = {
    "line-break": "把单元格里的这个字符删掉重新输入（它多来自从网页、Word 或 PDF 复制的文字）；"
                  "单元格里需要换行时按 Alt+Enter",
}


def _locate(f: Finding, lines: dict[int, tuple[str, str]], filled: Filled) -> CellProblem:
    key = lines.get(f.line)
    message = f.text
    if key is not None and key in filled.cells:
        sheet, cell, item = filled.cells[key]
        if f.rule in CELL_HINTS:
            message = f"{f.message.replace('文件含有', '含有')}。提示：{CELL_HINTS[f.rule]}"
        return CellProblem(sheet, cell, message, item)
    return CellProblem("", f"生成的报送文件第 {f.line} 行", message)
