"""A notice printed by Chromium (print-to-PDF, as a person's "Save as PDF" does): an official
document on A4 with no site chrome, its title centred, its document number and attachments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .test_site import CAMPAIGN
from .test_site_browser import browser, server  # noqa: F401  (fixtures)

A4 = (595.3, 841.9)  # points


def test_notice_prints_as_an_official_document_on_a4(built: Path, browser: Any, server: str, tmp_path: Path) -> None:  # noqa: F811
    import pypdfium2
    import yaml

    campaign = yaml.safe_load((built / "submissions" / CAMPAIGN / "campaign.yaml").read_text(encoding="utf-8"))
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(f"{server}/notices/{CAMPAIGN}/", wait_until="load")
        page.emulate_media(media="print")
        for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"):
            loc = page.locator(chrome)
            assert all(not e.is_visible() for e in loc.all()), chrome
        h1 = page.locator(".md-content h1").first
        assert h1.evaluate("e => getComputedStyle(e).textAlign") == "center"
        body = page.locator(".md-content .md-typeset").first.evaluate("e => getComputedStyle(e).fontFamily")
        assert "FangSong" in body and body.rstrip().endswith("serif") and "sans-serif" not in body
        number = page.locator(".warmth-doc-number")
        assert number.inner_text().strip() == campaign["doc_number"]
        assert number.evaluate("e => getComputedStyle(e).textAlign") == "center"
        pdf = tmp_path / "notice.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    finally:
        ctx.close()
    doc = pypdfium2.PdfDocument(str(pdf))
    sizes = {tuple(round(v, 1) for v in p.get_size()) for p in doc}
    text = "".join("".join(p.get_textpage().get_text_range().split()) for p in doc)
    doc.close()
    assert len(sizes) == 1 and all(abs(a - b) < 1 for a, b in zip(next(iter(sizes)), A4, strict=True)), sizes
    assert "".join(campaign["doc_number"].split()) in text
    assert "".join(campaign["title"].split()) in text
    assert "填报用Excel模板" in text and "打印用附件" in text  # the attachments are listed
    site_name = "云澜省送温暖活动（演示）"
    assert site_name not in text  # the header (site name, tabs, search) does not print
    for entry in ("拉取请求", "常见问题", "用Git填报"):  # nor the navigation (tabs, sidebars)
        assert entry not in text, entry
