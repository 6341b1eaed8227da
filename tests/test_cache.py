"""The on-disk cache of loaded data files (registry, forms, campaigns): JSON that reading
cannot turn into code, and an entry that is corrupted, forged or edited is ignored: the file
is read again from its YAML, the result is the same, and nothing crashes or runs."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import make_repo


def validate(repo: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("WARMTH_NO_CACHE", None)
    return subprocess.run([sys.executable, "-m", "warmth.cli", "validate", "--format", "json"], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    base = tmp_path_factory.mktemp("cache")
    repo = make_repo(base / "repo")
    cache = base / "xdg"
    first = validate(repo, cache)
    assert first.returncode == 0, first.stderr
    return repo, cache / "warmth", first


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def split(path: Path) -> tuple[bytes, bytes, bytes]:
    head, _, body = path.read_bytes().partition(b"\n")
    fmt, _, mac = head.partition(b" ")
    return fmt, mac, body


def test_cache_is_json_with_a_mac_and_a_private_secret(warm: tuple[Path, Path, object]) -> None:
    _, folder, _ = warm
    files = entries(folder)
    assert len(files) >= 3  # registry, forms, campaigns
    assert not list(folder.glob("*.pickle"))
    secret = bytes.fromhex((folder / "secret").read_text())
    assert len(secret) == 32 and (folder / "secret").stat().st_mode & 0o777 == 0o600
    for f in files:
        fmt, mac, body = split(f)
        assert fmt == b"warmth-cache-2"
        doc = json.loads(body)
        assert doc["key"] == f.stem
        assert hmac.compare_digest(mac, hmac.new(secret, f.stem.encode() + b"\n" + body, hashlib.sha256).hexdigest().encode())
        with pytest.raises(pickle.UnpicklingError):
            pickle.loads(f.read_bytes())


def _units_entry(folder: Path) -> Path:
    return next(f for f in entries(folder) if '"units":' in split(f)[2].decode())


def _resign(folder: Path, path: Path, body: bytes, secret: bytes | None = None) -> None:
    secret = secret if secret is not None else bytes.fromhex((folder / "secret").read_text())
    mac = hmac.new(secret, path.stem.encode() + b"\n" + body, hashlib.sha256).hexdigest().encode()
    path.write_bytes(b"warmth-cache-2 " + mac + b"\n" + body)


def _edit_value(edit: Callable[[dict], None]) -> Callable[[Path, Path], None]:
    """Change the registry's cached value and sign it with this user's real secret: what the
    decoding refuses (floats, NaN, odd decimals) is still not used."""
    def apply(folder: Path, sentinel: Path) -> None:
        path = _units_entry(folder)
        doc = json.loads(split(path)[2])
        edit(doc["value"])
        _resign(folder, path, json.dumps(doc, ensure_ascii=False).encode())
    return apply


def _for_all(make: Callable[[bytes], bytes]) -> Callable[[Path, Path], None]:
    def apply(folder: Path, sentinel: Path) -> None:
        for f in entries(folder):
            f.write_bytes(make(f.read_bytes()))
    return apply


class Payload:
    """A pickle that creates a file when unpickled: proof that nothing unpickles the cache."""

    def __init__(self, sentinel: Path) -> None:
        self.sentinel = sentinel

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.sentinel}",))


def pickle_everywhere(folder: Path, sentinel: Path) -> None:
    data = pickle.dumps(Payload(sentinel))
    for f in entries(folder):
        f.write_bytes(data)
        f.with_suffix(".pickle").write_bytes(data)  # where the old cache kept its entries


def forged_with_another_secret(folder: Path, sentinel: Path) -> None:
    path = _units_entry(folder)
    doc = json.loads(split(path)[2])
    doc["value"]["units"] = doc["value"]["units"][:1]
    _resign(folder, path, json.dumps(doc, ensure_ascii=False).encode(), secret=b"\x01" * 32)


def edited_keeping_the_mac(folder: Path, sentinel: Path) -> None:
    path = _units_entry(folder)
    fmt, mac, body = split(path)
    path.write_bytes(fmt + b" " + mac + b"\n" + body.replace(b'"name": "', b'"name": "X', 1))


def secret_readable_by_others(folder: Path, sentinel: Path) -> None:
    forged_with_another_secret(folder, sentinel)
    (folder / "secret").write_text((b"\x01" * 32).hex())
    (folder / "secret").chmod(0o644)


def wrong_key_inside(folder: Path, sentinel: Path) -> None:
    path = _units_entry(folder)
    doc = json.loads(split(path)[2])
    doc["key"] = "0" * 64
    _resign(folder, path, json.dumps(doc).encode())


def deep_nesting(folder: Path, sentinel: Path) -> None:
    path = _units_entry(folder)
    _resign(folder, path, b"[" * 200_000 + b"]" * 200_000)


HOSTILE: list[Callable[[Path, Path], None]] = [
    _for_all(lambda b: b[: len(b) // 2]),
    _for_all(lambda b: b""),
    _for_all(lambda b: bytes(range(256)) * 4),
    _for_all(lambda b: b.replace(b"\n", b"\r\n", 1)),
    _for_all(lambda b: b"warmth-cache-2 \n{}"),
    _for_all(lambda b: b"\xff\xfe" + b),
    pickle_everywhere,
    forged_with_another_secret,
    edited_keeping_the_mac,
    secret_readable_by_others,
    wrong_key_inside,
    deep_nesting,
    _edit_value(lambda v: v["units"][0].__setitem__("id", {"\x00decimal": "NaN"})),
    _edit_value(lambda v: v["units"][0].__setitem__("id", {"\x00decimal": "1e999999999"})),
    _edit_value(lambda v: v["units"][0].__setitem__("id", 1.5)),
]
NAMES = ["truncated", "empty", "random-bytes", "crlf", "empty-object", "bom-like-prefix", "pickle-payload",
         "forged-other-secret", "edited-same-mac", "secret-readable-by-others", "wrong-key", "deep-nesting",
         "decimal-nan", "decimal-huge", "float"]


@pytest.mark.parametrize("spoil", HOSTILE, ids=NAMES)
def test_spoiled_cache_is_ignored_never_trusted(tmp_path: Path, spoil: Callable[[Path, Path], None]) -> None:
    repo = make_repo(tmp_path / "repo")
    cache = tmp_path / "xdg"
    first = validate(repo, cache)
    assert first.returncode == 0, first.stderr
    folder = cache / "warmth"
    good = {f.name: f.read_bytes() for f in entries(folder)}
    sentinel = tmp_path / "PWNED"
    spoil(folder, sentinel)
    again = validate(repo, cache)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    assert json.loads(again.stdout)["errors"] == 0
    assert not sentinel.exists()
    if (folder / "secret").stat().st_mode & 0o077 == 0:
        # each spoiled entry was read again from its YAML and written back as it was
        assert {f.name: f.read_bytes() for f in entries(folder)} == good


def test_a_changed_file_is_checked_not_answered_from_the_cache(tmp_path: Path) -> None:
    """The key is the file's content: an edit misses the cache and meets the checks."""
    repo = make_repo(tmp_path / "repo")
    cache = tmp_path / "xdg"
    assert validate(repo, cache).returncode == 0
    units = repo / "submissions" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("level:", "levle:", 1), encoding="utf-8")
    r = validate(repo, cache)
    assert r.returncode == 1
    assert any(f["file"] == "submissions/units.yaml" for f in json.loads(r.stdout)["findings"])
