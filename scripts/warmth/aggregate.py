"""Roll-up along the union hierarchy: every accepted report counted once, missing never zero.

Each report covers its unit's own work, so a city's figure is the sum of the reports of the
units in its region (the city union's own and its districts'), and the campaign's figure the
sum of all reports. Yes/no items roll up as the number of units answering 是.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .campaigns import Campaign
from .findings import Finding, Report
from .forms import Form, Item
from .formshape import union_funds_item
from .registry import Registry, Unit
from .repo import Repository
from .submission import Submission
from .timeliness import Arrival, arrivals
from .validate import validate

Value = int | Decimal | str
YES = "是"


class InvalidData(Exception):
    """The data has errors; nothing may be aggregated or published from it."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} errors")
        self.report = report


def add(values: Iterable[Value], item: Item) -> int | Decimal:
    if item.kind == "yesno":
        return sum(1 for v in values if v == YES)
    total: int | Decimal = Decimal(0) if item.kind == "money" else 0
    for v in values:
        total += v  # type: ignore[operator]
    return total


@dataclass(slots=True)
class CampaignData:
    """Everything the workbook, the pages and the review need about one campaign."""

    repo: Repository
    campaign: Campaign
    registry: Registry
    forms: list[Form]
    submissions: dict[str, Submission]
    arrivals: dict[str, Arrival]
    warnings: list[Finding] = field(default_factory=list)
    # reporting unit ids by region, in registry order: made once (pages ask for every region,
    # and finding a unit's region walks up the registry)
    _members: dict[str, list[str]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def units(self) -> list[Unit]:
        """Reporting units in registry order."""
        asked = set(self.campaign.reporting_units)
        return [u for u in self.registry.units.values() if u.id in asked]

    def _by_region(self) -> dict[str, list[str]]:
        if self._members is None:
            members: dict[str, list[str]] = {}
            for u in self.units:
                members.setdefault(self.registry.region(u.id, self.campaign.issuer), []).append(u.id)
            self._members = members
        return self._members

    @property
    def regions(self) -> list[Unit]:
        """Cities and industry systems (units just below the campaign's issuer) that have reporting units."""
        seen = self._by_region()
        return [u for u in self.registry.units.values() if u.id in seen]

    def region_of(self, unit_id: str) -> str:
        return self.registry.region(unit_id, self.campaign.issuer)

    def values(self, form_id: str, unit_id: str) -> dict[str, Value] | None:
        sub = self.submissions.get(unit_id)
        return None if sub is None else sub.forms.get(form_id)

    def total(self, form: Form, unit_ids: Iterable[str] | None = None) -> dict[str, int | Decimal]:
        """Sums over the reports of unit_ids (all reports when None); missing units add nothing."""
        ids = list(self.submissions) if unit_ids is None else [u for u in unit_ids if u in self.submissions]
        rows = [self.submissions[u].forms.get(form.id, {}) for u in ids]
        return {i.code: add((r[i.code] for r in rows if i.code in r), i) for i in form.items}

    def region_units(self, region_id: str) -> list[str]:
        return list(self._by_region().get(region_id, []))

    def region_totals(self, form: Form) -> dict[str, dict[str, int | Decimal]]:
        return {r.id: self.total(form, self.region_units(r.id)) for r in self.regions}

    def reported(self, region_id: str | None = None) -> tuple[int, int]:
        """(reports received, units asked) overall or in a region."""
        ids = self.region_units(region_id) if region_id else [u.id for u in self.units]
        return sum(1 for u in ids if u in self.submissions), len(ids)

    def funds_used(self) -> dict[str, tuple[int | Decimal, int | Decimal | None]]:
        """Per region: (allocated funds, union funds reported under the first item the forms
        mark ``union_funds``), so an allocation can be set against what was reported."""
        out: dict[str, tuple[int | Decimal, int | Decimal | None]] = {}
        union_item = union_funds_item(self.forms)
        for uid, amount in self.campaign.funds.items():
            used = None
            if union_item is not None:
                region = self.region_units(uid) if uid in {r.id for r in self.regions} else [uid]
                used = self.total(union_item[0], region)[union_item[1].code]
            out[uid] = (amount, used)
        return out


def load(repo: Repository, campaign_id: str, ref: str = "HEAD", require_valid: bool = True) -> CampaignData:
    """Validate the campaign's files and gather its accepted reports."""
    folder = repo.campaign_dir(campaign_id)
    report, subs = validate(repo, [folder] if folder.is_dir() else [])
    return gather(repo, campaign_id, report, subs, ref, require_valid)


def gather(repo: Repository, campaign_id: str, report: Report, subs: list[Submission], ref: str = "HEAD",
           require_valid: bool = True) -> CampaignData:
    """A campaign's accepted reports, from a validation already run over (at least) its folder."""
    campaign = repo.campaign(campaign_id)
    if campaign is None or repo.registry is None:
        raise InvalidData(report)
    if require_valid and report.errors:
        raise InvalidData(report)
    bad = {f.file for f in report.errors}
    accepted = {
        s.unit: s for s in subs
        if s.campaign == campaign_id and repo.rel(s.path) not in bad and s.unit in campaign.asked
    }
    arr = {a.unit: a for a in arrivals(repo, campaign, ref)}
    forms = [repo.forms[f] for f in campaign.forms]
    inside = repo.rel(repo.campaign_dir(campaign_id)) + "/"
    warnings = [f for f in report.warnings if f.file.startswith(inside)]
    return CampaignData(repo, campaign, repo.registry, forms, accepted, arr, warnings)
