"""Reading a filled template back: every cell checked, every problem named by sheet and cell."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from .. import formshape
from ..campaigns import Campaign
from ..forms import MONEY_DECIMALS, Form, Item
from ..registry import Unit
from ..repo import Repository
from . import layout
from .sheets import col
from .template_book import (
    COVER,
    COVER_FIELDS,
    EXPLAIN_FIRST_ROW,
    EXPLAIN_ROWS,
    FIRST_ROW,
    FORM_ID_CELL,
    INSTRUCTIONS,
    UNIT_LIST,
    VALUE_COL,
    unit_choices,
)
from .zipcheck import UnreadableWorkbook, check

Q = Decimal(1).scaleb(-MONEY_DECIMALS)
NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?\Z")
YES_NO = ("是", "否")
MAX_EXPLANATIONS = 200
EXTRA_ROWS = 200  # rows scanned past a form's items, in case rows were inserted


@dataclass(frozen=True, slots=True)
class CellProblem:
    sheet: str
    cell: str
    message: str
    item: Item | None = None

    @property
    def text(self) -> str:
        if not self.sheet:
            where = self.cell
        else:
            where = f"工作表“{self.sheet}”" + (f"单元格 {self.cell}" if self.cell else "")
        what = f"（项目 {self.item.code} {_short(self.item.label)}）" if self.item else ""
        return f"{where}{what}：{self.message}"


@dataclass(slots=True)
class Filled:
    """What a template holds, as the text newfile.render takes, with where each value sits."""

    campaign: Campaign | None = None
    unit: Unit | None = None
    forms: list[Form] = field(default_factory=list)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)  # reporter, phone, date, report
    explanations: dict[str, str] = field(default_factory=dict)
    cells: dict[tuple[str, str], tuple[str, str, Item | None]] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)


def _short(label: str) -> str:
    return label if len(label) <= 16 else label[:16] + "…"


def open_workbooks(path: Path) -> tuple[Any, Any]:
    """The workbook with formulas, and the same with the values Excel last calculated.

    zipcheck bounds the file first: openpyxl only ever sees a zip of well-formed XML parts
    whose sizes, rows, cells and texts are within limits.
    """
    check(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Excel/WPS extensions openpyxl does not read
            return load_workbook(path), load_workbook(path, data_only=True)
    except Exception as exc:  # whatever openpyxl makes of a part it does not expect
        raise UnreadableWorkbook(
            f"工作簿结构不完整或含有 warmth 不认识的内容（{type(exc).__name__}）；"
            "请用 Excel 或 WPS 打开后另存为 .xlsx，或用 warmth template 重新生成模板") from exc


def read(repo: Repository, path: Path) -> Filled:
    wb, cached = open_workbooks(path)
    out = Filled()
    if COVER not in wb.sheetnames:
        out.problems.append(CellProblem(COVER, "", f"找不到工作表“{COVER}”；请用 warmth template 生成的模板填写"))
        return out
    _cover(repo, wb[COVER], out)
    if out.campaign is None:
        return out
    found: dict[str, str] = {}
    for name in wb.sheetnames:
        if name in (INSTRUCTIONS, COVER, UNIT_LIST):
            continue
        fid = _text(wb[name][FORM_ID_CELL].value)
        if fid is None or fid not in repo.forms:
            continue
        if fid not in out.campaign.forms:
            out.problems.append(CellProblem(name, FORM_ID_CELL, f"表式 {fid} 不属于活动 {out.campaign.id}（该活动使用 {'、'.join(out.campaign.forms)}）"))
            continue
        if fid in found:
            out.problems.append(CellProblem(name, FORM_ID_CELL, f"表式 {fid} 已在工作表“{found[fid]}”中出现"))
            continue
        found[fid] = name
        _form(repo.forms[fid], wb[name], cached[name], out)
    for fid in out.campaign.forms:
        if fid not in found and fid in repo.forms:
            out.problems.append(CellProblem(COVER, "", f"工作簿里没有表式 {fid}（{repo.forms[fid].title}）的工作表；请用 warmth template {out.campaign.id} 生成包含全部表式的模板"))
    out.forms = [repo.forms[f] for f in out.campaign.forms if f in repo.forms]
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _cover(repo: Repository, ws: Any, out: Filled) -> None:
    def at(key: str) -> str:
        return f"B{COVER_FIELDS[key][0]}"

    for key in ("reporter", "phone", "date", "report", "campaign", "unit"):
        out.cells[("", key)] = (COVER, at(key), None)
    cid = _text(ws[at("campaign")].value)
    uid = _text(ws[at("unit")].value)
    if cid is None:
        out.problems.append(CellProblem(COVER, at("campaign"), "活动编号未填写"))
    else:
        out.campaign = repo.campaign(cid)
        if out.campaign is None:
            out.problems.append(CellProblem(COVER, at("campaign"), f"活动 {cid} 不存在；现有活动：{'、'.join(repo.campaign_ids)}"))
    reg = repo.registry
    raw_unit = ws[at("unit")].value
    chooser = isinstance(raw_unit, str) and raw_unit.startswith("=")
    if chooser:
        uid = None  # a campaign's blank template: the id is a formula over the chosen name
    name = _text(ws[at("unit_name")].value)
    if uid is None and name is not None and out.campaign is not None:
        ids = dict(unit_choices(out.campaign, reg))
        uid = ids.get(name)
        if uid is None:
            out.problems.append(CellProblem(COVER, at("unit_name"), f"“{_short(name)}”不是活动 {out.campaign.id} 的报送单位；请从下拉列表中选择本单位"))
            uid = ""
    if uid == "":
        pass
    elif uid is None:
        hint = "；请在“单位名称”的下拉列表中选择本单位" if chooser else ""
        out.problems.append(CellProblem(COVER, at("unit_name" if chooser else "unit"), f"单位{'名称' if chooser else '编号'}未填写{hint}"))
    elif (unit := reg.get(uid) if reg is not None else None) is None:
        out.problems.append(CellProblem(COVER, at("unit"), f"单位 {uid} 不在单位名录（submissions/units.yaml）中"))
    else:
        out.unit = unit
        if out.campaign is not None and uid not in out.campaign.asked:
            out.problems.append(CellProblem(COVER, at("unit"), f"{unit.name}（{uid}）不是活动 {out.campaign.id} 的报送单位"))
    for key in ("reporter", "phone", "date", "report"):
        raw = ws[at(key)].value
        text = _text(raw) if key != "report" else (str(raw).strip("\n") if raw is not None else None)
        if text is None or not text.strip():
            out.problems.append(CellProblem(COVER, at(key), f"{COVER_FIELDS[key][1]}未填写"))
        else:
            out.fields[key] = text
    for n in range(EXPLAIN_FIRST_ROW, EXPLAIN_FIRST_ROW + max(EXPLAIN_ROWS, MAX_EXPLANATIONS)):
        rid, note = _text(ws[f"A{n}"].value), _text(ws[f"B{n}"].value)
        if rid is None and note is None:
            continue
        if rid is None or note is None:
            missing = "说明" if note is None else "规则编号"
            out.problems.append(CellProblem(COVER, f"{'B' if note is None else 'A'}{n}", f"情况说明缺少{missing}"))
            continue
        out.explanations[rid] = note
        out.cells[("explanations", rid)] = (COVER, f"B{n}", None)


def _form(form: Form, ws: Any, cached_ws: Any, out: Filled) -> None:
    rows: dict[str, int] = {}
    for r in range(FIRST_ROW, min(ws.max_row, FIRST_ROW + len(form.items) + EXTRA_ROWS) + 1):
        code = _text(ws.cell(row=r, column=layout.COL_CODE).value)
        if code in form.by_code and code not in rows:
            rows[code] = r
    letter = col(VALUE_COL)
    parsed: dict[str, int | Decimal | str] = {}
    formulas: list[Item] = []
    bad: set[str] = set()
    sums = formshape.totals(form)
    for item in form.items:
        row = rows.get(item.code)
        if row is None:
            out.problems.append(CellProblem(ws.title, "", f"{col(layout.COL_CODE)} 列（代码）里找不到 {item.code}；不要删改“代码”列", item))
            bad.add(item.code)
            continue
        ref = f"{letter}{row}"
        out.cells[(form.id, item.code)] = (ws.title, ref, item)
        raw = ws[ref].value
        if isinstance(raw, str) and raw.startswith("="):
            value = cached_ws[ref].value
            if item.code in sums and (value is None or isinstance(value, str)):
                formulas.append(item)
                continue
            if value is None:
                out.problems.append(CellProblem(ws.title, ref, "是公式，但没有计算结果；请填写数值", item))
                bad.add(item.code)
                continue
            raw = value
        value, problem = convert(item, raw)
        if problem:
            out.problems.append(CellProblem(ws.title, ref, problem, item))
            bad.add(item.code)
        else:
            parsed[item.code] = value  # type: ignore[assignment]
    pending = list(formulas)
    while pending:
        progressed = False
        for item in list(pending):
            parts = sums[item.code]
            if any(p in bad for p in parts):
                pending.remove(item)
                bad.add(item.code)
                progressed = True
            elif all(p in parsed for p in parts):
                parsed[item.code] = sum((parsed[p] for p in parts), start=Decimal(0) if item.kind == "money" else 0)
                pending.remove(item)
                progressed = True
        if not progressed:
            break
    out.values[form.id] = {code: as_text(v) for code, v in parsed.items()}


def convert(item: Item, raw: Any) -> tuple[int | Decimal | str | None, str | None]:
    """A cell's value for an item, or why it cannot be one."""
    what = formshape.kind_words(item, quoted=True)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, "未填写；没有发生的填 0" if item.kind != "yesno" else "未填写；请选择“是”或“否”"
    if isinstance(raw, bool):
        return None, f"应填{what}，这里是逻辑值"
    if item.kind == "yesno":
        text = str(raw).strip()
        return (text, None) if text in YES_NO else (None, f"应填“是”或“否”，这里是“{text}”")
    if isinstance(raw, (datetime, date)):
        return None, f"应填{what}，这里是日期；请把单元格格式改为“常规”后重新输入"
    if isinstance(raw, str):
        text = raw.strip()
        if not NUMBER.match(text):
            if text.startswith("-"):
                return None, f"不能为负数（{text}）"
            return None, f"应填{what}，这里是文字“{text}”；不要带单位、逗号或全角数字"
        number = Decimal(text)
    elif isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return None, f"应填{what}"
        number = Decimal(repr(raw))
    else:
        return None, f"应填{what}"
    if number < 0:
        return None, f"不能为负数（{number}）"
    if item.kind == "count":
        if number != number.to_integral_value():
            return None, f"是计数（{item.unit}），只能填整数，这里是 {number}"
        return int(number), None
    rounded = number.quantize(Q)
    if abs(number - rounded) > Decimal("1e-9"):
        return None, f"金额以万元为单位，最多 {MONEY_DECIMALS} 位小数（精确到元），这里是 {number}"
    return rounded, None


def as_text(value: int | Decimal | str) -> str:
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)
