"""Adoption: `warmth init` makes a union's own repository; the guide's own commands add a unit
and open campaigns in it; nothing of the demo is left; the field reference covers every field."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from decimal import Decimal
from html import unescape
from pathlib import Path

import jsonschema
import pytest
import yaml

from warmth.site.reference import fields, reference_page, resolve
from warmth.site.text import code, inline

from .conftest import ROOT, git, make_repo, run_warmth

GUIDE = ROOT / "docs" / "guide" / "adopt.md"
SCHEMAS = ("units.schema.json", "campaign.schema.json", "form.schema.json")


def demo_words() -> set[str]:
    """Every name the demo uses: unit ids, full and short names, place names, GitHub handles,
    and its campaigns' titles and document numbers (read from the demo's own files)."""
    reg = yaml.safe_load((ROOT / "submissions" / "units.yaml").read_text(encoding="utf-8"))
    words: set[str] = set(reg["admins"])
    for u in reg["units"]:
        words |= {u["id"], u["name"], *u.get("reviewers", []), *u.get("submitters", [])}
        place = re.match(r"^(.+?[省市县区])", u["name"])  # 青岚市东湖区总工会 → 青岚市
        if place:
            words.add(place[1])
        if u.get("short", "").endswith(("市", "区", "县", "港区")) and len(u["short"]) > 2:
            words.add(u["short"])
    for path in (ROOT / "submissions").glob("*/campaign.yaml"):
        c = yaml.safe_load(path.read_text(encoding="utf-8"))
        words |= {c["title"], c["doc_number"]}
    return words


def guide_blocks(lang: str) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return [m[1] for m in re.finditer(rf"(?ms)^ *```{lang}\n(.*?)^ *```", text)]


def guide_commands() -> list[list[str]]:
    """The warmth commands the guide tells the administrator to type, in order."""
    out = []
    for block in guide_blocks("sh"):
        for line in block.splitlines():
            line = line.strip()
            if line.startswith(".venv/bin/warmth "):
                out.append(shlex.split(line.split("  #")[0])[1:])
    return out


def test_demo_words_are_the_demos() -> None:
    words = demo_words()
    assert {"云澜省", "青岚市", "qinglan-donghu", "@yunlan-zgh/admins", "云澜省2022年春节送温暖活动"} <= words
    assert len(words) > 60


def test_guide_is_in_the_nav_and_has_the_steps() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "guide/adopt.md" in nav and "guide/reference.md" in nav
    verbs = [c[0] for c in guide_commands()]
    assert verbs[:1] == ["init"]
    assert len({tuple(c) for c in guide_commands() if c[0] == "init"}) == 1  # both routes, one init
    assert "codeowners" in verbs and verbs.count("campaign") == 2
    text = GUIDE.read_text(encoding="utf-8")
    for setting in ("GitHub Actions", "Read repository contents", "Require review from Code Owners",
                    "Require approval for all outside collaborators", "检查报送数据"):
        assert setting in text


def test_init_then_the_guides_commands_give_a_working_repository(tmp_path: Path) -> None:
    commands = guide_commands()
    init = commands[0]
    repo = tmp_path / "mousheng-swn"
    args = [repo.as_posix() if a.startswith("../") else a for a in init]
    res = run_warmth(*args, cwd=tmp_path)
    assert res.code == 0, res.err
    assert "cd " in res.out and "docs/guide/adopt.md" in res.out

    # what a new repository needs is there, and CI's own checks pass on it at once
    for rel in ("README.md", "mkdocs.yml", "pyproject.toml", ".pre-commit-config.yaml", ".gitignore",
                ".github/workflows/checks.yml", ".github/workflows/publish.yml", ".github/CODEOWNERS",
                "submissions/units.yaml", "schemas/units.schema.json", "scripts/warmth/cli.py",
                "docs/index.md", "docs/guide/adopt.md"):
        assert (repo / rel).is_file(), rel
    assert sorted(p.name for p in (repo / "schemas" / "forms").iterdir()) == sorted(
        p.name for p in (ROOT / "schemas" / "forms").iterdir())
    assert not list((repo / "submissions").glob("*/campaign.yaml"))
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "建立送温暖报送仓库")
    for check in (["validate", "--format", "github"], ["codeowners", "--check"], ["schemas", "--check"]):
        res = run_warmth(*check, cwd=repo)
        assert res.code == 0, (check, res.out, res.err)
    units = yaml.safe_load((repo / "submissions" / "units.yaml").read_text(encoding="utf-8"))
    assert units["issuer"] == "mousheng" and len(units["units"]) == 2
    assert units["units"][0]["name"] == "某某省总工会"
    assert "site_name: \"某某省送温暖活动\"" in (repo / "mkdocs.yml").read_text(encoding="utf-8")

    # the README's second command, and the vendored tool itself (not only this checkout's)
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "pip install -e '.[site]' && .venv/bin/warmth build" in readme and ".venv/bin/warmth validate" in readme
    vendored = subprocess.run([sys.executable, "-m", "warmth.cli", "validate"], cwd=repo, text=True,
                              capture_output=True, env={**os.environ, "PYTHONPATH": str(repo / "scripts")})
    assert vendored.returncode == 0, vendored.stderr

    # step three: the guide's unit row added to the registry, then its commands
    (unit_row,) = [b for b in guide_blocks("yaml") if b.lstrip().startswith("- {id:")]
    with (repo / "submissions" / "units.yaml").open("a", encoding="utf-8") as fh:
        fh.write(unit_row)
    # steps three to five: every other command of the guide, in order
    for cmd in commands[1:]:
        if cmd[0] in ("serve", "init"):  # a preview; the same init by the template route
            continue
        res = run_warmth(*cmd, cwd=repo)
        assert res.code == 0, (cmd, res.out, res.err)
        if cmd[0] == "codeowners":
            assert "/submissions/*/mousheng-jiashi.yaml" in (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert run_warmth("schemas", "--check", cwd=repo).code == 0
    first = yaml.safe_load((repo / "submissions" / "2026-spring" / "campaign.yaml").read_text(encoding="utf-8"))
    assert first["reporting_units"] == ["mousheng-example", "mousheng-jiashi"]
    second = yaml.safe_load((repo / "submissions" / "2027-spring" / "campaign.yaml").read_text(encoding="utf-8"))
    assert second["previous"] == "2026-spring" and second["deadline"] == "2027-01-20"
    assert second["forms"] == ["swn-j4-2023", "bfzx-2022"]
    assert "extends: swn-j4-2022" in (repo / "schemas" / "forms" / "swn-j4-2023.yaml").read_text(encoding="utf-8")

    # step five: the notice page from the guide, then a build of the site
    (notice,) = guide_blocks("markdown")
    (repo / "docs" / "notices" / "2026-spring.md").write_text(notice, encoding="utf-8")
    res = run_warmth("new", "2026-spring", "mousheng-jiashi", "-o", "-", cwd=repo)
    assert res.code == 0 and "unit: mousheng-jiashi" in res.out, res.err
    res = run_warmth("build", cwd=repo)
    assert res.code == 0, res.out + res.err
    notice_html = (repo / "site" / "notices" / "2026-spring" / "index.html").read_text(encoding="utf-8")
    assert "某工发〔2025〕12号" in notice_html and "2026年1月20日" in notice_html
    assert (repo / "site" / "guide" / "reference" / "index.html").is_file()

    # nothing of the demo anywhere: files, pages, search index
    words = demo_words()
    for path in repo.rglob("*"):
        if ".git" in path.parts or not path.is_file() or path.suffix in (".xlsx", ".zip", ".png", ".woff2", ".gz"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found = sorted(w for w in words if w in text)
        assert not found, (path.relative_to(repo).as_posix(), found[:5])
    for shown in ("mkdocs.yml", "README.md", "docs/index.md", "site/index.html",
                  "site/notices/index.html", "site/notices/2026-spring/index.html"):
        assert "演示" not in (repo / shown).read_text(encoding="utf-8"), shown


@pytest.mark.parametrize(("args", "message"), [
    (["--id", "Mousheng"], "单位编号"),
    (["--id", "1sheng"], "单位编号"),
    (["--id", "某省"], "单位编号"),
    (["--id", "mou sheng"], "单位编号"),
    (["--name", "某省: 总工会"], "单位全称"),
    (["--name", "某\n省总工会"], "单位全称"),
    (["--admin", "mousheng"], "管理员"),
    (["--admin", "@某省"], "管理员"),
])
def test_init_refuses_bad_names_and_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    base = {"--id": "mousheng", "--name": "某某省总工会", "--admin": "@mousheng-zgh/admins"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    res = run_warmth("init", "new", *[x for kv in base.items() for x in kv], cwd=tmp_path)
    assert res.code == 2 and message in res.err and "Traceback" not in res.err
    assert not (tmp_path / "new").exists()


def test_init_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    res = run_warmth("init", str(target), "--id", "mousheng", "--name", "某某省总工会", "--admin", "@a", cwd=tmp_path)
    assert res.code == 2 and "不是空文件夹" in res.err
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    res = run_warmth("init", str(ROOT / "inside"), "--id", "mousheng", "--name", "某某省总工会", "--admin", "@a", cwd=tmp_path)
    assert res.code == 2 and "源代码仓库之内" in res.err and not (ROOT / "inside").exists()


def test_init_into_a_cloned_empty_repository(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    res = run_warmth("init", str(clone), "--id", "mousheng", "--name", "某某省总工会", "--admin", "@a", cwd=tmp_path)
    assert res.code == 0, res.err
    assert (clone / ".git").is_dir() and (clone / "submissions" / "units.yaml").is_file()


# -- campaign new in the demo -------------------------------------------------------------------

def test_campaign_new_from_the_previous_one(demo: Path) -> None:
    res = run_warmth("campaign", "new", "2023-spring", cwd=demo)
    assert res.code == 0, res.err
    new = yaml.safe_load((demo / "submissions" / "2023-spring" / "campaign.yaml").read_text(encoding="utf-8"))
    old = yaml.safe_load((demo / "submissions" / "2022-spring" / "campaign.yaml").read_text(encoding="utf-8"))
    assert new["title"] == old["title"].replace("2022", "2023")
    assert new["doc_number"] == old["doc_number"].replace("2021", "2022")
    assert (new["issued"], new["deadline"]) == ("2022-12-14", "2023-01-21")
    assert new["period"] == {"start": "2022-12-20", "end": "2023-02-15"}
    assert new["reporting_units"] == old["reporting_units"] and new["params"] == old["params"]
    assert new["previous"] == "2022-spring" and new["fictional"] is True
    assert "funds" not in new and "received" not in new and "groups" not in new
    assert new["forms"] == ["swn-j4-2023", "bfzx-2022"]
    bfzx = yaml.safe_load((demo / "schemas" / "forms" / "bfzx-2022.yaml").read_text(encoding="utf-8"))
    assert bfzx["extends"] == "bfzx-2021" and bfzx["as_of"] == "2022-12-31" and "2022年度" in bfzx["title"]
    assert (demo / "schemas" / "generated" / "submission-2023-spring.schema.json").is_file()
    for check in (["validate"], ["schemas", "--check"]):
        res = run_warmth(*check, cwd=demo)
        assert res.code == 0, (check, res.out)
    # the new year's form: only the change is written, the rest comes through extends
    form = demo / "schemas" / "forms" / "swn-j4-2023.yaml"
    form.write_text(form.read_text(encoding="utf-8") + "remove: [J1, J2]\nremove_rules: [J1-J2-pair]\n", encoding="utf-8")
    assert run_warmth("schemas", cwd=demo).code == 0
    schema = json.loads((demo / "schemas" / "generated" / "submission-2023-spring.schema.json").read_text(encoding="utf-8"))
    codes = schema["$defs"]["swn-j4-2023"]["properties"]
    assert "J1" not in codes and "J3" in codes and "C11" in codes
    res = run_warmth("new", "2023-spring", "qinglan", cwd=demo)
    assert res.code == 0, res.err


@pytest.mark.parametrize(("args", "message"), [
    (["2022-spring"], "已存在"),
    (["2023 Spring"], "活动编号"),
    (["2023-spring", "--deadline", "2023-02-30"], "日期"),
    (["2023-spring", "--deadline", "20230120"], "日期"),
    (["2023-spring", "--from", "1999-spring"], "不存在"),
    (["2023-spring", "--issued", "2023-03-01", "--deadline", "2023-01-20"], "晚于"),
    (["2023-spring", "--forms", "swn-1999"], "swn-1999"),
    (["2023-spring", "--title", "标题\nid: 2099-spring"], "--title"),
    (["2023-spring", "--doc-number", "文号\u200b"], "--doc-number"),
    (["2023-spring", "--title", "  "], "--title"),
])
def test_campaign_new_refuses(demo: Path, args: list[str], message: str) -> None:
    res = run_warmth("campaign", "new", *args, cwd=demo)
    assert res.code == 2 and message in res.err and "Traceback" not in res.err
    assert not (demo / "submissions" / "2023-spring").exists()
    assert git(demo, "status", "--porcelain") == ""


def test_first_campaign_needs_its_notice_details(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    assert run_warmth("init", str(repo), "--id", "mousheng", "--name", "某某省总工会", "--admin", "@a", cwd=tmp_path).code == 0
    res = run_warmth("campaign", "new", "2026-spring", "--title", "某某省2026年春节送温暖活动", cwd=repo)
    assert res.code == 2 and "--doc-number" in res.err and "--deadline" in res.err and "--forms" in res.err


# -- the field reference ------------------------------------------------------------------------

def all_fields() -> list[tuple[str, str, dict, dict]]:
    out = []
    for name in SCHEMAS:
        schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        out += [(name, f.path, f.node, schema) for f in fields(schema)]
    return out


@pytest.mark.parametrize(("schema_name", "path", "node", "schema"), all_fields(),
                         ids=[f"{n}:{p}" for n, p, _, _ in all_fields()])
def test_every_field_is_described_with_an_example_that_passes_its_own_check(
        schema_name: str, path: str, node: dict, schema: dict) -> None:
    assert node.get("title"), path
    assert re.search(r"[\u4e00-\u9fff]", node.get("description", "")), f"{path} 缺少中文说明"
    assert node.get("examples"), path
    check = {**resolve(node, schema), "$defs": schema.get("$defs", {})}
    check.pop("examples", None)
    for example in node["examples"]:
        jsonschema.validate(example, check)


def test_every_field_is_on_the_reference_page() -> None:
    page = reference_page(ROOT / "schemas")
    for name, path, node, _ in all_fields():
        assert f"| {code(path)} |" in page, (name, path)
        assert inline(node["description"]) in page, (name, path)
    rows = {line.split(" | ")[0]: line for line in page.splitlines() if line.startswith("| <code>")}
    assert "日期或日期加时间" in rows[f"| {code('received')}"]
    assert "取值：" in rows[f"| {code('units[].level')}"] and "日期" in rows[f"| {code('deadline')}"]


def test_reference_page_follows_the_schemas(tmp_path: Path) -> None:
    """Generated at each build from the schemas: a new description is on the page at once."""
    repo = make_repo(tmp_path / "repo", commit=False)
    path = repo / "schemas" / "units.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["issuer"]["description"] = "新的说明文字"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    assert "新的说明文字" in reference_page(repo / "schemas")


def test_reference_page_is_built(built: Path) -> None:
    html = unescape((built / "site" / "guide" / "reference" / "index.html").read_text(encoding="utf-8"))
    assert "字段参考" in html and "remove_rules" in html and "extends" in html
    assert "reporting_units" in html and "standards" in html and "groups" in html


# -- the quick check: what it installs is all it needs -------------------------------------------

BLOCKER = """
import sys
from importlib.abc import MetaPathFinder
BLOCKED = {blocked!r}
class Block(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Block())
from warmth.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_without(blocked: set[str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command in an environment where `blocked` were never installed."""
    return subprocess.run([sys.executable, "-c", BLOCKER.format(blocked=sorted(blocked)), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def core_deps() -> set[str]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[=<>\[ ]", d)[0].lower() for d in project["dependencies"]}


NOT_FOR_CHECKING = {"openpyxl", "mkdocs", "material", "jieba", "pymdownx", "jsonschema", "playwright",
                    "pytest", "python_calamine", "jinja2", "markdown"}


def test_the_check_needs_only_the_core_dependencies(demo: Path) -> None:
    assert core_deps() == {"pyyaml", "fastjsonschema", "confusables"}
    target = demo / "submissions" / "2022-spring" / "qinglan-donghu.yaml"
    text, n = re.subn(r"(?m)^(    B1: )(\S+)", lambda m: f"{m[1]}{Decimal(m[2]) + Decimal('0.0001')}",
                      target.read_text(encoding="utf-8"), count=1)  # one yuan more: B no longer adds up
    assert n == 1
    target.write_text(text, encoding="utf-8")
    git(demo, "switch", "-qc", "pr")
    git(demo, "commit", "-qam", "change")
    for args in (["validate", "--format", "github"], ["codeowners", "--check"], ["schemas", "--check"],
                 ["scope", "--base", "main", "--author", "qinglan-donghu"],
                 ["review", "--base", "main", "--findings"]):
        res = run_without(NOT_FOR_CHECKING, *args, cwd=demo)
        assert "内部错误" not in res.stderr and "Traceback" not in res.stderr, (args, res.stderr)
        assert res.returncode in (0, 1), (args, res.stderr)
    res = run_without(NOT_FOR_CHECKING, "validate", "--format", "github", cwd=demo)
    assert "::error file=submissions/2022-spring/qinglan-donghu.yaml,line=13,col=5,title=错误 B-sum::" in res.stdout


def test_site_commands_without_the_site_extra_say_what_to_install(demo: Path) -> None:
    for args in (["build"], ["template", "2022-spring", "qinglan", "-o", "t.xlsx"], ["aggregate", "2022-spring"]):
        res = run_without(NOT_FOR_CHECKING, *args, cwd=demo)
        assert res.returncode == 2, (args, res.stderr)
        assert "pip install -e '.[site]'" in res.stderr and "Traceback" not in res.stderr, (args, res.stderr)
    assert not (demo / "site").exists() and not (demo / "t.xlsx").exists()


@pytest.mark.parametrize("name", ["某某省总\u200b工会", "<b>某某省</b>总工会", "某某省总工会\u202e", "某某\"省\"总工会",
                                  "某某省总工会|", "某某省*总工会*"])
def test_init_refuses_names_that_would_reach_pages_as_syntax_or_hide(tmp_path: Path, name: str) -> None:
    res = run_warmth("init", "new", "--id", "mousheng", "--name", name, "--admin", "@a", cwd=tmp_path)
    assert res.code == 2 and "单位全称" in res.err and "Traceback" not in res.err
    res = run_warmth("init", "new", "--id", "mousheng", "--name", "某某省总工会", "--short", name, "--admin", "@a",
                     cwd=tmp_path)
    assert res.code == 2 and "简称" in res.err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_init_where_it_cannot_write_says_so(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    res = run_warmth("init", str(tmp_path / "afile" / "new"), "--id", "mousheng", "--name", "某某省总工会",
                     "--admin", "@a", cwd=tmp_path)
    assert res.code == 2 and "无法写入" in res.err and "内部错误" not in res.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]
