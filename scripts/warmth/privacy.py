"""Personal data that must never enter the public repository: ID numbers, mobiles, bank cards."""

from __future__ import annotations

import re

from .findings import Collector

_WIDE_RE = re.compile("[０-９]")
_RUN_RE = re.compile(r"\d(?:[ -]?\d){10,}")
_FULLWIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
ID_RE = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
CARD_RE = re.compile(r"(?<![\d-])(?:\d{4}[ -]?){3}\d{4}(?:[ -]?\d{1,3})?(?![\d-])|(?<!\d)\d{16,19}(?!\d)")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_checksum_ok(s: str) -> bool:
    total = sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == s[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def scan(text: str, col: Collector, allowed: tuple[int, int, int] | None = None) -> None:
    """Report personal data anywhere in text (comments too).

    allowed is where the reporter's own phone stands: (line, first column, end column), the
    line 1-based and the columns as the YAML parser counts them (0-based, end exclusive).
    """
    norm = text.translate(_FULLWIDTH) if _WIDE_RE.search(text) else text

    def pos(offset: int) -> tuple[int, int]:
        return norm.count("\n", 0, offset) + 1, offset - norm.rfind("\n", 0, offset)

    def is_phone(offset: int) -> bool:
        if allowed is None:
            return False
        line, column = pos(offset)
        return line == allowed[0] and allowed[1] < column <= allowed[2]

    # Personal numbers are long runs of digits: 15+ (ID, card) or a mobile. Landlines and the
    # reporter's own phone are the usual runs, and most files have nothing else.
    if not any(
        (len(re.sub(r"\D", "", m.group())) >= 15 or MOBILE_RE.search(m.group())) and not is_phone(m.start())
        for m in _RUN_RE.finditer(norm)
    ):
        return

    taken: list[tuple[int, int]] = []
    for m in ID_RE.finditer(norm):
        if id_checksum_ok(m.group()):
            line, column = pos(m.start())
            col.error(
                line, column, "privacy-id",
                f"疑似居民身份证号码（{_mask(m.group())}）",
                "个人身份信息不得提交到公开仓库；请删除，只报汇总数字",
            )
            taken.append(m.span())
    for m in CARD_RE.finditer(norm):
        digits = re.sub(r"\D", "", m.group())
        if 16 <= len(digits) <= 19 and luhn_ok(digits) and not _overlaps(m.span(), taken):
            line, column = pos(m.start())
            col.error(
                line, column, "privacy-bank-card",
                f"疑似银行卡号（{_mask(digits)}）",
                "银行卡号不得提交到公开仓库；请删除，发放明细留存在本单位",
            )
            taken.append(m.span())
    for m in MOBILE_RE.finditer(norm):
        if is_phone(m.start()):
            continue
        if _overlaps(m.span(), taken):
            continue
        line, column = pos(m.start())
        col.error(
            line, column, "privacy-mobile",
            f"疑似手机号码（{_mask(re.sub(r'[^0-9]', '', m.group()))}）",
            "手机号只能写在 phone（填报人联系电话）一栏；正文和备注中请删除",
        )


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in taken)


def _mask(s: str) -> str:
    return s[:3] + "*" * (len(s) - 7) + s[-4:] if len(s) > 7 else "***"
