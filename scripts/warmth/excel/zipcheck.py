"""Bounds on a workbook before openpyxl reads a byte of it.

An .xlsx is a zip of XML parts. openpyxl trusts both: it decompresses whatever a part
declares, builds every cell of every row, and hands XML to a parser. A hostile or broken
file can therefore cost gigabytes of memory (a zip bomb, a million rows, a 100 MB string)
or end in a parser exception. This module reads the file once, as a stream, with limits:

- the file itself, the number of parts, each part's declared uncompressed size and their sum;
- the actual bytes each part decompresses to (never more than declared, never more than the
  limit: the stream is cut off, not trusted);
- every XML part parsed with expat, refusing document type declarations (so no entity can
  expand: no "billion laughs"), counting rows and cells, and measuring each text run.

Anything beyond a bound, or not a workbook at all, is an UnreadableWorkbook whose message is
Chinese and says what to do. A template that warmth made is far below every bound.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

MAX_FILE_BYTES = 20_000_000  # the .xlsx file on disk
MAX_PARTS = 1_000  # a warmth template has about 20
MAX_PART_BYTES = 20_000_000  # one part, uncompressed
MAX_TOTAL_BYTES = 25_000_000  # all parts, uncompressed
MAX_ROWS = 20_000  # rows in one sheet; a template has a few hundred
MAX_CELLS = 100_000  # cells in all sheets together
MAX_ELEMENTS = 500_000  # XML elements in all parts (styles, relationships... included)
MAX_TEXT = 200_000  # characters in one text (a cell, a shared string)
CHUNK = 1 << 16
# a shared string (<si>) and an inline string (<is>) hold one cell's text, possibly as many
# rich-text runs (<r><t>): MAX_TEXT bounds the whole string, not each run
STRING_ITEMS = frozenset({"si", "is"})

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected .xlsx
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
XML_SUFFIXES = (".xml", ".rels", ".vml")


class UnreadableWorkbook(Exception):
    """The file is not an .xlsx workbook warmth can read; the message is Chinese."""


@dataclass(slots=True)
class _Count:
    elements: int = 0
    cells: int = 0
    rows: int = 0  # in the part being read
    text: int = 0  # characters of the text being read: one element's, or one whole string's
    in_string: int = 0  # depth inside a string item (<si>, <is>): its rich-text runs count together


def _mb(n: int) -> str:
    return f"{n / 1_000_000:,.0f} MB" if n >= 1_000_000 else f"{n:,} 字节"


def check(path: Path) -> None:
    """Raise UnreadableWorkbook unless path is a zip of well-formed XML parts within bounds."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UnreadableWorkbook(f"无法读取文件（{exc.strerror}）") from exc
    if size > MAX_FILE_BYTES:
        raise UnreadableWorkbook(f"文件有 {_mb(size)}，模板不应超过 {_mb(MAX_FILE_BYTES)}")
    if head.startswith(OLE_MAGIC):
        raise UnreadableWorkbook(
            "这是设置了打开密码的工作簿，或旧版 .xls 文件；请在 Excel 或 WPS 中取消密码保护，"
            "再另存为“Excel 工作簿（.xlsx）”")
    if not head.startswith(ZIP_MAGIC):
        raise UnreadableWorkbook("文件内容不是 .xlsx 格式（可能只是改了扩展名）")
    parts = _declared_parts(path)
    if parts > MAX_PARTS:
        raise UnreadableWorkbook(f"压缩包里有 {parts:,} 个部件，模板不应超过 {MAX_PARTS:,} 个")
    try:
        with zipfile.ZipFile(path) as zf:
            _check_zip(zf)
    except zipfile.BadZipFile as exc:
        raise UnreadableWorkbook("文件已损坏：压缩包结构或校验值不对") from exc
    except (OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise UnreadableWorkbook("文件已损坏或使用了不支持的压缩方式") from exc


def _declared_parts(path: Path) -> int:
    """The entry count of the zip's end record, read before zipfile lists every entry."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        end = fh.tell()
        fh.seek(max(0, end - 65_557))  # the end record, then a comment of at most 65,535 bytes
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 12 > len(tail):
        raise UnreadableWorkbook("文件已损坏：找不到压缩包的目录")
    return int.from_bytes(tail[at + 10:at + 12], "little")  # 0xFFFF (zip64) counts as too many


def _check_zip(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise UnreadableWorkbook(f"压缩包里有 {len(infos):,} 个部件，模板不应超过 {MAX_PARTS:,} 个")
    names = {i.filename for i in infos}
    missing = [n for n in WORKBOOK_PARTS if n not in names]
    if missing:
        raise UnreadableWorkbook(f"这是压缩包，但不是 Excel 工作簿（缺少 {missing[0]}）")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableWorkbook("工作簿里的内容已加密；请取消密码保护后另存为 .xlsx")
        if info.file_size > MAX_PART_BYTES:
            raise UnreadableWorkbook(
                f"部件 {info.filename} 解压后有 {_mb(info.file_size)}，超过上限 {_mb(MAX_PART_BYTES)}；"
                "这不是正常的填报模板")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise UnreadableWorkbook(f"工作簿解压后共 {_mb(total)}，超过上限 {_mb(MAX_TOTAL_BYTES)}；这不是正常的填报模板")
    count = _Count()
    for info in infos:
        if info.is_dir():
            continue
        _read_part(zf, info, count)


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, count: _Count) -> None:
    """Stream one part, never past its declared size; XML parts go through expat."""
    name = info.filename
    is_xml = name.lower().endswith(XML_SUFFIXES)
    is_sheet = name.startswith("xl/worksheets/")
    parser = _parser(name, count, is_sheet) if is_xml else None
    count.rows = count.text = count.in_string = 0
    seen = 0
    with zf.open(info) as part:
        while True:
            chunk = part.read(CHUNK)
            if not chunk:
                break
            seen += len(chunk)
            if seen > info.file_size or seen > MAX_PART_BYTES:  # zipfile cuts at the declared size; be sure
                raise UnreadableWorkbook(f"部件 {name} 解压后的实际大小超过它声明的大小；文件已损坏")
            if parser is not None:
                _feed(parser, name, chunk, False)
    if parser is not None:
        _feed(parser, name, b"", True)


def _feed(parser: expat.XMLParserType, name: str, data: bytes, final: bool) -> None:
    try:
        parser.Parse(data, final)
    except expat.ExpatError as exc:
        where = f"第 {exc.lineno} 行" if getattr(exc, "lineno", None) else ""
        raise UnreadableWorkbook(
            f"部件 {name} {where}的 XML 无法解析（{_expat_reason(exc.code)}）；文件已损坏，"
            "请用 Excel 或 WPS 打开后重新另存为 .xlsx") from exc


def _expat_reason(code: int | None) -> str:
    reasons = {
        expat.errors.codes[expat.errors.XML_ERROR_SYNTAX]: "语法错误",
        expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]: "没有内容",
        expat.errors.codes[expat.errors.XML_ERROR_INVALID_TOKEN]: "含有无效字符",
        expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN]: "标记没有结束",
        expat.errors.codes[expat.errors.XML_ERROR_TAG_MISMATCH]: "开始和结束标记不匹配",
        expat.errors.codes[expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]: "文档结束后还有内容",
        expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]: "使用了未定义的实体",
        expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING]: "编码声明不正确",
        expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]: "未知的编码",
    }
    return reasons.get(code, "格式错误") if code is not None else "格式错误"


def _parser(name: str, count: _Count, is_sheet: bool) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_dtd(*_: object) -> None:
        raise UnreadableWorkbook(
            f"部件 {name} 含有文档类型（DOCTYPE）或实体声明；Excel 工作簿从不使用它们，"
            "这个文件可能是恶意构造的，未读取")

    def start(tag: str, _attrs: object) -> None:
        count.elements += 1
        local = tag.rsplit(" ", 1)[-1]
        if local in STRING_ITEMS:
            count.in_string += 1
            if count.in_string == 1:
                count.text = 0
        elif not count.in_string:
            count.text = 0
        if count.elements > MAX_ELEMENTS:
            raise UnreadableWorkbook(f"工作簿的 XML 元素超过 {MAX_ELEMENTS:,} 个；这不是正常的填报模板")
        if is_sheet:
            if local == "row":
                count.rows += 1
                if count.rows > MAX_ROWS:
                    raise UnreadableWorkbook(
                        f"工作表部件 {name} 超过 {MAX_ROWS:,} 行；模板只有几百行，请删除多余的行后重新保存")
            elif local == "c":
                count.cells += 1
                if count.cells > MAX_CELLS:
                    raise UnreadableWorkbook(
                        f"工作簿的单元格超过 {MAX_CELLS:,} 个；模板只需要填写黄色单元格，请删除多余内容后重新保存")

    def end(tag: str) -> None:
        if tag.rsplit(" ", 1)[-1] in STRING_ITEMS:
            count.in_string = max(0, count.in_string - 1)
        if not count.in_string:
            count.text = 0

    def text(data: str) -> None:
        count.text += len(data)
        if count.text > MAX_TEXT:
            raise UnreadableWorkbook(
                f"部件 {name} 里有一段文字超过 {MAX_TEXT:,} 个字符；一个单元格写不了这么多，"
                "报告正文请精简后重新填写")

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    return parser
