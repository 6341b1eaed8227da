"""warmth build [--site-dir site] [--build-dir build]: validate, aggregate, write the
workbooks and data files, generate the pages and build the site with `mkdocs build --strict`.

Nothing is published from invalid data, and site/ is replaced only when every step succeeded.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..findings import Finding
from ..workflow import value


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site-dir", default="site", help="网站输出文件夹（默认 site，相对于仓库根目录）")
    p.add_argument("--build-dir", default="build", help="内部工作簿输出文件夹（默认 build，不进入网站）")
    p.add_argument("--force", action="store_true", help="--build-dir 不是仓库的 build/ 且内部工作簿已存在时覆盖")


def progress_printer() -> Callable[[str], None]:
    start = time.monotonic()
    on_terminal = sys.stderr.isatty() or os.environ.get("WARMTH_PROGRESS") == "1"

    def show(message: str) -> None:
        if on_terminal:
            sys.stderr.write(f"[{time.monotonic() - start:6.1f} 秒] {message}\n")
            sys.stderr.flush()

    return show


def report_invalid(findings: list[Finding], out: TextIO = sys.stderr) -> None:
    errors = sorted(set(findings))
    files = sorted({f.file for f in errors})
    out.write(f"warmth：数据有 {len(errors)} 处错误（{len(files)} 个文件），网站和工作簿都没有更新，原有 site/ 保持不变。\n")
    for f in errors[:200]:
        out.write(f"  {value(f.file)}:{f.line}:{f.column}: 错误 [{value(f.rule)}] {value(f.text)}\n")
    if len(errors) > 200:
        out.write(f"  ……另有 {len(errors) - 200} 处错误，运行 warmth validate 查看全部。\n")
    out.write("请改正后重新运行 warmth build。\n")


def check_targets(root: Path, site_dir: Path, build_dir: Path) -> None:
    """Refuse output folders whose replacement would destroy something else, or that would
    put the internal workbooks (names and phones) into the public site."""
    from ..cli import UsageError

    site, build, root = site_dir.resolve(), build_dir.resolve(), root.resolve()
    for what, path, given in (("网站输出文件夹", site, site_dir), ("内部工作簿文件夹", build, build_dir)):
        if path == root or root.is_relative_to(path):
            raise UsageError(f"{what} {given} 不能是仓库本身或它的上级文件夹")
        for name in ("docs", "submissions", "schemas", "scripts", "tests", ".git", ".github"):
            if path.is_relative_to(root / name):
                raise UsageError(f"{what} {given} 不能放在 {name}/ 里")
    if site == build:
        raise UsageError("网站文件夹和内部工作簿文件夹不能相同：内部工作簿不得公开")
    if build.is_relative_to(site):
        raise UsageError(f"内部工作簿文件夹 {build_dir} 不能在网站文件夹 {site_dir} 里：内部工作簿不得公开")
    if site.is_relative_to(build):
        raise UsageError(f"网站文件夹 {site_dir} 不能在内部工作簿文件夹 {build_dir} 里：两者要分开存放")
    if site.exists() and (not site.is_dir() or (any(site.iterdir()) and not (site / "sitemap.xml").exists()
                                                 and not (site / "index.html").exists())):
        raise UsageError(f"{site_dir} 已存在，但看起来不是以前生成的网站；为免误删，请换一个文件夹或先手动清空")
    if build.exists() and not build.is_dir():
        raise UsageError(f"内部工作簿文件夹 {build_dir} 是一个文件，不是文件夹")


def run(args: argparse.Namespace) -> int:
    from ..aggregate import InvalidData
    from ..excel.atomic import keep_out_of_git, remove_staging, remove_stale_staging, staging_dir
    from ..excel.outputs import internal_name
    from ..site.stage import SiteError, load_data, mkdocs_build, replace_dir, stage, write_internal
    from .common import generated_dir, open_repo, refuse_overwrite

    repo = open_repo(args)
    show = progress_printer()
    site_dir = Path(args.site_dir)
    site_dir = site_dir if site_dir.is_absolute() else repo.root / site_dir
    build_dir = Path(args.build_dir)
    build_dir = build_dir if build_dir.is_absolute() else repo.root / build_dir
    check_targets(repo.root, site_dir, build_dir)
    refuse_overwrite(repo, [build_dir / internal_name(cid) for cid in repo.campaign_ids], args.force, generated_dir(repo))
    try:
        datas = load_data(repo, show)
    except InvalidData as exc:
        report_invalid(exc.report.errors)
        return 1
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
        config = stage(repo, datas, work, show)
        # the internal workbooks are not part of the site: write them while mkdocs runs
        internal = mkdocs_build(config, show, meanwhile=lambda: write_internal(datas, internal_work, show))
        built = work / "site"
        leaked = [p for p in built.rglob("*-internal.xlsx")]
        if leaked:
            raise SiteError(f"内部工作簿出现在网站文件中（{leaked[0].name}），已停止发布")
        show("替换网站和工作簿……")
        for p in internal:
            os.replace(p, build_dir / p.name)
        replace_dir(built, site_dir, aside=work / "previous-site")
    except SiteError as exc:
        sys.stderr.write(f"warmth：网站构建失败，原有 {site_dir.name}/ 保持不变。\n{exc}\n")
        return 1
    finally:
        remove_staging(work)  # its .gitignore last: a build killed while cleaning up leaves nothing Git shows
        if internal_work is not None:
            remove_staging(internal_work)
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    print(f"网站已生成：{repo.rel(site_dir)}/（{pages} 个页面）；内部工作簿在 {repo.rel(build_dir)}/。")
    return 0
