"""The service's API keys: who a caller is, what it may read, where its uploads are kept.

A key is known by the SHA-256 of its secret, never by the secret. Keys come from
``BEIAN_API_KEYS`` ("name:key,...": no scopes) and from the keys file
``BEIAN_API_KEYS_FILE``, one key a line::

    # name   sha256 of the key                                                 scopes
    portal-a 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 read=s3://intake/incoming/pa- keep=s3://kept-a
    portal-b 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752

``read=PREFIX`` (repeatable): the ``s3://`` sources the key may name in a JSON request,
by plain prefix of the normalised source (``s3://intake/incoming/pa-`` is every id
starting ``pa-`` there; ``s3://portal-a/`` a whole bucket). A key without one names
no source (403). ``keep=STORE``: a folder or ``s3://bucket[/prefix]`` where this key's
uploads are kept (default ``BEIAN_API_KEEP_UPLOADS``). A key may always read back the
submissions it owns in its own keep store.

The file is re-read when it changes (its size, time or inode), so keys are added and
revoked without a restart; a file that no longer parses keeps the keys last read, and
says why in the log. ``beian keys add|revoke|list`` edit it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import posixpath
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from beian.errors import ConfigError

log = logging.getLogger("beian.keys")


@dataclass(frozen=True)
class Key:
    name: str
    digest: str  # sha256 hex of the secret
    read: tuple[str, ...] = ()
    keep: str | None = None

    def may_read(self, source: str) -> bool:
        """Whether ``source`` (normalised by `normalise_source`) lies under one of the
        key's read prefixes."""
        return any(source.startswith(prefix) for prefix in self.read)

    def line(self) -> str:
        scopes = [f"read={p}" for p in self.read] + ([f"keep={self.keep}"] if self.keep else [])
        return " ".join([self.name, self.digest, *scopes])


def digest(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode()).hexdigest()


def normalise_source(source: str) -> str:
    """``s3://bucket/a/b`` as one spelling, or ValueError: no ``..``, ``.``, empty
    segments or backslashes, which could make a source look as if under a prefix."""
    if not source.startswith("s3://"):
        raise ValueError("only s3:// submissions can be named; upload files otherwise")
    path = source[len("s3://"):].rstrip("/")
    parts = path.split("/")
    if "\\" in path or any(p in ("", ".", "..") for p in parts) or "%" in path:
        raise ValueError("not a plain s3://bucket/.../incoming/<id> path")
    return "s3://" + posixpath.join(*parts)


def parse_line(line: str, n: int) -> Key | None:
    """One line of the keys file (None for blanks and comments), or ConfigError."""
    if not line.strip() or line.lstrip().startswith("#"):
        return None
    name, *rest = line.split()
    if not rest or len(rest[0]) != 64 or any(c not in "0123456789abcdefABCDEF" for c in rest[0]):
        raise ConfigError(f"keys file line {n}: expected 'name sha256hex [read=s3://...]... [keep=STORE]'")
    read, keep = [], None
    for token in rest[1:]:
        what, sep, value = token.partition("=")
        if what == "read" and sep and value.startswith("s3://") and len(value) > len("s3://"):
            read.append(value)
        elif what == "keep" and sep and value:
            keep = value
        else:
            raise ConfigError(f"keys file line {n}: {token.split('=')[0]!r}: expected read=s3://... or keep=STORE")
    return Key(name, rest[0].lower(), tuple(read), keep)


def parse_file(text: str) -> list[Key]:
    keys = [k for n, line in enumerate(text.splitlines(), 1) if (k := parse_line(line, n))]
    names = [k.name for k in keys]
    if dup := sorted({n for n in names if names.count(n) > 1}):
        raise ConfigError(f"keys file: the name {dup[0]} is given twice")
    return keys


class KeyRing:
    """The keys in force: those of the environment and of the file, re-read when it changes."""

    def __init__(self, env_keys: str = "", file: str | None = None) -> None:
        self.file = Path(file) if file else None
        self.env = [Key(name or f"key{i + 1}", digest(secret)) for i, item in enumerate(filter(None, env_keys.split(",")))
                    for name, _, secret in [item.strip().rpartition(":")]]
        self.lock = threading.Lock()
        self.reload_errors = 0
        self._stamp: tuple | None = None
        self._file_keys: list[Key] = []
        self._load(initial=True)
        if not self.env and not self._file_keys:
            raise ConfigError("beian api needs API keys: BEIAN_API_KEYS=name:key[,...] or BEIAN_API_KEYS_FILE")

    def _signature(self) -> tuple | None:
        try:
            st = os.stat(self.file)
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns, st.st_ino)

    def _load(self, initial: bool = False) -> None:
        if self.file is None:
            return
        stamp = self._signature()
        if stamp == self._stamp and not initial:
            return
        try:
            keys = parse_file(self.file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ConfigError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            if initial:
                raise ConfigError(f"BEIAN_API_KEYS_FILE={self.file}: {reason}") from None
            self.reload_errors += 1
            self._stamp = stamp  # said once per change, not on every request
            log.error("keys file %s not re-read (%s): the keys read before stay in force", self.file, reason)
            return
        if not initial:
            log.warning("keys file %s re-read: %d key(s)", self.file, len(keys))
        self._file_keys, self._stamp = keys, stamp

    def lookup(self, secret: str | None) -> Key | None:
        """The key whose secret this is (compared in constant time), or None."""
        if not secret:
            return None
        with self.lock:
            self._load()
            known = self.env + self._file_keys
        wanted = digest(secret)
        found = None
        for key in known:
            if hmac.compare_digest(key.digest, wanted):
                found = key
        return found

    def names(self) -> list[str]:
        with self.lock:
            self._load()
            return [k.name for k in self.env + self._file_keys]


# --- editing the keys file (beian keys) -------------------------------------------------------

def _rewrite(path: Path, lines: list[str]) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    tmp.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)  # the service re-reads a whole file, never half of one


def add_key(path: Path, name: str, read: list[str], keep: str | None) -> str:
    """Append a new key to the file; the secret, which is not stored, is returned once."""
    if not name or any(c.isspace() for c in name):
        raise ConfigError(f"key name {name!r}: one word, no spaces")
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    if name in {k.name for k in parse_file("\n".join(lines))}:
        raise ConfigError(f"a key named {name} exists; revoke it first")
    secret = secrets.token_urlsafe(32)
    key = Key(name, digest(secret), tuple(read), keep)
    parse_line(key.line(), 1)  # the scopes as the service will read them
    _rewrite(path, lines + [key.line()])
    return secret


def revoke_key(path: Path, name: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if line.split()[:1] != [name]]
    if len(kept) == len(lines):
        raise ConfigError(f"no key named {name} in {path}")
    _rewrite(path, kept)
