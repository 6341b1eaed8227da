"""Staging: the hand-written docs/ copied into a temporary folder, the generated pages and
downloads added beside them, and a MkDocs configuration that inherits the repository's
mkdocs.yml and points at that folder. Nothing generated is ever written into docs/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from .. import aggregate
from ..aggregate import CampaignData, InvalidData
from ..repo import Repository
from ..validate import validate
from . import campaign as cpages
from . import guide, notices, reference
from .campaign import Links, slug
from .text import inline, title, with_title

Progress = Callable[[str], None]
MKDOCS_FILE = "mkdocs.yml"
# where region pages link each unit's file: a plain web address, nothing Markdown could act on
SOURCE_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+")


class SiteError(Exception):
    """The site could not be built; the message is Chinese and says why."""


def quiet(_: str) -> None:
    pass


def load_data(repo: Repository, progress: Progress = quiet) -> list[CampaignData]:
    """Validate everything, then gather every campaign's accepted reports (InvalidData on errors)."""
    progress("检查全部数据……")
    report, subs = validate(repo)
    if report.errors:
        raise InvalidData(report)
    out = []
    for cid in repo.campaign_ids:
        progress(f"汇总活动 {cid}……")
        out.append(aggregate.gather(repo, cid, report, subs))
    return out


def _excel() -> Any | None:
    try:
        from .. import excel  # written by the workbook engineer
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(f"{__package__.rsplit('.', 1)[0]}.excel"):
            return None
        raise
    return excel


def write_downloads(repo: Repository, datas: Sequence[CampaignData], docs: Path,
                    progress: Progress = quiet) -> dict[str, Links]:
    """The public workbooks, data files and blank templates, into docs/downloads."""
    excel = _excel()
    links = {d.campaign.id: Links() for d in datas}
    if excel is None:
        progress("（没有工作簿模块 warmth.excel，跳过 Excel 和数据文件）")
        return links
    progress("生成空白表格……")
    tdir = docs / "downloads" / "templates"
    tdir.mkdir(parents=True, exist_ok=True)
    templates = {}
    for p in excel.write_templates(repo, tdir):
        templates[Path(p).stem] = Path(p).relative_to(docs).as_posix()
    for d in datas:
        progress(f"生成公开工作簿和数据文件：{d.campaign.id}……")
        pub = docs / "downloads" / slug(d.campaign.id)
        pub.mkdir(parents=True, exist_ok=True)
        written = [Path(p).resolve() for p in excel.write_public_outputs(d, pub)]
        links[d.campaign.id].downloads = sorted(p.relative_to(docs.resolve()).as_posix() for p in written)
        links[d.campaign.id].templates = templates
    return links


def write_internal(datas: Sequence[CampaignData], internal: Path, progress: Progress = quiet) -> list[Path]:
    """The internal workbooks (reporters and phones included), never inside the site."""
    excel = _excel()
    if excel is None:
        return []
    internal.mkdir(parents=True, exist_ok=True)
    out = []
    for d in datas:
        progress(f"生成内部工作簿：{d.campaign.id}……")
        out.append(Path(excel.write_internal_workbook(d, internal)))
    return out


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


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
    for d in datas:
        progress(f"生成活动数据页面：{d.campaign.id}（{len(d.regions)} 个地区）……")
        lk = links[d.campaign.id]
        lk.source_url = source_url
        prev = by_id.get(d.campaign.previous) if d.campaign.previous else None
        folder = docs / "data" / slug(d.campaign.id)
        out.append(_write(folder / "index.md", cpages.campaign_page(d, prev, lk)))
        for r in d.regions:
            out.append(_write(folder / f"{slug(r.id)}.md", cpages.region_page(d, r, lk)))
    return out


# -- configuration -------------------------------------------------------------------------

def read_config(root: Path) -> dict[str, Any]:
    from mkdocs.utils.yaml import get_yaml_loader

    path = root / MKDOCS_FILE
    if not path.is_file():
        raise SiteError(f"找不到 {MKDOCS_FILE}：网站配置应放在仓库根目录")
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=get_yaml_loader())
    except yaml.YAMLError as exc:
        raise SiteError(f"{MKDOCS_FILE} 无法解析：{exc}") from exc
    return data or {}


