"""Write the figures and narratives of the demo campaigns' reports (fictional 云澜省).

    python benchmarks/demo.py          # rewrite submissions/<campaign>/<unit>.yaml
    python benchmarks/demo.py --check  # exit 1 when the files differ from what it writes

Each report keeps its reporter, phone and date (read from the file; the defaults below for a
report that does not exist yet) and gets figures drawn from a seed per campaign and unit:

- levels: a unit reports its own work only; the provincial centre and its staff are the
  province-level union's, a city's centre the city's, a county's the county's (the forms mark
  these items with ``levels``); development zones and industry unions run no centre;
- groups: each group of people visited has its own amounts per visit (a household in hardship
  gets more than a worker on duty), within the campaign's standards;
- the following year grows from the previous one, except the stories told in ``STORIES``,
  which raise a warning on purpose and carry the unit's explanation;
- the narrative is written from the figures and never mentions what did not happen.

The script then validates the demo: any error, or a warning without an explanation, stops it.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from warmth.campaigns import Campaign  # noqa: E402
from warmth.forms import Form  # noqa: E402
from warmth.newfile import REPORT_PLACEHOLDER, render  # noqa: E402
from warmth.registry import Unit  # noqa: E402
from warmth.repo import Repository  # noqa: E402

CAMPAIGNS = ["2021-spring", "2022-spring"]
Q = Decimal("0.0001")
WAN = Decimal(10000)

# Groups of the 送温暖统计表 (C1..C11 with D1..D11): share of the visits, amounts per visit in
# yuan (one is chosen per unit), and how the narrative names the group.
GROUPS: dict[int, tuple[float, tuple[int, ...], str]] = {
    1: (0.10, (1000, 1500, 2000), "下岗失业、收入偏低的困难职工"),
    2: (0.09, (2000, 3000, 5000), "因病因灾致困的职工"),
    3: (0.07, (800, 1000, 1500), "困难企业中停发减发工资的职工"),
    4: (0.06, (1500, 2000, 3000), "工伤致残职工、因公牺牲职工家属和住院手术的职工"),
    5: (0.13, (300, 500, 600), "高温高空等艰苦岗位上的一线职工"),
    6: (0.00, (500,), "抗灾一线职工"),
    7: (0.25, (500, 800, 1000), "节日期间坚守岗位的一线职工"),
    8: (0.03, (1000, 2000), "派驻挂职干部职工"),
    9: (0.06, (500, 1000), "重大项目建设中作出突出贡献的职工"),
    10: (0.07, (1000, 2000), "劳动模范和先进人物"),
    11: (0.14, (1000, 1500, 2000), "建档困难职工"),
}
# industry unions weigh the groups their trade has most of
FOCUS: dict[str, dict[int, float]] = {
    "jiaotong": {7: 2.5, 5: 1.5}, "weijian": {7: 1.5, 2: 1.3}, "jianshe": {5: 2.5, 9: 2.0},
    "nonglin": {5: 2.0, 1: 1.3}, "jinrong": {8: 2.0, 11: 0.6}, "jiaokewenwei": {10: 2.5, 8: 1.5},
    "shengzhi": {8: 3.0, 11: 0.8},
}
# visits of the unit's own work, by level (the province: its visiting groups only)
VISITS = {"province": 130, "city": 620, "county": 300, "industry": 260, "direct": 110}
DEV_ZONE = ("高新", "经济技术开发区", "港区")  # zones that rely on their city's centre

# Reporters of reports that do not exist yet (reporter, office phone, date).
NEW_REPORTS = {("2021-spring", "yunlan"): ("韩立平", "0000-12345601", "2021-01-26"),
               ("2022-spring", "yunlan"): ("韩立平", "0000-12345601", "2022-01-20")}


@dataclass
class Story:
    """A report that departs from the pattern on purpose, with the unit's explanation."""

    scale: float = 1.0  # visits against the previous year
    amounts_up: bool = False  # amounts per visit at the top of each group's range
    amounts_down: bool = False  # ... at the bottom
    set_values: dict[str, object] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    narrative: str = ""


