"""Strict YAML loading that keeps the parser's marks and refuses YAML's traps.

libyaml (through PyYAML's C loader) composes the node tree; everything after that is ours:
duplicate keys, anchors, aliases and explicit tags are refused, and scalars are interpreted
by the checks that know what a value should be, never by YAML 1.1's implicit rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from . import rules as R
from .findings import Collector

try:
    from yaml._yaml import CParser as _Parser  # what yaml.cyaml's loaders are built on
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _Loader(_Parser, BaseResolver):
    """libyaml's composer without YAML 1.1 tag resolution: we read every scalar ourselves."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        BaseResolver.__init__(self)

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return ""


# yaml.compose, yaml.parse and yaml.scan, for this loader (theirs take only PyYAML's own)
@contextmanager
def _loading(text: str) -> Iterator[_Loader]:
    loader = _Loader(text)
    try:
        yield loader
    finally:
        loader.dispose()


def _compose(text: str) -> Node | None:
    with _loading(text) as loader:
        return loader.get_single_node()


def _events(text: str) -> Iterator[yaml.Event]:
    with _loading(text) as loader:
        while loader.check_event():
            if (event := loader.get_event()) is not None:
                yield event


def _tokens(text: str) -> Iterator[yaml.Token]:
    with _loading(text) as loader:
        while loader.check_token():
            if (token := loader.get_token()) is not None:
                yield token

MAX_BYTES = 1_000_000
MAX_DEPTH = 24
_START = Mark("", 0, 0, 0, None, 0)  # where an event without a position is reported: 1:1
IME_CHARS = {"：": "全角冒号“：”", "\u3000": "全角空格", "，": "全角逗号“，”"}
INT_RE = re.compile(r"(?:0|[1-9][0-9]*)\Z")
DEC_RE = re.compile(r"(?:0|[1-9][0-9]*)\.[0-9]+\Z")
NEG_RE = re.compile(r"-\s*[0-9]+(?:\.[0-9]+)?\Z")
YAML11_BOOLS = frozenset(
    ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE"]
)
NULLS = frozenset(["", "~", "null", "Null", "NULL"])
SPECIAL_FLOATS = re.compile(r"[-+]?\.(?:nan|NaN|NAN|inf|Inf|INF)\Z")

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode"]


def is_plain(node: ScalarNode) -> bool:
    """Plain (unquoted) scalar; the C loader marks it '' and the Python one None."""
    return not node.style


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def col_of(node: Node) -> int:
    return node.start_mark.column + 1


@dataclass(slots=True)
class Entry:
    """A key of a mapping with its value node; positions for findings."""

    key: ScalarNode
    value: Node

    @property
    def line(self) -> int:
        return self.key.start_mark.line + 1

    @property
    def column(self) -> int:
        return self.key.start_mark.column + 1

    @property
    def value_pos(self) -> tuple[int, int]:
        """Where a finding about the value points: the value, or the key when it is empty."""
        v = self.value
        if isinstance(v, ScalarNode) and not v.style and v.value == "":
            return self.line, self.column
        return v.start_mark.line + 1, v.start_mark.column + 1


