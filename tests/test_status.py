"""`warmth status`: who has reported, who is late and who is missing, from the time a report
first landed on main (Git), or from the receipt times a campaign lists."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml

from .conftest import git, make_repo

CID = "2022-spring"


def test_demo_status_from_receipt_times(demo: Path, warmth) -> None:
    r = warmth("status", CID, cwd=demo)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == "云澜省2022年春节送温暖活动（截止 2022-01-21）"
    # the totals follow from the campaign's list, its receipt times (all in Beijing time here)
    # and the reports in the folder
    campaign = yaml.safe_load((demo / "submissions" / CID / "campaign.yaml").read_text(encoding="utf-8"))
    units, received, deadline = campaign["reporting_units"], campaign["received"], campaign["deadline"]
    filed = [u for u in units if (demo / "submissions" / CID / f"{u}.yaml").is_file()]
    assert all(received[u].endswith("+08:00") for u in filed)
    late = sum(received[u][:10] > deadline for u in filed)
    on_time, missing = len(filed) - late, len(units) - len(filed)
    assert late and missing and on_time  # the demo shows every kind
    assert lines[-1] == f"共 {len(units)} 个单位：已报 {on_time}，逾期 {late}，未报 {missing}。"
    late = next(line for line in lines if "桐溪县总工会" in line)
    assert late.split()[:3] == ["逾期", "桐溪县总工会", "2022-01-24"] and late.endswith("（登记）")
    assert re.match(r"  未报  柳湾县总工会 +—$", next(line for line in lines if "柳湾县" in line))
    # the time column starts at the same place on every line (CJK characters are two columns)
    from warmth.width import display_width

    starts = {display_width(line[: m.start()]) for line in lines[1:-1] if (m := re.search(r"\d{4}-|—", line))}
    assert len(starts) == 1, starts


def test_status_from_git_first_landing(tmp_path: Path, warmth) -> None:
    """Without receipt times, a report is on time if it first landed on main by the end of the
    deadline day (Beijing time); a later edit does not change that."""
    demo = make_repo(tmp_path / "repo", commit=False)
    subprocess.run(["git", "init", "-q", "-b", "main", str(demo)], check=True)
    campaign = demo / "submissions" / CID / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(re.sub(r"\nreceived:\n(?:  .*\n)+", "\n", text), encoding="utf-8")
    folder = demo / "submissions" / CID
    late_file = folder / "jinrong.yaml"
    kept = late_file.read_text(encoding="utf-8")
    late_file.unlink()
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "reports in time", env={"GIT_COMMITTER_DATE": "2022-01-21T23:50:00+08:00"})
    late_file.write_text(kept, encoding="utf-8")
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "a late report", env={"GIT_COMMITTER_DATE": "2022-01-22T00:10:00+08:00"})
    on_time = folder / "jiaotong.yaml"
    on_time.write_text(on_time.read_text(encoding="utf-8").replace("reporter: ", "reporter: 王"), encoding="utf-8")
    git(demo, "commit", "-qam", "an edit after the deadline", env={"GIT_COMMITTER_DATE": "2022-02-01T09:00:00+08:00"})

    r = warmth("status", CID, "--format", "json", cwd=demo)
    assert r.code == 0, r.err
    rows = {row["unit"]: row for row in json.loads(r.out)}
    assert rows["jinrong"]["status"] == "逾期" and rows["jinrong"]["source"] == "git"
    assert rows["jinrong"]["time"] == "2022-01-22T00:10:00+08:00"
    assert rows["jiaotong"]["status"] == "已报" and rows["jiaotong"]["time"] == "2022-01-21T23:50:00+08:00"
    assert rows["luming-liuwan"] == {"unit": "luming-liuwan", "name": "柳湾县总工会", "status": "未报", "time": None, "source": ""}
    assert sum(row["status"] == "逾期" for row in rows.values()) == 1
    # before the late commit (--ref), the late unit had not reported at all
    r = warmth("status", CID, "--ref", "HEAD~2", "--format", "json", cwd=demo)
    before = {row["unit"]: row["status"] for row in json.loads(r.out)}
    assert before["jinrong"] == "未报"


def test_status_of_a_report_not_yet_committed_and_a_bad_ref(demo: Path, warmth) -> None:
    folder = demo / "submissions" / CID
    (folder / "luming-liuwan.yaml").write_text(
        (folder / "luming-baisha.yaml").read_text(encoding="utf-8").replace("unit: luming-baisha", "unit: luming-liuwan"),
        encoding="utf-8")
    rows = {row["unit"]: row for row in json.loads(warmth("status", CID, "--format", "json", cwd=demo).out)}
    # the deadline (2022) has passed, so a report that has not even landed yet is late
    assert (rows["luming-liuwan"]["status"], rows["luming-liuwan"]["source"], rows["luming-liuwan"]["time"]) == ("逾期", "工作区", None)
    r = warmth("status", CID, "--ref", "no-such-branch", cwd=demo)
    assert r.code == 2 and "找不到分支或提交“no-such-branch”" in r.err and "Traceback" not in r.err
