"""What may live under submissions/, judged from directory entries alone.

Allowed, and nothing else: the registry `units.yaml`; campaign folders, each holding a regular
`campaign.yaml`; in a campaign folder, the reports `<unit>.yaml`. Everything else is an error
naming the file, because no check would read it and it would still be committed and public:
files in a folder with no campaign.yaml (a new folder, a case variant or look-alike of a
campaign's folder), files nested deeper, other extensions (.yml, .json, README.md...), hidden
files (.gitkeep too: submissions/ always holds units.yaml, a campaign folder its campaign.yaml,
so no folder needs a placeholder), names with invisible, full-width or look-alike characters,
symbolic links (dangling or not), FIFOs, devices and sockets.

Entries are judged with lstat (os.scandir gives the type of most entries without a stat);
a link is never followed and nothing here opens a file, so a FIFO cannot make a check hang.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import rules as R
from .findings import Collector

if TYPE_CHECKING:
    from .repo import Repository

SUBMISSIONS = "submissions"
UNITS_NAME = "units.yaml"
CAMPAIGN_NAME = "campaign.yaml"
REPORT_SUFFIX = ".yaml"
# a portable name: what a unit or campaign id can be written with, and the extension
SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+")
JUNK = {".ds_store": "macOS 访达", "thumbs.db": "Windows 资源管理器", "desktop.ini": "Windows 资源管理器"}

FILE, DIR, LINK = "file", "dir", "link"
KIND_ZH = {
    "fifo": "命名管道（FIFO）", "char": "字符设备", "block": "块设备", "socket": "套接字",
    "other": "无法识别的特殊文件", DIR: "文件夹",
}


@dataclass(slots=True)
class Layout:
    """What the walk found: campaign folders, their reports, and the files refused."""

    campaigns: list[str] = field(default_factory=list)
    reports: dict[str, list[Path]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # repository-relative paths with a finding
    index: dict[str, str] = field(default_factory=dict)  # relative path -> campaign/submission/refused


def kind_of_mode(mode: int) -> str:
    if stat.S_ISREG(mode):
        return FILE
    if stat.S_ISDIR(mode):
        return DIR
    if stat.S_ISLNK(mode):
        return LINK
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode):
        return "char"
    if stat.S_ISBLK(mode):
        return "block"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def kind_of_entry(entry: os.DirEntry[str]) -> str:
    """The entry's type without a stat where the directory listing already says it."""
    if entry.is_symlink():
        return LINK
    if entry.is_file(follow_symlinks=False):
        return FILE
    if entry.is_dir(follow_symlinks=False):
        return DIR
    try:
        return kind_of_mode(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        return "other"


def kind_of_path(path: Path) -> str | None:
    """lstat's answer (a link is not followed), or None when there is nothing there."""
    try:
        return kind_of_mode(os.lstat(path).st_mode)
    except OSError:
        return None


def is_regular(path: Path, root: Path) -> bool:
    """Whether path is a regular file reached from root without passing through a link."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    cur = root
    for i, part in enumerate(parts):
        cur = cur / part
        kind = kind_of_path(cur)
        if kind != (FILE if i == len(parts) - 1 else DIR):
            return False
    return True


# -- the walk -------------------------------------------------------------------------------


class _Walk:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.layout = Layout()
        self.units: list[str] | None = None

    def col(self, rel: str) -> Collector:
        self.layout.refused.append(rel)
        return self.repo.col(rel)

    def run(self) -> Layout:
        base = self.repo.root / SUBMISSIONS
        kind = kind_of_path(base)
        if kind != DIR:
            if kind is not None:
                report_not_regular(self.col(SUBMISSIONS), base, kind)
            return self.layout
        folders: list[tuple[str, Path]] = []
        strangers: list[tuple[str, Path]] = []
        for name, path, kind in _listing(base):
            rel = f"{SUBMISSIONS}/{name}"
            if name == UNITS_NAME:
                if kind == DIR:  # the registry's loader names the folder itself
                    self.everything_in(path, rel, lambda r, n: report_units_folder(self.col(r)))
                continue  # the registry is judged (and read) by its own loader
            if kind == DIR and kind_of_path(path / CAMPAIGN_NAME) == FILE:
                folders.append((name, path))
            elif kind == DIR:
                strangers.append((name, path))
            elif kind == FILE:
                col = self.col(rel)
                if name_ok(name, col, self._units):
                    report_top_file(name, col)
            else:
                report_not_regular(self.col(rel), path, kind)
        good = [n for n, _ in folders if SAFE_NAME.fullmatch(n)]
        for name, path in folders:
            if name in good:
                self.campaign_folder(name, path)
            else:
                # everything_in calls stray before it returns, so the loop variable is the current one
                self.everything_in(path, f"{SUBMISSIONS}/{name}", lambda r, n: report_folder_name(name, self.col(r), good))  # noqa: B023
        self.layout.campaigns = sorted(good)
        for name, path in strangers:
            if kind_of_path(path / CAMPAIGN_NAME) is not None:  # a link or a FIFO named campaign.yaml
                self.everything_in(path, f"{SUBMISSIONS}/{name}", lambda r, n: report_bad_campaign(name, r, self.col(r)))  # noqa: B023
            else:
                self.everything_in(path, f"{SUBMISSIONS}/{name}", lambda r, n: report_outside(name, self.col(r), good))  # noqa: B023
        index = self.layout.index
        for cid in good:
            index[f"{SUBMISSIONS}/{cid}/{CAMPAIGN_NAME}"] = "campaign"
            for p in self.layout.reports.get(cid, []):
                index[f"{SUBMISSIONS}/{cid}/{p.name}"] = "submission"
        index.update(dict.fromkeys(self.layout.refused, "refused"))
        return self.layout

    def _units(self) -> list[str]:
        if self.units is None:
            reg = self.repo.registry
            self.units = list(reg.units) if reg is not None else []
        return self.units

    def campaign_folder(self, cid: str, path: Path) -> None:
        rel_dir = f"{SUBMISSIONS}/{cid}"
        reports: list[Path] = []
        for name, child, kind in _listing(path):
            if name == CAMPAIGN_NAME:
                continue
            rel = f"{rel_dir}/{name}"
            if kind == FILE:
                col = self.repo.col(rel)
                if judge_report_name(cid, name, col, self._units):
                    reports.append(child)
                else:
                    self.layout.refused.append(rel)
            elif kind == DIR:
                self.everything_in(child, rel, lambda r, n: report_nested(cid, r, self.col(r)))
            else:
                report_not_regular(self.col(rel), child, kind)
        self.layout.reports[cid] = reports

    def everything_in(self, folder: Path, rel: str, stray: Callable[[str, str], None]) -> None:
        """Report every entry below folder (links and devices as such); an empty folder itself."""
        found = False
        for name, child, kind in _listing(folder):
            found = True
            crel = f"{rel}/{name}"
            if kind == DIR:
                self.everything_in(child, crel, stray)
            elif kind == FILE:
                stray(crel, name)
            else:
                report_not_regular(self.col(crel), child, kind)
        if not found:
            stray(rel, Path(rel).name)


def _listing(folder: Path) -> list[tuple[str, Path, str]]:
    try:
        with os.scandir(folder) as it:
            out = [(e.name, Path(e.path), kind_of_entry(e)) for e in it]
    except OSError:
        return []
    return sorted(out)


def scan(repo: Repository) -> Layout:
    """Walk submissions/ once: the campaigns, their reports, and a finding for each refused file."""
    return _Walk(repo).run()


# -- judging one path (explicit paths given to `warmth validate`) ----------------------------


def judge(repo: Repository, path: Path) -> tuple[str, str]:
    """(kind, repository-relative path) of an explicit path, as the walk judged it: the walk's
    findings are the only ones, so an explicit run and a full run say the same.

    kind: "units", "campaign", "submission", "refused" (with findings), "folder" (a folder
    under submissions/: the caller takes what the walk found in it), "missing", or "outside"
    (not under submissions/: the caller classifies it)."""
    rel = locate(repo, path)
    if rel is None or rel.split("/")[0] != SUBMISSIONS:
        return "outside", rel or path.as_posix()
    if rel == f"{SUBMISSIONS}/{UNITS_NAME}":
        return "units", rel  # the registry's loader judges what it is
    quick = _well_placed(repo.root, rel)
    if quick is not None:  # a pre-commit run on one good report stays independent of the tree's size
        return quick, rel
    layout = repo.layout
    kind = layout.index.get(rel)
    if kind is not None:
        return kind, rel
    parts = rel.split("/")
    for n in range(len(parts) - 1, 0, -1):  # below a refused link or file
        pre = "/".join(parts[:n])
        if layout.index.get(pre) == "refused":
            return "refused", pre
    return ("folder" if kind_of_path(repo.root / rel) == DIR else "missing"), rel


def _well_placed(root: Path, rel: str) -> str | None:
    """"campaign" or "submission" when rel is plainly one (real folders, a regular file, a
    well-formed name in a campaign folder): what the walk would say, at four lstats. None
    when anything is unusual: the walk then decides and words the finding."""
    parts = rel.split("/")
    if len(parts) != 3 or not all(SAFE_NAME.fullmatch(p) for p in parts[1:]):
        return None
    name = parts[2]
    if name != CAMPAIGN_NAME and (name.startswith(".") or not name.endswith(REPORT_SUFFIX) or name == REPORT_SUFFIX):
        return None
    folder = root / SUBMISSIONS / parts[1]
    if kind_of_path(root / SUBMISSIONS) != DIR or kind_of_path(folder) != DIR:
        return None
    if kind_of_path(folder / CAMPAIGN_NAME) != FILE or kind_of_path(folder / name) != FILE:
        return None
    return "campaign" if name == CAMPAIGN_NAME else "submission"


def locate(repo: Repository, path: Path) -> str | None:
    """path relative to the repository root, posix, without following any link in it; None when
    it is not inside. Only the part above the root is resolved (a cwd reached through a link)."""
    a = Path(os.path.abspath(path))
    try:
        return a.relative_to(repo.root).as_posix()
    except ValueError:
        pass
    for p in a.parents:
        try:
            if p.resolve() == repo.root:
                return a.relative_to(p).as_posix()
        except OSError:
            return None
    return None


# -- messages -------------------------------------------------------------------------------


def report_not_regular(col: Collector, path: Path, kind: str) -> None:
    """A link, FIFO, device or socket where a file belongs (the same finding only once)."""
    if any(f.rule in ("file-symlink", "file-type") for f in col.findings):
        return
    if kind == LINK:
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        if os.path.exists(path):
            col.report(R.FILE_SYMLINK, 1, 1, target=target)
        else:
            col.report(R.FILE_SYMLINK, 1, 1, wording=R.FILE_SYMLINK_BROKEN, target=target)
        return
    what = KIND_ZH.get(kind, KIND_ZH["other"])
    col.report(R.FILE_TYPE, 1, 1, what=what)


def report_top_file(name: str, col: Collector) -> None:
    col.report(R.STRAY_FILE, 1, 1, hint=_hint_for(name, top=True), wording=R.STRAY_TOP, name=name)


def report_units_folder(col: Collector) -> None:
    col.report(R.STRAY_FILE, 1, 1, wording=R.STRAY_UNITS_FOLDER)


def report_nested(cid: str, rel: str, col: Collector) -> None:
    sub = rel.split("/")[2]
    col.report(R.STRAY_FILE, 1, 1, wording=R.STRAY_NESTED, cid=cid, sub=sub)


def report_folder_name(folder: str, col: Collector, campaigns: list[str]) -> None:
    like = lookalike(folder, campaigns)
    hint = f"这是活动 {like[0]} 的文件夹吗？把文件移到 submissions/{like[0]}/ 下" if like else None
    col.report(R.FILE_NAME, 1, 1, hint=hint, wording=R.FILE_NAME_FOLDER, folder=folder, chars=describe_chars(folder))


def report_bad_campaign(folder: str, rel: str, col: Collector) -> None:
    col.report(R.STRAY_FILE, 1, 1, wording=R.STRAY_BAD_CAMPAIGN, folder=folder)


def report_outside(folder: str, col: Collector, campaigns: list[str]) -> None:
    """A file in a folder with no campaign.yaml: named as a look-alike of a campaign if it is one."""
    like = lookalike(folder, campaigns)
    if like is not None:
        cid, how = like
        col.report(R.LOOKALIKE_FOLDER, 1, 1, folder=folder, cid=cid, how=how)
        return
    known = "、".join(campaigns) or "（无）"
    col.report(R.STRAY_FILE, 1, 1, wording=R.STRAY_NO_CAMPAIGN, folder=folder, known=known)


def judge_report_name(cid: str, name: str, col: Collector, units: Callable[[], list[str]]) -> bool:
    """Whether a regular file in campaign folder cid is named as a report; a finding if not."""
    if name.startswith("."):
        if name.lower() in JUNK:
            col.report(R.STRAY_FILE, 1, 1, wording=R.STRAY_JUNK, program=JUNK[name.lower()])
        else:
            col.report(R.STRAY_FILE, 1, 1, wording=R.STRAY_HIDDEN, name=name)
        return False
    if not name_ok(name, col, units):
        return False
    stem, dot, ext = name.rpartition(".")
    if dot and "." + ext == REPORT_SUFFIX and stem:
        return True
    if dot and ext.lower() in ("yaml", "yml") and stem:
        col.report(R.FILE_NAME, 1, 1, wording=R.FILE_NAME_SUFFIX, suffix=f".{ext}", stem=stem)
        return False
    col.report(R.STRAY_FILE, 1, 1, hint=_hint_for(name, top=False), cid=cid, name=name)
    return False


def _hint_for(name: str, top: bool) -> str:
    low = name.lower()
    if low in JUNK:
        return f"这是{JUNK[low]}自动生成的文件，删除它（可以把它的名字加入 .gitignore）"
    if low.startswith("readme"):
        return "说明文字请写在 docs/ 的页面里"
    if name.startswith("."):
        return "删除这个隐藏文件"
    if top and low.endswith((".yaml", ".yml")):
        return "报送文件应放在活动文件夹里：submissions/<活动编号>/<单位编号>.yaml"
    return "删除它，或移出 submissions/；报送文件写作 submissions/<活动编号>/<单位编号>.yaml"


def name_ok(name: str, col: Collector, units: Callable[[], list[str]]) -> bool:
    """Whether a file name uses only portable characters; else a finding naming each odd one
    (units: the registered unit ids, asked for only then, to say which one it looks like)."""
    if SAFE_NAME.fullmatch(name):
        return True
    stem = name.rpartition(".")[0] or name
    like = lookalike(stem, units())
    hint = "重新输入文件名（不要复制粘贴），只用小写字母、数字和连字符，例如 <单位编号>.yaml"
    if like is not None:
        hint = f"这是 {like[0]}{REPORT_SUFFIX} 吗？重新输入文件名，不要复制粘贴"
    col.report(R.FILE_NAME, 1, 1, hint=hint, name=name, chars=describe_chars(name))
    return False


def describe_chars(name: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(name):
        if SAFE_NAME.fullmatch(ch):
            continue
        code = f"U+{ord(ch):04X}"
        wide = unicodedata.normalize("NFKC", ch)
        cat = unicodedata.category(ch)
        if ch.isspace():
            where = "开头的" if i == 0 else "末尾的" if i == len(name) - 1 else ""
            out.append(f"{where}空格（{code}）")
        elif cat in ("Cf", "Cc", "Co", "Cn") or ch in "\u115f\u1160\u3164\uffa0":
            out.append(f"看不见的字符 {code}")
        elif cat.startswith("M"):
            out.append(f"附加在前一个字母上的符号 {code}（名字可能是 NFD 形式）")
        elif wide != ch and wide.isascii() and SAFE_NAME.fullmatch(wide):
            out.append(f"全角字符“{ch}”（应为半角“{wide}”）")
        else:
            latin = _latin_twin(ch)
            uname = unicodedata.name(ch, code)
            if latin:
                out.append(f"与“{latin}”形似的“{ch}”（{code} {uname}）")
            else:
                out.append(f"“{ch}”（{code} {uname}）")
    return "、".join(dict.fromkeys(out))


def _latin_twin(ch: str) -> str | None:
    """The Latin letter or digit ch is made to look like: by its name (CYRILLIC SMALL LETTER
    A is an a), else by Unicode's table of confusable characters."""
    words = unicodedata.name(ch, "").split()
    if words and len(words[-1]) == 1 and words[-1].isascii() and words[-1].isalnum() and "LETTER" in words:
        return words[-1].lower() if "SMALL" in words else words[-1]
    # only a name with odd characters needs it; confusables ships no type information
    from confusables import confusable_characters  # type: ignore[import-untyped]

    twins: list[str] = confusable_characters(ch) or []
    for c in twins:
        if c.isascii() and len(c) == 1 and SAFE_NAME.fullmatch(c):
            return c
    return None


def _skeleton(s: str) -> str:
    """s as it looks: compatibility forms folded, invisible characters and spaces dropped."""
    s = unicodedata.normalize("NFKC", s)
    s = "".join(ch for ch in s if not (ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Mn")))
    return s


# ASCII letters and digits people take for one another in a file name: O and 0, l, I, i and 1,
# rn and m; and a trailing dot, which Windows does not show
_ASCII_TWINS = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l"})


def _ascii_skeleton(s: str) -> str:
    return s.casefold().rstrip(".").replace("rn", "m").replace("vv", "w").translate(_ASCII_TWINS)


def _ascii_diff(name: str, like: str) -> str:
    """Where name differs from like, as “写的是”/“应为” pairs (the whole names if their lengths differ)."""
    if len(name) != len(like):
        return f"写的是“{name}”，应为“{like}”"
    pairs = [f"“{a}”应为“{b}”" for a, b in zip(name, like, strict=True) if a != b]
    return "、".join(dict.fromkeys(pairs))


def lookalike(name: str, candidates: list[str]) -> tuple[str, str] | None:
    """(candidate, how it differs) when name differs from a candidate only by case or by
    characters that look the same (homoglyphs, full-width forms, invisible characters)."""
    if name in candidates:
        return None
    for c in candidates:
        if name.casefold() == c.casefold():
            return c, "只有大小写不同"
    skel = _skeleton(name)
    for c in candidates:
        if skel == c:
            return c, f"看起来一样，实际含有不同的字符（{describe_chars(name)}）"
        if skel.casefold() == c.casefold():
            return c, f"只有大小写和看不见的字符不同（{describe_chars(name)}）"
    if skel.isascii():
        plain = _ascii_skeleton(skel)
        for c in candidates:
            if plain == _ascii_skeleton(c):
                return c, f"看起来一样，实际是不同的字母或数字（{_ascii_diff(skel, c)}）"
        return None
    from confusables import is_confusable

    for c in candidates:
        if is_confusable(skel, c):
            return c, f"看起来一样，实际含有不同的字符（{describe_chars(name)}）"
    return None
