"""The build pipeline: validate and load every campaign, aggregate, write the workbooks and the
public data files, stage the site (the hand-written docs/ copied into a temporary folder, the
generated pages and downloads beside them, and a MkDocs configuration that inherits the
repository's mkdocs.yml), run `mkdocs build --strict` and swap the result into site/.
Nothing generated is ever written into docs/. `warmth build`, `warmth serve`, `warmth aggregate`
and the benchmarks all run it from here; the pages themselves are rendered by warmth.site.
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

from . import aggregate, excel, fillexport, publicdata
from .aggregate import CampaignData, InvalidData
from .excel.atomic import keep_out_of_git, remove_staging, remove_stale_staging, staging_dir
from .excel.outputs import (
    internal_name,
    public_name,
    write_campaign_template,
    write_internal_workbook,
    write_public_workbook,
)
from .excel.rollup import Rollup
from .repo import Repository
from .site import mkdocs_hooks
from .site.campaign import Links, slug
from .site.footer import footer_info
from .site.pages import generate_pages
from .site.text import title
from .validate import validate

Progress = Callable[[str], None]
MKDOCS_FILE = "mkdocs.yml"
OVERRIDES = "overrides"  # the theme overrides (the footer), used as theme.custom_dir
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


# -- workbooks and data files -----------------------------------------------------------------

def write_public_outputs(data: CampaignData, public_dir: Path) -> list[Path]:
    """The public workbook (no contact data), the CSV files and ``datapackage.json``."""
    public_dir = Path(public_dir)
    written = [write_public_workbook(data, public_dir)]
    written += publicdata.write_files(data, public_dir, Rollup(data), public_name(data.campaign.id))
    return written


def write_campaign_outputs(data: CampaignData, internal_dir: Path, public_dir: Path) -> list[Path]:
    """Write the internal workbook to internal_dir and the public files to public_dir.

    internal_dir gets ``<campaign>-internal.xlsx`` (with reporters and phones); public_dir gets
    ``<campaign>.xlsx``, ``<campaign>-<form>.csv``, ``<campaign>-<form>-regions.csv`` and
    ``datapackage.json`` (so give each campaign its own public_dir). Each file is written
    whole or not at all.
    """
    return [write_internal_workbook(data, internal_dir), *write_public_outputs(data, public_dir)]


def campaign_output_paths(data: CampaignData, internal_dir: Path, public_dir: Path) -> list[Path]:
    """The files write_campaign_outputs writes, in its order (to check before writing any)."""
    public_dir = Path(public_dir)
    paths = [Path(internal_dir) / internal_name(data.campaign.id), public_dir / public_name(data.campaign.id)]
    return [*paths, *publicdata.file_paths(data, public_dir)]


def write_downloads(repo: Repository, datas: Sequence[CampaignData], docs: Path,
                    progress: Progress = quiet) -> dict[str, Links]:
    """The public workbooks, data files and blank templates, into docs/downloads."""
    links = {d.campaign.id: Links() for d in datas}
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
        written = [Path(p).resolve() for p in write_public_outputs(d, pub)]
        links[d.campaign.id].downloads = sorted(p.relative_to(docs.resolve()).as_posix() for p in written)
        links[d.campaign.id].templates = templates
        book = write_campaign_template(repo, d.campaign.id, tdir)  # all forms, the unit chosen from a list
        links[d.campaign.id].workbook = Path(book).relative_to(docs).as_posix()
    return links


def write_internal(datas: Sequence[CampaignData], internal: Path, progress: Progress = quiet) -> list[Path]:
    """The internal workbooks (reporters and phones included), never inside the site."""
    internal.mkdir(parents=True, exist_ok=True)
    out = []
    for d in datas:
        progress(f"生成内部工作簿：{d.campaign.id}……")
        out.append(Path(write_internal_workbook(d, internal)))
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
    # the repository's own hooks (paths relative to its mkdocs.yml), then warmth's
    own = cfg.get("hooks")
    own_hooks = [str((root / str(h)).resolve()) for h in own] if isinstance(own, list) else []
    staged["hooks"] = [*own_hooks, str(Path(mkdocs_hooks.__file__).resolve())]
    # the footer's issuer and contact, shown by the theme overrides in overrides/ (the folder
    # mkdocs.yml names as theme.custom_dir, else overrides/ when the repository has one)
    staged["extra"] = {"warmth_footer": footer_info(datas)}
    theme = cfg.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    custom = custom if isinstance(custom, str) else OVERRIDES if (root / OVERRIDES).is_dir() else None
    if custom is not None:
        staged["theme"] = {"custom_dir": str((root / custom).resolve())}
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
    progress("生成在线填报页面……")
    fillexport.write_pages(datas, docs, fillexport.repo_url_of(cfg), repo.registry is None or repo.registry.public)
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


def build_site(repo: Repository, datas: Sequence[CampaignData], site_dir: Path, build_dir: Path,
               progress: Progress = quiet) -> None:
    """Stage the site, run mkdocs, write the internal workbooks meanwhile, and only when all
    of it succeeded put the site into site_dir and the workbooks into build_dir (SiteError
    otherwise, with site_dir and build_dir as they were)."""
    # Staging: the public pages beside the site folder, the internal workbooks (names and
    # phones) inside the build folder, each in a folder Git ignores and the next build removes,
    # so that a build killed at any moment leaves nothing `git status` shows and no internal
    # workbook outside the build folder.
    for parent in (site_dir.parent, build_dir):
        remove_stale_staging(parent)
    keep_out_of_git(build_dir, repo.root)  # the internal workbooks never show in `git status`
    work = staging_dir(site_dir.parent)
    internal_work: Path | None = None
    try:
        internal_work = staging_dir(build_dir)
        config = stage(repo, datas, work, progress)
        # the internal workbooks are not part of the site: write them while mkdocs runs
        internal = mkdocs_build(config, progress, meanwhile=lambda: write_internal(datas, internal_work, progress))
        built = work / "site"
        leaked = [p for p in built.rglob("*-internal.xlsx")]
        if leaked:
            raise SiteError(f"内部工作簿出现在网站文件中（{leaked[0].name}），已停止发布")
        progress("替换网站和工作簿……")
        for p in internal:
            os.replace(p, build_dir / p.name)
        replace_dir(built, site_dir, aside=work / "previous-site")
    finally:
        remove_staging(work)  # its .gitignore last: a build killed while cleaning up leaves nothing Git shows
        if internal_work is not None:
            remove_staging(internal_work)
