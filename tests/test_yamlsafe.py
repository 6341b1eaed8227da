"""Strict YAML loading on its own (parser error wording is tests/test_yaml_messages.py): what
the loader refuses, where it points, and that it never types a value behind the user's back."""

from __future__ import annotations

from pathlib import Path

import pytest
from yaml.nodes import MappingNode, ScalarNode

from warmth.findings import Collector
from warmth.yamlsafe import MAX_DEPTH, parse, read_text


def refused(text: str) -> list[tuple[int, str, str]]:
    col = Collector("t.yaml")
    assert parse(text, col) is None, "the loader must refuse it"
    return [(f.line, f.rule, f.message) for f in col.findings]


@pytest.mark.parametrize("text", ["030", "yes", "no", "on", "2022-01-18", "1_000", "0x1F", ".nan", "1e3", "~", "12:30"])
def test_values_stay_text_as_written(text: str) -> None:
    """No implicit typing: YAML 1.1 would read these as octal, booleans, dates, sexagesimal..."""
    col = Collector("t.yaml")
    node = parse(f"A: {text}\n", col)
    assert isinstance(node, MappingNode) and col.findings == []
    value = node.value[0][1]
    assert isinstance(value, ScalarNode) and value.value == text and not value.style


@pytest.mark.parametrize(("text", "line", "rule", "words"), [
    ("A: &x 1\nB: *x\n", 1, "yaml-anchor", "&x"),
    ("A: 1\nB: *x\n", 2, "yaml-alias", "*x"),
    ("A: !!int 1\n", 1, "yaml-tag", "tag:yaml.org,2002:int"),
    ("A: !custom 1\n", 1, "yaml-tag", "!custom"),
    ("a:\n\tB: 1\n", 2, "tab", "制表符"),
    ("A: 1\n---\nB: 2\n", 2, "yaml-syntax", "只能有一个 YAML 文档"),
    ("%YAML 1.1\n---\nA: 1\n", 1, "yaml-directive", "YAML 指令"),
    ("A: 1\nB: \"2\n", 2, "yaml-syntax", "没有闭合"),
    ("A: 1\rB: 2\n", 1, "line-break", "换行符"),
    ("A: 1\nB: a\x00b\n", 2, "invisible-char", "NUL"),
    ("A: 1\nB: a\ufeffb\n", 2, "invisible-char", "BOM"),
    ("", 1, "empty-file", "空的"),
    ("# 只有注释\n", 1, "empty-file", "空的"),
])
def test_unsafe_or_broken_yaml_is_refused_at_its_line(text: str, line: int, rule: str, words: str) -> None:
    found = refused(text)
    assert found[0][:2] == (line, rule), found
    assert words in found[0][2], found


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_nesting_beyond_the_limit_is_refused_without_a_traceback(opener: str) -> None:
    deep = opener * (MAX_DEPTH + 5)
    if opener == "- ":
        text = "".join("  " * i + "-\n" for i in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "1\n"
    else:
        text = "A: " + deep + "1" + ("]" if opener == "[" else "}") * (MAX_DEPTH + 5) + "\n"
    found = refused(text)
    assert any(rule == "yaml-depth" for _, rule, _ in found), found


def test_nesting_within_the_limit_is_read() -> None:
    col = Collector("t.yaml")
    assert parse("A: " + "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2) + "\n", col) is not None
    assert col.findings == []


def test_read_text_refuses_gbk_and_oversized_files(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("A: 1\nreporter: 蔡强桂\n".encode("gbk"))
    col = Collector("gbk.yaml")
    assert read_text(gbk, col) is None
    [f] = col.findings
    assert (f.line, f.rule) == (2, "encoding") and "GBK" in f.message

    big = tmp_path / "big.yaml"
    big.write_text("A: 1\n" * 100, encoding="utf-8")
    col = Collector("big.yaml")
    assert read_text(big, col, max_bytes=100) is None
    [f] = col.findings
    assert f.rule == "file-too-large" and "500" in f.message

    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfA: 1\n")
    col = Collector("bom.yaml")
    assert read_text(bom, col) == "A: 1\n" and col.findings == []
