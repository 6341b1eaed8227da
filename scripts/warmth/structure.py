"""JSON Schema checks whose errors come back in Chinese at the line of the offending node."""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from . import rules as R
from .findings import Collector
from .yamlsafe import MappingNode, Node, ScalarNode, SequenceNode, col_of, line_of

Path_ = Sequence[str | int]


def node_at(root: Node, path: Path_) -> tuple[Node, Node | None]:
    """The deepest node along path, and the key node of the last mapping step if any."""
    node, key = root, None
    for step in path:
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == step:
                    node, key = v, k
                    break
            else:
                return node, key
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node, key = node.value[step], None
        else:
            return node, key
    return node, key


_TYPES = {
    "object": "一组“键: 值”", "array": "一个列表", "string": "文字", "integer": "整数",
    "number": "数值", "boolean": "true 或 false", "null": "空值",
}


def _type_name(t: object) -> str:
    if isinstance(t, list):
        return "或".join(_TYPES.get(x, str(x)) for x in t)
    return _TYPES.get(str(t), str(t))


def _where(path: Path_) -> str:
    return "“" + ".".join(str(p) for p in path) + "”" if path else "文件顶层"


def translate(error: Any, root: Node, col: Collector, rule: R.Rule = R.SCHEMA) -> None:
    """Turn one jsonschema ValidationError into a Chinese finding at its node."""
    path = list(error.absolute_path)
    node, key = node_at(root, path)
    validator = error.validator
    where = _where(path)
    fields: dict[str, Any] = {"where": where}
    said: R.Wording | None = None
    hint: str | None = None
    line, column = line_of(node), col_of(node)
    if key is not None and isinstance(node, ScalarNode) and not node.style and node.value == "":
        line, column = line_of(key), col_of(key)
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        title = _describe(error.schema, missing)
        before = _present_before(error.schema, error.instance, missing)
        said = R.MISSING_KEY_AFTER if before else None
        fields.update(key=missing, title=title, before=before)
        rule = R.MISSING_KEY
    elif validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        name = extra[0] if extra else "?"
        knode = _key_node(node, name)
        if knode is not None:
            line, column = line_of(knode), col_of(knode)
        known = list(error.schema.get("properties", {}))
        wide = unicodedata.normalize("NFKC", name)
        same_case = [k for k in known if k.lower() == wide.lower()]
        if wide != name and same_case:
            hint = f"键里有全角字符，切换到半角输入后写作“{same_case[0]}”"
        elif same_case:
            hint = f"代码区分大小写，应写作“{same_case[0]}”"
        else:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
            hint = f"是不是“{close[0]}”？" if close else "删除这一行，或检查拼写（区分大小写）"
        fields.update(key=name)
        rule = R.UNKNOWN_KEY
    elif validator == "type":
        said, fields["type"] = R.SCHEMA_TYPE, _type_name(error.validator_value)
    elif validator == "enum":
        allowed = "、".join(str(v) for v in error.validator_value)
        said, fields["allowed"] = R.SCHEMA_ENUM, allowed
    elif validator == "pattern":
        desc = error.schema.get("description", "")
        said, fields["pattern"], hint = R.SCHEMA_PATTERN, error.validator_value, desc or None
    elif validator in ("minimum", "exclusiveMinimum"):
        said, fields["limit"] = R.SCHEMA_MINIMUM, error.validator_value
    elif validator in ("maximum", "exclusiveMaximum"):
        said, fields["limit"] = R.SCHEMA_MAXIMUM, error.validator_value
    elif validator in ("minLength", "minItems", "minProperties"):
        said = R.SCHEMA_EMPTY
    elif validator in ("maxLength", "maxItems"):
        said, fields["limit"] = R.SCHEMA_TOO_LONG, error.validator_value
    elif validator == "format":
        said, fields["format"] = R.SCHEMA_FORMAT, error.validator_value
    elif validator == "uniqueItems":
        said = R.SCHEMA_UNIQUE
    else:
        said, fields["validator"] = R.SCHEMA_OTHER, validator
    col.report(rule, line, column, hint=hint, wording=said, **fields)


def _describe(schema: dict[str, Any], key: str) -> str:
    sub = schema.get("properties", {}).get(key, {})
    title = sub.get("title")
    if title == key:  # a form item: its title is its code, its description says what it is
        title = sub.get("description", "").split("；")[0]
    return f"（{title}）" if title else ""


def _present_before(schema: dict[str, Any], instance: Any, key: str) -> str | None:
    """The nearest key before `key` in the schema's order that the file has: where to add it."""
    order = list(schema.get("properties", {}))
    if key not in order or not isinstance(instance, dict):
        return None
    return next((k for k in reversed(order[: order.index(key)]) if k in instance), None)


def _key_node(node: Node, name: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, _ in node.value:
            if isinstance(k, ScalarNode) and k.value == name:
                return k
    return None


@cache
def load_schema(path: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def check(
    schema: dict[str, Any], instance: object, root: Node, col: Collector,
    skip: Iterable[tuple[str | int, ...]] = (),
) -> None:
    """Validate instance against schema with jsonschema; findings under skipped paths are dropped."""
    from jsonschema import Draft202012Validator  # imported only when something failed

    prefixes = [tuple(p) for p in skip]
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    for err in errors:
        p = tuple(err.absolute_path)
        if any(p[: len(pre)] == pre for pre in prefixes):
            continue
        translate(err, root, col)
