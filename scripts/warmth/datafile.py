"""Loading the union's own data files (forms, registry, campaigns) strictly, with positions."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

from . import atomic, structure
from . import rules as R
from .findings import Collector
from .yamlsafe import MappingNode, Node, load_strict, plain_value

# The registry and a campaign list every unit: a national one runs to a few megabytes.
DATA_MAX_BYTES = 64_000_000


class Loaded:
    """A data file's value and, on demand, its node tree (for the positions of findings)."""

    def __init__(self, path: Path, value: dict[str, Any] | None, node: Node | None) -> None:
        self.path, self.value, self._node = path, value, node

    @property
    def node(self) -> Node | None:
        if self._node is None and self.value is not None:  # loaded from the cache
            self._node = load_strict(self.path, Collector(""), DATA_MAX_BYTES)[1]
        return self._node


@cache
def compiled(schema_path: Path) -> Any:
    return fastjsonschema.compile(structure.load_schema(schema_path))


def first_pass_ok(schema_path: Path, instance: object) -> bool:
    try:
        compiled(schema_path)(instance)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def load(
    path: Path, schema_path: Path, col: Collector, derive: Callable[[dict[str, Any], Node], None] | None = None,
) -> Loaded:
    """Read a YAML data file and check it against its schema; value is None if unusable.

    derive(value, node) may add what later needs positions (it runs before caching). A file
    that passed is cached by content, so a pre-commit run on a national registry stays quick.
    """
    key = _cache_key(path, schema_path)
    cached = _cache_get(key, schema_path)
    if cached is not None:
        return Loaded(path, cached, None)
    text, node = load_strict(path, col, DATA_MAX_BYTES)
    if node is None:
        return Loaded(path, None, None)
    if not isinstance(node, MappingNode):
        col.report(R.SCHEMA, 1, 1, wording=R.SCHEMA_TOP_DATA)
        return Loaded(path, None, node)
    from .yamlsafe import entries

    before = len(col.findings)
    from . import privacy

    # admin-owned files reach the site too (unit names, notice fields): no personal data in
    # them either; a file with a finding is never cached, so a cached file was scanned
    privacy.scan(text or "", col, None, True, node)
    entries(node, col)  # duplicate keys at the top level
    _duplicates_below(node, col)
    value = plain_value(node)
    if not isinstance(value, dict) or not first_pass_ok(schema_path, value):  # a mapping's value is a dict
        structure.check(structure.load_schema(schema_path), value, node, col)
        return Loaded(path, None, node)
    if derive is not None:
        derive(value, node)
    if len(col.findings) == before:
        _cache_put(key, value)
    return Loaded(path, value, node)


