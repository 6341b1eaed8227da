"""Campaigns: what a notice asks for (forms, units, deadline, funds, standards, groups)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

CHINA_TZ = timezone(timedelta(hours=8))


@dataclass(slots=True)
class Campaign:
    id: str
    title: str
    issuer: str
    doc_number: str
    issued: str
    deadline: str
    forms: list[str]
    reporting_units: list[str]
    raw: dict[str, Any] = field(default_factory=dict)
    asked: frozenset[str] = field(default_factory=frozenset, init=False)

    def __post_init__(self) -> None:
        # membership is tested once per report: a set keeps a national check linear
        self.asked = frozenset(self.reporting_units)

    @property
    def params(self) -> dict[str, Decimal | int]:
        return dict(self.raw.get("params", {}))

    @property
    def funds(self) -> dict[str, Decimal | int]:
        return dict(self.raw.get("funds", {}))

    @property
    def standards(self) -> list[Standard]:
        """The notice's standards that name the form items they apply to (people and money)."""
        out: list[Standard] = []
        for n, raw in enumerate(self.raw.get("standards") or []):
            if isinstance(raw, dict) and raw.get("people") and raw.get("money"):
                out.append(Standard(n, str(raw.get("target", "")), str(raw.get("amount", "")), raw["people"], raw["money"],
                                    _money(raw.get("min")), _money(raw.get("max")), str(raw.get("per") or "人次")))
        return out

    @property
    def previous(self) -> str | None:
        return self.raw.get("previous")

    @property
    def received(self) -> dict[str, str]:
        return dict(self.raw.get("received", {}))

    @property
    def upstream(self) -> dict[str, Any] | None:
        return self.raw.get("upstream")

    @property
    def phases(self) -> list[dict[str, Any]]:
        return list(self.raw.get("phases", []))

    @property
    def groups(self) -> list[dict[str, Any]]:
        return list(self.raw.get("groups", []))

    @property
    def funds_compare(self) -> bool:
        return self.raw.get("funds_compare") is True

    def deliverables(self) -> list[tuple[str, str, dict[str, Any] | None]]:
        """(deliverable, due date, phase) in the order they are due: the phases' when the
        notice has them, else the forms and the narrative report, both due on the deadline."""
        out: list[tuple[str, str, dict[str, Any] | None]] = [
            (d, str(p["due"]), p) for p in self.phases for d in p["deliverables"]]
        return out or [("forms", self.deadline, None), ("report", self.deadline, None)]

    @property
    def asks_plan(self) -> bool:
        return any("plan" in p["deliverables"] for p in self.phases)

    @property
    def fictional(self) -> bool:
        return bool(self.raw.get("fictional"))

    def deadline_end(self) -> datetime:
        """The last moment a report counts as on time: the end of the deadline day, Beijing time."""
        day = datetime.strptime(self.deadline, "%Y-%m-%d").replace(tzinfo=CHINA_TZ)
        return day + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Standard:
    """A visiting standard of the notice set against the report: money per person-visit of one
    group (``money`` ÷ ``people``, in 万元) between ``low`` and ``high``; ``amount`` keeps the
    notice's own words, which a warning cites."""

    index: int  # its place in the campaign's list of standards
    target: str
    amount: str
    people: str
    money: str
    low: Decimal | None
    high: Decimal | None
    per: str = "人次"


def _money(v: Any) -> Decimal | None:
    if v is None or isinstance(v, bool):
        return None
    return Decimal(str(v))


def from_value(value: dict[str, Any]) -> Campaign:
    return Campaign(
        value["id"], value["title"], value["issuer"], value["doc_number"], value["issued"],
        value["deadline"], list(value["forms"]), list(value["reporting_units"]), value,
    )


def parse_time(text: str) -> datetime:
    """A receipt time from campaign.yaml or git: dates alone mean noon, Beijing time."""
    t = text.strip().replace(" ", "T")
    if len(t) == 10:
        t += "T12:00"
    dt = datetime.fromisoformat(t.replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=CHINA_TZ)
