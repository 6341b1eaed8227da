"""What a reviewer needs to know about a pull request, as data: for every report it changes,
the values against the base version, every rule's outcome, warnings with the unit's
explanation, year-on-year jumps, the effect on its region's and the campaign's totals, and
whether it came in late. The reporters review_md and review_json render it."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from . import gitutil, tree
from .aggregate import CampaignData, add, load
from .campaigns import Campaign, parse_time
from .findings import ERROR, WARNING, Finding, bounded
from .forms import Form, Item
from .formshape import label_with_measure
from .registry import LEVEL_ZH
from .repo import SUBMISSIONS, Repository
from .scope import submission_unit
from .submission import RuleOutcome, Submission, check_submission, check_submission_values_only
from .timeliness import git_first_added
from .validate import validate

Value = int | Decimal | str
Number = int | Decimal

NEW, CHANGED, DELETED = "new", "changed", "deleted"


@dataclass(slots=True)
class ValueRow:
    code: str
    label: str
    unit: str
    value: Value | None
    base: Value | None
    changed: bool


@dataclass(slots=True)
class FormView:
    id: str
    title: str
    rows: list[ValueRow]


@dataclass(slots=True)
class TotalRow:
    code: str
    label: str
    unit: str
    region_before: Number
    region_after: Number
    campaign_before: Number
    campaign_after: Number


@dataclass(slots=True)
class Jump:
    form: str
    code: str
    label: str
    unit: str
    previous: Number
    current: Number


@dataclass(slots=True)
class Warning_:
    finding: Finding
    explanation: str


@dataclass(slots=True)
class FileReview:
    path: str
    status: str  # new / changed / deleted
    campaign_id: str
    unit_id: str
    campaign_title: str = ""
    unit_name: str = ""
    unit_level: str = ""
    region_id: str = ""
    region_name: str = ""
    accepted_edit: bool = False  # the file was already on the base branch
    forms: list[FormView] = field(default_factory=list)
    outcomes: list[RuleOutcome] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    previous_campaign: str | None = None
    jump_max: Number = 3
    jumps: list[Jump] = field(default_factory=list)
    totals: dict[str, list[TotalRow]] = field(default_factory=dict)  # form id -> changed items
    deadline: str = ""
    arrival: datetime | None = None  # first landed (or now, for a new report)
    arrival_source: str = ""  # "git", "登记", "本次"
    late: bool = False
    edited_after_deadline: bool = False
    report_changed: bool = False
    report: str = ""  # the narrative (送温暖报告) as written
    problem: str = ""  # why the report could not be read at all


@dataclass(slots=True)
class Review:
    base_ref: str
    base_commit: str
    now: datetime
    files: list[FileReview] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)
    all_findings: list[Finding] | None = None


def build(root: Path, base_ref: str, now: datetime | None = None, all_findings: bool = False) -> Review:
    """The review of everything changed on HEAD (and in the working tree) since base_ref."""
    now = now or datetime.now(UTC)
    base = gitutil.merge_base(root, base_ref)
    repo = Repository(root)
    review = Review(base_ref, base, now)
    campaign_data: dict[str, CampaignData | None] = {}
    with tempfile.TemporaryDirectory(prefix="warmth-review-") as tmp:
        for path in gitutil.changed_files(root, base_ref):
            if submission_unit(path) is None:
                review.other_files.append(path)
                continue
            review.files.append(_file_review(repo, root, base, path, now, Path(tmp), campaign_data))
    if all_findings:
        report, _ = validate(Repository(root))
        review.all_findings = report.sorted()
    return review


def _campaign_data(root: Path, cid: str, cache: dict[str, CampaignData | None]) -> CampaignData | None:
    if cid not in cache:
        try:
            cache[cid] = load(Repository(root), cid, require_valid=False)
        except Exception:  # invalid registry or campaign: no totals, the errors are listed
            cache[cid] = None
    return cache[cid]


def _file_review(
    repo: Repository, root: Path, base: str, path: str, now: datetime, tmp: Path,
    cache: dict[str, CampaignData | None],
) -> FileReview:
    cid = Path(path).parent.name
    uid = Path(path).stem
    full = root / path
    base_text = gitutil.show(root, base, path)
    regular = tree.is_regular(full, repo.root)  # a link is never followed, a FIFO never opened
    status = NEW if base_text is None else (CHANGED if os.path.lexists(full) else DELETED)
    fr = FileReview(path, status, cid, uid, accepted_edit=base_text is not None)
    reg = repo.registry
    campaign = repo.campaign(cid)
    if reg is not None:
        unit = reg.get(uid)
        if unit is not None:
            fr.unit_name = unit.name
            fr.unit_level = LEVEL_ZH.get(unit.level, unit.level)
            # the region the campaign's summary sums it in (a city's campaign: its district)
            fr.region_id = reg.region(uid, campaign.issuer if campaign else None)
            region = reg.get(fr.region_id)
            fr.region_name = region.name if region else fr.region_id
    if campaign is None:
        fr.problem = f"活动 {cid} 不存在或其 campaign.yaml 有错误"
        return fr
    fr.campaign_title = campaign.title
    fr.deadline = campaign.deadline

    sub: Submission | None = None
    if os.path.lexists(full) and not regular:
        fr.problem = "这不是普通文件（符号链接或特殊文件），不会被读取，见检查结果"
    if regular:
        sub = check_submission(repo, full, fr.outcomes)
        findings = bounded(repo.col(full).findings)
        fr.errors = [f for f in findings if f.severity == ERROR]
        notes = sub.explanations if sub is not None else {}
        for f in findings:
            if f.severity == WARNING:
                note = notes.get(f.rule, "")
                msg = f.message.replace(f"；填报单位说明：{note}", "") if note else f.message
                fr.warnings.append(Warning_(Finding(f.file, f.line, f.column, f.severity, f.rule, msg, f.hint), note))
        if sub is None:
            fr.problem = "文件无法读取，见下面的错误"
    base_sub = _values_of(repo, base_text, cid, uid, tmp) if base_text is not None else None
    if sub is not None:
        fr.report = sub.report.strip()
    if sub is not None and base_sub is not None:
        fr.report_changed = sub.report.strip() != _report_text(base_text)
    elif sub is not None:
        fr.report_changed = bool(sub.report.strip())

    forms = [repo.forms[f] for f in campaign.forms if f in repo.forms]
    for form in forms:
        cur = sub.forms.get(form.id, {}) if sub is not None else {}
        old = base_sub.forms.get(form.id, {}) if base_sub is not None else {}
        rows = []
        for item in form.items:
            v, b = cur.get(item.code), old.get(item.code)
            changed = status != NEW and v != b
            if v is None and b is None:
                continue
            rows.append(ValueRow(item.code, label_with_measure(item), item.unit, v, b, changed))
        fr.forms.append(FormView(form.id, form.title, rows))

    _timeliness(fr, root, base, campaign, base_text is not None, now)
    _jumps(fr, repo, campaign, sub, forms)
    data = _campaign_data(root, cid, cache)
    if data is not None:
        _totals(fr, data, forms, sub, base_sub)
    return fr


def _values_of(repo: Repository, text: str, cid: str, uid: str, tmp: Path) -> Submission | None:
    """Values of a report's base version (written to a scratch copy to reuse the reader)."""
    path = tmp / cid / f"{uid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return check_submission_values_only(repo, path)


