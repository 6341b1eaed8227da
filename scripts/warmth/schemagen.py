"""JSON Schemas for submissions, generated from the campaign and its form definitions.

They are committed under ``schemas/generated/`` for editors (the modeline in every
submission points at one) and checked for drift; validation uses the same dicts.
"""

from __future__ import annotations

import json
from typing import Any

from . import notice
from .campaigns import Campaign
from .forms import COUNT_MAX, MONEY_DECIMALS, MONEY_LIMIT, Form, Item

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
PHONE_PATTERN = r"^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9})$"


def schema_name(campaign_id: str) -> str:
    return f"submission-{campaign_id}.schema.json"


def item_schema(item: Item) -> dict[str, Any]:
    desc = f"{item.title}"
    if item.kind == "yesno":
        return {"title": item.code, "description": desc, "enum": ["是", "否"]}
    if item.kind == "money":
        return {
            "title": item.code, "type": "number", "minimum": 0, "exclusiveMaximum": MONEY_LIMIT,
            "description": f"{desc}；最多 {MONEY_DECIMALS} 位小数",
        }
    return {"title": item.code, "type": "integer", "minimum": 0, "maximum": COUNT_MAX, "description": desc}


def form_schema(form: Form) -> dict[str, Any]:
    return {
        "title": form.title,
        "description": f"{form.name}（表式 {form.id}）",
        "type": "object",
        "required": [i.code for i in form.items],
        "additionalProperties": False,
        "properties": {i.code: item_schema(i) for i in form.items},
    }


def bulk_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema without the per-value constraints, for the bulk pass.

    Item values reach the schema only after values.parse_item has read them (an integer ≥ 0,
    a 万元 amount ≥ 0 with at most 4 decimals, or 是/否, else a valid stand-in with its own
    finding), and the unit only after the identity check; so only the structure is left to
    check, and checking it alone keeps a national run near the speed of parsing.
    """
    out: dict[str, Any] = json.loads(json.dumps(schema))
    out["properties"]["unit"] = {"type": "string"}
    for form in out["$defs"].values():
        form["properties"] = {code: {} for code in form["properties"]}
    return out


def submission_schema(campaign: Campaign, forms: dict[str, Form]) -> dict[str, Any]:
    used = [forms[f] for f in campaign.forms if f in forms]
    rule_ids = sorted({r.id for f in used for r in f.rules} | set(notice.explainable(campaign)))
    out: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_name(campaign.id),
        "title": f"{campaign.title} 报送文件",
        "description": "由 warmth schemas 根据活动和表式定义生成，请勿手工修改",
        "type": "object",
        "required": ["campaign", "unit", "reporter", "phone", "date", "forms", "report"],
        "additionalProperties": False,
        "properties": {
            "campaign": {"title": "活动编号", "const": campaign.id},
            "unit": {"title": "报送单位编号", "enum": sorted(campaign.reporting_units)},
            "reporter": {"title": "填报人", "type": "string", "minLength": 1,
                         "description": "填报人姓名；和文件的其他内容一样，能看到仓库的人都能看到（公开仓库即任何人）"},
            "phone": {"title": "联系电话", "type": "string", "pattern": PHONE_PATTERN,
                      "description": "填报人联系电话，写作 0871-12345678；公开仓库只能填办公室固定电话，"
                                     "私有仓库也可以填 11 位手机号（网站和公开下载都不显示这一项）"},
            "date": {"title": "填报日期", "type": "string", "pattern": DATE_PATTERN,
                     "description": "填报日期，写作 2022-01-20"},
            "forms": {
                "title": "统计表", "type": "object",
                "required": [f.id for f in used], "additionalProperties": False,
                "properties": {f.id: {"$ref": f"#/$defs/{f.id}"} for f in used},
            },
            "explanations": {
                "title": "警告说明", "type": "object",
                "description": "按规则编号说明警告的原因，审核人会看到",
                "propertyNames": {"enum": rule_ids},
                "additionalProperties": {"type": "string", "minLength": 1},
            },
            "report": {"title": "送温暖报告", "type": "string", "minLength": 1,
                       "description": "本单位送温暖工作的文字报告"},
        },
        "$defs": {f.id: form_schema(f) for f in used},
    }
    if campaign.asks_plan:
        out["properties"]["plan"] = PLAN_SCHEMA
    return out


# the work plan a campaign with a plan phase asks of each unit (see notice.py)
PLAN_SCHEMA: dict[str, Any] = {
    "title": "工作方案", "type": "object", "required": ["date", "text"], "additionalProperties": False,
    "description": "本单位的送温暖工作方案：印发或报出的日期和方案要点",
    "properties": {
        "date": {"title": "方案日期", "type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "工作方案印发或报出的日期，写作 2021-12-10"},
        "text": {"title": "方案要点", "type": "string", "minLength": 1, "description": "工作方案的要点：分工、对象、标准、时间安排"},
    },
}


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
