"""The fill-in page (在线填报) in headless Chromium: filled for several units it writes the
files `warmth validate` accepts, the very text `warmth import` would write; for generated
wrong values it reports the rule ids and severities the command reports for the file it
produced; the GitHub link names the right file and carries it; nothing leaves the site."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
import yaml

from warmth import privacy
from warmth.excel.importer import to_yaml
from warmth.excel.reader import Filled
from warmth.repo import Repository
from warmth.submission import check_submission

from . import test_site_browser as shared
from .conftest import run_warmth

browser, server, page = shared.browser, shared.server, shared.page  # the built site in Chromium
_local_only = shared._local_only
CID = "2022-spring"
REPO_URL = "https://github.com/yunlan-union/warmth-demo"
SET_VALUES = """(vals) => {
  for (const [name, v] of vals) {
    const e = document.querySelector(`[name="${name}"]`);
    if (!e) throw new Error('no input ' + name);
    if (e.tagName === 'SELECT') { e.value = v; e.dispatchEvent(new Event('change', {bubbles: true})); continue; }
    e.value = v;
    e.dispatchEvent(new Event('input', {bubbles: true}));
  }
}"""
FINDINGS = "els => els.map(e => [e.dataset.rule, e.dataset.severity])"


def open_fill(page: Any, server: str, cid: str = CID) -> None:
    page.goto(f"{server}/fill/{cid}/")
    page.wait_for_selector("#warmth-fill[data-ready]")


def report_of(root: Path, uid: str, cid: str = CID) -> dict[str, Any]:
    """A report's fields as text, read independently of warmth."""
    return yaml.load((root / "submissions" / cid / f"{uid}.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def entries(data: dict[str, Any]) -> list[tuple[str, str]]:
    out = [("unit", data["unit"])]
    out += [(k, data.get(k, "")) for k in ("reporter", "phone", "date")]
    for fid, values in data["forms"].items():
        out += [(f"{fid}.{code}", v) for code, v in values.items()]
    out.append(("report", data.get("report", "").rstrip("\n")))
    return out


def fill(page: Any, pairs: list[tuple[str, str]]) -> None:
    page.evaluate(SET_VALUES, pairs)


def shown(page: Any) -> set[tuple[str, str]]:
    return {tuple(x) for x in page.eval_on_selector_all("#warmth-findings [data-rule]", FINDINGS)}


# the page words these itself (the schema's wording depends on where in the file; the scan's
# on the text around the number); every other message is the command's, word for word
OWN_WORDS = ("schema", "privacy-")


def messages(page: Any) -> set[tuple[str, str]]:
    got = page.eval_on_selector_all("#warmth-findings [data-rule]", "els => els.map(e => [e.dataset.rule, e.dataset.message])")
    return {(r, m) for r, m in got if not r.startswith(OWN_WORDS)}


@pytest.fixture(scope="module")
def scratch(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built demo's data, where produced files are checked."""
    root = tmp_path_factory.mktemp("fill") / "repo"
    for d in ("submissions", "schemas"):
        shutil.copytree(built / d, root / d)
    return root


def validate_text(root: Path, uid: str, text: str, what: str = "severity") -> set[tuple[str, str]]:
    """What the checks of `warmth validate` report for text as the unit's file (in-process,
    the same check_submission the command runs), as (rule, severity) or (rule, message)."""
    path = root / "submissions" / CID / f"{uid}.yaml"
    old = path.read_bytes() if path.exists() else None
    path.write_text(text, encoding="utf-8")
    try:
        repo = Repository(root)
        check_submission(repo, path)
        found = repo.col(path).findings
        if what == "message":
            return {(f.rule, f.message) for f in found if not f.rule.startswith(OWN_WORDS)}
        return {(f.rule, f.severity) for f in found}
    finally:
        if old is None:
            path.unlink()
        else:
            path.write_bytes(old)


def imported(root: Path, uid: str, data: dict[str, Any]) -> str:
    """The text `warmth import` writes for the same values (excel.importer.to_yaml)."""
    repo = Repository(root)
    campaign = repo.campaign(CID)
    assert campaign is not None and repo.registry is not None
    return to_yaml(Filled(
        campaign, repo.registry.get(uid), [repo.forms[f] for f in campaign.forms],
        {fid: dict(v) for fid, v in data["forms"].items()},
        {k: data[k].rstrip("\n") for k in ("reporter", "phone", "date", "report")}, dict(data.get("explanations") or {})))


# -- filled for several units ------------------------------------------------------------------

UNITS = ["jianshe", "fengdu-nanjin", "qinglan", "luming-baisha"]


@pytest.mark.parametrize("uid", UNITS)
def test_filled_page_writes_the_file_validate_accepts(page: Any, server: str, built: Path, scratch: Path, uid: str) -> None:
    data = report_of(built, uid)
    open_fill(page, server)
    fill(page, entries(data))
    notes = data.get("explanations") or {}
    for rid, note in notes.items():  # a warning offers a box for its explanation
        box = page.locator(f'textarea[name="explanations.{rid}"]')
        assert box.count() == 1, rid
        box.fill(note)
    text = page.input_value("#warmth-yaml")
    assert text == imported(built, uid, data)
    # the real command accepts it, and the page showed what it reports
    path = scratch / "submissions" / CID / f"{uid}.yaml"
    old = path.read_bytes()
    try:
        path.write_text(text, encoding="utf-8")
        res = run_warmth("validate", f"submissions/{CID}/{uid}.yaml", "--format", "json", cwd=scratch)
        assert res.code == 0, res.out + res.err
    finally:
        path.write_bytes(old)
    assert shown(page) == validate_text(scratch, uid, text)
    assert messages(page) == validate_text(scratch, uid, text, "message")
    assert not [s for r, s in shown(page) if s == "error"]


def test_typed_values_and_computed_totals(page: Any, server: str) -> None:
    """Typed key by key: a total follows its parts until the person types over it."""
    open_fill(page, server)
    page.select_option('select[name="unit"]', "qinglan-gaoxin")
    page.locator('input[name="swn-j4-2022.B1"]').type("1.25")
    page.locator('input[name="swn-j4-2022.B2"]').type("2")
    for code in ("B3", "B4", "B5", "B6"):
        page.locator(f'input[name="swn-j4-2022.{code}"]').type("0")
    assert page.input_value('input[name="swn-j4-2022.B"]') == "3.25"
    assert "    B: 3.25" in page.input_value("#warmth-yaml")
    page.fill('input[name="swn-j4-2022.B"]', "4")
    page.locator('input[name="swn-j4-2022.B1"]').type("0")  # 1.250: B stays as typed
    assert page.input_value('input[name="swn-j4-2022.B"]') == "4"


# -- generated wrong values: the page and the command agree ------------------------------------

def _base(built: Path) -> dict[str, Any]:
    return report_of(built, "jianshe")


def _set(data: dict[str, Any], key: str, value: str) -> dict[str, Any]:
    out = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))  # a deep copy of text values
    if "." in key:
        fid, code = key.split(".", 1)
        out["forms"][fid][code] = value
    else:
        out[key] = value
    return out


def _valid_id() -> str:
    for last in "0123456789X":
        s = "11010519491231002" + last
        if privacy.id_checksum_ok(s):
            return s
    raise AssertionError


def _valid_card() -> str:
    for last in range(10):
        s = f"622202123456789012{last}"
        if privacy.luhn_ok(s):
            return s
    raise AssertionError


def wrong_cases(root: Path) -> list[tuple[str, dict[str, Any]]]:
    repo = Repository(root)
    campaign = repo.campaign(CID)
    assert campaign is not None
    base = _base(root)
    cases: list[tuple[str, dict[str, Any]]] = []
    for fid in campaign.forms:
        form = repo.forms[fid]
        for rule in form.rules:
            total = rule.check.total
            if rule.severity == "error" and total is not None and rule.when is None:
                whole = total[0]
                v = Decimal(base["forms"][fid][whole]) + 1
                cases.append((f"sum {fid} {rule.id}", _set(base, f"{fid}.{whole}", str(v))))
            m = re.fullmatch(r"\((\w+) > 0\) == \((\w+) > 0\)", rule.check.source.strip())
            if m:
                a, b = m.groups()
                case = _set(base, f"{fid}.{a}", "5")
                case = _set(case, f"{fid}.{b}", "0")
                cases.append((f"pair {fid} {rule.id}", case))
    swn, money, count = "swn-j4-2022", "swn-j4-2022.B1", "swn-j4-2022.A"
    for key, value in [(money, "123456789"), (count, "1234567890"), (money, "1.23456"), (count, "1.5"),
                       (count, "-3"), (count, "1,234"), (count, "１２"), (count, "012"), (count, "1e3"), (count, "+5"),
                       (count, "12家"), (count, "abc"), (count, "yes"), (count, ""), (money, "1.2.3"), (count, "1：2"),
                       ("bfzx-2021.I", "yes"), ("bfzx-2021.I", "对"), ("bfzx-2021.I", ""),
                       ("date", "2022-02-30"), ("date", "2022/01/20"), ("date", "2099-01-01"), ("date", ""),
                       ("phone", "12345"), ("phone", "13912345678"), ("phone", ""), ("reporter", ""),
                       ("report", "联系人手机 139 1234 5678，请来电。"), ("report", f"身份证 {_valid_id()}"),
                       ("report", f"卡号 {_valid_card()}"), ("report", ""),
                       ("report", "（在此填写本单位送温暖工作报告：组织情况、主要做法、成效和下一步打算。）"),
                       ("reporter", "张三 13912345678"),
                       # text that YAML, a comment or a block could take for something else
                       ("reporter", "张三 # 李四"), ("reporter", "- 张三"), ("reporter", "yes"), ("reporter", "123"),
                       ("reporter", '"张三"'), ("reporter", "张三: 科长"), ("reporter", "null"), ("reporter", "&a"),
                       ("report", "第一行\n\t缩进用了制表符\n第三行"), ("report", "  开头有空格\n第二行"),
                       ("report", "含\u2028分隔符"), ("report", "含\x07响铃"), ("report", "含\u200b零宽空格 13912345678"),
                       ("report", "全角数字 １３９１２３４５６７８"), ("report", "---\n..."), ("report", "# 不是注释"),
                       ("phone", "0871 12345678"), ("phone", "0871-1234567８"), ("date", "２０２２-01-20"),
                       ("report", "手机139\u200b1234\u200b5678"), ("report", "电话 +86 139 1234 5678"),
                       ("report", "１３９－１２３４－５６７８"), ("report", " ".join(_valid_card()[i:i + 4] for i in range(0, 19, 4))),
                       ("report", f"证号 {_valid_id()[:6]} {_valid_id()[6:14]} {_valid_id()[14:]}"),
                       ("report", "2022-01-20 13912345678 0871-12345678"), ("report", "编号 12345678901234567890123"),
                       (count, "1\u200b2"), (count, " 12"), (count, "#12"), (count, "'12'"), (count, "1_000"),
                       (count, "0x1F"), (count, "~"), (count, "- 1"), (money, ".5"), (money, "5."),
                       ]:
        cases.append((f"{key}={value!r}", _set(base, key, value)))
    # a warning: C jumps against the previous campaign while every sum still holds
    big = _set(base, f"{swn}.C1", str(int(base["forms"][swn]["C1"]) + 5000))
    big = _set(big, f"{swn}.C", str(int(base["forms"][swn]["C"]) + 5000))
    cases.append(("warning C jump", big))
    return cases


def test_wrong_values_page_and_command_agree(page: Any, server: str, built: Path, scratch: Path) -> None:
    open_fill(page, server)
    cases = wrong_cases(built)
    assert len(cases) > 40
    seen: set[str] = set()
    disagree = []
    for name, data in cases:
        fill(page, entries(data))
        got = shown(page)
        want = validate_text(scratch, "jianshe", page.input_value("#warmth-yaml"))
        seen |= {r for r, _ in want}
        if got != want:
            disagree.append((name, sorted(got - want), sorted(want - got)))
        said, say = messages(page), validate_text(scratch, "jianshe", page.input_value("#warmth-yaml"), "message")
        if said != say:
            disagree.append((name, sorted(said - say), sorted(say - said)))
    assert not disagree, disagree
    # the cases reach the checks they are meant to
    for rid in ("B-sum", "C1-D1-pair", "value-too-large", "value-decimals", "value-fraction", "value-negative",
                "value-thousands", "value-fullwidth", "value-leading-zero", "value-exponent", "value-sign",
                "value-unit-text", "value-type", "value-yes-no", "value-missing", "date", "date-future", "schema",
                "privacy-mobile", "privacy-id", "privacy-bank-card", "privacy-contact-mobile", "report-placeholder",
                "C-jump", "ime-char"):
        assert rid in seen, rid


# -- GitHub, copy, download --------------------------------------------------------------------

def test_github_link_names_the_file_and_carries_it(page: Any, server: str, built: Path) -> None:
    # a generous limit (GitHub's own is near 8,000 characters, which a whole form exceeds)
    def bigger(route: Any) -> None:
        resp = route.fetch()
        route.fulfill(response=resp, body=resp.text().replace('data-url-max="8000"', 'data-url-max="1000000"'))

    page.route(re.compile(r".*/fill/2022-spring/$"), bigger)
    open_fill(page, server)
    data = _set(_base(built), "unit", "qinglan-gaoxin")  # a unit that has not reported
    fill(page, entries(data))
    href = page.get_attribute("a#warmth-github", "href")
    assert href.startswith(f"{REPO_URL}/new/main?")
    query = parse_qs(urlsplit(href).query)
    assert query["filename"] == [f"submissions/{CID}/qinglan-gaoxin.yaml"]
    assert query["value"] == [page.input_value("#warmth-yaml")]
    assert page.locator("a#warmth-github").inner_text() == "提交到 GitHub"
    dl = page.get_attribute("#warmth-download", "href")
    assert unquote(dl.split(",", 1)[1]) == page.input_value("#warmth-yaml")
    assert page.get_attribute("#warmth-download", "download") == "qinglan-gaoxin.yaml"


def test_github_link_carries_the_file_without_its_comments_when_whole_it_is_too_long(
        page: Any, server: str, built: Path, scratch: Path) -> None:
    open_fill(page, server)
    data = _set(_base(built), "unit", "qinglan-gaoxin")  # an ordinary report, not yet sent
    fill(page, entries(data))
    whole = page.input_value("#warmth-yaml")
    href = page.get_attribute("a#warmth-github", "href")
    assert len(href) <= 8000 < len(quote(whole))
    (value,) = parse_qs(urlsplit(href).query)["value"]
    lines = value.splitlines()
    assert lines[0] == whole.splitlines()[0]  # the editor's schema line stays
    assert not [x for x in lines[1:] if " # " in x or x.lstrip().startswith("#")]
    # the same values, explanations and report: the command finds in it what it finds in the whole file
    assert yaml.safe_load(value) == yaml.safe_load(whole)
    assert validate_text(scratch, "qinglan-gaoxin", value) == validate_text(scratch, "qinglan-gaoxin", whole)
    assert "省略了说明性的注释" in page.inner_text("#warmth-github-note")


def test_long_file_goes_by_clipboard_and_existing_report_to_edit(browser: Any, server: str, built: Path) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.route("**/*", lambda r: r.abort() if "github.com" in r.request.url else r.continue_())
    try:
        open_fill(pg, server)
        # a long narrative: the file is too long for an address even without its comments
        long = _set(_set(_base(built), "unit", "qinglan-gaoxin"), "report", "节日期间走访慰问困难职工家庭，送去慰问金和年货。" * 60)
        fill(pg, entries(long))
        href = pg.get_attribute("a#warmth-github", "href")
        assert href == f"{REPO_URL}/new/main?filename=submissions%2F{CID}%2Fqinglan-gaoxin.yaml"
        assert "粘贴" in pg.inner_text("#warmth-github-note")
        pg.click("a#warmth-github")
        assert pg.evaluate("navigator.clipboard.readText()") == pg.input_value("#warmth-yaml")
        fill(pg, entries(_base(built)))  # jianshe has reported: its file is edited
        assert pg.get_attribute("a#warmth-github", "href") == f"{REPO_URL}/edit/main/submissions/{CID}/jianshe.yaml"
        assert "已经报送" in pg.inner_text("#warmth-unit-note")
        pg.evaluate("navigator.clipboard.writeText('')")
        pg.click("#warmth-copy")
        assert pg.evaluate("navigator.clipboard.readText()") == pg.input_value("#warmth-yaml")
    finally:
        context.close()


def test_no_request_leaves_the_site(page: Any, server: str, built: Path) -> None:
    outside: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    open_fill(page, server)
    fill(page, entries(_base(built)))
    page.locator('textarea[name="report"]').type("再写一句。")
    page.click("#warmth-copy")
    page.wait_for_load_state("networkidle")
    assert not outside, outside
    assert not _local_only(page.requests)


# -- draft, loading a file, the page itself ---------------------------------------------------

def test_draft_survives_reload_and_clears(page: Any, server: str) -> None:
    open_fill(page, server)
    page.select_option('select[name="unit"]', "jiaotong")
    page.fill('input[name="reporter"]', "李四")
    page.fill('input[name="swn-j4-2022.A"]', "7")
    page.reload()
    page.wait_for_selector("#warmth-fill[data-ready]")
    assert page.input_value('select[name="unit"]') == "jiaotong"
    assert page.input_value('input[name="reporter"]') == "李四"
    assert page.input_value('input[name="swn-j4-2022.A"]') == "7"
    page.click("#warmth-clear")
    page.reload()
    page.wait_for_selector("#warmth-fill[data-ready]")
    assert page.input_value('input[name="reporter"]') == ""
    assert page.input_value('select[name="unit"]') == ""


def test_loading_a_yaml_file_fills_the_form(page: Any, server: str, built: Path, tmp_path: Path) -> None:
    open_fill(page, server)
    src = built / "submissions" / CID / "fengdu-nanjin.yaml"
    page.set_input_files("#warmth-load", str(src))
    page.wait_for_function("document.querySelector('#warmth-status').textContent.includes('已载入')")
    data = report_of(built, "fengdu-nanjin")
    assert page.input_value('select[name="unit"]') == "fengdu-nanjin"
    assert page.input_value('input[name="swn-j4-2022.C"]') == data["forms"]["swn-j4-2022"]["C"]
    assert page.input_value('textarea[name="explanations.C-jump"]') == data["explanations"]["C-jump"]
    # the same values and notes, laid out as `warmth import` lays them out
    assert page.input_value("#warmth-yaml") == imported(built, "fengdu-nanjin", data)
    bad = tmp_path / "bad.yaml"
    bad.write_text("campaign: [\n", encoding="utf-8")
    page.set_input_files("#warmth-load", str(bad))
    page.wait_for_function("document.querySelector('#warmth-status').textContent.includes('无法读取')")


def test_page_is_labelled_narrow_and_safe(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    try:
        open_fill(pg, server)
        unlabelled = pg.evaluate("""() => [...document.querySelectorAll('#warmth-fill input, #warmth-fill select, #warmth-fill textarea')]
            .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length)).map(e => e.name || e.id)""")
        assert not unlabelled
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        # unit names with planted HTML are text, never markup
        options = " ".join(pg.eval_on_selector_all('select[name="unit"] option', "els => els.map(e => e.textContent)"))
        assert "<img src=x" in options
        standards = pg.locator(".warmth-fill-standards").text_content()
        assert "每人500元至1000元或等值慰问品" in standards and "企业<img src=x" in standards
        assert pg.evaluate("window.__pwned") is None
        assert pg.locator('input[name="swn-j4-2022.J4"]').count() == 1
        assert pg.locator('input[name="bfzx-2021.M"]').count() == 1
    finally:
        context.close()


def test_notice_links_to_the_fill_page(page: Any, server: str) -> None:
    page.goto(f"{server}/notices/{CID}/")
    link = page.get_by_role("link", name="在线填报")
    assert link.count() >= 1
    link.first.click()
    page.wait_for_selector("#warmth-fill[data-ready]")
    assert page.url.endswith(f"/fill/{CID}/")


def test_guide_web_page_starts_from_the_fill_pages(page: Any, server: str, built: Path) -> None:
    page.goto(f"{server}/guide/web/")
    first = page.locator("article h2").first
    assert "在线填报" in first.inner_text()
    links = page.locator("article a[href*='/fill/']")
    targets = {link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1] for link in links.all()}
    assert targets == set(Repository(built).campaign_ids)


def test_without_a_repository_the_button_is_hidden_and_said_why(page: Any, server: str, built: Path) -> None:
    def no_repo(route: Any) -> None:
        resp = route.fetch()
        route.fulfill(response=resp, body=re.sub(r'data-repo="[^"]*"', 'data-repo=""', resp.text()))

    page.route(re.compile(r".*/fill/2022-spring/$"), no_repo)
    open_fill(page, server)
    fill(page, entries(_base(built)))
    assert not page.locator("a#warmth-github").is_visible()
    assert "extra.warmth_repo" in page.inner_text("#warmth-github-note")
    assert page.locator("#warmth-download").is_visible() and page.locator("#warmth-copy").is_visible()


@pytest.mark.parametrize(("value", "kept"), [
    ("https://github.com/yunlan-union/warmth-demo", True),
    ("https://github.com/yunlan-union/warmth-demo/", True),
    ("http://github.com/a/b", False),
    ("https://example.org/a/b", False),
    ('https://github.com/a/b" onclick="x', False),
    ("https://github.com/a/b/tree/main", False),
    ("", False),
])
def test_repository_address_is_a_plain_github_repository(value: str, kept: bool) -> None:
    from warmth.fillexport import repo_url_of

    assert repo_url_of({"extra": {"warmth_repo": value}}) == (value.rstrip("/") if kept else "")


@pytest.mark.parametrize("source", ["__import__('os')", "A.real", "A[0]", "lambda: 1", "A if B else C", "f(A)", "A ** 2"])
def test_expression_tree_refuses_what_the_evaluator_refuses(source: str) -> None:
    from warmth.expr import ExprError, to_json

    with pytest.raises(ExprError):
        to_json(source)


@pytest.mark.parametrize("uid", ["fengdu-nanjin", "jiaotong"])
def test_loading_a_filled_excel_template_gives_what_warmth_import_writes(
        page: Any, server: str, scratch: Path, tmp_path: Path, uid: str) -> None:
    book, back = tmp_path / f"{uid}.xlsx", tmp_path / f"{uid}.yaml"
    r = run_warmth("template", CID, uid, "--from", f"submissions/{CID}/{uid}.yaml", "-o", str(book), cwd=scratch)
    assert r.code == 0, r.out + r.err
    r = run_warmth("import", str(book), "-o", str(back), cwd=scratch)
    assert r.code == 0, r.out + r.err
    open_fill(page, server)
    page.set_input_files("#warmth-load", str(book))
    page.wait_for_function("document.querySelector('#warmth-status').textContent.includes('已载入 Excel')")
    assert page.input_value('select[name="unit"]') == uid
    assert page.input_value("#warmth-yaml") == back.read_text(encoding="utf-8")
    assert not [s for _, s in shown(page) if s == "error"]


def test_the_campaigns_template_is_read_with_the_unit_chosen_by_name(
        page: Any, server: str, scratch: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from warmth.excel.template_book import COVER, COVER_FIELDS

    uid = "fengdu-nanjin"
    blank = tmp_path / "blank.xlsx"
    r = run_warmth("template", CID, "-o", str(blank), cwd=scratch)
    assert r.code == 0, r.out + r.err
    units = yaml.safe_load((scratch / "submissions" / "units.yaml").read_text(encoding="utf-8"))["units"]
    name = next(u["name"] for u in units if u["id"] == uid)
    # what a person does in Excel: choose the unit's name; the id cell is a formula never recalculated here
    wb = load_workbook(blank)
    wb[COVER][f"B{COVER_FIELDS['unit_name'][0]}"] = name
    wb[COVER][f"B{COVER_FIELDS['reporter'][0]}"] = "王填表"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    open_fill(page, server)
    page.set_input_files("#warmth-load", str(filled))
    page.wait_for_function("document.querySelector('#warmth-status').textContent.includes('已载入 Excel')")
    assert page.input_value('select[name="unit"]') == uid
    assert page.input_value('input[name="reporter"]') == "王填表"
    assert f"unit: {uid}" in page.input_value("#warmth-yaml")


def test_a_broken_workbook_is_refused_in_chinese(page: Any, server: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    open_fill(page, server)
    page.set_input_files("#warmth-load", str(bad))
    page.wait_for_function("document.querySelector('#warmth-status').textContent.includes('无法读取')")
    assert "Excel" in page.inner_text("#warmth-status")


# -- the page's evaluator against expr.py, node type by node type -------------------------------

EXPRESSIONS = [
    "A == A1 + A2 + A3", "A1 + A2 <= A", "A - A1 * 2 >= 0", "A / A1 > 1", "A / (A1 - A1) == 0", "-A < A1",
    "not A", "not (A > A1)", "A > 0 and A1 > 0", "A > 0 or A1 > 0", "A1 > 0 and A2 > 0 and A3 > 0",
    "(A > 0) == (A1 > 0)", "(A > 0) != (A1 > 0)", "0 <= A1 <= A", "A1 < A2 < A3", "I == \"是\"", "I != \"否\"",
    "I < 1", "-I > 0", "abs(A1 - A2) <= 2", "max(A1, A2) == A2", "min(A1, A2, A3) >= 0", "max(A1) > 0",
    "A <= A1 * per_person_max", "A <= prev(A) * jump_max and A * jump_max >= prev(A)", "prev(A) > 0",
    "A * 0.2 == A1", "A + 0.1 + 0.2 == A + 0.3", "A2 / 3 * 3 == A2", "A == A1 + I", "J > 0",
]
VALUE_SETS = [
    {"A": "10", "A1": "3", "A2": "3", "A3": "4", "I": "是"},
    {"A": "0", "A1": "0", "A2": "0", "A3": "0", "I": "否"},
    {"A": "12.5", "A1": "2.5", "A2": "10", "A3": "0", "I": "是"},
    {"A": "1", "A1": "0.2", "A2": "0.1", "A3": "0.3"},
    {"A": "100", "A1": "33.3333", "A2": "0.0001", "A3": "66.6666", "I": "否"},
    {"A1": "1", "A2": "2", "A3": "3", "I": "是"},
    {"A": "7", "A1": "7", "A2": "7", "A3": "7", "I": "是"},
]


def _py(source: str, values: dict[str, str], params: dict[str, str], prev: dict[str, str] | None) -> str:
    from warmth.expr import Env, Missing, compile_expr, format_value

    def conv(d: dict[str, str]) -> dict[str, Any]:
        return {k: v if v in ("是", "否") else (Decimal(v) if "." in v else int(v)) for k, v in d.items()}

    try:
        return format_value(compile_expr(source)(Env(conv(values), conv(params), conv(prev) if prev is not None else None)))
    except Missing:
        return "missing"
    except TypeError:
        return "type"


def _same(a: str, b: str) -> bool:
    try:
        q = Decimal("1e-10")
        return Decimal(a).quantize(q, "ROUND_DOWN") == Decimal(b).quantize(q, "ROUND_DOWN")
    except ArithmeticError:
        return a == b


def test_page_evaluates_every_expression_as_expr_py_does(page: Any, server: str) -> None:
    from warmth.expr import to_json

    open_fill(page, server)
    params = {"per_person_max": "0.2", "jump_max": "3"}
    cases = []
    for source in EXPRESSIONS:
        for values in VALUE_SETS:
            for prev in (None, {"A": "2"}, {"A": "0"}):
                cases.append((source, values, prev))
    got = page.evaluate("cs => cs.map(c => window.warmthFill.evaluate(c[0], c[1], c[2], c[3]))",
                        [[to_json(s), v, params, p] for s, v, p in cases])
    wrong = [(s, v, p, g, _py(s, v, params, p)) for (s, v, p), g in zip(cases, got, strict=True)
             if not _same(g, _py(s, v, params, p))]
    assert not wrong, wrong[:10]
    kinds = {_py(s, v, params, p) for s, v, p in cases}
    assert {"是", "否", "missing", "type"} <= kinds  # the cases reach every outcome
