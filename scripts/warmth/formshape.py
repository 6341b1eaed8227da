"""The shape of a form, read from its definition and its parsed rules: numbered sections,
wholes and their parts, people paired with money, depth, which item is a total of which
parts, display labels and the wording of each kind of item. The workbooks, the site, the
review and `warmth new` all lay a form out from here, so a new form version (J items come and
go) needs no code change and no view re-reads rule text.

Totals come from the form's error rules of the shape ``X == A + B + ...`` (as parsed by
:mod:`warmth.expr`); "其中" parts from the items' ``parent``; pairs from ``with``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .forms import MONEY_DECIMALS, Form, Item, Rule
from .registry import LEVEL_ZH

CN_NUMERALS = "零一二三四五六七八九十"
PART_PREFIX = "其中："  # the 项目 cell of the first part under a whole, as the printed forms read

# what a value of each kind is, in messages: 应填一个{…}
KIND_WORDS = {"count": "非负整数", "money": "金额（万元）", "yesno": "是 或 否"}
KIND_WORDS_QUOTED = {**KIND_WORDS, "yesno": "“是”或“否”"}
# a value of each kind, for examples in hints
KIND_EXAMPLES = {"count": "12", "money": "12.5", "yesno": "是"}


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n]
    if n < 20:
        return "十" + CN_NUMERALS[n - 10]
    tens, ones = divmod(n, 10)
    return CN_NUMERALS[tens] + "十" + (CN_NUMERALS[ones] if ones else "")


# -- sections, parts, pairs ------------------------------------------------------------------

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


def depth(form: Form, item: Item) -> int:
    """其中 nesting: 0 for a top-level item."""
    d, cur, seen = 0, item, {item.code}
    while cur.parent and cur.parent in form.by_code and cur.parent not in seen:
        seen.add(cur.parent)
        cur = form.by_code[cur.parent]
        d += 1
    return d


# -- totals ----------------------------------------------------------------------------------

def total_rules(form: Form) -> list[tuple[Rule, str, list[str]]]:
    """The rules that make an item a total: (rule, total, its parts), in the form's order.
    An error rule without a condition whose check is ``X == A + B + ...`` over the form's items."""
    out: list[tuple[Rule, str, list[str]]] = []
    for rule in form.rules:
        if rule.severity != "error" or rule.when is not None or rule.check.total is None:
            continue
        whole, addends = rule.check.total
        if whole in form.by_code and all(p in form.by_code for p in addends):
            out.append((rule, whole, list(addends)))
    return out


def totals(form: Form) -> dict[str, list[str]]:
    """Totals the form's error rules define: code -> the codes it is the sum of."""
    return {whole: addends for _, whole, addends in total_rules(form)}


def sums(form: Form) -> dict[str, list[str]]:
    """Item code -> the totals it adds up to."""
    out: dict[str, list[str]] = {}
    for whole, addends in totals(form).items():
        for code in addends:
            out.setdefault(code, []).append(whole)
    return out


def parts_of(form: Form) -> dict[str, str]:
    """Item code -> the item it is a "其中" part of (at most the whole, not summed into it)."""
    summed = sums(form)
    return {i.code: i.parent for i in form.items if i.parent and i.parent not in summed.get(i.code, [])}


def range_text(codes: list[str]) -> str:
    """How a list of parts is named in prose: B1 至 B6, B1 与 B2, B1."""
    if len(codes) > 2:
        return f"{codes[0]} 至 {codes[-1]}"
    return " 与 ".join(codes)


# -- labels and kinds ------------------------------------------------------------------------

def item_label(form: Form, item: Item) -> str:
    """An item's full name: a paired money item is named after its people item."""
    label = item.label
    if item.pair and item.pair in form.by_code:
        label = f"{form.by_code[item.pair].label}"
    if item.measure:
        label = f"{label}（{item.measure}）"
    return label


def label_with_measure(item: Item) -> str:
    """The label and the column it sits in: 项目 — 慰问对象."""
    return f"{item.label} — {item.measure}" if item.measure else item.label


def file_comment(form: Form, item: Item) -> str:
    """An item's comment in a submission file: the printed label; a money line sharing its group
    with a people line names that line."""
    pair = form.by_code.get(item.pair) if item.pair else None
    if pair is not None and pair.label == item.label:
        return f"{item.code} {item.measure or ''}（{item.unit}），与 {pair.code} 同一类对象"
    return f"{item.code} {item.title}"


def kind_words(item: Item, quoted: bool = False) -> str:
    """What a value of this item is: 非负整数, 金额（万元）, 是 或 否."""
    return (KIND_WORDS_QUOTED if quoted else KIND_WORDS)[item.kind]


def requirement(form: Form, item: Item) -> str:
    """How an item is filled in, as the guide's tables say it."""
    if item.kind == "money":
        req = f"万元，最多 {MONEY_DECIMALS} 位小数"
    elif item.kind == "yesno":
        req = "填 是 或 否"
    else:
        req = "非负整数"
    if item.pair and item.pair in form.by_code:
        req += f"；与 {item.pair} 通常同时为零或同时大于零，不一致时在 explanations 下说明"
    if item.levels:
        req += f"；只由{'、'.join(LEVEL_ZH.get(x, x) for x in item.levels)}填报，其他层级填 0"
    return req


def example_line(item: Item) -> str:
    """A well-formed line for this item, for hints: ``B3: 12.5``."""
    return f"{item.code}: {KIND_EXAMPLES[item.kind]}"


def union_funds_item(forms: list[Form]) -> tuple[Form, Item] | None:
    """The first item the forms mark as union funds (``union_funds: true``), if any."""
    return next(((f, i) for f in forms for i in f.items if i.union_funds), None)


# -- the printed layout ----------------------------------------------------------------------

@dataclass(slots=True)
class Row:
    item: Item
    label: str  # what the 项目 cell shows ("" for the second row of a pair group)
    depth: int  # 其中 nesting: 0 for a top-level item
    group_start: bool  # first row of a pair group (label merged over group_size rows)
    group_size: int  # rows in the group (1 when the item stands alone)
    measure: str  # 指标 column: 慰问对象 / 发放款物, or ""


def rows(form: Form) -> list[Row]:
    """One row per item in print order; an item paired with the row before shares its label."""
    out: list[Row] = []
    first_children: set[str] = set()
    seen_parents: set[str] = set()
    for item in form.items:
        if item.parent and item.parent not in seen_parents:
            seen_parents.add(item.parent)
            first_children.add(item.code)
    partners = {i.pair for i in form.items if i.pair}
    for n, item in enumerate(form.items):
        prev = form.items[n - 1] if n else None
        if item.pair and prev is not None and prev.code == item.pair:
            out.append(Row(item, "", out[-1].depth, False, 0, item.measure or ""))
            continue
        label = item.label
        if item.code in first_children:
            label = f"{PART_PREFIX}{label}"
        size = 2 if item.code in partners and n + 1 < len(form.items) and form.items[n + 1].pair == item.code else 1
        out.append(Row(item, label, depth(form, item), True, size, item.measure or ""))
    return out


# -- examples from the form at hand ----------------------------------------------------------

def explanation_example(forms: list[Form]) -> tuple[str, str] | None:
    """(rule id, sample explanation) of the first warning rule of these forms that gives one
    (``explanation_example``), for the comments of a new file; None when no rule does."""
    for form in forms:
        for rule in form.rules:
            text = rule.source.get("explanation_example")
            if rule.severity == "warning" and isinstance(text, str) and text.strip():
                return rule.id, text.strip()
    return None
