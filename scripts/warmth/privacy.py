"""Personal data that must never enter the public repository: ID numbers, mobiles, bank cards.

The scan reads a number the way a person reads it. Full-width digits are digits; invisible
characters (zero-width spaces and joiners, the soft hyphen, direction marks) are not there;
whatever a person types between digit groups (any kind of space, hyphens and dashes, dots,
slashes) only separates the groups. A number is the digits of consecutive groups, taken from
the start of a group to the end of a group, so a mobile written after a date or a landline on
the same line is still seen, and no number starts in the middle of another.

Office phones are not bank cards: cards are told by their first digit (no card starts with 0,
the first digit of every area code) and by how people group them (one run, or fours).

Positions are reported in the original text, so they match the YAML parser's lines and columns
(yamlsafe refuses files whose line breaks the two would count differently).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from yaml.error import Mark

from . import rules as R
from .findings import Collector
from .yamlsafe import MappingNode, Node, ScalarNode, walk_scalars

FIGURES = "forms"  # the submission's key of the filled forms

# What a person may type between two digit groups (ASCII forms; the others are mapped to these).
_SEPARATORS = " ./-"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_DOTS = "\u00b7\u2024\u2027\u30fb\uff0e\uff65"
_SLASHES = "\u2044\u2215\uff0f"
# Characters a reader does not see: zero-width space/joiners, word joiner and invisible
# operators, direction marks and embeddings, soft hyphen, BOM, variation selectors, fillers.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
_ODD = _SPACES + _DASHES + _DOTS + _SLASHES + "\uff0b\uff38\uff58"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_OTHER_DIGIT_RE = re.compile(r"(?![0-9])\d")
_MAP = str.maketrans(
    {**{c: " " for c in _SPACES}, **{c: "-" for c in _DASHES}, **{c: "." for c in _DOTS},
     **{c: "/" for c in _SLASHES}, "\uff0b": "+", "\uff38": "X", "\uff58": "x",
     "\uff08": "(", "\uff09": ")"}
)
_SEP_CLASS = f"[{re.escape(_SEPARATORS)}{_ODD}{_INVISIBLE}]"
_MAX_GAP = 12  # separators and invisible characters between two digits of one number
_DIGITS_RE = re.compile(r"\d+")
_GAP_CHARS_RE = re.compile(f"{_SEP_CLASS}+")
# The cheap prefilter, one pass of the regex engine over the file: digits and separators only,
# from a digit to a digit, 11 characters or more. Ordinary files (figures, dates) have no such
# run, or only an office phone; only these runs are examined, and normalized only when they
# hold something other than ASCII digits and separators.
_ROUGH_RE = re.compile(f"\\d[0-9{re.escape(_SEPARATORS)}{_ODD}{_INVISIBLE}\\d]{{9,}}\\d")
_X_TAIL_RE = re.compile(rf"{_SEP_CLASS}{{0,{_MAX_GAP}}}[Xx\uff38\uff58](?![0-9A-Za-z])")
# a window with none of these is already what a reader sees, and is not normalized
_EXOTIC_RE = re.compile(f"[{_ODD}{_INVISIBLE}\uff08\uff09]|(?![0-9])\\d")
_GROUP_RE = re.compile(r"[0-9]+(?:[Xx](?![0-9A-Za-z]))?")
_GAP_RE = re.compile(rf"[{re.escape(_SEPARATORS)}]{{1,4}}\Z")
_PREFIX_RE = re.compile(r"(?:\(\s*\+?\s*86\s*\)|\+\s*86|0086)[ ./-]{0,4}\Z")
_PLUS_RE = re.compile(r"(?:\(\s*)?\+\s*\Z")

ID_RE = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]\Z")
MOBILE_RE = re.compile(r"1[3-9]\d{9}\Z")
CARD_FIRST = "234569"  # payment card networks; 0 (every area code), 1, 7, 8 are not cards
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_LONGEST = 19  # digits of the longest number looked for (a bank card)
_LENGTHS = frozenset({11, 13, 15, 16, 17, 18, 19})  # mobile (+86, 0086), card, ID
_LOOKBEHIND = 24  # enough for "（＋86） ", an invisible character after each


def id_checksum_ok(s: str) -> bool:
    total = sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == s[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


@dataclass(slots=True)
class Found:
    kind: str  # "id" | "card" | "mobile"
    start: int  # offsets in the original text; start includes a +86 prefix
    end: int
    digits: str
    number_start: int  # where the number proper starts (after any prefix)


class Normalized:
    """What a reader sees of a piece of text, and where each of its characters came from."""

    __slots__ = ("removed", "text")

    def __init__(self, text: str) -> None:
        mapped = text.translate(_MAP)
        if _OTHER_DIGIT_RE.search(mapped):
            mapped = _OTHER_DIGIT_RE.sub(lambda m: str(unicodedata.decimal(m.group())), mapped)
        # for each invisible character removed, how many characters were kept before it
        self.removed = [m.start() - k for k, m in enumerate(_INVISIBLE_RE.finditer(mapped))]
        self.text = _INVISIBLE_RE.sub("", mapped) if self.removed else mapped

    def origin(self, i: int) -> int:
        """The offset in the original text of character i of what a reader sees."""
        return i + bisect_right(self.removed, i)

    def index(self, original: int) -> int:
        """The first character a reader sees at or after an offset of the original text."""
        return original - bisect_left([r + k for k, r in enumerate(self.removed)], original)


def normalize(text: str) -> Normalized:
    return Normalized(text)


class _Plain(Normalized):
    """Text with nothing to normalize (the usual case): offsets are the text's own."""

    def __init__(self, text: str) -> None:  # nothing to map, so no super().__init__
        self.text = text
        self.removed = []


