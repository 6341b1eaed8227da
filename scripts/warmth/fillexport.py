"""The fill-in page's data (在线填报): for each campaign, one JSON file with everything the
browser needs to fill, check and write a submission exactly as `warmth new`, `warmth import`
and `warmth validate` would, and the Markdown page that loads it.

Nothing here is a second definition: rules are exported as the expression trees expr.py
parses, value bounds and patterns come from values.py, forms.py, schemagen.py and privacy.py,
messages from the rule registry, the file's layout from newfile.render (the page only fills in
values), and the Excel template's cell positions from excel.template_book.

The units asked to report are the bulk of the file at national scale, so each is one short
array: [id, name, already reported (1/0), previous-campaign values the rules read ...].
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from . import forms as F
from . import formshape, newfile, privacy, schemagen, values, yamlsafe
from . import rules as R
from .aggregate import CampaignData
from .campaigns import CHINA_TZ
from .excel import layout, reader, template_book
from .excel.importer import DATE as SCALAR_DATE
from .excel.importer import PLAIN as SCALAR_PLAIN
from .expr import ExprError, _code_order, to_json
from .forms import Form
from .newfile import REPORT_PLACEHOLDER
from .registry import LEVEL_ZH, Unit
from .site.campaign import slug
from .site.text import inline, with_title
from .submission import _FIELD_ZH as FIELD_NAMES
from .yamlsafe import DEC_RE, INT_RE, NULLS, SPECIAL_FLOATS, YAML11_BOOLS

DATA_NAME = "form.json"
SCRIPT = "javascripts/fill.js"
STYLE = "stylesheets/fill.css"
YAML_LIB = "javascripts/vendor/js-yaml.min.js"
# stand-ins for the unit in the rendered skeleton; the page puts the chosen unit there
UNIT_ID, UNIT_NAME = "\u0001unit\u0001", "\u0001name\u0001"
# GitHub refuses longer addresses: beyond this the file goes by the clipboard, not the address
URL_MAX = 8000
REPO_URL = re.compile(r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
# the value rules the page reports itself (rule ids of warmth.rules), and their other wordings
VALUE_RULES = ("VALUE_TYPE", "VALUE_MISSING", "VALUE_QUOTED", "VALUE_FRACTION", "VALUE_DECIMALS", "VALUE_TOO_LARGE",
               "VALUE_FULLWIDTH", "VALUE_THOUSANDS", "VALUE_NEGATIVE", "VALUE_YES_NO", "VALUE_NAN", "VALUE_LEADING_ZERO",
               "VALUE_EXPONENT", "VALUE_SIGN", "VALUE_UNIT_TEXT", "IME_CHAR", "DATE", "DATE_FUTURE", "SCHEMA",
               "ITEM_LEVEL", "STANDARD", "RULES_NOT_CHECKED",
               "REPORT_PLACEHOLDER", "LINE_BREAK", "TAB", "INVISIBLE_CHAR", "PRIVACY_ID", "PRIVACY_BANK_CARD", "PRIVACY_MOBILE", "PRIVACY_CONTACT_MOBILE")
VALUE_WORDINGS = ("VALUE_TYPE_LIST", "VALUE_MISSING_YESNO", "VALUE_MISSING_FIELD", "VALUE_YES_NO_BOOL",
                  "VALUE_YES_NO_NUMBER", "VALUE_TOO_LARGE_COUNT", "IME_CHAR_VALUE", "SCHEMA_PATTERN", "INVISIBLE_BOM")


def js_re(pattern: re.Pattern[str] | str, whole: bool = True) -> str:
    """A Python pattern as JavaScript RegExp source: ``\\Z`` is ``$``; ``whole`` anchors it at
    the start as re.match does (the patterns exported use nothing else JavaScript lacks)."""
    src = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    if isinstance(pattern, re.Pattern) and pattern.flags & re.VERBOSE:
        src = re.sub(r"\s+", "", src)
    src = src.replace("\\Z", "$")
    return f"^(?:{src})" if whole and not src.startswith("^") else src


def _yaml11_patterns() -> list[str]:
    """PyYAML's implicit resolvers: a plain scalar matching one is not read as text, so
    importer.scalar quotes it (the page needs the same decision without PyYAML)."""
    seen: list[str] = []
    for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values():
        for _tag, regexp in resolvers:
            src = js_re(regexp, whole=False)
            if src not in seen:
                seen.append(src)
    return seen


def _rule_text(rule: R.Rule | R.Wording) -> dict[str, str]:
    rid = rule.rule if isinstance(rule, R.Wording) else rule.id
    return {"rule": rid, "severity": R.get(rid).severity, "message": rule.message, "hint": rule.hint}


def checks() -> dict[str, Any]:
    """How a value, a field and a text are checked, as data (the same for every campaign)."""
    return {
        "rules": {name: _rule_text(getattr(R, name)) for name in VALUE_RULES + VALUE_WORDINGS},
        "count_digits": F.COUNT_DIGITS, "money_digits": F.MONEY_DIGITS, "money_decimals": F.MONEY_DECIMALS,
        "rounding_example": list(F.MONEY_ROUNDING_EXAMPLE),
        "kind_words": formshape.KIND_WORDS, "kind_examples": formshape.KIND_EXAMPLES,
        "yes": values.YES, "no": values.NO,
        "nulls": sorted(NULLS), "yaml11_bools": sorted(YAML11_BOOLS),
        "re": {
            "int": js_re(INT_RE), "dec": js_re(DEC_RE), "special_floats": js_re(SPECIAL_FLOATS),
            "fullwidth": js_re(values.FULLWIDTH, whole=False), "thousands": js_re(values.THOUSANDS),
            "negative": js_re(values.NEGATIVE), "exponent": js_re(values.EXPONENT),
            "leading_zero": js_re(values.LEADING_ZERO), "digit": js_re(values.DIGIT, whole=False),
            "unit_words": js_re(values.UNIT_WORDS, whole=False),
            "date": schemagen.DATE_PATTERN, "phone": schemagen.PHONE_PATTERN,
            "scalar_date": js_re(SCALAR_DATE), "scalar_plain": js_re(SCALAR_PLAIN),
            "yaml11": _yaml11_patterns(),
            # what the strict loader refuses before parsing (yamlsafe.parse)
            "odd_break": yamlsafe._ODD_BREAK.pattern, "unacceptable": yamlsafe._UNACCEPTABLE.pattern,
        },
        "break_names": yamlsafe._BREAK_NAMES, "char_names": {f"{k:X}": v for k, v in yamlsafe._CHAR_NAMES.items()},
        "tz_offset_minutes": int(CHINA_TZ.utcoffset(None).total_seconds() // 60),
        "report_placeholder": REPORT_PLACEHOLDER, "field_names": FIELD_NAMES, "level_names": LEVEL_ZH,
        "privacy": {
            "spaces": privacy._SPACES, "dashes": privacy._DASHES, "dots": privacy._DOTS, "slashes": privacy._SLASHES,
            "invisible": privacy._INVISIBLE, "separators": privacy._SEPARATORS,
            "card_first": privacy.CARD_FIRST, "id_weights": list(privacy._ID_WEIGHTS), "id_check": privacy._ID_CHECK,
            "id": js_re(privacy.ID_RE), "mobile": js_re(privacy.MOBILE_RE),
            "max_gap": 4, "longest": privacy._LONGEST, "lengths": sorted(privacy._LENGTHS),
        },
    }


def _form(form: Form) -> dict[str, Any]:
    items = []
    for item in form.items:
        label = item.label
        items.append({
            "code": item.code, "label": label, "unit": item.unit, "kind": item.kind, "measure": item.measure or "",
            "no": item.no, "parent": item.parent, "with": item.pair, "levels": list(item.levels),
            "depth": formshape.depth(form, item), "title": formshape.item_label(form, item),
            "name": f"{item.code}（{label[:16]}{'…' if len(label) > 16 else ''}）",
        })
    rules = []
    for rule in form.rules:
        try:
            entry: dict[str, Any] = {
                "id": rule.id, "severity": rule.severity, "message": rule.message, "hint": rule.hint, "at": rule.at,
                "check": to_json(rule.check.source), "when": to_json(rule.when.source) if rule.when else None,
                "sides": [text for text, _ in rule.check.sides] or None,
                # else the figures behind a failure: these names and previous values (Expr.explain)
                "names": sorted(rule.check.names, key=_code_order), "prev_names": sorted(rule.check.prev_names, key=_code_order),
                # every name the rule reads: a value that cannot be read leaves it unchecked (rules-not-checked)
                "uses": sorted(rule.check.names | (rule.when.names if rule.when else set()), key=_code_order),
            }
        except ExprError:
            continue  # reported on the form's definition
        rules.append(entry)
    return {"id": form.id, "family": form.family, "title": form.title, "items": items, "rules": rules,
            "totals": formshape.totals(form), "params": sorted(form.params())}


def skeleton(data: CampaignData, public: bool) -> list[Any]:
    """newfile.render's lines for the campaign, the unit left as stand-ins: a string is a line
    as it stands, ["item", form, code, comment] an item line, ["field", key, comment, the line as it stands] a head
    field (filled: "key: value  # comment", as excel.importer.to_yaml writes it), ["report"] where the narrative (and the explanations before it) go."""
    unit = Unit(UNIT_ID, UNIT_NAME, "")
    text = newfile.render(data.campaign, unit, data.forms, None, public)
    pending = [(f.id, i.code) for f in data.forms for i in f.items]
    out: list[Any] = []
    for line in text.split("\n")[:-1]:
        head = re.match(r"(reporter|phone|date):\s*(?:# (.*))?\Z", line)
        if pending and line.startswith(f"    {pending[0][1]}:") and " # " in line:
            fid, code = pending.pop(0)
            out.append(["item", fid, code, line.split(" # ", 1)[1]])
        elif head:
            out.append(["field", head[1], head[2] or "", line])
        elif line.startswith("report: |"):
            out.append(["report"])
            break
        else:
            out.append(line)
    return out


def _standards(c: Any) -> list[dict[str, Any]]:
    """The notice's standards as text to show, with the figures a checked one compares."""
    checked = {s.index: s for s in c.standards}
    out: list[dict[str, Any]] = []
    for n, raw in enumerate(c.raw.get("standards") or []):
        if not isinstance(raw, dict):
            continue
        entry: dict[str, Any] = {k: str(raw[k]) for k in ("target", "amount", "note") if raw.get(k) is not None}
        s = checked.get(n)
        if s is not None:
            entry.update(people=s.people, money=s.money, per=s.per,
                         low=None if s.low is None else str(s.low), high=None if s.high is None else str(s.high))
        out.append(entry)
    return out


