"""The built site in headless Chromium: Chinese search works, a summary page shows charts and
tables with the figures of the YAML files, nothing is fetched from outside 127.0.0.1, and a
script planted in a narrative does not run."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import PLANTED_CAMPAIGN, PLANTED_UNIT, PLANTS
from .test_site import CAMPAIGN

CHROMIUM = Path(os.environ.get("WARMTH_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def _need(reason: str) -> None:
    if os.environ.get("WARMTH_REQUIRE_ALL") == "1":
        pytest.fail(f"{reason} (WARMTH_REQUIRE_ALL=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright is not installed")
    if not CHROMIUM.is_file():
        _need(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, timeout=60_000)
        try:
            yield b
        finally:
            b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    with serve(built / "site") as url:
        yield url


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """A local web server for a built site, stopped when the block ends."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail("the test web server did not start")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    pg.requests = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]

    def on_dialog(d: Any) -> None:
        pg.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()

    pg.on("dialog", on_dialog)
    try:
        yield pg
    finally:
        context.close()


def _local_only(urls: list[str]) -> list[str]:
    return [u for u in urls if not (u.startswith("http://127.0.0.1:") or u.startswith("data:") or u.startswith("blob:"))]


def expected_totals(repo: Path, form: str) -> dict[str, Decimal]:
    """Sums over the YAML files, read independently of warmth (every scalar as text)."""
    totals: dict[str, Decimal] = {}
    for path in sorted((repo / "submissions" / CAMPAIGN).glob("*.yaml")):
        if path.name == "campaign.yaml":
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for code, value in data["forms"][form].items():
            if value not in ("是", "否"):
                totals[code] = totals.get(code, Decimal(0)) + Decimal(value)
    return totals


def fmt(d: Decimal) -> str:
    return f"{d.normalize():f}"


def search(page: Any, server: str, text: str) -> None:
    """Type into Material's search box; it searches on key events, so press End after the
    Chinese text, then wait for results."""
    page.goto(f"{server}/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(text)
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=20_000)


def test_chinese_search_finds_pages(page: Any, server: str) -> None:
    search(page, server, "困难职工")
    assert page.locator(".md-search-result__item").count() > 0
    titles = " ".join(page.locator(".md-search-result__item").all_inner_texts())
    assert "困难职工" in titles or "困难" in titles
    assert not _local_only(page.requests)  # type: ignore[attr-defined]


def test_summary_page_shows_charts_and_right_figures(page: Any, server: str, built: Path) -> None:
    page.goto(f"{server}/data/{CAMPAIGN}/")
    charts = page.locator("svg.warmth-chart[role=img]")
    assert charts.count() >= 3  # people and money by region, reports by status
    first = charts.first
    assert page.get_by_role("img", name=first.locator("title").text_content(), exact=True).count() >= 1
    assert first.locator("title").count() == 1 and first.locator("desc").count() == 1
    assert first.is_visible()
    totals = expected_totals(built, "swn-j4-2022")
    body = page.locator("article").inner_text()
    # the by-region table (in a collapsed block) ends with the exact totals
    total_row = page.locator("article table tr", has=page.locator("td", has_text="合计")).last
    assert fmt(totals["B"]) in total_row.text_content() and fmt(totals["C"]) in total_row.text_content()
    # the headline cards: people with thousands separators, money to 0.1 万元
    cards = page.locator(".warmth-card").all_inner_texts()
    assert any(t.startswith(f"{int(totals['C']):,}") for t in cards), cards
    assert any(t.startswith(f"{totals['B'].quantize(Decimal('0.1')):,}") for t in cards), cards
    assert "未报" in body and "逾期" in body
    # the form's own page: every section's chart and the table of all items with exact totals
    page.locator("article a[href*='forms/swn-j4-2022']").first.click()
    page.wait_for_load_state("load")
    for code in ("B", "B1", "B6", "C", "D", "J3"):
        row = page.locator("article table tr").filter(has=page.locator(f"td:text-is('{code}')"))
        assert row.count() >= 1, code
        assert fmt(totals[code]) in row.first.text_content(), code
    # the chart of B's parts carries the same figures in its description
    desc = " ".join(page.eval_on_selector_all("svg.warmth-chart desc", "els => els.map(e => e.textContent)"))
    assert fmt(totals["B1"]) in desc
    assert not _local_only(page.requests)  # type: ignore[attr-defined]


