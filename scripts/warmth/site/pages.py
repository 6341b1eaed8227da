"""The generated pages of the site: notices, guide, reference and campaign data pages, written
into a staged docs folder (never into docs/ itself). Staging, downloads and the mkdocs run are
the build pipeline's (warmth.pipeline)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from ..aggregate import CampaignData
from ..repo import Repository
from . import campaign as cpages
from . import guide, notices, reference, system
from .campaign import Links, slug
from .mkdocs_hooks import BLOCKS_DIR, NAMES_FILE
from .region import Page, region_page
from .text import inline, with_title

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    pass


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _write_page(docs: Path, rel: str, page: Page) -> Path:
    """The page's Markdown into docs, its HTML blocks beside docs (where mkdocs_hooks finds them)."""
    if page.blocks:
        _write(docs.parent / BLOCKS_DIR / f"{rel}.json", json.dumps(page.blocks, ensure_ascii=False))
    return _write(docs / rel, page.markdown)


def _marker_page(path: Path, marker: str, block: str, default_title: str) -> str:
    text = path.read_text(encoding="utf-8") if path.is_file() else f"# {default_title}\n\n<!-- warmth:{marker} -->\n"
    if f"<!-- warmth:{marker} -->" not in text:
        text = text.rstrip("\n") + f"\n\n<!-- warmth:{marker} -->\n"
    return text.replace(f"<!-- warmth:{marker} -->", block)


def _fill_privacy(repo: Repository, docs: Path) -> list[Path]:
    """Hand-written pages that state the privacy terms get this repository's terms."""
    public = repo.registry is None or repo.registry.public
    out = []
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if guide.PRIVACY_MARKER in text:
            out.append(_write(page, text.replace(guide.PRIVACY_MARKER, guide.privacy_section(public))))
    return out


def generate_pages(repo: Repository, datas: Sequence[CampaignData], docs: Path,
                   links: dict[str, Links], source_url: str = "", progress: Progress = quiet) -> list[Path]:
    """Write the generated pages into the staged docs folder; returns the pages written."""
    out: list[Path] = []
    by_id = {d.campaign.id: d for d in datas}
    progress("生成通知页面和填报指南……")
    for d in datas:
        c = d.campaign
        page = docs / "notices" / f"{slug(c.id)}.md"
        text = page.read_text(encoding="utf-8") if page.is_file() else notices.default_page(c)
        filled = notices.fill(text, c, d.registry, repo.forms, links[c.id])
        out.append(_write(page, with_title(filled, c.title)))
    listing = "\n".join(
        f"- [{inline(d.campaign.title)}]({slug(d.campaign.id)}.md)（{inline(d.campaign.doc_number)}，"
        f"报送截止 {inline(d.campaign.deadline)}）"
        for d in sorted(datas, key=lambda d: d.campaign.issued, reverse=True)
    ) + "\n"
    out.append(_write(docs / "notices" / "index.md", _marker_page(docs / "notices" / "index.md", "notices", listing, "通知公告")))
    out += _fill_privacy(repo, docs)
    out.append(_write(docs / "guide" / "items.md", guide.items_page(repo)))
    out.append(_write(docs / "guide" / "errors.md", guide.errors_page(repo)))
    out.append(_write(docs / "guide" / "reference.md", reference.reference_page(repo.root / "schemas")))
    out.append(_write(docs / "data" / "index.md", _marker_page(docs / "data" / "index.md", "campaigns", cpages.campaigns_index(datas), "活动数据")))
    names: set[str] = set()
    for d in datas:
        progress(f"生成活动数据页面：{d.campaign.id}（{len(d.regions)} 个地区）……")
        lk = links[d.campaign.id]
        lk.source_url = source_url
        prev = by_id.get(d.campaign.previous) if d.campaign.previous else None
        folder = docs / "data" / slug(d.campaign.id)
        out.append(_write(folder / "index.md", cpages.campaign_page(d, prev, lk) + system.campaign_hook(d)))
        if system.has_progress(d.campaign):  # visiting groups, deliverables, fund comparison
            out.append(_write(folder / f"{system.PROGRESS_PAGE}.md", system.progress_page(d)))
        for form in d.forms:
            out.append(_write(folder / cpages.form_page_path(d.campaign.id, form.id), cpages.form_page(d, form, lk)))
        out.append(_write(docs / cpages.downloads_page_path(d.campaign.id), cpages.downloads_page(d, lk)))
        for r in d.regions:
            rpage = region_page(d, r, lk)
            names.update(rpage.names)
            out.append(_write_page(docs, f"data/{slug(d.campaign.id)}/{slug(r.id)}.md", rpage))
    _write(docs.parent / BLOCKS_DIR / NAMES_FILE, json.dumps(sorted(names), ensure_ascii=False))
    return out
