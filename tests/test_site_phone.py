"""The built site on a phone (390 px wide, in headless Chromium) and what a visitor reads first:
charts whose text is as large as the page's smallest running text and whose names are whole,
no page that scrolls sideways (wide tables scroll in their own box), headline figures written
for reading, a campaign page that leads with people, money and regions and keeps the rest in
pages and collapsed blocks, headings that say what is under them, the footer (issuer, contact,
licence) and a downloads page that says what each file holds."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from warmth.pipeline import read_config
from warmth.site.text import grouped, rounded, wrap

from . import test_site_browser as shared
from .test_site import CAMPAIGN

browser = shared.browser
server = shared.server
PHONE = {"width": 390, "height": 844}
MAIN_FORM = "swn-j4-2022"


@pytest.fixture
def phone(browser: Any) -> Any:
    ctx = browser.new_context(viewport=PHONE)
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    try:
        yield page
    finally:
        ctx.close()


def settle(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def form_pages(page: Any, server: str) -> list[str]:
    settle(page, f"{server}/data/{CAMPAIGN}/")
    hrefs = page.eval_on_selector_all("article a[href*='forms/']", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs, "the campaign page links no form page"
    return [f"data/{CAMPAIGN}/{h.strip('/')}/" for h in hrefs]


SMALLEST_BODY_TEXT = """() => Math.min(...[...document.querySelectorAll(
    'article p, article li, article td, article th')].filter(e => e.offsetParent !== null && e.textContent.trim())
    .map(e => parseFloat(getComputedStyle(e).fontSize)))"""

# every text of every chart: its lines as rendered (size on screen, right edge), the whole
# label, and the name the chart's description gives the same bar
CHART_TEXTS = """() => [...document.querySelectorAll('svg.warmth-chart')].flatMap(svg => {
    const box = svg.getBoundingClientRect(), scale = svg.getScreenCTM().a;
    const desc = svg.querySelector('desc').textContent;
    return [...svg.querySelectorAll('g')].map(g => {
      const [label, value] = g.querySelectorAll(':scope > text');
      return {label: label.textContent, value: value.textContent, desc,
              size: Math.min(...[label, value].map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
              right: Math.max(...[label, value].map(t => t.getBoundingClientRect().right)),
              svgRight: box.right, view: document.documentElement.clientWidth}; }); })"""


def test_chart_text_is_as_large_as_body_text_and_names_are_whole(phone: Any, server: str) -> None:
    seen = 0
    for rel in [f"data/{CAMPAIGN}/", *form_pages(phone, server)]:
        settle(phone, f"{server}/{rel}")
        smallest = phone.evaluate(SMALLEST_BODY_TEXT)
        assert 10 <= smallest <= 20, (rel, smallest)
        for t in phone.evaluate(CHART_TEXTS):
            seen += 1
            assert t["size"] >= smallest - 0.01, (rel, t["label"], t["size"], smallest)
            assert "…" not in t["label"] + t["value"], (rel, t["label"])
            # the name on the chart is the whole name its description reads out
            assert f"{t['label']} " in t["desc"], (rel, t["label"])
            # nothing is cut at the chart's or the screen's edge
            assert t["right"] <= min(t["svgRight"], t["view"]) + 1, (rel, t["label"], t["value"])
    assert seen >= 40  # the region charts and every form's parts


@pytest.mark.parametrize("rel", ["", "notices/", f"notices/{CAMPAIGN}/", "data/", f"data/{CAMPAIGN}/",
                                 f"data/{CAMPAIGN}/qinglan/", f"downloads/{CAMPAIGN}/", "guide/items/"])
def test_pages_do_not_scroll_sideways_on_a_phone(phone: Any, server: str, rel: str) -> None:
    """The page is as wide as the screen; whatever is wider (a table) sits in a box of its own
    that scrolls, and that box fits the screen."""
    settle(phone, f"{server}/{rel}")
    widths = phone.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]")
    assert max(widths[:2]) <= widths[2], (rel, widths)
    loose = phone.evaluate("""() => { const edge = document.documentElement.clientWidth;
        const scrolls = e => { for (let n = e.parentElement; n; n = n.parentElement) {
            const o = getComputedStyle(n).overflowX;
            if ((o === 'auto' || o === 'scroll') && n.getBoundingClientRect().right <= edge + 1) return true; }
          return false; };
        return [...document.querySelectorAll('article *')].filter(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.right > edge + 1 && !scrolls(e); }).map(e => e.outerHTML.slice(0, 80)); }""")
    assert not loose, (rel, loose)


def test_wide_tables_scroll_in_their_own_box(phone: Any, server: str) -> None:
    """The check above is not vacuous: the region page at 390 px has tables wider than the
    screen, and each scrolls inside its box."""
    settle(phone, f"{server}/data/{CAMPAIGN}/qinglan/")
    wide = phone.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
        .filter(w => w.scrollWidth > w.clientWidth + 1).length""")
    assert wide >= 1


