"""Generated guidance: every form item explained, every error and warning explained.

Items come from the form definitions; rules from the registry of rules (warmth.rules) and
from the forms' own rules, presented in the registry's shape.
"""

from __future__ import annotations

import re

from .. import rules as R
from ..findings import PER_RULE_MAX
from ..forms import MONEY_DECIMALS, Form
from ..formshape import item_label, parts_of, range_text, requirement, sections, sums, total_rules
from ..repo import Repository
from .campaign import slug
from .text import code, inline


def items_page(repo: Repository) -> str:
    used: dict[str, list[str]] = {}
    for cid in repo.campaign_ids:
        c = repo.campaign(cid)
        if c is not None:
            for fid in c.forms:
                used.setdefault(fid, []).append(c.title)
    lines = [
        "# 表式项目说明",
        "",
        "本页由表式定义（`schemas/forms/*.yaml`）自动生成，列出每个表式的每一项：代码、名称、单位，"
        f"以及它计入哪个合计。填报时每一项都要填：没有发生的填 0；金额以万元为单位，最多 {MONEY_DECIMALS} 位小数（精确到元）；"
        "人次、户、家、个等计数填整数；“是/否”项直接写汉字 是 或 否。",
        "",
        f"“计入”一栏说明这一项是哪个合计的组成部分{_total_example(repo)}。"
        "“其中项”是所属项目的一部分，不能超过它，但不要求相加相等。",
        "",
    ]
    for fid, form in sorted(repo.forms.items()):
        lines += form_section(form, used.get(fid, []))
    return "\n".join(lines)


def _total_example(repo: Repository) -> str:
    """The items page's example of a total ("，例如 B1 计入 B，…"), taken from the first total of
    the latest campaign's forms (then of any form); "" when no form has a total."""
    latest = sorted((c for cid in repo.campaign_ids if (c := repo.campaign(cid)) is not None),
                    key=lambda c: c.issued, reverse=True)
    order = [fid for c in latest for fid in c.forms] + sorted(repo.forms)
    for fid in order:
        form = repo.forms.get(fid)
        found = total_rules(form) if form is not None else []
        if found:
            _, whole, addends = found[0]
            return f"，例如 {addends[0]} 计入 {whole}，表示 {whole} 必须等于 {range_text(addends)} 之和"
    return ""


def form_section(form: Form, used_by: list[str]) -> list[str]:
    lines = [f"## {inline(form.title)} {{#{slug(form.id)}}}", ""]
    lines.append(f"表式编号 {code(form.id)}（{inline(form.name)}）。")
    if used_by:
        lines.append(f"用于：{'、'.join(inline(t) for t in used_by)}。")
    if form.source:
        lines.append(f"依据：{inline(form.source)}。")
    if form.as_of:
        lines.append(f"统计截至 {inline(form.as_of)}。")
    lines.append("")
    belongs = sums(form)
    within = parts_of(form)
    for sec in sections(form):
        lines += [f"### {inline(sec.title)}（{form.id}）", ""]
        lines += ["| 代码 | 项目 | 单位 | 计入 | 填写要求 |", "| --- | --- | --- | --- | --- |"]
        for item in sec.items:
            into = "、".join(belongs.get(item.code, []))
            if item.code in within:
                into = (into + "；" if into else "") + f"{within[item.code]} 的其中项"
            into = into or "—"
            lines.append(f"| {item.code} | {inline(item_label(form, item))} | {inline(item.unit)} | {into} | {requirement(form, item)} |")
        lines.append("")
    return lines


SEVERITY = {"error": "错误（必须改正）", "warning": "警告（请核实，必要时说明）"}


