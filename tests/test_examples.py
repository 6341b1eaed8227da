"""Bad input as example files: every file under tests/examples/ is placed into a committed copy
of the demo repository and checked by the real `warmth validate --format json`; the findings
in that file must be exactly the ones its `# expect:` lines state, and the exit code must
follow from their severity. A new case is a new file (tests/examples/README.md)."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

from warmth import rules
from warmth.findings import ERROR, WARNING

from .conftest import ROOT, make_repo, run_warmth

EXAMPLES = Path(__file__).resolve().parent / "examples"
CASES = sorted(p for p in EXAMPLES.rglob("*.yaml"))
DIRECTIVE = re.compile(r"# (expect|place): (.*)$")
EXPECT = re.compile(r"(\d+) ([A-Za-z0-9][A-Za-z0-9-]*)\Z")
UNIT_FIELD = re.compile(rb"^unit: *([a-z0-9-]+)", re.MULTILINE)


def directives(path: Path) -> tuple[list[tuple[int, str]], str | None]:
    """The (line, rule) pairs a case expects and where it is placed (None: by its unit)."""
    expected: list[tuple[int, str]] = []
    place = None
    for raw in path.read_bytes().split(b"\n"):
        line = raw.decode("utf-8", errors="replace")
        if not line.startswith("#"):
            break  # only the leading comment block holds directives
        m = DIRECTIVE.match(line)
        if not m:
            continue
        if m[1] == "place":
            place = m[2].strip()
        else:
            e = EXPECT.match(m[2].strip())
            assert e, f"{path.name}: bad expectation {line!r} (write: # expect: <line> <rule>)"
            expected.append((int(e[1]), e[2]))
    return expected, place


def placement(path: Path) -> str:
    """submissions/<campaign>/<unit>.yaml: the campaign is the example's folder, the unit its
    `unit:` field, unless a `# place:` line names the path."""
    _, place = directives(path)
    if place:
        return place
    rel = path.relative_to(EXAMPLES)
    assert rel.parts[0] == "submissions" and len(rel.parts) == 3, f"{rel}: give a # place: line"
    m = UNIT_FIELD.search(path.read_bytes())
    assert m, f"{rel}: no `unit:` line; give a # place: line"
    return f"submissions/{rel.parts[1]}/{m[1].decode()}.yaml"


def form_rule_severities() -> dict[str, str]:
    """Every form rule id in schemas/forms/ with its severity (error unless it says so)."""
    out: dict[str, str] = {}
    for path in sorted((ROOT / "schemas" / "forms").glob("*.yaml")):
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in form.get("rules") or []:
            out[rule["id"]] = rule.get("severity", ERROR)
    return out


def severity(rule_id: str) -> str:
    if rule_id in rules.RULES:
        return rules.RULES[rule_id].severity
    return form_rule_severities()[rule_id]


def test_there_are_examples_of_every_class() -> None:
    assert len(CASES) >= 30
    found = {rule for case in CASES for _, rule in directives(case)[0]}
    # each class of bad input the checks know has at least one example
    for rule in ("duplicate-key", "tab", "yaml-anchor", "yaml-syntax", "value-negative", "value-fraction",
                 "value-decimals", "value-fullwidth", "value-thousands", "value-yes-no", "value-nan",
                 "value-leading-zero", "missing-key", "unknown-key", "path-campaign", "path-unit",
                 "privacy-id", "privacy-mobile", "privacy-bank-card", "date", "report-placeholder",
                 "explanation-for-error"):
        assert rule in found, rule


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(EXAMPLES)) for c in CASES])
def test_every_expected_rule_is_declared(case: Path) -> None:
    expected, _ = directives(case)
    assert expected, f"{case.name} states no # expect: line"
    known = set(rules.RULES) | set(form_rule_severities())
    for line, rule in expected:
        assert rule in known, f"{case.name}: rule {rule} is neither in warmth.rules nor in a form"
        assert line >= 1


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("examples") / "repo")


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(EXAMPLES)) for c in CASES])
def test_example_fails_with_the_stated_findings(case: Path, repo: Path) -> None:
    expected, _ = directives(case)
    place = placement(case)
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "--", "."], check=True)
    subprocess.run(["git", "-C", str(repo), "clean", "-qfd"], check=True)
    (repo / place).write_bytes(case.read_bytes())
    res = run_warmth("validate", "--format", "json", place, cwd=repo)
    assert res.err == "", res.err
    report = json.loads(res.out)
    got = [(f["line"], f["rule"]) for f in report["findings"] if f["file"] == place]
    assert Counter(got) == Counter(expected), (
        f"{case.name}: reported {sorted(got)}, the file expects {sorted(expected)}\n"
        + "\n".join(f"{f['line']} {f['rule']} {f['message']}" for f in report["findings"]))
    for f in report["findings"]:
        assert f["message"] and re.search(r"[\u4e00-\u9fff]", f["message"]), f
    errors = any(severity(rule) == ERROR for _, rule in expected)
    assert all(severity(rule) in (ERROR, WARNING) for _, rule in expected)
    assert res.code == (1 if errors else 0), (res.code, res.out[-500:])


def test_pre_commit_leaves_the_examples_as_they_are() -> None:
    """The examples are broken on purpose and byte-exact: the repository's own YAML check and
    whitespace fixers must not refuse or rewrite them."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for r in config["repos"] for h in r["hooks"]}
    for hook in ("check-yaml", "end-of-file-fixer", "trailing-whitespace"):
        for case in CASES:
            assert re.search(hooks[hook]["exclude"], case.relative_to(ROOT).as_posix()), (hook, case.name)
