"""The shape of a form, read from its definition: numbered sections, wholes and their parts,
people paired with money, and which sums each item belongs to. Pages are laid out from this,
so a new form version (J items come and go) needs no code change."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..forms import Form, Item

CN_NUMERALS = "零一二三四五六七八九十"


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n]
    if n < 20:
        return "十" + CN_NUMERALS[n - 10]
    tens, ones = divmod(n, 10)
    return CN_NUMERALS[tens] + "十" + (CN_NUMERALS[ones] if ones else "")


@dataclass(slots=True)
class Section:
    """One numbered row group of the printed form (1. 走访企业, 2. 筹集慰问款物总额 ...)."""

    no: int | None
    items: list[Item] = field(default_factory=list)

    @property
    def title(self) -> str:
        head = self.items[0].label
        return f"{cn_number(self.no)}、{head}" if self.no else head

    @property
    def slug(self) -> str:
        return f"s{self.no or 0}-{self.items[0].code.lower()}"


def sections(form: Form) -> list[Section]:
    out: list[Section] = []
    for item in form.items:
        if item.no is not None or not out:
            out.append(Section(item.no))
        out[-1].items.append(item)
    return out


def is_top(item: Item) -> bool:
    """A headline figure: not a part of another item and not the money of a people item."""
    return item.parent is None and item.pair is None


def parts(form: Form, whole: str) -> list[Item]:
    return [i for i in form.items if i.parent == whole]


def pair_of(form: Form, code: str) -> Item | None:
    """The money item recorded with people item `code` (D1 for C1), if any."""
    return next((i for i in form.items if i.pair == code), None)


def sums(form: Form) -> dict[str, list[str]]:
    """Item code -> the totals it adds up to, from the form's equality rules."""
    out: dict[str, list[str]] = {}
    for rule in form.rules:
        try:
            tree = ast.parse(rule.check.source, mode="eval").body
        except SyntaxError:
            continue
        if not (isinstance(tree, ast.Compare) and len(tree.ops) == 1 and isinstance(tree.left, ast.Name)):
            continue
        if not isinstance(tree.ops[0], ast.Eq) or not isinstance(tree.comparators[0], ast.BinOp):
            continue
        for n in ast.walk(tree.comparators[0]):
            if isinstance(n, ast.Name) and n.id in form.by_code:
                out.setdefault(n.id, []).append(tree.left.id)
    return out


def parts_of(form: Form) -> dict[str, str]:
    """Item code -> the item it is a "其中" part of (at most the whole, not summed into it)."""
    summed = sums(form)
    return {i.code: i.parent for i in form.items if i.parent and i.parent not in summed.get(i.code, [])}
