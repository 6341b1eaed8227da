"""How long a data-only pull request waits for its first annotation, the install counted.

    python benchmarks/bench_check.py [--runs 3]

Does what the pull-request check does on a fresh runner, in a copy of the repository with one
report changed (a sum broken by one yuan, so the check has something to say):

  A. the check: a fresh venv, `pip install -e .` (what the workflow installs: only what
     checking needs, from the pip cache as a runner restores it), then
     `warmth validate --format github <changed file>`, timed to its first `::error` line;
  B. the floor: a fresh venv, `pip install PyYAML` from the same cache, `python -c 'import yaml'`.

Each is run --runs times; the best of each is printed, and A / B. With --compare-full, also
  C. what the check installed before: `pip install -e '.[test]'` (site, workbooks, browser and
     test tools), to the same first annotation.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHANGED = Path("submissions/2022-spring/qinglan-donghu.yaml")
PIP = ["-m", "pip", "install", "-q", "--disable-pip-version-check"]


def checkout(dest: Path) -> Path:
    """The repository as a runner checks it out: the tracked files, one report changed."""
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], check=True,
                           capture_output=True, text=True).stdout.split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    path = dest / CHANGED
    text = path.read_text(encoding="utf-8")
    # B1 one yuan more: B no longer equals B1 + ... + B6
    text, n = re.subn(r"(?m)^(\s+B1:\s*)(\d+\.\d+)", lambda m: f"{m[1]}{Decimal(m[2]) + Decimal('0.0001')}",
                      text, count=1)
    assert n == 1, "no B1 line to change"
    path.write_text(text, encoding="utf-8")
    return dest


def fresh_venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    return where / "bin" / "python"


def the_check(repo: Path, work: Path, target: str = ".") -> tuple[float, float, str]:
    """(seconds to the first annotation, of which install, the annotation)."""
    start = time.perf_counter()
    py = fresh_venv(work / f"venv-{len(target)}")
    subprocess.run([str(py), *PIP, "-e", target], check=True, cwd=repo)
    installed = time.perf_counter() - start
    proc = subprocess.Popen([str(py.with_name("warmth")), "validate", "--format", "github", CHANGED.as_posix()],
                            cwd=repo, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    first = ""
    for line in proc.stdout:
        if line.startswith("::error") or line.startswith("::warning"):
            first = line.strip()
            break
    elapsed = time.perf_counter() - start
    proc.stdout.read()
    proc.wait()
    if not first:
        raise SystemExit("the check printed no annotation")
    return elapsed, installed, first


def the_floor(work: Path) -> float:
    start = time.perf_counter()
    py = fresh_venv(work / "floor")
    subprocess.run([str(py), *PIP, "PyYAML==6.0.3"], check=True)
    subprocess.run([str(py), "-c", "import yaml"], check=True)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--compare-full", action="store_true", help="also time the full .[test] install once")
    args = ap.parse_args()
    checks, floors, installs = [], [], []
    annotation = ""
    for n in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
            work = Path(tmp)
            repo = checkout(work / "repo")
            floors.append(the_floor(work))
            elapsed, installed, annotation = the_check(repo, work)
            checks.append(elapsed)
            installs.append(installed)
        print(f"run {n + 1}: check {checks[-1]:.2f} s (install {installs[-1]:.2f} s), floor {floors[-1]:.2f} s",
              flush=True)
    best, floor = min(checks), min(floors)
    print(f"first annotation: {annotation[:120]}")
    print(f"A. fresh venv + pip install -e . + warmth validate to the first annotation: {best:.2f} s "
          f"(install {min(installs):.2f} s)")
    print(f"B. fresh venv + pip install PyYAML + import yaml: {floor:.2f} s")
    print(f"A / B = {best / floor:.2f}")
    if args.compare_full:
        with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
            repo = checkout(Path(tmp) / "repo")
            full, installed, _ = the_check(repo, Path(tmp), ".[test]")
        print(f"C. the same with pip install -e '.[test]': {full:.2f} s (install {installed:.2f} s); "
              f"C / A = {full / best:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