def find(text: str) -> list[Found]:
    """Every ID number, bank card and mobile number in text, as a reader would see them."""
    out: list[Found] = []
    for begin, end in candidates(text):
        out.extend(_in_candidate(text, begin, end))
    return out


def candidates(text: str) -> Iterator[tuple[int, int]]:
    """The cheap prefilter: runs of at least 11 digits (of any script) with only a few
    separators or invisible characters between them. Ordinary files (figures, dates, office
    phones) have none or a few, and only these are normalized and read."""
    for rough in _ROUGH_RE.finditer(text):
        yield from _runs(text, rough.start(), rough.end())


def _runs(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    begin = end = count = 0
    for m in _DIGITS_RE.finditer(text, start, stop):
        s, e = m.span()
        if count and s - end <= _MAX_GAP and _GAP_CHARS_RE.fullmatch(text, end, s):
            count += e - s
            end = e
            continue
        if count >= 11:
            yield begin, _tail(text, end)
        begin, end, count = s, e, e - s
    if count >= 11:
        yield begin, _tail(text, end)


def _tail(text: str, end: int) -> int:
    """The end of a run, with the X that closes an ID number."""
    m = _X_TAIL_RE.match(text, end)
    return m.end() if m else end


_KINDS = ("id", "card", "mobile")  # the order in which a number claims its digits


def _in_candidate(text: str, begin: int, end: int) -> list[Found]:
    # a few characters before the digits, on the same line, to see a +86 / (+86) prefix
    lead = max(begin - _LOOKBEHIND, text.rfind("\n", 0, begin) + 1)
    window = text[lead:end]
    seen = normalize(window) if _EXOTIC_RE.search(window) else _Plain(window)
    norm = seen.text
    # groups joined by separators form a chain; a number never spans a gap of other characters
    chains: list[list[tuple[int, int, str]]] = []
    for m in _GROUP_RE.finditer(norm, seen.index(begin - lead)):
        g = (m.start(), m.end(), m.group())
        if chains and _GAP_RE.match(norm, chains[-1][-1][1], g[0]):
            chains[-1].append(g)
        else:
            chains.append([g])
    # every span of whole groups that reads as a number; a group of one or two digits ends a
    # span (nobody writes a card, an ID or a mobile in such groups), which keeps this linear
    spans: list[tuple[int, int, int, str]] = []  # (kind rank, start, end, digits)
    for chain in chains:
        for first in range(len(chain)):
            digits = ""
            sizes: list[int] = []
            for last in range(first, len(chain)):
                group = chain[last][2]
                digits += group
                sizes.append(len(group))
                if len(digits) > _LONGEST:
                    break
                if len(digits) in _LENGTHS:
                    for rank, kind in enumerate(_KINDS):
                        if _is(kind, digits, sizes):
                            spans.append((rank, chain[first][0], chain[last][1], digits))
                if len(group) < 3:
                    break
    taken = bytearray(len(norm))  # characters already read as part of a number
    found: list[Found] = []
    for rank, s, e, digits in sorted(spans):
        if taken.find(1, s, e) != -1:
            continue
        taken[s:e] = b"\x01" * (e - s)
        kind = _KINDS[rank]
        start = s
        if kind == "mobile":
            near = max(0, s - _LOOKBEHIND)
            prefix = _PREFIX_RE.search(norm, near, s) or _PLUS_RE.search(norm, near, s)
            start = prefix.start() if prefix is not None else s
            digits = digits[-11:]
        found.append(Found(kind, lead + seen.origin(start), lead + seen.origin(e - 1) + 1, digits, lead + seen.origin(s)))
    found.sort(key=lambda f: f.start)
    return found


def _is(kind: str, digits: str, sizes: list[int]) -> bool:
    if kind == "id":
        return len(digits) == 18 and ID_RE.match(digits) is not None and id_checksum_ok(digits)
    if not digits.isdigit():
        return False
    if kind == "card":
        # one run, or groups of four with a shorter last group (6222 0212 3456 7890 128)
        return (16 <= len(digits) <= 19 and digits[0] in CARD_FIRST
                and (len(sizes) == 1 or all(n == 4 for n in sizes[:-1])) and luhn_ok(digits))
    # mobile: 11 digits in groups of at least three (139 1234 5678), or 86/0086 written with it
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    return len(digits) == 11 and min(sizes) >= 3 and MOBILE_RE.match(digits) is not None


def scan(text: str, col: Collector, contact: tuple[int, int, int] | None = None, public: bool = True,
         root: Node | None = None) -> None:
    """Report personal data anywhere in text (comments too), and in the values the parser
    reads from it (root) where they differ from the text: a quoted escape (\\u0031) or a
    line folded into the one before it puts digits together that the text keeps apart.

    contact is where the reporter's own phone stands: (line, first column, end column), the
    line 1-based and the columns as the YAML parser counts them (0-based, end exclusive). A
    mobile there is the reporter's own; it is allowed only in a private repository.
    """
    found = find(text)
    rewritten = _rewritten_scalars(root) if root is not None else []
    if not found and not rewritten:
        return
    breaks = [m.start() for m in re.finditer("\n", text)]

    def pos(offset: int) -> tuple[int, int]:
        line = bisect_right(breaks, offset - 1)
        return line + 1, offset - (breaks[line - 1] if line else -1)

    def offset(mark: Mark) -> int:
        return (breaks[mark.line - 1] + 1 if mark.line else 0) + mark.column

    for f in found:
        mine = f.kind == "mobile" and _within(contact, pos(f.number_start), pos(f.end - 1))
        _report(col, f, *pos(f.start), mine, public)
    for node in rewritten:
        start, end = offset(node.start_mark), offset(node.end_mark)
        seen = {(f.kind, f.digits) for f in found if start <= f.start < end}
        mine = contact is not None and (node.start_mark.line + 1, node.start_mark.column) == contact[:2]
        for f in find(node.value):
            if (f.kind, f.digits) not in seen:
                _report(col, f, node.start_mark.line + 1, node.start_mark.column + 1, mine and f.kind == "mobile",
                        public, "（引号里的转义还原、折行合并之后）")


def _rewritten_scalars(root: Node) -> list[ScalarNode]:
    """Values that are not their text: double-quoted (escapes), or folded over several lines.
    The figures under forms are numbers (anything else there is an error of its own) and
    reach no page as text: they are not walked, which keeps this cheap."""
    tops = [root]
    if isinstance(root, MappingNode):
        tops = [n for k, v in root.value for n in (k, v) if not (isinstance(k, ScalarNode) and k.value == FIGURES)]
    return [n for top in tops for n in walk_scalars(top)
            if n.style == '"' or (n.style != "|" and n.start_mark.line != n.end_mark.line)]


def _report(col: Collector, f: Found, line: int, column: int, mine: bool, public: bool, where: str = "") -> None:
    if f.kind == "id":
        col.report(R.PRIVACY_ID, line, column, masked=_mask(f.digits), where=where)
    elif f.kind == "card":
        col.report(R.PRIVACY_BANK_CARD, line, column, masked=_mask(f.digits), where=where)
    elif mine:
        if public:
            col.report(R.PRIVACY_CONTACT_MOBILE, line, column, masked=_mask(f.digits), where=where)
    else:
        col.report(R.PRIVACY_MOBILE, line, column, masked=_mask(f.digits), where=where)


def _within(contact: tuple[int, int, int] | None, first: tuple[int, int], last: tuple[int, int]) -> bool:
    """Both ends of the number inside the contact field (columns of pos are 1-based)."""
    if contact is None:
        return False
    line, start, end = contact
    return first[0] == last[0] == line and start < first[1] and last[1] <= end


def _mask(s: str) -> str:
    return s[:3] + "*" * (len(s) - 7) + s[-4:] if len(s) > 7 else "***"
