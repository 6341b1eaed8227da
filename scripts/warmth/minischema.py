"""A yes/no JSON Schema check for values read back from the cache.

fastjsonschema compiles a schema to Python source before its first use (tens of milliseconds
per schema); a cache hit must stay cheaper than that. This module turns a schema into nested
closures instead (no source, no exec, well under a millisecond) and knows exactly the keywords
warmth's own data schemas use: a schema with any other keyword compiles to a check that
always answers False, so a value it cannot judge never passes (the file is then read again
from its YAML).

`extra` names object keys that are not part of the data but were added to it after
validation (the line numbers derive() records); each is checked by its own predicate and
otherwise ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

Check = Callable[[object], bool]
ANNOTATIONS = frozenset(["$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"])
KNOWN = frozenset(["$ref", "type", "enum", "pattern", "minLength", "minItems", "minimum", "uniqueItems",
                   "required", "properties", "additionalProperties", "items"]) | ANNOTATIONS


def _never(_: object) -> bool:
    return False


def _always(_: object) -> bool:
    return True


def _type_check(t: object) -> Check:
    def integer(v: object) -> bool:
        return type(v) is int or (isinstance(v, Decimal) and v == v.to_integral_value())

    table: dict[str, Check] = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": integer,
        "number": lambda v: type(v) is int or isinstance(v, Decimal),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }
    names = t if isinstance(t, list) else [t]
    if not all(isinstance(n, str) and n in table for n in names):
        return _never
    checks = [table[n] for n in names]  # type: ignore[index]
    if len(checks) == 1:
        return checks[0]
    return lambda v: any(c(v) for c in checks)


def _unique(v: object) -> bool:
    if not isinstance(v, list):
        return True
    if all(type(x) is str for x in v):  # the usual list: ids
        return len(set(v)) == len(v)
    return len({json.dumps(x, sort_keys=True, default=repr) for x in v}) == len(v)


def _same(a: object, b: object) -> bool:
    return a == b and isinstance(a, bool) == isinstance(b, bool)


class _Compiler:
    def __init__(self, root: Mapping[str, Any], extra: Mapping[str, Check]) -> None:
        self.root, self.extra = root, extra
        self.refs: dict[str, Check] = {}

    def ref(self, arg: object) -> Check:
        if not isinstance(arg, str):
            return _never
        doc, _, name = arg.partition("#/$defs/")
        if doc not in ("", self.root.get("$id", "")) or not name:
            return _never  # only references into this schema's own $defs
        if name not in self.refs:
            target = self.root.get("$defs", {}).get(name)
            if target is None:
                return _never
            self.refs[name] = _never  # a recursive definition resolves through the table below
            compiled = self.compile(target)
            self.refs[name] = compiled
        refs = self.refs
        return lambda v: refs[name](v)

    def compile(self, schema: object) -> Check:
        """The keywords' checks, and with properties or additionalProperties the object's."""
        base = self.keywords(schema)
        if base is _never or not isinstance(schema, Mapping):
            return base
        obj = self.object_check(schema)
        if obj is None:
            return base
        if base is _always:
            return obj
        return lambda v: base(v) and obj(v)

    def keywords(self, schema: object) -> Check:
        if schema is True:
            return _always
        if not isinstance(schema, Mapping) or not set(schema) <= KNOWN:
            return _never
        checks: list[Check] = []
        for kw, arg in schema.items():
            c = self.keyword(kw, arg, schema)
            if c is not None:
                checks.append(c)
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(c(v) for c in checks)

    def keyword(self, kw: str, arg: Any, schema: Mapping[str, Any]) -> Check | None:
        if kw in ANNOTATIONS or kw == "properties":
            return None
        if kw == "$ref":
            return self.ref(arg)
        if kw == "type":
            return _type_check(arg)
        if kw == "enum":
            options = list(arg)
            return lambda v: any(_same(v, e) for e in options)
        if kw == "pattern":
            rx = re.compile(arg)
            return lambda v: not isinstance(v, str) or rx.search(v) is not None
        if kw == "minLength":
            return lambda v: not isinstance(v, str) or len(v) >= arg
        if kw == "minItems":
            return lambda v: not isinstance(v, list) or len(v) >= arg
        if kw == "minimum":
            return lambda v: isinstance(v, bool) or not isinstance(v, int | Decimal) or v >= arg
        if kw == "uniqueItems":
            if not arg:
                return None
            return _unique
        if kw == "required":
            names = list(arg)
            return lambda v: not isinstance(v, dict) or all(k in v for k in names)
        if kw == "items":
            each = self.compile(arg)
            return lambda v: not isinstance(v, list) or all(each(x) for x in v)
        if kw == "additionalProperties":
            return None  # with properties, below
        return _never

    def object_check(self, schema: Mapping[str, Any]) -> Check | None:
        props = schema.get("properties")
        addl = schema.get("additionalProperties", True)
        if props is None and addl is True:
            return None
        known = {k: self.compile(s) for k, s in (props or {}).items()}
        rest = _never if addl is False else self.compile(addl)
        extra = self.extra

        def check(v: object) -> bool:
            if not isinstance(v, dict):
                return True
            for k, x in v.items():
                c = known.get(k)
                if c is None:
                    e = extra.get(k)
                    c = e if e is not None else rest
                if not c(x):
                    return False
            return True

        return check


def compile_schema(schema: Mapping[str, Any], extra: Mapping[str, Check] | None = None) -> Check:
    """A predicate for schema; keys named in extra are checked by their own predicates."""
    return _Compiler(schema, extra or {}).compile(schema)


def valid(schema: Mapping[str, Any], value: object) -> bool:
    """Whether value satisfies schema (False also when the schema uses anything unknown)."""
    return compile_schema(schema)(value)