def errors_page(repo: Repository) -> str:
    lines = [
        "# 错误与警告",
        "",
        "提交报送文件后，检查程序会在拉取请求上逐条指出问题，每条都带有文件名、行号、规则编号和改正提示。"
        "本页列出全部检查，由检查程序的规则清单和表式定义自动生成。",
        "",
        "- **错误**必须改正，否则报告不能合并，也不会计入汇总。",
        "- **警告**不阻止合并，是提醒审核人注意的地方。数字确实无误时，在报送文件的 `explanations` 下按规则编号写明原因：",
        "",
        "```yaml",
        "explanations:",
        "  D-per-person: 本次对三户特困家庭提高了慰问标准",
        "```",
        "",
        "消息中的“…”处会显示具体的项目、数值或行号，过长的数值只显示开头和结尾。"
        f"同一文件中同一规则的问题超过 {PER_RULE_MAX} 处时，只列出前 {PER_RULE_MAX} 处，"
        "再用一条说明其余的数量和所在行的范围。在本地可以运行 `warmth validate 文件路径` 先自查。",
        "",
    ]
    for group, heading in R.GROUPS.items():
        lines += [f"## {heading}", ""]
        for r in sorted((r for r in R.RULES.values() if r.group == group), key=lambda r: r.id):
            lines += rule_section(r, r.id)
    lines += ["## 表式规则", "",
              "下列规则写在表式定义里，随表式版本变化。等式规则要求合计等于各分项之和；“其中”规则要求分项不超过所属项目；"
              "配对规则是警告：一类对象有慰问人次而没有发放款物（例如只以电话、视频慰问），或反过来，"
              "请在 explanations 下按规则编号写明原因。", ""]
    for fid, form in sorted(repo.forms.items()):
        if not form.rules:
            continue
        lines += [f"### {inline(form.title)}（{fid}）", ""]
        for rule in form.rules:
            lines += rule_section(R.form_rule(form, rule), f"{slug(fid)}-{rule.id}", level="####")
    return "\n".join(lines)


_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")


def rule_section(r: R.Rule, anchor: str, level: str = "###") -> list[str]:
    """One rule: its Chinese title with the id beside it (the id, or form and id, the anchor)."""
    rid = f"`{r.id}`" if _PLAIN_ID.fullmatch(r.id) else code(r.id)
    lines = [f"{level} {inline(r.title)}（{rid}） {{#{anchor}}}", "", f"类别：{SEVERITY.get(r.severity, r.severity)}", ""]
    if r.guide:
        lines += [inline(r.guide) + (f"检查：{code(r.check)}" if r.check else ""), ""]
    wordings = [(r.message, r.hint)] + [(w.message, w.hint) for w in R.WORDINGS.get(r.id, [])]
    for m, h in wordings:
        if m:
            lines.append(f"- 提示信息：{inline(r.shape(m))}" + (f"<br>怎样改：{inline(r.shape(h))}" if h else ""))
    lines.append("")
    if r.example:
        lines += ["例如：", "", "```yaml", r.example, "```", ""]
    return lines


PRIVACY_MARKER = "<!-- warmth:privacy -->"


def privacy_section(public: bool) -> str:
    """What is public and what is not, for this repository's visibility (the registry says it).

    Hand-written pages carry the marker; the build puts this text in its place, so a page never
    promises more than the repository it is built from does."""
    if public:
        lines = [
            "本仓库是**公开仓库**（单位名录 `submissions/units.yaml` 中 `visibility: public`，不写时也按公开处理）。",
            "",
            "- **报送文件的每一项都是公开的**：统计数字、送温暖报告、情况说明、填报人（`reporter`）、"
            "联系电话（`phone`）和文件里的注释，任何人都能在 GitHub 上看到。拉取请求一创建就公开；"
            "没有合并的、后来改掉的内容，也都留在历史记录里。",
            "- 所以**联系电话只能填办公室固定电话**，例如 `0871-12345678`；填手机号，检查程序会报错"
            "（规则 `privacy-contact-mobile`）。",
            "- 本站的页面和公开下载的工作簿、CSV 数据不显示填报人和联系电话（统计数字、送温暖报告和情况说明会显示）；"
            "但填报人和联系电话在仓库里本来就是公开的。",
        ]
    else:
        lines = [
            "本仓库是**私有仓库**（单位名录 `submissions/units.yaml` 中 `visibility: private`）。",
            "",
            "- 报送文件（含填报人、联系电话和注释）只有能访问本仓库的人能看到：各报送单位的账号、审核人和管理员"
            "都能看到**所有单位**的文件，不只是本单位的。",
            "- 联系电话可以填办公室固定电话，也可以填手机号；手机号只能写在 `phone` 一栏。",
            "- 本站的页面和公开下载的工作簿、CSV 数据是公开的：统计数字、送温暖报告和情况说明会显示，填报人和联系电话不显示。",
            "- 仓库改为公开之前，先把 `visibility` 改为 `public`，检查程序会指出每一个填了手机号的文件；"
            "改正之后，Git 历史里的旧号码仍在，需要由管理员清理，否则公开后仍能查到。",
        ]
    lines += [
        "- 身份证号、手机号、银行卡号不能写在报送文件的其他任何地方（正文、情况说明、注释）。"
        "检查程序发现疑似号码会报错，但检查在提交之后才运行：提交之前请自己核对，会用命令行的同事先在本机运行 "
        "`warmth validate`。万一已经提交，请立即告诉管理员；只改文件不能把号码从历史记录中删除。",
    ]
    return "\n".join(lines) + "\n"
