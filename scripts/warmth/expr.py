"""A small safe evaluator for rule expressions, e.g. ``B == B1 + B2`` or ``(C1 > 0) == (D1 > 0)``.

Expressions are parsed with :mod:`ast` and compiled into closures over a whitelist of node
types; nothing is ever passed to eval(). Names are item codes or campaign parameters;
``prev(X)`` is the unit's value of X in the previous campaign. A name without a value makes
the rule not applicable (the missing value is reported on its own).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation

Value = int | Decimal | bool | str


class Missing(Exception):
    """A name has no value here; the rule does not apply."""


class ExprError(ValueError):
    """The expression uses something the evaluator does not allow."""


@dataclass(frozen=True, slots=True)
class Env:
    """What names mean when a rule runs: this report's values, parameters, the previous report."""

    values: Mapping[str, Value]
    params: Mapping[str, Value] = field(default_factory=dict)
    previous: Mapping[str, Value] | None = None

    def get(self, name: str) -> Value:
        v = self.values.get(name)
        if v is None:
            v = self.params.get(name)
            if v is None:
                raise Missing(name)
        return v

    def prev(self, name: str) -> Value:
        if self.previous is None or self.previous.get(name) is None:
            raise Missing(f"prev({name})")
        return self.previous[name]


Fn = Callable[[Env], Value]

_BIN = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_CMP = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_FUNCS: dict[str, Callable[..., Value]] = {"abs": abs, "max": max, "min": min}


@dataclass(slots=True)
class Expr:
    """A compiled expression with the names it reads."""

    source: str
    fn: Fn
    names: set[str]
    prev_names: set[str]
    sides: tuple[tuple[str, Fn], ...]  # the two sides of a top-level comparison, for messages
    # ``X == A + B + ...`` (names only): ("X", ("A", "B", ...)), the shape a total's rule has
    total: tuple[str, tuple[str, ...]] | None = None

    def __call__(self, env: Env) -> Value:
        try:
            return self.fn(env)
        except (ZeroDivisionError, DivisionByZero, InvalidOperation) as exc:
            raise Missing("/0") from exc

    def explain(self, env: Env) -> str:
        """The figures behind a failed check, e.g. ``B = 120.5，B1 + … + B6 = 118.5``."""
        parts: list[str] = []
        if self.sides:
            for text, fn in self.sides:
                try:
                    parts.append(f"{text} = {format_value(fn(env))}")
                except (Missing, ArithmeticError):
                    return ""
            return "，".join(parts)
        for name in sorted(self.names, key=_code_order):
            try:
                parts.append(f"{name} = {format_value(env.get(name))}")
            except Missing:
                continue
        for name in sorted(self.prev_names, key=_code_order):
            try:
                parts.append(f"上次 {name} = {format_value(env.prev(name))}")
            except Missing:
                continue
        return "，".join(parts)


def _code_order(code: str) -> tuple[str, int, str]:
    head = code.rstrip("0123456789abcdefghijklmnopqrstuvwxyz")
    rest = code[len(head):]
    digits = "".join(ch for ch in rest if ch.isdigit())
    return head, int(digits) if digits else -1, rest


def format_value(v: Value) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, Decimal):
        text = format(v.normalize(), "f")
        return text
    return str(v)


