"""Files that escape the checks: every file under submissions/ is the registry, a campaign file
or a report of a known campaign; everything else is an error naming the file, in a full run
and when the path is given explicitly. Links are never followed, FIFOs never opened."""

from __future__ import annotations

import os
import socket
import stat
import unicodedata
from pathlib import Path

import pytest

from warmth import tree
from warmth.repo import Repository
from warmth.validate import validate

from .conftest import make_repo, run_warmth

CID = "2022-spring"
UNIT = "qinglan-donghu"
REPORT = f"submissions/{CID}/{UNIT}.yaml"
SECRET = "绝密内容-不应出现在任何输出里"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An uncommitted copy of the demo (the walk reads the working tree, not Git)."""
    return make_repo(tmp_path / "repo", commit=False)


def _errors(root: Path, targets: list[Path] | None = None) -> dict[str, list]:
    report, _ = validate(Repository(root), targets)
    out: dict[str, list] = {}
    for f in report.findings:
        if f.severity == "error":
            out.setdefault(f.file, []).append(f)
    return out


def _put(root: Path, rel: str, text: str = "campaign: 2022-spring\n") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _assert_refused(root: Path, rel: str, rule: str, *words: str) -> None:
    """The full run and an explicit run both name rel with rule, and the message says words."""
    for targets in (None, [root / rel]):
        found = _errors(root, targets).get(rel, [])
        assert [f.rule for f in found] == [rule], (targets, found)
        text = found[0].message + found[0].hint
        for w in words:
            assert w in text, (w, text)
        assert found[0].hint, "every refusal carries a hint"


# -- regular files where none belongs ----------------------------------------------------------

STRAYS = [
    # (path, rule, words the message or hint must say)
    ("submissions/x.yaml", "stray-file", ("submissions/<活动编号>/<单位编号>.yaml",)),
    ("submissions/qinglan-donghu.yml", "stray-file", ("units.yaml",)),
    ("submissions/README.md", "stray-file", ("docs/",)),
    ("submissions/.gitkeep", "stray-file", (".gitkeep",)),
    ("submissions/.DS_Store", "stray-file", ("macOS",)),
    ("submissions/notes", "stray-file", ("notes",)),
    (f"submissions/{CID}/README.md", "stray-file", ("docs/", CID)),
    (f"submissions/{CID}/data.json", "stray-file", ("data.json",)),
    (f"submissions/{CID}/noext", "stray-file", ("noext",)),
    (f"submissions/{CID}/{UNIT}.yaml~", "file-name", ("U+007E",)),  # an editor's backup
    (f"submissions/{CID}/{UNIT}.yaml.bak", "stray-file", (".bak",)),
    (f"submissions/{CID}/.{UNIT}.yaml", "stray-file", ("隐藏文件",)),
    (f"submissions/{CID}/.gitkeep", "stray-file", ("隐藏文件",)),
    (f"submissions/{CID}/Thumbs.db", "stray-file", ("Windows",)),
    (f"submissions/{CID}/{UNIT}.yml", "file-name", (".yml", f"{UNIT}.yaml")),
    (f"submissions/{CID}/{UNIT}.YAML", "file-name", (".YAML", f"{UNIT}.yaml")),
    (f"submissions/{CID}/{UNIT}.Yaml", "file-name", (".Yaml",)),
    (f"submissions/{CID}/sub/{UNIT}.yaml", "stray-file", ("子文件夹", "“sub”")),
    (f"submissions/{CID}/a/b/c.yaml", "stray-file", ("子文件夹", "“a”")),
    (f"submissions/{CID}/x.yaml/inner.yaml", "stray-file", ("“x.yaml”",)),
    (f"submissions/2023-spring/{UNIT}.yaml", "stray-file", ("没有 campaign.yaml", "2021-qinglan、2021-spring、2022-fengdu、2022-spring")),
    ("submissions/2023-spring/.gitkeep", "stray-file", ("没有 campaign.yaml",)),
    ("submissions/drafts/2022-spring/x.yaml", "stray-file", ("“drafts”",)),
    ("submissions/units.yaml.bak", "stray-file", ("units.yaml.bak",)),
]


@pytest.mark.parametrize(("rel", "rule", "words"), STRAYS, ids=[s[0] for s in STRAYS])
def test_stray_file_is_an_error_naming_it(repo: Path, rel: str, rule: str, words: tuple[str, ...]) -> None:
    src = (repo / REPORT).read_text(encoding="utf-8")  # a perfectly valid report, in the wrong place
    _put(repo, rel, src)
    _assert_refused(repo, rel, rule, *words)
    # its content is never checked: the valid report in the wrong place brings no other finding
    assert set(_errors(repo)) == {rel}


def test_empty_folder_named_like_a_report_is_named(repo: Path) -> None:
    (repo / f"submissions/{CID}/{UNIT}-2.yaml").mkdir()
    rel = f"submissions/{CID}/{UNIT}-2.yaml"
    assert [f.rule for f in _errors(repo)[rel]] == ["stray-file"]
    assert "子文件夹" in _errors(repo, [repo / rel])[rel][0].message


def test_explicit_folder_reports_what_is_in_it(repo: Path) -> None:
    _put(repo, "submissions/2023-spring/a.yaml")
    _put(repo, "submissions/2023-spring/deep/b.yaml")
    found = _errors(repo, [repo / "submissions/2023-spring"])
    assert set(found) == {"submissions/2023-spring/a.yaml", "submissions/2023-spring/deep/b.yaml"}


def test_cli_exit_code_and_file_list(repo: Path) -> None:
    _put(repo, f"submissions/{CID}/README.md", "说明\n")
    res = run_warmth("validate", "--format", "json", cwd=repo)
    assert res.code == 1, res.err
    import json

    out = json.loads(res.out)
    assert f"submissions/{CID}/README.md" in out["files"]
    assert [f["rule"] for f in out["findings"] if f["file"] == f"submissions/{CID}/README.md"] == ["stray-file"]


# -- folders that look like a campaign's folder ------------------------------------------------


def _case_variants(name: str) -> list[str]:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    out = {name.upper(), name.title(), name.swapcase()}
    out |= {name[:i] + name[i].upper() + name[i + 1:] for i in letters}
    return sorted(out - {name})


HOMOGLYPHS = {"s": "ѕ", "p": "р", "i": "і", "o": "о", "a": "а", "e": "е", "c": "с", "2": "２", "0": "０", "-": "‐"}
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def _lookalikes(name: str) -> list[str]:
    out = set()
    for i, c in enumerate(name):
        if c in HOMOGLYPHS:
            out.add(name[:i] + HOMOGLYPHS[c] + name[i + 1:])
    for z in INVISIBLE:
        out.add(name + z)
        out.add(name[:4] + z + name[4:])
    out |= {name + " ", " " + name, name.replace("-", "\u2013"), name.replace("-", "\uff0d"),
            unicodedata.normalize("NFKC", name).replace("2", "\uff12")}
    return sorted(out - {name})


@pytest.mark.parametrize("folder", _case_variants(CID))
def test_case_variant_of_a_campaign_folder(repo: Path, folder: str) -> None:
    rel = f"submissions/{folder}/{UNIT}.yaml"
    _put(repo, rel, (repo / REPORT).read_text(encoding="utf-8"))
    _assert_refused(repo, rel, "lookalike-folder", f"“{folder}”", CID, "大小写", f"submissions/{CID}/")


@pytest.mark.parametrize("folder", _lookalikes(CID), ids=ascii)
def test_lookalike_of_a_campaign_folder(repo: Path, folder: str) -> None:
    rel = f"submissions/{folder}/{UNIT}.yaml"
    _put(repo, rel, (repo / REPORT).read_text(encoding="utf-8"))
    odd = next(c for c in folder if not (c.isascii() and (c.isalnum() or c == "-")))
    _assert_refused(repo, rel, "lookalike-folder", CID, f"U+{ord(odd):04X}" if not _fullwidth(odd) else odd)


def _fullwidth(c: str) -> bool:
    return unicodedata.normalize("NFKC", c) != c and unicodedata.normalize("NFKC", c).isascii() and not c.isspace()


def test_lookalike_folder_with_its_own_campaign_file(repo: Path) -> None:
    """A copied campaign.yaml does not make a look-alike folder a campaign."""
    folder = CID.replace("p", "р")  # Cyrillic er
    _put(repo, f"submissions/{folder}/campaign.yaml", (repo / f"submissions/{CID}/campaign.yaml").read_text(encoding="utf-8"))
    _put(repo, f"submissions/{folder}/{UNIT}.yaml", (repo / REPORT).read_text(encoding="utf-8"))
    found = _errors(repo)
    for rel in (f"submissions/{folder}/campaign.yaml", f"submissions/{folder}/{UNIT}.yaml"):
        assert [f.rule for f in found[rel]] == ["file-name"], found
        assert "U+0440" in found[rel][0].message and CID in found[rel][0].hint
    assert folder not in Repository(repo).campaign_ids


# ASCII letters and digits taken for one another: each twin of each letter of the campaign id
ASCII_TWINS = {"0": "Oo", "i": "l1|"}  # ("I" is only a case variant: named as one above)


def _ascii_lookalikes(name: str) -> list[tuple[str, str]]:
    """(folder, what the message must name) for names that differ from name only by ASCII twins."""
    out = [(name[:i] + t + name[i + 1:], f"“{t}”应为“{c}”") for i, c in enumerate(name) for t in ASCII_TWINS.get(c, "")]
    out.append((name + ".", "应为“" + name + "”"))
    return out


@pytest.mark.parametrize(("folder", "says"), _ascii_lookalikes(CID), ids=[f for f, _ in _ascii_lookalikes(CID)])
def test_ascii_lookalike_of_a_campaign_folder(repo: Path, folder: str, says: str) -> None:
    rel = f"submissions/{folder}/{UNIT}.yaml"
    _put(repo, rel, (repo / REPORT).read_text(encoding="utf-8"))
    _assert_refused(repo, rel, "lookalike-folder", f"“{folder}”", CID, "不同的字母或数字", says, f"submissions/{CID}/")


def test_unrelated_new_folder_is_not_called_a_lookalike(repo: Path) -> None:
    _put(repo, f"submissions/2023-spring/{UNIT}.yaml")
    [f] = _errors(repo)[f"submissions/2023-spring/{UNIT}.yaml"]
    assert f.rule == "stray-file"


# -- odd characters in report names --------------------------------------------------------------


def _odd_names(stem: str) -> list[tuple[str, str]]:
    """(file name, what the message must name) for names that look like stem.yaml."""
    out = []
    for z in INVISIBLE:
        out.append((f"{stem}{z}.yaml", f"U+{ord(z):04X}"))
        out.append((f"{stem[:3]}{z}{stem[3:]}.yaml", f"U+{ord(z):04X}"))
    for i, c in enumerate(stem):
        if c in HOMOGLYPHS and not _fullwidth(HOMOGLYPHS[c]):
            g = HOMOGLYPHS[c]
            out.append((f"{stem[:i]}{g}{stem[i + 1:]}.yaml", f"U+{ord(g):04X}"))
    out.append((f"{stem} .yaml", "空格（U+0020）"))
    out.append((f" {stem}.yaml", "开头的空格"))
    out.append((f"{stem}.yaml ", "末尾的空格"))
    out.append((f"ｑ{stem[1:]}.yaml", "全角字符“ｑ”"))
    out.append((f"{stem[:-1]}\uff55.yaml", "全角字符"))
    return out


@pytest.mark.parametrize(("name", "says"), _odd_names(UNIT), ids=ascii)
def test_report_name_with_odd_characters(repo: Path, name: str, says: str) -> None:
    rel = f"submissions/{CID}/{name}"
    _put(repo, rel, (repo / REPORT).read_text(encoding="utf-8"))
    _assert_refused(repo, rel, "file-name", says, f"{UNIT}.yaml")


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_accented_names_in_either_normal_form(repo: Path, form: str) -> None:
    """A name with é is refused whether the file system keeps it composed or decomposed."""
    name = unicodedata.normalize(form, "qinglan-dónghu.yaml")
    rel = f"submissions/{CID}/{name}"
    _put(repo, rel)
    found = _errors(repo)[rel]
    assert [f.rule for f in found] == ["file-name"]
    assert ("U+0301" in found[0].message) == (form == "NFD")
    assert ("U+00F3" in found[0].message) == (form == "NFC")


# -- what is not a regular file ------------------------------------------------------------------


def _link(repo: Path, rel: str, target: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def _secret(repo: Path) -> Path:
    p = repo.parent / "secret.yaml"
    p.write_text(f"campaign: 2022-spring\nunit: {UNIT}\nreport: {SECRET}\n", encoding="utf-8")
    return p


LINKS = [
    # (link path, target, rule words)
    (f"submissions/{CID}/qinglan-gaoxin.yaml", f"{UNIT}.yaml", ("符号链接",)),
    (f"submissions/{CID}/qinglan-gaoxin.yaml", "../units.yaml", ("符号链接",)),
    (f"submissions/{CID}/qinglan-gaoxin.yaml", "SECRET", ("符号链接",)),
    (f"submissions/{CID}/qinglan-gaoxin.yaml", "/nonexistent/x.yaml", ("断开",)),
    (f"submissions/{CID}/qinglan-gaoxin.yaml", "qinglan-gaoxin.yaml", ("断开",)),  # a loop
    (f"submissions/{CID}/notes", "/etc", ("符号链接",)),
    ("submissions/extra.yaml", "units.yaml", ("符号链接",)),
    ("submissions/2023-spring", CID, ("符号链接",)),
]


@pytest.mark.parametrize(("rel", "target", "words"), LINKS, ids=[f"{a}->{b}" for a, b, _ in LINKS])
def test_symlinks_are_refused_and_never_followed(repo: Path, rel: str, target: str, words: tuple[str, ...]) -> None:
    if target == "SECRET":
        target = str(_secret(repo))
    _link(repo, rel, target)
    _assert_refused(repo, rel, "file-symlink", *words)
    res = run_warmth("validate", "--format", "json", cwd=repo)
    assert res.code == 1 and SECRET not in res.out and SECRET not in res.err


def test_path_through_a_linked_folder_is_refused(repo: Path) -> None:
    """submissions/2023-spring -> 2022-spring: its reports are not reached through the link."""
    _link(repo, "submissions/2023-spring", CID)
    found = _errors(repo, [repo / f"submissions/2023-spring/{UNIT}.yaml"])
    assert [f.rule for f in found["submissions/2023-spring"]] == ["file-symlink"]
    assert "2023-spring" not in Repository(repo).campaign_ids


def test_campaign_folder_itself_a_link(repo: Path) -> None:
    real = repo.parent / "elsewhere"
    (repo / "submissions/2021-spring").rename(real)
    _link(repo, "submissions/2021-spring", str(real))
    found = _errors(repo)
    assert [f.rule for f in found["submissions/2021-spring"]] == ["file-symlink"]
    assert "2021-spring" not in Repository(repo).campaign_ids


@pytest.mark.parametrize("what", ["link", "fifo", "dangling"])
def test_registry_and_campaign_file_must_be_regular(repo: Path, what: str) -> None:
    for rel in ("submissions/units.yaml", "submissions/2021-spring/campaign.yaml"):
        path = repo / rel
        moved = repo.parent / path.name
        path.rename(moved)
        if what == "link":
            os.symlink(moved, path)
        elif what == "dangling":
            os.symlink(repo.parent / "gone.yaml", path)
        else:
            os.mkfifo(path)
    res = run_warmth("validate", "--format", "json", cwd=repo)  # a FIFO is never opened: no hang
    assert res.code == 1, res.err
    import json

    rules = {(f["file"], f["rule"]) for f in json.loads(res.out)["findings"]}
    rule = "file-type" if what == "fifo" else "file-symlink"
    assert ("submissions/units.yaml", rule) in rules
    assert ("submissions/2021-spring/campaign.yaml", rule) in rules
    # the folder of a campaign whose campaign.yaml is not a file is no campaign: its reports are named
    assert ("submissions/2021-spring/fengdu.yaml", "stray-file") in rules


def _mkfifo(path: Path) -> None:
    os.mkfifo(path)


def _mksock(path: Path) -> socket.socket:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    cwd = os.getcwd()
    os.chdir(path.parent)  # a relative name: temp paths can exceed the 108 bytes of sun_path
    try:
        s.bind(path.name)
    finally:
        os.chdir(cwd)
    return s


SPECIAL = ["fifo", "socket", "char", "block"]


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("rel", [f"submissions/{CID}/qinglan-gaoxin.yaml", "submissions/2023-spring/x.yaml", "submissions/x"])
def test_special_files_are_refused_unopened(repo: Path, kind: str, rel: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    keep = None
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        keep = _mksock(path)
    else:
        mode = stat.S_IFCHR if kind == "char" else stat.S_IFBLK
        os.mknod(path, mode | 0o600, os.makedev(1, 3) if kind == "char" else os.makedev(7, 0))
    try:
        words = {"fifo": "命名管道", "socket": "套接字", "char": "字符设备", "block": "块设备"}[kind]
        _assert_refused(repo, rel, "file-type", words)
        for args in (("validate",), ("validate", rel)):  # the real command, in both forms, returns
            res = run_warmth(*args, cwd=repo)
            assert res.code == 1 and rel in res.out, res.out + res.err
    finally:
        if keep is not None:
            keep.close()


# -- cost ----------------------------------------------------------------------------------------


def test_walk_stats_folders_not_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk reads types from directory entries: no stat per report, only one per folder."""
    demo_reports = [p for p in (repo / "submissions" / CID).glob("*.yaml") if p.name != "campaign.yaml"]
    for i in range(300):
        _put(repo, f"submissions/{CID}/unit-{i:03d}.yaml")
    calls = []
    real_lstat, real_stat = os.lstat, os.stat
    monkeypatch.setattr(os, "lstat", lambda p, *a, **k: calls.append(p) or real_lstat(p, *a, **k))
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: calls.append(p) or real_stat(p, *a, **k))
    r = Repository(repo)
    r.registry  # noqa: B018  (loaded by any run; not part of the walk)
    calls.clear()
    layout = tree.scan(r)
    assert demo_reports and len(layout.reports[CID]) == len(demo_reports) + 300
    folders = len(layout.campaigns)
    assert len(calls) <= 2 * folders + 2, calls


