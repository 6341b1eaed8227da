"""One unit's report for one campaign: loaded with positions, checked, and kept as values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import fastjsonschema

from . import notice, privacy, schemagen, structure, tree
from . import rules as R
from .campaigns import CHINA_TZ, Campaign
from .expr import Env, Missing, format_value
from .findings import WARNING, Collector
from .forms import Form
from .newfile import REPORT_PLACEHOLDER
from .registry import LEVEL_ZH
from .repo import Repository
from .values import parse_item
from .yamlsafe import Entry, MappingNode, ScalarNode, entries, load_strict

TEXT_FIELDS = ("campaign", "unit", "reporter", "phone", "date", "report")
Value = int | Decimal | str


@dataclass(slots=True)
class Submission:
    """What a report says, as values: the input of aggregation, review and pages."""

    path: Path
    campaign: str
    unit: str
    reporter: str = ""
    phone: str = ""
    date: str = ""
    report: str = ""
    forms: dict[str, dict[str, Value]] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    plan: dict[str, str] = field(default_factory=dict)  # the work plan (date, text) when the campaign asks one
    lines: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (form, code) -> (line, column)
    unreadable: dict[str, set[str]] = field(default_factory=dict)  # form -> codes whose value could not be read


@dataclass(slots=True)
class RuleOutcome:
    """A rule's result for a review: passed, failed, or not applicable."""

    form: str
    rule: str
    severity: str
    status: str  # "pass" | "fail" | "skip" (not applicable) | "unchecked" (a value it reads cannot be read)
    message: str
    detail: str = ""
    explanation: str = ""


def check_submission(repo: Repository, path: Path, outcomes: list[RuleOutcome] | None = None) -> Submission | None:
    """Check one submission file; findings go to repo.col(path). Returns its values if readable."""
    col = repo.col(path)
    text, node = load_strict(path, col)
    if text is None:
        return None
    public = repo.registry is None or repo.registry.public
    if node is None:
        # A file the parser refuses still must not publish personal data: scan its text.
        privacy.scan(text, col, _raw_contact_window(text), public)
        return None
    if not isinstance(node, MappingNode):
        col.report(R.SCHEMA, 1, 1)
        return None
    top = entries(node, col)
    cid, uid = _identity(repo, path, top, col)
    sub = Submission(path, cid or "", uid or "")
    instance: dict[str, Any] = {}
    for key, e in top.items():
        if key in TEXT_FIELDS and isinstance(e.value, ScalarNode):
            instance[key] = e.value.value
        elif key == "forms" or key == "explanations":
            continue
        else:
            from .yamlsafe import plain_value

            instance[key] = plain_value(e.value)
    campaign = repo.campaign(cid) if cid else None
    if campaign is not None and uid:
        # identity problems were reported above; keep the schema from repeating them
        instance["campaign"] = campaign.id
        if uid not in campaign.asked:
            instance["unit"] = campaign.reporting_units[0]
    skip = _text_fields(top, col)
    sub.reporter = instance.get("reporter", "") if isinstance(instance.get("reporter"), str) else ""
    sub.phone = instance.get("phone", "") if isinstance(instance.get("phone"), str) else ""
    sub.date = instance.get("date", "") if isinstance(instance.get("date"), str) else ""
    sub.report = instance.get("report", "") if isinstance(instance.get("report"), str) else ""

    forms_entry = top.get("forms")
    if forms_entry is not None:
        instance["forms"] = _forms(repo, forms_entry, sub, col)
    expl = top.get("explanations")
    if expl is not None:
        instance["explanations"] = _explanations(expl, sub, col, _explainable(repo, campaign))

    report_entry = top.get("report")
    if report_entry is not None and sub.report.strip().startswith(REPORT_PLACEHOLDER[:6]):
        col.report(R.REPORT_PLACEHOLDER, report_entry.line, report_entry.column)
    privacy.scan(text, col, _contact_window(top.get("phone")), public, node)

    if campaign is None:
        return sub
    _modeline(text, campaign.id, col)
    forms = {fid: repo.forms[fid] for fid in campaign.forms if fid in repo.forms}
    if len(forms) < len(campaign.forms):
        return sub  # the campaign names a broken form; that finding is on campaign.yaml
    validator = _validator(repo, campaign.id)
    try:
        validator(instance)
    except fastjsonschema.JsonSchemaException:
        structure.check(schemagen.submission_schema(campaign, forms), instance, node, col, skip)
    # Every check that can run, runs: a value that cannot be read leaves out only the rules that
    # read it (each says so at that value), never the sums and rules beside it.
    previous = _previous(repo, campaign.previous, sub.unit) if campaign.previous else None
    unit = repo.registry.get(sub.unit) if repo.registry is not None and sub.unit in campaign.asked else None
    for fid, form in forms.items():
        values = sub.forms.get(fid)
        if values is None:
            continue
        if unit is not None:
            check_levels(form, values, unit.level, unit.name, sub, col)
        prev = previous.get(form.family) if previous else None
        run_rules(form, values, campaign.params, prev, sub, col, outcomes)
    check_standards(campaign, forms, sub, col, outcomes)
    notice.check_report(repo, campaign, sub, top, col)  # work plan, fund allocation
    for rid in sub.explanations:
        if rid in notice.explainable(campaign) or not any(f.rule(rid) for f in forms.values()):
            continue
        if all(getattr(f.rule(rid), "severity", None) != WARNING for f in forms.values()):
            line, column = sub.lines.get(("explanations", rid), (1, 1))
            col.report(R.EXPLANATION_FOR_ERROR, line, column, rule=rid)
    return sub


