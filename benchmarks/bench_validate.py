"""Validation speed and memory at national scale, against a libyaml parse-only floor.

    python benchmarks/bench_validate.py [--small 3500] [--large 35000] [--work DIR]

Generates two repositories (benchmarks/generate.py), then in one run measures for each: the
floor (every submission loaded with PyYAML's libyaml CSafeLoader, nothing else), a full
`warmth validate` (as a process, so start-up counts) with its peak memory, and prints the
ratios: validate/floor, and large/small for linear growth. Last, one file validated as a whole
process against check-jsonschema on the same file with the same schema, if it is installed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import CAMPAIGN, generate  # noqa: E402

FLOOR = """
import sys, glob, yaml
for f in sorted(glob.glob(sys.argv[1] + '/submissions/*/*.yaml')):
    with open(f, encoding='utf-8') as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
"""


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed: {proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024


def best(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float, int]:
    results = [timed(cmd, cwd) for _ in range(runs)]
    return min(r[0] for r in results), min(r[1] for r in results), max(r[2] for r in results)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=3500)
    ap.add_argument("--large", type=int, default=35000)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="warmth-bench-"))
    py = sys.executable
    rows = {}
    for n in (args.small, args.large):
        root = work / f"u{n}"
        if not (root / "submissions" / CAMPAIGN).is_dir():
            print(f"generating {n} units in {root} ...", file=sys.stderr)
            generate(root, n)
        floor = best([py, "-c", FLOOR, str(root)], root, args.runs)
        full = best([py, "-m", "warmth.cli", "validate", "--format", "json"], root, args.runs)
        rows[n] = (floor, full)
        print(f"{n:>6} units: floor {floor[1]:6.2f} s CPU ({floor[0]:.2f} s wall) | "
              f"validate {full[1]:6.2f} s CPU ({full[0]:.2f} s wall), peak {full[2]} MB | "
              f"ratio {full[1] / floor[1]:.2f} x floor")
    (fs, vs), (fl, vl) = rows[args.small], rows[args.large]
    print(f"growth {args.large}/{args.small}: validate {vl[1] / vs[1]:.2f} x, floor {fl[1] / fs[1]:.2f} x "
          f"(units {args.large / args.small:.0f} x)")
    root = work / f"u{args.small}"
    one = next(p for p in sorted((root / "submissions" / CAMPAIGN).glob("*.yaml")) if p.name != "campaign.yaml")
    mine = best([py, "-m", "warmth.cli", "validate", str(one.relative_to(root))], root, 5)
    line = f"one file as a process: warmth {mine[0]:.3f} s wall"
    cj = shutil.which("check-jsonschema") or str(Path(py).parent / "check-jsonschema")
    if Path(cj).exists():
        schema = root / "schemas" / "generated" / f"submission-{CAMPAIGN}.schema.json"
        other = best([cj, "--schemafile", str(schema), str(one)], root, 5)
        line += f", check-jsonschema {other[0]:.3f} s wall, ratio {mine[0] / other[0]:.2f} x"
    print(line)
    print(json.dumps({"small": args.small, "large": args.large}), file=sys.stderr)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