STORIES: dict[tuple[str, str], Story] = {
    ("2022-spring", "fengdu-nanjin"): Story(
        scale=3.4,
        explanations={"C-jump": "南津区2021年底新划入两个街道，职工人数增加近一倍；同时今年将新就业形态劳动者站点纳入走访范围，慰问人次和金额相应增加。",
                      "D-jump": "同上：辖区扩大后慰问对象增加，发放款物随之增加。"},
        narrative="去年年底两个街道划入我区，走访慰问的范围随之扩大，新划入街道的困难职工家庭全部建档并纳入慰问。"),
    ("2021-spring", "qinglan-yuntai"): Story(amounts_down=True),  # the county's old, lower standards
    ("2022-spring", "qinglan-yuntai"): Story(
        scale=2.2, amounts_up=True,
        explanations={"D-jump": "今年县财政追加专项帮扶资金，建档困难职工慰问标准由每户1000元提高到2000元。"},
        narrative="县财政今年追加了专项帮扶资金，建档困难职工的慰问标准由每户1000元提高到2000元。"),
    ("2022-spring", "jinrong"): Story(
        set_values={"C8": 6, "D8": 0},
        explanations={"C8-D8-pair": "6名驻村帮扶干部因当地疫情管控未能返回，由工会主席逐一视频连线慰问，慰问品待其返岗后补发，本次未计入发放款物。"},
        narrative="6名在外驻村帮扶的干部因疫情未能返回，工会主席逐一视频连线，向他们和家人拜年。"),
    ("2021-spring", "luming-qingshi"): Story(
        set_values={"C11": 42, "D11": Decimal("10.5")},
        explanations={"standard": "县里有5户职工家庭因重病和房屋失火陷入特别困难，经县总工会党组研究，对这5户按每户5000元慰问，其余建档困难职工按每户2000元发放。"},
        narrative="对因重病和房屋失火陷入特别困难的5户职工家庭，经党组研究按每户5000元给予慰问。"),
}


def q(v: float | Decimal) -> Decimal:
    return Decimal(str(v)).quantize(Q, ROUND_HALF_UP)


def wan(yuan: int) -> Decimal:
    return (Decimal(yuan) / WAN).quantize(Q)


def split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """total shared by weights, integers that add up to it."""
    if total <= 0:
        return [0] * len(weights)
    s = sum(weights) or 1.0
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[:rest]:
        out[i] += 1
    return out


def split_money(rng: random.Random, total: Decimal, weights: list[float]) -> list[Decimal]:
    s = sum(weights) or 1.0
    parts = [q(total * Decimal(str(w / s))) for w in weights[:-1]]
    return [*parts, total - sum(parts, Decimal(0))]


def has_centre(unit: Unit) -> bool:
    return unit.level in ("province", "city", "county") and not any(z in unit.name for z in DEV_ZONE)


# -- the 送温暖统计表 ---------------------------------------------------------------------------

