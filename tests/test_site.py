"""warmth build: the site is built strictly from valid data, never from invalid data, and
nothing private or unescaped from a submission reaches it."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from warmth.site import svg
from warmth.site.text import inline, number, paragraphs

CAMPAIGN = "2022-spring"


class _Text(HTMLParser):
    """The text a browser shows for an HTML page (scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def collapse(text: object) -> str:
    return " ".join(str(text).split())


def page_text(path: Path) -> str:
    """A built page's text, whitespace collapsed (entities decoded, tags gone)."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return collapse(" ".join(parser.parts))


def site_text(repo: Path, suffixes: tuple[str, ...] = (".html", ".json", ".csv", ".xml", ".md", ".txt")) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (repo / "site").rglob("*") if p.suffix in suffixes)


def test_build_writes_site_workbooks_and_downloads(built: Path) -> None:
    site = built / "site"
    for page in ("index.html", "notices/2022-spring/index.html", "notices/2021-spring/index.html",
                 "guide/items/index.html", "guide/errors/index.html", "data/index.html",
                 f"data/{CAMPAIGN}/index.html", f"data/{CAMPAIGN}/qinglan/index.html", "search/search_index.json"):
        assert (site / page).is_file(), page
    assert not list(site.rglob("*-internal.xlsx")), "the internal workbook must never enter the site"
    assert not list(built.glob(".warmth-build-*")), "the staging folder is removed"
    assert not (built / "docs" / "data" / CAMPAIGN).exists(), "generated pages never land in docs/"
    try:
        import warmth.excel  # noqa: F401
    except ImportError:
        pytest.skip("warmth.excel is not available")
    assert (built / "build" / f"{CAMPAIGN}-internal.xlsx").is_file()
    assert (site / "downloads" / CAMPAIGN / f"{CAMPAIGN}.xlsx").is_file()
    assert (site / "downloads" / CAMPAIGN / "datapackage.json").is_file()
    assert (site / "downloads" / "templates" / "swn-j4-2022.xlsx").is_file()
    summary = (site / "data" / CAMPAIGN / "index.html").read_text(encoding="utf-8")
    assert f"downloads/{CAMPAIGN}/{CAMPAIGN}.xlsx" in summary
    notice = (site / "notices" / CAMPAIGN / "index.html").read_text(encoding="utf-8")
    assert "downloads/templates/swn-j4-2022.xlsx" in notice
    # the campaign's own blank template (every form, the unit chosen from a list) is the download
    assert (site / "downloads" / "templates" / f"{CAMPAIGN}-template.xlsx").is_file()
    assert f"downloads/templates/{CAMPAIGN}-template.xlsx" in notice and "打印用附件" in notice


def test_reporters_and_phones_are_never_published(built: Path) -> None:
    text = site_text(built)
    for path in (built / "submissions").glob("*/*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "reporter" not in data:
            continue
        assert str(data["reporter"]) not in text, path
        assert str(data["phone"]) not in text, path


def test_narrative_html_and_markdown_show_as_text(built: Path) -> None:
    page = (built / "site" / "data" / CAMPAIGN / "qinglan" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned" in page
    assert "<strong>粗体</strong>" not in page
    assert 'href="http://example.com/x"' not in page


def test_notice_metadata_standards_and_groups(built: Path) -> None:
    shown = page_text(built / "site" / "notices" / CAMPAIGN / "index.html")
    campaign = yaml.safe_load((built / "submissions" / CAMPAIGN / "campaign.yaml").read_text(encoding="utf-8"))
    for text in (campaign["doc_number"], campaign["recipients"], campaign["contact"]["phone"], "2022年1月21日"):
        assert collapse(text) in shown
    for row in campaign["standards"]:
        assert collapse(row["target"]) in shown
    for group in campaign["groups"]:
        assert collapse(group["name"]) in shown and collapse(group["leader"]) in shown


def test_nav_does_not_list_region_pages(built: Path) -> None:
    # Material renders the whole nav into every page: the home page links nothing else.
    html = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert f"data/{CAMPAIGN}/" in html
    assert f"data/{CAMPAIGN}/qinglan/" not in html


def test_guide_lists_items_and_every_rule(built: Path) -> None:
    items = (built / "site" / "guide" / "items" / "index.html").read_text(encoding="utf-8")
    errors = (built / "site" / "guide" / "errors" / "index.html").read_text(encoding="utf-8")
    assert "筹集慰问款物总额" in items and "J4" in items
    for rule in ("value-thousands", "value-fullwidth", "duplicate-key", "yaml-alias", "encoding", "tab",
                 "B-sum", "C1-D1-pair", "D-per-person", "J-needs-I",
                 "unknown-unit", "unit-not-asked", "path-unit", "date", "date-future", "value-too-large",
                 "stray-file", "lookalike-folder", "file-symlink", "file-type", "file-name"):
        assert f">{rule}<" in errors, rule


def test_guide_has_a_heading_for_every_declared_rule(built: Path) -> None:
    """The page of errors is rendered from the registry: each rule under its Chinese title with
    the id beside it, anchored at the id; each form rule anchored at form and id."""
    from warmth import rules
    from warmth.repo import Repository
    from warmth.site.campaign import slug

    html = (built / "site" / "guide" / "errors" / "index.html").read_text(encoding="utf-8")
    headings = {m.group(1): collapse(unescape(re.sub(r"<[^>]+>", "", m.group(2)))) for m in re.finditer(r'<h[34] id="([^"]+)"[^>]*>(.*?)</h[34]>', html, re.S)}
    for rule in rules.RULES.values():
        assert rule.id in headings, rule.id
        assert headings[rule.id].startswith(f"{collapse(rule.title)}（{rule.id}）"), headings[rule.id]
    repo = Repository(built)
    for fid, form in repo.forms.items():
        for r in form.rules:
            assert f"{slug(fid)}-{r.id}" in headings, (fid, r.id)
    assert headings["file-symlink"].startswith("符号链接（file-symlink）")


def test_chinese_anchors(built: Path) -> None:
    html = (built / "site" / "notices" / CAMPAIGN / "index.html").read_text(encoding="utf-8")
    assert 'id="慰问标准"' in html


def test_search_index_is_segmented(built: Path) -> None:
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    assert any("\u200b" in d["text"] for d in index["docs"]), "jieba should segment Chinese text"


def test_no_remote_assets(built: Path) -> None:
    for page in (built / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        for src in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', html):
            pytest.fail(f"{page}: remote asset {src}")


def _set_value(repo: Path, unit: str, code: str, value: str) -> tuple[Path, int]:
    path = repo / "submissions" / CAMPAIGN / f"{unit}.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines):
        if re.match(rf"\s+{code}:", line):
            lines[n] = re.sub(rf"({code}:\s*)\S+", rf"\g<1>{value}", line)
            path.write_text("\n".join(lines), encoding="utf-8")
            return path, n + 1
    raise AssertionError(code)


def test_build_refuses_invalid_data_and_keeps_the_old_site(demo: Path, warmth) -> None:  # type: ignore[no-untyped-def]
    first = warmth("build", cwd=demo)
    assert first.code == 0, first.err
    marker = demo / "site" / "index.html"
    before = marker.read_bytes()
    (demo / "site" / "old-marker.txt").write_text("old", encoding="utf-8")
    _, line = _set_value(demo, "qinglan", "B1", "1,234")
    res = warmth("build", cwd=demo)
    assert res.code == 1
    assert "Traceback" not in res.err
    assert f"submissions/{CAMPAIGN}/qinglan.yaml:{line}" in res.err
    assert "原有 site/ 保持不变" in res.err
    assert marker.read_bytes() == before
    assert (demo / "site" / "old-marker.txt").is_file()
    assert not list(demo.glob(".warmth-build-*"))


def test_failed_mkdocs_keeps_the_old_site(demo: Path, warmth) -> None:  # type: ignore[no-untyped-def]
    (demo / "site").mkdir()
    (demo / "site" / "index.html").write_text("<p>old site</p>", encoding="utf-8")
    (demo / "site" / "old-marker.txt").write_text("old", encoding="utf-8")
    (demo / "docs" / "broken.md").write_text("# 坏链接\n\n[不存在](nowhere.md)\n", encoding="utf-8")
    res = warmth("build", cwd=demo)
    assert res.code == 1, res.out
    assert "nowhere.md" in res.err
    assert (demo / "site" / "old-marker.txt").is_file()
    assert (demo / "site" / "index.html").read_text(encoding="utf-8") == "<p>old site</p>"


def test_build_outside_a_repository(tmp_path: Path, warmth) -> None:  # type: ignore[no-untyped-def]
    res = warmth("build", cwd=tmp_path)
    assert res.code == 2 and "Traceback" not in res.err


def test_missing_mkdocs_yml_is_a_clear_error(demo: Path, warmth) -> None:  # type: ignore[no-untyped-def]
    (demo / "mkdocs.yml").unlink()
    res = warmth("build", cwd=demo)
    assert res.code == 1 and "mkdocs.yml" in res.err and "Traceback" not in res.err


# -- helpers -------------------------------------------------------------------------------

def test_inline_escapes_html_and_markdown() -> None:
    out = inline("<b>x</b> *y* [z](u) | # `c`\n下一行")
    assert "<" not in out and "*" not in out and "[" not in out and "|" not in out and "`" not in out
    assert "\n" not in out


def test_paragraphs_escape_html() -> None:
    out = paragraphs("第一段<script>x</script>\n\n第二段 & 其他")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.count("<p>") == 2 and "&amp;" in out


def test_number_formats() -> None:
    assert number(Decimal("12.3400")) == "12.34"
    assert number(Decimal("100")) == "100"
    assert number(Decimal("0.0000")) == "0"
    assert number(7) == "7"


def test_svg_chart_is_accessible_and_escaped() -> None:
    out = svg.bar_chart("标题<x>", [("甲<script>", 3), ("乙", Decimal("1.5"))], "人次")
    assert 'role="img"' in out and "<title" in out and "<desc" in out
    # named by its title, described by its desc (ids that exist in the same chart)
    name = re.search(r'aria-labelledby="([^"]+)"', out)[1]
    described = re.search(r'aria-describedby="([^"]+)"', out)[1]
    assert f'<title id="{name}">标题&lt;x&gt;</title>' in out and f'<desc id="{described}">' in out
    assert out.count('<g aria-hidden="true">') == 2  # the bars' text is not read as loose text
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "1.5 人次" in out


def test_site_sources_are_ours_only() -> None:
    """Generated pages are never committed: docs/ holds only hand-written pages."""
    root = Path(__file__).resolve().parents[1]
    assert not (root / "docs" / "data" / CAMPAIGN).exists()
    assert not (root / "docs" / "guide" / "errors.md").exists()
    assert shutil.which("git")


def test_serve_previews_and_regenerates(demo: Path) -> None:
    """`warmth serve` serves the generated pages and picks up an edit of docs/."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "warmth.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=demo, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)

    def fetch(path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as r:
            return r.read().decode("utf-8")

    def wait_for(path: str, needle: str, seconds: float) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if proc.poll() is not None:
                return False
            try:
                if needle in fetch(path):
                    return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert wait_for(f"data/{CAMPAIGN}/", "汇总数据", 90), "serve did not come up"
        index = demo / "docs" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\n预览刷新测试词\n", encoding="utf-8")
        assert wait_for("", "预览刷新测试词", 90), "an edit of docs/ was not picked up"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@pytest.mark.parametrize("site_dir", [".", "docs", "submissions/site"])
def test_dangerous_site_dirs_are_refused(demo: Path, warmth, site_dir: str) -> None:  # type: ignore[no-untyped-def]
    res = warmth("build", "--site-dir", site_dir, cwd=demo)
    assert res.code == 2 and "Traceback" not in res.err
    assert (demo / "docs" / "index.md").is_file() and (demo / "submissions" / "units.yaml").is_file()


def test_a_folder_that_is_not_a_site_is_not_replaced(demo: Path, warmth) -> None:  # type: ignore[no-untyped-def]
    (demo / "mine").mkdir()
    (demo / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    res = warmth("build", "--site-dir", "mine", cwd=demo)
    assert res.code == 2 and (demo / "mine" / "notes.txt").is_file()


def test_notice_blocks_for_a_campaign_without_a_page() -> None:
    from warmth.repo import Repository
    from warmth.site.campaign import Links
    from warmth.site.notices import default_page, fill

    repo = Repository(Path(__file__).resolve().parents[1])
    c = repo.campaign(CAMPAIGN)
    assert c is not None
    page = fill(default_page(c), c, repo.registry, repo.forms, Links(templates={"swn-j4-2022": "downloads/templates/swn-j4-2022.xlsx"}))
    assert "<!-- warmth:" not in page
    assert c.doc_number in page and "第一慰问组" in page and "建档困难职工家庭" in page
    assert "../downloads/templates/swn-j4-2022.xlsx" in page and "../guide/items.md#bfzx-2021" in page


def test_nav_gets_one_entry_per_campaign_and_drops_missing_pages(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from warmth.pipeline import extend_nav

    for f in ("index.md", "notices/index.md", "data/index.md"):
        (tmp_path / f).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f).write_text("# x\n", encoding="utf-8")
    datas = [SimpleNamespace(campaign=SimpleNamespace(id=cid, title=f"活动{cid}", issued=cid)) for cid in ("2021-a", "2022-b")]
    nav = [{"首页": "index.md"}, {"通知公告": ["notices/index.md"]}, {"活动数据": ["data/index.md", {"缺": "guide/none.md"}]}]
    out = extend_nav(nav, tmp_path, datas)  # type: ignore[arg-type]
    assert out[1] == {"通知公告": ["notices/index.md", {"活动2022-b": "notices/2022-b.md"}, {"活动2021-a": "notices/2021-a.md"}]}
    assert out[2] == {"活动数据": ["data/index.md", {"活动2022-b": "data/2022-b/index.md"}, {"活动2021-a": "data/2021-a/index.md"}]}
