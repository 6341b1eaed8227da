"""A warmth repository on disk: where things live, loaded once and cached per run."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any

from . import campaigns, datafile, forms, notice, registry, tree
from . import rules as R
from .campaigns import Campaign
from .findings import Collector, Report
from .forms import Form
from .registry import Registry
from .yamlsafe import MappingNode, Node, ScalarNode, SequenceNode

UNITS = Path("submissions/units.yaml")
FORMS = Path("schemas/forms")
GENERATED = Path("schemas/generated")
SUBMISSIONS = Path("submissions")
CAMPAIGN_FILE = "campaign.yaml"


class NotARepository(Exception):
    """The path is not inside a warmth repository."""


def find_root(start: Path) -> Path:
    """The nearest folder at or above start holding submissions/units.yaml."""
    start = start.resolve()
    for p in [start, *start.parents]:
        if os.path.lexists(p / UNITS):  # a link or a FIFO there is refused by the registry's loader
            return p
    raise NotARepository(str(start))


class Repository:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.collectors: dict[str, Collector] = {}
        self._campaigns: dict[str, Campaign | None] = {}

    # -- places ---------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def col(self, path: Path | str) -> Collector:
        key = path if isinstance(path, str) else self.rel(path)
        c = self.collectors.get(key)
        if c is None:
            c = self.collectors[key] = Collector(key)
        return c

    def schema(self, name: str) -> Path:
        return self.root / "schemas" / name

    def campaign_dir(self, cid: str) -> Path:
        return self.root / SUBMISSIONS / cid

    def submission_path(self, cid: str, unit: str) -> Path:
        return self.campaign_dir(cid) / f"{unit}.yaml"

    # -- the registry ---------------------------------------------------------------------
    @cached_property
    def registry(self) -> Registry | None:
        path = self.root / UNITS
        col = self.col(path)
        if not tree.is_regular(path, self.root):  # a link is never followed, a FIFO never opened
            kind = tree.kind_of_path(path)
            if kind is not None:
                if kind == tree.FILE:  # the folder is the link: named (once, as the walk names it), not units.yaml
                    tree.report_not_regular(self.col(SUBMISSIONS), self.root / SUBMISSIONS,
                                            tree.kind_of_path(self.root / SUBMISSIONS) or "other")
                else:
                    tree.report_not_regular(col, path, kind)
            return None
        loaded = datafile.load(path, self.schema("units.schema.json"), col,
                               lambda value, node: value.__setitem__("_lines", _unit_lines(node)))
        if loaded.value is None:
            return None
        return registry.from_value(loaded.value, loaded.value["_lines"], col)

    # -- forms ----------------------------------------------------------------------------
    @cached_property
    def form_files(self) -> dict[str, Path]:
        return {p.stem: p for p in sorted((self.root / FORMS).glob("*.yaml"))}

    @cached_property
    def forms(self) -> dict[str, Form]:
        raw: dict[str, dict[str, Any]] = {}
        for fid, path in self.form_files.items():
            col = self.col(path)
            loaded = datafile.load(path, self.schema("form.schema.json"), col,
                                   lambda value, node: _mark_lines(value, node, fid))  # noqa: B023 - called within load
            if loaded.value is None:
                continue
            if loaded.value["id"] != fid:
                col.report(R.FORM_ID, 1, 1, id=loaded.value['id'], fid=fid)
                continue
            raw[fid] = loaded.value
        out: dict[str, Form] = {}
        for fid in raw:
            form = forms.build(raw, fid, lambda i: self.col(self.form_files[i]))
            if form is not None and not self.col(self.form_files[fid]).has_errors:
                form.path = self.form_files[fid]
                out[fid] = form
        return out

    # -- campaigns ------------------------------------------------------------------------
    @cached_property
    def layout(self) -> tree.Layout:
        """submissions/ walked once: campaign folders, reports, and findings for the rest."""
        return tree.scan(self)

    @property
    def campaign_ids(self) -> list[str]:
        return self.layout.campaigns

    def campaign(self, cid: str) -> Campaign | None:
        if cid not in self._campaigns:
            self._campaigns[cid] = self._load_campaign(cid)
        return self._campaigns[cid]

    def _load_campaign(self, cid: str) -> Campaign | None:
        path = self.campaign_dir(cid) / CAMPAIGN_FILE
        if not tree.is_regular(path, self.root):  # the walk names a link or a FIFO there
            return None
        col = self.col(path)
        loaded = datafile.load(path, self.schema("campaign.schema.json"), col)
        if loaded.value is None:
            return None
        c = campaigns.from_value(loaded.value)
        node = loaded  # its node tree is read only when a finding needs a line
        if c.id != cid:
            line = _line_of_key(node, "id")
            col.report(R.CAMPAIGN_ID, line, 1, id=c.id, cid=cid)
        for fid in c.forms:
            if fid not in self.forms:
                col.report(R.CAMPAIGN_FORM, _line_of_value(node, "forms", fid), 1, fid=fid, known='、'.join(sorted(self.forms)))
        reg = self.registry
        if reg is not None:
            if c.issuer not in reg.units:
                col.report(R.CAMPAIGN_UNIT, _line_of_key(node, "issuer"), 1, wording=R.CAMPAIGN_ISSUER, uid=c.issuer)
            for uid in c.reporting_units:
                if uid not in reg.units:
                    col.report(R.CAMPAIGN_UNIT, _line_of_value(node, "reporting_units", uid), 1, uid=uid)
            for uid in c.funds:
                if uid not in c.asked:
                    col.report(R.CAMPAIGN_FUNDS, _line_of_key(node, "funds", uid), 1, uid=uid)
            for uid in c.received:
                if uid not in c.asked:
                    col.report(R.CAMPAIGN_UNIT, _line_of_key(node, "received", uid), 1, wording=R.CAMPAIGN_RECEIVED, uid=uid)
        if c.previous is not None and not tree.is_regular(self.campaign_dir(c.previous) / CAMPAIGN_FILE, self.root):
            col.report(R.CAMPAIGN_PREVIOUS, _line_of_key(node, "previous"), 1, previous=c.previous)
        for std in c.standards:
            if not any(std.people in f.by_code and std.money in f.by_code for f in (self.forms.get(x) for x in c.forms) if f):
                bad = next((code for code in (std.people, std.money)
                            if not any(code in f.by_code for f in (self.forms.get(x) for x in c.forms) if f)), std.money)
                col.report(R.STANDARD_ITEM, _line_of_item(node, "standards", std.index), 1, target=std.target,
                           key="people" if bad == std.people else "money", code=bad, people=std.people, money=std.money)
        needed = set().union(*(self.forms[f].params() for f in c.forms if f in self.forms))
        for name in sorted(needed - set(c.params)):
            col.report(R.CAMPAIGN_PARAM, _line_of_key(node, "params") if "params" in c.raw else 1, 1, name=name)
        notice.check_campaign(self, c, node, col)  # upstream, phases, visits, focus items, fund comparison
        return c

    # -- submissions ----------------------------------------------------------------------
    def submission_files(self, cid: str) -> list[Path]:
        """The reports in a campaign folder: regular files named <unit>.yaml (the walk refuses the rest)."""
        return self.layout.reports.get(cid, [])

    def report(self, checked: list[str]) -> Report:
        rep = Report(files=sorted(set(checked)))
        for c in self.collectors.values():
            rep.extend_bounded(c.findings)
        return rep


def _unit_lines(node: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    if not isinstance(node, MappingNode):
        return out
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == "units" and isinstance(v, SequenceNode):
            for item in v.value:
                if isinstance(item, MappingNode):
                    for kk, vv in item.value:
                        if isinstance(kk, ScalarNode) and kk.value == "id" and isinstance(vv, ScalarNode):
                            out.setdefault(vv.value, vv.start_mark.line + 1)
    return out


def _child(node: object, key: str) -> tuple[Node | None, Node | None]:
    if isinstance(node, datafile.Loaded):
        node = node.node
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return k, v
    return None, None


def _line_of_key(node: Any, key: str, sub: str | None = None) -> int:
    k, v = _child(node, key)
    if sub is not None:
        kk, _ = _child(v, sub)
        if kk is not None:
            return kk.start_mark.line + 1
    return k.start_mark.line + 1 if k is not None else 1


def _line_of_item(node: Any, key: str, index: int) -> int:
    """The line of the index-th entry of a list under key (or of the key)."""
    k, v = _child(node, key)
    if isinstance(v, SequenceNode) and 0 <= index < len(v.value):
        return int(v.value[index].start_mark.line) + 1
    return k.start_mark.line + 1 if k is not None else 1


def _line_of_value(node: Any, key: str, value: str) -> int:
    k, v = _child(node, key)
    if isinstance(v, SequenceNode):
        for x in v.value:
            if isinstance(x, ScalarNode) and x.value == value:
                return x.start_mark.line + 1
    return k.start_mark.line + 1 if k is not None else 1


def _mark_lines(value: dict[str, Any], node: Any, fid: str) -> None:
    """Note on each item and rule of a form where it is written, for findings about it."""
    for key in ("items", "rules"):
        _, seq = _child(node, key)
        if isinstance(seq, SequenceNode):
            for entry, n in zip(value.get(key, []), seq.value, strict=False):
                entry["_line"] = n.start_mark.line + 1
                entry["_src"] = fid
