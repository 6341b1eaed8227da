"""The unit registry: every union that reports or reviews, with its place in the hierarchy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import rules as R
from .findings import Collector

LEVEL_ZH = {
    "province": "省级工会", "city": "市级工会", "county": "县（市、区）级工会",
    "industry": "产业工会", "direct": "直属单位工会",
}


@dataclass(slots=True)
class Unit:
    id: str
    name: str
    level: str
    parent: str | None = None
    short: str = ""
    reviewers: list[str] = field(default_factory=list)
    submitters: list[str] = field(default_factory=list)

    @property
    def display(self) -> str:
        return self.short or self.name


@dataclass(slots=True)
class Registry:
    issuer: str
    admins: list[str]
    units: dict[str, Unit]
    fictional: bool = False
    public: bool = True  # the repository's visibility on GitHub: every committed field is public
    children: dict[str, list[str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for u in self.units.values():
            if u.parent:
                self.children.setdefault(u.parent, []).append(u.id)

    def get(self, unit_id: str) -> Unit | None:
        return self.units.get(unit_id)

    def ancestors(self, unit_id: str) -> list[str]:
        """Parents from the nearest up, without cycles."""
        out: list[str] = []
        cur = self.units.get(unit_id)
        while cur is not None and cur.parent and cur.parent not in out and cur.parent != unit_id:
            out.append(cur.parent)
            cur = self.units.get(cur.parent)
        return out

    def region(self, unit_id: str, top: str | None = None) -> str:
        """The city or industry system a unit rolls up into: its ancestor just below the issuer
        (``top``: the union that issued the campaign, when a city passes a notice on)."""
        chain = [unit_id, *self.ancestors(unit_id)]
        top = top or self.issuer
        if top in chain:
            idx = chain.index(top)
            return chain[idx - 1] if idx > 0 else unit_id
        return chain[-1]

    def reviewers_of(self, unit_id: str) -> list[str]:
        """Who approves a unit's report: its own reviewers, else the nearest ancestor's, else admins."""
        for uid in [unit_id, *self.ancestors(unit_id)]:
            u = self.units.get(uid)
            if u is not None and u.reviewers:
                return list(u.reviewers)
        return list(self.admins)


def from_value(value: dict[str, Any], node_lines: dict[str, int], col: Collector) -> Registry:
    """Build the registry and report broken references (unknown parent, cycles, duplicates)."""
    units: dict[str, Unit] = {}
    for raw in value["units"]:
        uid = raw["id"]
        line = node_lines.get(uid, 1)
        if uid in units:
            col.report(R.UNIT_DUPLICATE, line, 1, uid=uid)
            continue
        units[uid] = Unit(
            uid, raw["name"], raw["level"], raw.get("parent"), raw.get("short", ""),
            list(raw.get("reviewers", [])), list(raw.get("submitters", [])),
        )
    reg = Registry(value["issuer"], list(value["admins"]), units, bool(value.get("fictional")),
                   value.get("visibility", "public") != "private")
    if reg.issuer not in units:
        col.report(R.UNIT_ISSUER, 1, 1, uid=reg.issuer)
    for u in units.values():
        line = node_lines.get(u.id, 1)
        if u.parent is not None and u.parent not in units:
            col.report(R.UNIT_PARENT, line, 1, uid=u.id, parent=u.parent)
        elif u.parent is None and u.id != reg.issuer:
            col.report(R.UNIT_PARENT, line, 1, wording=R.UNIT_NO_PARENT, uid=u.id, issuer=reg.issuer)
        seen = {u.id}
        cur = u
        while cur.parent and cur.parent in units:
            if cur.parent in seen:
                col.report(R.UNIT_CYCLE, line, 1, uid=u.id)
                break
            seen.add(cur.parent)
            cur = units[cur.parent]
    return reg
