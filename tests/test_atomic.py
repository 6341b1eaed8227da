"""Every file warmth writes is written whole or not at all, through warmth.atomic: a fresh
temporary name beside the target (never a predictable one a link could be planted at), then a
rename over the target."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from warmth import atomic

VICTIM = "别人的文件，不能被改写\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_text_replaces_whole_with_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.csv"
    atomic.write_text(target, "旧\n")
    atomic.write_text(target, "甲,乙\r\n丙\n", encoding="utf-8-sig")
    assert target.read_bytes() == "\ufeff甲,乙\r\n丙\n".encode()  # no newline translation
    assert target.stat().st_mode & 0o777 == 0o666 & ~atomic._UMASK
    assert _leftovers(target.parent) == []


@pytest.mark.parametrize("fail", [ValueError("坏数据"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_a_failed_write_leaves_the_old_file_and_nothing_else(tmp_path: Path, fail: BaseException) -> None:
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")

    def writer(fh: object) -> None:
        fh.write(b"half")  # type: ignore[attr-defined]
        raise fail

    with pytest.raises(type(fail)):
        atomic.write_with(target, writer)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_a_link_at_the_target_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text(VICTIM, encoding="utf-8")
    target = tmp_path / "out" / "CODEOWNERS"
    target.parent.mkdir()
    target.symlink_to(victim)
    atomic.write_text(target, "new\n")
    assert not target.is_symlink() and target.read_text(encoding="utf-8") == "new\n"
    assert victim.read_text(encoding="utf-8") == VICTIM


def test_temporary_names_are_fresh_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = os.replace

    def spy(src: str, dst: Path) -> None:
        seen.append(Path(src).name)
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy)
    for _ in range(3):
        atomic.write_bytes(tmp_path / "x.json", b"{}")
    assert len(set(seen)) == 3 and all(n.startswith(".x.json.") and n.endswith(".tmp") for n in seen)


def _campaign_new(demo: Path) -> tuple[list[str], Path, Path]:
    target = demo / "submissions" / "2023-spring" / "campaign.yaml"
    target.parent.mkdir()
    return ["campaign", "new", "2023-spring"], target, target.with_name("campaign.yaml.tmp")


def _codeowners(demo: Path) -> tuple[list[str], Path, Path]:
    target = demo / ".github" / "CODEOWNERS"
    target.parent.mkdir(exist_ok=True)
    return ["codeowners"], target, target.with_name("CODEOWNERS.tmp")


def _schemas(demo: Path) -> tuple[list[str], Path, Path]:
    target = demo / "schemas" / "generated" / "submission-2022-spring.schema.json"
    target.unlink()
    return ["schemas"], target, target.with_suffix(".tmp")


# the commands that once wrote through a fixed temporary name, and that name
@pytest.mark.parametrize("case", [_campaign_new, _codeowners, _schemas], ids=["campaign-new", "codeowners", "schemas"])
def test_a_link_planted_at_an_old_temporary_name_is_not_followed(demo: Path, warmth, case) -> None:  # type: ignore[no-untyped-def]
    argv, target, planted = case(demo)
    victim = demo.parent / "victim.txt"
    victim.write_text(VICTIM, encoding="utf-8")
    planted.symlink_to(victim)
    r = warmth(*argv, cwd=demo)
    assert r.code == 0, r.err
    assert victim.read_text(encoding="utf-8") == VICTIM
    assert target.is_file() and not target.is_symlink() and target.stat().st_size > 0
    assert planted.is_symlink()  # left where it was planted, untouched
    assert [n for n in _leftovers(target.parent) if n != planted.name] == []
