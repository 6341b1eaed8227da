"""MkDocs hooks of `warmth build` and `warmth serve` (the staged mkdocs.yml names this file;
the repository's own mkdocs.yml does not need to).

- Pre-rendered HTML: a generated page may stand for blocks of HTML by placeholders
  (``<!-- warmth:html N -->``), the blocks kept in ``warmth-html/<page>.json`` beside the staged
  mkdocs.yml (a JSON list, block N at index N). They are put in after MkDocs has rendered the
  page and the search plugin has indexed it, so Markdown never parses them and search never
  indexes them: at national scale these are the region pages' tables (site/region.py).
- Unit names are whole words of the search index: the search plugin cuts Chinese text into
  words (jieba) and the browser matches what is typed against the beginnings of those words,
  without cutting the query, so a unit's full name typed into the search box (第101县总工会,
  某市某区总工会) would match nothing. The sections headed by a unit's name
  (``warmth-html/search-names.json``) keep their title as one word; the text under them stays cut.
- The search index is written as UTF-8 (the search plugin writes every Chinese character and
  every word break as a six-byte ``\\uXXXX`` escape, which doubles its size).

Only the standard library and MkDocs are imported here: MkDocs loads this file by its path.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

BLOCKS_DIR = "warmth-html"
NAMES_FILE = "search-names.json"
ZWSP = "\u200b"  # the search plugin's word break
PLACEHOLDER = re.compile(r"<!-- warmth:html (\d+) -->")


def blocks_file(config_file: str | Path, src_uri: str) -> Path:
    return Path(config_file).parent / BLOCKS_DIR / f"{src_uri}.json"


def fill(output: str, blocks: list[str], where: str) -> str:
    """output with every placeholder replaced by its block; each block used exactly once."""
    used: set[int] = set()

    def put(m: re.Match[str]) -> str:
        n = int(m[1])
        if n >= len(blocks) or n in used:
            raise PluginError(f"{where}：HTML 块 {n} 不存在或重复出现")
        used.add(n)
        return blocks[n]

    filled = PLACEHOLDER.sub(put, output)
    if len(used) != len(blocks):
        raise PluginError(f"{where}：有 {len(blocks) - len(used)} 个 HTML 块没有出现在页面中")
    return filled


@event_priority(-100)  # last: after every plugin has seen the rendered page
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    path = blocks_file(config.config_file_path, page.file.src_uri)
    if not path.is_file():
        if PLACEHOLDER.search(output):
            raise PluginError(f"{page.file.src_uri}：页面有 HTML 块占位符，但找不到 {path}")
        return output
    try:
        blocks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PluginError(f"{path} 无法读取：{exc}") from exc
    if not isinstance(blocks, list) or not all(isinstance(b, str) for b in blocks):
        raise PluginError(f"{path} 不是字符串列表")
    return fill(output, blocks, page.file.src_uri)


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    names_path = Path(config.config_file_path).parent / BLOCKS_DIR / NAMES_FILE
    if names_path.is_file():
        names = set(json.loads(names_path.read_text(encoding="utf-8")))
        for entry in data.get("docs", []):
            whole = str(entry.get("title", "")).replace(ZWSP, "")
            if " ".join(html.unescape(whole).split()) in names:
                entry["title"] = whole
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
