"""Campaign workbooks, CSV and datapackage checked against totals computed here, straight from
the YAML files (read with PyYAML's BaseLoader: every scalar stays text)."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
import pytest
import yaml
from python_calamine import CalamineWorkbook

from .conftest import ROOT, make_repo

CID = "2022-spring"
TOL = Decimal("0.00005")


# -- independent reading of the data --------------------------------------------------------
def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


class Expected:
    """Totals and rows computed from the files, without the warmth package."""

    def __init__(self, root: Path, cid: str = CID) -> None:
        folder = root / "submissions" / cid
        self.campaign = read_yaml(folder / "campaign.yaml")
        reg = read_yaml(root / "submissions" / "units.yaml")
        self.issuer = reg["issuer"]
        self.units = {u["id"]: u for u in reg["units"]}
        self.asked = list(self.campaign["reporting_units"])
        self.subs = {uid: read_yaml(folder / f"{uid}.yaml") for uid in self.asked if (folder / f"{uid}.yaml").is_file()}
        self.missing = [u for u in self.asked if u not in self.subs]
        self.forms = list(self.campaign["forms"])

    def region(self, uid: str) -> str:
        chain = [uid]
        while self.units[chain[-1]].get("parent"):
            chain.append(self.units[chain[-1]]["parent"])
        return chain[chain.index(self.issuer) - 1]

    def codes(self, form: str) -> list[str]:
        return list(next(iter(self.subs.values()))["forms"][form])

    def total(self, form: str, code: str, units: list[str] | None = None) -> Decimal:
        ids = [u for u in (units if units is not None else self.asked) if u in self.subs]
        out = Decimal(0)
        for u in ids:
            v = self.subs[u]["forms"][form][code]
            out += (1 if v == "是" else 0) if v in ("是", "否") else Decimal(v)
        return out

    def people(self) -> set[str]:
        return {s["reporter"] for s in self.subs.values()} | {s["phone"] for s in self.subs.values()}


def close(actual: Any, expected: Decimal) -> bool:
    return actual is not None and not isinstance(actual, str) and abs(Decimal(repr(actual)) - expected) < TOL


# -- fixtures -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from warmth.aggregate import load
    from warmth.pipeline import write_campaign_outputs
    from warmth.repo import Repository

    root = make_repo(tmp_path_factory.mktemp("excel") / "repo")
    data = load(Repository(root), CID)
    internal, public = root / "build", root / "build" / "public"
    paths = write_campaign_outputs(data, internal, public)
    return {"root": root, "paths": paths, "internal": internal / f"{CID}-internal.xlsx",
            "public": public / f"{CID}.xlsx", "public_dir": public, "exp": Expected(root), "data": data}


def summary_values(path: Path, sheet: str, reader: str) -> dict[str, Any]:
    """code -> 合计 cell of a summary sheet (column B holds the code, F the figure)."""
    if reader == "openpyxl":
        ws = openpyxl.load_workbook(path, data_only=True)[sheet]  # the cached values: no recalculation
        rows = [[c.value for c in r] for r in ws.iter_rows()]
    else:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return {r[1]: r[5] for r in rows[3:] if len(r) > 5 and r[1]}


def total_row_of(ws: Any) -> int:
    """The 合计 row of a per-unit sheet (signature lines follow it)."""
    return next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "合计")


def sheet_for(path: Path, form_title_part: str, suffix: str) -> str:
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    return next(n for n in names if n.endswith(suffix) and form_title_part in n)


# -- tests ----------------------------------------------------------------------------------
def test_writes_every_file(built: dict[str, Any]) -> None:
    names = {p.name for p in built["paths"]}
    assert f"{CID}-internal.xlsx" in names and f"{CID}.xlsx" in names and "datapackage.json" in names
    for form in built["exp"].forms:
        assert f"{CID}-{form}.csv" in names
    assert all(p.is_file() for p in built["paths"])
    leftovers = [p for p in built["internal"].parent.rglob("*.tmp")]
    assert leftovers == []


@pytest.mark.parametrize("reader", ["openpyxl", "calamine"])
def test_public_summary_equals_yaml_totals(built: dict[str, Any], reader: str) -> None:
    exp: Expected = built["exp"]
    data = built["data"]
    for form in data.forms:
        sheet = f"{form.name}汇总"
        got = summary_values(built["public"], sheet, reader)
        for code in exp.codes(form.id):
            assert close(got[code], exp.total(form.id, code)), (form.id, code, got[code])


def test_internal_summary_is_live_formulas(built: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(built["internal"])
    data = built["data"]
    form = data.forms[0]
    ws = wb[f"{form.name}汇总"]
    units_ws = wb[f"{form.name}分单位"]
    total_row = total_row_of(units_ws)
    assert total_row == 3 + len(built["exp"].asked)
    n_units = len(built["exp"].asked)
    # the 合计 column of the summary references the total row of the per-unit sheet
    by_code = {ws.cell(r, 2).value: ws.cell(r, 6).value for r in range(4, ws.max_row + 1)}
    for n, item in enumerate(form.items):
        formula = by_code[item.code]
        assert formula.startswith(f"='{form.name}分单位'!") and formula.endswith(str(total_row)), formula
        cell = units_ws.cell(total_row, 5 + n).value
        letter = openpyxl.utils.get_column_letter(5 + n)
        if item.kind == "yesno":
            assert cell == f'=COUNTIF({letter}3:{letter}{2 + n_units},"是")'
        else:
            assert cell == f"=SUM({letter}3:{letter}{2 + n_units})"


def test_summary_layout(built: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(built["internal"])
    form = built["data"].forms[0]
    ws = wb[f"{form.name}汇总"]
    assert [ws.cell(3, c).value for c in range(1, 7)] == ["编号", "代码", "项目", "指标", "单位", "合计"]
    assert ws.freeze_panes == "A4"
    assert int(ws.page_setup.paperSize) == 9
    codes = [ws.cell(r, 2).value for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value]
    assert codes == [i.code for i in form.items]  # the form's print order
    merged = {str(m) for m in ws.merged_cells.ranges}
    pair = next(i for i in form.items if i.pair)
    row = 4 + codes.index(pair.pair)
    assert f"C{row}:C{row + 1}" in merged  # C/D pair rows share their label
    child = next(i for i in form.items if i.parent and not i.pair)
    cell = ws.cell(4 + codes.index(child.code), 3)
    assert cell.alignment.indent >= 1
    money = next(i for i in form.items if i.kind == "money")
    assert ws.cell(4 + codes.index(money.code), 6).number_format.endswith("0.0000")
    count = next(i for i in form.items if i.kind == "count")
    assert ws.cell(4 + codes.index(count.code), 6).number_format == "#,##0"


def test_missing_units_are_never_zero(built: dict[str, Any]) -> None:
    exp: Expected = built["exp"]
    assert exp.missing, "the demo data has units that did not report"
    for path in (built["internal"], built["public"]):
        wb = openpyxl.load_workbook(path)
        for form in built["data"].forms:
            ws = wb[f"{form.name}分单位"]
            rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=3)}
            for uid in exp.missing:
                assert rows[uid][3] == "未报"
                assert all(v == "未报" for v in rows[uid][4:]), rows[uid]
            for uid in exp.subs:
                assert "未报" not in rows[uid][4:]
    for form in exp.forms:
        with (built["public_dir"] / f"{CID}-{form}.csv").open(encoding="utf-8-sig", newline="") as fh:
            rows = {r["unit_id"]: coded(r) for r in csv.DictReader(fh)}
        for uid in exp.missing:
            assert rows[uid]["status"] == "未报"
            assert all(rows[uid][c] == "" for c in exp.codes(form))


def coded(row: dict[str, str]) -> dict[str, str]:
    """A CSV row keyed by item code: an item's column is "<code> <label>（<unit>）"."""
    return {k.split(" ", 1)[0]: v for k, v in row.items()}


