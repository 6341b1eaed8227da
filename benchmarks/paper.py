"""Paper: the PDFs of the templates and the internal workbook, as LibreOffice prints them, for
a person to look at (issue 14, "On paper").

    python benchmarks/paper.py [--campaign 2022-spring] [--unit fengdu] [-o build/paper] [--png]

Writes into the output folder: the campaign's blank template, a template filled from the
unit's submission, one per-form blank table, the internal workbook, and each one's PDF made
with ``soffice --headless --convert-to pdf``; with --png also every PDF page as a PNG (pypdfium2).
The internal workbook holds reporters and phones: the output folder is kept out of Git.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise SystemExit("LibreOffice (soffice) is not installed")
    return found


def to_pdf(books: list[Path], out: Path) -> list[Path]:
    """Each workbook's PDF, as LibreOffice prints it (its print areas, page setup, repeats)."""
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out), *map(str, books)],
            capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return [out / f"{b.stem}.pdf" for b in books]


def to_png(pdf: Path, scale: float = 1.5) -> list[Path]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    out = []
    for n, page in enumerate(doc, start=1):
        path = pdf.with_name(f"{pdf.stem}-{n:02d}.png")
        page.render(scale=scale).to_pil().save(path)
        out.append(path)
    doc.close()
    return out


def make_books(root: Path, campaign_id: str, unit: str, out: Path) -> list[Path]:
    from warmth.aggregate import load
    from warmth.atomic import save_workbook
    from warmth.excel.atomic import keep_out_of_git
    from warmth.excel.outputs import write_campaign_template, write_internal_workbook
    from warmth.excel.template_book import Prefill, build
    from warmth.repo import Repository
    from warmth.submission import check_submission

    repo = Repository(root)
    campaign = repo.campaign(campaign_id)
    if campaign is None:
        raise SystemExit(f"no campaign {campaign_id}")
    out.mkdir(parents=True, exist_ok=True)
    keep_out_of_git(out, root)
    forms = [repo.forms[f] for f in campaign.forms]
    books = [write_campaign_template(repo, campaign_id, out)]
    sub = check_submission(repo, root / "submissions" / campaign_id / f"{unit}.yaml")
    filled = out / f"{campaign_id}-{unit}.xlsx"
    books.append(save_workbook(build(repo, forms, Prefill(campaign, repo.registry.get(unit) if repo.registry else None, sub)), filled))
    books.append(save_workbook(build(repo, forms[:1]), out / f"{forms[0].id}.xlsx"))
    books.append(write_internal_workbook(load(repo, campaign_id), out))
    return [Path(b) for b in books]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--campaign", default="2022-spring")
    p.add_argument("--unit", default="fengdu")
    p.add_argument("--root", type=Path, default=ROOT)
    p.add_argument("-o", "--output", type=Path, default=ROOT / "build" / "paper")
    p.add_argument("--png", action="store_true", help="also every page as a PNG")
    args = p.parse_args(argv)
    books = make_books(args.root, args.campaign, args.unit, args.output)
    for pdf in to_pdf(books, args.output):
        print(pdf)
        if args.png:
            for png in to_png(pdf):
                print(f"  {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
