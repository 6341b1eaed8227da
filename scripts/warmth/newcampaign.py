"""A new campaign, started from the previous one (or, for the first, from a few options).

From the previous campaign it keeps what a new notice usually repeats (recipients, contact,
reporting units, parameters, standards), moves every date and every year written in the
title and document number by the years between the two campaigns, and gives each form a
version for the new year that ``extends`` the old one, so only the changes need writing.
What belongs to one notice only (funds, visiting groups, receipts, the upstream notice) is left out;
its targets, activities, focus items, payment rules and phases (dates moved) are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import atomic
from .forms import NOT_OFFICIAL
from .repo import CAMPAIGN_FILE, FORMS, Repository

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
KEPT = ("recipients", "contact", "params", "standards")
NOTICE_KEPT = ("targets", "activities", "focus", "payment")


class CampaignError(Exception):
    """The campaign cannot be started; the message is Chinese and says why."""


@dataclass(slots=True)
class Options:
    id: str
    previous: str | None = None
    title: str | None = None
    doc_number: str | None = None
    issued: str | None = None
    deadline: str | None = None
    forms: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Started:
    campaign: Path
    forms: list[Path]


def year_of(text: str) -> int | None:
    m = YEAR.search(text)
    return int(m[1]) if m else None


def shift_years(text: str, years: int) -> str:
    return YEAR.sub(lambda m: str(int(m[1]) + years), text)


def shift_date(iso: str, years: int) -> str:
    d = date.fromisoformat(iso)
    try:
        return d.replace(year=d.year + years).isoformat()
    except ValueError:  # 29 February into a common year
        return d.replace(year=d.year + years, day=28).isoformat()


def next_form_id(fid: str, years: int, year: int) -> str:
    """swn-j4-2022 → swn-j4-2023 a year on; an id without a year gets the campaign's year."""
    m = re.search(r"(?<!\d)((?:19|20)\d{2})$", fid)
    return fid[: m.start()] + str(int(m[1]) + years) if m else f"{fid}-{year}"


def _check_date(name: str, value: str | None) -> None:
    if value is None:
        return
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise CampaignError(f"{name} 应写作 2026-01-20 这样的日期，而不是 {value!r}")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise CampaignError(f"{name} 应写作 2026-01-20 这样的日期，而不是 {value!r}") from exc


def latest(repo: Repository) -> str | None:
    """The campaign issued last (by its issued date, then its id); the repository's own union's
    campaigns first, so a city's campaign passing on a notice is not taken for the next one."""
    best: tuple[bool, str, str] | None = None
    own = repo.registry.issuer if repo.registry is not None else None
    for cid in repo.campaign_ids:
        c = repo.campaign(cid)
        if c is not None and (best is None or (c.issuer == own, c.issued, cid) > best):
            best = (c.issuer == own, c.issued, cid)
    return best[2] if best else None


def start(repo: Repository, opts: Options) -> Started:
    if not ID_PATTERN.match(opts.id):
        raise CampaignError(f"活动编号 {opts.id!r} 不合格：只用小写字母、数字和连字符，例如 2026-spring")
    target = repo.campaign_dir(opts.id) / CAMPAIGN_FILE
    if target.exists():
        raise CampaignError(f"活动 {opts.id} 已存在（{repo.rel(target)}）")
    for name in ("issued", "deadline"):
        _check_date(name, getattr(opts, name))
    for flag, text in (("--title", opts.title), ("--doc-number", opts.doc_number)):
        if text is not None and (not text.strip() or not text.isprintable()):
            raise CampaignError(f"{flag} 不能为空，也不能含换行或看不见的字符：{text!r}")
    reg = repo.registry
    if reg is None:
        raise CampaignError("单位名录 submissions/units.yaml 有错误；先运行 warmth validate 改正")
    prev_id = opts.previous or latest(repo)
    new_forms: dict[Path, str] = {}
    if prev_id is None:
        raw = _first(repo, opts, reg.issuer, [u for u in reg.units if u != reg.issuer])
    else:
        raw, new_forms = _from_previous(repo, opts, prev_id)
    if raw["issued"] > raw["deadline"]:
        raise CampaignError(f"印发日期 {raw['issued']} 晚于报送截止日期 {raw['deadline']}；用 --issued 和 --deadline 写明")
    planned = {p.stem for p in new_forms}
    missing = [f for f in raw["forms"] if f not in repo.form_files and f not in planned]
    if missing:
        raise CampaignError(f"表式 {'、'.join(missing)} 不存在；现有表式：{'、'.join(sorted(repo.form_files))}")
    # written only now that everything is checked: a refusal leaves nothing behind
    # a fresh temporary name: a planted link is never written through

    for path, text in new_forms.items():
        atomic.write_text(path, text)
    header = (
        f"# {raw['title']}：由 warmth campaign new 生成。\n"
        "# 请按新通知核对文号、日期、报送单位和参数；资金分配（funds）、慰问组（groups）写在这里。\n"
        "# 每个字段的含义见网站上的“字段参考”页。\n"
    )
    atomic.write_text(target, header + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100,
                                                      default_flow_style=None))
    return Started(target, list(new_forms))