def form_items(form_id: str) -> dict[str, dict[str, Any]]:
    """A form's items by code, in order, from its YAML file (following extends), read plainly."""
    raw = yaml.safe_load((ROOT / "schemas" / "forms" / f"{form_id}.yaml").read_text(encoding="utf-8"))
    items = form_items(raw["extends"]) if raw.get("extends") else {}
    for gone in raw.get("remove", []):
        items.pop(gone, None)
    for it in raw.get("items", []):
        if it["code"] in items or "after" not in it:
            items[it["code"]] = it
        else:
            keys = list(items)
            at = keys.index(it["after"]) + 1
            items = {**{k: items[k] for k in keys[:at]}, it["code"]: it, **{k: items[k] for k in keys[at:]}}
    return items


def test_unit_rows_match_yaml(built: dict[str, Any]) -> None:
    exp: Expected = built["exp"]
    rows = CalamineWorkbook.from_path(str(built["internal"])).get_sheet_by_name(
        f"{built['data'].forms[0].name}分单位").to_python()
    form = exp.forms[0]
    codes = rows[0][4:]
    for r in rows[2:-1]:
        uid = r[0]
        if uid in exp.subs:
            for code, v in zip(codes, r[4:], strict=True):
                text = exp.subs[uid]["forms"][form][code]
                assert v == text if text in ("是", "否") else close(v, Decimal(text))