def _nav_file(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and len(entry) == 1:
        v = next(iter(entry.values()))
        return v if isinstance(v, str) else None
    return None


def extend_nav(nav: list[Any], docs: Path, datas: Sequence[CampaignData], progress: Progress = quiet) -> list[Any]:
    """The configured nav, with one entry per campaign under the notices and data sections
    and without entries whose page does not exist. Region pages never enter the nav."""
    ordered = sorted(datas, key=lambda d: d.campaign.issued, reverse=True)

    def walk(entries: list[Any]) -> list[Any]:
        result: list[Any] = []
        for e in entries:
            f = _nav_file(e)
            if f is not None and "://" not in f:
                if not (docs / f).is_file():
                    progress(f"（导航中的 {f} 不存在，已略去）")
                    continue
                result.append(e)
                # nav titles reach the page unescaped: title() escapes them
                if f == "notices/index.md":
                    result += [{title(d.campaign.title): f"notices/{slug(d.campaign.id)}.md"} for d in ordered]
                elif f == "data/index.md":
                    result += [{title(d.campaign.title): f"data/{slug(d.campaign.id)}/index.md"} for d in ordered]
            elif isinstance(e, dict) and len(e) == 1:
                k, v = next(iter(e.items()))
                result.append({k: walk(v) if isinstance(v, list) else v})
            else:
                result.append(e)
        return result

    return walk(nav)


def write_config(root: Path, stage: Path, docs: Path, site: Path, datas: Sequence[CampaignData],
                 progress: Progress = quiet) -> Path:
    cfg = read_config(root)
    staged: dict[str, Any] = {
        "INHERIT": str((root / MKDOCS_FILE).resolve()),
        "docs_dir": str(docs.resolve()),
        "site_dir": str(site.resolve()),
    }
    if isinstance(cfg.get("nav"), list):
        staged["nav"] = extend_nav(cfg["nav"], docs, datas, progress)
    path = stage / MKDOCS_FILE
    path.write_text(yaml.safe_dump(staged, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def source_url_of(cfg: dict[str, Any], progress: Progress = quiet) -> str:
    """extra.warmth_source_url of mkdocs.yml when it is a plain http(s) address, else ""."""
    extra = cfg.get("extra")
    url = str((extra.get("warmth_source_url") if isinstance(extra, dict) else "") or "")
    if url and not SOURCE_URL.fullmatch(url):
        progress(f"（extra.warmth_source_url 不是 http(s) 网址，已忽略：{url[:200]!r}）")
        return ""
    return url


def stage(repo: Repository, datas: Sequence[CampaignData], stage_dir: Path, progress: Progress = quiet) -> Path:
    """Fill stage_dir with docs/, public downloads, generated pages and mkdocs.yml; returns
    the staged config."""
    docs = stage_dir / "docs"
    src = repo.root / "docs"
    if src.is_dir():
        shutil.copytree(src, docs, dirs_exist_ok=True)
    docs.mkdir(parents=True, exist_ok=True)
    links = write_downloads(repo, datas, docs, progress)
    cfg = read_config(repo.root)
    source_url = source_url_of(cfg, progress)
    generate_pages(repo, datas, docs, links, source_url, progress)
    return write_config(repo.root, stage_dir, docs, stage_dir / "site", datas, progress)


def mkdocs_build(config: Path, progress: Progress = quiet, timeout: int = 7200,
                 meanwhile: Callable[[], list[Path]] = list) -> list[Path]:
    """Run `mkdocs build --strict` in its own process, and `meanwhile` (work the site does not
    need) in this one while it runs; returns what `meanwhile` returned."""
    progress("运行 mkdocs build --strict……")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:  # a file, not a pipe: never blocks mkdocs
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config)],
                stdout=log, stderr=subprocess.STDOUT, text=True, cwd=config.parent,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )
        except OSError as exc:
            raise SiteError(f"无法运行 mkdocs：{exc}") from exc
        start = time.monotonic()
        try:
            result = meanwhile()
            code = proc.wait(timeout=max(1.0, timeout - (time.monotonic() - start)))
        except subprocess.TimeoutExpired as exc:
            raise SiteError(f"mkdocs 构建超过 {timeout} 秒仍未完成，已停止") from exc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if code != 0:
            log.seek(0)
            output = log.read()
            lines = [ln for ln in output.splitlines() if "WARNING" in ln or "ERROR" in ln or "Error" in ln]
            detail = "\n".join(lines[-30:]) or output[-3000:]
            raise SiteError(f"mkdocs 严格模式构建失败（页面或链接有问题）：\n{detail}")
    return result


def replace_dir(new: Path, target: Path, aside: Path | None = None) -> None:
    """Put new in target's place: the old folder is moved aside first (to `aside`, a path on
    the same file system, e.g. in a staging folder) and removed last."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = aside if aside is not None else target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        if old.exists():
            os.replace(old, target)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
