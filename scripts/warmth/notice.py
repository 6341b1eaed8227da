"""A notice's own way of running the campaign, checked: the upstream notice it passes on, its
phases and their deliverables, what each visiting group does where, the items of the groups it
stresses, and the fund allocation set against what each unit reports.

``check_campaign`` runs on campaign.yaml (called by repo.py once the schema passed);
``check_report`` on each report (called by submission.py once its values are read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import rules as R
from .campaigns import CHINA_TZ, Campaign
from .findings import Collector
from .formshape import union_funds_item
from .yamlsafe import MappingNode, Node, ScalarNode, SequenceNode, entries, load_strict

if TYPE_CHECKING:
    from .repo import Repository
    from .submission import Submission
    from .timeliness import Arrival
    from .yamlsafe import Entry

MISSING = "未报"  # timeliness.MISSING (not imported: timeliness imports repo, which imports this)
REPORT_PLACEHOLDER = "（在此填写本单位送温暖工作报告"  # the start of newfile.REPORT_PLACEHOLDER

PLAN, REPORT, FORMS = "plan", "report", "forms"
DELIVERABLE_ZH = {PLAN: "工作方案", REPORT: "文字报告", FORMS: "统计表"}
PLAN_PLACEHOLDER = "（在此填写本单位工作方案的要点：分工、慰问对象、标准和时间安排。）"


def line_at(node: Any, *path: str | int) -> int:
    """The line of the deepest node along path (keys of mappings, indexes of sequences) that
    exists: a finding points at the value it is about, or at the nearest thing written."""
    cur = getattr(node, "node", node)
    line = 1
    for step in path:
        nxt: Node | None = None
        if isinstance(cur, MappingNode) and isinstance(step, str):
            for k, v in cur.value:
                if isinstance(k, ScalarNode) and k.value == step:
                    line = k.start_mark.line + 1
                    nxt = v
                    break
        elif isinstance(cur, SequenceNode) and isinstance(step, int) and 0 <= step < len(cur.value):
            nxt = cur.value[step]
            line = nxt.start_mark.line + 1
        if nxt is None:
            return line
        cur = nxt
    if isinstance(cur, ScalarNode):
        return cur.start_mark.line + 1
    return line


def check_campaign(repo: Repository, c: Campaign, node: Any, col: Collector) -> None:
    _upstream(repo, c, node, col)
    _phases(c, node, col)
    _visits(c, node, col)
    _focus(repo, c, node, col)
    _funds_compare(repo, c, node, col)


def _upstream(repo: Repository, c: Campaign, node: Any, col: Collector) -> None:
    up = c.upstream
    if not up:
        return
    if c.deadline >= str(up["deadline"]):
        col.report(R.CAMPAIGN_UPSTREAM, line_at(node, "deadline"), 1,
                   deadline=c.deadline, doc=up["doc_number"], upstream=up["deadline"])
    other_id = up.get("campaign")
    if other_id is None:
        return
    guard: set[str] = repo.__dict__.setdefault("_upstream_guard", set())
    if other_id == c.id or other_id in guard:
        other = None
    else:
        guard.add(c.id)
        try:
            exists = (repo.campaign_dir(other_id) / "campaign.yaml").is_file() and other_id in repo.campaign_ids
            other = repo.campaign(other_id) if exists else None
        finally:
            guard.discard(c.id)
    if other is None:
        col.report(R.CAMPAIGN_UPSTREAM, line_at(node, "upstream", "campaign"), 1,
                   wording=R.CAMPAIGN_UPSTREAM_UNKNOWN, campaign=other_id)
        return
    for key, what in (("doc_number", "文号"), ("deadline", "截止日期")):
        theirs = getattr(other, key)
        if str(up[key]) != theirs:
            col.report(R.CAMPAIGN_UPSTREAM_MISMATCH, line_at(node, "upstream", key), 1, what=what, mine=up[key], campaign=other_id, theirs=theirs)


def _phases(c: Campaign, node: Any, col: Collector) -> None:
    before: str | None = None
    first: dict[str, str] = {}
    for n, p in enumerate(c.phases):
        due, name = str(p["due"]), p["name"]
        line = line_at(node, "phases", n, "due")
        if due < c.issued:
            col.report(R.CAMPAIGN_PHASE, line, 1, wording=R.CAMPAIGN_PHASE_ISSUED, name=name, due=due, issued=c.issued)
        elif before is not None and due < before:
            col.report(R.CAMPAIGN_PHASE, line, 1, name=name, due=due, before=before)
        before = due
        if FORMS in p["deliverables"] and due != c.deadline:
            col.report(R.CAMPAIGN_PHASE, line, 1, wording=R.CAMPAIGN_PHASE_FORMS, name=name, due=due, deadline=c.deadline)
        for d in p["deliverables"]:
            if d in first:
                col.report(R.CAMPAIGN_PHASE, line_at(node, "phases", n, "deliverables"), 1, wording=R.CAMPAIGN_PHASE_TWICE,
                           what=DELIVERABLE_ZH.get(d, d), first=first[d], name=name)
            else:
                first[d] = name


def _visits(c: Campaign, node: Any, col: Collector) -> None:
    for g_n, g in enumerate(c.groups):
        places = set(g.get("destinations", []))
        for v_n, v in enumerate(g.get("visits", [])):
            where = ("groups", g_n, "visits", v_n)
            fields = {"group": g["name"], "place": v["place"]}
            if v["place"] not in places:
                col.report(R.CAMPAIGN_VISIT, line_at(node, *where, "place"), 1, **fields)
            uid = v.get("unit")
            if uid is not None and uid not in c.asked:
                col.report(R.CAMPAIGN_VISIT, line_at(node, *where, "unit"), 1, wording=R.CAMPAIGN_VISIT_UNIT, uid=uid, **fields)
            visited = v.get("visited")
            if visited is not None and str(visited) < c.issued:
                col.report(R.CAMPAIGN_VISIT, line_at(node, *where, "visited"), 1, wording=R.CAMPAIGN_VISIT_DATE,
                           visited=visited, issued=c.issued, **fields)


def _focus(repo: Repository, c: Campaign, node: Any, col: Collector) -> None:
    focus = c.raw.get("focus") or []
    forms = [repo.forms[f] for f in c.forms if f in repo.forms]
    if len(forms) < len(c.forms):
        return  # a missing form is reported on its own
    codes = {i.code for f in forms for i in f.items}
    for n, entry in enumerate(focus):
        for k, code in enumerate(entry["items"]):
            if code not in codes:
                col.report(R.CAMPAIGN_FOCUS, line_at(node, "focus", n, "items", k), 1,
                           target=entry["target"], code=code, known="、".join(sorted(codes)))


def _funds_compare(repo: Repository, c: Campaign, node: Any, col: Collector) -> None:
    if not c.funds_compare:
        return
    line = line_at(node, "funds_compare")
    if not c.funds:
        col.report(R.CAMPAIGN_FUNDS_COMPARE, line, 1, why="没有资金分配表（funds）", hint="写上 funds，或删去 funds_compare")
    elif all(f in repo.forms for f in c.forms) and union_funds_item([repo.forms[f] for f in c.forms]) is None:
        col.report(R.CAMPAIGN_FUNDS_COMPARE, line, 1, why="本次活动的表式中没有标为工会经费（union_funds）的项目",
                   hint="在表式中为工会经费项目写 union_funds: true，或删去 funds_compare")


def explainable(c: Campaign) -> list[str]:
    """Ids of the warnings from the campaign's own data (not its forms' rules) that a report may
    explain: the standards, the fund comparison. The report schema and the check of
    explanations both take them from here."""
    return ([R.STANDARD.id] if c.standards else []) + ([R.FUNDS_ALLOCATION.id] if c.funds_compare else [])


def units_below(repo: Repository, c: Campaign, uid: str) -> list[str]:
    reg = repo.registry
    if reg is None:
        return []
    return [u for u in c.reporting_units if uid in reg.ancestors(u)]


def check_report(repo: Repository, c: Campaign, sub: Submission, top: dict[str, Entry], col: Collector) -> None:
    plan = top.get("plan")
    if c.asks_plan and plan is None:
        col.report(R.PLAN_MISSING, 1, 1)
    if plan is not None and isinstance(plan.value, MappingNode):
        for k, v in plan.value.value:
            if isinstance(k, ScalarNode) and isinstance(v, ScalarNode):
                sub.plan[k.value] = v.value
        if sub.plan.get("text", "").strip().startswith(PLAN_PLACEHOLDER[:6]):
            col.report(R.PLAN_MISSING, line_at(plan.value, "text"), 1, wording=R.PLAN_PLACEHOLDER)
        day = sub.plan.get("date", "")
        if day and sub.date and day > sub.date:
            col.report(R.PLAN_DATE, line_at(plan.value, "date"), 1, plan=day, date=sub.date)
    _allocation(repo, c, sub, col)


def _allocation(repo: Repository, c: Campaign, sub: Submission, col: Collector) -> None:
    if not c.funds_compare or sub.unit not in c.funds or units_below(repo, c, sub.unit):
        return
    found = union_funds_item([repo.forms[f] for f in c.forms if f in repo.forms])
    if found is None:
        return
    form, item = found
    value = sub.forms.get(form.id, {}).get(item.code)
    allocated = c.funds[sub.unit]
    if not isinstance(value, int | Decimal) or value >= allocated:
        return
    line, column = sub.lines.get((form.id, item.code), (1, 1))
    note = sub.explanations.get(R.FUNDS_ALLOCATION.id)
    fields: dict[str, Any] = dict(allocated=allocated, reported=value, code=item.code)
    if note:  # as every explained warning reads: the unit's explanation follows the message
        message = R.FUNDS_ALLOCATION.text(R.FUNDS_ALLOCATION.message, fields)
        col.report(R.FUNDS_ALLOCATION, line, column, f"{message}；填报单位说明：{note}", "已有说明，请审核人核实")
    else:
        col.report(R.FUNDS_ALLOCATION, line, column, **fields)


# -- deliverables per unit (warmth status, the site's progress page) ---------------------------
DONE, LATE_, MISSING_ = "已交", "逾期", "未交"


@dataclass(frozen=True, slots=True)
class Delivered:
    kind: str  # plan / report / forms
    phase: str  # the phase's name ("" without phases)
    due: str
    state: str  # 已交 / 逾期 / 未交
    when: str  # the date or time it came (a plan: the date the unit gives it), "" when missing


def _plan_and_report(repo: Repository, path: Path) -> tuple[str, bool]:
    """(the plan's date, whether the narrative report is written) of a report file, read
    without checking it (validate does that); ("", False) for a file that cannot be read."""
    col = Collector(repo.rel(path))
    _, node = load_strict(path, col)
    if not isinstance(node, MappingNode):
        return "", False
    top = entries(node, col)
    day = ""
    plan = top.get("plan")
    if plan is not None and isinstance(plan.value, MappingNode):
        for k, v in plan.value.value:
            if isinstance(k, ScalarNode) and k.value == "date" and isinstance(v, ScalarNode):
                day = v.value.strip()
    rep = top.get("report")
    written = rep is not None and isinstance(rep.value, ScalarNode) and bool(rep.value.value.strip()) \
        and not rep.value.value.strip().startswith(REPORT_PLACEHOLDER[:6])
    return day, written


def deliverables(repo: Repository, c: Campaign, arrivals: list[Arrival]) -> dict[str, list[Delivered]]:
    """Per reporting unit, each deliverable of the campaign's phases with its state: the forms
    and the report come with the report file (its arrival), the work plan with the date the
    file gives it (``plan.date``), judged against its phase's due date."""
    out: dict[str, list[Delivered]] = {}
    for a in arrivals:
        path = repo.submission_path(c.id, a.unit)
        plan_day, written = _plan_and_report(repo, path) if a.status != MISSING and path.is_file() else ("", False)
        rows = []
        for kind, due, phase in c.deliverables():
            name = phase["name"] if phase else ""
            end = (datetime.strptime(due, "%Y-%m-%d") + timedelta(days=1)).replace(tzinfo=CHINA_TZ)
            if kind == PLAN:
                state = MISSING_ if not plan_day else DONE if plan_day <= due else LATE_
                rows.append(Delivered(kind, name, due, state, plan_day))
                continue
            present = a.status != MISSING and (kind == FORMS or written)
            if not present:
                rows.append(Delivered(kind, name, due, MISSING_, ""))
                continue
            late = a.time > end if a.time is not None else datetime.now(CHINA_TZ) > end
            when = a.time.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if a.time else ""
            rows.append(Delivered(kind, name, due, LATE_ if late else DONE, when))
        out[a.unit] = rows
    return out