def compile_expr(source: str) -> Expr:
    """Compile ``source``; raises ExprError with a Chinese message when it is not allowed."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"表达式语法错误：{exc.msg}") from exc
    names: set[str] = set()
    prev_names: set[str] = set()
    fn = _compile(tree.body, names, prev_names)
    sides: tuple[tuple[str, Fn], ...] = ()
    body = tree.body
    if isinstance(body, ast.Compare) and len(body.ops) == 1 and not _is_bool(body.left):
        left = ast.get_source_segment(source.strip(), body.left) or "左边"
        right = ast.get_source_segment(source.strip(), body.comparators[0]) or "右边"
        sides = ((left, _compile(body.left, set(), set())),
                 (right, _compile(body.comparators[0], set(), set())))
    return Expr(source, fn, names, prev_names, sides, _total(body))


def _total(body: ast.expr) -> tuple[str, tuple[str, ...]] | None:
    """("X", ("A", "B", ...)) when the expression is ``X == A + B + ...`` over plain names.
    A form that accepts two readings of one total (``X == A + B or X == A + B + C``) makes X
    the sum of its longest reading, the complete split."""
    if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.Or):
        readings = [_total(v) for v in body.values]
        if any(r is None for r in readings) or len({r[0] for r in readings if r}) != 1:
            return None
        return max((r for r in readings if r), key=lambda r: len(r[1]))
    if not (isinstance(body, ast.Compare) and len(body.ops) == 1 and isinstance(body.ops[0], ast.Eq)):
        return None
    if not isinstance(body.left, ast.Name):
        return None
    addends = _addends(body.comparators[0])
    return (body.left.id, tuple(addends)) if addends else None


def _addends(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _addends(node.left), _addends(node.right)
        return a + b if a is not None and b is not None else None
    return None


def _is_bool(node: ast.expr) -> bool:
    return isinstance(node, ast.Compare | ast.BoolOp) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
    )


def _compile(node: ast.expr, names: set[str], prev_names: set[str]) -> Fn:
    if isinstance(node, ast.Name):
        name = node.id
        names.add(name)

        def lookup(env: Env) -> Value:
            try:
                return env.values[name]  # the hot path: an item of this report
            except KeyError:
                return env.get(name)

        return lookup
    if isinstance(node, ast.Constant) and not isinstance(node.value, bool):
        v = Decimal(repr(node.value)) if isinstance(node.value, float) else node.value
        if not isinstance(v, int | Decimal | str):
            raise ExprError(f"不支持的常量：{v!r}")
        const: Value = v
        return lambda env: const
    if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
        op = _BIN[type(node.op)]
        a, b = _compile(node.left, names, prev_names), _compile(node.right, names, prev_names)
        if isinstance(node.op, ast.Div):
            return lambda env: _div(a(env), b(env))
        return lambda env: op(a(env), b(env))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        a = _compile(node.operand, names, prev_names)
        return lambda env: _neg(a(env))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        a = _compile(node.operand, names, prev_names)
        return lambda env: not a(env)
    if isinstance(node, ast.BoolOp):
        fns = [_compile(v, names, prev_names) for v in node.values]
        if isinstance(node.op, ast.And):
            return lambda env: all(f(env) for f in fns)
        return lambda env: any(f(env) for f in fns)
    if isinstance(node, ast.Compare) and all(type(o) in _CMP for o in node.ops):
        first = _compile(node.left, names, prev_names)
        pairs = [(_CMP[type(o)], _compile(c, names, prev_names)) for o, c in zip(node.ops, node.comparators, strict=True)]

        def compare(env: Env) -> bool:
            left = first(env)
            for op, right_fn in pairs:
                right = right_fn(env)
                if not op(left, right):
                    return False
                left = right
            return True

        return compare
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        fname = node.func.id
        if fname == "prev":
            if len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
                raise ExprError("prev() 只接受一个项目代码，例如 prev(C)")
            code = node.args[0].id
            prev_names.add(code)
            return lambda env: env.prev(code)
        if fname in _FUNCS:
            func = _FUNCS[fname]
            args = [_compile(a, names, prev_names) for a in node.args]
            return lambda env: func(*(a(env) for a in args))
        raise ExprError(f"不支持的函数：{fname}()，可用 prev、abs、max、min")
    raise ExprError(f"不支持的写法：{ast.dump(node)[:60]}")


def _div(a: Value, b: Value) -> Value:
    if not b:
        raise Missing("/0")
    return Decimal(a) / Decimal(b)


def _neg(a: Value) -> Value:
    if isinstance(a, str):
        raise TypeError("bad operand type for unary -: 'str'")  # what -a itself would raise
    return -a


# -- the parsed expression as data, for the fill-in page's evaluator -------------------------

_BIN_TEXT = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMP_TEXT = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def to_json(source: str) -> dict[str, object]:
    """The expression as a JSON tree (the same node types _compile accepts), so that the
    browser evaluates exactly what compile_expr does without parsing or eval:

    ``{"t": "name", "id"}``, ``{"t": "num", "v": "12.5"}`` (numbers as decimal text),
    ``{"t": "str", "v"}``, ``{"t": "bin", "op", "a", "b"}``, ``{"t": "neg", "a"}``,
    ``{"t": "not", "a"}``, ``{"t": "and"|"or", "args"}``, ``{"t": "cmp", "a", "ops", "args"}``,
    ``{"t": "prev", "id"}`` and ``{"t": "call", "fn", "args"}``; a node compile_expr accepts
    and this function does not know yet is ``{"t": "unsupported"}`` (the page then names the
    rule as not checked in the browser). Raises ExprError where compile_expr does."""
    compile_expr(source)  # the same refusals, the same messages
    return _json(ast.parse(source.strip(), mode="eval").body)


def _json(node: ast.expr) -> dict[str, object]:
    if isinstance(node, ast.Name):
        return {"t": "name", "id": node.id}
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return {"t": "str", "v": node.value}
        return {"t": "num", "v": str(Decimal(repr(node.value)) if isinstance(node.value, float) else node.value)}
    if isinstance(node, ast.BinOp):
        return {"t": "bin", "op": _BIN_TEXT[type(node.op)], "a": _json(node.left), "b": _json(node.right)}
    if isinstance(node, ast.UnaryOp):
        return {"t": "neg" if isinstance(node.op, ast.USub) else "not", "a": _json(node.operand)}
    if isinstance(node, ast.BoolOp):
        return {"t": "and" if isinstance(node.op, ast.And) else "or", "args": [_json(v) for v in node.values]}
    if isinstance(node, ast.Compare):
        return {"t": "cmp", "a": _json(node.left), "ops": [_CMP_TEXT[type(o)] for o in node.ops],
                "args": [_json(c) for c in node.comparators]}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "prev":
            return {"t": "prev", "id": node.args[0].id}  # type: ignore[attr-defined]
        return {"t": "call", "fn": node.func.id, "args": [_json(a) for a in node.args]}
    # a form compile_expr accepts and this tree does not know yet: the page says it cannot check it
    return {"t": "unsupported", "node": type(node).__name__}