def _first(repo: Repository, opts: Options, issuer: str, units: list[str]) -> dict[str, Any]:
    needed = {"--title": opts.title, "--doc-number": opts.doc_number, "--deadline": opts.deadline,
              "--forms": opts.forms}
    absent = [k for k, v in needed.items() if not v]
    if absent:
        raise CampaignError(f"这是第一次活动，没有上一次可以沿用；请给出 {'、'.join(absent)}")
    if not units:
        raise CampaignError("单位名录里除发文单位外没有单位；先在 submissions/units.yaml 中登记报送单位")
    return {
        "id": opts.id, "title": opts.title, "issuer": issuer, "doc_number": opts.doc_number,
        "issued": opts.issued or date.today().isoformat(), "deadline": opts.deadline,
        "forms": list(opts.forms), "reporting_units": units,
    }


def _from_previous(repo: Repository, opts: Options, prev_id: str) -> tuple[dict[str, Any], dict[Path, str]]:
    path = repo.campaign_dir(prev_id) / CAMPAIGN_FILE
    prev = repo.campaign(prev_id)
    if prev is None or not path.is_file():
        raise CampaignError(f"上一次活动 {prev_id} 不存在或有错误；现有活动：{'、'.join(repo.campaign_ids) or '（无）'}")
    old = yaml.safe_load(path.read_text(encoding="utf-8"))
    new_year, old_year = year_of(opts.id), year_of(prev_id)
    years = new_year - old_year if new_year is not None and old_year is not None else 1
    year = new_year if new_year is not None else date.today().year
    raw: dict[str, Any] = {"id": opts.id}
    if old.get("fictional"):
        raw["fictional"] = True  # a demo stays marked as one
    raw |= {"title": opts.title or shift_years(old["title"], years), "issuer": old["issuer"],
                           "doc_number": opts.doc_number or shift_years(old["doc_number"], years)}
    raw["issued"] = opts.issued or shift_date(old["issued"], years)
    if "recipients" in old:
        raw["recipients"] = old["recipients"]
    if "period" in old:
        raw["period"] = {k: shift_date(v, years) for k, v in old["period"].items()}
    raw["deadline"] = opts.deadline or shift_date(old["deadline"], years)
    if "contact" in old:
        raw["contact"] = old["contact"]
    written: dict[Path, str] = {}
    if opts.forms:
        raw["forms"] = list(opts.forms)
    else:
        raw["forms"] = []
        for fid in old["forms"]:
            nid = next_form_id(fid, years, year) if years else fid
            if nid != fid and not (repo.root / FORMS / f"{nid}.yaml").exists():
                written[repo.root / FORMS / f"{nid}.yaml"] = _form_text(repo, fid, nid, years, raw["title"])
            raw["forms"].append(nid)
    raw["previous"] = prev_id
    raw["reporting_units"] = list(old["reporting_units"])
    for key in KEPT[2:]:
        if key in old:
            raw[key] = old[key]
    # a notice's own way of working usually repeats too: its targets, activities, focus items,
    # payment rules, and its phases (their dates moved like the others)
    for key in NOTICE_KEPT:
        if key in old:
            raw[key] = old[key]
    if "phases" in old:
        raw["phases"] = [{**p, "due": shift_date(p["due"], years)} for p in old["phases"]]
        forms_phase = next((p for p in raw["phases"] if "forms" in p["deliverables"]), None)
        if forms_phase is not None:
            forms_phase["due"] = raw["deadline"]  # the forms are due on the deadline
    return raw, written


def _form_text(repo: Repository, old_id: str, new_id: str, years: int, campaign_title: str) -> str:
    form = repo.forms.get(old_id)
    if form is None:
        raise CampaignError(f"上一次活动的表式 {old_id} 不存在或有错误；先运行 warmth validate 改正")
    lines = [
        f"# {campaign_title}所用的表式：基于 {old_id}（extends），只写与上一版不同的地方。",
        "# 新增或改名的项目写在 items 下，去掉的项目写在 remove 下，去掉的规则写在 remove_rules 下；",
        "# 每个字段的含义见网站上的“字段参考”页。",
        f"id: {new_id}",
        f"extends: {old_id}",
    ]
    title = form.title.removesuffix(NOT_OFFICIAL)  # the mark is added again from official: false
    if year_of(title) is not None:
        lines.append(f"title: {shift_years(title, years)}")
    if form.as_of:
        lines.append(f'as_of: "{shift_date(form.as_of, years)}"')
    return "\n".join(lines) + "\n"
