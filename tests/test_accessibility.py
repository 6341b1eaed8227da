"""WCAG 2.0/2.1 A and AA on every built page, as a checker sees it: axe-core (vendored, never
fetched) in headless Chromium, at a desktop and a phone width; plus what axe cannot judge alone:
wide tables reachable and scrollable by keyboard, focus visible, charts announced as one image
with the same figures nearby, and workbooks and printed pages that do not rely on colour."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from . import test_site_browser as shared
from .conftest import ROOT
from .test_site import CAMPAIGN

# The browser tests' Chromium and local web server (module fixtures, one of each here too).
browser = shared.browser
server = shared.server

AXE_VERSION = "4.14.1"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({id: v.id, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                              summary: n.failureSummary}))})))"""


def site_pages(site: Path) -> list[str]:
    """Every page of the built site as a URL path (directory URLs, as visitors use them)."""
    out = []
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")):
            continue
        out.append(rel.removesuffix("index.html"))
    return out


def settle(page: Any) -> None:
    """Wait until the page's own scripts are done (Material wraps tables, javascripts/a11y.js
    marks the ones that scroll, on resize observers): load, then two animation frames."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def axe_violations(page: Any, where: str) -> list[str]:
    """Run axe-core on the page as it is now: one line per failing element."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    assert page.evaluate("() => axe.version") == AXE_VERSION
    problems = []
    for v in page.evaluate(RUN_AXE, TAGS):
        for n in v["nodes"]:
            summary = " ".join(n["summary"].split())
            problems.append(f"{where}: {v['id']} ({v['help']}) at {n['target']} {n['html']!r}: {summary}")
    return problems


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    ctx.set_default_timeout(20_000)
    try:
        yield ctx
    finally:
        ctx.close()


def test_site_pages_cover_every_page_kind(built: Path) -> None:
    pages = site_pages(built / "site")
    for kind in ("", "404.html", "notices/", f"notices/{CAMPAIGN}/", "guide/", "guide/errors/",
                 "guide/items/", "data/", f"data/{CAMPAIGN}/", f"data/{CAMPAIGN}/qinglan/"):
        assert kind in pages, kind
    assert len(pages) == len(list((built / "site").rglob("index.html"))) + 1  # and 404.html


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_passes_axe_wcag_aa(browser: Any, server: str, built: Path, width: int) -> None:
    """One tab walks every page; all violations are listed at once, by page, rule and element."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    ctx.set_default_timeout(30_000)
    page = ctx.new_page()
    problems: list[str] = []
    try:
        for rel in site_pages(built / "site"):
            page.goto(f"{server}/{rel}")
            settle(page)
            problems += axe_violations(page, f"/{rel} at {width}px")
    finally:
        ctx.close()
    assert not problems, f"{len(problems)} WCAG violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_search_with_results_passes_axe(browser: Any, server: str, width: int) -> None:
    """The search box and its results, open over a page, are checked as well."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    try:
        page.goto(f"{server}/")
        settle(page)
        # on a phone the search box opens from the header's search button
        opener = "label.md-header__button[for=__search]" if width < 960 else ".md-search__input"
        page.locator(opener).first.click()
        box = page.locator("input.md-search__input")
        box.fill("困难职工")
        box.press("End")  # Material searches on key events
        page.wait_for_selector(".md-search-result__item")
        page.wait_for_timeout(300)  # results fade in
        assert page.locator(".md-search-result__item").count() > 0
        problems = axe_violations(page, f"search results at {width}px")
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)


def test_phone_menu_open_passes_axe(context: Any, server: str) -> None:
    """The navigation drawer a phone opens from the header (its title sits on the red)."""
    page = context.new_page()
    page.goto(f"{server}/data/{CAMPAIGN}/")
    settle(page)
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_timeout(400)  # the drawer slides in
    assert page.locator(".md-nav--primary .md-nav__title").first.is_visible()
    problems = axe_violations(page, "menu open at 390px")
    assert not problems, "\n".join(problems)


def test_axe_reports_the_stock_red_and_an_unreachable_scroller(context: Any, server: str) -> None:
    """The checker is really running: Material's stock red header (3.44:1) and a scrolling box
    nobody can focus are reported, named by rule and element."""
    page = context.new_page()
    page.goto(f"{server}/")
    settle(page)
    page.evaluate("""() => {
      document.querySelector('.md-header').style.backgroundColor = '#ef5552';
      const box = document.createElement('div');
      box.id = 'planted-scroller';
      box.style.cssText = 'overflow-x: scroll; width: 100px';
      box.innerHTML = '<p style="width: 900px">一段很长的文字</p>';
      document.querySelector('article').append(box);
    }""")
    found = "\n".join(axe_violations(page, "planted"))
    assert re.search(r"color-contrast .*\.md-header.*3\.44", found), found
    assert "scrollable-region-focusable" in found and "#planted-scroller" in found, found