def _cache_dir() -> Path | None:
    if os.environ.get("WARMTH_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "warmth"


def _cache_key(path: Path, schema_path: Path) -> str | None:
    try:
        h = hashlib.sha256(path.read_bytes())
        h.update(schema_path.read_bytes())
    except OSError:
        return None
    from . import __version__

    h.update(__version__.encode())
    h.update(KEY_SALT)  # entries of files that passed before they were scanned for personal data: not reused
    return h.hexdigest()


# The cache holds JSON, which reading cannot turn into code (no pickle). An entry is used only
# when its MAC verifies under this user's own secret (a file only this user can read or
# write), so an entry written or edited by anyone else is not used; it must also name its own
# key and decode to the plain types a loaded file has (no floats, no NaN, decimals only where
# _cache_put wrote them). Anything else is ignored and the file is read again from its YAML.
CACHE_FORMAT = b"warmth-cache-2"
KEY_SALT = b"scanned-for-personal-data"
SECRET_FILE = "secret"
DECIMAL_TAG = "\x00decimal"  # NUL only enters YAML text as "\0": a value holding one is not cached
_secrets: dict[Path, bytes] = {}


class _Untrusted(Exception):
    """A cache file that is not exactly what _cache_put writes."""


def _secret(folder: Path, create: bool) -> bytes | None:
    """This user's cache key: 32 random bytes in a file no one else may read or write."""
    if folder in _secrets:
        return _secrets[folder]
    path = folder / SECRET_FILE
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        try:
            fd = os.open(path, os.O_RDONLY | nofollow)
        except FileNotFoundError:
            if not create:
                return None
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow, 0o600)
            try:
                os.write(fd, os.urandom(32).hex().encode())
            finally:
                os.close(fd)
            fd = os.open(path, os.O_RDONLY | nofollow)
        try:
            st = os.fstat(fd)
            data = os.read(fd, 65)
        finally:
            os.close(fd)
    except OSError:
        return None
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
        return None  # someone else's file, or one others can read: not a secret
    try:
        secret = bytes.fromhex(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
    if len(secret) != 32:
        return None
    _secrets[folder] = secret
    return secret


def _mac(secret: bytes, key: str, body: bytes) -> bytes:
    return hmac.new(secret, key.encode() + b"\n" + body, hashlib.sha256).hexdigest().encode()


def _encode(value: object) -> object:
    if isinstance(value, Decimal):
        return {DECIMAL_TAG: str(value)}
    raise TypeError(type(value).__name__)


def _decode_object(d: dict[str, Any]) -> object:
    if DECIMAL_TAG not in d:
        return d
    text = d[DECIMAL_TAG]
    if len(d) != 1 or not isinstance(text, str) or len(text) > 64:
        raise _Untrusted
    try:
        dec = Decimal(text)
    except InvalidOperation as exc:
        raise _Untrusted from exc
    if not dec.is_finite() or abs(dec.adjusted()) > 40:
        raise _Untrusted  # no loaded figure is that large or that small
    return dec


def _no_float(text: str) -> object:
    raise _Untrusted  # a loaded file's numbers are int or Decimal, never float


def _no_constant(text: str) -> object:
    raise _Untrusted  # NaN, Infinity


def _cache_get(key: str | None, schema_path: Path) -> dict[str, Any] | None:
    folder = _cache_dir()
    if key is None or folder is None:
        return None
    try:
        secret = _secret(folder, create=False)
        if secret is None:
            return None
        data = (folder / f"{key}.json").read_bytes()
        head, _, body = data.partition(b"\n")
        fmt, _, mac = head.partition(b" ")
        if fmt != CACHE_FORMAT or not hmac.compare_digest(mac, _mac(secret, key, body)):
            return None
        doc = json.loads(body.decode("utf-8"), object_hook=_decode_object,
                         parse_float=_no_float, parse_constant=_no_constant)
        if not (isinstance(doc, dict) and doc.get("key") == key):
            return None
        value = doc.get("value")
        if not isinstance(value, dict):
            return None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError, _Untrusted):
        return None  # unreadable, corrupted or not ours: read the file itself
    return value


def _cache_put(key: str | None, value: dict[str, Any]) -> None:
    folder = _cache_dir()
    if key is None or folder is None:
        return
    decimals = 0

    def encode(v: object) -> object:
        nonlocal decimals
        decimals += 1
        return _encode(v)

    try:
        body = json.dumps({"key": key, "value": value}, ensure_ascii=False, default=encode,
                          check_circular=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return  # a value JSON cannot hold is not cached
    if body.count(b"\\u0000") != decimals:
        return  # a NUL of the data itself (YAML's "\0") could pass for the decimal tag: not cached
    secret = _secret(folder, create=True)
    if secret is None:
        return
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
        atomic.write_bytes(folder / f"{key}.json", CACHE_FORMAT + b" " + _mac(secret, key, body) + b"\n" + body)


def _duplicates_below(node: Node, col: Collector) -> None:
    from .yamlsafe import SequenceNode, entries

    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, MappingNode):
            if n is not node:
                entries(n, col)
            stack.extend(v for _, v in n.value)
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)