def test_regions_sheet_and_csv(built: dict[str, Any]) -> None:
    exp: Expected = built["exp"]
    data = built["data"]
    regions = sorted({exp.region(u) for u in exp.asked})
    for form in data.forms:
        rows = CalamineWorkbook.from_path(str(built["internal"])).get_sheet_by_name(f"{form.name}分地区").to_python()
        header = rows[1]
        names = {exp.units[r].get("short") or exp.units[r]["name"]: r for r in regions}
        assert set(header[3:-1]) == set(names) and header[-1] == "合计"
        for row in rows[3:3 + len(form.items)]:
            code = row[0]
            for name, v in zip(header[3:-1], row[3:-1], strict=True):
                units = [u for u in exp.asked if exp.region(u) == names[name]]
                if any(u in exp.subs for u in units):
                    assert close(v, exp.total(form.id, code, units)), (code, name, v)
                else:
                    assert v == "未报"
            assert close(row[-1], exp.total(form.id, code))
        with (built["public_dir"] / f"{CID}-{form.id}-regions.csv").open(encoding="utf-8-sig", newline="") as fh:
            csv_rows = [coded(r) for r in csv.DictReader(fh)]
        assert {r["region_id"] for r in csv_rows[:-1]} == set(regions)
        assert csv_rows[-1]["region_id"] == exp.issuer
        for code in exp.codes(form.id):
            assert Decimal(csv_rows[-1][code]) == exp.total(form.id, code)


