"""Public data files: CSV per form (UTF-8 with BOM, so Excel opens them right) and a
Frictionless Data Package describing them. No reporter names or phones, ever."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from .aggregate import YES, CampaignData
from .atomic import write_text
from .excel.cells import FORMULA_START
from .excel.rollup import Rollup
from .forms import MONEY_DECIMALS, Form, Item
from .timeliness import MISSING, ON_TIME

CSV_ENCODING = "utf-8-sig"
XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_text(value: Any) -> str:
    """A CSV cell: numbers as plain decimals; text that a spreadsheet would run is defused."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    return str(value)


def to_csv(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow([csv_text(v) for v in r])
    return buf.getvalue()


def item_column(form: Form, item: Item) -> str:
    """A CSV column of an item: its code, a space, its Chinese label and its unit, as a reader
    of the file needs it without the form at hand: ``B 筹集慰问款物总额（万元）``, for a paired
    money item ``D1 因……的职工（发放款物，万元）``, ``G1 生活救助（帮扶款物，万元）``. Codes hold no space, so the code is what
    stands before the first one."""
    paired = form.by_code.get(item.pair) if item.pair else None
    label = paired.label if paired is not None else item.label
    # what of the paired group this column holds: its measure, or its own label (G1 帮扶款物 of F1 生活救助)
    what = item.measure or (item.label if paired is not None and item.label != paired.label else "")
    unit = f"{what}，{item.unit}" if what else item.unit
    return " ".join(f"{item.code} {label}（{unit}）".split())


def units_csv_name(data: CampaignData, form: Form) -> str:
    return f"{data.campaign.id}-{form.id}.csv"


def regions_csv_name(data: CampaignData, form: Form) -> str:
    return f"{data.campaign.id}-{form.id}-regions.csv"


def units_table(data: CampaignData, form: Form, roll: Rollup | None = None) -> tuple[list[str], list[list[Any]]]:
    """One row per unit asked to report; a unit that did not report has empty figures."""
    roll = roll or Rollup(data)
    header = ["unit_id", "unit_name", "region", "status", *[item_column(form, i) for i in form.items]]
    rows: list[list[Any]] = []
    for u in roll.units:
        sub = data.submissions.get(u.id)
        values = sub.forms.get(form.id) if sub else None
        a = data.arrivals.get(u.id)
        status = MISSING if values is None else (a.status if a else ON_TIME)
        figures = [None] * len(form.items) if values is None else [values.get(i.code) for i in form.items]
        rows.append([u.id, u.name, roll.region_name(u.id), status, *figures])
    return header, rows


def regions_table(data: CampaignData, form: Form, roll: Rollup | None = None) -> tuple[list[str], list[list[Any]]]:
    """One row per city or industry system, and a last row for the whole campaign."""
    roll = roll or Rollup(data)
    header = ["region_id", "region_name", "reported", "asked", *[item_column(form, i) for i in form.items]]
    rows: list[list[Any]] = []
    by_region = roll.region_totals(form)
    for r in roll.regions:
        got, asked = roll.reported(r.id)
        figures = [by_region[r.id][i.code] if got else None for i in form.items]
        rows.append([r.id, r.display, got, asked, *figures])
    got, asked = roll.reported()
    issuer = data.registry.get(data.registry.issuer)
    totals = roll.total(form)
    rows.append([data.registry.issuer, f"合计（{issuer.display if issuer else ''}全部报送单位）", got, asked,
                 *[totals[i.code] if got else None for i in form.items]])
    return header, rows


def _item_field(form: Form, item: Item, rolled_up: bool) -> dict[str, Any]:
    field: dict[str, Any] = {"name": item_column(form, item), "title": item.title}
    if item.kind == "money":
        field.update(type="number", description=f"单位：万元，最多 {MONEY_DECIMALS} 位小数", constraints={"minimum": 0})
    elif item.kind == "count" or rolled_up:
        field.update(type="integer", constraints={"minimum": 0})
        if item.kind == "yesno":
            field["description"] = f"回答“{YES}”的单位数"
    else:
        field.update(type="string", constraints={"enum": ["是", "否"]})
    return field


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-") or "data"


def _csv_resource(name: str, path: str, title: str, description: str, fields: list[dict[str, Any]],
                  key: str) -> dict[str, Any]:
    return {
        "name": _slug(name), "path": path, "title": title, "description": description,
        "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": CSV_ENCODING,
        "schema": {"fields": fields, "primaryKey": [key], "missingValues": [""]},
    }


def datapackage(data: CampaignData, workbook_name: str) -> dict[str, Any]:
    c = data.campaign
    resources: list[dict[str, Any]] = []
    for form in data.forms:
        resources.append(_csv_resource(
            f"{c.id}-{form.id}", units_csv_name(data, form), f"{form.title}（分单位）",
            "每个报送单位一行；未报单位的数字为空（不是零）。",
            [
                {"name": "unit_id", "title": "单位编号", "type": "string"},
                {"name": "unit_name", "title": "单位名称", "type": "string"},
                {"name": "region", "title": "所属地区", "type": "string"},
                {"name": "status", "title": "报送状态", "type": "string", "constraints": {"enum": ["已报", "逾期", "未报"]}},
                *[_item_field(form, i, False) for i in form.items],
            ],
            "unit_id",
        ))
        resources.append(_csv_resource(
            f"{c.id}-{form.id}-regions", regions_csv_name(data, form), f"{form.title}（分地区汇总）",
            "每个市、产业系统一行，最后一行为全部报送单位合计；没有单位报送的地区数字为空。",
            [
                {"name": "region_id", "title": "地区编号", "type": "string"},
                {"name": "region_name", "title": "地区名称", "type": "string"},
                {"name": "reported", "title": "已报单位数", "type": "integer"},
                {"name": "asked", "title": "应报单位数", "type": "integer"},
                *[_item_field(form, i, True) for i in form.items],
            ],
            "region_id",
        ))
    resources.append({
        "name": _slug(f"{c.id}-workbook"), "path": workbook_name, "title": f"{c.title}汇总工作簿",
        "format": "xlsx", "mediatype": XLSX_MEDIATYPE,
    })
    return {
        "name": _slug(c.id),
        "title": c.title,
        "description": f"{c.title}（{c.doc_number}）的汇总数据。数字为各单位报告之和，未报单位不计入。",
        "profile": "data-package",
        "resources": resources,
    }


def datapackage_json(data: CampaignData, workbook_name: str) -> str:
    return json.dumps(datapackage(data, workbook_name), ensure_ascii=False, indent=2) + "\n"


def file_paths(data: CampaignData, public_dir: Path) -> list[Path]:
    """The files write_files writes, in its order."""
    paths: list[Path] = []
    for form in data.forms:
        paths += [public_dir / units_csv_name(data, form), public_dir / regions_csv_name(data, form)]
    return [*paths, public_dir / "datapackage.json"]


def write_files(data: CampaignData, public_dir: Path, roll: Rollup, workbook_name: str) -> list[Path]:
    """The CSV files of every form (units and regions) and ``datapackage.json``, which
    describes them and the public workbook ``workbook_name``."""
    written: list[Path] = []
    for form in data.forms:
        header, rows = units_table(data, form, roll)
        written.append(write_text(public_dir / units_csv_name(data, form), to_csv(header, rows), CSV_ENCODING))
        header, rows = regions_table(data, form, roll)
        written.append(write_text(public_dir / regions_csv_name(data, form), to_csv(header, rows), CSV_ENCODING))
    written.append(write_text(public_dir / "datapackage.json", datapackage_json(data, workbook_name)))
    return written
