"""Shared fixtures: a throw-away copy of the demo repository (a real Git repository) and a
runner for the real `warmth` command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_DIRS = ("submissions", "schemas", "docs", "overrides")
DATA_FILES = ("mkdocs.yml",)


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full_env = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.org",
                "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.org", **(env or {})}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=full_env).stdout


def make_repo(dest: Path, commit: bool = True) -> Path:
    """Copy the demo data into dest and (by default) commit it on a fresh main branch."""
    dest.mkdir(parents=True, exist_ok=True)
    for d in DATA_DIRS:
        if (ROOT / d).is_dir():
            shutil.copytree(ROOT / d, dest / d)
    for f in DATA_FILES:
        if (ROOT / f).is_file():
            shutil.copy2(ROOT / f, dest / f)
    if commit:
        subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True)
        git(dest, "add", "-A")
        git(dest, "commit", "-qm", "demo data")
    return dest


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A committed copy of the demo repository to change freely."""
    return make_repo(tmp_path / "repo")


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_warmth(*args: str, cwd: Path, input_text: str | None = None,
               env: dict[str, str] | None = None) -> Result:
    """Run the installed command as a user would, in its own process: outside GitHub Actions
    (even when the tests themselves run there) unless env says otherwise."""
    base = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    proc = subprocess.run(
        [sys.executable, "-m", "warmth.cli", *args], cwd=cwd, capture_output=True, text=True,
        input=input_text, timeout=600, env={**base, **(env or {})},
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def warmth():
    return run_warmth


PLANTED = "<script>window.__pwned = 1; alert('x')</script> **粗体** [链接](http://example.com/x) <img src=x onerror=alert(1)>"
PLANTED_UNIT = "qinglan-donghu"
PLANTED_CAMPAIGN = "2022-spring"

# Kinds of text that HTML, Markdown, its extensions, MkDocs or a template could act on; each is
# planted into names, titles and notice fields of the shared demo (admin-owned files included).
PAYLOADS: dict[str, str] = {
    "tag": '<img src=x onerror="window.__pwned=1">',
    "script": "</title><script>window.__pwned=2</script>",
    "markdown": "**粗** _斜_ `码` ~~删~~",
    "link": "[点我](javascript:window.__pwned=3)",
    "template": "{{ config.site_name }}{% if 1 %}",
    "rule": "--- *** ===",
    "pipe": "甲|乙 | 丙",
    "quote": "引\"号' #井号 ::error::",
    "newline": "上行\n# 下行\n---\n::add-mask::x",
    "entity": "&lt;i&gt;&amp;&#60;",
    "attr_list": '{: onclick="window.__pwned=4" }',
    "marker": "<!-- warmth:meta -->",
}


def _planted(label: str, *kinds: str) -> str:
    return label + "".join(PAYLOADS[k] for k in kinds)


@dataclass(frozen=True)
class Plant:
    """One field of the demo given a planted value: `old` (as the demo's YAML has it) is
    replaced by `yaml` with {} standing for the value, double-quoted."""

    file: str
    old: str
    value: str
    page: str  # a page of the site that shows the value ("" if none does)
    yaml: str = ""

    def apply(self, repo: Path) -> None:
        path = repo / self.file
        text = path.read_text(encoding="utf-8")
        assert self.old in text, (self.file, self.old)
        fmt = self.yaml or self.old.partition(": ")[0] + ": {}"
        path.write_text(text.replace(self.old, fmt.format(json.dumps(self.value, ensure_ascii=False)), 1),
                        encoding="utf-8")

    @property
    def shown(self) -> str:
        """What a page shows: the value with its whitespace collapsed to single spaces."""
        return " ".join(self.value.split())


CAMPAIGN_YAML = f"submissions/{PLANTED_CAMPAIGN}/campaign.yaml"
FORM_YAML = "schemas/forms/swn-j4-2022.yaml"
PLANTS: list[Plant] = [
    Plant("submissions/units.yaml", "name: 青岚市东湖区总工会", _planted("东湖", "tag", "pipe", "newline"), "data/2022-spring/qinglan/"),
    Plant("submissions/units.yaml", "short: 东湖区", _planted("东湖简", "markdown", "entity"), ""),
    Plant("submissions/units.yaml", "name: 青岚市总工会", _planted("青岚", "script", "link", "quote"), "data/2022-spring/"),
    Plant("submissions/units.yaml", "short: 青岚市", _planted("青岚简", "tag", "attr_list"), "data/2022-spring/"),
    Plant("submissions/units.yaml", "name: 枫渡市总工会", _planted("枫渡", "template", "rule", "marker"), "data/2022-spring/fengdu/"),
    Plant("submissions/units.yaml", "short: 枫渡市", _planted("枫渡简", "pipe", "script"), "data/2022-spring/"),
    Plant(CAMPAIGN_YAML, "title: 云澜省2022年春节送温暖活动", _planted("云澜2022", "tag", "quote", "script", "newline", "entity"), "notices/2022-spring/"),
    Plant(CAMPAIGN_YAML, "doc_number: 云工办发〔2021〕41号", _planted("云工", "markdown", "link"), "notices/2022-spring/"),
    Plant(CAMPAIGN_YAML, "recipients: 各市总工会，各产业工会，省直机关工会", _planted("各市", "tag", "template", "marker"), "notices/2022-spring/"),
    Plant(CAMPAIGN_YAML, "department: 省总工会职工服务中心", _planted("中心", "script", "newline"), "notices/2022-spring/"),
    Plant(CAMPAIGN_YAML, "target: 生产经营困难企业", _planted("企业", "tag", "pipe"), "notices/2022-spring/"),
    Plant(CAMPAIGN_YAML, "amount: 每家3万至5万元", _planted("每家", "markdown", "attr_list"), "notices/2022-spring/"),
    Plant(CAMPAIGN_YAML, "name: 第一慰问组", _planted("一组", "tag", "pipe", "rule"), "notices/2022-spring/"),
    Plant(CAMPAIGN_YAML, "leader: 省总工会主席", _planted("主席", "template", "link"), "notices/2022-spring/"),
    Plant(CAMPAIGN_YAML, "liaison: 办公室综合科", _planted("综合科", "quote", "entity"), "notices/2022-spring/"),
    Plant(CAMPAIGN_YAML, "dates: 2022年1月10日至12日", _planted("1月", "newline", "script"), "notices/2022-spring/"),
    Plant(CAMPAIGN_YAML, "members: [办公室, 职工服务中心]", _planted("办公室", "tag", "markdown"), "notices/2022-spring/", "members: [{}, 职工服务中心]"),
    Plant(CAMPAIGN_YAML, "destinations: [枫渡市, 省卫生健康工会]", _planted("枫渡去", "link", "pipe"), "notices/2022-spring/", "destinations: [{}, 省卫生健康工会]"),
    Plant(FORM_YAML, "title: 2022年春节期间各级工会送温暖统计表", _planted("表2022", "tag", "markdown", "pipe"), "data/2022-spring/"),
    Plant(FORM_YAML, "label: 春节期间共帮助农民工平安返乡", _planted("返乡", "script", "attr_list", "quote", "pipe", "markdown"), "guide/items/"),
    Plant(f"submissions/{PLANTED_CAMPAIGN}/fengdu-nanjin.yaml",
          "  C-jump: 南津区2021年底新划入两个街道，职工人数增加近一倍；同时今年将新就业形态劳动者站点纳入走访范围，慰问人次和金额相应增加。",
          _planted("南津说明", "tag", "link", "pipe"), "data/2022-spring/fengdu/", "  C-jump: {}"),
]


def plant(repo: Path) -> None:
    """Put HTML and Markdown into one narrative, and every kind of payload into unit names,
    short names, the campaign's title and notice fields, a form's title and label and an
    explanation (the generated schemas are remade by the caller)."""
    path = repo / "submissions" / PLANTED_CAMPAIGN / f"{PLANTED_UNIT}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"report: \|\n", lambda m: m[0] + f"  {PLANTED}\n", text, count=1)
    path.write_text(text, encoding="utf-8")
    for p in PLANTS:
        p.apply(repo)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, with HTML planted in a narrative and payloads in names, titles and notice
    fields, built once by `warmth build` (read only)."""
    repo = make_repo(tmp_path_factory.mktemp("site") / "repo", commit=False)
    plant(repo)
    res = run_warmth("schemas", cwd=repo)
    assert res.code == 0, res.err + res.out
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "demo data, planted")
    res = run_warmth("build", cwd=repo)
    assert res.code == 0, res.err + res.out
    return repo