@pytest.mark.parametrize("findings", [False, True])
def test_review_never_reads_a_linked_report(demo: Path, findings: bool) -> None:
    from .conftest import git

    git(demo, "checkout", "-qb", "pr")
    path = demo / REPORT
    path.unlink()
    os.symlink(_secret(demo), path)
    git(demo, "add", "-A")
    git(demo, "commit", "-qm", "link")
    res = run_warmth("review", "--base", "main", *(["--findings"] if findings else []), cwd=demo)
    assert SECRET not in res.out and SECRET not in res.err
    assert "不是普通文件" in res.out, res.out + res.err
    if findings:
        assert "file-symlink" in res.out


def test_previous_campaigns_report_is_not_read_through_a_link(repo: Path) -> None:
    """Year-on-year rules compare with last year's report only when it is a real file there."""
    target = f"submissions/{CID}/fengdu-nanjin.yaml"
    report, _ = validate(Repository(repo), [repo / target])
    assert {f.rule for f in report.warnings} >= {"C-jump", "D-jump"}  # fengdu-nanjin jumped
    last = repo / "submissions/2021-spring/fengdu-nanjin.yaml"
    outside = repo.parent / "last-year.yaml"
    last.rename(outside)
    os.symlink(outside, last)
    report, _ = validate(Repository(repo), [repo / target])
    assert not {f.rule for f in report.findings} & {"C-jump", "D-jump"}
    assert "file-symlink" in {f.rule for f in _errors(repo).get("submissions/2021-spring/fengdu-nanjin.yaml", [])}


