"""A national-scale site, built by the real `warmth build` from generated reports (the
benchmarks' generator) and looked at in headless Chromium: search finds units by name, the
search index stays small (tables and figures are not in it), region pages fit a phone.

The size is WARMTH_SCALE_UNITS (default 1000, which builds in well under a minute on a quiet
2-core machine); benchmarks/bench_build.py measures 3,500 and shows how it scales.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from . import test_site_browser as shared
from .conftest import ROOT, git, run_warmth
from .test_site_browser import serve

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import CAMPAIGN
from generate import generate as generate_repo

UNITS = int(os.environ.get("WARMTH_SCALE_UNITS", "1000"))
# The index may grow by this much per unit (3 MB for 3,500 units, with room left for the
# hand-written pages and longer narratives than the generated ones).
BYTES_PER_UNIT = 600

browser = shared.browser
page = shared.page


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository of UNITS generated units with a report each, built once."""
    repo = generate_repo(tmp_path_factory.mktemp("scale") / "repo", UNITS)
    shutil.copytree(ROOT / "docs", repo / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "national-scale data")
    res = run_warmth("build", cwd=repo)
    assert res.code == 0, res.err + res.out
    return repo


@pytest.fixture(scope="module")
def server(national: Path) -> Iterator[str]:
    with serve(national / "site") as url:
        yield url


def _units(repo: Path) -> dict[str, dict[str, Any]]:
    """The registry as written (id -> entry), read independently of warmth."""
    data = yaml.safe_load((repo / "submissions" / "units.yaml").read_text(encoding="utf-8"))
    return {u["id"]: u for u in data["units"]}


def _region_of(units: dict[str, dict[str, Any]], uid: str) -> str:
    while units[uid].get("parent") and units[units[uid]["parent"]].get("parent"):
        uid = units[uid]["parent"]
    return uid


def _index(repo: Path) -> tuple[bytes, dict[str, Any]]:
    raw = (repo / "site" / "search" / "search_index.json").read_bytes()
    return raw, json.loads(raw)


def _plain(s: str) -> str:
    return s.replace("\u200b", "")


def test_every_unit_is_an_index_entry_titled_with_its_name(national: Path) -> None:
    units = _units(national)
    _, index = _index(national)
    titles: dict[str, list[str]] = {}
    for d in index["docs"]:
        titles.setdefault(_plain(d["title"]), []).append(d["location"])
    reporting = [u for u in units.values() if u.get("parent")]
    assert len(reporting) == UNITS
    for u in reporting:
        region = _region_of(units, u["id"])
        assert any(loc.startswith(f"data/{CAMPAIGN}/{region}/#") for loc in titles.get(u["name"], [])), u["name"]


def test_search_index_stays_small_and_holds_no_figures(national: Path) -> None:
    raw, index = _index(national)
    data_bytes = sum(len(json.dumps(d, ensure_ascii=False).encode("utf-8")) for d in index["docs"]
                     if d["location"].startswith(f"data/{CAMPAIGN}/c"))
    assert data_bytes <= BYTES_PER_UNIT * UNITS, (data_bytes, UNITS)
    assert len(raw) <= 3_000_000 * UNITS / 3500 + 1_000_000, len(raw)
    # written as UTF-8, not as \\uXXXX escapes
    docs = raw.split(b'"docs":', 1)[1]
    assert not re.search(rb"\\u(200b|[4-9][0-9a-f]{3})", docs) and "总工会\u200b".encode() in docs
    # a unit's money figures (4 decimals, as the generator writes them) are on its region page
    # but in no entry of the region pages
    sample = national / "submissions" / CAMPAIGN / "c0000.yaml"
    money = re.findall(r"^\s+B: (\d+\.\d+)", sample.read_text(encoding="utf-8"), re.M)
    assert money
    region = (national / "site" / "data" / CAMPAIGN / "c0000" / "index.html").read_text(encoding="utf-8")
    assert f">{money[0]}<" in region
    texts = " ".join(d["title"] + d["text"] for d in index["docs"] if d["location"].startswith(f"data/{CAMPAIGN}/c"))
    assert money[0] not in _plain(texts)