def read_text(path: Path, col: Collector, max_bytes: int = MAX_BYTES) -> str | None:
    """The file as text, or None with a finding: too large, or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            col.report(R.FILE_TOO_LARGE, 1, 1, size=size, max_bytes=max_bytes)
            return None
        data = path.read_bytes()
    except OSError as exc:
        col.report(R.FILE_UNREADABLE, 1, 1, reason=exc.strerror)
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = len(data[data.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8", "replace")) + 1
        try:
            data.decode("gbk")
            guess = "看起来是 GBK/GB2312 编码"
        except UnicodeDecodeError:
            guess = "含有无法识别的字节"
        col.report(R.ENCODING, line, column, guess=guess)
        return None


def parse(text: str, col: Collector) -> Node | None:
    """Compose one YAML document, or None with findings for what made it unsafe or invalid."""
    if not _line_breaks_ok(text, col):
        return None
    if "\t" in text and _tabs(text, col):
        return None
    if "\ufeff" in text and _bom_inside(text, col):
        return None
    if ("&" in text or "*" in text or "!" in text or _has_directive(text) or _flow_depth(text) > MAX_DEPTH) \
            and not _events_ok(text, col):
        return None
    try:
        node = _compose(text)
    except yaml.YAMLError as exc:
        _yaml_error(text, exc, col)
        return None
    except RecursionError:
        col.report(R.YAML_DEPTH, 1, 1, max_depth=MAX_DEPTH)
        return None
    if node is None:
        col.report(R.EMPTY_FILE, 1, 1)
        return None
    if _depth(node) > MAX_DEPTH:
        col.report(R.YAML_DEPTH, 1, 1, max_depth=MAX_DEPTH)
        return None
    return node


# Line breaks YAML counts but a plain "\n" count does not: a file with one would put the
# parser's line numbers (and the reporter's own phone field, the one place a mobile number may
# stand) on other lines than the ones git, editors and the privacy scan see.
_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_BREAK_NAMES = {
    "\r": "单独的回车符（CR，旧式 Mac 换行）",
    "\x85": "“下一行”符（NEL，U+0085）",
    "\u2028": "行分隔符（LS，U+2028）",
    "\u2029": "段分隔符（PS，U+2029）",
}


def _line_breaks_ok(text: str, col: Collector) -> bool:
    """Only LF or CRLF line breaks; the first other one is reported where git shows it."""
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return True  # the usual file: four fast substring searches instead of a regex pass
    m = _ODD_BREAK.search(text)
    if m is None:
        return True
    line_start = text.rfind("\n", 0, m.start()) + 1
    col.report(R.LINE_BREAK, text.count("\n", 0, m.start()) + 1, m.start() - line_start + 1, name=_BREAK_NAMES[m.group()])
    return False


_BRACKETS = re.compile(r"[\[\]{}]")


def _flow_depth(text: str) -> int:
    """An upper bound of bracket nesting (quoted brackets count too), before libyaml recurses."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    depth = deepest = 0
    for ch in _BRACKETS.findall(text):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _depth(node: Node) -> int:
    depth, stack = 0, [(node, 1)]
    while stack:
        n, d = stack.pop()
        if d > depth:
            depth = d
            if depth > MAX_DEPTH:
                return depth
        if isinstance(n, MappingNode):
            for k, v in n.value:
                if not isinstance(v, ScalarNode):
                    stack.append((v, d + 1))
                if not isinstance(k, ScalarNode):
                    stack.append((k, d + 1))
        elif isinstance(n, SequenceNode):
            stack.extend((v, d + 1) for v in n.value if not isinstance(v, ScalarNode))
    return depth


def _tabs(text: str, col: Collector) -> bool:
    found = False
    for no, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#"):
            col.report(R.TAB, no, indent.index("\t") + 1)
            found = True
    return found


def _events_ok(text: str, col: Collector) -> bool:
    """Refuse anchors, aliases, explicit tags and deep nesting without expanding anything."""
    depth = 0
    try:
        for ev in _events(text):
            mark = ev.start_mark or _START
            if isinstance(ev, yaml.AliasEvent):
                col.report(R.YAML_ALIAS, mark.line + 1, mark.column + 1, anchor=ev.anchor)
                return False
            anchor = getattr(ev, "anchor", None)
            if anchor is not None:
                col.report(R.YAML_ANCHOR, mark.line + 1, mark.column + 1, anchor=anchor)
                return False
            tag = getattr(ev, "tag", None)
            if tag is not None and not (isinstance(ev, yaml.ScalarEvent) and tag == "!"):
                col.report(R.YAML_TAG, mark.line + 1, mark.column + 1, tag=tag)
                return False
            if isinstance(ev, yaml.DocumentStartEvent) and (ev.version is not None or ev.tags):
                line = _directive_line(text)
                col.report(R.YAML_DIRECTIVE, line, 1)
                return False
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    col.report(R.YAML_DEPTH, mark.line + 1, mark.column + 1, max_depth=MAX_DEPTH)
                    return False
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        _yaml_error(text, exc, col)
        return False
    return True