def expected_totals(built: Path, form: str) -> dict[str, Decimal]:
    return shared.expected_totals(built, form)


def test_headline_cards_are_written_for_reading(phone: Any, server: str, built: Path) -> None:
    """People with thousands separators, money to 0.1 万元; the exact figures in the tables."""
    totals = expected_totals(built, MAIN_FORM)
    settle(phone, f"{server}/data/{CAMPAIGN}/")
    cards = {c.locator(".warmth-card-label").inner_text(): c.locator(".warmth-card-value").inner_text()
             for c in phone.locator(".warmth-card").all()}
    values = set(cards.values())
    people = f"{int(totals['C']):,}"
    money = f"{totals['B'].quantize(Decimal('0.1')):,}"
    assert people in values and money in values, cards
    assert int(totals["C"]) >= 1000 and "," in people  # the demo's people figure needs a separator
    assert totals["B"] != Decimal(money.replace(",", ""))  # the card rounds what the table keeps exact
    settle(phone, f"{server}/{form_pages(phone, server)[0]}")
    rows = phone.locator("article table tr").filter(has=phone.locator("td:text-is('B')"))
    assert shared.fmt(totals["B"]) in rows.first.text_content()


@pytest.mark.parametrize(("value", "places", "shown"), [
    (Decimal("1234.5678"), 1, "1,234.6"), (Decimal("1234.0000"), 1, "1,234"), (Decimal("0.0042"), 1, "0.004"),
    (Decimal("0.04"), 1, "0.04"), (Decimal("999999.96"), 1, "1,000,000"), (Decimal("0"), 1, "0"),
    (1234567, 1, "1,234,567"), (Decimal("12.3456"), 2, "12.35"),
])
def test_rounded_figures(value: Decimal | int, places: int, shown: str) -> None:
    assert rounded(value, places) == shown
    if value:
        assert Decimal(shown.replace(",", "")) != 0  # never a misleading zero


@pytest.mark.parametrize("value", [Decimal("12345.6789"), Decimal("0.0001"), 7, 1_000_000, Decimal("100.00")])
def test_grouped_figures_keep_every_digit(value: Decimal | int) -> None:
    assert Decimal(grouped(value).replace(",", "")) == Decimal(value)


LABELS = [
    "C1 因非个人意愿下岗失业、家庭收入水平明显偏低、子女教育费用负担过重等原因造成家庭生活困难的职工（慰问对象）",
    "“工会进万家·新就业形态劳动者温暖行动”服务月及两节期间，慰问新就业形态劳动者",
    "Mixed 中英文 labels with averyveryveryverylongwordthatcannotfit and 标点，（括号）",
    "甲" * 100, "a" * 100, "", "（", "短",
]


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("width", [6, 12, 36])
def test_wrapped_labels_lose_nothing(label: str, width: int) -> None:
    lines = wrap(label, width)
    assert "".join(lines).replace(" ", "") == label.replace(" ", "")
    for line in lines:
        cols = sum(2 if ord(ch) > 0x2E80 else 1 for ch in line.rstrip())
        assert cols <= width + 2, (line, width)  # a closing mark may overhang
        assert not line.startswith(tuple("，。、；：）”")), lines


def test_campaign_page_leads_with_people_money_and_regions(phone: Any, server: str) -> None:
    settle(phone, f"{server}/data/{CAMPAIGN}/")
    heads = [h.strip().rstrip("¶").strip() for h in phone.locator("article h2").all_inner_texts()]
    assert heads[:2] == ["主要数字", "各市和产业系统"], heads
    order = phone.evaluate("""() => { const all = [...document.querySelectorAll('article *')];
        const at = s => all.indexOf(document.querySelector(s));
        return {cards: at('.warmth-cards'), chart: at('svg.warmth-chart'), table: at('article table')}; }""")
    assert 0 <= order["cards"] < order["chart"] < order["table"], order
    # every region page is one tap away, before any table
    regions = phone.locator("article h2:has-text('各市和产业系统') + p a")
    assert regions.count() >= 10
    # the rest is in pages and collapsed blocks: the phone page is a few screens, not dozens
    height = phone.evaluate("() => document.documentElement.scrollHeight")
    assert height < 12 * PHONE["height"], height
    assert phone.locator("article details:not([open])").count() >= 3


