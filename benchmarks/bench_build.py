"""How much the site's own work adds to MkDocs at national scale.

    python benchmarks/bench_build.py [--units 3500] [--keep DIR]

Generates a repository of valid made-up reports (one issuer, cities of about ten units each)
in a temporary folder, loads and aggregates it (not timed), then times in one run:

  A. `warmth build`'s page step (copy docs/, write the generated pages) + `mkdocs build --strict`
  B. a bare `mkdocs build` of the same staged pages and configuration
  C. the whole `warmth build` command in its own process: validation, aggregation, workbooks
     and data files, pages, `mkdocs build --strict`, and the swap into site/

and prints A / B and C / B (target: at most 1.3).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate as generate_repo  # noqa: E402

from warmth import pipeline  # noqa: E402
from warmth.repo import Repository  # noqa: E402
from warmth.site import pages as site_pages  # noqa: E402
from warmth.site.campaign import Links  # noqa: E402


def generate(out: Path, units: int, seed: int = 11) -> Path:
    """A repository with `units` reporting units and one valid report each, plus the site's pages."""
    generate_repo(out, units, seed)
    shutil.copytree(ROOT / "docs", out / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", out / "mkdocs.yml")
    return out


def mkdocs(config: Path, strict: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `mkdocs build` in its own process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "--clean", "-f", str(config)]
    subprocess.run(args + (["--strict"] if strict else []), check=True, cwd=config.parent,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def warmth_build(root: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `warmth build` as a user runs it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "warmth.cli", "build"], check=True, cwd=root,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=3500)
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="warmth-bench-")) if args.keep is None else args.keep
    try:
        root = tmp / "repo"
        t0 = time.perf_counter()
        generate(root, args.units)
        print(f"generated {args.units} reports in {time.perf_counter() - t0:.1f} s", flush=True)
        repo = Repository(root)
        t0 = time.perf_counter()
        datas = pipeline.load_data(repo)
        print(f"validated and aggregated in {time.perf_counter() - t0:.1f} s", flush=True)

        # warm-up (not timed): imports, jieba's dictionary cache, the file system
        warm = tmp / "warm"
        (warm / "docs").mkdir(parents=True)
        (warm / "docs" / "index.md").write_text("# 预热\n\n困难职工送温暖。\n", encoding="utf-8")
        (warm / "mkdocs.yml").write_text(
            f"INHERIT: {root / 'mkdocs.yml'}\ndocs_dir: {warm / 'docs'}\nsite_dir: {warm / 'site'}\nnav: [index.md]\n",
            encoding="utf-8")
        mkdocs(warm / "mkdocs.yml", strict=False)

        # B (bare) is run before and after A and C so that load on a shared machine and warm caches
        # do not favour either side; CPU time is reported beside wall time for the same reason.
        stage_dir = tmp / "stage"
        docs = stage_dir / "docs"
        t0, c0 = time.perf_counter(), time.process_time()
        shutil.copytree(root / "docs", docs)
        links = {d.campaign.id: Links() for d in datas}
        pages = site_pages.generate_pages(repo, datas, docs, links)
        config = pipeline.write_config(root, stage_dir, docs, stage_dir / "site", datas)
        t_pages, c_pages = time.perf_counter() - t0, time.process_time() - c0
        b1 = mkdocs(config, strict=False)
        a = mkdocs(config, strict=True)
        b2 = mkdocs(config, strict=False)
        c = warmth_build(root)
        b3 = mkdocs(config, strict=False)
        b_wall, b_cpu = (b1[0] + b2[0]) / 2, (b1[1] + b2[1]) / 2  # the runs either side of A
        bc_wall, bc_cpu = (b2[0] + b3[0]) / 2, (b2[1] + b3[1]) / 2  # ... and of C
        print(f"pages written: {len(pages)} ({sum(len(d.regions) for d in datas)} region pages)")
        print(f"A  page step {t_pages:.1f} s (CPU {c_pages:.1f} s) + mkdocs build --strict {a[0]:.1f} s (CPU {a[1]:.1f} s)")
        print(f"B  bare mkdocs build {b1[0]:.1f} s / {b2[0]:.1f} s / {b3[0]:.1f} s (CPU {b1[1]:.1f} s / {b2[1]:.1f} s / {b3[1]:.1f} s)")
        print(f"C  warmth build, whole command {c[0]:.1f} s (CPU {c[1]:.1f} s)")
        print(f"ratio A/B wall = {(t_pages + a[0]) / b_wall:.2f}, CPU = {(c_pages + a[1]) / b_cpu:.2f} (target <= 1.3)")
        print(f"ratio C/B wall = {c[0] / bc_wall:.2f}, CPU = {c[1] / bc_cpu:.2f} (target <= 1.3)")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