def swn(form: Form, unit: Unit, rng: random.Random, size: float, story: Story, allocation: Decimal | None,
        standards: dict[str, Decimal]) -> dict[str, object]:
    v: dict[str, object] = {}
    focus = FOCUS.get(unit.id, {})
    weights = [GROUPS[k][0] * focus.get(k, 1.0) * rng.uniform(0.7, 1.3) for k in range(1, 12)]
    visits = int(VISITS[unit.level] * size * story.scale)
    counts = split(rng, visits, weights)
    for k, n in zip(range(1, 12), counts, strict=True):
        menu = GROUPS[k][1]
        yuan = menu[-1] if story.amounts_up else menu[0] if story.amounts_down else rng.choice(menu)
        goods = rng.choice((0, 0, 120, 168, 200, 260))  # some visits bring goods as well
        limit = standards.get(f"D{k}")
        if limit is not None:  # within the standard, goods included
            yuan = min(yuan, int(limit * WAN) - goods)
        with_goods = rng.randint(0, n // 3) if goods else 0
        v[f"C{k}"] = n
        v[f"D{k}"] = wan(n * yuan + with_goods * goods)
    v.update({c: val for c, val in story.set_values.items() if c in form.by_code})
    v["C"] = sum(int(v[f"C{k}"]) for k in range(1, 12))  # type: ignore[call-overload]
    v["D"] = sum((Decimal(v[f"D{k}"]) for k in range(1, 12)), Decimal(0))  # type: ignore[arg-type]
    extra = Decimal(0)
    if "J1" in form.by_code:
        heavy = unit.id == "weijian"
        n = int(rng.uniform(150, 260) if heavy else rng.uniform(4, 30) * (size if unit.level != "province" else 0.6))
        v["J1"], v["J2"] = n, wan(n * rng.choice((500, 800, 1000)))
        extra += Decimal(v["J2"])  # type: ignore[arg-type]
    if "J3" in form.by_code:
        base = {"city": 60, "county": 18, "industry": 0, "province": 30, "direct": 0}[unit.level]
        if unit.id == "jiaotong":
            base = 45
        n = int(base * size * rng.uniform(0.7, 1.3))
        v["J3"], v["J4"] = n, wan(n * rng.choice((200, 300, 500)))
        extra += Decimal(v["J4"])  # type: ignore[arg-type]
    # money raised: what was paid out and a little kept for the rest of the year; union funds
    # at least the allocation from above
    spent = Decimal(v["D"]) + extra  # type: ignore[arg-type]
    own_share = (0.75, 0.9) if unit.level == "province" else (0.3, 0.5)  # the province pays its groups from union funds
    union = q(allocation * Decimal(str(rng.uniform(1.05, 1.3)))) if allocation else q(spent * Decimal(str(rng.uniform(*own_share))))
    total = max(q(spent * Decimal(str(rng.uniform(1.04, 1.18)))), q(union / Decimal(str(rng.uniform(0.55, 0.75)))))
    rest = total - union
    central = rng.uniform(0.1, 0.2) if unit.level in ("province", "city") else 0.0  # 中央财政 reaches provinces and cities
    public = unit.level in ("province", "city", "county")
    w = [central, rng.uniform(0.35, 0.5) if public else 0.0, rng.uniform(0.15, 0.3),
         rng.uniform(0.15, 0.3) if not public else rng.uniform(0.05, 0.15), rng.uniform(0.02, 0.08)]
    b1, b2, b4, b5, b6 = split_money(rng, rest, w)
    v.update({"B": total, "B1": b1, "B2": b2, "B3": union, "B4": b4, "B5": b5, "B6": b6})
    v["A"] = 0 if unit.level == "direct" else int({"province": 12, "city": 30, "county": 16, "industry": 20}[unit.level]
                                                   * min(size, 2.0) * rng.uniform(0.7, 1.3))
    help_ = int(visits * rng.uniform(0.25, 0.45))
    e = split(rng, help_, [rng.uniform(0.05, 0.15), rng.uniform(0.3, 0.5), rng.uniform(0.1, 0.2),
                           rng.uniform(0.1, 0.2), rng.uniform(0.05, 0.15)])
    v.update({"E": sum(e), **{f"E{i}": n for i, n in enumerate(e, 1)}})
    serve = int(visits * rng.uniform(0.1, 0.3))
    f = split(rng, serve, [rng.uniform(0.1, 0.3), rng.uniform(0.3, 0.6), rng.uniform(0.2, 0.4)])
    v.update({"F": sum(f), **{f"F{i}": n for i, n in enumerate(f, 1)}})
    migrant = {"jianshe": 3.0, "nonglin": 1.5, "jinrong": 0.0, "shengzhi": 0.0, "jiaokewenwei": 0.2, "weijian": 0.2}.get(unit.id, 1.0)
    v["G"] = int(visits * 0.2 * migrant * rng.uniform(0.6, 1.4))
    wages = migrant > 0 and unit.level != "province" and rng.random() < 0.8
    v["H"] = int(rng.uniform(3, 25) * migrant * size) if wages else 0
    v["I"] = q(int(v["H"]) * rng.uniform(0.4, 1.2)) if v["H"] else Decimal(0)  # type: ignore[call-overload]
    return v


# -- the 帮扶中心工作统计表 --------------------------------------------------------------------

def bfzx(form: Form, unit: Unit, rng: random.Random, size: float) -> dict[str, object]:
    v: dict[str, object] = {c: 0 for c in form.by_code}
    v["I"] = "否"
    centre = has_centre(unit)
    lvl = {"province": "1", "city": "2", "county": "3"}.get(unit.level)
    if centre and lvl:
        v[f"A{lvl}"] = 1
        staff = {"1": (3, 5, 6, 9, 3, 6), "2": (2, 3, 3, 5, 2, 5), "3": (0, 2, 1, 3, 1, 3)}[lvl]
        a, b, c = rng.randint(*staff[0:2]), rng.randint(*staff[2:4]), rng.randint(*staff[4:6])
        v.update({f"B{lvl}a": a, f"B{lvl}b": b, f"B{lvl}c": c, f"B{lvl}": a + b + c})
        budget = {"1": 380, "2": 190, "3": 70}[lvl] * rng.uniform(0.8, 1.2) * (size if lvl == "3" else 1)
        e_parts = split_money(rng, q(budget), [rng.uniform(0.35, 0.5), rng.uniform(0.15, 0.25), rng.uniform(0.2, 0.3),
                                               rng.uniform(0.02, 0.06), rng.uniform(0.0, 0.03)])
        v.update({f"E{i}": x for i, x in enumerate(e_parts, 1)})
        # help: people per kind and money per person-visit of that kind (万元)
        kinds = [(0.35, (0.1, 0.3)), (0.2, (0.2, 0.6)), (0.15, (0.2, 0.5)), (0.1, (0.02, 0.05)),
                 (0.02, (2.0, 8.0)), (0.08, (0.005, 0.02)), (0.1, (0.05, 0.15))]
        people = int(budget * 1.8 * rng.uniform(0.8, 1.2))
        counts = split(rng, people, [k[0] * rng.uniform(0.7, 1.3) for k in kinds])
        fcodes = [i.code for i in form.items if re.fullmatch(r"F\d+a?", i.code)]
        for code, n, (_, (lo, hi)) in zip(fcodes, counts, kinds, strict=False):
            money = "G" + code[1:]
            v[code], v[money] = n, q(n * rng.uniform(lo, hi)) if n else Decimal(0)
        out = int(rng.uniform(6, 24) * (1.6 if lvl == "2" else 1.0) * (size if lvl == "3" else 1))
        h = split(rng, out, [rng.uniform(0.2, 0.4), rng.uniform(0.05, 0.15), rng.uniform(0.2, 0.3), rng.uniform(0.2, 0.4)])
        v.update({f"H{i}": n for i, n in enumerate(h, 1)})
        k = split(rng, int(people * rng.uniform(0.6, 1.2)), [rng.uniform(0.3, 0.5), rng.uniform(0.5, 0.7)])
        v.update({"K1": k[0], "K2": k[1]})
        v["L"] = q(rng.uniform(2, 12) * (2 if lvl == "1" else 1))
        v["M"] = q(budget * rng.uniform(0.06, 0.1))
        v["C"] = int({"1": 45, "2": 35, "3": 18}[lvl] * rng.uniform(0.7, 1.3))
        if rng.random() < 0.6:
            v["I"] = "是"
            v["J"] = q(budget * rng.uniform(0.03, 0.1))
    if unit.level in ("city", "county", "industry"):
        points = int({"city": 9, "county": 22, "industry": 14}[unit.level] * min(size, 2.0) * rng.uniform(0.7, 1.3))
        v["D"], v["Da"] = points, int(points * rng.uniform(0.5, 0.9))
        if not centre:
            v["C"] = int(rng.uniform(5, 20))
    # totals
    v["A"] = sum(int(v[c]) for c in ("A1", "A2", "A3"))  # type: ignore[call-overload]
    v["B"] = sum(int(v[c]) for c in ("B1", "B2", "B3"))  # type: ignore[call-overload]
    v["E"] = sum((Decimal(v[f"E{i}"]) for i in range(1, 6)), Decimal(0))  # type: ignore[arg-type]
    fcodes = [i.code for i in form.items if re.fullmatch(r"F\d+a?", i.code)]
    v["F"] = sum(int(v[c]) for c in fcodes)  # type: ignore[call-overload]
    v["G"] = sum((Decimal(v["G" + c[1:]]) for c in fcodes), Decimal(0))  # type: ignore[arg-type]
    v["H"] = sum(int(v[f"H{i}"]) for i in range(1, 5))  # type: ignore[call-overload]
    v["K"] = int(v["K1"]) + int(v["K2"])  # type: ignore[call-overload]
    return v


# -- the narrative -----------------------------------------------------------------------------

def fmt(v: object) -> str:
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v)