def test_csv_values_and_bom(built: dict[str, Any]) -> None:
    exp: Expected = built["exp"]
    for form in exp.forms:
        raw = (built["public_dir"] / f"{CID}-{form}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = [coded(r) for r in csv.DictReader(raw.decode("utf-8-sig").splitlines())]
        assert [r["unit_id"] for r in rows] == exp.asked
        for r in rows:
            if r["unit_id"] in exp.subs:
                for code in exp.codes(form):
                    text = exp.subs[r["unit_id"]]["forms"][form][code]
                    assert r[code] == text if text in ("是", "否") else Decimal(r[code]) == Decimal(text)


def test_datapackage_describes_the_csv(built: dict[str, Any]) -> None:
    pkg = json.loads((built["public_dir"] / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["name"] and pkg["resources"]
    for res in pkg["resources"]:
        path = built["public_dir"] / res["path"]
        assert path.is_file(), res["path"]
        if res["path"].endswith(".csv"):
            header = next(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
            fields = res["schema"]["fields"]
            assert [f["name"] for f in fields] == header
            assert all(f.get("title") and f.get("type") in ("string", "integer", "number") for f in fields)
            assert res["encoding"] == "utf-8-sig"
    types = {f["name"].split(" ", 1)[0]: f["type"] for f in pkg["resources"][0]["schema"]["fields"]}
    assert types["A"] == "integer" and types["B"] == "number"


def test_csv_columns_carry_code_label_and_unit(built: dict[str, Any]) -> None:
    """Every item column of every CSV is named by the item's code, its Chinese label (a paired
    money item by its people item's label) and its unit, read here from the form files."""
    exp: Expected = built["exp"]
    for form in exp.forms:
        items = form_items(form)
        for name in (f"{CID}-{form}.csv", f"{CID}-{form}-regions.csv"):
            header = next(csv.reader((built["public_dir"] / name).read_text(encoding="utf-8-sig").splitlines()))
            columns = header[4:]
            assert [c.split(" ", 1)[0] for c in columns] == list(items), name
            for column, (code, it) in zip(columns, items.items(), strict=True):
                label = items[it["with"]]["label"] if it.get("with") else it["label"]
                what = it.get("measure") or (it["label"] if it.get("with") and it.get("label") != label else "")
                unit = f"{what}，{it['unit']}" if what else it["unit"]
                assert column == f"{code} {label}（{unit}）", column


def test_completeness_and_internal_only_sheets(built: dict[str, Any]) -> None:
    exp: Expected = built["exp"]
    internal = openpyxl.load_workbook(built["internal"])
    public = openpyxl.load_workbook(built["public"])
    for sheet in ("审核提示", "联系人"):
        assert sheet in internal.sheetnames and sheet not in public.sheetnames
    ws = internal["报送情况"]
    assert [c.value for c in ws[2]] == ["单位编号", "单位名称", "所属地区", "报送状态", "到达时间（北京时间）", "时间来源", "审核人"]
    status = {r[0].value: r[3].value for r in ws.iter_rows(min_row=3) if r[0].value in exp.units}
    for uid in exp.missing:
        assert status[uid] == "未报"
    assert "逾期" in status.values()
    reviewers = {r[0].value: r[6].value for r in ws.iter_rows(min_row=3) if r[0].value in exp.units}
    assert all(reviewers[u] for u in exp.asked)
    warnings = [[c.value for c in r] for r in internal["审核提示"].iter_rows(min_row=3)]
    assert any("填报单位说明" in (w[5] or "") for w in warnings)
    sheet = internal["经费下拨"]
    # the union-funds item (B3 工会经费) is money raised, set beside the allocation
    assert [c.value for c in sheet[2]] == ["单位编号", "单位名称", "下拨经费（万元）", "报告筹集的工会经费（万元）",
                                          "筹集减下拨（万元）", "筹集为下拨的"]
    assert "筹集" in sheet["A1"].value and "使用" not in sheet["A1"].value
    funds = {r[0].value: r for r in sheet.iter_rows(min_row=3)}
    cached = {r[0].value: r for r in openpyxl.load_workbook(built["internal"], data_only=True)["经费下拨"].iter_rows(min_row=3)}
    for uid, amount in exp.campaign["funds"].items():
        assert close(funds[uid][2].value, Decimal(amount))
        members = [u for u in exp.asked if exp.region(u) == uid]
        raised = exp.total(exp.forms[0], "B3", members)
        assert close(funds[uid][3].value, raised)
        # raised minus allocated: a live formula that carries its value
        row = funds[uid][4].row
        assert funds[uid][4].value == f"=D{row}-C{row}"
        assert close(cached[uid][4].value, raised - Decimal(amount))


def test_contacts_only_in_internal(built: dict[str, Any]) -> None:
    exp: Expected = built["exp"]
    secrets = exp.people()
    internal = openpyxl.load_workbook(built["internal"])
    contacts = {c.value for r in internal["联系人"].iter_rows() for c in r}
    assert secrets <= contacts
    public = [p for p in built["paths"] if "internal" not in p.name]
    for p in public:
        if p.suffix == ".xlsx":
            wb = CalamineWorkbook.from_path(str(p))
            text = "\n".join(str(v) for s in wb.sheet_names for row in wb.get_sheet_by_name(s).to_python() for v in row)
        else:
            text = p.read_text(encoding="utf-8-sig")
        leaked = [s for s in secrets if s in text]
        assert leaked == [], (p.name, leaked)


def test_failed_write_keeps_the_last_good_file(built: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from warmth.excel import campaign_book
    from warmth.pipeline import write_campaign_outputs

    target = built["internal"]
    before = target.read_bytes()

    class Broken:
        def save(self, fh: BinaryIO) -> None:  # as openpyxl's: given the open temporary file
            fh.write(b"half")
            raise OSError("disk full")

    monkeypatch.setattr(campaign_book, "build", lambda data, public: Broken())
    with pytest.raises(OSError):
        write_campaign_outputs(built["data"], target.parent, built["public_dir"])
    assert target.read_bytes() == before
    assert list(target.parent.glob(".*.tmp")) == []


def test_formula_injection_stays_text(tmp_path: Path) -> None:
    from warmth.aggregate import load
    from warmth.pipeline import write_campaign_outputs
    from warmth.repo import Repository

    root = make_repo(tmp_path / "repo", commit=False)
    units = root / "submissions" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "name: 青岚市东湖区总工会", "name: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"东湖\\\")\""), encoding="utf-8")
    sub = root / "submissions" / CID / "fengdu-nanjin.yaml"
    text = sub.read_text(encoding="utf-8")
    text = re.sub(r"^(  D-jump: )(.*)$", lambda m: m.group(1) + json.dumps("=cmd|' /C calc'!A0 " + m.group(2), ensure_ascii=False), text, flags=re.M)
    text = re.sub(r"^(  C-jump: )(.*)$", lambda m: m.group(1) + json.dumps("+1+1 " + m.group(2), ensure_ascii=False), text, flags=re.M)
    sub.write_text(text, encoding="utf-8")
    data = load(Repository(root), CID)
    paths = write_campaign_outputs(data, tmp_path / "int", tmp_path / "pub")
    seen = 0
    for p in paths:
        if p.suffix == ".xlsx":
            wb = openpyxl.load_workbook(p)
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        if isinstance(c.value, str) and ("evil.example" in c.value or "calc" in c.value or "+1+1" in c.value):
                            assert c.data_type == "s", (p.name, ws.title, c.coordinate, c.value)
                            seen += 1
        elif p.suffix == ".csv":
            for row in csv.reader(p.read_text(encoding="utf-8-sig").splitlines()):
                assert not any(v.startswith(("=", "+", "-", "@")) for v in row), row
    assert seen >= 4
    raw = CalamineWorkbook.from_path(str(tmp_path / "int" / f"{CID}-internal.xlsx"))
    names = [r[1] for r in raw.get_sheet_by_name("联系人").to_python()]
    assert any(str(n).startswith("=HYPERLINK") for n in names)


def test_aggregate_command(demo: Path, warmth) -> None:
    r = warmth("aggregate", CID, "-o", "out", cwd=demo)
    assert r.code == 0, r.err
    assert (demo / "out" / f"{CID}-internal.xlsx").is_file()
    assert (demo / "out" / "public" / CID / "datapackage.json").is_file()


def test_aggregate_refuses_invalid_data(demo: Path, warmth) -> None:
    sub = demo / "submissions" / CID / "fengdu.yaml"
    text, n = re.subn(r"(?m)^    B1: \S+", "    B1: 99.3379", sub.read_text(encoding="utf-8"), count=1)  # B no longer adds up
    assert n == 1
    sub.write_text(text, encoding="utf-8")
    r = warmth("aggregate", CID, "-o", "out", cwd=demo)
    assert r.code == 1
    assert "submissions/2022-spring/fengdu.yaml" in r.err and "错误" in r.err
    assert "Traceback" not in r.err
    assert not (demo / "out").exists()


def test_aggregate_unknown_campaign(demo: Path, warmth) -> None:
    r = warmth("aggregate", "1999-spring", cwd=demo)
    assert r.code == 2 and "不存在" in r.err


def test_nobody_reported_shows_missing_not_zero(tmp_path: Path) -> None:
    from warmth.aggregate import load
    from warmth.pipeline import write_campaign_outputs
    from warmth.repo import Repository

    root = make_repo(tmp_path / "repo", commit=False)
    for p in (root / "submissions" / CID).glob("*.yaml"):
        if p.name != "campaign.yaml":
            p.unlink()
    data = load(Repository(root), CID)
    write_campaign_outputs(data, tmp_path / "int", tmp_path / "pub")
    for path in (tmp_path / "int" / f"{CID}-internal.xlsx", tmp_path / "pub" / f"{CID}.xlsx"):
        wb = openpyxl.load_workbook(path)
        for form in data.forms:
            ws = wb[f"{form.name}汇总"]
            assert {ws.cell(r, 6).value for r in range(4, 4 + len(form.items))} == {"未报"}
            units = wb[f"{form.name}分单位"]
            assert {c.value for c in units[total_row_of(units)][4:4 + len(form.items)]} == {"未报"}


# Every way a spreadsheet can be made to read text as a formula, each put at the start of a
# unit's name (the public workbook's and the CSV's unit column) and of a city's short name
# (their region column).
FORMULA_PAYLOADS = [
    '=HYPERLINK("http://evil.example/","点我")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0", "＝HYPERLINK(\"http://evil.example/\")", "＋1+1", "－1+1", "＠SUM(1)",
]
FORMULA_UNITS = ["qinglan-donghu", "qinglan-xiling", "fengdu-nanjin", "luming-baisha", "jiaotong", "weijian",
                 "nonglin", "jinrong"]


@pytest.fixture(scope="module")
def formula_outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from warmth.aggregate import load
    from warmth.pipeline import write_campaign_outputs
    from warmth.repo import Repository

    tmp = tmp_path_factory.mktemp("formulas")
    root = make_repo(tmp / "repo", commit=False)
    units = root / "submissions" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    for uid, payload in zip(FORMULA_UNITS, FORMULA_PAYLOADS, strict=True):
        text, n = re.subn(rf"(\{{id: {uid}, name: )[^,]*,", lambda m, p=payload: m[1] + json.dumps(p, ensure_ascii=False) + ",", text)
        assert n == 1, uid
    text, n = re.subn(r"(\{id: fengdu, name: [^,]*, short: )[^,]*,", lambda m: m[1] + json.dumps("=1+2", ensure_ascii=False) + ",", text)
    assert n == 1
    units.write_text(text, encoding="utf-8")
    data = load(Repository(root), CID)
    return list(write_campaign_outputs(data, tmp / "int", tmp / "pub"))


@pytest.mark.parametrize("payload", [*FORMULA_PAYLOADS, "=1+2"])
def test_names_that_look_like_formulas_stay_text_everywhere(formula_outputs: list[Path], payload: str) -> None:
    """In both workbooks a cell with the name is a string with Excel's quote prefix (so editing
    it keeps it text); in every CSV the field starts with an apostrophe."""
    in_books = in_csv = 0
    for p in formula_outputs:
        if p.suffix == ".xlsx":
            for ws in openpyxl.load_workbook(p).worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        if c.value == payload:
                            assert (c.data_type, c.quotePrefix) == ("s", True), (p.name, ws.title, c.coordinate)
                            in_books += 1
        elif p.suffix == ".csv":
            for row in csv.reader(p.read_text(encoding="utf-8-sig").splitlines()):
                assert payload not in row, (p.name, row)
                in_csv += row.count("'" + payload)
    assert in_books >= 4 and in_csv >= 2, (in_books, in_csv)


@pytest.mark.parametrize("which", ["internal", "public"])
def test_every_total_is_a_formula_carrying_its_value(built: dict[str, Any], which: str) -> None:
    """Read as a preview or a script does (data_only, no recalculation), every total shows the
    figure computed from the YAML files; read with formulas, each of them is a formula: the
    summary's 合计 column, the per-unit 合计 row and every cell of the by-region sheet."""
    exp: Expected = built["exp"]
    path = built[which]
    formulas, values = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    regions = sorted({exp.region(u) for u in exp.asked})
    names = {exp.units[r].get("short") or exp.units[r]["name"]: r for r in regions}
    checked = 0
    for form in built["data"].forms:
        codes = [i.code for i in form.items]

        def check(sheet: str, cell: str, expected: Decimal) -> None:
            nonlocal checked
            f, v = formulas[sheet][cell], values[sheet][cell].value
            assert f.data_type == "f" and str(f.value).startswith("="), (sheet, cell, f.value)
            assert close(v, expected), (sheet, cell, f.value, v, expected)
            checked += 1

        summary = f"{form.name}汇总"
        for r in range(4, 4 + len(codes)):
            check(summary, f"F{r}", exp.total(form.id, formulas[summary].cell(r, 2).value))
        units = f"{form.name}分单位"
        total = total_row_of(formulas[units])
        for n, code in enumerate(codes):
            check(units, f"{openpyxl.utils.get_column_letter(5 + n)}{total}", exp.total(form.id, code))
        by_region = f"{form.name}分地区"
        ws = formulas[by_region]
        header = [c.value for c in ws[2]]
        for r in range(4, 4 + len(codes)):
            code = ws.cell(r, 1).value
            for c, name in enumerate(header[3:-1], start=4):
                members = [u for u in exp.asked if exp.region(u) == names[name]]
                if any(u in exp.subs for u in members):
                    check(by_region, ws.cell(r, c).coordinate, exp.total(form.id, code, members))
            check(by_region, ws.cell(r, len(header)).coordinate, exp.total(form.id, code))
    assert checked > 200


def test_template_totals_carry_their_values(demo: Path, warmth) -> None:
    """A template made from a submission shows its totals without recalculation; a blank one
    has the formulas with no figure yet (never a 0 nobody computed)."""
    from warmth.formshape import totals

    from .test_excel_templates import form_sheet, row_of

    src = read_yaml(demo / "submissions" / CID / "fengdu.yaml")
    r = warmth("template", CID, "fengdu", "--from", f"submissions/{CID}/fengdu.yaml", "-o", "t.xlsx", cwd=demo)
    assert r.code == 0, r.err
    r = warmth("template", CID, "-o", "blank.xlsx", cwd=demo)
    assert r.code == 0, r.err
    from warmth.repo import Repository

    repo = Repository(demo)
    seen = 0
    for fid, values in src["forms"].items():
        sums = totals(repo.forms[fid])
        assert sums
        for name in ("t.xlsx", "blank.xlsx"):
            ws = form_sheet(openpyxl.load_workbook(demo / name), fid)
            cached = form_sheet(openpyxl.load_workbook(demo / name, data_only=True), fid)
            for code in sums:
                cell = f"F{row_of(ws, code)}"
                assert ws[cell].data_type == "f", (name, fid, code)
                if name == "t.xlsx":
                    assert close(cached[cell].value, Decimal(values[code])), (fid, code, cached[cell].value)
                    seen += 1
                else:
                    assert cached[cell].value in (None, ""), (fid, code, cached[cell].value)
    assert seen >= 5