def test_wide_tables_are_reached_and_scrolled_by_keyboard(context: Any, server: str) -> None:
    page = context.new_page()
    page.goto(f"{server}/data/{CAMPAIGN}/qinglan/")
    settle(page)
    regions = page.locator(".md-typeset__scrollwrap[role=region]")
    assert regions.count() >= 1
    for i in range(regions.count()):
        r = regions.nth(i)
        assert r.get_attribute("tabindex") == "0"
        assert r.evaluate("el => el.scrollWidth > el.clientWidth")  # only tables that scroll
        assert (r.get_attribute("aria-label") or "").startswith("表格（可左右滚动）：")
    # a table that fits the screen is no tab stop and no landmark
    for el in page.locator(".md-typeset__scrollwrap:not([role])").all():
        assert el.evaluate("el => el.scrollWidth <= el.clientWidth + 1 && !el.hasAttribute('tabindex')")
    # Tab from the page's main heading reaches the first wide table; arrow keys scroll it
    page.locator("article h1").first.evaluate("h => { h.tabIndex = -1; h.focus(); }")
    first = regions.first
    label = first.get_attribute("aria-label")
    heading = first.evaluate("""el => { let n = el.previousElementSibling;
        while (n && !/^H[1-6]$/.test(n.tagName)) n = n.previousElementSibling;
        return n ? n.textContent.replace('¶', '').trim() : ''; }""")
    assert heading and label.endswith(heading), (label, heading)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == label:
            break
    else:
        pytest.fail(f"Tab never reached the region {label!r}")
    before = first.evaluate("el => el.scrollLeft")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=first.element_handle())
    assert first.evaluate("el => el.scrollLeft") > before
    ring = first.evaluate("el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }")
    assert ring[0] == "solid" and float(ring[1].removesuffix("px")) >= 2, ring
    # a table in a collapsible block, once opened, is reachable too and named by the summary
    block = page.locator("article details").first
    summary = block.locator("summary").inner_text().strip()
    block.locator("summary").click()
    inner = block.locator(".md-typeset__scrollwrap")
    # the four-column tables of a unit's figures fit a phone now; one made wider (as a form with
    # more columns would be) becomes a region when its block opens
    inner.evaluate("el => { el.querySelector('table').style.minWidth = '700px'; }")
    page.wait_for_function("el => el.getAttribute('role') === 'region'", arg=inner.element_handle())
    assert inner.get_attribute("aria-label") == f"表格（可左右滚动）：{summary}"
    # on a desktop screen the same table fits and leaves the tab order; those still wider than
    # the column (a region's twelve columns) stay reachable
    page.set_viewport_size({"width": 1600, "height": 900})
    page.wait_for_function("el => !el.hasAttribute('role') && !el.hasAttribute('tabindex')", arg=inner.element_handle())
    for el in page.locator(".md-typeset__scrollwrap[role=region]").all():
        assert el.evaluate("el => el.scrollWidth > el.clientWidth + 1")