def test_nav_does_not_grow_with_units(national: Path) -> None:
    home = (national / "site" / "index.html").read_text(encoding="utf-8")
    nav = re.findall(r'class="md-nav__link', home)
    assert len(nav) < 60, len(nav)
    assert f"data/{CAMPAIGN}/c0000/" not in home


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_search_finds_a_unit_by_name(page: Any, server: str, national: Path, which: str) -> None:
    units = _units(national)
    reporting = [u for u in units.values() if u.get("parent")]
    # a name no other name starts with (search matches the beginnings of words)
    names = sorted(u["name"] for u in reporting)
    unique = [u for u in reporting if sum(1 for n in names if n.startswith(u["name"])) == 1]
    unit = {"first": unique[0], "middle": unique[len(unique) // 2], "last": unique[-1]}[which]
    shared.search(page, server, unit["name"])
    page.wait_for_timeout(300)
    links = page.locator("a.md-search-result__link")
    titles = [" ".join(_plain(links.nth(i).locator("h1, h2").first.inner_text()).split()).rstrip("¶").strip()
              for i in range(links.count())]
    hits = [i for i, t in enumerate(titles) if t == unit["name"]]
    assert hits, (unit["name"], titles[:10])
    link = links.nth(hits[0])
    href = urlsplit(link.get_attribute("href") or "")
    assert href.path.endswith(f"/data/{CAMPAIGN}/{_region_of(units, unit['id'])}/") and href.fragment, href
    link.click()
    page.wait_for_load_state("load")
    heading = page.locator("article h3", has_text=unit["name"]).first
    assert " ".join(heading.inner_text().split()).rstrip("¶").strip() == unit["name"]
    assert not shared._local_only(page.requests)  # type: ignore[attr-defined]


def test_region_page_on_a_phone_scrolls_tables_not_the_page(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    try:
        pg = context.new_page()
        pg.goto(f"{server}/data/{CAMPAIGN}/c0000/")
        pg.wait_for_load_state("load")
        pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        width = pg.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], width
        # the figures' table is wider than the phone and scrolls in its own box
        wraps = pg.locator("article .md-typeset__scrollwrap")
        assert wraps.count() >= 3
        scrolling = [w.evaluate("el => el.scrollWidth > el.clientWidth + 1") for w in wraps.all()]
        assert any(scrolling), scrolling
        # opening a unit's "全部数字" block does not widen the page either
        pg.locator("article details summary").first.click()
        width = pg.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], width
        assert pg.locator("article details[open] table").first.is_visible()
    finally:
        context.close()


# -- the pieces, without a build -------------------------------------------------------------

def test_blocks_go_in_at_their_placeholders_once_each() -> None:
    from mkdocs.exceptions import PluginError

    from warmth.site.mkdocs_hooks import fill

    page = "<p>a</p><!-- warmth:html 1 --><p>b</p><!-- warmth:html 0 -->"
    assert fill(page, ["<table>0</table>", "<table>1</table>"], "x.md") == "<p>a</p><table>1</table><p>b</p><table>0</table>"
    for blocks, text in ((["0"], page), (["0", "1", "2"], page), (["0", "1"], page + "<!-- warmth:html 0 -->")):
        with pytest.raises(PluginError):
            fill(text, blocks, "x.md")


@pytest.mark.parametrize("name", ["<!-- warmth:html 0 -->", "甲<table><tr><td>乙", "丙 **粗** | 丁\n# 戊", "{ data-search-exclude }"])
def test_a_unit_name_is_text_in_markdown_and_in_blocks(name: str) -> None:
    from warmth import pipeline
    from warmth.repo import Repository
    from warmth.site.campaign import Links
    from warmth.site.region import PLACEHOLDER, region_page
    from warmth.site.text import inline

    data = next(d for d in pipeline.load_data(Repository(ROOT)) if d.campaign.id == "2022-spring")
    region = next(r for r in data.regions if len(data.region_units(r.id)) > 1)
    uid = data.region_units(region.id)[1]
    data.registry.units[uid].name = name
    page = region_page(data, region, Links())
    # one placeholder per block, and nothing else that looks like one
    assert re.findall(r"<!-- warmth:html \d+ -->", page.markdown) == [PLACEHOLDER.format(i) for i in range(len(page.blocks))]
    shown = " ".join(name.split())
    assert shown in page.names
    # the heading holds the name as entities, nothing Markdown or HTML acts on
    heading = f"### {inline(name)}"
    assert heading in page.markdown.splitlines()
    assert not set("<>{}*|#!") & set(heading.removeprefix("### ").replace("&#", ""))
    # in the blocks (tables, status lines) it is HTML-escaped text
    blocks = "".join(page.blocks)
    assert html.escape(shown) in blocks
    assert "<!-- warmth:html" not in blocks and "<table><tr><td>乙" not in blocks
