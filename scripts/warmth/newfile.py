"""A ready-to-fill submission: every item present, labelled, with the editor's schema modeline."""

from __future__ import annotations

from .campaigns import Campaign
from .forms import Form, Item
from .registry import Unit
from .schemagen import schema_name

PLACEHOLDER_COLUMN = 12
REPORT_PLACEHOLDER = "（在此填写本单位送温暖工作报告：组织情况、主要做法、成效和下一步打算。）"


def render(campaign: Campaign, unit: Unit, forms: list[Form], values: dict[str, dict[str, str]] | None = None) -> str:
    """The YAML text; values (form -> code -> text) prefill items, others stay empty."""
    values = values or {}
    out = [
        f"# yaml-language-server: $schema=../../schemas/generated/{schema_name(campaign.id)}",
        f"# {campaign.title}（{campaign.doc_number}）报送文件：{unit.name}",
        f"# 截止日期 {campaign.deadline}。每项填一个数字，没有发生的填 0；金额单位为万元，最多 4 位小数。",
        "# 填报人和联系电话只给审核人看，不会公开；正文里不要写身份证号、手机号、银行卡号。",
        f"campaign: {campaign.id}",
        f"unit: {unit.id}",
        _line("reporter:", "填报人姓名（不公开）"),
        _line("phone:", "联系电话（不公开），如 0871-12345678"),
        _line("date:", "填报日期，如 2022-01-20"),
        "forms:",
    ]
    for form in forms:
        out.append(_line(f"  {form.id}:", form.title))
        filled = values.get(form.id, {})
        for item in form.items:
            v = filled.get(item.code, "")
            out.append(_line(f"    {item.code}: {v}".rstrip(), _comment(form, item), width=18))
    out += [
        "# 有警告又确属实情时，按规则编号写明原因，例如：",
        "# explanations:",
        "#   D-per-person: 本次对三户特困家庭提高了慰问标准",
        "report: |",
        f"  {REPORT_PLACEHOLDER}",
    ]
    return "\n".join(out) + "\n"


def _line(code: str, comment: str, width: int = PLACEHOLDER_COLUMN) -> str:
    return f"{code.ljust(width)} # {comment}"


def _comment(form: Form, item: Item) -> str:
    """The printed label; a money line sharing its group with a people line names that line."""
    pair = form.by_code.get(item.pair) if item.pair else None
    if pair is not None and pair.label == item.label:
        return f"{item.code} {item.measure or ''}（{item.unit}），与 {pair.code} 同一类对象"
    return f"{item.code} {item.title}"
