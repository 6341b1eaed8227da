"""warmth status CAMPAIGN: who has reported, who is late, who is missing."""

from __future__ import annotations

import argparse
import json


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("campaign", metavar="活动编号")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.add_argument("--ref", default="HEAD", help="以哪个分支或提交的历史判断到达时间（默认 HEAD）")


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..gitutil import GitError
    from ..timeliness import LATE, MISSING, ON_TIME, arrivals
    from ..width import display_width, pad
    from .common import open_repo, require_campaign

    repo = open_repo(args)
    campaign = require_campaign(repo, args.campaign)
    reg = repo.registry
    try:
        rows = arrivals(repo, campaign, args.ref)
    except GitError as exc:
        raise UsageError(str(exc)) from exc
    units = {a.unit: reg.get(a.unit) if reg else None for a in rows}
    names = {uid: unit.name if unit else uid for uid, unit in units.items()}
    from ..notice import DELIVERABLE_ZH, deliverables

    # a notice with phases asks for each deliverable by its own date (the plan first)
    delivered = deliverables(repo, campaign, rows) if campaign.phases else {}
    if args.format == "json":
        data = [
            {"unit": a.unit, "name": names[a.unit],
             "status": a.status, "time": a.time.isoformat() if a.time else None, "source": a.source}
            | ({"deliverables": [{"kind": d.kind, "name": DELIVERABLE_ZH[d.kind], "phase": d.phase, "due": d.due,
                                  "state": d.state, "when": d.when or None} for d in delivered[a.unit]]}
               if delivered else {})
            for a in rows
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{campaign.title}（截止 {campaign.deadline}）")
    width = max((display_width(n) for n in names.values()), default=0) + 2
    for a in rows:
        when = a.time.strftime("%Y-%m-%d %H:%M") if a.time else "—"
        src = f"（{a.source}）" if a.source else ""
        print(f"  {a.status}  {pad(names[a.unit], width)}{when}{src}")
    counts = {s: sum(1 for a in rows if a.status == s) for s in (ON_TIME, LATE, MISSING)}
    print(f"共 {len(rows)} 个单位：已报 {counts[ON_TIME]}，逾期 {counts[LATE]}，未报 {counts[MISSING]}。")
    if delivered:
        print("\n各阶段应交材料：")
        for p in campaign.phases:
            print(f"  {p['name']}（{p['due']} 前）：" + "、".join(DELIVERABLE_ZH[d] for d in p["deliverables"]))
        for a in rows:
            parts = [f"{DELIVERABLE_ZH[d.kind]} {d.state}" + (f"（{d.when}）" if d.when else "") for d in delivered[a.unit]]
            print(f"  {pad(names[a.unit], width)}" + "  ".join(parts))
    return 0
