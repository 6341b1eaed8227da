"""A new union's own repository, made from this project's own files.

Nothing here is a second copy of a template: the workflows, the pre-commit configuration, the
schemas, the forms, the site configuration, the guide pages and the package itself are read
from the warmth source tree the tool is installed from (``pip install -e``) and written into
the new folder. Only what names the union is written new: README, units.yaml, CODEOWNERS.
Wherever a copied page or file names the demo (its units, its GitHub teams, its site name),
the name is replaced by the new union's, using the demo's own registry as the list of names.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import codeowners, registry
from .findings import Collector

PACKAGE = Path(__file__).resolve().parent
# files copied as they are (relative to the source tree)
VERBATIM = (".gitignore", ".pre-commit-config.yaml", "pyproject.toml")
# what marks a folder as a warmth source tree
MARKERS = ("pyproject.toml", "mkdocs.yml", "docs", "schemas/forms", ".github/workflows",
           "submissions/units.yaml", "scripts/warmth/cli.py")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
HANDLE_PATTERN = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9_.-]+)?$")
UNION_SUFFIX = "总工会"
# characters no union's name has, that YAML, Markdown or HTML would read as syntax
FORBIDDEN = frozenset(":#{}[]<>&\"'`\\|*_")


class AdoptError(Exception):
    """The new repository cannot be made; the message is Chinese and says why."""


@dataclass(slots=True)
class Union:
    """The adopting union: the issuer of its campaigns, and the one example unit below it."""

    id: str
    name: str
    admin: str
    level: str = "province"
    short: str = ""

    @property
    def place(self) -> str:
        """The name without 总工会 (某某省总工会 → 某某省), as titles use it."""
        return self.name.removesuffix(UNION_SUFFIX) or self.name

    @property
    def example_id(self) -> str:
        return f"{self.id}-example"

    @property
    def example_level(self) -> str:
        return "city" if self.level == "province" else "county"

    @property
    def example_name(self) -> str:
        return "示例市总工会" if self.example_level == "city" else "示例区总工会"

    @property
    def example_short(self) -> str:
        return self.example_name.removesuffix(UNION_SUFFIX)

    @property
    def team(self) -> str:
        """A GitHub team of reviewers in the admin's organisation (or the admin alone)."""
        org = self.admin.split("/", 1)[0]
        return f"{org}/reviewers" if "/" in self.admin else self.admin

    @property
    def site_name(self) -> str:
        return f"{self.place}送温暖活动"


def check_union(u: Union) -> None:
    if not ID_PATTERN.match(u.id):
        raise AdoptError(f"单位编号 {u.id!r} 不合格：只能用小写拼音字母、数字和连字符，并以字母开头，例如 hebei")
    for what, text in (("单位全称", u.name), ("简称", u.short)):
        bad = sorted({ch for ch in text if ch in FORBIDDEN or not ch.isprintable()})
        if bad or (what == "单位全称" and len(text.strip()) < 2):
            shown = "、".join(repr(ch) for ch in bad)
            raise AdoptError(f"{what} {text!r} 不合格{('：含有 ' + shown) if bad else ''}。"
                             "请写正式名称，例如 某某省总工会（不含冒号、井号、括号、引号、尖括号和看不见的字符）")
    if not HANDLE_PATTERN.match(u.admin):
        raise AdoptError(f"管理员 {u.admin!r} 不合格：GitHub 用户写作 @name，团队写作 @org/team")
    if u.level not in registry.LEVEL_ZH:
        raise AdoptError(f"层级 {u.level!r} 不合格：可选 {'、'.join(registry.LEVEL_ZH)}")


# -- where the project's files are -------------------------------------------------------------

def source_root(given: Path | None = None) -> Path:
    """The warmth source tree: the given folder, or the one this package is installed from."""
    root = (given or PACKAGE.parents[1]).resolve()
    missing = [m for m in MARKERS if not (root / m).exists()]
    if missing:
        raise AdoptError(
            f"{root} 不是 warmth 的源代码仓库（缺少 {'、'.join(missing)}）。"
            "请从 warmth 仓库的克隆中用 pip install -e . 安装后运行，或用 --source 指定那个克隆"
        )
    return root


# -- replacing the demo's names ------------------------------------------------------------------

