"""A ready-to-fill submission: every item present, labelled, with the editor's schema modeline."""

from __future__ import annotations

from .campaigns import Campaign
from .forms import MONEY_DECIMALS, Form
from .formshape import explanation_example, file_comment
from .notice import PLAN_PLACEHOLDER
from .registry import Unit
from .schemagen import schema_name

PLACEHOLDER_COLUMN = 12
ITEM_COLUMN = 18  # where an item line's comment starts (the fill-in page pads the same way)
REPORT_PLACEHOLDER = "（在此填写本单位送温暖工作报告：组织情况、主要做法、成效和下一步打算。）"


# Who can read a submission, said where it is filled: the file's comments, the Excel template.
# A public repository publishes every committed field (and every pull request, merged or not).
PRIVACY_NOTES = {
    True: "本仓库是公开仓库：本文件的全部内容（含填报人、联系电话和注释）任何人都能看到，改掉后 Git 历史里仍然保留；"
          "联系电话只填办公室固定电话，任何地方都不要写身份证号、手机号、银行卡号。",
    False: "本仓库是私有仓库：本文件只有能访问仓库的人（各报送单位、审核人和管理员）能看到；网站公开其中的统计数字、报告和情况说明，"
           "不显示填报人和联系电话。手机号只能写在联系电话一栏，正文和注释里不要写身份证号、手机号、银行卡号。",
}
FIELD_NOTES = {
    True: {"reporter": "填报人姓名（随文件公开）",
           "phone": "办公室固定电话，如 0871-12345678（随文件公开，不能填手机号）"},
    False: {"reporter": "填报人姓名（仓库内可见，网站不显示）",
            "phone": "联系电话，如 0871-12345678（仓库内可见，网站不显示）"},
}


def render(campaign: Campaign, unit: Unit, forms: list[Form], values: dict[str, dict[str, str]] | None = None,
           public: bool = True) -> str:
    """The YAML text; values (form -> code -> text) prefill items, others stay empty.

    public is the repository's visibility (the registry's setting): the comments say who can
    read the file and what the phone may hold."""
    values = values or {}
    out = [
        f"# yaml-language-server: $schema=../../schemas/generated/{schema_name(campaign.id)}",
        f"# {_one(campaign.title)}（{_one(campaign.doc_number)}）报送文件：{_one(unit.name)}",
        f"# 截止日期 {_one(campaign.deadline)}。每项填一个数字，没有发生的填 0；金额单位为万元，最多 {MONEY_DECIMALS} 位小数。",
        f"# {PRIVACY_NOTES[public]}",
        f"campaign: {campaign.id}",
        f"unit: {unit.id}",
        _line("reporter:", FIELD_NOTES[public]["reporter"]),
        _line("phone:", FIELD_NOTES[public]["phone"]),
        _line("date:", "填报日期，如 2022-01-20"),
        "forms:",
    ]
    for form in forms:
        out.append(_line(f"  {form.id}:", form.title))
        filled = values.get(form.id, {})
        for item in form.items:
            v = filled.get(item.code, "")
            out.append(_line(f"    {item.code}: {v}".rstrip(), file_comment(form, item), width=ITEM_COLUMN))
    example = explanation_example(forms)
    if example is not None:
        out += [
            "# 有警告又确属实情时，按规则编号写明原因，例如：",
            # "#" alone before each line, so deleting it (by hand or with an editor's toggle,
            # which also takes one space) leaves valid YAML either way
            "#explanations:",
            f"#   {example[0]}: {example[1]}",
        ]
    if campaign.asks_plan:
        due = next(p["due"] for p in campaign.phases if "plan" in p["deliverables"])
        out += [
            f"# 工作方案：{due} 前报出；date 写方案印发或报出的日期",
            "plan:",
            _line("  date:", "方案日期，如 2021-12-10"),
            "  text: |",
            f"    {PLAN_PLACEHOLDER}",
        ]
    out += [
        "report: |",
        f"  {REPORT_PLACEHOLDER}",
    ]
    return "\n".join(out) + "\n"


def _line(code: str, comment: str, width: int = PLACEHOLDER_COLUMN) -> str:
    return f"{code.ljust(width)} # {_one(comment)}"


def _one(text: object) -> str:
    """Text for a comment: on one line whatever it holds (a line break in a title would end
    the comment and put the rest of the title into the YAML)."""
    return " ".join(str(text).split())
