"""Loading the union's own data files (forms, registry, campaigns) strictly, with positions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

from . import structure
from .findings import Collector
from .yamlsafe import MappingNode, Node, load_strict, plain_value

# The registry and a campaign list every unit: a national one runs to a few megabytes.
DATA_MAX_BYTES = 64_000_000


@dataclass(slots=True)
class Loaded:
    """A data file's value, its node tree (for positions) and the findings it raised."""

    path: Path
    value: dict[str, Any] | None
    node: Node | None


@cache
def compiled(schema_path: Path) -> Any:
    return fastjsonschema.compile(structure.load_schema(schema_path))


def first_pass_ok(schema_path: Path, instance: object) -> bool:
    try:
        compiled(schema_path)(instance)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def load(path: Path, schema_path: Path, col: Collector) -> Loaded:
    """Read a YAML data file and check it against its schema; value is None if unusable."""
    _, node = load_strict(path, col, DATA_MAX_BYTES)
    if node is None:
        return Loaded(path, None, None)
    if not isinstance(node, MappingNode):
        col.error(1, 1, "schema", "文件顶层应为一组“键: 值”", "对照示例文件检查格式")
        return Loaded(path, None, node)
    from .yamlsafe import entries

    entries(node, col)  # duplicate keys at the top level
    _duplicates_below(node, col)
    value = plain_value(node)
    if not first_pass_ok(schema_path, value):
        structure.check(structure.load_schema(schema_path), value, node, col)
        return Loaded(path, None, node)
    return Loaded(path, value, node)  # type: ignore[arg-type]


def _duplicates_below(node: Node, col: Collector) -> None:
    from .yamlsafe import SequenceNode, entries

    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, MappingNode):
            if n is not node:
                entries(n, col)
            stack.extend(v for _, v in n.value)
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)