def narrative(campaign: Campaign, unit: Unit, values: dict[str, dict[str, object]], forms: list[Form],
              rng: random.Random, story: Story) -> list[str]:
    s = next(values[f.id] for f in forms if f.family == "swn")
    c = next((values[f.id] for f in forms if f.family == "bfzx"), {})
    festival = "元旦春节" if "元旦" in campaign.title else "春节"
    own = unit.short or unit.name
    openings = [
        f"{festival}前，{unit.name}召开专题会议研究部署送温暖工作，制定活动方案，把慰问对象逐一落实到人。",
        f"今年{festival}送温暖活动，{unit.name}由主要负责同志带队，分组深入基层一线走访慰问。",
        f"{unit.name}把{festival}送温暖作为为职工办实事的重要内容，提前摸清困难职工底数，分片包干、逐户走访。",
        f"按照省总工会的部署，{unit.name}在{festival}期间组织开展送温暖活动，班子成员分头带队走访慰问。",
    ]
    lines = [rng.choice(openings)]
    first = []
    if s.get("A"):
        first.append(f"走访企业{s['A']}家")
    first.append(f"筹集慰问款物{fmt(s['B'])}万元，其中工会经费{fmt(s['B3'])}万元")
    first.append(f"慰问职工{s['C']}人次，发放款物{fmt(s['D'])}万元")
    lines.append("活动期间" + "，".join(first) + "。")
    top = sorted((k for k in range(1, 12) if s.get(f"C{k}")), key=lambda k: -int(s[f"C{k}"]))[:2]  # type: ignore[call-overload]
    if top:
        named = "和".join(f"{GROUPS[k][2]}{s[f'C{k}']}人次" for k in top)
        lines.append(rng.choice(["慰问的重点是", "走访中重点看望了", "慰问对象中人数最多的是"]) + named + "。")
    if s.get("J1"):
        who = "医务人员" if any("医务人员" in f.by_code["J1"].label for f in forms if "J1" in f.by_code) else "职工"
        lines.append(f"看望慰问疫情防控一线{who}{s['J1']}人次，发放慰问款物{fmt(s['J2'])}万元。")
    if s.get("J3"):
        lines.append(f"走进快递、外卖、网约车等站点，慰问新就业形态劳动者{s['J3']}人次，发放慰问款物{fmt(s['J4'])}万元。")
    helped = []
    if s.get("E"):
        helped.append(f"为困难职工提供各类帮扶救助{s['E']}人次")
    if s.get("F"):
        helped.append(f"为职工提供心理、文化和生活服务{s['F']}人次")
    if s.get("G"):
        helped.append(f"帮助{s['G']}人次农民工平安返乡")
    if s.get("H"):
        helped.append(f"协助追讨欠薪{s['H']}人次、金额{fmt(s['I'])}万元")
    if helped:
        lines.append("日常帮扶方面，" + "，".join(helped) + "。")
    if c.get("A"):
        centre = [f"本级帮扶中心现有工作人员{c['B']}人"]
        if c.get("F"):
            centre.append(f"全年帮扶困难职工{c['F']}人次、发放帮扶款物{fmt(c['G'])}万元")
        if c.get("H"):
            centre.append(f"帮助{c['H']}户困难职工家庭实现脱困")
        lines.append("，".join(centre) + "。")
    elif c.get("D"):
        lines.append(f"{own}依托{c['D']}个基层工会帮扶站点开展日常帮扶，困难职工可就近求助。")
    if story.narrative:
        lines.append(story.narrative)
    closings = [
        "慰问金通过银行卡直接发放到职工本人账户，发放情况按实名制录入帮扶工作系统。",
        "各项资金专款专用、公开发放，接受职工群众监督。",
        "下一步将对走访中了解到的困难逐一建立台账，跟踪帮扶，确保不漏一户。",
        "活动中我们也发现部分基层工会慰问形式较为单一，下一步将加强指导，把帮扶做到日常。",
    ]
    lines += rng.sample(closings, 2)
    return lines


