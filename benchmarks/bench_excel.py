"""Excel benchmark: the internal workbook of a national campaign (3,500 units) against a bare
openpyxl write-only dump of the same cells, in one run (the workbook itself is written with
XlsxWriter, formulas with their computed values).

    python benchmarks/bench_excel.py [--units 3500] [--repeat 3]

Prints both times and their ratio (target: at most 1.5). The data is generated in memory
(benchmarks/synth.py), so validation is not timed. The bare dump gets its cell values
computed beforehand; the internal workbook's time includes its own roll-up, styles,
merged cells and formulas.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synth import fill  # noqa: E402

from warmth.aggregate import CampaignData  # noqa: E402
from warmth.campaigns import CHINA_TZ, from_value  # noqa: E402
from warmth.excel import campaign_book  # noqa: E402
from warmth.excel.rollup import Rollup  # noqa: E402
from warmth.registry import Registry, Unit  # noqa: E402
from warmth.repo import Repository  # noqa: E402
from warmth.submission import Submission  # noqa: E402
from warmth.timeliness import LATE, MISSING, ON_TIME, Arrival  # noqa: E402

TARGET = 1.5


def national(units: int, seed: int = 11) -> CampaignData:
    """A campaign of `units` reporting units in cities of about a hundred, with values."""
    rng = random.Random(seed)
    demo = Repository(ROOT)
    latest = demo.campaign(demo.campaign_ids[-1])
    assert latest is not None
    forms = [demo.forms[f] for f in latest.forms]
    reg_units = {"nation": Unit("nation", "全国总工会", "province")}
    asked: list[str] = []
    n_regions = max(1, units // 100)
    for r in range(n_regions):
        rid = f"r{r:03d}"
        reg_units[rid] = Unit(rid, f"第{r + 1}市总工会", "city", "nation", f"第{r + 1}市", ["@reviewers"])
    for n in range(units):
        uid = f"u{n:05d}"
        reg_units[uid] = Unit(uid, f"第{n + 1}县总工会", "county", f"r{n % n_regions:03d}")
        asked.append(uid)
    registry = Registry("nation", ["@admins"], reg_units)
    campaign = from_value({
        "id": "bench", "title": "全国送温暖活动（基准测试）", "issuer": "nation", "doc_number": "测〔2022〕1号",
        "issued": "2021-12-01", "deadline": "2022-01-21", "forms": [f.id for f in forms],
        "reporting_units": asked, "params": dict(latest.params),
        "funds": {f"r{r:03d}": 100 for r in range(n_regions)},
    })
    subs: dict[str, Submission] = {}
    arrivals: dict[str, Arrival] = {}
    start = datetime(2022, 1, 10, 9, tzinfo=CHINA_TZ)
    for uid in asked:
        if rng.random() < 0.03:
            arrivals[uid] = Arrival(uid, MISSING, None, "")
            continue
        size = rng.uniform(0.5, 3)
        sub = Submission(Path(f"{uid}.yaml"), "bench", uid, "张三", "0000-12345678", "2022-01-20", "报告")
        sub.forms = {f.id: fill(f, rng, size, dict(latest.params)) for f in forms}  # type: ignore[misc]
        subs[uid] = sub
        when = start + timedelta(hours=rng.randint(0, 400))
        arrivals[uid] = Arrival(uid, LATE if when > campaign.deadline_end() else ON_TIME, when, "git")
    return CampaignData(demo, campaign, registry, forms, subs, arrivals, [])


def same_cells(data: CampaignData) -> list[tuple[str, list[list[Any]]]]:
    """The values of the internal workbook's cells, computed before timing the bare dump."""
    roll = Rollup(data)
    sheets: list[tuple[str, list[list[Any]]]] = []
    for form in data.forms:
        totals = roll.total(form)
        rows: list[list[Any]] = [[form.title], [data.campaign.title], ["编号", "代码", "项目", "指标", "单位", "合计"]]
        rows += [[i.no, i.code, i.label, i.measure, i.unit, totals[i.code]] for i in form.items]
        sheets.append((f"{form.name}汇总", rows))
    for form in data.forms:
        by_region, totals = roll.region_totals(form), roll.total(form)
        rows = [["代码", "项目", "单位", *[r.display for r in roll.regions], "合计"]]
        rows += [[i.code, i.title, i.unit, *[by_region[r.id][i.code] for r in roll.regions], totals[i.code]]
                 for i in form.items]
        sheets.append((f"{form.name}分地区", rows))
    for form in data.forms:
        totals = roll.total(form)
        rows = [["单位编号", "单位名称", "所属地区", "报送状态", *[i.code for i in form.items]],
                ["", "", "", "", *[i.title for i in form.items]]]
        for u in roll.units:
            sub = data.submissions.get(u.id)
            head = [u.id, u.name, roll.region_name(u.id), data.arrivals[u.id].status]
            if sub is None:
                rows.append([*head, *["未报"] * len(form.items)])
            else:
                values = sub.forms[form.id]
                rows.append([*head, *[values[i.code] for i in form.items]])
        rows.append(["合计", "", "", "", *[totals[i.code] for i in form.items]])
        sheets.append((f"{form.name}分单位", rows))
    rows = []
    for u in roll.units:
        a = data.arrivals[u.id]
        rows.append([u.id, u.name, roll.region_name(u.id), a.status, a.time.isoformat() if a.time else "—", a.source, "@reviewers"])
    sheets.append(("报送情况", rows))
    rows = []
    for u in roll.units:
        sub = data.submissions.get(u.id)
        rows.append([u.id, u.name, sub.reporter if sub else "未报", sub.phone if sub else "", sub.date if sub else ""])
    sheets.append(("联系人", rows))
    return sheets


def bare_dump(sheets: list[tuple[str, list[list[Any]]]], path: Path) -> None:
    """The same cells with openpyxl write-only and nothing else: no styles, no formulas."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


def ours(data: CampaignData, path: Path) -> None:
    campaign_book.build(data, public=False).save(path)


def best(fn: Any, arg: Any, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(arg, path)
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--units", type=int, default=3500)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    t = time.perf_counter()
    data = national(args.units)
    print(f"generated {args.units} units ({len(data.submissions)} reports) in {time.perf_counter() - t:.1f}s")
    cells = sum(len(f.items) + 4 for f in data.forms) * len(data.units)
    with tempfile.TemporaryDirectory() as tmp:
        sheets = same_cells(data)  # not timed: the bare dump gets its values for free
        bare = best(bare_dump, sheets, Path(tmp) / "bare.xlsx", args.repeat)
        mine = best(ours, data, Path(tmp) / "internal.xlsx", args.repeat)
        size = (Path(tmp) / "internal.xlsx").stat().st_size
    ratio = mine / bare
    print(f"unit-sheet cells: {cells:,}; internal workbook {size / 1e6:.1f} MB")
    print(f"bare openpyxl write-only dump: {bare:.2f}s")
    print(f"internal workbook:             {mine:.2f}s")
    print(f"ratio: {ratio:.2f}x (target <= {TARGET}x) {'OK' if ratio <= TARGET else 'SLOW'}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
