"""The few Git questions the pull-request tools ask: what changed against a base, and what a
file said there. Each is one `git` call; failures become GitError with a Chinese message."""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

REGULAR_MODES = ("100644", "100755")
GONE = "000000"


class GitError(Exception):
    """Git could not answer (not a repository, unknown ref...)."""


def _git(root: Path, *args: str, check: bool = True, names: bool = False) -> subprocess.CompletedProcess[str]:
    """Run git. Its output is read as text with line ends made LF, except with names=True (a
    -z list of paths), where a CR inside a file name must stay a CR."""
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"无法运行 git（{exc}）") from exc

    def text(b: bytes) -> str:
        s = b.decode("utf-8", errors="replace")
        return s if names else s.replace("\r\n", "\n").replace("\r", "\n")

    done = subprocess.CompletedProcess(proc.args, proc.returncode, text(proc.stdout), text(proc.stderr))
    if check and done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} 失败")
    return done


def resolve(root: Path, ref: str) -> str:
    """The commit a ref names; GitError when it names none."""
    if ref.startswith("-"):
        raise GitError(f"分支或提交“{ref}”不合法")
    proc = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    if proc.returncode != 0:
        raise GitError(f"找不到分支或提交“{ref}”；在 CI 中需要先取回基准分支（fetch-depth: 0）")
    return proc.stdout.strip()


def merge_base(root: Path, ref: str) -> str:
    """Where HEAD left ref: the version a pull request is compared with (as in REF...HEAD)."""
    base = resolve(root, ref)
    proc = _git(root, "merge-base", base, "HEAD", check=False)
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else base


def changed_files(root: Path, ref: str) -> list[str]:
    """Paths (repository-relative, posix) changed on HEAD since it left ref, plus uncommitted
    and untracked changes in the working tree. Renames count as a deletion and an addition."""
    return [c.path for c in changes(root, ref)]


@dataclass(frozen=True, slots=True)
class Change:
    """One changed path and Git's file modes before and after ("000000": absent), so a link
    (120000) or a submodule (160000) is seen as what it is."""

    path: str
    old_mode: str
    new_mode: str

    @property
    def regular(self) -> bool:
        """Whether what the change leaves is a regular file (or nothing)."""
        return self.new_mode in (*REGULAR_MODES, GONE)


def _raw(root: Path, *args: str) -> list[Change]:
    """`git diff --raw -z` records: ':old new sha sha status' NUL path NUL (no renames: one path)."""
    proc = _git(root, "-c", "core.quotePath=false", "diff", "--raw", "-z", "--no-renames",
                "--no-relative", "--ignore-submodules=none", *args, check=False, names=True)
    if proc.returncode != 0:
        return []
    fields = proc.stdout.split("\0")
    out = []
    for meta, path in zip(fields[::2], fields[1::2], strict=False):
        parts = meta.lstrip(":").split()
        if len(parts) >= 2 and path:
            out.append(Change(path, parts[0], parts[1]))
    return out


def changes(root: Path, ref: str) -> list[Change]:
    """Every path changed on HEAD since it left ref, then in the working tree (uncommitted and
    untracked), with its modes; a later record of the same path wins. Renames count as a
    deletion and an addition, so both sides are judged."""
    base = merge_base(root, ref)
    found: dict[str, Change] = {}
    for c in _raw(root, base, "HEAD"):
        found[c.path] = c
    for c in _raw(root, "HEAD"):
        before = found.get(c.path)
        found[c.path] = Change(c.path, before.old_mode if before else c.old_mode, c.new_mode)
    proc = _git(root, "ls-files", "--others", "--exclude-standard", "-z", check=False, names=True)
    if proc.returncode == 0:
        for name in (n for n in proc.stdout.split("\0") if n):
            found[name] = Change(name, GONE, _mode_on_disk(root / name))
    return sorted(found.values(), key=lambda c: c.path)


def _mode_on_disk(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return GONE
    if stat.S_ISLNK(mode):
        return "120000"
    if stat.S_ISREG(mode):
        return "100755" if mode & 0o111 else "100644"
    return "0" + oct(stat.S_IFMT(mode))[2:]  # a FIFO or device: neither regular nor a link


def show(root: Path, commit: str, path: str) -> str | None:
    """A file's text at a commit, or None when it did not exist there."""
    proc = _git(root, "show", f"{commit}:{path}", check=False)
    return proc.stdout if proc.returncode == 0 else None


def exists_at(root: Path, commit: str, path: str) -> bool:
    proc = _git(root, "cat-file", "-e", f"{commit}:{path}", check=False)
    return proc.returncode == 0


def files_at(root: Path, commit: str, folder: str) -> list[str]:
    """The paths of the files under folder at a commit."""
    proc = _git(root, "ls-tree", "-r", "--name-only", "-z", commit, "--", folder, check=False, names=True)
    return [n for n in proc.stdout.split("\0") if n] if proc.returncode == 0 else []