# -- writing -------------------------------------------------------------------------------------

def existing(path: Path) -> tuple[str, str, str] | None:
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    found = [re.search(rf"^{key}: (\S+)", text, re.M) for key in ("reporter", "phone", "date")]
    if not all(found):
        return None
    return tuple(m.group(1) for m in found)  # type: ignore[return-value, union-attr]


def standards_by_money(campaign: Campaign) -> dict[str, Decimal]:
    return {s.money: s.high for s in campaign.standards if s.high is not None}


def build(repo: Repository) -> dict[Path, str]:
    assert repo.registry is not None
    out: dict[Path, str] = {}
    previous: dict[str, float] = {}  # unit -> size last year
    for cid in CAMPAIGNS:
        campaign = repo.campaign(cid)
        assert campaign is not None
        forms = [repo.forms[f] for f in campaign.forms]
        funds = {u: Decimal(str(a)) for u, a in campaign.funds.items()}
        limits = standards_by_money(campaign)
        for uid in campaign.reporting_units:
            path = repo.submission_path(cid, uid)
            who = existing(path) or NEW_REPORTS.get((cid, uid))
            if who is None:
                continue  # a unit that has not reported (the demo keeps some missing)
            unit = repo.registry.units[uid]
            rng = random.Random(f"{cid}/{uid}")
            base = random.Random(f"size/{uid}").uniform(0.6, 1.4)
            size = previous.get(uid, base) * (rng.uniform(0.9, 1.2) if uid in previous else 1.0)
            previous[uid] = size
            story = STORIES.get((cid, uid), Story())
            allocation = funds.get(uid)
            if allocation is not None and unit.level == "city":
                allocation = allocation * Decimal("0.3")  # the city's own share; its counties use the rest
            values: dict[str, dict[str, object]] = {}
            for form in forms:
                if form.family == "bfzx":
                    values[form.id] = bfzx(form, unit, rng, size)
                else:
                    values[form.id] = swn(form, unit, rng, size, story, allocation, limits)
            text = render(campaign, unit, forms, {f: {c: fmt(x) for c, x in vals.items()} for f, vals in values.items()})
            reporter, phone, date = who
            text = text.replace("reporter:", f"reporter: {reporter}", 1).replace("phone:", f"phone: {phone}", 1)
            text = text.replace("date:", f"date: {date}", 1)
            if story.explanations:
                start = text.index("# 有警告又确属实情时")
                end = text.index("report: |")
                text = text[:start] + "explanations:\n" + "".join(
                    f"  {rid}: {note}\n" for rid, note in story.explanations.items()) + text[end:]
            body = "\n".join("  " + line for line in narrative(campaign, unit, values, forms, rng, story))
            text = text.replace(f"  {REPORT_PLACEHOLDER}", body, 1)
            out[path] = text
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare with the files")
    ap.add_argument("--root", type=Path, default=ROOT)
    args = ap.parse_args()
    repo = Repository(args.root)
    files = build(repo)
    if args.check:
        stale = [repo.rel(p) for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for rel in stale:
            print(f"differs: {rel}")
        return 1 if stale else 0
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    from warmth.validate import validate

    report, _ = validate(Repository(args.root), [])
    bad = [f for f in report.findings if f.severity == "error" or "填报单位说明" not in f.message]
    unanswered = 0
    fired = {(Path(f.file).parent.name, Path(f.file).stem, f.rule) for f in report.findings}
    for (cid, uid), story in STORIES.items():  # each story's explanation answers a warning
        for rid in story.explanations:
            if (cid, uid, rid) not in fired:
                print(f"{cid}/{uid}: the explanation of {rid} answers no warning", file=sys.stderr)
                unanswered += 1
    for f in bad:
        print(f"{f.file}:{f.line}: {f.rule} {f.message}", file=sys.stderr)
    return 1 if bad or unanswered else 0


if __name__ == "__main__":
    sys.exit(main())