def test_region_page_traces_figures_to_files(page: Any, server: str, built: Path) -> None:
    page.goto(f"{server}/data/{CAMPAIGN}/qinglan/")
    body = page.locator("article").inner_text()
    assert f"submissions/{CAMPAIGN}/qinglan.yaml" in body
    assert "未报" in body  # qinglan-gaoxin never reported
    data = yaml.load((built / "submissions" / CAMPAIGN / "qinglan.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert data["forms"]["swn-j4-2022"]["B"] in body


def test_planted_script_does_not_run_and_shows_as_text(page: Any, server: str) -> None:
    page.goto(f"{server}/data/{CAMPAIGN}/qinglan/")
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwned") is None
    assert not page.dialogs  # type: ignore[attr-defined]
    report = page.locator(".warmth-report", has_text="window.__pwned")
    assert report.count() == 1
    text = report.inner_text()
    assert "<script>window.__pwned" in text and "**粗体**" in text and "<img src=x" in text
    assert report.locator("script, img, strong, a").count() == 0
    assert PLANTED_UNIT


def test_pages_fetch_nothing_from_outside(page: Any, server: str) -> None:
    for path in ("", "notices/", f"notices/{CAMPAIGN}/", "guide/", "guide/items/", "guide/errors/",
                 "data/", f"data/{CAMPAIGN}/", "data/2021-spring/"):
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
    outside = _local_only(page.requests)  # type: ignore[attr-defined]
    assert not outside, outside


def test_planted_script_stays_text_in_search_results(page: Any, server: str) -> None:
    search(page, server, "粗体")
    page.wait_for_timeout(500)
    results = page.locator(".md-search-result")
    assert "__pwned" in results.inner_text()
    assert results.locator("script, img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert not page.dialogs  # type: ignore[attr-defined]


# -- payloads planted in names, titles and notice fields (conftest.PLANTS) ----------------------

PLANTED_PAGES = sorted({p.page for p in PLANTS if p.page} | {"", f"data/{PLANTED_CAMPAIGN}/qinglan/"})
CAMPAIGN_TITLE = next(p for p in PLANTS if p.old.startswith("title: 云澜省")).shown
UNIT_NAME = next(p for p in PLANTS if p.old == "name: 青岚市东湖区总工会").shown


def _nothing_ran(page: Any) -> None:
    assert page.evaluate("window.__pwned") is None
    assert not page.dialogs  # type: ignore[attr-defined]
    assert page.locator('img[src="x"], a[href^="javascript"], [onclick], [onerror]').count() == 0
    # the only scripts are the theme's own
    srcs = page.eval_on_selector_all("script", "els => els.map(e => e.src || e.textContent.slice(0, 60))")
    assert not [s for s in srcs if "__pwned" in s], srcs


@pytest.mark.parametrize("path", PLANTED_PAGES, ids=lambda p: p or "home")
def test_planted_names_and_titles_show_literally_and_run_nothing(page: Any, server: str, path: str) -> None:
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("load")
    _nothing_ran(page)
    body = " ".join(page.locator("article").inner_text().split())
    for plant in PLANTS:
        if plant.page and plant.page == path:
            assert plant.shown in body, plant.old
    # the campaign's entry in the nav reads as typed, on every page
    here = path == f"notices/{PLANTED_CAMPAIGN}/"
    link = page.locator("a.md-nav__link--active[href='./']" if here else f'a.md-nav__link[href$="notices/{PLANTED_CAMPAIGN}/"]').first
    assert " ".join((link.text_content() or "").split()) == CAMPAIGN_TITLE
    if path in (f"notices/{PLANTED_CAMPAIGN}/", f"data/{PLANTED_CAMPAIGN}/"):
        assert page.title().startswith(CAMPAIGN_TITLE)
    if path == f"data/{PLANTED_CAMPAIGN}/qinglan/":
        assert page.title().endswith(f"：{CAMPAIGN_TITLE} - 云澜省送温暖活动（演示）")
        # the unit's name heads its report and its rows, as text
        heading = page.locator("article h3", has_text="东湖").first.inner_text()
        assert " ".join(heading.split()).rstrip("¶").rstrip() == UNIT_NAME


def test_planted_unit_name_stays_text_in_search_results(page: Any, server: str) -> None:
    search(page, server, "东湖")
    page.wait_for_timeout(500)
    results = page.locator(".md-search-result")
    shown = " ".join(results.inner_text().replace("\u200b", "").split())
    assert "<img src=x onerror=" in shown
    assert results.locator("script, img, a[href^=javascript], [onerror]").count() == 0
    _nothing_ran(page)