def export(data: CampaignData, previous: CampaignData | None, public: bool) -> dict[str, Any]:
    c = data.campaign
    forms = [_form(f) for f in data.forms]
    # previous-campaign values the rules read with prev(): [family, code] in the units' order
    prev_keys: list[list[str]] = []
    for f in data.forms:
        for rule in f.rules:
            for expr in (rule.check, rule.when):
                for code in sorted(expr.prev_names) if expr else ():
                    if [f.family, code] not in prev_keys:
                        prev_keys.append([f.family, code])
    by_family: dict[str, str] = {f.id: f.family for f in previous.forms} if previous else {}
    units: list[list[Any]] = []
    for uid in c.reporting_units:
        unit = data.registry.get(uid)
        # [id, name, already reported, level, previous values...]
        row: list[Any] = [uid, unit.name if unit else uid, 1 if uid in data.submissions else 0, unit.level if unit else ""]
        if prev_keys:
            sub = previous.submissions.get(uid) if previous else None
            merged: dict[str, dict[str, Any]] = {}
            for fid, vals in (sub.forms.items() if sub else ()):
                merged.setdefault(by_family.get(fid, fid), {}).update(vals)
            row += [str(merged[fam][code]) if code in merged.get(fam, {}) else "" for fam, code in prev_keys]
        units.append(row)
    params = {k: str(v) for k, v in c.params.items()}
    return {
        "campaign": {"id": c.id, "title": c.title, "doc_number": c.doc_number, "deadline": c.deadline,
                     "previous": c.previous or "", "standards": _standards(c)},
        "public": public,
        "params": params,
        "forms": forms,
        "prev_keys": prev_keys,
        "units": units,
        "skeleton": skeleton(data, public),
        "item_column": newfile.ITEM_COLUMN,
        "unit_stand_ins": [UNIT_ID, UNIT_NAME],
        "template": {  # where the Excel template holds each value (excel.template_book, excel.reader)
            "cover_sheet": template_book.COVER, "instructions_sheet": template_book.INSTRUCTIONS,
            "cover_fields": {k: v[0] for k, v in template_book.COVER_FIELDS.items()},
            "explain_first_row": template_book.EXPLAIN_FIRST_ROW,
            "explain_rows": max(template_book.EXPLAIN_ROWS, reader.MAX_EXPLANATIONS), "extra_rows": reader.EXTRA_ROWS,
            "form_id_cell": template_book.FORM_ID_CELL, "first_row": template_book.FIRST_ROW,
            "value_col": template_book.VALUE_COL, "code_col": layout.COL_CODE,
        },
        "checks": checks(),
    }