def run_rules(
    form: Form, values: dict[str, Value], params: dict[str, Any], prev: dict[str, Value] | None,
    sub: Submission, col: Collector, outcomes: list[RuleOutcome] | None = None,
) -> None:
    env = Env(values, params, prev)
    unreadable = sub.unreadable.get(form.id, set())
    waiting: dict[str, list[str]] = {}  # an unreadable code -> the rules left unchecked for it
    for rule in form.rules:
        try:
            applies = rule.when is None or bool(rule.when(env))
            ok = (not applies) or bool(rule.check(env))
        except Missing:
            blocked = sorted(unreadable & (rule.check.names | (rule.when.names if rule.when else set())))
            for code in blocked:
                waiting.setdefault(code, []).append(rule.id)
            if outcomes is not None:
                detail = f"未检查：{'、'.join(blocked)} 的值无法读取" if blocked else ""
                outcomes.append(RuleOutcome(form.id, rule.id, rule.severity, "unchecked" if blocked else "skip",
                                            rule.message, detail))
            continue
        except TypeError:
            ok = False
            applies = True
        if outcomes is not None:
            outcomes.append(RuleOutcome(
                form.id, rule.id, rule.severity, "pass" if ok else ("fail" if applies else "skip"),
                rule.message, "" if ok else rule.check.explain(env), sub.explanations.get(rule.id, ""),
            ))
        if ok:
            continue
        line, column = sub.lines.get((form.id, rule.at), (1, 1))
        detail = rule.check.explain(env)
        message = f"{rule.message}（{detail}）" if detail else rule.message
        if rule.severity == WARNING:
            note = sub.explanations.get(rule.id)
            if note:
                message += f"；填报单位说明：{note}"
            col.report(R.form_rule(form, rule), line, column, message, "已有说明，请审核人核实" if note else rule.hint)
        else:
            col.report(R.form_rule(form, rule), line, column, message, rule.hint)
    for code, rule_ids in waiting.items():
        line, column = sub.lines.get((form.id, code), (1, 1))
        col.report(R.RULES_NOT_CHECKED, line, column, code=code, rules="、".join(rule_ids))


