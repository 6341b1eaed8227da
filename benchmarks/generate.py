"""Write a complete national-scale warmth repository of generated, valid data.

    python benchmarks/generate.py --units 3500 OUT

OUT gets the registry (one province-level issuer, cities of about ten units each), one
campaign using the forms of the demo's latest campaign, the form definitions, the generated
schemas and one valid submission per unit. `warmth validate` runs from OUT.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synth import fill, yaml_value  # noqa: E402

from warmth.newfile import render  # noqa: E402
from warmth.repo import Repository  # noqa: E402
from warmth.validate import write_generated  # noqa: E402

CAMPAIGN = "bench"


def generate(out: Path, units: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    (out / "submissions" / CAMPAIGN).mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "schemas", out / "schemas", dirs_exist_ok=True)
    for old in (out / "schemas" / "generated").glob("*.json"):
        old.unlink()
    demo = Repository(ROOT)
    latest = demo.campaign(demo.campaign_ids[-1])
    assert latest is not None
    forms = list(latest.forms)
    ids: list[str] = []
    lines = ["fictional: true", "issuer: nation", 'admins: ["@bench/admins"]', "units:",
             "  - {id: nation, name: 基准测试总工会, level: province}"]
    n_cities = max(1, units // 10)
    for c in range(n_cities):
        cid = f"c{c:04d}"
        lines.append(f"  - {{id: {cid}, name: 第{c + 1}市总工会, short: 第{c + 1}市, level: city, parent: nation}}")
        ids.append(cid)
    k = 0
    while len(ids) < units:
        parent = f"c{k % n_cities:04d}"
        uid = f"{parent}-u{k:05d}"
        lines.append(f"  - {{id: {uid}, name: 第{k + 1}县总工会, short: 第{k + 1}县, level: county, parent: {parent}}}")
        ids.append(uid)
        k += 1
    (out / "submissions" / "units.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "submissions" / CAMPAIGN / "campaign.yaml").write_text(
        f"id: {CAMPAIGN}\nfictional: true\ntitle: 基准测试活动\nissuer: nation\ndoc_number: 测〔2022〕1号\n"
        f'issued: "2021-12-01"\ndeadline: "2022-01-21"\nforms: [{", ".join(forms)}]\n'
        f"reporting_units: [{', '.join(ids)}]\nparams: {{per_person_max: 0.2, jump_max: 3}}\n",
        encoding="utf-8",
    )
    repo = Repository(out)
    campaign = repo.campaign(CAMPAIGN)
    assert campaign is not None and repo.registry is not None
    form_objs = [repo.forms[f] for f in forms]
    write_generated(repo)
    for uid in ids:
        values = {f.id: {c: yaml_value(v) for c, v in fill(f, rng, rng.uniform(0.5, 2.0), campaign.params, repo.registry.units[uid].level).items()} for f in form_objs}
        text = render(campaign, repo.registry.units[uid], form_objs, values)
        text = text.replace("reporter:", "reporter: 基准", 1).replace("phone:", "phone: 0000-1234567", 1)
        text = text.replace("date:", "date: 2022-01-20", 1)
        text = text.replace("（在此填写", f"{repo.registry.units[uid].name}送温暖工作报告。（在此填写", 1)
        (out / "submissions" / CAMPAIGN / f"{uid}.yaml").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=3500)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    generate(args.out, args.units)
    print(f"wrote {args.units} submissions to {args.out}")


if __name__ == "__main__":
    main()
