"""`warmth build` at national scale: where the time goes, and how big the search index is.

    python benchmarks/bench_build.py [--units 3500 [1000 ...]] [--keep DIR]

For each size, generates a repository of valid made-up reports (one issuer, cities of about ten
units each) in a temporary folder and measures, in one run:

  split  the build's steps one after another in this process, as `warmth build` runs them:
         validation, aggregation, workbooks (public workbook, CSV and blank templates; the
         internal workbook, which the build writes while MkDocs runs), pages (docs/ copied,
         pages generated, config staged) and `mkdocs build --strict` (its own process)
  bare   a plain `mkdocs build` (not strict) of the same staged pages, before and after the
         others, so that load on a shared machine shows as a change of this figure
  whole  the `warmth build` command in its own process, as a user runs it
  index  site/search/search_index.json of the whole build, against a floor measured in the
         same run: the hand-written pages' entries plus one entry per unit holding only its
         name (what search needs to find every unit by name); and a check that every unit's
         name is the title of an entry

Wall seconds depend on what else the machine runs; CPU seconds (user + system, this process or
the child) much less, so both are printed. Targets at 3,500 units: whole build at most 40 s on
a 2-core machine, search index at most 3 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate as generate_repo  # noqa: E402

from warmth import aggregate, pipeline  # noqa: E402
from warmth.repo import Repository  # noqa: E402
from warmth.site import pages as site_pages  # noqa: E402
from warmth.validate import validate  # noqa: E402

T = TypeVar("T")
MB = 1_000_000
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def generate(out: Path, units: int, seed: int = 11) -> Path:
    """A committed repository with `units` reporting units and one valid report each, plus
    the site's pages."""
    generate_repo(out, units, seed)
    shutil.copytree(ROOT / "docs", out / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", out / "mkdocs.yml")
    git = ["git", "-C", str(out), "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "bench data"], check=True)
    return out


def timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    """(result, wall seconds, CPU seconds of this process)."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - t0, time.process_time() - c0


def child(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a command in its own process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def mkdocs(config: Path, strict: bool) -> tuple[float, float]:
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "--clean", "-f", str(config)]
    return child(args + (["--strict"] if strict else []), config.parent)


def index_floor(index: dict[str, Any], names: set[str]) -> tuple[int, set[str]]:
    """(bytes of the smallest index that finds every unit by name and keeps the hand-written
    pages, unit names found as entry titles)."""
    def size(docs: list[dict[str, Any]]) -> int:
        return len(json.dumps({"config": index["config"], "docs": docs}, ensure_ascii=False,
                              separators=(",", ":")).encode("utf-8"))

    found, floor_docs = set(), []
    for d in index["docs"]:
        title = d["title"].replace("\u200b", "")
        if title in names:
            found.add(title)
            floor_docs.append({"location": d["location"], "title": d["title"], "text": ""})
        elif not d["location"].startswith("data/"):
            floor_docs.append(d)
    return size(floor_docs), found


def run_size(units: int, tmp: Path) -> None:
    root = generate(tmp / "repo", units)
    repo = Repository(root)
    # warm-up (not timed): imports, jieba's dictionary cache, the file system
    warm = tmp / "warm"
    (warm / "docs").mkdir(parents=True)
    (warm / "docs" / "index.md").write_text("# 预热\n\n困难职工送温暖。\n", encoding="utf-8")
    (warm / "mkdocs.yml").write_text(
        f"INHERIT: {root / 'mkdocs.yml'}\ndocs_dir: {warm / 'docs'}\nsite_dir: {warm / 'site'}\nnav: [index.md]\n",
        encoding="utf-8")
    mkdocs(warm / "mkdocs.yml", strict=False)

    # the split, step by step in this process (mkdocs in its own)
    (report, subs), v_wall, v_cpu = timed(lambda: validate(repo))
    assert not report.errors, report.errors[:3]
    datas, a_wall, a_cpu = timed(lambda: [aggregate.gather(repo, cid, report, subs) for cid in repo.campaign_ids])
    stage_dir = tmp / "stage"
    docs = stage_dir / "docs"
    docs.mkdir(parents=True)
    links, w1_wall, w1_cpu = timed(lambda: pipeline.write_downloads(repo, datas, docs))
    _, w2_wall, w2_cpu = timed(lambda: pipeline.write_internal(datas, tmp / "internal"))

    def pages() -> Path:
        shutil.copytree(root / "docs", docs, dirs_exist_ok=True)
        site_pages.generate_pages(repo, datas, docs, links)
        return pipeline.write_config(root, stage_dir, docs, stage_dir / "site", datas)

    config, p_wall, p_cpu = timed(pages)
    b1 = mkdocs(config, strict=False)
    m = mkdocs(config, strict=True)
    whole = child([sys.executable, "-m", "warmth.cli", "build"], root)
    b2 = mkdocs(config, strict=False)

    index_path = root / "site" / "search" / "search_index.json"
    size = index_path.stat().st_size
    names = {u.name for d in datas for u in d.units}
    floor, found = index_floor(json.loads(index_path.read_text(encoding="utf-8")), names)
    regions = sum(len(d.regions) for d in datas)
    steps = [("validation", v_wall, v_cpu), ("aggregation", a_wall, a_cpu),
             ("workbooks (public, CSV, templates)", w1_wall, w1_cpu),
             ("workbooks (internal; during MkDocs in the build)", w2_wall, w2_cpu),
             ("pages", p_wall, p_cpu), ("mkdocs build --strict", *m)]
    print(f"\n== {units} units, {regions} region pages ==")
    for name, wall, cpu in steps:
        print(f"  {name:<50} {wall:7.1f} s wall {cpu:7.1f} s CPU")
    sum_wall = sum(s[1] for s in steps) - w2_wall  # the internal workbook overlaps MkDocs
    print(f"  {'sum (internal workbook overlapping MkDocs)':<50} {sum_wall:7.1f} s wall {sum(s[2] for s in steps):7.1f} s CPU")
    print(f"  {'bare mkdocs build, before / after':<50} {b1[0]:7.1f} / {b2[0]:.1f} s wall {b1[1]:5.1f} / {b2[1]:.1f} s CPU")
    print(f"  {'warmth build, whole command':<50} {whole[0]:7.1f} s wall {whole[1]:7.1f} s CPU  (target <= 40 s)")
    print(f"  search index {size / MB:.2f} MB (target <= 3 MB); floor {floor / MB:.2f} MB, "
          f"ratio {size / floor:.2f}; {len(found)} of {len(names)} unit names are entry titles")
    if found != names:
        missing = sorted(names - found)
        print(f"  NOT FOUND by name: {len(missing)} units, e.g. {missing[:5]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, nargs="+", default=[3500])
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = ap.parse_args()
    for units in args.units:
        tmp = Path(tempfile.mkdtemp(prefix="warmth-bench-")) if args.keep is None else args.keep / str(units)
        try:
            run_size(units, tmp)
        finally:
            if args.keep is None:
                shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