def repo_url_of(cfg: dict[str, Any]) -> str:
    """extra.warmth_repo of mkdocs.yml when it is a GitHub repository's address, else ""."""
    extra = cfg.get("extra")
    url = str((extra.get("warmth_repo") if isinstance(extra, dict) else "") or "").rstrip("/")
    return url if REPO_URL.fullmatch(url) else ""


def page(data: CampaignData, repo_url: str) -> str:
    c = data.campaign
    cid = slug(c.id)
    return with_title(
        f"# 在线填报：{inline(c.title)}\n\n"
        f"在本页直接填写{inline(c.title)}的统计表和送温暖报告（{inline(c.doc_number)}，报送截止 {inline(c.deadline)}）。"
        "填写时每一项合计、每一条规则都会马上检查，和提交后仓库的自动检查一致。填好后点“提交到 GitHub”，"
        "在 GitHub 上以拉取请求的方式提交；也可以下载或复制生成的文件。\n\n"
        "填写的内容只保存在你自己的浏览器里（草稿），点提交之前不会发送到任何地方。\n\n"
        f'<div id="warmth-fill" data-src="{DATA_NAME}" data-repo="{repo_url}" data-url-max="{URL_MAX}" data-campaign="{cid}">'
        "<p>正在载入填报表……</p></div>\n\n"
        "<noscript><p>在线填报需要浏览器启用 JavaScript。也可以下载通知附件中的 Excel 表格填写。</p></noscript>\n\n"
        f'<link rel="stylesheet" href="../../{STYLE}">\n'
        f'<script src="../../{YAML_LIB}"></script>\n'
        f'<script src="../../{SCRIPT}"></script>\n',
        f"在线填报：{c.title}")


