"""The field reference: every field of units.yaml, campaign.yaml and a form definition, read
from the JSON Schemas that check them (their titles, descriptions and examples), so the page
says what the checks enforce and cannot drift from them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .text import code, inline

# (schema file, where the data lives, anchor)
SCHEMAS = (
    ("units.schema.json", "submissions/units.yaml", "units"),
    ("campaign.schema.json", "submissions/<活动编号>/campaign.yaml", "campaign"),
    ("form.schema.json", "schemas/forms/<表式编号>.yaml", "form"),
)
TYPE_ZH = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false"}


@dataclass(slots=True)
class Field:
    path: str
    node: dict[str, Any]
    required: bool


def resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """A property with its local $ref (#/$defs/...) merged in; its own keywords win."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node
    target: Any = root
    for part in ref[2:].split("/"):
        target = target[part]
    return {**resolve(target, root), **{k: v for k, v in node.items() if k != "$ref"}}


def fields(schema: dict[str, Any], root: dict[str, Any] | None = None, prefix: str = "") -> Iterator[Field]:
    """Every property, depth first, with its path (units[].id, period.start)."""
    root = root or schema
    required = set(schema.get("required", []))
    for name, raw in schema.get("properties", {}).items():
        node = resolve(raw, root)
        path = f"{prefix}{name}"
        yield Field(path, node, name in required)
        if node.get("type") == "object":
            yield from fields(node, root, f"{path}.")
        items = node.get("items")
        if node.get("type") == "array" and isinstance(items, dict) and items.get("type") == "object":
            yield from fields(items, root, f"{path}[].")


def kind(node: dict[str, Any], root: dict[str, Any]) -> str:
    if "enum" in node:
        return "取值：" + "、".join(code(v) for v in node["enum"])
    t = node.get("type")
    pattern = str(node.get("pattern", ""))
    if pattern == r"^\d{4}-\d{2}-\d{2}$":
        return "日期"
    if pattern.startswith(r"^\d{4}-\d{2}-\d{2}("):
        return "日期或日期加时间"
    if t == "array":
        items = resolve(node.get("items", {}), root)
        return "列表，每项是" + ("一个对象（字段见下）" if items.get("type") == "object" else kind(items, root))
    if t == "object":
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            return f"键值对：键是编号或名称，值是{kind(resolve(extra, root), root)}"
        return "对象（字段见下）"
    text = TYPE_ZH.get(str(t), str(t))
    if "minimum" in node:
        text += f"，不小于 {node['minimum']}"
    return text


def example(name: str, node: dict[str, Any]) -> str:
    values = node.get("examples") or []
    if not values:
        return "—"
    flow = yaml.safe_dump(values[0], allow_unicode=True, default_flow_style=True, width=10_000,
                          sort_keys=False)
    return code(f"{name}: {flow.removesuffix(chr(10)).removesuffix('...').strip()}")


def section(schema: dict[str, Any], where: str, anchor: str) -> list[str]:
    lines = [f"## {inline(schema.get('title', where))} {{#{anchor}}}", "",
             f"文件：{code(where)}。{inline(schema.get('description', ''))}", "",
             "| 字段 | 必填 | 类型 | 说明 | 示例 |", "| --- | --- | --- | --- | --- |"]
    for f in fields(schema):
        leaf = f.path.rsplit(".", 1)[-1].removesuffix("[]")
        title = f.node.get("title", "")
        desc = f.node.get("description", "")
        text = f"**{inline(title)}**。{inline(desc)}" if title else inline(desc)
        lines.append(f"| {code(f.path)} | {'是' if f.required else '否'} | {kind(f.node, schema)} | "
                     f"{text} | {example(leaf, f.node)} |")
    lines.append("")
    return lines


def reference_page(schema_dir: Path) -> str:
    lines = [
        "# 字段参考",
        "",
        "本页由 `schemas/` 下的 JSON Schema 自动生成，列出单位名录、活动和表式定义中的每个字段："
        "检查程序按同一份 Schema 检查这些文件，所以这里写的就是检查的要求。"
        "路径中的 `[]` 表示列表中的每一项，例如 `units[].id` 是每个单位的编号。",
        "",
        "改动这些文件后运行 `warmth validate`；改动活动或表式后还要运行 `warmth schemas` 重新生成报送文件的 Schema。"
        "新一次活动用 `warmth campaign new 活动编号` 由上一次生成，见[建立自己的仓库](adopt.md)。",
        "",
    ]
    for name, where, anchor in SCHEMAS:
        path = schema_dir / name
        if path.is_file():
            lines += section(json.loads(path.read_text(encoding="utf-8")), where, anchor)
    return "\n".join(lines)