def check_standards(campaign: Campaign, forms: dict[str, Form], sub: Submission, col: Collector,
                    outcomes: list[RuleOutcome] | None = None) -> None:
    """Money per person-visit of each group the notice sets a standard for (campaign data),
    against that standard: a warning citing it, which an explanation under ``standard`` answers."""
    note = sub.explanations.get(R.STANDARD.id)
    for std in campaign.standards:
        fid = next((f for f, form in forms.items() if std.people in form.by_code and std.money in form.by_code), None)
        values = sub.forms.get(fid) if fid else None
        if values is None:
            continue
        people, money = values.get(std.people), values.get(std.money)
        if not isinstance(people, int) or isinstance(people, bool) or not isinstance(money, int | Decimal) or not people or not money:
            continue  # unreadable, or one side zero (the pair rule speaks of that)
        average = Decimal(money) / people
        how = "超过" if std.high is not None and average > std.high else (
            "低于" if std.low is not None and average < std.low else "")
        if outcomes is not None:
            outcomes.append(RuleOutcome(fid or "", R.STANDARD.id, WARNING, "fail" if how else "pass",
                                        f"“{std.target}”：{std.amount}", "", note or ""))
        if not how:
            continue
        line, column = sub.lines.get((fid or "", std.money), (1, 1))
        fields: dict[str, Any] = dict(target=std.target, per=std.per, average=_round(average), money=std.money, people=std.people,
                      money_value=format_value(money), people_value=people, how=how, amount=std.amount)
        message = R.STANDARD.text(R.STANDARD.message, fields)
        if note:
            col.report(R.STANDARD, line, column, f"{message}；填报单位说明：{note}", "已有说明，请审核人核实")
        else:
            col.report(R.STANDARD, line, column, **fields)


def _round(v: Decimal) -> str:
    """An average in 万元 to the yuan, as a reader writes it."""
    return format_value(v.quantize(Decimal("0.0001")))


def check_levels(form: Form, values: dict[str, Value], level: str, name: str, sub: Submission, col: Collector) -> None:
    """Items the form gives to some levels of union (``levels``), reported by a unit of another
    level: a provincial centre in a city's report would be counted twice in the province's total."""
    for item in form.items:
        value = values.get(item.code)
        if not item.levels or level in item.levels or not value or value == "否":
            continue  # only a figure (or a 是) counts as reporting the item
        line, column = sub.lines.get((form.id, item.code), (1, 1))
        col.report(R.ITEM_LEVEL, line, column, code=item.code, label=item.label, name=name,
                   level=LEVEL_ZH.get(level, level), levels="、".join(LEVEL_ZH.get(x, x) for x in item.levels),
                   value=values[item.code])


def _identity(repo: Repository, path: Path, top: dict[str, Entry], col: Collector) -> tuple[str | None, str | None]:
    folder, stem = path.parent.name, path.stem
    cid = _text(top.get("campaign"))
    uid = _text(top.get("unit"))
    if path.suffix != ".yaml":
        col.report(R.FILE_NAME, 1, 1, wording=R.FILE_NAME_SUFFIX, suffix=path.suffix or '（无）', stem=stem)
    c_entry, u_entry = top.get("campaign"), top.get("unit")
    if c_entry is None:
        col.report(R.MISSING_KEY, 1, 1, wording=R.MISSING_CAMPAIGN, folder=folder)
    if u_entry is None:
        col.report(R.MISSING_KEY, 1, 1, wording=R.MISSING_UNIT, stem=stem)
    if c_entry is not None and cid is not None and cid != folder:
        col.report(R.PATH_CAMPAIGN, *c_entry.value_pos, folder=folder, cid=cid)
    if u_entry is not None and uid is not None and uid != stem:
        col.report(R.PATH_UNIT, *u_entry.value_pos, stem=stem, uid=uid)
    campaign = repo.campaign(folder) if cid == folder else (repo.campaign(cid) if cid else None)
    if cid is not None and campaign is None and c_entry is not None:
        known = "、".join(repo.campaign_ids)
        col.report(R.UNKNOWN_CAMPAIGN, *c_entry.value_pos, cid=cid, known=known)
        return None, uid
    reg = repo.registry
    if uid is not None and u_entry is not None and reg is not None:
        unit = reg.get(uid)
        if unit is None:
            import difflib

            close = difflib.get_close_matches(uid, list(reg.units), n=1)
            col.report(R.UNKNOWN_UNIT, *u_entry.value_pos, hint=f"是不是 {close[0]}？" if close else None, uid=uid)
        elif campaign is not None and uid not in campaign.asked:
            col.report(R.UNIT_NOT_ASKED, *u_entry.value_pos, name=unit.name, uid=uid, cid=campaign.id)
    return (campaign.id if campaign else cid), uid


