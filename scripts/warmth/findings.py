"""Findings: the values every check produces and every reporter formats."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .rules import Rule, Wording

ERROR = "error"
WARNING = "warning"

SEVERITY_ZH = {ERROR: "错误", WARNING: "警告"}

# A file of thousands of bad lines, or a value of a megabyte, must not flood a terminal, the
# pull request's annotations or the job summary (GitHub keeps at most 1 MiB per step).
PER_RULE_MAX = 20  # findings shown per file and rule; the rest become one counted finding
TEXT_MAX = 500  # characters of a message or hint; a longer one is cut in the middle


def clip(text: str, limit: int = TEXT_MAX) -> str:
    """Text no longer than about limit characters: the middle of a long one is left out,
    saying how much, so the beginning and the end of a message stay readable."""
    if len(text) <= limit:
        return text
    head = limit * 2 // 3
    tail = limit - head
    return f"{text[:head]}…（中间省略 {len(text) - head - tail:,} 个字符）…{text[-tail:]}"


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
    # Findings left out by `bounded` still count: totals per severity of everything found.
    omitted: dict[str, int] = field(default_factory=dict)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: list[Finding]) -> None:
        self.findings.extend(findings)

    def extend_bounded(self, findings: list[Finding]) -> None:
        """Add a file's findings as `bounded` lists them, remembering how many it left out."""
        kept, stood_for = _bound(findings, PER_RULE_MAX)
        for sev, n in stood_for.items():
            self.omitted[sev] = self.omitted.get(sev, 0) + n
        self.findings.extend(kept)

    def total(self, severity: str) -> int:
        """How many problems of this severity were found, those left out of the list included."""
        return sum(1 for f in self.findings if f.severity == severity) + self.omitted.get(severity, 0)

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

    def report(self, rule: Rule, line: int, column: int, /, message: str | None = None, hint: str | None = None,
               wording: Wording | None = None, **fields: Any) -> None:
        """A finding of a declared rule: its severity from the registry, its message and hint
        from the rule's templates (or a declared other wording) filled with fields, or given whole."""
        if wording is not None and wording.rule != rule.id:
            raise ValueError(f"wording of {wording.rule} reported as {rule.id}")
        text = rule.text(wording.message if wording else rule.message, fields) if message is None else message
        advice = rule.text(wording.hint if wording else rule.hint, fields) if hint is None else hint
        self.findings.append(Finding(self.file, line, column, rule.severity, rule.id, clip(text), clip(advice)))

    def error(self, line: int, column: int, rule: str, message: str, hint: str = "") -> None:
        """Report by rule id (kept for callers not yet on `report`): the id must be declared,
        as an error, in warmth.rules."""
        self._by_id(ERROR, line, column, rule, message, hint)

    def warning(self, line: int, column: int, rule: str, message: str, hint: str = "") -> None:
        self._by_id(WARNING, line, column, rule, message, hint)

    def _by_id(self, severity: str, line: int, column: int, rule_id: str, message: str, hint: str) -> None:
        from .rules import get

        rule = get(rule_id)
        if rule.severity != severity:
            raise ValueError(f"rule {rule_id} is declared as {rule.severity}, reported as {severity}")
        self.report(rule, line, column, message, hint)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)


def bounded(findings: Iterable[Finding], limit: int = PER_RULE_MAX) -> list[Finding]:
    """At most `limit` findings per file, rule and severity (the first ones by position); the
    rest are counted in one more finding of the same rule, at the first one left out."""
    return _bound(findings, limit)[0]


def _bound(findings: Iterable[Finding], limit: int) -> tuple[list[Finding], dict[str, int]]:
    """`bounded`, and per severity how many findings beyond itself each counted one stands for."""
    kept: list[Finding] = []
    left_out: dict[tuple[str, str, str], list[Finding]] = {}
    shown: dict[tuple[str, str, str], int] = {}
    for f in sorted(set(findings)):
        key = (f.file, f.rule, f.severity)
        if shown.get(key, 0) < limit:
            shown[key] = shown.get(key, 0) + 1
            kept.append(f)
        else:
            left_out.setdefault(key, []).append(f)
    stood_for: dict[str, int] = {}
    for (file, rule, severity), rest in left_out.items():
        first = rest[0]
        kept.append(Finding(
            file, first.line, first.column, severity, rule,
            f"同一问题在本文件共有 {limit + len(rest):,} 处，只列出了前 {limit} 处；"
            f"其余 {len(rest):,} 处在第 {first.line} 行至第 {rest[-1].line} 行之间",
            "按上面几处的提示逐一改正，改完后重新检查",
        ))
        stood_for[severity] = stood_for.get(severity, 0) + len(rest) - 1
    return sorted(kept), stood_for
