"""Loading the union's own data files (forms, registry, campaigns) strictly, with positions."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

from . import structure
from .findings import Collector
from .yamlsafe import MappingNode, Node, load_strict, plain_value

# The registry and a campaign list every unit: a national one runs to a few megabytes.
DATA_MAX_BYTES = 64_000_000


class Loaded:
    """A data file's value and, on demand, its node tree (for the positions of findings)."""

    def __init__(self, path: Path, value: dict[str, Any] | None, node: Node | None) -> None:
        self.path, self.value, self._node = path, value, node

    @property
    def node(self) -> Node | None:
        if self._node is None and self.value is not None:  # loaded from the cache
            self._node = load_strict(self.path, Collector(""), DATA_MAX_BYTES)[1]
        return self._node


@cache
def compiled(schema_path: Path) -> Any:
    return fastjsonschema.compile(structure.load_schema(schema_path))


def first_pass_ok(schema_path: Path, instance: object) -> bool:
    try:
        compiled(schema_path)(instance)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def load(
    path: Path, schema_path: Path, col: Collector, derive: Callable[[dict[str, Any], Node], None] | None = None,
) -> Loaded:
    """Read a YAML data file and check it against its schema; value is None if unusable.

    derive(value, node) may add what later needs positions (it runs before caching). A file
    that passed is cached by content, so a pre-commit run on a national registry stays quick.
    """
    key = _cache_key(path, schema_path)
    cached = _cache_get(key)
    if cached is not None:
        return Loaded(path, cached, None)
    _, node = load_strict(path, col, DATA_MAX_BYTES)
    if node is None:
        return Loaded(path, None, None)
    if not isinstance(node, MappingNode):
        col.error(1, 1, "schema", "文件顶层应为一组“键: 值”", "对照示例文件检查格式")
        return Loaded(path, None, node)
    from .yamlsafe import entries

    before = len(col.findings)
    entries(node, col)  # duplicate keys at the top level
    _duplicates_below(node, col)
    value = plain_value(node)
    if not first_pass_ok(schema_path, value):
        structure.check(structure.load_schema(schema_path), value, node, col)
        return Loaded(path, None, node)
    if derive is not None:
        derive(value, node)  # type: ignore[arg-type]
    if len(col.findings) == before:
        _cache_put(key, value)
    return Loaded(path, value, node)  # type: ignore[arg-type]


def _cache_dir() -> Path | None:
    if os.environ.get("WARMTH_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "warmth"


def _cache_key(path: Path, schema_path: Path) -> str | None:
    try:
        h = hashlib.sha256(path.read_bytes())
        h.update(schema_path.read_bytes())
    except OSError:
        return None
    from . import __version__

    h.update(__version__.encode())
    return h.hexdigest()


def _cache_get(key: str | None) -> dict[str, Any] | None:
    folder = _cache_dir()
    if key is None or folder is None:
        return None
    try:
        with open(folder / f"{key}.pickle", "rb") as fh:
            value = pickle.load(fh)  # our own file, written below from a validated value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _cache_put(key: str | None, value: dict[str, Any]) -> None:
    folder = _cache_dir()
    if key is None or folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{key}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{key}.pickle")
    except OSError:
        pass  # a cache that cannot be written is only slower


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
