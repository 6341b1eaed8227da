"""Output read by a GitHub Actions runner, and output of any size.

In a GitHub context (GITHUB_ACTIONS=true) no line warmth prints, in any command, acts as a
workflow command unless it is one of the annotations `--format github` writes on purpose;
file names and values keep to their line. Findings are bounded: at most PER_RULE_MAX per
file and rule with a count of the rest, long messages shortened, and the job summary stays
under GitHub's 1 MiB step limit whatever the input.

The runner's rules are modelled by `runner_commands` (actions/runner ActionCommand.cs): a
line ends at LF, CR or CRLF; a line is a command when it starts with `::` after leading white
space, or holds `##[` anywhere (the legacy form)."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warmth.findings import PER_RULE_MAX, TEXT_MAX, Collector, Finding, bounded, clip
from warmth.reporters import review_md
from warmth.review import Review
from warmth.workflow import SafeStream, escape_data, inert

from .conftest import git, make_repo

GITHUB = {"GITHUB_ACTIONS": "true"}
CAMPAIGN_DIR = "submissions/2022-spring"
STEP_SUMMARY_LIMIT = 1024 * 1024  # GitHub: 1 MiB of job summary per step


# -- a model of the runner -----------------------------------------------------------------

@dataclass(frozen=True)
class Command:
    form: str  # "v2" (::name ...::data) or "v1" (##[name ...]data)
    name: str
    properties: dict[str, str]
    data: str


def _unescape(s: str, prop: bool) -> str:
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else []) + [("%25", "%")]
    for code, ch in pairs:
        s = s.replace(code, ch)
    return s


def runner_commands(raw: bytes) -> list[Command]:
    out = []
    for line in re.split(r"\r\n|\r|\n", raw.decode("utf-8")):
        s = line.lstrip()
        if s.startswith("::") and (end := s.find("::", 2)) >= 0:
            info, data = s[2:end], s[end + 2:]
            name, _, props = info.partition(" ")
            properties = {}
            for part in filter(None, props.split(",")):
                k, _, v = part.partition("=")
                properties[k] = _unescape(v, prop=True)
            out.append(Command("v2", name, properties, _unescape(data, prop=False)))
        elif (i := line.find("##[")) >= 0 and (rb := line.find("]", i)) >= 0:
            out.append(Command("v1", line[i + 3:rb].split(" ")[0], {}, line[rb + 1:]))
    return out


def test_the_model_sees_what_the_runner_sees() -> None:
    found = runner_commands(b"x\r  ::add-mask::s3cret\nok ##[set-output name=a;]b\r\n\t::error file=a%2Cb::m%0Ax")
    assert [(c.form, c.name) for c in found] == [("v2", "add-mask"), ("v1", "set-output"), ("v2", "error")]
    assert found[2].properties == {"file": "a,b"} and found[2].data == "m\nx"


# -- generated hostile names and values ----------------------------------------------------

BREAKS = ["", "\n", "\r", "\r\n", "  ", "\t", "\u3000", "%0A", "%25"]
COMMANDS = ["::error file=x.yaml,line=1::forged", "::add-mask::s3cret", "::stop-commands::t0k",
            "::set-output name=o::v", "##[warning]legacy", "::warning::%0A::error::two"]
HOSTILE = [b + c for b, c in itertools.product(BREAKS, COMMANDS)]


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_stream_leaves_no_command_however_the_text_is_split(text: str) -> None:
    line = f"前{text}后\n"
    for cut in range(len(line) + 1):
        raw = io.StringIO()
        s = SafeStream(raw)
        s.write(line[:cut])
        s.flush()  # a flush between the two parts must not open a gap
        s.write(line[cut:])
        s.finish()
        written = raw.getvalue()
        assert runner_commands(written.encode()) == [], (cut, written)
        # nothing is lost: every line is there, only ::, ##[ written in escapes
        assert re.split(r"\r\n|\r|\n", written)[0].startswith("前")


@pytest.mark.parametrize("text", HOSTILE)
def test_a_line_starting_with_a_command_is_made_inert(text: str) -> None:
    for physical in re.split(r"\r\n|\r|\n", text):
        assert runner_commands(inert(physical).encode()) == []


def test_commands_written_on_purpose_pass(capsys: pytest.CaptureFixture[str]) -> None:
    raw = io.StringIO()
    s = SafeStream(raw)
    s.write("::error::x\n")
    s.command("::warning file=a.yaml,line=1,col=1,title=t::ok\n")
    assert [c.name for c in runner_commands(raw.getvalue().encode())] == ["warning"]


def _hostile_repo(tmp_path: Path) -> tuple[Path, list[str]]:
    """The demo with one report per hostile name, each also holding the hostile text as its
    unit, committed on a branch whose base is main."""
    repo = make_repo(tmp_path / "repo")
    git(repo, "checkout", "-q", "-b", "pr")
    names = []
    for n, text in enumerate(HOSTILE):
        name = f"{CAMPAIGN_DIR}/u{n:02d}{text}.yaml"
        (repo / name).write_text(f"campaign: 2022-spring\nunit: {json.dumps(text)}\n", encoding="utf-8")
        names.append(name)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hostile names")
    return repo, names


def _run(repo: Path, *args: str, github: bool = True) -> tuple[int, bytes, bytes]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    if github:
        env.update(GITHUB)
    proc = subprocess.run([sys.executable, "-m", "warmth.cli", *args], cwd=repo, capture_output=True,
                          env=env, timeout=600)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    return _hostile_repo(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("args", [
    ("validate",), ("validate", "--format", "json"), ("validate", CAMPAIGN_DIR),
    ("scope", "--base", "main", "--author", "qinglan-donghu"),
    ("review", "--base", "main", "--findings"),
    ("validate", "--format", "xml"),
    ("status", "2022-spring"),
], ids=lambda a: "-".join(a[:3]))
def test_no_command_in_any_output(hostile: tuple[Path, list[str]], args: tuple[str, ...]) -> None:
    repo, _ = hostile
    code, out, err = _run(repo, *args)
    assert code in (0, 1, 2) and b"Traceback" not in err
    assert runner_commands(out) == [] and runner_commands(err) == [], (out[-2000:], err[-2000:])


def test_text_output_keeps_names_on_their_line(hostile: tuple[Path, list[str]]) -> None:
    repo, names = hostile
    _, out, _ = _run(repo, "validate")
    text = out.decode("utf-8")
    for name in names:
        assert escape_data(name).replace("##[", "%23%23[") in text or escape_data(name) in text, name
    for line in re.split(r"\r\n|\r|\n", text):
        if line and not line.startswith(("    ", "检查了")):
            # every finding line begins with its file (the hostile ones' campaign, or the demo's
            # explained warnings in the other campaigns)
            assert line.startswith((CAMPAIGN_DIR, "%3A%3A")) or re.match(r"submissions/[a-z0-9-]+/[a-z0-9-]+\.yaml:\d+:\d+: 警告 ", line), line
    # outside GitHub a terminal shows the names as they are
    _, plain, _ = _run(repo, "validate", github=False)
    assert names[1].encode() in plain  # "u01\n::add-mask..." with its real line break


def test_scope_lists_every_name_escaped(hostile: tuple[Path, list[str]]) -> None:
    repo, names = hostile
    code, out, _ = _run(repo, "scope", "--base", "main", "--author", "qinglan-donghu")
    assert code == 1
    text = out.decode("utf-8")
    for name in names:
        assert inert(escape_data(name)) in text, name


def test_annotations_are_the_findings_exactly(hostile: tuple[Path, list[str]]) -> None:
    """`--format github`: every command is an error or warning annotation whose file and
    message decode to a finding's, one per finding; the names survive the round trip."""
    repo, names = hostile
    _, js, _ = _run(repo, "validate", "--format", "json", github=False)
    findings = json.loads(js)["findings"]
    code, out, err = _run(repo, "validate", "--format", "github")
    assert code == 1
    cmds = runner_commands(out)
    assert runner_commands(err) == []
    assert {(c.form, c.name) for c in cmds} <= {("v2", "error"), ("v2", "warning")}
    got = sorted((c.properties["file"], int(c.properties["line"]), c.data) for c in cmds)
    want = sorted((f["file"], f["line"], f["message"] + (f"。提示：{f['hint']}" if f["hint"] else "")) for f in findings)
    assert got == want
    assert set(names) <= {c.properties["file"] for c in cmds}