def test_explicit_good_report_does_not_walk_the_tree(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pre-commit run on one good report costs the same however many reports there are."""
    def no_walk(_repo: Repository) -> tree.Layout:
        raise AssertionError("the whole tree was walked")

    monkeypatch.setattr(tree, "scan", no_walk)
    for rel in (REPORT, f"submissions/{CID}/campaign.yaml"):
        report, _ = validate(Repository(repo), [repo / rel])
        assert report.files == [rel] and report.errors == []


# -- the submissions folder or the registry replaced by a link ----------------------------------

LINKED = {
    # what is a link -> (the file named, what the message says)
    "submissions-folder": ("submissions", "submissions", "符号链接（指向"),
    "registry": ("submissions/units.yaml", "submissions/units.yaml", "符号链接（指向"),
    "registry-dangling": ("submissions/units.yaml", "submissions/units.yaml", "断开的链接"),
}


@pytest.mark.parametrize("case", list(LINKED))
def test_a_linked_folder_or_registry_is_named_once_as_itself(repo: Path, tmp_path: Path, case: str) -> None:
    """The link is named, once; when the folder is the link, the registry inside it is not
    blamed for it."""
    link, named, says = LINKED[case]
    elsewhere = tmp_path / "elsewhere"
    (repo / link).rename(elsewhere)
    (repo / link).symlink_to(elsewhere if case != "registry-dangling" else tmp_path / "gone.yaml")
    errors = _errors(repo)
    linked = [(file, f.rule) for file, found in errors.items() for f in found if f.rule in ("file-symlink", "file-type")]
    assert linked == [(named, "file-symlink")]
    assert says in errors[named][0].message
