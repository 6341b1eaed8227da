"""No command overwrites a file that exists without --force: each command that writes a file
the user names (or a default one in the working tree) refuses, names the file, and leaves it
byte for byte as it was; with --force it writes. Only the repository's own build/ folder,
which Git ignores and every run refreshes, is rewritten freely."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

CID = "2022-spring"
UNIT = "fengdu-nanjin"
KEEP = "用户自己的文件，不能被覆盖\n"


def template(demo: Path, warmth) -> Path:  # type: ignore[no-untyped-def]
    r = warmth("template", CID, UNIT, "--from", f"submissions/{CID}/{UNIT}.yaml", "-o", "filled.xlsx", cwd=demo)
    assert r.code == 0, r.err
    return demo / "filled.xlsx"


# (name, the file that exists, the command without --force); --force is appended for the rerun
def _cases() -> list[tuple[str, str, Callable[[Path], list[str]]]]:
    return [
        ("new-default", f"submissions/{CID}/{UNIT}.yaml", lambda d: ["new", CID, UNIT]),
        ("new-o", "mine.yaml", lambda d: ["new", CID, UNIT, "-o", "mine.yaml"]),
        ("import-o", "mine.yaml", lambda d: ["import", "filled.xlsx", "-o", "mine.yaml"]),
        ("import-default", f"submissions/{CID}/{UNIT}.yaml", lambda d: ["import", "filled.xlsx"]),
        ("template-o", "mine.xlsx", lambda d: ["template", CID, "-o", "mine.xlsx"]),
        ("template-o-unit", "mine.xlsx", lambda d: ["template", CID, UNIT, "-o", "mine.xlsx"]),
        ("template-o-from", "mine.xlsx", lambda d: ["template", CID, "--from", f"submissions/{CID}/{UNIT}.yaml", "-o", "mine.xlsx"]),
        ("template-default", f"{CID}.xlsx", lambda d: ["template", CID]),
        ("template-default-unit", f"{CID}-{UNIT}.xlsx", lambda d: ["template", CID, UNIT]),
        ("template-o-absolute", "abs/mine.xlsx", lambda d: ["template", CID, "-o", str(d / "abs" / "mine.xlsx")]),
        ("template-all-dir", "tpl/swn-2022.xlsx", lambda d: ["template", "--all", "-o", "tpl"]),
        ("aggregate-o", f"out/{CID}-internal.xlsx", lambda d: ["aggregate", CID, "-o", "out"]),
        ("aggregate-o-public", f"out/public/{CID}/datapackage.json", lambda d: ["aggregate", CID, "-o", "out"]),
        ("codeowners-handwritten", ".github/CODEOWNERS", lambda d: ["codeowners"]),
    ]


CASES = _cases()


@pytest.mark.parametrize(("existing", "argv"), [(e, a) for _, e, a in CASES], ids=[n for n, _, _ in CASES])
def test_existing_file_is_not_overwritten_without_force(demo: Path, warmth, existing: str,  # type: ignore[no-untyped-def]
                                                        argv: Callable[[Path], list[str]]) -> None:
    template(demo, warmth)
    target = demo / existing
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(KEEP, encoding="utf-8")
    written_before = {p for p in demo.rglob("*") if p.is_file()}
    r = warmth(*argv(demo), cwd=demo)
    assert r.code == 2, (r.code, r.out, r.err)
    assert "已存在" in r.err and "--force" in r.err and "Traceback" not in r.err
    assert target.name in r.err
    assert target.read_text(encoding="utf-8") == KEEP
    assert {p for p in demo.rglob("*") if p.is_file()} == written_before, "nothing else written either"
    r = warmth(*argv(demo), "--force", cwd=demo)
    assert r.code == 0, r.err
    assert target.read_text(encoding="utf-8", errors="replace") != KEEP


def test_repository_build_folder_is_refreshed_without_force(demo: Path, warmth) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        r = warmth("aggregate", CID, cwd=demo)
        assert r.code == 0, r.err
        r = warmth("template", "--all", cwd=demo)
        assert r.code == 0, r.err
    assert (demo / "build" / f"{CID}-internal.xlsx").is_file()
    assert list((demo / "build" / "templates").glob("*.xlsx"))


def test_generated_codeowners_is_regenerated_without_force(demo: Path, warmth) -> None:  # type: ignore[no-untyped-def]
    assert warmth("codeowners", cwd=demo).code == 0
    units = demo / "submissions" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("short: 西岭区, level: county, parent: qinglan,",
                     'short: 西岭区, level: county, parent: qinglan, reviewers: ["@yunlan-zgh/xiling"],'), encoding="utf-8")
    r = warmth("codeowners", cwd=demo)
    assert r.code == 0, r.err
    assert "@yunlan-zgh/xiling" in (demo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


def test_build_into_another_folder_does_not_overwrite_its_workbooks(demo: Path, warmth) -> None:  # type: ignore[no-untyped-def]
    (demo / "out").mkdir()
    mine = demo / "out" / f"{CID}-internal.xlsx"
    mine.write_text(KEEP, encoding="utf-8")
    r = warmth("build", "--build-dir", "out", cwd=demo)
    assert r.code == 2 and "已存在" in r.err and "--force" in r.err, r.err
    assert mine.read_text(encoding="utf-8") == KEEP and not (demo / "site").exists()
    r = warmth("build", "--build-dir", "out", "--force", cwd=demo)
    assert r.code == 0, r.err
    assert mine.read_bytes()[:2] == b"PK"


# A link planted where a command writes (its old fixed temporary name, or a new file's own
# name left dangling) is never written through: the command replaces the link, the file it
# points at stays as it was (or is never made).
PLANTED_LINKS = {
    "campaign-temp": (("campaign", "new", "2023-spring"), "submissions/2023-spring/campaign.yaml.tmp", "submissions/2023-spring/campaign.yaml"),
    "new-form": (("campaign", "new", "2023-spring"), "schemas/forms/swn-j4-2023.yaml", "schemas/forms/swn-j4-2023.yaml"),
    "codeowners-temp": (("codeowners",), ".github/CODEOWNERS.tmp", ".github/CODEOWNERS"),
    "schema-temp": (("schemas",), "schemas/generated/submission-2022-spring.schema.tmp",
                    "schemas/generated/submission-2022-spring.schema.json"),
}


@pytest.mark.parametrize(("case", "dangling"), [
    pytest.param(c, d, id=f"{c}-{'dangling' if d else 'to-a-file'}")
    for c in PLANTED_LINKS for d in (False, True)
    if not (c == "new-form" and not d)  # a form file that is there (even as a link) is the campaign's to use
])
def test_a_planted_link_is_never_written_through(demo: Path, tmp_path: Path, case: str, dangling: bool, warmth) -> None:
    args, link, made = PLANTED_LINKS[case]
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_text("原内容\n", encoding="utf-8")
    if case == "schema-temp":
        (demo / made).unlink()  # so that the command writes it again
    (demo / link).parent.mkdir(parents=True, exist_ok=True)
    (demo / link).symlink_to(victim)
    r = warmth(*args, cwd=demo)
    assert r.code == 0, r.err + r.out
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text(encoding="utf-8") == "原内容\n"
    assert (demo / made).is_file() and not (demo / made).is_symlink()
    assert (demo / made).read_text(encoding="utf-8").strip()
