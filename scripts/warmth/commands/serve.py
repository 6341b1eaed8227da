"""warmth serve [--dev-addr 127.0.0.1:8000]: preview the site with live reload.

The pages are generated into a temporary staging folder and `mkdocs serve` watches it; a
small watcher regenerates the staging folder when docs/, submissions/, schemas/ or
mkdocs.yml change, which makes the browser reload. Invalid data is reported and the last
good pages stay on screen.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

WATCHED = ("docs", "submissions", "schemas", "mkdocs.yml")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="地址:端口", help="预览地址（默认 127.0.0.1:8000）")
    p.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)


def _snapshot(root: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for name in WATCHED:
        p = root / name
        if p.is_file():
            out[name] = p.stat().st_mtime
        elif p.is_dir():
            for f in p.rglob("*"):
                if f.is_file():
                    out[str(f)] = f.stat().st_mtime
    return out


def _sync(src: Path, dst: Path) -> None:
    """Make dst like src, touching only files that changed (so live reload sees real edits)."""
    for f in src.rglob("*"):
        rel = f.relative_to(src)
        target = dst / rel
        if f.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.is_file() or not filecmp.cmp(f, target, shallow=False):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, target)
    for f in sorted(dst.rglob("*"), reverse=True):
        if not (src / f.relative_to(dst)).exists():
            if f.is_dir():
                shutil.rmtree(f, ignore_errors=True)
            else:
                f.unlink(missing_ok=True)


def _generate(root: Path, into: Path) -> Path | None:
    """Stage the site into `into` (docs + config); None with a message when data is invalid."""
    from .. import atomic
    from ..aggregate import InvalidData
    from ..pipeline import SiteError, load_data, stage
    from ..repo import Repository
    from ..site.mkdocs_hooks import BLOCKS_DIR
    from .build import report_invalid

    repo = Repository(root)
    try:
        datas = load_data(repo)
        with tempfile.TemporaryDirectory(prefix="warmth-serve-") as tmp:
            config = stage(repo, datas, Path(tmp))
            (Path(tmp) / BLOCKS_DIR).mkdir(exist_ok=True)
            _sync(Path(tmp) / BLOCKS_DIR, into / BLOCKS_DIR)  # before the pages that use them
            _sync(Path(tmp) / "docs", into / "docs")
            text = config.read_text(encoding="utf-8").replace(str(Path(tmp).resolve()), str(into.resolve()))
            text += f"watch:\n- {json.dumps(str(root / 'mkdocs.yml'))}\n"
            cfg = into / "mkdocs.yml"
            if not cfg.is_file() or cfg.read_text(encoding="utf-8") != text:
                atomic.write_text(cfg, text)  # mkdocs serve watches it: never half written
        return into / "mkdocs.yml"
    except InvalidData as exc:
        report_invalid(exc.report.errors)
    except SiteError as exc:
        sys.stderr.write(f"warmth：{exc}\n")
    return None


def run(args: argparse.Namespace) -> int:
    from .common import open_repo

    repo = open_repo(args)
    root = repo.root
    with tempfile.TemporaryDirectory(prefix="warmth-serve-") as tmp:
        stage_dir = Path(tmp)
        config = _generate(root, stage_dir)
        if config is None:
            return 1
        stop = threading.Event()

        def watch() -> None:
            seen = _snapshot(root)
            while not stop.wait(args.interval):
                now = _snapshot(root)
                if now != seen:
                    seen = now
                    sys.stderr.write("warmth：检测到修改，重新生成页面……\n")
                    _generate(root, stage_dir)

        thread = threading.Thread(target=watch, daemon=True)
        thread.start()
        sys.stderr.write(f"warmth：预览地址 http://{args.dev_addr}/ （按 Ctrl+C 结束）\n")
        try:
            proc = subprocess.run([sys.executable, "-m", "mkdocs", "serve", "-f", str(config),
                                   "--dev-addr", args.dev_addr, "--livereload"], check=False)
        finally:
            stop.set()
            thread.join(timeout=5)
        return 0 if proc.returncode in (0, -2, 130) else 1