# -- bounds --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def flooded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report with thousands of bad lines (a mobile number and an ID number on each), a
    report whose unit is 900 kB, and a registry with a 1 MB parent; committed on a branch."""
    repo = make_repo(tmp_path_factory.mktemp("flood") / "repo")
    git(repo, "checkout", "-q", "-b", "pr")
    path = repo / CAMPAIGN_DIR / "qinglan-donghu.yaml"
    lines = "".join(f"  第{i}户 电话 1381234{i:04d}，身份证 11010519491231002X\n" for i in range(4000))
    path.write_text(path.read_text(encoding="utf-8").replace("report: |\n", "report: |\n" + lines, 1), encoding="utf-8")
    other = repo / CAMPAIGN_DIR / "qinglan-xiling.yaml"
    text = other.read_text(encoding="utf-8")
    other.write_text(re.sub(r"(?m)^unit: .*$", lambda _: "unit: " + json.dumps("甲" * 300_000 + "::error::尾", ensure_ascii=False), text, count=1),
                     encoding="utf-8")
    units = repo / "submissions" / "units.yaml"
    big = "乙" * 350_000  # 1 MB in UTF-8
    units.write_text(units.read_text(encoding="utf-8").replace("parent: qinglan, submitters: [\"@qinglan-gaoxin\"]",
                                                               f"parent: {big}, submitters: [\"@qinglan-gaoxin\"]", 1),
                     encoding="utf-8")
    assert big in units.read_text(encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "flood")
    return repo


def test_findings_per_file_and_rule_are_bounded_with_a_count(flooded: Path) -> None:
    _, out, _ = _run(flooded, "validate", "--format", "json", github=False)
    data = json.loads(out)
    findings = data["findings"]
    # the counts are of every problem found, those left out of the list included
    assert data["errors"] >= 2 * 4000
    assert data["errors"] == sum(1 for f in findings if f["severity"] == "error"
                                 and "只列出了前" not in str(f["message"])) + sum(
        int(str(f["message"]).split("其余 ")[1].split(" 处")[0].replace(",", ""))
        for f in findings if f["severity"] == "error" and "只列出了前" in str(f["message"]))
    _, text_out, _ = _run(flooded, "validate", github=False)
    assert f"{data['errors']} 个错误" in text_out.decode().splitlines()[-1]
    by_key: dict[tuple[str, str], list[dict[str, object]]] = {}
    for f in findings:
        by_key.setdefault((str(f["file"]), str(f["rule"])), []).append(f)
    mine = {k: v for k, v in by_key.items() if k[0].endswith("qinglan-donghu.yaml")}
    assert {"privacy-mobile", "privacy-id"} <= {rule for _, rule in mine}
    for (_, rule), fs in by_key.items():
        assert len(fs) <= PER_RULE_MAX + 1, rule
    for rule in ("privacy-mobile", "privacy-id"):
        fs = mine[(f"{CAMPAIGN_DIR}/qinglan-donghu.yaml", rule)]
        assert len(fs) == PER_RULE_MAX + 1
        counted = [f for f in fs if "只列出了前" in str(f["message"])]
        assert len(counted) == 1
        assert f"共有 4,000 处，只列出了前 {PER_RULE_MAX} 处；其余 {4000 - PER_RULE_MAX:,} 处" in str(counted[0]["message"])


def test_long_values_are_shown_shortened(flooded: Path) -> None:
    _, out, _ = _run(flooded, "validate", "--format", "json", github=False)
    findings = json.loads(out)["findings"]
    assert all(len(str(f["message"])) <= TEXT_MAX + 40 and len(str(f["hint"])) <= TEXT_MAX + 40 for f in findings)
    long = [f for f in findings if "中间省略" in str(f["message"])]
    files = {f["file"] for f in long}
    assert {f"{CAMPAIGN_DIR}/qinglan-xiling.yaml", "submissions/units.yaml"} <= files
    assert any(str(f["message"]).startswith("文件名是 qinglan-xiling.yaml") and "::error::尾" in str(f["message"]) for f in long)


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_every_format_stays_small_and_inert(flooded: Path, fmt: str) -> None:
    _, out, err = _run(flooded, "validate", "--format", fmt)
    assert len(out) < 200_000, len(out)
    cmds = runner_commands(out)
    assert all(c.name in ("error", "warning") for c in cmds) and (cmds if fmt == "github" else not cmds)
    if fmt == "github":  # more than GitHub shows: the log says where the rest is
        assert "只显示前 10 条注释" in out.decode("utf-8") and "全部检查结果" in out.decode("utf-8")
    assert runner_commands(err) == []


def test_job_summary_stays_under_the_step_limit(flooded: Path) -> None:
    code, out, err = _run(flooded, "review", "--base", "main", "--findings")
    assert code == 0, err
    assert len(out) < STEP_SUMMARY_LIMIT
    text = out.decode("utf-8")
    assert "## 全部检查结果" in text and "只列出了前" in text
    assert runner_commands(out) == []


def _finding(n: int, long: str) -> Finding:
    return Finding(f"{CAMPAIGN_DIR}/unit{n // 50:04d}.yaml", n % 50 + 1, 1, "error", f"rule-{n % 7}", long, "提示")


@pytest.mark.parametrize("count", [1_000, 20_000, 200_000])
def test_summary_of_any_number_of_findings_fits(count: int) -> None:
    """Whatever the number of findings (and however long each), the Markdown is under the
    limit, every row kept is whole, and the last line says how many were left out."""
    long = "长" * 5_000
    findings = [_finding(n, clip(long)) for n in range(count)]
    review = Review(base_ref="main", base_commit="0" * 40, now=datetime.now(UTC), all_findings=findings)
    text = review_md.render(review)
    size = len(text.encode("utf-8"))
    assert size < review_md.SUMMARY_MAX_BYTES <= STEP_SUMMARY_LIMIT
    rows = [ln for ln in text.splitlines() if ln.startswith("| 错误 |")]
    assert rows and all(ln.endswith(" |") for ln in rows)
    if len(rows) < count:
        assert f"其余 {count - len(rows)} 条检查结果未列出" in text.splitlines()[-1]
    else:
        assert "未列出" not in text


def test_bounded_keeps_the_first_by_position_and_counts_the_rest() -> None:
    col = Collector("a.yaml")
    for line in range(500, 0, -1):  # reported out of order
        col.error(line, 1, "privacy-id", f"第 {line} 行")
    # bounded counts each severity apart (a rule's severity is fixed, but bounded does not rely on it)
    col.findings.append(Finding("a.yaml", 7, 1, "warning", "privacy-id", "警告不同级别，另算"))
    kept = bounded(col.findings)
    errors = [f for f in kept if f.severity == "error"]
    assert [f.line for f in errors[:PER_RULE_MAX]] == list(range(1, PER_RULE_MAX + 1))
    assert len(errors) == PER_RULE_MAX + 1
    assert "共有 500 处" in errors[-1].message and errors[-1].line == PER_RULE_MAX + 1
    assert [f.message for f in kept if f.severity == "warning"] == ["警告不同级别，另算"]


@pytest.mark.parametrize("size", [TEXT_MAX, TEXT_MAX + 1, 10_000, 1_000_000])
def test_clip_keeps_both_ends(size: int) -> None:
    text = "头" + "中" * (size - 2) + "尾"
    out = clip(text)
    assert out == text if size <= TEXT_MAX else (out.startswith("头") and out.endswith("尾") and len(out) <= TEXT_MAX + 40)
    if size > TEXT_MAX:
        assert f"中间省略 {size - TEXT_MAX:,} 个字符" in out


def test_the_guide_states_the_bound(built: Path) -> None:
    from .test_site import page_text

    shown = page_text(built / "site" / "guide" / "errors" / "index.html")
    assert f"同一文件中同一规则的问题超过 {PER_RULE_MAX} 处时，只列出前 {PER_RULE_MAX} 处" in shown


def test_summary_of_many_other_files_fits() -> None:
    others = [f"scripts/{'长' * 400}{n:06d}.py" for n in range(5_000)]
    findings = [_finding(n, "问题") for n in range(100)]
    review = Review(base_ref="main", base_commit="0" * 40, now=datetime.now(UTC), other_files=others, all_findings=findings)
    text = review_md.render(review)
    assert len(text.encode("utf-8")) < review_md.SUMMARY_MAX_BYTES
    listed = [ln for ln in text.splitlines() if ln.startswith("- scripts/")]
    assert 0 < len(listed) < len(others) and f"其余 {len(others) - len(listed)} 个文件未列出" in text
    assert text.startswith("## 送温暖报送审核摘要")