GENERIC_SYNTAX = (R.YAML_SYNTAX.message, R.YAML_SYNTAX.hint)
QUOTES = {'"': "双引号“\"”", "'": "单引号“'”"}
BRACKETS = {"[": ("方括号“[”", "]"), "{": ("花括号“{”", "}")}
# any character YAML does not accept (C0/C1 controls except tab and line breaks, DEL,
# surrogates, U+FFFE/U+FFFF), found where libyaml only says "unacceptable character"
_UNACCEPTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CHAR_NAMES = {0: "空字符 NUL", 0x7F: "删除符 DEL", 0xFEFF: "字节顺序标记 BOM", 0xFFFE: "非字符", 0xFFFF: "非字符"}


def _line_col(text: str, index: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - start + 1


def _char_name(ch: str) -> str:
    n = ord(ch)
    return f"U+{n:04X}，" + _CHAR_NAMES.get(n, "控制字符" if n < 0x20 or 0x80 <= n < 0xA0 else "无效字符")


def _bom_inside(text: str, col: Collector) -> bool:
    """A byte-order mark after the start: two files pasted together, or a copied fragment."""
    at = text.find("\ufeff", 1)
    if at < 0:
        return False
    line, column = _line_col(text, at)
    col.report(R.INVISIBLE_CHAR, line, column, wording=R.INVISIBLE_BOM)
    return True


def _has_directive(text: str) -> bool:
    return text.startswith("%") or "\n%" in text


def _directive_line(text: str) -> int:
    for no, line in enumerate(text.split("\n"), 1):
        if line.startswith("%"):
            return no
    return 1


def _yaml_error(text: str, exc: yaml.YAMLError, col: Collector) -> None:
    """Any error libyaml raises, as a Chinese finding at the line it concerns."""
    bad = _UNACCEPTABLE.search(text)
    if bad is not None and not isinstance(exc, yaml.MarkedYAMLError):  # libyaml's reader refused it
        line, column = _line_col(text, bad.start())
        col.report(R.INVISIBLE_CHAR, line, column, name=_char_name(bad.group()))
        return
    if isinstance(exc, yaml.MarkedYAMLError):
        _syntax_finding(text, exc, col)
        return
    col.report(R.YAML_SYNTAX, 1, 1)


def _said(wording: R.Wording, **fields: object) -> tuple[str, str]:
    """A declared wording of yaml-syntax, filled in: (message, hint)."""
    return wording.message.format(**fields), wording.hint.format(**fields)


def _unclosed(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str, str] | None:
    """A quote or bracket left open: (line, column, message, hint) where it opens."""
    lines = text.split("\n")
    context, problem, ctx = exc.context or "", exc.problem or "", exc.context_mark

    def char_at(mark: yaml.Mark) -> str:
        row = lines[mark.line] if mark.line < len(lines) else ""
        return row[mark.column] if mark.column < len(row) else ""

    if ctx is not None and "quoted scalar" in context and ("end of stream" in problem or "document indicator" in problem):
        name = QUOTES.get(char_at(ctx), "引号")
        return (ctx.line + 1, ctx.column + 1, *_said(R.SYNTAX_QUOTE_OPEN, name=name))
    if ctx is not None and "flow" in context and "did not find expected ','" in problem:
        name, close = BRACKETS.get(char_at(ctx), ("括号", "]"))
        return (ctx.line + 1, ctx.column + 1, *_said(R.SYNTAX_BRACKET_OPEN, name=name, close=close))
    # a quote left open in the middle of a file pairs with the next quote of the file: the
    # scalar runs across lines and the error comes right after it
    mark = exc.problem_mark or ctx
    if mark is None or ('"' not in text and "'" not in text):
        return None
    last = None
    try:
        for tok in _tokens(text):
            if tok.start_mark.line > mark.line:
                break
            if isinstance(tok, yaml.ScalarToken) and tok.style in ('"', "'") and tok.end_mark.line > tok.start_mark.line:
                last = tok
    except yaml.YAMLError:
        pass
    if last is None or last.end_mark.line < mark.line - 1:
        return None
    name = QUOTES.get(char_at(last.start_mark), "引号")
    return (last.start_mark.line + 1, last.start_mark.column + 1,
            *_said(R.SYNTAX_QUOTE_SPAN, name=name, end=last.end_mark.line + 1))


def _syntax_finding(text: str, exc: yaml.MarkedYAMLError, col: Collector) -> None:
    opened = _unclosed(text, exc)
    if opened is not None:
        col.report(R.YAML_SYNTAX, opened[0], opened[1], opened[2], opened[3])
        return
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1) if mark else 1
    column = (mark.column + 1) if mark else 1
    problem = exc.problem or ""
    lines = text.split("\n")
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        # libyaml notices the missing colon a line late; the key it was reading is the culprit
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
    elif "mapping values are not allowed" in problem and mark is not None:
        prev = _previous_content_line(lines, mark.line)
        if prev is not None and _indent(lines[prev]) < _indent(lines[mark.line]) and re.match(r"\s*[^#\s][^:#]*:\s+[^\s#]", lines[prev]):
            col.report(R.YAML_INDENT, prev + 1, _indent(lines[prev]) + 1)
            return
    message, hint = GENERIC_SYNTAX
    if "expected <document start>" in problem:
        prev = _previous_content_line(lines, line - 1)
        if prev is not None and lines[prev].rstrip() == "...":
            line, column = prev + 1, 1
            message, hint = _said(R.SYNTAX_AFTER_END)
        elif prev is not None and lines[prev].startswith("%"):
            line, column = prev + 1, 1
            message, hint = _said(R.SYNTAX_DIRECTIVE)
        else:
            message, hint = _said(R.SYNTAX_EXTRA_DOCUMENT)
    for needle, wording in R.SYNTAX_PROBLEMS:
        if needle in problem:
            message, hint = wording.message, wording.hint
            break
    # Chinese input methods are the usual cause; name the character where we see one.
    start = (exc.context_mark.line if exc.context_mark else line - 2) if mark else 0
    for no in range(max(start, 0), min(line, len(lines))):
        code = lines[no].split("#", 1)[0]
        for ch, name in IME_CHARS.items():
            if ch in code and (ch != "，" or re.search(r"\d，\d", code)):
                col.report(R.IME_CHAR, no + 1, code.index(ch) + 1, name=name)
                return
    col.report(R.YAML_SYNTAX, line, column, message, hint)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_content_line(lines: list[str], before: int) -> int | None:
    for no in range(min(before, len(lines)) - 1, -1, -1):
        stripped = lines[no].strip()
        if stripped and not stripped.startswith("#"):
            return no
    return None