def _contact_window(e: Entry | None) -> tuple[int, int, int] | None:
    """Where the reporter's own phone stands: a one-line scalar (plain or quoted) under the
    top-level phone key, as (line, first column, end column) in the parser's own marks; a
    block scalar or one spanning lines has no window, so nothing else can fall inside it."""
    if e is None or not isinstance(e.value, ScalarNode) or e.value.style not in ("", None, "'", '"'):
        return None
    v = e.value
    if v.start_mark.line != v.end_mark.line:
        return None
    return v.start_mark.line + 1, v.start_mark.column, v.end_mark.column


def _raw_contact_window(text: str) -> tuple[int, int, int] | None:
    """Where the phone stands in a file the parser refused: the top-level `phone:` line with
    a plain one-line value (a guess the parser cannot confirm, so nothing more lenient)."""
    for n, line in enumerate(text.split("\n")):
        if line.startswith("phone:"):
            value = line[len("phone:"):].split(" #", 1)[0].rstrip("\r")
            start = len("phone:") + len(value) - len(value.lstrip(" "))
            end = len("phone:") + len(value.rstrip(" "))
            return (n + 1, start, end) if end > start else None
    return None


def _modeline(text: str, campaign_id: str, col: Collector) -> None:
    """Editors complete and check while typing only when the first line names the schema."""
    want = f"# yaml-language-server: $schema=../../schemas/generated/{schemagen.schema_name(campaign_id)}"
    first = text.split("\n", 1)[0].strip()
    if first != want:
        what = "缺少" if "yaml-language-server" not in first else "指向了别的"
        col.report(R.MODELINE, 1, 1, what=what, want=want)


def _text(e: Entry | None) -> str | None:
    if e is None or not isinstance(e.value, ScalarNode):
        return None
    return e.value.value.strip() or None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


_FIELD_ZH = {"reporter": "填报人", "phone": "联系电话", "date": "填报日期", "report": "送温暖报告", "campaign": "活动编号", "unit": "单位编号"}


def _text_fields(top: dict[str, Entry], col: Collector) -> list[tuple[str]]:
    """Empty text fields get one clear finding; the schema is told to skip them."""
    skip: list[tuple[str]] = []
    for key, zh in _FIELD_ZH.items():
        e = top.get(key)
        if e is not None and isinstance(e.value, ScalarNode) and not e.value.value.strip():
            col.report(R.VALUE_MISSING, e.line, e.column, wording=R.VALUE_MISSING_FIELD, field=zh, key=key)
            skip.append((key,))
    e = top.get("date")
    if e is not None and isinstance(e.value, ScalarNode) and _DATE.match(e.value.value.strip()):
        try:
            day = date.fromisoformat(e.value.value.strip())
        except ValueError:
            col.report(R.DATE, *e.value_pos, date=e.value.value)
        else:
            today = datetime.now(CHINA_TZ).date()
            if day > today:
                col.report(R.DATE_FUTURE, *e.value_pos, date=day, today=today)
    return skip


def _forms(repo: Repository, forms_entry: Entry, sub: Submission, col: Collector) -> Any:
    node = forms_entry.value
    if not isinstance(node, MappingNode):
        return {}
    out: dict[str, Any] = {}
    for fid, fe in entries(node, col).items():
        form = repo.forms.get(fid)
        if form is None or not isinstance(fe.value, MappingNode):
            from .yamlsafe import plain_value

            out[fid] = plain_value(fe.value)
            continue
        inst: dict[str, Any] = {}
        values: dict[str, Value] = {}
        lines = sub.lines
        by_code = form.by_code
        for knode, vnode in fe.value.value:
            if not isinstance(knode, ScalarNode):
                col.report(R.KEY_TYPE, knode.start_mark.line + 1, knode.start_mark.column + 1)
                continue
            code = knode.value
            kpos = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            if code in inst:
                first = lines[(fid, code)][0]
                col.report(R.DUPLICATE_KEY, *kpos, key=code, first=first)
                continue
            lines[(fid, code)] = kpos
            item = by_code.get(code)
            if item is None:
                inst[code] = None
                continue
            value, problem = parse_item(vnode, item)
            if problem is not None:
                rule, msg, hint = problem
                empty = isinstance(vnode, ScalarNode) and not vnode.style and vnode.value == ""
                pos = kpos if empty else (vnode.start_mark.line + 1, vnode.start_mark.column + 1)
                col.report(rule, *pos, msg, hint)
                inst[code] = "是" if item.kind == "yesno" else 0
                sub.unreadable.setdefault(fid, set()).add(code)
            else:
                inst[code] = value
                values[code] = value  # type: ignore[assignment]
        out[fid] = inst
        sub.forms[fid] = values
        sub.lines[(fid, "")] = (fe.line, fe.column)
    return out


