"""The files the build publishes: internal and public workbooks, CSV, datapackage, templates."""

from __future__ import annotations

from pathlib import Path

from ..aggregate import CampaignData
from ..atomic import save_workbook, write_text
from ..repo import Repository
from . import campaign_book, public_data, template_book
from .rollup import Rollup


def internal_name(campaign_id: str) -> str:
    return f"{campaign_id}-internal.xlsx"


def public_name(campaign_id: str) -> str:
    return f"{campaign_id}.xlsx"


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
    for form in data.forms:
        paths += [public_dir / public_data.units_csv_name(data, form), public_dir / public_data.regions_csv_name(data, form)]
    return [*paths, public_dir / "datapackage.json"]


def write_internal_workbook(data: CampaignData, internal_dir: Path) -> Path:
    """``<campaign>-internal.xlsx``: every sheet, reporters and phones included."""
    return save_workbook(campaign_book.build(data, public=False), Path(internal_dir) / internal_name(data.campaign.id))


def write_public_outputs(data: CampaignData, public_dir: Path) -> list[Path]:
    """The public workbook (no contact data), the CSV files and ``datapackage.json``."""
    cid = data.campaign.id
    public_dir = Path(public_dir)
    written = [save_workbook(campaign_book.build(data, public=True), public_dir / public_name(cid))]
    roll = Rollup(data)
    for form in data.forms:
        header, rows = public_data.units_table(data, form, roll)
        written.append(write_text(public_dir / public_data.units_csv_name(data, form),
                                  public_data.to_csv(header, rows), public_data.CSV_ENCODING))
        header, rows = public_data.regions_table(data, form, roll)
        written.append(write_text(public_dir / public_data.regions_csv_name(data, form),
                                  public_data.to_csv(header, rows), public_data.CSV_ENCODING))
    written.append(write_text(public_dir / "datapackage.json", public_data.datapackage_json(data, public_name(cid))))
    return written


def write_templates(repo: Repository, out_dir: Path) -> list[Path]:
    """One blank template workbook per form version: ``<form_id>.xlsx``."""
    out: list[Path] = []
    for form_id, path in template_paths(repo, out_dir).items():
        wb = template_book.build(repo, [repo.forms[form_id]])
        out.append(save_workbook(wb, path))
    return out


def template_paths(repo: Repository, out_dir: Path) -> dict[str, Path]:
    """Where write_templates puts each form's blank template."""
    return {form_id: Path(out_dir) / f"{form_id}.xlsx" for form_id in sorted(repo.forms)}