def entries(node: MappingNode, col: Collector) -> dict[str, Entry]:
    """A mapping's keys with their nodes; duplicate and non-text keys become findings."""
    out: dict[str, Entry] = {}
    for k, v in node.value:
        if not isinstance(k, ScalarNode):
            col.report(R.KEY_TYPE, line_of(k), col_of(k))
            continue
        key = k.value
        first = out.get(key)
        if first is not None:
            col.report(R.DUPLICATE_KEY, line_of(k), col_of(k), key=key, first=first.line)
            continue
        out[key] = Entry(k, v)
    return out


def plain_value(node: Node) -> object:
    """A generic value for structure checks (JSON-like; YAML 1.2 core rules, exact decimals).

    Only ``true``/``false`` are booleans, numbers are int or Decimal, the rest is text.
    """
    if isinstance(node, ScalarNode):
        v = node.value
        if node.style:  # quoted or block: always text
            return v
        if v in NULLS:
            return None
        if INT_RE.match(v):
            return int(v)
        if DEC_RE.match(v):
            return Decimal(v)
        if NEG_RE.match(v):
            return Decimal(v.replace(" ", "")) if "." in v else int(v.replace(" ", ""))
        if v in ("true", "false"):
            return v == "true"
        return v
    if isinstance(node, MappingNode):
        return {
            k.value if isinstance(k, ScalarNode) else str(id(k)): plain_value(val)
            for k, val in node.value
        }
    if isinstance(node, SequenceNode):
        return [plain_value(x) for x in node.value]
    return None


def walk_scalars(node: Node) -> Iterator[ScalarNode]:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ScalarNode):
            yield n
        elif isinstance(n, MappingNode):
            for k, v in n.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)


def load_strict(path: Path, col: Collector, max_bytes: int = MAX_BYTES) -> tuple[str | None, Node | None]:
    """Read and compose a file; (text, node) with findings in col for anything refused."""
    text = read_text(path, col, max_bytes)
    if text is None:
        return None, None
    return text, parse(text, col)
