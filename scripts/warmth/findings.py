"""Findings: the values every check produces and every reporter formats."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"

SEVERITY_ZH = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem in one file, positioned 1-based at the offending key or value."""

    file: str
    line: int
    column: int
    severity: str
    rule: str
    message: str
    hint: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def text(self) -> str:
        """Message and hint as one Chinese sentence pair."""
        return f"{self.message}。提示：{self.hint}" if self.hint else self.message


@dataclass(slots=True)
class Report:
    """What one validation run found: the files it read and the findings, sorted."""

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: list[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def sorted(self) -> list[Finding]:
        return sorted(set(self.findings))

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


class Collector:
    """Builds findings for one file, so checks only say where and what."""

    __slots__ = ("file", "findings")

    def __init__(self, file: str) -> None:
        self.file = file
        self.findings: list[Finding] = []

    def error(self, line: int, column: int, rule: str, message: str, hint: str = "") -> None:
        self.findings.append(Finding(self.file, line, column, ERROR, rule, message, hint))

    def warning(self, line: int, column: int, rule: str, message: str, hint: str = "") -> None:
        self.findings.append(Finding(self.file, line, column, WARNING, rule, message, hint))

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)