def _report_text(text: str | None) -> str:
    if text is None:
        return ""
    import yaml

    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return ""
    r = value.get("report") if isinstance(value, dict) else None
    return r.strip() if isinstance(r, str) else ""


def _timeliness(fr: FileReview, root: Path, base: str, campaign: Campaign, existed: bool, now: datetime) -> None:
    deadline = campaign.deadline_end()
    fr.edited_after_deadline = now >= deadline
    if not existed:
        fr.arrival, fr.arrival_source = now, "本次"
    elif fr.unit_id in campaign.received:
        fr.arrival, fr.arrival_source = parse_time(campaign.received[fr.unit_id]), "登记"
    else:
        first = git_first_added(root, f"{SUBMISSIONS.as_posix()}/{campaign.id}", base)
        t = first.get(fr.unit_id)
        fr.arrival, fr.arrival_source = (t, "git") if t is not None else (None, "")
    fr.late = fr.arrival is not None and fr.arrival >= deadline


def _jumps(fr: FileReview, repo: Repository, campaign: Campaign, sub: Submission | None, forms: list[Form]) -> None:
    prev_id = campaign.previous
    fr.previous_campaign = prev_id
    jm = campaign.params.get("jump_max", 3)
    fr.jump_max = jm
    if prev_id is None or sub is None:
        return
    prev_campaign = repo.campaign(prev_id)
    path = repo.submission_path(prev_id, fr.unit_id)
    if prev_campaign is None or not tree.is_regular(path, repo.root):
        return
    prev = check_submission_values_only(repo, path)
    if prev is None:
        return
    by_family: dict[str, dict[str, Value]] = {}
    for fid, vals in prev.forms.items():
        pf = repo.forms.get(fid)
        if pf is not None:
            by_family.setdefault(pf.family, {}).update(vals)
    for form in forms:
        old = by_family.get(form.family, {})
        cur = sub.forms.get(form.id, {})
        for item in form.items:
            if item.kind == "yesno":
                continue
            p, c = old.get(item.code), cur.get(item.code)
            if not isinstance(p, int | Decimal) or not isinstance(c, int | Decimal):
                continue
            if p > 0 and (c > p * jm or c * jm < p):
                fr.jumps.append(Jump(form.id, item.code, label_with_measure(item), item.unit, p, c))


def _totals(fr: FileReview, data: CampaignData, forms: list[Form], sub: Submission | None, base_sub: Submission | None) -> None:
    others = {u: s for u, s in data.submissions.items() if u != fr.unit_id}
    region_ids = set(data.region_units(fr.region_id)) if fr.region_id else set()
    for form in forms:
        cur = sub.forms.get(form.id) if sub is not None else None
        old = base_sub.forms.get(form.id) if base_sub is not None else None
        region_rows = [s.forms.get(form.id, {}) for u, s in others.items() if u in region_ids]
        all_rows = [s.forms.get(form.id, {}) for s in others.values()]
        rows: list[TotalRow] = []
        for item in form.items:
            if (cur or {}).get(item.code) == (old or {}).get(item.code):
                continue

            rows.append(TotalRow(
                item.code, label_with_measure(item), item.unit,
                _sum(region_rows, old, item), _sum(region_rows, cur, item),
                _sum(all_rows, old, item), _sum(all_rows, cur, item),
            ))
        fr.totals[form.id] = rows


def _sum(rows: list[dict[str, Value]], mine: dict[str, Value] | None, item: Item) -> Number:
    """An item's total over other units' reports plus this one's version (None: not there)."""
    vals = [r[item.code] for r in rows if item.code in r]
    if mine is not None and item.code in mine:
        vals.append(mine[item.code])
    return add(vals, item)
