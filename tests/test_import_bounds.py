"""`warmth import` on hostile and broken workbooks: every one is refused within seconds, with
little memory, by a Chinese message that says what is wrong, and nothing is written.

The workbooks are built here from a real template: zip bombs (a sheet of gigabytes of
repeated cells, declared honestly or hidden behind a small declared size), a million rows,
a 100 MB shared string, a DOCTYPE with nested entities ("billion laughs"), broken XML, files
that are not zips, zips that are not workbooks, encrypted and OLE files. Each import runs in
its own process and is measured (wall time, and peak memory from the kernel's rusage).
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import make_repo

CID = "2022-spring"
UNIT = "fengdu-nanjin"
SHEET = "xl/worksheets/sheet1.xml"  # the first form sheet of the template (form sheets come first)
MAX_SECONDS = 10  # "within seconds" on a loaded two-core machine; refusals take well under one
MAX_RSS_KB = 300_000
ENGLISH = re.compile(r"\b(?:Error|error|File|file is|not a zip|Traceback|Exception|Bad|invalid|expected)\b")


@dataclass
class Measured:
    code: int
    out: str
    err: str
    seconds: float
    peak_kb: int


# The command in-process, and at exit the high-water mark of its own memory (VmHWM): the
# kernel's rusage would also count what the test process held when it forked the child.
MEASURED = """
import atexit, re, sys
def peak():
    status = open("/proc/self/status").read()
    open(sys.argv[1], "w").write(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1))
