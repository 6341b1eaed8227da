"""The review as Markdown for a pull request (job summary or comment), in Chinese.

Everything that comes from a submission or from Git (names, values, messages, explanations,
paths) goes through md() so it cannot open a table cell, a link, an HTML tag or a mention.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ..campaigns import CHINA_TZ
from ..findings import SEVERITY_ZH, TEXT_MAX, Finding, clip
from ..review import CHANGED, DELETED, NEW, FileReview, Review, TotalRow

_MD_SPECIAL = set("\\`*_{}[]()#+!|~<>")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "@": "&#64;"}
STATUS_ZH = {"pass": "✅ 通过", "fail": "❌ 未通过", "skip": "➖ 不适用", "unchecked": "⚠️ 未检查"}
REPORT_MAX = 3000
# GitHub keeps at most 1 MiB of job summary per step; stay well under it whatever the input
SUMMARY_MAX_BYTES = 900_000
FILE_STATUS_ZH = {NEW: "新报送", CHANGED: "修改", DELETED: "删除"}


def md(text: object, limit: int = TEXT_MAX) -> str:
    """Escape text for use inside Markdown (also inside a table cell): HTML entities for
    & < > " @, a backslash before Markdown punctuation, line breaks as <br>. A value longer
    than limit characters is shortened in the middle."""
    out = []
    s = clip(str(text), limit).replace("\r\n", "\n").replace("\r", "\n")
    for ch in s:
        if ch in _HTML:
            out.append(_HTML[ch])
        elif ch == "\n":
            out.append("<br>")
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def num(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, Decimal):
        s = format(v, "f")
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        return s or "0"
    return md(v)


def signed(v: int | Decimal) -> str:
    if v == 0:
        return "0"
    return ("+" if v > 0 else "−") + num(abs(v))


def _time(t: datetime | None) -> str:
    return t.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M（北京时间）") if t else "未知"


def render(review: Review, max_bytes: int = SUMMARY_MAX_BYTES) -> str:
    """The summary; when it would pass max_bytes (UTF-8), whole blocks at the end are left
    out and a last line says how many."""
    head: list[str] = ["## 送温暖报送审核摘要", ""]
    head.append(f"比较基准：`{md(review.base_ref)}`（{review.base_commit[:10]}）。")
    subs = review.files
    if not subs:
        head.append("")
        head.append("本次改动没有涉及任何报送文件。")
    else:
        n_err = sum(1 for f in subs if f.errors or f.problem)
        head.append(f"本次改动涉及 {len(subs)} 份报送文件，其中 {n_err} 份有错误。")
    budget = _Budget(max_bytes)
    budget.add(head)
    if review.other_files:
        budget.add(["", "**其他改动的文件**（活动、表式、名录、工作流或代码，须由发文单位管理员审核）：", ""])
        for n, p in enumerate(review.other_files):
            if not budget.add([f"- {md(p)}"]):
                budget.note(f"其余 {len(review.other_files) - n} 个文件未列出。")
                break
    for n, fr in enumerate(subs):
        if not budget.add(["", *_file(fr)]):
            budget.note(f"摘要已达到 GitHub 的大小上限，其余 {len(subs) - n} 份报送文件的摘要未列出；"
                        "请在本地运行 warmth review 查看。")
            return budget.text()
    if review.all_findings is not None:
        budget.add([""])
        findings_section(review.all_findings, budget)
    return budget.text()


class _Budget:
    """Lines of Markdown added in blocks while they fit in max_bytes, with room kept for a
    closing note."""

    NOTE_ROOM = 2_000

    def __init__(self, max_bytes: int) -> None:
        self.lines: list[str] = []
        self.left = max_bytes - self.NOTE_ROOM

    def add(self, block: list[str]) -> bool:
        size = sum(len(line.encode("utf-8")) + 1 for line in block)
        if size > self.left:
            return False
        self.lines.extend(block)
        self.left -= size
        return True

    def note(self, text: str) -> None:
        self.lines += ["", f"**{text}**"]

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def findings_section(findings: list[Finding], budget: _Budget | None = None) -> list[str]:
    """Every finding as a table row; with a budget, rows are added while they fit."""
    budget = budget or _Budget(1 << 62)
    out = ["## 全部检查结果", ""]
    if not findings:
        budget.add([*out, "全部文件检查通过，没有错误或警告。"])
        return budget.lines
    n_err = sum(1 for f in findings if f.severity == "error")
    out.append(f"共 {n_err} 个错误、{len(findings) - n_err} 个警告（GitHub 在每个步骤只显示前 10 条注释，这里是全部）。")
    out.append("")
    out.append("| 级别 | 文件 | 行 | 规则 | 说明 |")
    out.append("| --- | --- | ---: | --- | --- |")
    budget.add(out)
    for n, f in enumerate(findings):
        row = f"| {SEVERITY_ZH.get(f.severity, f.severity)} | {md(f.file)} | {f.line} | {md(f.rule)} | {md(f.text, 2 * TEXT_MAX)} |"
        if not budget.add([row]):
            budget.note(f"摘要已达到 GitHub 的大小上限，其余 {len(findings) - n} 条检查结果未列出；"
                        "请在本地运行 warmth validate 查看全部。")
            break
    return budget.lines


def _file(fr: FileReview) -> list[str]:
    who = md(fr.unit_name or fr.unit_id)
    out = [f"### {who}：{md(fr.campaign_title or fr.campaign_id)}", ""]
    out.append(f"- 文件：{md(fr.path)}（{FILE_STATUS_ZH[fr.status]}）")
    if fr.unit_name:
        level = f"，{md(fr.unit_level)}" if fr.unit_level else ""
        region = f"，属于{md(fr.region_name)}" if fr.region_name and fr.region_id != fr.unit_id else ""
        out.append(f"- 单位：{md(fr.unit_name)}（{md(fr.unit_id)}{level}{region}）")
    else:
        out.append(f"- 单位：{md(fr.unit_id)}（⚠️ 不在单位名录中）")
    out.append(f"- 活动：{md(fr.campaign_title or fr.campaign_id)}（{md(fr.campaign_id)}），截止日期 {md(fr.deadline or '未知')}")
    if fr.accepted_edit:
        out.append("- ⚠️ **修改已验收的报告**：这份报告此前已经合并（验收），本次是对它的修改或删除，请核实修改原因。")
    if fr.arrival_source == "本次":
        late = "⚠️ **逾期报送**（晚于截止日期）" if fr.late else "按时报送"
        out.append(f"- 报送时间：{_time(fr.arrival)}，以本次审核时间计，{late}")
    elif fr.arrival is not None:
        how = "发文单位登记" if fr.arrival_source == "登记" else "首次合并"
        late = "⚠️ 逾期报送" if fr.late else "按时报送"
        out.append(f"- 首次报送：{_time(fr.arrival)}（{how}），{late}")
        if fr.edited_after_deadline:
            out.append("- 本次修改发生在截止日期之后。")
    if fr.problem:
        out.append(f"- ❌ {md(fr.problem)}")
    out.append("")
    if fr.status == DELETED:
        out.append("⚠️ **本次改动删除了这份报告。**")
        out.append("")

    out.append("#### 检查结果")
    out.append("")
    if fr.errors:
        out.append(f"❌ 有 {len(fr.errors)} 个错误，改正之前不能合并：")
        out.append("")
        out.append("| 行 | 规则 | 说明 |")
        out.append("| ---: | --- | --- |")
        out.extend(f"| {f.line} | {md(f.rule)} | {md(f.text, 2 * TEXT_MAX)} |" for f in fr.errors)
    elif fr.status == DELETED:
        out.append("文件已删除，无需检查。")
    else:
        out.append("✅ 没有错误。")
    out.append("")
    if fr.warnings:
        out.append(f"⚠️ 有 {len(fr.warnings)} 个警告，请审核人核实：")
        out.append("")
        out.append("| 行 | 规则 | 说明 | 填报单位的说明 |")
        out.append("| ---: | --- | --- | --- |")
        for w in fr.warnings:
            note = md(w.explanation) if w.explanation else "（未说明）"
            out.append(f"| {w.finding.line} | {md(w.finding.rule)} | {md(w.finding.message)} | {note} |")
        out.append("")

    if fr.outcomes:
        passed = sum(1 for o in fr.outcomes if o.status == "pass")
        failed = sum(1 for o in fr.outcomes if o.status == "fail")
        unchecked = sum(1 for o in fr.outcomes if o.status == "unchecked")
        out.append("<details><summary>全部规则的结果："
                   f"{passed} 条通过，{failed} 条未通过，" + (f"{unchecked} 条因数值无法读取未检查，" if unchecked else "")
                   + f"{len(fr.outcomes) - passed - failed - unchecked} 条不适用</summary>")
        out.append("")
        out.append("| 表式 | 规则 | 级别 | 结果 | 内容 | 详情 | 填报单位的说明 |")
        out.append("| --- | --- | --- | --- | --- | --- | --- |")
        for o in fr.outcomes:
            out.append(
                f"| {md(o.form)} | {md(o.rule)} | {SEVERITY_ZH.get(o.severity, md(o.severity))} | {STATUS_ZH.get(o.status, md(o.status))} "
                f"| {md(o.message)} | {md(o.detail) if o.detail else ''} | {md(o.explanation) if o.explanation else ''} |"
            )
        out.append("")
        out.append("</details>")
        out.append("")
    elif fr.status != DELETED and fr.errors:
        out.append("文件有错误，表内规则未执行；改正错误后会列出每条规则的结果。")
        out.append("")

    for fv in fr.forms:
        n_changed = sum(1 for r in fv.rows if r.changed)
        title = f"#### 表式：{md(fv.title)}（{md(fv.id)}）"
        out.append(title)
        out.append("")
        if fr.status == CHANGED:
            out.append(f"与基准版本相比有 {n_changed} 项数值改变（~~原值~~ → **新值**）。" if n_changed else "数值与基准版本相同。")
            out.append("")
        if not fv.rows:
            out.append("（未填写）")
            out.append("")
            continue
        out.append("| 代码 | 项目 | 数值 | 单位 |")
        out.append("| --- | --- | ---: | --- |")
        for r in fv.rows:
            if r.changed:
                old = f"~~{num(r.base)}~~" if r.base is not None else "（原无）"
                new = f"**{num(r.value)}**" if r.value is not None else "（删除）"
                value = f"{old} → {new}"
            else:
                value = num(r.value)
            out.append(f"| {md(r.code)} | {md(r.label)} | {value} | {md(r.unit)} |")
        out.append("")

    if fr.report:
        changed = "（本次有改动）" if fr.report_changed and fr.status == CHANGED else ""
        text = fr.report if len(fr.report) <= REPORT_MAX else fr.report[:REPORT_MAX] + "……（以下从略）"
        out.append(f"<details><summary>送温暖报告正文{changed}</summary>")
        out.append("")
        out.append(md(text, REPORT_MAX + 20))
        out.append("")
        out.append("</details>")
        out.append("")

    if fr.previous_campaign is not None:
        out.append(f"#### 与本单位上次活动（{md(fr.previous_campaign)}）相比")
        out.append("")
        if fr.jumps:
            out.append(f"以下项目变化超过 {num(fr.jump_max)} 倍：")
            out.append("")
            out.append("| 表式 | 代码 | 项目 | 上次 | 本次 | 单位 |")
            out.append("| --- | --- | --- | ---: | ---: | --- |")
            out.extend(
                f"| {md(j.form)} | {md(j.code)} | {md(j.label)} | {num(j.previous)} | {num(j.current)} | {md(j.unit)} |"
                for j in fr.jumps
            )
        else:
            out.append(f"没有变化超过 {num(fr.jump_max)} 倍的项目（或上次活动没有本单位的报告）。")
        out.append("")

    if fr.totals:
        region = md(fr.region_name or fr.region_id)
        out.append("#### 对合计数的影响")
        out.append("")
        if fr.errors:
            out.append("（文件有错误，合并前须改正；下面按目前能读出的数值计算。）")
            out.append("")
        any_rows = False
        for fid, rows in fr.totals.items():
            if not rows:
                continue
            any_rows = True
            out.append(f"表式 {md(fid)}：")
            out.append("")
            out.append(f"| 代码 | 项目 | {region}合计：改前 → 改后 | 差额 | 全活动合计：改前 → 改后 | 差额 |")
            out.append("| --- | --- | ---: | ---: | ---: | ---: |")
            out.extend(_total_row(t) for t in rows)
            out.append("")
        if not any_rows:
            out.append("本次改动不影响任何合计数。")
            out.append("")

    return out


def _total_row(t: TotalRow) -> str:
    unit = "个单位答“是”" if t.unit == "是/否" else t.unit
    return (
        f"| {md(t.code)} | {md(t.label)}（{md(unit)}） | {num(t.region_before)} → {num(t.region_after)} "
        f"| {signed(t.region_after - t.region_before)} | {num(t.campaign_before)} → {num(t.campaign_after)} "
        f"| {signed(t.campaign_after - t.campaign_before)} |"
    )