MARKER = "<!-- warmth:fill -->"


def listing(datas: Sequence[CampaignData]) -> str:
    """The fill-in pages, newest campaign first, for a guide page one level below docs/."""
    ordered = sorted(datas, key=lambda d: d.campaign.issued, reverse=True)
    if not ordered:
        return "目前没有正在进行的活动。\n"
    return "\n".join(f"- [{inline(d.campaign.title)}：在线填报](../fill/{slug(d.campaign.id)}/index.md)"
                     f"（报送截止 {inline(d.campaign.deadline)}）" for d in ordered) + "\n"


def write_pages(datas: Sequence[CampaignData], docs: Path, repo_url: str, public: bool) -> list[Path]:
    """docs/fill/<campaign>/index.md and its form.json, for every campaign; the guide's pages
    that hold the marker get the list of them."""
    by_id = {d.campaign.id: d for d in datas}
    out: list[Path] = []
    for d in datas:
        folder = docs / "fill" / slug(d.campaign.id)
        folder.mkdir(parents=True, exist_ok=True)
        prev = by_id.get(d.campaign.previous) if d.campaign.previous else None
        body = json.dumps(export(d, prev, public), ensure_ascii=False, separators=(",", ":"))
        (folder / DATA_NAME).write_text(body, encoding="utf-8")
        (folder / "index.md").write_text(page(d, repo_url), encoding="utf-8")
        out += [folder / "index.md", folder / DATA_NAME]
    for guide in sorted((docs / "guide").glob("*.md")):
        text = guide.read_text(encoding="utf-8")
        if MARKER in text:
            guide.write_text(text.replace(MARKER, listing(datas)), encoding="utf-8")
            out.append(guide)
    return out


def link(campaign_id: str) -> str:
    """The Markdown link to the fill-in page, from a page one level below the docs root."""
    return f"[在线填报](../fill/{slug(campaign_id)}/index.md)"