atexit.register(peak)
from warmth.cli import main
sys.exit(main(sys.argv[2:]))
"""


def run_measured(*args: str, cwd: Path, timeout: float = 300) -> Measured:
    """Run warmth in its own process, timed, with its peak resident memory."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        hwm = Path(tmp) / "hwm"
        start = time.monotonic()
        proc = subprocess.run([sys.executable, "-c", MEASURED, str(hwm), *args], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout)
        seconds = time.monotonic() - start
        return Measured(proc.returncode, proc.stdout, proc.stderr, seconds, int(hwm.read_text()))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("bounds") / "repo")
    r = subprocess.run([sys.executable, "-m", "warmth.cli", "template", CID, UNIT, "--from",
                        f"submissions/{CID}/{UNIT}.yaml", "-o", "t.xlsx"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return root


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def write_zip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


# -- a zip written by hand, for sizes that lie and streams too large to compress here -------

@dataclass
class Raw:
    name: str
    deflated: bytes
    size: int  # the uncompressed size the headers declare
    crc: int = 0
    flags: int = 0


def raw_part(name: str, data: bytes) -> Raw:
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Raw(name, co.compress(data) + co.flush(), len(data), zlib.crc32(data))


def repeated_deflate(head: bytes, unit: bytes, times: int) -> tuple[bytes, int]:
    """A raw deflate stream of head + unit*times, built without compressing it all: after a
    full flush a block does not refer back, so one compressed block can be repeated."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = co.compress(head) + co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(unit) + co.flush(zlib.Z_FULL_FLUSH)
    end = co.flush(zlib.Z_FINISH)
    return first + block * times + end, len(head) + len(unit) * times


def write_raw(path: Path, parts: list[Raw]) -> None:
    body, central = bytearray(), bytearray()
    for p in parts:
        name = p.name.encode()
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, p.flags, 8, 0, 0x21, p.crc,
                            len(p.deflated), p.size, len(name), 0) + name + p.deflated
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, p.flags, 8, 0, 0x21, p.crc,
                               len(p.deflated), p.size, len(name), 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central), len(body), 0)
    path.write_bytes(bytes(body + central + end))


def template_raw(template: Path, replace: dict[str, Raw]) -> list[Raw]:
    parts = members(template)
    return [replace.get(n) or raw_part(n, d) for n, d in parts.items()] + [r for n, r in replace.items() if n not in parts]


# -- the hostile workbooks: (builder, what the message must say) ---------------------------

CELL = b'<row r="9"><c r="F9"><v>1</v></c></row>' * 1000
SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def bomb_declared(t: Path, out: Path) -> None:
    """3 GB of repeated cells, honestly declared, deflated to a few MB (the most deflate does)."""
    data, size = repeated_deflate(SHEET_HEAD, CELL * 25, 3_000_000_000 // len(CELL * 25))
    write_raw(out, template_raw(t, {SHEET: Raw(SHEET, data, size)}))
    assert out.stat().st_size * 300 < size


def bomb_hidden(t: Path, out: Path) -> None:
    """1 GB of repeated cells whose headers declare the size of the real sheet."""
    data, size = repeated_deflate(SHEET_HEAD, CELL * 25, 1_000_000_000 // len(CELL * 25))
    assert size > 990_000_000
    real = members(t)[SHEET]
    write_raw(out, template_raw(t, {SHEET: Raw(SHEET, data, len(real), zlib.crc32(real))}))


def bomb_shared_string(t: Path, out: Path) -> None:
    """A shared string of 100 MB (declared truthfully)."""
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    data, size = repeated_deflate(head, "汉字".encode() * 50_000, 100_000_000 // 300_000)
    write_raw(out, template_raw(t, {"xl/sharedStrings.xml": Raw("xl/sharedStrings.xml", data, size)}))


def _sheet(t: Path, out: Path, edit: Callable[[bytes], bytes], name: str = SHEET) -> None:
    parts = members(t)
    parts[name] = edit(parts[name])
    write_zip(out, parts)


def million_rows(t: Path, out: Path) -> None:
    rows = b"".join(b'<row r="%d"/>' % r for r in range(60, 1_000_060))
    _sheet(t, out, lambda x: x.replace(b"</sheetData>", rows + b"</sheetData>"))


def too_many_cells(t: Path, out: Path) -> None:
    rows = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>1</v></c>' % (c, r) for c in (b"G", b"H", b"I", b"J", b"K", b"L", b"M", b"N"))
                    + b"</row>" for r in range(60, 15_060))
    _sheet(t, out, lambda x: x.replace(b"</sheetData>", rows + b"</sheetData>"))


def long_string(t: Path, out: Path) -> None:
    """One cell of a million characters: small enough in bytes, too long as a text."""
    cell = b'<row r="70"><c r="G70" t="inlineStr"><is><t>' + "长".encode() * 1_000_000 + b"</t></is></c></row>"
    _sheet(t, out, lambda x: x.replace(b"</sheetData>", cell + b"</sheetData>"))


RUN = "长".encode() * 150_000  # each run below the bound, the string as a whole above it
RPR = b'<rPr><b/><sz val="11"/><color rgb="FF000000"/><rFont val="SimSun"/></rPr>'


def long_string_in_runs(t: Path, out: Path) -> None:
    """An inline string of rich-text runs, each short, together too long."""
    cell = b'<row r="70"><c r="G70" t="inlineStr"><is>' + b"".join(b"<r>" + RPR + b"<t>" + RUN + b"</t></r>" for _ in range(3)) + b"</is></c></row>"
    _sheet(t, out, lambda x: x.replace(b"</sheetData>", cell + b"</sheetData>"))


def long_string_in_bare_runs(t: Path, out: Path) -> None:
    """An inline string of several <t> in a row (no <r>), each short, together too long."""
    cell = b'<row r="70"><c r="G70" t="inlineStr"><is>' + b"".join(b"<t>" + RUN + b"</t>" for _ in range(2)) + b"</is></c></row>"
    _sheet(t, out, lambda x: x.replace(b"</sheetData>", cell + b"</sheetData>"))


def long_shared_string_in_runs(t: Path, out: Path) -> None:
    """A shared string of rich-text runs with phonetic runs between them, together too long."""
    si = b"<si>" + b"".join(b"<r>" + RPR + b"<t>" + RUN + b'</t></r><rPh sb="0" eb="1"><t>x</t></rPh>' for _ in range(2)) + b"</si>"
    parts = members(t)
    name = "xl/sharedStrings.xml"
    if name in parts:
        parts[name] = re.sub(rb"(<sst[^>]*>)", lambda m: m[1] + si, parts[name], count=1)
    else:
        parts[name] = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + si + b"</sst>"
    write_zip(out, parts)


def too_many_elements(t: Path, out: Path) -> None:
    _sheet(t, out, lambda x: x.replace(b"</cellXfs>", b"<xf/>" * 600_000 + b"</cellXfs>"), "xl/styles.xml")


def billion_laughs(t: Path, out: Path) -> None:
    dtd = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) + b"]>"
    _sheet(t, out, lambda x: dtd + x.replace(b"<sheetData>", b"<sheetData><row r=\"99\"><c r=\"G99\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>", 1))


def external_entity(t: Path, out: Path) -> None:
    dtd = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    _sheet(t, out, lambda x: dtd + x, "xl/workbook.xml")


def broken_xml(t: Path, out: Path) -> None:
    _sheet(t, out, lambda x: x[: len(x) // 2])


def bad_token_xml(t: Path, out: Path) -> None:
    _sheet(t, out, lambda x: x.replace(b"<sheetData>", b"<sheetData>\n<row r=\"1\"><<c/></row>", 1))


def number_cell_holding_text(t: Path, out: Path) -> None:
    """Well-formed XML that openpyxl cannot take: a number cell whose value is not a number."""
    _sheet(t, out, lambda x: x.replace(b"</sheetData>", b'<row r="70"><c r="G70"><v>\xe5\x8d\x81</v></c></row></sheetData>'))


def text_named_xlsx(t: Path, out: Path) -> None:
    out.write_text("这不是工作簿，只是改了扩展名\n", encoding="utf-8")


def png_named_xlsx(t: Path, out: Path) -> None:
    out.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)


def empty_file(t: Path, out: Path) -> None:
    out.write_bytes(b"")


def zip_without_workbook(t: Path, out: Path) -> None:
    write_zip(out, {"readme.txt": "你好".encode(), "data.csv": b"a,b\n1,2\n"})


def zip_without_workbook_part(t: Path, out: Path) -> None:
    parts = members(t)
    del parts["xl/workbook.xml"]
    write_zip(out, parts)


def docx_named_xlsx(t: Path, out: Path) -> None:
    write_zip(out, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"})


def ole_file(t: Path, out: Path) -> None:
    """What Excel saves when a workbook has an opening password (and what .xls files are)."""
    out.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4088)


def encrypted_zip(t: Path, out: Path) -> None:
    parts = template_raw(t, {})
    for p in parts:
        p.flags |= 0x1
    write_raw(out, parts)


def truncated_zip(t: Path, out: Path) -> None:
    data = t.read_bytes()
    out.write_bytes(data[: len(data) // 2])


def wrong_crc(t: Path, out: Path) -> None:
    parts = template_raw(t, {})
    for p in parts:
        if p.name == SHEET:
            p.crc ^= 0xFFFF
    write_raw(out, parts)


def too_many_parts(t: Path, out: Path) -> None:
    parts = members(t)
    parts.update({f"xl/media/x{i}.bin": b"" for i in range(1_500)})
    write_zip(out, parts)


HOSTILE: list[tuple[Callable[[Path, Path], None], str]] = [
    (bomb_declared, f"部件 {SHEET} 解压后有 2,999 MB，超过上限 20 MB"),
    (bomb_hidden, "已损坏"),
    (bomb_shared_string, "xl/sharedStrings.xml 解压后有 100 MB，超过上限 20 MB"),
    (million_rows, "超过 20,000 行"),
    (too_many_cells, "单元格超过 100,000 个"),
    (long_string, "有一段文字超过 200,000 个字符"),
    (long_string_in_runs, "有一段文字超过 200,000 个字符"),
    (long_string_in_bare_runs, "有一段文字超过 200,000 个字符"),
    (long_shared_string_in_runs, "有一段文字超过 200,000 个字符"),
    (too_many_elements, "XML 元素超过 500,000 个"),
    (billion_laughs, "DOCTYPE"),
    (external_entity, "DOCTYPE"),
    (broken_xml, f"部件 {SHEET} 第 2 行的 XML 无法解析"),  # line 1: the XML declaration
    (bad_token_xml, f"部件 {SHEET} 第 3 行的 XML 无法解析"),
    (number_cell_holding_text, "工作簿结构不完整"),
    (text_named_xlsx, "不是 .xlsx 格式"),
    (png_named_xlsx, "不是 .xlsx 格式"),
    (empty_file, "不是 .xlsx 格式"),
    (zip_without_workbook, "不是 Excel 工作簿（缺少 [Content_Types].xml）"),
    (zip_without_workbook_part, "不是 Excel 工作簿（缺少 xl/workbook.xml）"),
    (docx_named_xlsx, "不是 Excel 工作簿（缺少 xl/workbook.xml）"),
    (ole_file, "密码"),
    (encrypted_zip, "已加密"),
    (truncated_zip, "已损坏"),
    (wrong_crc, "已损坏"),
    (too_many_parts, "个部件，模板不应超过 1,000 个"),
]


@pytest.mark.parametrize(("build", "says"), HOSTILE, ids=[b.__name__ for b, _ in HOSTILE])
def test_hostile_workbook_is_refused_quickly_in_chinese(repo: Path, tmp_path: Path,
                                                        build: Callable[[Path, Path], None], says: str) -> None:
    bad = tmp_path / "报表.xlsx"
    build(repo / "t.xlsx", bad)
    out = tmp_path / "out.yaml"
    r = run_measured("import", str(bad), "-o", str(out), cwd=repo)
    assert r.code == 2, (r.code, r.err)
    assert says in r.err, r.err
    assert r.err.startswith(f"warmth：无法读取 {bad}："), r.err
    assert "内部错误" not in r.err and not ENGLISH.search(r.err), r.err
    assert not out.exists()
    assert r.seconds < MAX_SECONDS, f"{r.seconds:.1f} s"
    assert r.peak_kb < MAX_RSS_KB, f"{r.peak_kb} KB"


def test_dimension_claiming_the_whole_grid_is_not_believed(repo: Path, tmp_path: Path) -> None:
    """A dimension tag of A1:XFD1048576 on a real template: read as the cells it holds."""
    wb = tmp_path / "dim.xlsx"
    _sheet(repo / "t.xlsx", wb, lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x))
    assert b"XFD1048576" in members(wb)[SHEET]
    r = run_measured("import", str(wb), "-o", str(tmp_path / "out.yaml"), cwd=repo)
    assert r.code == 0, r.err
    plain = run_measured("import", str(repo / "t.xlsx"), "-o", "-", cwd=repo)
    assert plain.code == 0 and "forms:" in plain.out
    assert (tmp_path / "out.yaml").read_text(encoding="utf-8") == plain.out
    assert r.seconds < MAX_SECONDS and r.peak_kb < MAX_RSS_KB, (r.seconds, r.peak_kb)


def test_workbook_at_the_bounds_is_read_within_the_memory_limit(repo: Path, tmp_path: Path) -> None:
    """Just under every bound (rows of one sheet, cells, bytes of a part): still read, and
    openpyxl's two passes stay under 300 MB."""
    from warmth.excel import zipcheck

    rows, per = zipcheck.MAX_ROWS - 1_000, 5
    assert rows * per < zipcheck.MAX_CELLS
    text = "汉" * 50
    cols = b"GHIJK"
    body = b"".join(
        b'<row r="%d">' % r + b"".join(b'<c r="%c%d" t="inlineStr"><is><t>%s%d</t></is></c>' % (cols[k], r, text.encode(), r) for k in range(per))
        + b"</row>" for r in range(400, 400 + rows))
    wb = tmp_path / "full.xlsx"
    _sheet(repo / "t.xlsx", wb, lambda x: x.replace(b"</sheetData>", body + b"</sheetData>"))
    with zipfile.ZipFile(wb) as zf:
        size = zf.getinfo(SHEET).file_size
    assert zipcheck.MAX_PART_BYTES * 0.8 < size < zipcheck.MAX_PART_BYTES
    r = run_measured("import", str(wb), "-o", str(tmp_path / "out.yaml"), cwd=repo)
    assert r.code == 0, r.err
    assert r.peak_kb < MAX_RSS_KB, f"{r.peak_kb} KB"


@pytest.mark.parametrize("build", [bomb_declared, bomb_hidden, million_rows, billion_laughs, broken_xml, encrypted_zip],
                         ids=lambda b: b.__name__)
def test_bounds_are_checked_before_openpyxl_opens_the_file(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           build: Callable[[Path, Path], None]) -> None:
    from warmth.excel import reader

    opened: list[Path] = []
    monkeypatch.setattr(reader, "load_workbook", lambda path, **kw: opened.append(path))
    bad = tmp_path / "b.xlsx"
    build(repo / "t.xlsx", bad)
    with pytest.raises(reader.UnreadableWorkbook):
        reader.open_workbooks(bad)
    assert opened == []
