"""CampaignData's roll-up, computed once per build: a national campaign has thousands of
units, and asking the registry for each unit's region per region and per form adds up."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

from ..aggregate import CampaignData
from ..forms import Form
from ..registry import Unit


class Rollup:
    def __init__(self, data: CampaignData) -> None:
        self.data = data
        self._totals: dict[str, dict[str, int | Decimal]] = {}
        self._regional: dict[str, dict[str, dict[str, int | Decimal]]] = {}

    @cached_property
    def units(self) -> list[Unit]:
        return self.data.units

    @cached_property
    def regions(self) -> list[Unit]:
        return self.data.regions

    @cached_property
    def region_of(self) -> dict[str, str]:
        return {u.id: self.data.region_of(u.id) for u in self.units}

    @cached_property
    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {r.id: [] for r in self.regions}
        for u in self.units:
            out.setdefault(self.region_of[u.id], []).append(u.id)
        return out

    def region_name(self, unit_id: str) -> str:
        rid = self.region_of.get(unit_id) or self.data.region_of(unit_id)
        region = self.data.registry.get(rid)
        return region.display if region else rid

    def reported(self, region_id: str | None = None) -> tuple[int, int]:
        ids = self.members.get(region_id, []) if region_id else [u.id for u in self.units]
        return sum(1 for u in ids if u in self.data.submissions), len(ids)

    def total(self, form: Form) -> dict[str, int | Decimal]:
        if form.id not in self._totals:
            self._totals[form.id] = self.data.total(form)
        return self._totals[form.id]

    def region_totals(self, form: Form) -> dict[str, dict[str, int | Decimal]]:
        if form.id not in self._regional:
            self._regional[form.id] = {r.id: self.data.total(form, self.members.get(r.id, [])) for r in self.regions}
        return self._regional[form.id]