def _explainable(repo: Repository, campaign: Campaign | None) -> dict[str, str] | None:
    """Rule id -> severity of every rule a report of this campaign can meet (None: unknown)."""
    if campaign is None or not all(f in repo.forms for f in campaign.forms):
        return None
    out = {r.id: r.severity for f in campaign.forms for r in repo.forms[f].rules}
    for rid in notice.explainable(campaign):
        out[rid] = R.get(rid).severity
    return out


def _explanations(e: Entry, sub: Submission, col: Collector, known: dict[str, str] | None = None) -> Any:
    node = e.value
    if not isinstance(node, MappingNode):
        from .yamlsafe import plain_value

        return plain_value(node)
    out: dict[str, Any] = {}
    for rid, re_ in entries(node, col).items():
        sub.lines[("explanations", rid)] = (re_.line, re_.column)
        if known is not None and rid not in known:
            # a rule that does not exist: say which do, never that the explanation should go
            import difflib

            warnings = sorted((r for r, sev in known.items() if sev == WARNING),
                              key=lambda r: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", r)])
            lower = {r.lower(): r for r in known}  # a different case is the likeliest slip
            close = [lower[c] for c in difflib.get_close_matches(rid.strip().lower(), list(lower), n=1, cutoff=0.6)]
            col.report(R.EXPLANATION_RULE, re_.line, re_.column, rule=rid,
                       guess=f"是不是 {close[0]}？" if close else "", rules="、".join(warnings))
            continue
        if isinstance(re_.value, ScalarNode):
            out[rid] = re_.value.value
            if re_.value.value.strip():
                sub.explanations[rid] = re_.value.value.strip()
        else:
            out[rid] = None
    return out


def _validator(repo: Repository, cid: str) -> Any:
    """The compiled bulk schema check of a campaign, built once per repository object."""
    cache_ = repo.__dict__.setdefault("_validators", {})
    if cid not in cache_:
        campaign = repo.campaign(cid)
        assert campaign is not None
        forms = {f: repo.forms[f] for f in campaign.forms if f in repo.forms}
        cache_[cid] = fastjsonschema.compile(schemagen.bulk_schema(schemagen.submission_schema(campaign, forms)))
    return cache_[cid]


def _previous(repo: Repository, prev_cid: str, unit: str) -> dict[str, dict[str, Value]] | None:
    """The unit's values in the previous campaign, by form family (for year-on-year rules)."""
    cache_: dict[tuple[str, str], dict[str, dict[str, Value]] | None] = repo.__dict__.setdefault("_prev_cache", {})
    key = (prev_cid, unit)
    if key in cache_:
        return cache_[key]
    path = repo.submission_path(prev_cid, unit)
    result: dict[str, dict[str, Value]] | None = None
    campaign = repo.campaign(prev_cid)
    if tree.is_regular(path, repo.root) and campaign is not None:  # never through a link
        scratch = Repository(repo.root)
        scratch.__dict__["forms"] = repo.forms
        scratch.__dict__["registry"] = repo.registry
        scratch._campaigns = repo._campaigns
        sub = check_submission_values_only(scratch, path)
        if sub is not None:
            result = {}
            for fid, vals in sub.forms.items():
                form = repo.forms.get(fid)
                if form is not None:
                    result.setdefault(form.family, {}).update(vals)
    cache_[key] = result
    return result


def check_submission_values_only(repo: Repository, path: Path) -> Submission | None:
    """Values of a submission without running its rules (for the previous campaign)."""
    col = Collector(repo.rel(path))
    _, node = load_strict(path, col)
    if not isinstance(node, MappingNode):
        return None
    top = entries(node, col)
    sub = Submission(path, path.parent.name, path.stem)
    fe = top.get("forms")
    if fe is not None:
        _forms(repo, fe, sub, col)
    return sub
