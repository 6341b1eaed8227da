"""`warmth validate`: check the registry, forms, campaigns and submissions; findings as data."""

from __future__ import annotations

from pathlib import Path

from . import schemagen, tree
from .findings import Report
from .repo import CAMPAIGN_FILE, FORMS, GENERATED, SUBMISSIONS, UNITS, Repository
from .submission import Submission, check_submission


def validate(repo: Repository, targets: list[Path] | None = None, keep: bool = True) -> tuple[Report, list[Submission]]:
    """Validate targets (files or folders), or everything when there are none.

    keep=False drops each submission's values once checked (a national check stays small)."""
    checked: list[str] = []
    subs: list[Submission] = []
    files = _expand(repo, targets) if targets else None
    # The registry and forms underlie every check: always load them, report their problems.
    repo.registry  # noqa: B018
    repo.forms  # noqa: B018
    if files is None:
        checked.append(UNITS.as_posix())
        checked.extend(repo.rel(p) for p in repo.form_files.values())
        checked.extend(repo.layout.refused)  # files under submissions/ that no check reads
        for cid in repo.campaign_ids:
            repo.campaign(cid)
            checked.append(f"{SUBMISSIONS.as_posix()}/{cid}/{CAMPAIGN_FILE}")
        check_generated(repo)
        for cid in repo.campaign_ids:
            for path in repo.submission_files(cid):
                checked.append(repo.rel(path))
                sub = check_submission(repo, path)
                if sub is not None and keep:
                    subs.append(sub)
        return repo.report(checked), subs
    for kind, rel, path in files:
        checked.append(rel)
        if kind == "campaign":
            repo.campaign(path.parent.name)
        elif kind == "submission":
            sub = check_submission(repo, path)
            if sub is not None:
                subs.append(sub)
        elif kind in ("other", "missing"):
            repo.col(rel).error(1, 1, "unknown-file", "不认识这个文件：它不是单位名录、表式、活动或报送文件", "报送文件放在 submissions/<活动编号>/<单位编号>.yaml")
    rep = repo.report(checked)
    relevant = set(checked) | {UNITS.as_posix()} | {repo.rel(p) for p in repo.form_files.values()}
    relevant |= {f"{SUBMISSIONS.as_posix()}/{c}/{CAMPAIGN_FILE}" for c in repo._campaigns}
    rep.findings = [f for f in rep.findings if f.file in relevant]
    return rep, subs


def classify(repo: Repository, path: Path) -> str:
    """What a path outside submissions/ is (the walk's rules judge what is inside)."""
    rel = Path(repo.rel(path))
    if rel == UNITS:
        return "units"
    if rel.parent == FORMS:
        return "form"
    if rel.parent == GENERATED:
        return "generated"
    return "other"


def _expand(repo: Repository, targets: list[Path]) -> list[tuple[str, str, Path]]:
    """(kind, repository-relative path, path) of every file the targets name; a folder stands
    for what the walk of submissions/ found in it (refused files too) and the forms in it."""
    out: list[tuple[str, str, Path]] = []
    for t in targets:
        kind, rel = tree.judge(repo, t)
        if (kind == "outside" and tree.kind_of_path(t) == tree.DIR) or kind == "folder":
            out.extend(_folder(repo, rel))
        elif kind == "outside":
            out.append((classify(repo, t), rel, t))
        else:
            out.append((kind, rel, t))
    seen: set[str] = set()
    return [x for x in out if not (x[1] in seen or seen.add(x[1]))]  # type: ignore[func-returns-value]


def _folder(repo: Repository, rel: str) -> list[tuple[str, str, Path]]:
    inside = "" if rel in ("", ".") else rel.rstrip("/") + "/"

    def under(r: str) -> bool:
        return r.startswith(inside)

    out: list[tuple[str, str, Path]] = []
    out += [("form", r, p) for p in repo.form_files.values() if under(r := repo.rel(p))]
    layout = repo.layout
    if under(UNITS.as_posix()):
        out.append(("units", UNITS.as_posix(), repo.root / UNITS))
    for cid in layout.campaigns:
        r = f"{SUBMISSIONS.as_posix()}/{cid}/{CAMPAIGN_FILE}"
        if under(r):
            out.append(("campaign", r, repo.root / r))
        out += [("submission", r, p) for p in layout.reports.get(cid, []) if under(r := repo.rel(p))]
    out += [("refused", r, repo.root / r) for r in layout.refused if under(r) or r == rel]
    return sorted(out, key=lambda x: x[1])


def check_generated(repo: Repository) -> None:
    """Committed JSON Schemas must match what the definitions generate."""
    for cid in repo.campaign_ids:
        campaign = repo.campaign(cid)
        if campaign is None:
            continue
        forms = {f: repo.forms[f] for f in campaign.forms if f in repo.forms}
        want = schemagen.dumps(schemagen.submission_schema(campaign, forms))
        path = repo.root / GENERATED / schemagen.schema_name(cid)
        have = path.read_text(encoding="utf-8") if path.is_file() else None
        if have != want:
            what = "不存在" if have is None else "已过期，与表式或活动定义不一致"
            repo.col(path).error(1, 1, "schema-drift", f"生成的 JSON Schema {what}", "运行 warmth schemas 重新生成并提交")


def write_generated(repo: Repository) -> list[Path]:
    """Regenerate schemas/generated/ from the definitions; returns the files written."""
    out_dir = repo.root / GENERATED
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for cid in repo.campaign_ids:
        campaign = repo.campaign(cid)
        if campaign is None:
            continue
        forms = {f: repo.forms[f] for f in campaign.forms if f in repo.forms}
        path = out_dir / schemagen.schema_name(cid)
        text = schemagen.dumps(schemagen.submission_schema(campaign, forms))
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            # a fresh temporary name: a planted link is never written through
            from .excel.atomic import write_text

            write_text(path, text)
            written.append(path)
    return written
