"""Strict YAML loading that keeps the parser's marks and refuses YAML's traps.

libyaml (through PyYAML's C loader) composes the node tree; everything after that is ours:
duplicate keys, anchors, aliases and explicit tags are refused, and scalars are interpreted
by the checks that know what a value should be, never by YAML 1.1's implicit rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .findings import Collector

try:
    from yaml.cyaml import CParser as _Parser
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


class _Loader(_Parser, BaseResolver):  # type: ignore[misc,valid-type]
    """libyaml's composer without YAML 1.1 tag resolution: we read every scalar ourselves."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        BaseResolver.__init__(self)

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return ""

MAX_BYTES = 1_000_000
MAX_DEPTH = 24
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
            col.error(
                1, 1, "file-too-large",
                f"文件过大（{size:,} 字节，上限 {max_bytes:,} 字节），未做检查",
                "一份报送文件通常只有几千字节；请检查是否误粘贴了大量内容或附件",
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        col.error(1, 1, "file-unreadable", f"无法读取文件：{exc.strerror}", "确认文件存在且有读取权限")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gbk")
            guess = "看起来是 GBK/GB2312 编码"
        except UnicodeDecodeError:
            guess = "含有无法识别的字节"
        col.error(
            line, 1, "encoding",
            f"文件不是 UTF-8 编码（{guess}）",
            "请用 UTF-8 编码另存此文件：VS Code 点右下角的编码，选“通过编码保存”→ UTF-8；"
            "记事本“另存为”时编码选 UTF-8",
        )
        return None


def parse(text: str, col: Collector) -> Node | None:
    """Compose one YAML document, or None with findings for what made it unsafe or invalid."""
    if not _line_breaks_ok(text, col):
        return None
    if "\t" in text and _tabs(text, col):
        return None
    if ("&" in text or "*" in text or "!" in text or _flow_depth(text) > MAX_DEPTH) and not _events_ok(text, col):
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        _syntax_finding(text, exc, col)
        return None
    except yaml.YAMLError as exc:  # errors without marks (e.g. a bad character)
        col.error(1, 1, "yaml-syntax", f"YAML 无法解析：{exc}", "检查文件是否为纯文本 YAML")
        return None
    except RecursionError:
        col.error(1, 1, "yaml-depth", "嵌套层次过深", f"报送文件的嵌套不超过 {MAX_DEPTH} 层")
        return None
    if node is None:
        col.error(1, 1, "empty-file", "文件是空的", "用 warmth new 生成一份待填写的文件")
        return None
    if _depth(node) > MAX_DEPTH:
        col.error(1, 1, "yaml-depth", "嵌套层次过深", f"报送文件的嵌套不超过 {MAX_DEPTH} 层")
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
    m = _ODD_BREAK.search(text)
    if m is None:
        return True
    line_start = text.rfind("\n", 0, m.start()) + 1
    col.error(
        text.count("\n", 0, m.start()) + 1, m.start() - line_start + 1, "line-break",
        f"文件含有非标准的换行符：{_BREAK_NAMES[m.group()]}，未做检查",
        "只能用普通换行（LF，或 Windows 的 CRLF）。这类字符多来自从网页、Word 或 PDF 复制的文字："
        "VS Code 打开文件时提示“不常见的行终止符”请选“删除”，再点右下角的“CR/CRLF”改为“LF”后保存",
    )
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
            col.error(
                no, indent.index("\t") + 1, "tab",
                "行首缩进用了制表符（Tab），YAML 只允许空格缩进",
                "把 Tab 换成空格（每级缩进 2 个空格）；VS Code 右下角可把“制表符”改为“空格”",
            )
            found = True
    return found


def _events_ok(text: str, col: Collector) -> bool:
    """Refuse anchors, aliases, explicit tags and deep nesting without expanding anything."""
    depth = 0
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            mark = ev.start_mark
            if isinstance(ev, yaml.AliasEvent):
                col.error(
                    mark.line + 1, mark.column + 1, "yaml-alias",
                    f"不允许使用 YAML 别名（*{ev.anchor}）",
                    "把引用的内容直接写出来；报送文件不支持锚点和别名",
                )
                return False
            anchor = getattr(ev, "anchor", None)
            if anchor is not None:
                col.error(
                    mark.line + 1, mark.column + 1, "yaml-anchor",
                    f"不允许使用 YAML 锚点（&{anchor}）",
                    "删除 &… 标记，把内容直接写出来；报送文件不支持锚点和别名",
                )
                return False
            tag = getattr(ev, "tag", None)
            if tag is not None and not (isinstance(ev, yaml.ScalarEvent) and tag == "!"):
                col.error(
                    mark.line + 1, mark.column + 1, "yaml-tag",
                    f"不允许使用 YAML 类型标签（{tag}）",
                    "删除以 ! 开头的标签；数值直接写数字，文字直接写文字",
                )
                return False
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    col.error(
                        mark.line + 1, mark.column + 1, "yaml-depth",
                        "嵌套层次过深", f"报送文件的嵌套不超过 {MAX_DEPTH} 层",
                    )
                    return False
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        _syntax_finding(text, exc, col)
        return False
    return True


_PROBLEMS = [
    ("could not find expected ':'", "缺少冒号，或冒号后面没有空格", "每一项写成“代码: 数值”，冒号用半角“:”，后面空一格"),
    ("mapping values are not allowed", "这里不能出现冒号", "值里含有“: ”时请给整个值加引号；也可能是上一行缩进不对"),
    ("found character '\\t'", "含有制表符（Tab）", "把 Tab 换成空格"),
    ("found unexpected end of stream", "引号或括号没有闭合", "检查这一行及以上的引号、括号是否成对"),
    ("did not find expected key", "缩进不一致", "同一级的项目要对齐，每级缩进 2 个空格"),
    ("expected <block end>", "缩进不一致", "同一级的项目要对齐，每级缩进 2 个空格"),
    ("but found another document", "文件里只能有一个 YAML 文档", "删除多余的“---”行"),
    ("found unknown escape character", "双引号里有无法识别的转义符“\\”", "改用单引号，或把“\\”写成“\\\\”"),
    ("special characters are not allowed", "文件含有不允许的控制字符", "删除不可见的特殊字符后重新保存"),
]


def _syntax_finding(text: str, exc: yaml.MarkedYAMLError, col: Collector) -> None:
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
            col.error(
                prev + 1, _indent(lines[prev]) + 1, "yaml-indent",
                "YAML 语法错误：缩进不一致，这一行比下一行缩进少",
                "同一张表里的项目要对齐，每级缩进 2 个空格（表内项目前面是 4 个空格）",
            )
            return
    message, hint = f"YAML 语法错误（{problem}）", "检查这一行及上一行的缩进、冒号和引号"
    for needle, msg, h in _PROBLEMS:
        if needle in problem:
            message, hint = f"YAML 语法错误：{msg}", h
            break
    # Chinese input methods are the usual cause; name the character where we see one.
    start = (exc.context_mark.line if exc.context_mark else line - 2) if mark else 0
    for no in range(max(start, 0), min(line, len(lines))):
        code = lines[no].split("#", 1)[0]
        for ch, name in IME_CHARS.items():
            if ch in code and (ch != "，" or re.search(r"\d，\d", code)):
                col.error(
                    no + 1, code.index(ch) + 1, "ime-char",
                    f"YAML 语法错误：这一行有{name}",
                    "这是中文输入法打出的字符；请切换到英文（半角）输入，冒号用“:”，空格用半角空格",
                )
                return
    col.error(line, column, "yaml-syntax", message, hint)


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
            col.error(line_of(k), col_of(k), "key-type", "键必须是简单的文字", "检查缩进和冒号")
            continue
        key = k.value
        first = out.get(key)
        if first is not None:
            col.error(
                line_of(k), col_of(k), "duplicate-key",
                f"键“{key}”重复出现（第 {first.line} 行已有）",
                "YAML 只会保留最后一个值；请删除或合并重复的一行",
            )
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
