"""Screenshots of the built site as people see it, on a phone (390 px) and a desktop (1280 px).

    python benchmarks/screenshots.py OUT_DIR [--repo DIR] [--campaign ID] [--region ID]

Copies the repository's data (submissions, schemas, docs, overrides, mkdocs.yml; by default
this checkout's demo) into a temporary Git repository, runs `warmth build` there, serves the
site on 127.0.0.1 and takes full-page screenshots of the home page, a notice, a campaign
summary, a region page and the campaign's first form page at both widths with headless Chromium (Playwright), into OUT_DIR as
``<page>-<width>.png``. Nothing is written into the repository; the pictures are not committed.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
COPY = ("submissions", "schemas", "docs", "overrides")
WIDTHS = (390, 1280)
CHROMIUM = "/usr/bin/chromium"


def build(source: Path, work: Path) -> Path:
    repo = work / "repo"
    repo.mkdir()
    for name in COPY:
        if (source / name).is_dir():
            shutil.copytree(source / name, repo / name)
    shutil.copy2(source / "mkdocs.yml", repo / "mkdocs.yml")
    env = {"GIT_AUTHOR_NAME": "screenshots", "GIT_AUTHOR_EMAIL": "s@example.org",
           "GIT_COMMITTER_NAME": "screenshots", "GIT_COMMITTER_EMAIL": "s@example.org"}
    full = {**os.environ, **env}
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=full)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=full)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "data"], check=True, env=full)
    proc = subprocess.run([sys.executable, "-m", "warmth.cli", "build"], cwd=repo, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"warmth build failed:\n{proc.stdout}\n{proc.stderr}")
    return repo


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(Quiet, directory=str(site))
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}"
        finally:
            httpd.shutdown()


def pick(repo: Path, campaign: str | None, region: str | None) -> dict[str, str]:
    """The pages to take: the newest campaign (by its issue date) unless one is named, and its
    first region page unless one is named."""
    if campaign is None:
        found = []
        for path in sorted((repo / "submissions").glob("*/campaign.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            found.append((str(data.get("issued", "")), path.parent.name))
        if not found:
            raise SystemExit("no campaign in submissions/")
        campaign = max(found)[1]
    folder = repo / "site" / "data" / campaign
    if region is None:
        regions = sorted(p.name for p in folder.iterdir() if p.is_dir() and (p / "index.html").is_file()
                         and p.name != "downloads")
        if not regions:
            raise SystemExit(f"no region page under {folder}")
        region = regions[0]
    pages = {"home": "", "notice": f"notices/{campaign}/", "campaign": f"data/{campaign}/",
             "region": f"data/{campaign}/{region}/"}
    forms = sorted(p.parent.name for p in (folder / "forms").glob("*/index.html"))
    if forms:  # the campaign's first form page, where its sections and charts are
        pages["form"] = f"data/{campaign}/forms/{forms[0]}/"
    return pages


def shoot(base: str, pages: dict[str, str], out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    taken = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for width in WIDTHS:
                ctx = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900},
                                          device_scale_factor=1)
                page = ctx.new_page()
                for name, rel in pages.items():
                    page.goto(f"{base}/{rel}")
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(800)  # the theme's header and tabs finish fading in
                    path = out / f"{name}-{width}.png"
                    page.screenshot(path=str(path), full_page=True)
                    taken.append(path)
                ctx.close()
        finally:
            browser.close()
    return taken


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder for the PNG files (created if missing)")
    ap.add_argument("--repo", type=Path, default=ROOT, help="repository whose data is built (default: this one)")
    ap.add_argument("--campaign", default=None, help="campaign id (default: the newest)")
    ap.add_argument("--region", default=None, help="region id (default: the first)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="warmth-shots-") as tmp:
        repo = build(args.repo.resolve(), Path(tmp))
        pages = pick(repo, args.campaign, args.region)
        with serve(repo / "site") as base:
            for path in shoot(base, pages, args.out.resolve()):
                print(path)


if __name__ == "__main__":
    main()
