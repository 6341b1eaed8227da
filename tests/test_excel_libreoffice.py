"""Recalculate the workbooks' formulas with LibreOffice (headless) and check the results equal
the figures computed from the YAML files. One conversion per session (module fixture)."""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from .conftest import make_repo
from .test_excel_outputs import CID, Expected, close, read_yaml
from .test_excel_templates import fill_by_hand, form_sheet, row_of


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("WARMTH_REQUIRE_ALL") == "1":
        pytest.fail("LibreOffice (soffice) is required (WARMTH_REQUIRE_ALL=1) but not installed")
    pytest.skip("LibreOffice (soffice) is not installed; install it to recalculate formulas")


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from warmth.aggregate import load
    from warmth.atomic import save_workbook
    from warmth.excel.template_book import Prefill, build
    from warmth.pipeline import write_campaign_outputs
    from warmth.repo import Repository
    from warmth.submission import check_submission

    exe = soffice()
    base = tmp_path_factory.mktemp("lo")
    root = make_repo(base / "repo")
    repo = Repository(root)
    data = load(repo, CID)
    write_campaign_outputs(data, base / "in", base / "pub")
    # a template filled by hand: only input cells, totals stay formulas
    unit = "fengdu"
    src = read_yaml(root / "submissions" / CID / f"{unit}.yaml")
    campaign = repo.campaign(CID)
    save_workbook(build(repo, [repo.forms[f] for f in campaign.forms], Prefill(campaign, repo.registry.get(unit))),
                  base / "in" / "template.xlsx")
    wb = openpyxl.load_workbook(base / "in" / "template.xlsx")
    fill_by_hand(wb, src)
    wb.save(base / "in" / "template.xlsx")
    # the workbooks as written (formulas with their cached values), and copies without the
    # cached values (openpyxl drops them on saving), which LibreOffice must compute itself
    save_workbook(build(repo, [repo.forms[f] for f in campaign.forms], Prefill(campaign, repo.registry.get(unit),
                                                                             check_submission(repo, root / "submissions" / CID / f"{unit}.yaml"))),
                  base / "in" / "prefilled.xlsx")
    for name in (f"{CID}-internal", "prefilled"):
        openpyxl.load_workbook(base / "in" / f"{name}.xlsx").save(base / "in" / f"{name}-stripped.xlsx")
    out = base / "out"
    profile = (base / "profile").as_uri()
    files = [str(base / "in" / f"{CID}-internal.xlsx"), str(base / "in" / "template.xlsx"),
             str(base / "in" / f"{CID}-internal-stripped.xlsx"), str(base / "in" / "prefilled-stripped.xlsx")]
    proc = subprocess.run(
        [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "xlsx",
         "--outdir", str(out), *files],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return {"out": out, "in": base / "in", "exp": Expected(root), "data": data, "src": src, "root": root}


def test_recalculated_summary_equals_yaml_totals(recalculated: dict[str, Any]) -> None:
    exp: Expected = recalculated["exp"]
    wb = CalamineWorkbook.from_path(str(recalculated["out"] / f"{CID}-internal-stripped.xlsx"))  # computed by LibreOffice
    for form in recalculated["data"].forms:
        rows = wb.get_sheet_by_name(f"{form.name}汇总").to_python()
        got = {r[1]: r[5] for r in rows[3:] if r[1]}
        for code in exp.codes(form.id):
            assert close(got[code], exp.total(form.id, code)), (form.id, code, got[code])
        units = wb.get_sheet_by_name(f"{form.name}分单位").to_python()
        total = next(r for r in units if r[0] == "合计")
        for code, v in zip(units[0][4:], total[4:4 + len(form.items)], strict=True):
            assert close(v, exp.total(form.id, code)), (form.id, code, v)


def test_recalculated_template_totals(recalculated: dict[str, Any]) -> None:
    src = recalculated["src"]
    path = recalculated["out"] / "template.xlsx"
    wb = openpyxl.load_workbook(path, data_only=True)
    checked = 0
    for fid, values in src["forms"].items():
        ws = form_sheet(wb, fid)
        for code, v in values.items():
            got = ws[f"F{row_of(ws, code)}"].value
            if v in ("是", "否"):
                assert got == v
            else:
                assert abs(Decimal(repr(got)) - Decimal(v)) < Decimal("0.00005"), (fid, code, got, v)
                checked += 1
    assert checked > 50


def test_template_saved_by_libreoffice_imports(recalculated: dict[str, Any]) -> None:
    """A template a spreadsheet has saved (totals with cached values) imports to the same figures."""
    from warmth.excel.importer import import_workbook
    from warmth.repo import Repository

    from .test_excel_templates import same_values

    path = recalculated["out"] / "template.xlsx"
    src = recalculated["src"]
    ws = form_sheet(openpyxl.load_workbook(path, data_only=True), next(iter(src["forms"])))
    assert ws[f"F{row_of(ws, 'B')}"].value is not None  # the total has a cached value
    result = import_workbook(Repository(recalculated["root"]), path)
    assert result.ok, [p.text for p in result.problems]
    import yaml

    same_values(src, yaml.load(result.text, Loader=yaml.BaseLoader))


def _agree(path: Any, recalculated: Any) -> int:
    """Every formula cell's cached value in path equals LibreOffice's result in recalculated
    (the same workbook with its cached values removed); the number of formulas compared."""
    written = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    computed = openpyxl.load_workbook(recalculated, data_only=True)
    checked = 0
    for ws in written.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                mine, theirs = cached[ws.title][c.coordinate].value, computed[ws.title][c.coordinate].value
                if isinstance(mine, int | float) and not isinstance(mine, bool):
                    assert isinstance(theirs, int | float), (ws.title, c.coordinate, c.value, mine, theirs)
                    assert abs(Decimal(repr(mine)) - Decimal(repr(theirs))) < Decimal("0.00005"), (ws.title, c.coordinate, c.value, mine, theirs)
                else:
                    assert (mine or "") == (theirs or ""), (ws.title, c.coordinate, c.value, mine, theirs)
                checked += 1
    return checked


# region names a SUMIF criterion would misread unless it is made exact: a wildcard, a
# comparison, a quote and the escape character
TRICKY_REGIONS = {"qinglan": "*", "fengdu": ">0", "luming": '"鹿鸣"~?市'}


def test_region_formulas_match_tricky_names_exactly(tmp_path: Any) -> None:
    import json
    import re

    from warmth.aggregate import load
    from warmth.pipeline import write_campaign_outputs
    from warmth.repo import Repository

    exe = soffice()
    root = make_repo(tmp_path / "repo", commit=False)
    units = root / "submissions" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    for uid, short in TRICKY_REGIONS.items():
        text, n = re.subn(rf"(\{{id: {uid}, name: [^,]*, short: )[^,]*,", lambda m, s=short: m[1] + json.dumps(s, ensure_ascii=False) + ",", text)
        assert n == 1, uid
    units.write_text(text, encoding="utf-8")
    data = load(Repository(root), CID)
    write_campaign_outputs(data, tmp_path / "in", tmp_path / "pub")
    book = tmp_path / "in" / f"{CID}-internal.xlsx"
    openpyxl.load_workbook(book).save(tmp_path / "in" / "stripped.xlsx")
    proc = subprocess.run(
        [exe, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(tmp_path / "in" / "stripped.xlsx")],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert _agree(book, tmp_path / "out" / "stripped.xlsx") > 300
    exp = Expected(root)
    wb = openpyxl.load_workbook(book, data_only=True)
    formulas = openpyxl.load_workbook(book)
    for form in data.forms:
        ws, fs = wb[f"{form.name}分地区"], formulas[f"{form.name}分地区"]
        header = [c.value for c in ws[2]]
        for uid, short in TRICKY_REGIONS.items():
            col = header.index(short) + 1
            members = [u for u in exp.asked if exp.region(u) == uid]
            for r in range(4, 4 + len(form.items)):
                assert fs.cell(r, col).data_type == "f", (form.id, short)
                assert close(ws.cell(r, col).value, exp.total(form.id, ws.cell(r, 1).value, members)), (form.id, short, r)


@pytest.mark.parametrize("name", [f"{CID}-internal", "prefilled"])
def test_cached_values_agree_with_libreoffice(recalculated: dict[str, Any], name: str) -> None:
    """Every formula's value as warmth wrote it (read without recalculating) is what LibreOffice
    computes from the same formulas once the cached values are gone."""
    checked = _agree(recalculated["in"] / f"{name}.xlsx", recalculated["out"] / f"{name}-stripped.xlsx")
    if name == "prefilled":  # each form's totals, its 填报单位 line and three signature fields
        from warmth import formshape

        forms = recalculated["data"].forms
        assert checked == sum(len(formshape.totals(f)) + 4 for f in forms), checked
        ws = form_sheet(openpyxl.load_workbook(recalculated["in"] / f"{name}.xlsx", data_only=True), forms[0].id)
        lines = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "：" in c.value]
        src = recalculated["src"]
        assert f"填表人：{src['reporter']}" in lines and f"联系电话：{src['phone']}" in lines, lines
    else:
        assert checked > 300, checked


# -- on paper: the PDFs LibreOffice prints -------------------------------------------------

A4 = (595.3, 841.9)  # points


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The campaign's blank template, one filled from a submission and the internal workbook,
    printed to PDF by LibreOffice (benchmarks/paper.py does the same for a person to look at)."""
    import sys

    import pypdfium2

    from .conftest import ROOT

    soffice()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import paper
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    base = tmp_path_factory.mktemp("paper")
    root = make_repo(base / "repo")
    books = paper.make_books(root, CID, "fengdu", base / "out")
    pages: dict[str, list[tuple[tuple[float, float], str]]] = {}
    for pdf in paper.to_pdf(books, base / "out"):
        doc = pypdfium2.PdfDocument(str(pdf))
        pages[pdf.stem] = [(p.get_size(), p.get_textpage().get_text_range()) for p in doc]
        doc.close()
    from warmth.repo import Repository

    repo = Repository(root)
    return {"pages": pages, "repo": repo, "src": read_yaml(root / "submissions" / CID / "fengdu.yaml")}


def _is_a4(size: tuple[float, float]) -> bool:
    w, h = sorted(size)
    return abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1


@pytest.mark.parametrize("book", [f"{CID}-template", f"{CID}-fengdu"])
def test_template_prints_the_forms_first_on_a4(printed: dict[str, Any], book: str) -> None:
    from warmth import formshape

    repo = printed["repo"]
    campaign = repo.campaign(CID)
    forms = [repo.forms[f] for f in campaign.forms]
    pages = printed["pages"][book]
    assert all(_is_a4(size) and size[0] < size[1] for size, _ in pages), [s for s, _ in pages]  # A4 portrait
    assert forms[0].title in pages[0][1]  # the form comes first, not the notes
    assert "报送模板" in pages[-1][1]  # the notes print last
    texts = [_squeeze(t) for _, t in pages]
    src = printed["src"]
    for form in forms:
        on = [n for n, t in enumerate(texts) if _squeeze(form.title) in t]
        assert on, form.id
        # from its title page until the signature lines: every page repeats the heading row
        end = next(n for n in range(on[0], len(texts)) if "填表人：" in texts[n])
        form_pages = texts[on[0]:end + 1]
        assert all("编号代码项目指标单位填报数" in t for t in form_pages), form.id
        whole = "".join(form_pages)
        for row in formshape.rows(form):
            if row.label:  # no label is cut: each is printed whole (wrapped lines joined)
                assert _squeeze(row.label) in whole, (form.id, row.label)
        assert "自动合计" not in whole  # the on-screen 填法 column stays off paper
        last = form_pages[-1]
        for line in ("填表人：", "审核人：", "联系电话：", "填报日期："):
            assert line in last, (form.id, line)
        assert "填报单位（盖章）：" in form_pages[0]
        if book.endswith("fengdu"):
            unit = repo.registry.get("fengdu")
            assert f"填报单位（盖章）：{unit.name}" in form_pages[0]
            assert f"填表人：{src['reporter']}" in last and f"联系电话：{src['phone']}" in last


def test_internal_workbook_prints_each_sheet_with_signature_lines(printed: dict[str, Any]) -> None:
    from warmth.excel.campaign_book import Names

    repo = printed["repo"]
    campaign = repo.campaign(CID)
    forms = [repo.forms[f] for f in campaign.forms]
    pages = printed["pages"][f"{CID}-internal"]
    assert all(_is_a4(size) for size, _ in pages), [s for s, _ in pages]
    texts = [_squeeze(t) for _, t in pages]
    sheets = 3 * len(forms) + len([Names.completeness, Names.funds, Names.warnings, Names.contacts])
    # each sheet ends with its signature lines; a per-unit sheet, printed in pages across,
    # repeats the unit's id and name (and so the lines under them) on each of its pages
    signed = [n for n, t in enumerate(texts) if "制表人：" in t]
    assert len(signed) >= sheets and signed[-1] == len(texts) - 1, signed
    assert all("审核人：" in texts[n] and "日期：" in texts[n] for n in signed)
    across = [t for t in texts if t.startswith("单位编号单位名称所属地区报送状态") or "单位编号单位名称" in t[:40]]
    assert len(across) > 2 * len(forms)
    whole = "".join(texts)
    for form in forms:  # the by-region sheet's labels are printed whole, never over each other
        for item in form.items:
            assert _squeeze(item.title) in whole, (form.id, item.code)
