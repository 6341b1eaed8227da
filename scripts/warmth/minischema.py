"""A yes/no JSON Schema check for values read back from the cache.

fastjsonschema compiles a schema to Python before its first use (tens of milliseconds per
schema); a cache hit must stay cheaper than that. This interpreter knows exactly the keywords
warmth's own data schemas use and answers False for any other: a schema it cannot judge
never lets a value through, the file is then read again from its YAML.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from typing import Any

ANNOTATIONS = frozenset(["$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"])


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _type_ok(t: str, v: object) -> bool:
    if t == "object":
        return isinstance(v, dict)
    if t == "array":
        return isinstance(v, list)
    if t == "string":
        return isinstance(v, str)
    if t == "integer":
        return type(v) is int or (isinstance(v, Decimal) and v == v.to_integral_value())
    if t == "number":
        return type(v) is int or isinstance(v, Decimal)
    if t == "boolean":
        return isinstance(v, bool)
    if t == "null":
        return v is None
    return False


def _same(a: object, b: object) -> bool:
    return a == b and isinstance(a, bool) == isinstance(b, bool)


def valid(schema: Any, value: object, root: Any = None) -> bool:
    """Whether value satisfies schema (False also when the schema uses anything unknown)."""
    root = schema if root is None else root
    if schema is True:
        return True
    if not isinstance(schema, dict):
        return False
    for kw, arg in schema.items():
        if kw in ANNOTATIONS:
            continue
        if kw == "$ref":
            doc, _, name = arg.partition("#/$defs/") if isinstance(arg, str) else ("?", "", "")
            if doc not in ("", root.get("$id", "")) or not name:
                return False  # only references into this schema's own $defs
            target = root.get("$defs", {}).get(name)
            if target is None or not valid(target, value, root):
                return False
        elif kw == "type":
            if not any(_type_ok(t, value) for t in (arg if isinstance(arg, list) else [arg])):
                return False
        elif kw == "enum":
            if not any(_same(value, e) for e in arg):
                return False
        elif kw == "pattern":
            if isinstance(value, str) and not _regex(arg).search(value):
                return False
        elif kw == "minLength":
            if isinstance(value, str) and len(value) < arg:
                return False
        elif kw == "minItems":
            if isinstance(value, list) and len(value) < arg:
                return False
        elif kw == "minimum":
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value < arg:
                return False
        elif kw == "uniqueItems":
            if arg and isinstance(value, list):
                seen = {json.dumps(x, sort_keys=True, default=repr) for x in value}
                if len(seen) != len(value):
                    return False
        elif kw == "required":
            if isinstance(value, dict) and any(k not in value for k in arg):
                return False
        elif kw == "properties":
            if isinstance(value, dict):
                for k, sub in arg.items():
                    if k in value and not valid(sub, value[k], root):
                        return False
        elif kw == "additionalProperties":
            if isinstance(value, dict):
                known = schema.get("properties", {})
                extra = [k for k in value if k not in known]
                if arg is False and extra:
                    return False
                if isinstance(arg, dict) and not all(valid(arg, value[k], root) for k in extra):
                    return False
        elif kw == "items":
            if isinstance(value, list) and not all(valid(arg, x, root) for x in value):
                return False
        else:
            return False  # a keyword this interpreter does not know: not judged, not trusted
    return True