def test_focus_ring_is_visible_in_the_header_and_content(browser: Any, server: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        page.goto(f"{server}/")
        settle(page)
        seen = {}
        for _ in range(40):
            page.keyboard.press("Tab")
            info = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
                return {where: e.closest('.md-tabs') ? 'tabs' : e.closest('article') ? 'article' : 'other',
                        style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                        text: s.color}; }""")
            assert info["style"] != "none" and info["width"] >= 2, info
            seen.setdefault(info["where"], info)
            if {"tabs", "article"} <= seen.keys():
                break
        # in the red tab bar the ring is white; in the text it has the link's own colour
        assert seen["tabs"]["color"] == "rgb(255, 255, 255)", seen
        assert seen["article"]["color"] == seen["article"]["text"] != "rgb(255, 255, 255)", seen
    finally:
        ctx.close()


def test_charts_are_one_named_image_with_their_figures_nearby(context: Any, server: str) -> None:
    page = context.new_page()
    seen = 0
    for rel in chart_pages(page, server):
        page.goto(f"{server}/{rel}")
        settle(page)
        charts = page.locator("figure.warmth-figure svg.warmth-chart")
        seen += charts.count()
        for i in range(charts.count()):
            check_chart(page, charts.nth(i))
        # on a phone the chart fits the screen: no sideways scrolling, no extra tab stop
        assert page.locator("figure.warmth-figure[tabindex], figure.warmth-figure[role=region]").count() == 0, rel
    assert seen >= 5


def chart_pages(page: Any, server: str) -> list[str]:
    """The campaign summary and the pages of its forms (linked from it)."""
    page.goto(f"{server}/data/{CAMPAIGN}/")
    forms = page.eval_on_selector_all("article a[href*='forms/']", "els => els.map(a => a.getAttribute('href'))")
    assert forms
    return [f"data/{CAMPAIGN}/", *[f"data/{CAMPAIGN}/{h.strip('/')}/" for h in forms]]


def check_chart(page: Any, svg: Any) -> None:
    title = svg.locator("title").text_content()
    desc = svg.locator("desc").text_content()
    # announced as an image named by its title and described by every figure
    assert page.get_by_role("img", name=title, exact=True).count() >= 1, title
    assert svg.evaluate("e => document.getElementById(e.getAttribute('aria-describedby')).textContent") == desc
    # the bars' own text is not read out loose: the image is one leaf of the accessibility tree
    tree = svg.aria_snapshot().strip()
    assert tree.startswith("- img") and "\n" not in tree, tree
    # each bar's label and figure are also in a table of the same section of the page (a table
    # that stands in a collapsed block of that section counts: it opens with one tap)
    cells = svg.evaluate("""svg => { let n = svg.closest('figure'); const rows = [];
        while (n && !/^H[1-6]$/.test(n.tagName)) n = n.previousElementSibling;
        for (let s = n ? n.nextElementSibling : null; s && !/^H[1-6]$/.test(s.tagName); s = s.nextElementSibling)
          s.querySelectorAll('tr').forEach(tr => rows.push([...tr.cells].map(c => c.textContent.trim())));
        return rows; }""")
    desc_rows = svg.evaluate(
        "svg => [...svg.querySelectorAll('g')].map(g => [...g.querySelectorAll(':scope > text')].map(t => t.textContent))")
    assert desc_rows
    for label, value in desc_rows:
        figure = value.split()[0].replace(",", "")  # the chart groups thousands, the tables do not
        # a row holding the figure and the bar's name (its code, or the name as shown; a
        # unit's bar shows its short name and the table its full name, and both begin
        # with the place: the shared fixture plants different payloads in the two)
        name = label.split()[0]
        place = name[:2]
        assert any(figure in row and any(name in c or c.startswith(place) for c in row) for row in cells), (
            title, label, figure)


def test_printed_pages_keep_their_meaning(browser: Any, server: str) -> None:
    """Printed on A4 (in black and white, say): the figures of every chart are written beside
    its bars, missing and late reports say so in words, wide tables and charts are whole on the
    page (not cut where the screen would scroll), and the print view passes axe too."""
    ctx = browser.new_context(viewport={"width": 718, "height": 1000})  # A4 less margins, 96 dpi
    page = ctx.new_page()
    page.emulate_media(media="print")
    try:
        for rel in (f"data/{CAMPAIGN}/", f"data/{CAMPAIGN}/qinglan/", "guide/items/"):
            page.goto(f"{server}/{rel}")
            settle(page)
            assert not axe_violations(page, f"/{rel} printed")
            cut = page.evaluate("""() => { const edge = document.querySelector('article').getBoundingClientRect().right;
                return [...document.querySelectorAll('article table, .warmth-figure svg')]
                  .filter(e => e.getBoundingClientRect().right > edge + 1).map(e => e.outerHTML.slice(0, 60)); }""")
            assert not cut, (rel, cut)
        page.goto(f"{server}/data/{CAMPAIGN}/qinglan/")
        settle(page)
        assert "未报" in page.locator("article").inner_text()
        page.goto(f"{server}/data/{CAMPAIGN}/")
        settle(page)
        assert "逾期" in page.locator("article").inner_text()
        values = page.locator("svg.warmth-chart g text:nth-of-type(2)")
        assert values.count() > 0
        assert all(v.is_visible() for v in values.all())
    finally:
        ctx.close()


def test_template_says_in_words_which_cells_to_fill(tmp_path: Path) -> None:
    """Yellow (fill in) and grey (automatic total) are also written in the 填法 column, and the
    instructions name those words, not only the colours."""
    from warmth.excel import write_templates
    from warmth.excel.template_book import FILL_MARK, HOW_COL, TOTAL_MARK, VALUE_COL
    from warmth.repo import Repository

    paths = write_templates(Repository(ROOT), tmp_path)
    assert paths
    for path in paths:
        wb = openpyxl.load_workbook(path)
        notes = " ".join(str(c.value) for c in wb["填写说明"]["A"] if c.value)
        assert f"“{FILL_MARK}”" in notes and f"“{TOTAL_MARK}”" in notes
        marks = set()
        for ws in wb.worksheets[:-2]:  # the form sheets; 基本信息 and 填写说明 follow them
            assert ws.cell(3, HOW_COL).value == "填法"
            rows = [r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value]
            assert rows
            for r in rows:
                cell, mark = ws.cell(r, VALUE_COL), ws.cell(r, HOW_COL).value
                formula = isinstance(cell.value, str) and cell.value.startswith("=")
                assert mark == (TOTAL_MARK if formula else FILL_MARK), (path.name, ws.title, r)
                assert cell.protection.locked == formula, (path.name, ws.title, r)
                marks.add(mark)
        assert marks == {FILL_MARK, TOTAL_MARK}, (path.name, marks)  # every form has sums


def test_workbook_marks_missing_reports_in_words(built: Path) -> None:
    """In the summary workbooks a unit that did not report shows 未报 as text (grey italic is
    only an extra), never a blank or a colour alone."""
    books = sorted((built / "site" / "downloads").rglob("*.xlsx")) + sorted((built / "build").rglob("*.xlsx"))
    summary = [b for b in books if "templates" not in b.parts]
    assert summary
    found = 0
    for path in summary:
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.font and c.font.i and c.font.color is not None and str(c.font.color.rgb)[-6:] == "595959":
                        assert c.value in ("未报", "—"), (path.name, ws.title, c.coordinate, c.value)
                        found += 1
    assert found