def demo_names(source: Path, new: Union) -> dict[str, str]:
    """Every name the demo uses (units, teams, the issuer's place), mapped to the new union's."""
    data = yaml.safe_load((source / "submissions" / "units.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data.get("fictional"):
        return {}  # the source is not the demo: nothing of it is copied that names someone
    issuer = data.get("issuer")
    out: dict[str, str] = {}
    for u in data.get("units", []):
        own = u.get("id") == issuer
        out[u["id"]] = new.id if own else new.example_id
        out[u["name"]] = new.name if own else new.example_name
        if u.get("short"):
            out[u["short"]] = (new.short or new.name) if own else new.example_short
        if own:
            out[u["name"].removesuffix(UNION_SUFFIX)] = new.place
        for h in (*u.get("reviewers", []), *u.get("submitters", [])):
            out[h] = new.team if "/" in h else f"@{new.example_id}"
    for h in data.get("admins", []):
        out[h] = new.admin
    return {k: v for k, v in out.items() if k}


def replace_names(text: str, names: dict[str, str]) -> str:
    """Each demo name replaced, longest first, in one pass (a replacement is never re-read)."""
    if not names:
        return text
    ordered = sorted(names, key=len, reverse=True)
    # ids are matched between non-alphanumerics (a branch name 报送-2022-spring-<id> included);
    # a district's longer id is tried before its city's, which is its head
    pattern = "|".join(
        rf"(?<![A-Za-z0-9]){re.escape(n)}(?![A-Za-z0-9])" if n.isascii() else re.escape(n)
        for n in ordered
    )
    return re.sub(pattern, lambda m: names[m[0]], text)


def drop_demo_notes(text: str) -> str:
    """Remove admonitions that announce the demo (!!! warning "这是一个演示站点" and its body)."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        if line.startswith("!!!") and "演示" in line:
            skipping = True
            continue
        if skipping and (line.startswith("    ") or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out).lstrip("\n").replace("\n\n\n", "\n\n")


# -- the files ----------------------------------------------------------------------------------

def site_config(source: Path, new: Union) -> str:
    """The project's mkdocs.yml with the union's own site name and description, and no
    repository for the fill-in page to send reports to until the union names its own."""
    text = (source / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s*warmth_repo:).*$", r'\1 ""', text)
    text = re.sub(r"(?m)^site_name:.*$", "site_name: " + json.dumps(new.site_name, ensure_ascii=False), text)
    desc = f"{new.name}送温暖活动的通知、填报指南和汇总数据"
    return re.sub(r"(?m)^site_description:.*$", "site_description: " + json.dumps(desc, ensure_ascii=False), text)


def units_file(new: Union) -> str:
    def q(s: str) -> str:
        return json.dumps(s, ensure_ascii=False)  # JSON strings are YAML strings

    short = f", short: {q(new.short)}" if new.short else ""
    return (
        f"# {new.name}的单位名录：每个报送或审核的单位一行。\n"
        "# 字段的含义见网站上的“字段参考”页；改动后运行 warmth codeowners 并一起提交。\n"
        "# 审核人为空的单位，由最近的上级单位的审核人审核。\n"
        f"issuer: {new.id}\n"
        f"admins: [{q(new.admin)}]\n"
        "units:\n"
        f"  - {{id: {new.id}, name: {q(new.name)}{short}, level: {new.level}, reviewers: [{q(new.admin)}]}}\n"
        "  # 示例行：改成真实的下级单位，或删去后按同样格式逐行添加\n"
        f"  - {{id: {new.example_id}, name: {q(new.example_name)}, short: {q(new.example_short)}, "
        f"level: {new.example_level}, parent: {new.id}, reviewers: [{q(new.team)}], "
        f"submitters: [{q('@' + new.example_id)}]}}\n"
    )


def readme(new: Union) -> str:
    return (
        f"# {new.site_name}\n\n"
        f"{new.name}的送温暖活动报送仓库：下级工会把报告写成 YAML 文件，通过拉取请求提交；"
        "检查通过、审核合并后，工具自动汇总成 Excel 工作簿，并发布网站。\n\n"
        "## 两条命令\n\n"
        "需要 Python 3.11 以上和 git。第一条命令安装工具并生成网站（`site/`）和工作簿（`build/`）：\n\n"
        "```sh\n"
        "python3 -m venv .venv && .venv/bin/pip install -e '.[site]' && .venv/bin/warmth build\n"
        "```\n\n"
        "第二条命令检查单位名录、表式、活动和全部报送文件：\n\n"
        "```sh\n"
        ".venv/bin/warmth validate\n"
        "```\n\n"
        "## 从哪里开始\n\n"
        "- 第一个下午要做的事（GitHub 设置、单位名录、第一次活动）：见网站上的“建立自己的仓库”页"
        "（`docs/guide/adopt.md`）。\n"
        "- 每个字段的含义：见网站上的“字段参考”页，由 `schemas/*.schema.json` 生成。\n"
        "- 填报单位看“填报指南”。\n\n"
        "工具的代码在 `scripts/warmth/`，随仓库一起提交；升级时用新版本替换这个文件夹。\n"
    )


def _copy_tree(src: Path, dst: Path, skip: Iterable[str] = ("__pycache__",)) -> None:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(*skip, "*.pyc"), dirs_exist_ok=True)


def _campaign_pages(source: Path) -> set[str]:
    """Pages under docs/notices/ that belong to the demo's campaigns (not copied)."""
    return {f"{p.parent.name}.md" for p in (source / "submissions").glob("*/campaign.yaml")}


def init(target: Path, new: Union, source: Path | None = None) -> list[Path]:
    """Write the new repository into target (absent, empty, or holding only .git): whole, or
    not at all (it is made beside target and moved in when complete)."""
    check_union(new)
    src = source_root(source)
    if target.exists() and (not target.is_dir() or any(p.name != ".git" for p in target.iterdir())):
        raise AdoptError(f"{target} 已存在且不是空文件夹；为免覆盖，请指定一个新的或空的文件夹")
    if target.resolve().is_relative_to(src):
        raise AdoptError(f"{target} 在 warmth 源代码仓库之内；新仓库请放在它的外面")
    names = demo_names(src, new)
    work: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
        _write_all(work, src, new, names)
        target.mkdir(exist_ok=True)
        for entry in sorted(work.iterdir()):
            os.replace(entry, target / entry.name)
    except OSError as exc:
        raise AdoptError(f"无法写入 {target}：{exc.strerror or exc}") from exc
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return sorted(target.iterdir())


def _write_all(target: Path, src: Path, new: Union, names: dict[str, str]) -> None:
    def put(rel: str, text: str) -> None:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    for same in VERBATIM:
        if (src / same).is_file():
            put(same, (src / same).read_text(encoding="utf-8"))
    put("mkdocs.yml", site_config(src, new))
    put("README.md", readme(new))
    put("submissions/units.yaml", units_file(new))
    for p in sorted((src / ".github" / "workflows").glob("*.yml")):
        put(f".github/workflows/{p.name}", p.read_text(encoding="utf-8"))
    template = src / ".github" / "pull_request_template.md"
    if template.is_file():
        put(".github/pull_request_template.md", replace_names(template.read_text(encoding="utf-8"), names))
    for p in sorted((src / "schemas").glob("*.schema.json")):
        put(f"schemas/{p.name}", p.read_text(encoding="utf-8"))
    for p in sorted((src / "schemas" / "forms").glob("*.yaml")):
        put(f"schemas/forms/{p.name}", p.read_text(encoding="utf-8"))
    demo_notices = _campaign_pages(src)
    for p in sorted((src / "docs").rglob("*")):
        rel = p.relative_to(src / "docs")
        if not p.is_file() or (rel.parts[0] == "notices" and p.name in demo_notices):
            continue
        if p.suffix == ".md":
            put(f"docs/{rel.as_posix()}", drop_demo_notes(replace_names(p.read_text(encoding="utf-8"), names)))
        else:
            (target / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, target / "docs" / rel)
    for p in sorted((src / "overrides").rglob("*")):  # the theme's overrides (the footer)
        if p.is_file():
            put(f"overrides/{p.relative_to(src / 'overrides').as_posix()}", p.read_text(encoding="utf-8"))
    _copy_tree(src / "scripts" / "warmth", target / "scripts" / "warmth")
    reg = registry.from_value(yaml.safe_load(units_file(new)), {}, Collector("submissions/units.yaml"))
    codeowners.write(target, codeowners.render(reg))
