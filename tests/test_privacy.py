"""Personal data: the scan sees numbers as a reader sees them, office phones are not personal
data, line numbers are the parser's, and the reporter's contact is what the repository's
visibility allows. The classes of input are generated: every way of writing a number a
person might use, every landline as people write them."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest

from warmth import privacy
from warmth.findings import PER_RULE_MAX, Collector
from warmth.repo import Repository
from warmth.validate import validate

SUB = "submissions/2022-spring/qinglan-donghu.yaml"
UNITS = "submissions/units.yaml"

# -- the numbers ---------------------------------------------------------------------------
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def luhn_check(body: str) -> str:
    """The digit that makes body + digit pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def make_ids() -> list[str]:
    """Checksum-valid 18-digit ID numbers, half of them ending in X."""
    out = []
    for region, born in [("110105", "19491231"), ("530102", "19800229"), ("440305", "20000101"), ("310104", "19751015")]:
        with_x = next(s for s in (f"{n:03d}" for n in range(1000)) if id_check(region + born + s) == "X")
        with_digit = next(s for s in (f"{n:03d}" for n in range(7, 1000)) if id_check(region + born + s) != "X")
        out += [region + born + with_x + "X", region + born + with_digit + id_check(region + born + with_digit)]
    return out


def make_cards() -> list[str]:
    rng = random.Random(10)
    out = []
    for prefix, length in [("622202", 16), ("621700", 19), ("436742", 16), ("955880", 19), ("522151", 16), ("625965", 17)]:
        body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
        out.append(body + luhn_check(body))
    return out


MOBILES = ["13912345678", "15800001111", "17755554444", "18600002222", "19912340000", "16698765432"]
IDS = make_ids()
CARDS = make_cards()
GROUPINGS = {
    "mobile": [(11,), (3, 4, 4)],
    "id": [(18,), (6, 8, 4), (6, 4, 4, 4)],
    "card": [(99,), (4, 4, 4, 4, 4)],  # one run; fours (the last group takes what is left)
}
SEPARATORS = {
    "space": " ", "nbsp": "\u00a0", "ideographic": "\u3000", "thin": "\u2009", "hyphen": "-",
    "fullwidth-hyphen": "\uff0d", "en-dash": "\u2013", "dot": ".", "fullwidth-dot": "\uff0e",
    "slash": "/", "fullwidth-slash": "\uff0f", "spaced-hyphen": " - ",
}
PREFIXES = ["", "+86", "+86 ", "+86-", "0086", "0086 ", "(+86)", "(+86) ", "（+86）", "（＋86）", "＋86 "]
INVISIBLE = {"none": "", "zwsp": "\u200b", "zwj": "\u200d", "soft-hyphen": "\u00ad", "word-joiner": "\u2060", "bom": "\ufeff"}
RULES = {"mobile": "privacy-mobile", "id": "privacy-id", "card": "privacy-bank-card"}
FULLWIDTH = str.maketrans("0123456789X+", "０１２３４５６７８９Ｘ＋")


