"""When each report arrived, and whether it was on time, late or is still missing.

Arrival is the time the report first landed on the main branch (from Git). A campaign whose
reports came in before the repository existed lists each receipt time in campaign.yaml
(``received``), and that list wins for the units it names.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .campaigns import CHINA_TZ, Campaign, parse_time
from .gitutil import files_at, resolve
from .repo import SUBMISSIONS, Repository

ON_TIME, LATE, MISSING = "已报", "逾期", "未报"


@dataclass(frozen=True, slots=True)
class Arrival:
    unit: str
    status: str  # 已报 / 逾期 / 未报
    time: datetime | None
    source: str  # "git", "登记" (received in campaign.yaml), "工作区" (in the working tree, not committed yet), ""


def git_first_added(root: Path, folder: str, ref: str = "HEAD") -> dict[str, datetime]:
    """First commit time at which each file under folder appeared on ref (one git call)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", ref, "--reverse", "--diff-filter=A", "--no-renames",
             "--format=@%cI", "--name-only", "--", folder],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return {}
    first: dict[str, datetime] = {}
    when: datetime | None = None
    for line in out.splitlines():
        if line.startswith("@"):
            when = datetime.fromisoformat(line[1:])
        elif line.strip() and when is not None:
            first.setdefault(Path(line.strip()).stem, when)
    return first


def arrivals(repo: Repository, campaign: Campaign, ref: str = "HEAD") -> list[Arrival]:
    """Each reporting unit's arrival. At HEAD the reports are the files in the working tree
    (one not committed yet has no time: on time until the deadline passes, late after); at
    another ref, the files that ref holds. GitError when ref names no commit."""
    folder = f"{SUBMISSIONS.as_posix()}/{campaign.id}"
    if ref == "HEAD":
        present = {p.stem for p in repo.submission_files(campaign.id) if p.suffix == ".yaml"}
    else:
        present = {Path(n).stem for n in files_at(repo.root, resolve(repo.root, ref), folder) if n.endswith(".yaml")}
    from_git = git_first_added(repo.root, folder, ref)
    received = campaign.received
    deadline = campaign.deadline_end()
    now = datetime.now(CHINA_TZ)
    out: list[Arrival] = []
    for uid in campaign.reporting_units:
        if uid in received:
            t, src = parse_time(received[uid]), "登记"
        elif uid in from_git:
            t, src = from_git[uid], "git"
        elif uid in present:
            t, src = None, "工作区"
        else:
            out.append(Arrival(uid, MISSING, None, ""))
            continue
        if uid not in present:
            out.append(Arrival(uid, MISSING, None, ""))
            continue
        status = ON_TIME if (t or now) < deadline else LATE
        out.append(Arrival(uid, status, t, src))
    return out
