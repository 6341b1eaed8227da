"""Everything a repository holds reaches the site as text: unit names and short names, the
campaign's title and notice fields, visiting groups, form titles and labels, explanations.
Each kind of payload (see conftest.PAYLOADS) is planted in the shared demo before it is built;
no page, <title>, nav entry or search-index entry carries it as live markup, and the pages
show it literally. (The browser checks are in test_site_browser.py.)"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from warmth.pipeline import source_url_of
from warmth.site.text import title, with_title

from .conftest import PAYLOADS, PLANTED_CAMPAIGN, PLANTED_UNIT, PLANTS
from .test_site import collapse, page_text

SITE_NAME = "云澜省送温暖活动（演示）"
CAMPAIGN_TITLE = next(p for p in PLANTS if p.old.startswith("title: 云澜省")).shown
UNIT_NAME = next(p for p in PLANTS if p.old == "name: 青岚市东湖区总工会").shown
REGION_NAME = next(p for p in PLANTS if p.old == "name: 青岚市总工会").shown

# what each kind of payload would leave in the HTML if it were not escaped
LIVE: dict[str, tuple[str, ...]] = {
    "tag": ("<img src=x",),
    "script": ("<script>window.__pwned", "</title><script"),
    "markdown": ("<strong>粗</strong>", "<em>斜</em>", "<code>码</code>"),
    "link": ('href="javascript:',),
    "attr_list": ('onclick="window.__pwned',),
    "template": (f"{SITE_NAME}{{% if 1 %}}",),  # {{ config.site_name }} rendered
    "rule": ("<hr", "<h1>===</h1>"),
    "pipe": ("<td>乙 </td>", "<td>乙</td>"),
    "quote": ('title="引"',),
    "newline": ("<h1>下行", "<h1 id=\"下行\""),
    "entity": ("<i>",),
    "marker": ("<!-- warmth:meta -->",),
}


def _outputs(built: Path) -> list[Path]:
    site = built / "site"
    return [*sorted(site.rglob("*.html")), site / "search" / "search_index.json"]


def test_every_payload_kind_has_live_markers() -> None:
    assert set(LIVE) == set(PAYLOADS)


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_no_planted_payload_is_live_anywhere(built: Path, kind: str) -> None:
    """No page and no search entry holds the payload as markup, and it was planted and is
    shown (as text) somewhere, so the check is not vacuous."""
    for path in _outputs(built):
        text = path.read_text(encoding="utf-8")
        for marker in LIVE[kind]:
            if kind == "rule" and marker == "<hr":
                # the theme draws no rules; no page of ours has a thematic break
                assert marker not in text.split('<div class="md-content"', 1)[-1], path
                continue
            assert marker not in text, f"{path}: {marker}"
    shown_in = [p for p in PLANTS if PAYLOADS[kind] in p.value and p.page]
    assert shown_in, kind
    plant = shown_in[0]
    assert collapse(PAYLOADS[kind]) in page_text(built / "site" / plant.page / "index.html")


def test_a_marker_in_a_value_fills_no_block(built: Path) -> None:
    """A campaign field holding <!-- warmth:meta --> does not make a second document header."""
    notice = (built / "site" / "notices" / PLANTED_CAMPAIGN / "index.html").read_text(encoding="utf-8")
    assert notice.count('class="warmth-doc"') == 1


@pytest.mark.parametrize("plant", [p for p in PLANTS if p.page], ids=lambda p: f"{Path(p.file).name}:{p.old[:12]}")
def test_planted_value_shows_literally(built: Path, plant) -> None:  # type: ignore[no-untyped-def]
    assert plant.shown in page_text(built / "site" / plant.page / "index.html")


LABEL = next(p for p in PLANTS if p.old.startswith("label: 春节期间共帮助")).shown


def test_a_label_in_a_column_heading_keeps_its_full_text(built: Path) -> None:
    """Wide tables head a column with a shortened label and the full one in a tooltip."""
    page = (built / "site" / "data" / PLANTED_CAMPAIGN / "index.html").read_text(encoding="utf-8")
    tips = re.findall(r'<span title="([^"]*)">G ', page)
    assert tips and all(html.unescape(t) == LABEL for t in tips)


def _title(page: Path) -> str:
    m = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    assert m, page
    return html.unescape(m[1])


@pytest.mark.parametrize(("path", "expected"), [
    (f"notices/{PLANTED_CAMPAIGN}/", CAMPAIGN_TITLE),
    (f"data/{PLANTED_CAMPAIGN}/", f"{CAMPAIGN_TITLE}：汇总数据"),
    (f"data/{PLANTED_CAMPAIGN}/qinglan/", f"{REGION_NAME}：{CAMPAIGN_TITLE}"),
], ids=["notice", "summary", "region"])
def test_page_titles_are_the_literal_text(built: Path, path: str, expected: str) -> None:
    """<title> holds escaped text only: it cannot be closed early and shows the value as typed
    (the theme's `striptags` would turn entities of a heading back into tags)."""
    page = built / "site" / path / "index.html"
    assert _title(page) == f"{expected} - {SITE_NAME}"
    head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
    assert head.count("<title>") == 1 and head.count("</title>") == 1


@pytest.mark.parametrize("section", ["notices", "data"])
def test_nav_entries_show_the_literal_title(built: Path, section: str) -> None:
    home = (built / "site" / "index.html").read_text(encoding="utf-8")
    m = re.search(rf'<a href="{section}/{PLANTED_CAMPAIGN}/" class="md-nav__link">(.*?)</a>', home, re.S)
    assert m, section
    assert "<img" not in m[1] and "<script" not in m[1]
    assert collapse(html.unescape(re.sub(r"<[^>]+>", "", m[1]))) == CAMPAIGN_TITLE


def test_search_index_holds_names_as_escaped_text(built: Path) -> None:
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [(d["title"], d["text"]) for d in index["docs"]]
    for t, x in entries:
        for field in (t, x):
            assert not re.search(r"<(img|script|a|strong|em|i|svg)\b", field), field[:200]

    def plain(s: str) -> str:
        return collapse(html.unescape(re.sub(r"<[^>]+>", " ", s.replace("\u200b", ""))))

    titles = [plain(t) for t, _ in entries]
    assert UNIT_NAME in titles, "the unit's heading is a search section titled with its literal name"
    assert any(f"{REGION_NAME}：{CAMPAIGN_TITLE}" == t for t in titles)


# -- the helpers, over every payload ------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_title_front_matter_round_trips(kind: str) -> None:
    value = f"标题{PAYLOADS[kind]}尾"
    page = with_title("# 标题\n\n正文\n", value)
    assert page.startswith("---\n")
    meta = yaml.safe_load(page.split("\n---\n", 1)[0][4:])
    assert meta == {"title": title(value)}
    assert html.unescape(meta["title"]) == collapse(value)
    assert "<" not in meta["title"] and ">" not in meta["title"] and "\n" not in meta["title"]
    assert page.endswith("# 标题\n\n正文\n")


def test_title_joins_existing_front_matter_and_keeps_a_given_title() -> None:
    page = with_title("---\nsearch:\n  boost: 2\n---\n\n# x\n", "<b>")
    assert yaml.safe_load(page.split("\n---\n", 1)[0][4:]) == {"title": "&lt;b&gt;", "search": {"boost": 2}}
    given = "---\ntitle: 手写标题\n---\n\n# x\n"
    assert with_title(given, "<b>") == given


@pytest.mark.parametrize(("url", "kept"), [
    ("https://github.com/yunlan/warmth/blob/main", True),
    ("http://example.org/repo", True),
    ("javascript:alert(1)", False),
    ("https://example.org/a) [x](javascript:alert(1)", False),
    ('https://example.org/"><script>', False),
    ("https://example.org/a b", False),
    ("https://example.org/\n# 标题", False),
    ("//example.org/x", False),
])
def test_source_url_must_be_a_plain_web_address(url: str, kept: bool) -> None:
    said: list[str] = []
    got = source_url_of({"extra": {"warmth_source_url": url}}, said.append)
    assert got == (url if kept else "")
    assert bool(said) is not kept


def test_planted_unit_is_the_one_with_the_narrative() -> None:
    assert any(p.old == "name: 青岚市东湖区总工会" for p in PLANTS) and PLANTED_UNIT == "qinglan-donghu"
