"""The workbooks the build writes: internal and public campaign workbooks, blank templates.
The public data files (CSV, datapackage) are warmth.publicdata's; warmth.pipeline writes both."""

from __future__ import annotations

from pathlib import Path

from ..aggregate import CampaignData
from ..atomic import save_workbook
from ..repo import Repository
from . import campaign_book, template_book


def internal_name(campaign_id: str) -> str:
    return f"{campaign_id}-internal.xlsx"


def public_name(campaign_id: str) -> str:
    return f"{campaign_id}.xlsx"


def write_internal_workbook(data: CampaignData, internal_dir: Path) -> Path:
    """``<campaign>-internal.xlsx``: every sheet, reporters and phones included."""
    return save_workbook(campaign_book.build(data, public=False), Path(internal_dir) / internal_name(data.campaign.id))


def write_public_workbook(data: CampaignData, public_dir: Path) -> Path:
    """``<campaign>.xlsx``: the public workbook, no reporters or phones."""
    return save_workbook(campaign_book.build(data, public=True), Path(public_dir) / public_name(data.campaign.id))


def write_templates(repo: Repository, out_dir: Path) -> list[Path]:
    """One blank template workbook per form version: ``<form_id>.xlsx``."""
    out: list[Path] = []
    for form_id, path in template_paths(repo, out_dir).items():
        wb = template_book.build(repo, [repo.forms[form_id]])
        out.append(save_workbook(wb, path))
    return out


def campaign_template_name(campaign_id: str) -> str:
    return f"{campaign_id}-template.xlsx"


def write_campaign_template(repo: Repository, campaign_id: str, out_dir: Path) -> Path:
    """``<campaign>-template.xlsx``: the campaign's blank template, all of its forms in one
    workbook, the unit chosen from the list of its reporting units."""
    campaign = repo.campaign(campaign_id)
    if campaign is None:
        raise KeyError(campaign_id)
    forms = [repo.forms[f] for f in campaign.forms if f in repo.forms]
    wb = template_book.build(repo, forms, template_book.Prefill(campaign))
    return save_workbook(wb, Path(out_dir) / campaign_template_name(campaign_id))


def template_paths(repo: Repository, out_dir: Path) -> dict[str, Path]:
    """Where write_templates puts each form's blank template."""
    return {form_id: Path(out_dir) / f"{form_id}.xlsx" for form_id in sorted(repo.forms)}
