"""Output formats, exit codes and drift of the generated schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from warmth.reporters.github import escape_data, escape_property

from .test_validate import SUB, replace_line


def test_json_format_lists_findings_with_positions(demo: Path, warmth) -> None:
    before = json.loads(warmth("validate", "--format", "json", cwd=demo).out)
    assert before["errors"] == 0 and before["warnings"] == len(before["findings"]) > 0
    line = replace_line(demo / SUB, "A", "    A: 1,234")
    r = warmth("validate", "--format", "json", cwd=demo)
    assert r.code == 1
    data = json.loads(r.out)
    assert set(data) == {"files", "errors", "warnings", "findings"}
    assert data["errors"] == 1 and data["warnings"] == before["warnings"]  # A is in no rule: nothing left unchecked
    err = next(f for f in data["findings"] if f["severity"] == "error")
    assert {k: err[k] for k in ("file", "line", "column", "rule")} == {"file": SUB, "line": line, "column": 8, "rule": "value-thousands"}
    assert "千位分隔符" in err["message"]


def test_text_format(demo: Path, warmth) -> None:
    line = replace_line(demo / SUB, "A", "    A: 5.5")
    r = warmth("validate", SUB, cwd=demo)
    assert r.code == 1
    assert r.out.splitlines()[0].startswith(f"{SUB}:{line}:8: 错误 [value-fraction] A（走访企业） 是计数（家），只能填整数")
    assert r.out.splitlines()[1].startswith("    提示：")
    assert r.out.rstrip().endswith("1 个错误，0 个警告。未通过。")


def test_github_format_escapes(demo: Path, warmth) -> None:
    replace_line(demo / SUB, "A", "    A: 5.5")
    r = warmth("validate", "--format", "github", SUB, cwd=demo)
    first = r.out.splitlines()[0]
    assert first.startswith(f"::error file={SUB},line=")
    assert escape_data("100%\nx") == "100%25%0Ax"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_warnings_alone_exit_zero(demo: Path, warmth) -> None:
    r = warmth("validate", "submissions/2022-spring/fengdu-nanjin.yaml", cwd=demo)
    assert r.code == 0 and "2 个警告" in r.out


@pytest.mark.parametrize(("args", "needle"), [(["validate", "--format", "xml"], "无效的选项"), (["validate", "nothere.yaml"], "找不到"), (["frobnicate"], "无效的选项")])
def test_usage_errors_exit_two_in_chinese(demo: Path, warmth, args: list[str], needle: str) -> None:
    r = warmth(*args, cwd=demo)
    assert r.code == 2 and needle in r.err and "Traceback" not in r.err and "内部错误" not in r.err


def test_outside_a_repository(tmp_path: Path, warmth) -> None:
    r = warmth("validate", cwd=tmp_path)
    assert r.code == 2 and "找不到 submissions/units.yaml" in r.err


def test_generated_schemas_have_no_drift(demo: Path, warmth) -> None:
    assert warmth("schemas", "--check", cwd=demo).code == 0
    form = demo / "schemas/forms/swn-2022.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("label: 走访企业,", "label: 走访企业数,"), encoding="utf-8")
    r = warmth("validate", cwd=demo)
    assert r.code == 1 and "schema-drift" in r.out
    assert warmth("schemas", cwd=demo).code == 0
    assert warmth("validate", cwd=demo).code == 0


def test_generated_schemas_are_valid_and_accept_the_demo(demo: Path) -> None:
    import yaml

    for path in sorted((demo / "schemas/generated").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        cid = schema["properties"]["campaign"]["const"]
        for sub in sorted((demo / "submissions" / cid).glob("*.yaml")):
            if sub.name == "campaign.yaml":
                continue
            data = yaml.safe_load(sub.read_text(encoding="utf-8"))
            data["date"] = str(data["date"])
            if "plan" in data:  # PyYAML reads an unquoted date as a date; YAML 1.2 editors as text
                data["plan"]["date"] = str(data["plan"]["date"])
            jsonschema.validate(data, schema)  # what an editor's YAML plugin sees
        # ... and what it flags while typing: a figure no report reaches
        form_id, items = next(iter(data["forms"].items()))
        for code, limit in (("A", 10**9), ("B", 10**8)):
            with pytest.raises(jsonschema.ValidationError, match=str(limit)):
                jsonschema.validate({**data, "forms": {form_id: {**items, code: limit}}}, schema)
    for name in ("form", "units", "campaign"):
        jsonschema.Draft202012Validator.check_schema(json.loads((demo / f"schemas/{name}.schema.json").read_text(encoding="utf-8")))


def test_data_file_cache_never_serves_a_stale_file(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from warmth.repo import Repository
    from warmth.validate import validate

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first, _ = validate(Repository(demo))
    assert list((tmp_path / "cache" / "warmth").glob("*.json"))  # registry, forms, campaigns (JSON, not pickle)
    again, _ = validate(Repository(demo))
    assert again.findings == first.findings and again.files == first.files
    units = demo / "submissions/units.yaml"
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace("parent: luming, submitters: [\"@liuwan-zgh\"]", "parent: nowhere, submitters: [\"@liuwan-zgh\"]"), encoding="utf-8")
    changed, _ = validate(Repository(demo))
    assert any(f.rule == "unit-parent" for f in changed.errors)