def grouped(number: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, i = [], 0
    for n in sizes:
        if i < len(number):
            parts.append(number[i:i + n])
            i += n
    if i < len(number):
        parts[-1] += number[i:]
    return sep.join(parts)


def variants(kind: str, sep: str) -> list[str]:
    """Every way of writing each number of a kind with one separator: grouping, prefix,
    full-width digits, an invisible character between every two characters."""
    numbers = {"mobile": MOBILES, "id": IDS, "card": CARDS}[kind]
    prefixes = PREFIXES if kind == "mobile" else [""]
    out = []
    for number, sizes, prefix, wide, invisible in itertools.product(
            numbers, GROUPINGS[kind], prefixes, (False, True), INVISIBLE.values()):
        text = prefix + grouped(number, sizes, sep)
        if wide:
            text = text.translate(FULLWIDTH)
        if invisible:
            text = invisible.join(text)
        out.append(text)
    return sorted(set(out))


def scan_lines(lines: list[str], contact: tuple[int, int, int] | None = None, public: bool = True) -> list[tuple[int, int, str]]:
    col = Collector("x.yaml")
    privacy.scan("\n".join(lines) + "\n", col, contact, public)
    return [(f.line, f.column, f.rule) for f in col.findings]


@pytest.mark.parametrize("sep", list(SEPARATORS.values()), ids=list(SEPARATORS))
@pytest.mark.parametrize("kind", ["mobile", "id", "card"])
def test_every_way_of_writing_a_number_is_caught_at_its_line(kind: str, sep: str) -> None:
    written = variants(kind, sep)
    assert len(written) >= 20
    # each on its own line, after text a report might have, with other figures around it
    lines = ["# 报告", "report: |"]
    lines += [f"  2022-01-15 慰问职工 36 人，{w}，金额 81.5815 万元" for w in written]
    found = scan_lines(lines)
    expected_lines = list(range(3, 3 + len(written)))
    assert [(line, rule) for line, _, rule in found] == [(n, RULES[kind]) for n in expected_lines]
    # the column is where the number (or its +86 prefix) starts, as the parser counts columns
    assert [column for _, column, _ in found] == [lines[n - 1].index(w) + 1 for n, w in zip(expected_lines, written, strict=True)]


def test_the_number_is_masked_in_the_message() -> None:
    col = Collector("x.yaml")
    privacy.scan("a: １３９－１２３４－５６７８\n", col)
    assert [f.message for f in col.findings] == ["疑似手机号码（139****5678）"]


# -- what is not personal data ---------------------------------------------------------------
def landlines() -> list[str]:
    """Office phones as people write them: area codes, extensions, shared area codes, 400s."""
    rng = random.Random(2022)
    out = []
    for area in ["010", "021", "0871", "0755", "0691", "0335"]:
        for _ in range(3):
            n = str(rng.randint(2, 8)) + "".join(rng.choice("0123456789") for _ in range(7 if len(area) == 3 else rng.choice((6, 7))))
            n2 = str(rng.randint(2, 8)) + n[1:-1] + str(rng.randint(0, 9))
            ext = "".join(rng.choice("0123456789") for _ in range(rng.choice((2, 3, 4, 5))))
            half = len(n) // 2
            out += [
                f"{area}-{n}", f"{area} {n}", f"{area}{n}", f"({area}){n}", f"（{area}）{n}", f"{area}-{n}-{ext}",
                f"{area}-{n} 转 {ext}", f"{area}-{n}转{ext}", f"({area}){n}-{ext}", f"（{area}）{n}—{ext}",
                f"{area} {n[:half]} {n[half:]} ext. {ext}", f"{area}-{n[:half]}-{n[half:]}-{ext}",
                f"{area}-{n} 分机 {ext}", f"+86 {area[1:]} {n}", f"+86-{area[1:]}-{n}-{ext}", f"+86 {area[1:]} {n} {ext}",
                f"{area}-{n}/{n2}", f"{area}-{n}、{n2}", f"{area}－{n}－{ext}", f"{area}\u3000{n}\u3000{ext}",
                f"{area} {n[:half]} {n[half:]} {ext}", f"电话：{area}-{n}，传真：{area}-{n2}",
                f"{area}.{n}.{ext}", f"０{area[1:]}－{n}",
            ]
    for n in ["400-820-8820", "400 820 8820", "4008208820", "400-820-8820 转 1234", "4008-123-456", "400-6543-210",
              "800-820-8820", "400-820-8820-1234", "12351", "95588", "12345", "400 820 8820 1234"]:
        out.append(n)
    return out


ORDINARY = [
    "云工发〔2022〕3号", "云工办发〔2021〕41号", "2022-01-15", "2022年1月15日", "2022.01.15—2022.01.25",
    "2022-01-15 至 2022-01-20", "2022-01-15 2022-01-20 2022-01-25 2022-01-30", "2022/01/15 2022/01/20 2022/01/25",
    "金额 81.5815 万元", "1,234,567.89 元", "12345678.1234", "B: 246397800", "慰问 13.5 12.3 45.6 78.9 万元",
    "第 20220115 号", "2021 2022 2023 2024 2025", "共 1391 人 2345 户 6789 家", "12.5%", "3 万 2 千 5 百元写作 3.25",
    "A: 36  # A 走访企业（家）", "2022011520220120", "编号 GH-2022-0115-0003", "10:30—12:00",
]


@pytest.mark.parametrize("text", landlines() + ORDINARY)
def test_office_phones_figures_and_dates_are_not_personal_data(text: str) -> None:
    assert scan_lines(["report: |", f"  联系 {text} 谢谢", f"  {text}"]) == []


def test_ordinary_files_do_not_pay_for_normalizing(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The prefilter: no file of the demo (figures, dates, landlines) gets near the slow path."""
    def refuse(text: str) -> tuple[str, list[int]]:
        raise AssertionError(f"normalized: {text!r}")

    monkeypatch.setattr(privacy, "normalize", refuse)
    report, subs = validate(Repository(demo))
    reports = [p for p in (demo / "submissions").glob("*/*.yaml") if p.name != "campaign.yaml"]
    assert report.errors == [] and reports and len(subs) == len(reports)  # every report was read


# -- line breaks: the parser's lines are the scan's lines ------------------------------------
BREAKS = {"CR": ("\r", "单独的回车符"), "NEL": ("\x85", "NEL"), "LS": ("\u2028", "LS"), "PS": ("\u2029", "PS")}


@pytest.mark.parametrize("where", ["report", "comment", "value"])
@pytest.mark.parametrize("name", list(BREAKS))
def test_odd_line_breaks_are_refused_at_their_line(demo: Path, name: str, where: str, warmth) -> None:
    char, word = BREAKS[name]
    path = demo / SUB
    lines = path.read_text(encoding="utf-8").split("\n")
    if where == "report":
        no = len(lines) - 2
        lines[no] += f"第一段{char}第二段"
    elif where == "comment":
        no = 2
        lines[no] = f"# 注释{char}还是注释"
    else:
        no = next(i for i, line in enumerate(lines) if line.startswith("reporter:"))
        lines[no] = f"reporter: 测试{char}人"
    path.write_text("\n".join(lines), encoding="utf-8", newline="")
    found = [(f.line, f.column, f.rule) for f in validate(Repository(demo), [path])[0].findings]
    column = lines[no].index(char) + 1
    assert found == [(no + 1, column, "line-break")]
    r = warmth("validate", SUB, cwd=demo)
    assert r.code == 1 and f"{SUB}:{no + 1}:{column}" in r.out and word in r.out and "LF" in r.out


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_line_break_cannot_move_the_contact_exemption(demo: Path, name: str) -> None:
    """In a private repository a mobile may stand in the phone field only. An odd line break
    early in the file would make the parser count one more line than git does, so the phone's
    line would be another line for the scan; the file is refused instead."""
    set_visibility(demo, "private")
    char, _ = BREAKS[name]
    path = demo / SUB
    text = path.read_text(encoding="utf-8")
    # the report line sits where the phone would be if one line break went unseen
    text = text.replace("# 截止日期", f"# 说明{char}# 截止日期", 1)
    text = re.sub(r"(?m)^phone: .*$", "phone: 13912345678", text)
    text = re.sub(r"(?m)^report: \|\n", "report: |\n  13812345678\n", text)
    path.write_text(text, encoding="utf-8", newline="")
    errors = validate(Repository(demo), [path])[0].errors
    # refused, and still scanned as text: the mobile in the report is found at the report's
    # line as git counts it, the reporter's own phone (private repository) is not flagged
    report_line = text.split("\n").index("  13812345678") + 1
    assert sorted((f.rule, f.line) for f in errors if f.rule != "line-break") == [("privacy-mobile", report_line)]
    assert [f.rule for f in errors].count("line-break") == 1


def test_crlf_files_are_read_and_counted_like_lf(demo: Path) -> None:
    path = demo / SUB
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines.append("  请联系 139 1234 5678。")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    found = [(f.line, f.column, f.rule) for f in validate(Repository(demo), [path])[0].errors]
    assert found == [(len(lines), 7, "privacy-mobile")]


def test_registry_with_an_odd_line_break_is_refused(demo: Path) -> None:
    units = demo / UNITS
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace("# 审核人为空", "# \u2028审核人为空", 1), encoding="utf-8")
    found = [(f.file, f.line, f.rule) for f in validate(Repository(demo))[0].errors if f.file == UNITS]
    assert found == [(UNITS, 3, "line-break")]


# -- the reporter's contact and the repository's visibility -----------------------------------
def set_visibility(root: Path, value: str | None) -> None:
    units = root / UNITS
    text = re.sub(r"(?m)^visibility: .*\n", "", units.read_text(encoding="utf-8"))
    if value is not None:
        text = text.replace("issuer:", f"visibility: {value}\nissuer:", 1)
    units.write_text(text, encoding="utf-8")


def set_phone(root: Path, value: str) -> int:
    path = root / SUB
    lines = path.read_text(encoding="utf-8").split("\n")
    no = next(i for i, line in enumerate(lines) if line.startswith("phone:"))
    lines[no] = f"phone: {value}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return no + 1


def errors(root: Path) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in validate(Repository(root), [root / SUB])[0].errors]


MOBILE_CONTACTS = ["13912345678", "'13912345678'", '"13912345678"', "18600002222  # 手机"]


@pytest.mark.parametrize("visibility", ["public", None])
@pytest.mark.parametrize("phone", MOBILE_CONTACTS)
def test_public_repository_contact_must_be_an_office_landline(demo: Path, visibility: str | None, phone: str, warmth) -> None:
    set_visibility(demo, visibility)
    line = set_phone(demo, phone)
    assert errors(demo) == [(line, "privacy-contact-mobile")]
    r = warmth("validate", SUB, cwd=demo)
    assert r.code == 1 and "本仓库是公开仓库" in r.out and "办公室固定电话" in r.out and "visibility: private" in r.out


@pytest.mark.parametrize("phone", ["0871-12345678", "010-87654321", "0871-65432100-801", "0000-62959355", "087165432100"])
def test_office_landlines_are_accepted_as_contact(demo: Path, phone: str) -> None:
    set_phone(demo, phone)
    assert errors(demo) == []


@pytest.mark.parametrize("phone", MOBILE_CONTACTS)
def test_private_repository_allows_a_mobile_in_the_contact_field(demo: Path, phone: str) -> None:
    set_visibility(demo, "private")
    set_phone(demo, phone)
    assert errors(demo) == []


# phone values whose mobile numbers are not the field's one-line value: a comment on the same
# line, a block scalar, a quoted value running onto the next line, a list
OUTSIDE_THE_FIELD = [
    ("0871-12345678  # 13912345678", [(0, "privacy-mobile")]),
    ("13912345678  # 或 13812345678", [(0, "privacy-mobile")]),
    ("|\n  13912345678", [(1, "privacy-mobile")]),
    ("| # 13912345678\n  0871-12345678", [(0, "privacy-mobile")]),
    ('"0871-12345678\n  13912345678"', [(1, "privacy-mobile"), (0, "schema")]),
    ("[13912345678]", [(0, "privacy-mobile"), (0, "schema")]),
]


@pytest.mark.parametrize(("phone", "expected"), OUTSIDE_THE_FIELD, ids=[p for p, _ in OUTSIDE_THE_FIELD])
def test_the_contact_exemption_covers_the_field_value_only(demo: Path, phone: str, expected: list[tuple[int, str]]) -> None:
    set_visibility(demo, "private")
    line = set_phone(demo, phone)
    found = errors(demo)
    for offset, rule in expected:
        if rule == "schema":
            assert any(r not in ("privacy-mobile", "privacy-contact-mobile") for _, r in found), found
        else:
            assert (line + offset, rule) in found, found


def test_the_exemption_never_reaches_other_lines(demo: Path) -> None:
    set_visibility(demo, "private")
    line = set_phone(demo, "13912345678")
    path = demo / SUB
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line, "# 13812345678")  # the next line, same columns
    lines.append("  13712345678")
    path.write_text("\n".join(lines), encoding="utf-8")
    assert errors(demo) == [(line + 1, "privacy-mobile"), (len(lines), "privacy-mobile")]


def test_visibility_must_be_public_or_private(demo: Path) -> None:
    set_visibility(demo, "secret")
    found = [(f.file, f.rule) for f in validate(Repository(demo))[0].errors]
    assert found and all(file == UNITS for file, _ in found)


def test_every_demo_contact_is_a_fictional_office_landline() -> None:
    """The demo is published: its contacts use the area code 0000, which no place has."""
    root = Path(__file__).resolve().parents[1]
    files = sorted(p for p in (root / "submissions").glob("*/*.yaml") if p.name != "campaign.yaml")
    assert files, "the demo has reports"
    for p in files:
        phone = re.search(r"(?m)^phone: (\S+)", p.read_text(encoding="utf-8"))
        assert phone is not None and re.fullmatch(r"0000-\d{7,8}", phone.group(1)), p
    units = (root / UNITS).read_text(encoding="utf-8")
    assert re.search(r"(?m)^visibility: public$", units)


# -- what the files and pages promise ----------------------------------------------------------
@pytest.mark.parametrize("visibility", ["public", "private"])
def test_new_file_says_who_can_read_it(demo: Path, visibility: str, warmth) -> None:
    set_visibility(demo, visibility)
    r = warmth("new", "2022-spring", "qinglan-donghu", "-o", "-", cwd=demo)
    assert r.code == 0, r.err
    assert "不公开" not in r.out and "不会公开" not in r.out
    head = r.out.split("forms:")[0]
    if visibility == "public":
        assert "本仓库是公开仓库" in head and "任何人都能看到" in head
        assert re.search(r"(?m)^phone: +# 办公室固定电话.*不能填手机号", head)
    else:
        assert "本仓库是私有仓库" in head and "能访问仓库的人" in head
        assert re.search(r"(?m)^phone: +# 联系电话.*网站不显示", head)


def test_no_page_or_file_promises_the_contact_is_hidden() -> None:
    """Hand-written docs, generated texts and templates: nothing says the contact is not public."""
    root = Path(__file__).resolve().parents[1]
    sources = [*root.glob("docs/**/*.md"), *root.glob("scripts/warmth/**/*.py"), *root.glob("schemas/**/*.json"),
               *root.glob("submissions/**/*.yaml"), root / ".github/pull_request_template.md", root / "README.md"]
    promise = re.compile(r"不公开|不会公开|只给审核人看|只供审核人")
    offending = [f"{p.relative_to(root)}:{n}" for p in sources for n, line in enumerate(p.read_text(encoding="utf-8").split("\n"), 1)
                 if promise.search(line) and "内部" not in line]
    assert offending == []


@pytest.mark.parametrize("kind", ["mobile", "id", "card"])
def test_written_numbers_are_caught_at_their_line_in_a_real_report(demo: Path, kind: str, warmth) -> None:
    """Through the real command: a sample of every separator's variants in one report."""
    every = [w for sep in SEPARATORS.values() for w in variants(kind, sep)]
    # one file lists at most PER_RULE_MAX findings of a rule: a spread sample of the variants,
    # a BOM among them (the parser refuses it, the scan still reads the text)
    written = every[:: max(1, len(every) // (PER_RULE_MAX - 1))][: PER_RULE_MAX - 1]
    written.append(next(w for w in every if "\ufeff" in w))
    path = demo / SUB
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    first = len(lines) + 1
    lines += [f"  第{n}条：{w}。" for n, w in enumerate(written)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = warmth("validate", SUB, "--format", "json", cwd=demo)
    import json

    findings = json.loads(r.out)["findings"]
    found = [(f["line"], f["column"], f["rule"]) for f in findings if f["rule"] == RULES[kind]]
    assert r.code == 1
    assert found == [(first + n, lines[first + n - 1].index(w) + 1, RULES[kind]) for n, w in enumerate(written)]
    assert {f["rule"] for f in findings} == {RULES[kind], "invisible-char"}


@pytest.mark.parametrize("visibility", ["public", "private"])
def test_excel_template_says_who_can_read_the_report(demo: Path, visibility: str, warmth) -> None:
    import openpyxl

    set_visibility(demo, visibility)
    r = warmth("template", "2022-spring", "qinglan-donghu", "-o", "t.xlsx", cwd=demo)
    assert r.code == 0, r.err
    wb = openpyxl.load_workbook(demo / "t.xlsx")
    notes = "\n".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    cover = wb["基本信息"]
    hints = {cover.cell(r, 1).value: cover.cell(r, 3).value for r in range(2, 9)}
    assert "不公开" not in notes + str(hints) and "只给审核人看" not in notes + str(hints)
    if visibility == "public":
        assert "本仓库是公开仓库" in notes and "任何人都能看到" in notes
        assert "不能填手机号" in hints["联系电话"] and "公开" in hints["填报人"]
    else:
        assert "本仓库是私有仓库" in notes and "能访问仓库的人" in notes
        assert "网站不显示" in hints["联系电话"] and "网站不显示" in hints["填报人"]


def test_imported_template_with_a_mobile_contact_names_its_cell(demo: Path, warmth) -> None:
    import openpyxl

    r = warmth("template", "2022-spring", "fengdu-nanjin", "--from", "submissions/2022-spring/fengdu-nanjin.yaml", "-o", "t.xlsx", cwd=demo)
    assert r.code == 0, r.err
    wb = openpyxl.load_workbook(demo / "t.xlsx")
    wb["基本信息"]["B6"] = "13912345678"
    wb.save(demo / "t.xlsx")
    r = warmth("import", "t.xlsx", "-o", "out.yaml", cwd=demo)
    assert r.code == 1 and "B6" in r.out + r.err and "办公室固定电话" in r.out + r.err, r.out + r.err


def test_site_states_the_terms_of_this_repository(built: Path) -> None:
    site = built / "site"
    for page in ("index.html", "guide/index.html", "guide/faq/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "warmth:privacy" not in html, page
        assert "本仓库是<strong>公开仓库</strong>" in html and "办公室固定电话" in html, page
        assert "私有仓库" not in html.split("本仓库是<strong>公开仓库</strong>", 1)[1].split("</ul>", 1)[0], page


def test_private_repository_pages_say_private(demo: Path, tmp_path: Path) -> None:
    import shutil

    from warmth.site import pages

    set_visibility(demo, "private")
    docs = tmp_path / "docs"
    shutil.copytree(demo / "docs", docs)
    written = pages._fill_privacy(Repository(demo), docs)
    assert {p.relative_to(docs).as_posix() for p in written} == {"index.md", "guide/index.md", "guide/faq.md"}
    for p in written:
        text = p.read_text(encoding="utf-8")
        assert "本仓库是**私有仓库**" in text and "所有单位" in text and "公开仓库" not in text.split("仓库改为公开")[0]


# -- what the parser reads is what the site shows: escapes and folded lines -------------------
HIDDEN = {
    "unicode-escapes": ('"电话 \\u0031\\u0033\\u0039 1234 5678"', "privacy-mobile"),
    "hex-escapes": ('"\\x31\\x33\\x39\\x31\\x32\\x33\\x34\\x35\\x36\\x37\\x38"', "privacy-mobile"),
    "quoted-folded": ('"请联系 139\n  1234 5678"', "privacy-mobile"),
    "quoted-continued": ('"请联系 1391234\\\n  5678"', "privacy-mobile"),
    "single-quoted-folded": ("'请联系 139\n  12345678'", "privacy-mobile"),
    "plain-folded": ("请联系 139\n  1234 5678", "privacy-mobile"),
    "block-folded": (">\n  身份证 110105\n  19491231002X", "privacy-id"),
    "card-folded": ('"卡号 6222 0212\n  3456 7890 128"', "privacy-bank-card"),
}


@pytest.mark.parametrize("key", ["report", "reporter", "explanations"])
@pytest.mark.parametrize("how", list(HIDDEN))
def test_numbers_put_together_by_the_parser_are_caught(demo: Path, how: str, key: str) -> None:
    value, rule = HIDDEN[how]
    path = demo / SUB
    text = path.read_text(encoding="utf-8")
    if key == "explanations":
        text = re.sub(r"(?m)^report: \|", lambda m: f"explanations:\n  D-per-person: {value.replace(chr(10), chr(10) + '  ')}\n" + m[0], text)
        line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("  D-per-person:"))) + 1
        column = 17
    else:
        text = re.sub(rf"(?m)^{key}: .*(\n  .*)*" if key == "report" else rf"(?m)^{key}: .*", lambda m: f"{key}: {value}", text, count=1)
        line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith(f"{key}:"))) + 1
        column = len(key) + 3
    path.write_text(text, encoding="utf-8")
    found = [(f.line, f.column, f.rule) for f in validate(Repository(demo), [path])[0].errors if f.rule.startswith("privacy")]
    assert found == [(line, column, rule)]


def test_a_quoted_number_is_reported_once(demo: Path) -> None:
    path = demo / SUB
    text = re.sub(r"(?m)^reporter: .*", 'reporter: "王某 13912345678"', path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    assert [(f.line, f.rule) for f in validate(Repository(demo), [path])[0].errors] == [(7, "privacy-mobile")]


@pytest.mark.parametrize(("visibility", "expected"), [("public", ["privacy-contact-mobile"]), ("private", [])])
def test_an_escaped_mobile_in_the_contact_field_is_still_a_mobile(demo: Path, visibility: str, expected: list[str]) -> None:
    set_visibility(demo, visibility)
    set_phone(demo, '"\\u0031\\u0033\\u00391234 5678"')
    rules = [r for _, r in errors(demo)]
    assert [r for r in rules if r.startswith("privacy")] == expected


DIGIT_SCRIPTS = {"fullwidth": 0xFF10, "arabic-indic": 0x0660, "devanagari": 0x0966, "math-bold": 0x1D7CE, "math-monospace": 0x1D7F6}


@pytest.mark.parametrize("script", list(DIGIT_SCRIPTS))
def test_digits_of_any_script_are_digits(script: str) -> None:
    zero = DIGIT_SCRIPTS[script]
    table = {ord(str(d)): chr(zero + d) for d in range(10)}
    lines = ["report: |"] + [f"  号码 {n.translate(table)} 结束" for n in (MOBILES[0], IDS[1], CARDS[0])]
    assert [(line, rule) for line, _, rule in scan_lines(lines)] == [
        (2, "privacy-mobile"), (3, "privacy-id"), (4, "privacy-bank-card")]


BROKEN = {  # ways a file fails to parse, each planted on the line after the numbers
    "unclosed-quote": '  说明："还没写完\n',
    "tab-indent": "\tB1: 1\n",
    "nel-break": "  甲\x85乙\n",
    "bom-inside": "  甲\ufeff乙\n",
    "unclosed-bracket": "  [1, 2\n",
}


@pytest.mark.parametrize("broken", sorted(BROKEN))
@pytest.mark.parametrize("visibility", ["public", "private"])
def test_a_file_the_parser_refuses_is_still_scanned(demo: Path, broken: str, visibility: str, warmth) -> None:
    """A syntax error must not hide personal data: the text is scanned all the same, and in a
    private repository the reporter's own mobile on its phone line is still not flagged."""
    import json

    set_visibility(demo, visibility)
    path = demo / SUB
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^phone: .*$", "phone: 13912345678", text, count=1)
    lines = text.rstrip("\n").split("\n")
    lines += [f"  身份证号 {IDS[0]}，银行卡 {CARDS[0]}，手机 {MOBILES[1]}"]
    path.write_text("\n".join(lines) + "\n" + BROKEN[broken], encoding="utf-8")
    r = warmth("validate", SUB, "--format", "json", cwd=demo)
    assert r.code == 1, r.err
    found = {(f["line"], f["rule"]) for f in json.loads(r.out)["findings"]}
    planted = len(lines)
    assert {(planted, "privacy-id"), (planted, "privacy-bank-card"), (planted, "privacy-mobile")} <= found
    phone_line = next(n for n, line in enumerate(lines, 1) if line.startswith("phone:"))
    on_phone = {rule for line, rule in found if line == phone_line}
    assert on_phone == ({"privacy-contact-mobile"} if visibility == "public" else set()), on_phone


# -- the union's own data files --------------------------------------------------------------
# Unit names, notice fields and form labels reach the site like report text does; a number in
# them is refused too, wherever it stands, and a cached copy of the file never hides it.
CAMPAIGN = "submissions/2022-spring/campaign.yaml"
FORM = "schemas/forms/swn-j4-2022.yaml"
DATA_PLACES = {
    "unit-name": (UNITS, "name: 青岚市东湖区总工会,", "name: 青岚市东湖区总工会 {},"),
    "registry-comment": (UNITS, "units:\n", "# 联系人 {}\nunits:\n"),
    "notice-field": (CAMPAIGN, "liaison: 办公室综合科,", "liaison: 办公室综合科 {},"),
    "quoted-escape": (CAMPAIGN, "department: 省总工会职工服务中心,", 'department: "中心 {}",'),
    "form-label": (FORM, "label: 春节期间共帮助农民工平安返乡,", "label: 春节期间共帮助农民工平安返乡 {},"),
}


@pytest.mark.parametrize("kind", ["mobile", "id", "card"])
@pytest.mark.parametrize("place", list(DATA_PLACES))
def test_personal_data_in_the_unions_own_files_is_refused(demo: Path, tmp_path: Path, place: str, kind: str,
                                                          warmth) -> None:
    import json

    rel, old, new = DATA_PLACES[place]
    number = grouped({"mobile": MOBILES, "id": IDS, "card": CARDS}[kind][1], GROUPINGS[kind][-1], "-")
    if place == "quoted-escape":  # the first digit written as an escape: the text keeps it apart
        number = f"\\u{ord(number[0]):04x}" + number[1:]
    path = demo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new.format(number), 1)
    path.write_text(text, encoding="utf-8")
    line = text[:text.index(number)].count("\n") + 1
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "WARMTH_NO_CACHE": ""}
    for _ in range(2):  # the second run may read a cache: it must not hide the number
        r = warmth("validate", "--format", "json", cwd=demo, env=env)
        found = [(f["file"], f["line"], f["rule"]) for f in json.loads(r.out)["findings"] if f["rule"].startswith("privacy")]
        assert r.code == 1, r.out + r.err
        assert found == [(rel, line, RULES[kind])]


@pytest.mark.parametrize(("name", "cell"), [("NEL", "B5"), ("LS", "B8"), ("PS", "B5")])  # (a CR in a cell is read as a line break)
def test_an_odd_line_break_in_a_cell_is_named_with_a_hint_for_the_cell(demo: Path, name: str, cell: str,
                                                                       warmth) -> None:
    """Import refuses it at its cell, and says what to do in the spreadsheet, not in an editor."""
    import openpyxl

    r = warmth("template", "2022-spring", "fengdu-nanjin", "--from", "submissions/2022-spring/fengdu-nanjin.yaml",
               "-o", "t.xlsx", cwd=demo)
    assert r.code == 0, r.err
    wb = openpyxl.load_workbook(demo / "t.xlsx")
    wb["基本信息"][cell] = f"上半句{BREAKS[name][0]}下半句"
    wb.save(demo / "t.xlsx")
    r = warmth("import", "t.xlsx", "-o", "out.yaml", cwd=demo)
    said = r.out + r.err
    assert r.code == 1, said
    assert f"单元格 {cell}：含有非标准的换行符" in said and "Alt+Enter" in said, said
    assert "VS Code" not in said and "文件含有" not in said, said
    assert not (demo / "out.yaml").exists()


# Files the parser refuses: the numbers in them are named anyway (the push made them public).
REFUSED = {
    "bom-inside": "\ufeff",
    "unclosed-quote": 'x: "不闭合\n',
    "unclosed-bracket": "x: [一, 二\n",
    "nul": "\x00",
    "control-char": "\x07",
    "tab-indent": "forms:\n\tswn: 1\n",
}


@pytest.mark.parametrize("breakage", list(REFUSED))
def test_a_file_the_parser_refuses_still_has_its_numbers_named(demo: Path, breakage: str) -> None:
    path = demo / SUB
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines.insert(3, "# 联系人 139-1234-5678")
    text = "\n".join(lines) + "\n" + REFUSED[breakage]
    path.write_text(text, encoding="utf-8")
    report, _ = validate(Repository(demo), [path])
    found = [(f.line, f.rule) for f in report.findings if f.rule.startswith("privacy")]
    assert report.errors and found == [(4, "privacy-mobile")], [(f.line, f.rule) for f in report.findings]
