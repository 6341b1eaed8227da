"""The fill-in page (在线填报) at national scale: what it transfers and how fast it answers a key.

    python benchmarks/bench_fill.py [--units 3500] [--rounds 200]

Generates a repository of valid made-up reports for `units` reporting units (benchmarks/
generate.py, the forms of the demo's latest campaign), writes the campaign's fill-in data
(warmth.fillexport, as `warmth build` does) beside the page's own scripts, serves them on
127.0.0.1 and opens the page in headless Chromium (/usr/bin/chromium), then prints:

  A. the bytes the page itself transfers (its data file, script, YAML reader, style sheet;
     the theme's files are shared by every page of the site and left out), raw and gzipped
  B. keystroke -> findings: the median time from an input event on the largest form to the
     findings, totals and file updated and laid out (target: under 16 ms), against a floor
     measured in the same run: the same event on the same page with a handler that only
     changes one element's text and lays it out. The ratio is B / floor.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import CAMPAIGN  # noqa: E402
from generate import generate as generate_repo  # noqa: E402

from warmth import fillexport, pipeline  # noqa: E402
from warmth.repo import Repository  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>在线填报</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>{body}</body></html>"""


def stage(units: int, out: Path) -> tuple[Path, str]:
    """The generated repository's fill-in page with its assets, as the site would hold them."""
    repo_dir = generate_repo(out / "repo", units)
    repo = Repository(repo_dir)
    datas = pipeline.load_data(repo)
    site = out / "site"
    docs = out / "docs"
    fillexport.write_pages(datas, docs, "https://github.com/example/warmth", True)
    folder = site / "fill" / CAMPAIGN
    folder.mkdir(parents=True)
    shutil.copy2(docs / "fill" / CAMPAIGN / fillexport.DATA_NAME, folder / fillexport.DATA_NAME)
    md = (docs / "fill" / CAMPAIGN / "index.md").read_text(encoding="utf-8")
    body = md[md.index('<div id="warmth-fill"'):]
    (folder / "index.html").write_text(PAGE.format(body=body), encoding="utf-8")
    for rel in (fillexport.SCRIPT, fillexport.YAML_LIB, fillexport.STYLE):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "docs" / rel, site / rel)
    return site, CAMPAIGN


@contextlib.contextmanager
def serve(site: Path):  # type: ignore[no-untyped-def]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


MEASURE = """([name, rounds]) => {
  const input = document.querySelector(`[name="${name}"]`);
  const findings = document.querySelector('#warmth-findings');
  const probe = document.createElement('input'), out = document.createElement('p');
  document.body.append(probe, out);
  probe.addEventListener('input', () => { out.textContent = probe.value; });
  const run = (el, after) => {
    const times = [];
    for (let i = 0; i < rounds; i++) {
      el.value = String(100 + i);
      const t = performance.now();
      el.dispatchEvent(new Event('input', {bubbles: true}));
      after.getBoundingClientRect();  // lay out what changed
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return times[times.length >> 1];
  };
  return {floor: run(probe, out), fill: run(input, findings)};
}"""


def measure(server: str, cid: str, rounds: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
        start = time.perf_counter()
        page.goto(f"{server}/fill/{cid}/")
        page.wait_for_selector("#warmth-fill[data-ready]")
        ready = time.perf_counter() - start
        # the largest form, one of its parts (a key there recomputes a total and every rule)
        data = json.loads(page.evaluate("fetch('form.json').then(r => r.text())"))
        form = max(data["forms"], key=lambda f: len(f["items"]))
        part = next(p for parts in form["totals"].values() for p in parts)
        page.select_option('select[name="unit"]', data["units"][len(data["units"]) // 2][0])
        result = page.evaluate(MEASURE, [f"{form['id']}.{part}", rounds])
        browser.close()
    return {"ready": ready, "bytes": sum(sizes.values()), "files": len(sizes), "form_items": len(form["items"]), **result}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=3500)
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="warmth-bench-fill-") as tmp:
        site, cid = stage(args.units, Path(tmp))
        own = [site / "fill" / cid / "index.html", site / "fill" / cid / fillexport.DATA_NAME,
               site / fillexport.SCRIPT, site / fillexport.YAML_LIB, site / fillexport.STYLE]
        raw = {p.name: p.stat().st_size for p in own}
        gz = {p.name: len(gzip.compress(p.read_bytes(), 6)) for p in own}
        with serve(site) as server:
            m = measure(server, cid, args.rounds)
    print(f"units: {args.units}; largest form: {m['form_items']} items")
    print("A. page's own files (raw / gzip bytes):")
    for name in raw:
        print(f"   {name:24s} {raw[name]:>10,d} / {gz[name]:>9,d}")
    print(f"   {'total':24s} {sum(raw.values()):>10,d} / {sum(gz.values()):>9,d}"
          f"   (transferred in Chromium: {m['bytes']:,d} bytes in {m['files']} files; ready in {m['ready'] * 1000:.0f} ms)")
    print(f"B. keystroke -> findings: {m['fill']:.2f} ms (target < 16 ms); floor {m['floor']:.3f} ms; "
          f"ratio {m['fill'] / max(m['floor'], 1e-3):.0f}x")


if __name__ == "__main__":
    main()