def test_every_form_section_heading_says_what_is_under_it(phone: Any, server: str, built: Path) -> None:
    """On a form's page each heading is followed by the items it names: the new-employment-form
    workers (J3/J4) have a heading of their own, made of their label in the form file."""
    form = yaml.safe_load((built / "schemas" / "forms" / f"{MAIN_FORM}.yaml").read_text(encoding="utf-8"))
    items = {i["code"]: i for i in form["items"]}
    settle(phone, f"{server}/data/{CAMPAIGN}/forms/{MAIN_FORM}/")
    sections = phone.evaluate("""() => [...document.querySelectorAll('article h2')].map(h => {
        const codes = [];
        for (let s = h.nextElementSibling; s && s.tagName !== 'H2'; s = s.nextElementSibling)
          s.querySelectorAll('tbody tr').forEach(tr => codes.push(tr.cells[0].textContent.trim()));
        return {head: h.textContent.replace('¶', '').trim(), codes}; })""")
    by_code = {c: s["head"] for s in sections for c in s["codes"]}
    assert by_code["J3"] == by_code["J4"] != by_code["J1"] == by_code["J2"]
    assert items["J3"]["label"] in by_code["J3"] and items["J1"]["label"] in by_code["J1"]
    # people and the money given to them stay together
    assert by_code["C"] == by_code["D"] == by_code["C1"] == by_code["D11"]
    assert all(s["codes"] for s in sections), sections  # no heading without its items


def test_footer_names_issuer_contact_and_licence(phone: Any, server: str, built: Path) -> None:
    units = yaml.safe_load((built / "submissions" / "units.yaml").read_text(encoding="utf-8"))
    issuer = next(u["name"] for u in units["units"] if u["id"] == units["issuer"])
    campaign = yaml.safe_load((built / "submissions" / CAMPAIGN / "campaign.yaml").read_text(encoding="utf-8"))
    licence = read_config(built)["extra"]["warmth_licence"]
    for rel in ("", f"data/{CAMPAIGN}/", "guide/"):
        settle(phone, f"{server}/{rel}")
        footer = phone.locator("footer .warmth-footer")
        text = footer.inner_text()
        assert issuer in text and campaign["contact"]["phone"] in text and licence["name"] in text, text
        assert footer.get_by_role("link", name=licence["name"]).get_attribute("href") == licence["url"]
        assert footer.locator(f"a[href='mailto:{campaign['contact']['email']}']").count() == 1
        # the planted department shows as text, its markup inert
        assert "<script>window.__pwned" in text and footer.locator("script").count() == 0
        assert phone.evaluate("window.__pwned") is None


def test_downloads_page_says_what_each_file_holds(phone: Any, server: str, built: Path) -> None:
    folder = built / "site" / "downloads" / CAMPAIGN
    files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != "index.html")
    assert any(f.endswith(".csv") for f in files) and any(f.endswith(".xlsx") for f in files)
    settle(phone, f"{server}/downloads/{CAMPAIGN}/")
    for name in files:
        link = phone.locator(f"article a[href='{name}']")
        assert link.count() == 1, name
        # its list entry says what the file holds
        about = link.locator("xpath=ancestor::li[1]").inner_text()
        assert len(about) > 20, (name, about)
        if name.endswith(".csv"):
            header = next(csv.reader((folder / name).read_text(encoding="utf-8-sig").splitlines()))
            assert f"共 {len(header)} 列" in about and "代码和中文名称" in about, about
    # and the campaign page points to it
    settle(phone, f"{server}/data/{CAMPAIGN}/")
    assert phone.locator(f"article a[href*='downloads/{CAMPAIGN}/']").count() >= 1


def test_staged_config_uses_the_overrides_folder_only_when_there_is_one(tmp_path: Path) -> None:
    """The footer's theme folder is found from the staging folder, and a repository without
    one (an older adopter, a benchmark copy) still builds with the theme's own footer."""
    from warmth.pipeline import write_config

    from .conftest import ROOT

    root, stage = tmp_path / "repo", tmp_path / "stage"
    (stage / "docs").mkdir(parents=True)
    root.mkdir()
    (root / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())

    def staged() -> dict[str, Any]:
        path = write_config(root, stage, stage / "docs", stage / "site", [])
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    cfg = staged()
    assert "theme" not in cfg and cfg["extra"] == {"warmth_footer": {}}
    (root / "overrides" / "partials").mkdir(parents=True)
    assert staged()["theme"] == {"custom_dir": str((root / "overrides").resolve())}
