"""Uploads the service keeps: owned by the first key to keep a submission id, never overwritten.

A kept submission lives in the nightly flow's layout, one folder a version::

    owners/<id>.json                    {"key": "portal-a", "at": ...}: created only if absent
    incoming/<id>/v1/.version           reserved by a conditional create, then the scans,
    incoming/<id>/v1/<scans>            and filing.json last: a version without it is
    incoming/<id>/v1/filing.json        still being written and is not checked
    incoming/<id>/v2/...                the owner's re-upload: a new version beside the old

The owner record is created conditionally (as the flow's claims are), so of two keys
racing for one id exactly one owns it; the other gets `NotOwner` (409) with nothing
written. An id whose ``incoming/<id>/`` already holds uploads that no record gives to
the caller is not the caller's either. Nothing here modifies or deletes an upload.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from beian.storage import Storage

INCOMING, OWNERS = "incoming", "owners"
FILING = "filing.json"
VERSION = re.compile(r"v([1-9][0-9]{0,5})")
MARKER = ".version"


class NotOwner(Exception):
    """The submission id belongs to another key (or to uploads no key kept)."""


def owner_key(sid: str) -> str:
    return f"{OWNERS}/{sid}.json"


def owner(store: Storage, sid: str) -> str | None:
    """The key name that owns ``sid`` in this store, or None."""
    v = store.read_versioned(owner_key(sid))
    if v is None:
        return None
    try:
        return str(json.loads(v.data)["key"])
    except (ValueError, KeyError, TypeError):
        return "(unreadable owner record)"  # owned by no one who can prove it


def take(store: Storage, sid: str, key: str) -> None:
    """Make ``key`` the owner of ``sid``, or raise `NotOwner`."""
    record = json.dumps({"key": key, "at": dt.datetime.now(dt.timezone.utc).isoformat()}).encode()
    if store.create(owner_key(sid), record):
        if store.list(f"{INCOMING}/{sid}"):  # uploads that were there before any owner: not ours
            mine = store.read_versioned(owner_key(sid))
            if mine is not None:
                store.delete_if(owner_key(sid), mine.etag)
            raise NotOwner(sid)
        return
    if owner(store, sid) != key:
        raise NotOwner(sid)


def versions(names: list[str]) -> dict[int, list[str]]:
    """The version folders of a kept submission: ``{n: names inside v<n>/}``; empty when
    the submission is not in versions (some upload lies outside a ``v<n>/`` folder)."""
    out: dict[int, list[str]] = {}
    for name in names:
        top, sep, rest = name.partition("/")
        m = VERSION.fullmatch(top)
        if not (sep and m):
            return {}
        out.setdefault(int(m.group(1)), []).append(rest)
    return out


def current(names: list[str]) -> tuple[int | None, str]:
    """Which uploads a submission is now: ``(None, "")`` for one not in versions (all its
    files), else the highest complete version and its folder prefix ``"v<n>/"``. When no
    version is complete yet the first is named, so that its missing filing.json shows."""
    found = versions(names)
    if not found:
        return None, ""
    complete = [n for n, files in found.items() if FILING in files]
    n = max(complete) if complete else min(found)
    return n, f"v{n}/"


def keep(store: Storage, sid: str, key: str, filing: bytes, scans: list[tuple[str, bytes]]) -> int:
    """Keep one upload of ``sid`` for its owner ``key`` as a new version; its number.
    Raises `NotOwner` (nothing written) when ``sid`` is not ``key``'s."""
    take(store, sid, key)
    base = f"{INCOMING}/{sid}/"
    existing = versions([e.key[len(base):] for e in store.list(f"{INCOMING}/{sid}")])
    n = max(existing, default=0) + 1
    stamp = {"key": key, "at": dt.datetime.now(dt.timezone.utc).isoformat(), "files": len(scans) + 1}
    while not store.create(f"{base}v{n}/{MARKER}", json.dumps({**stamp, "version": n}).encode()):
        n += 1  # the owner's other upload took this number a moment ago
    for name, data in scans:
        store.write(f"{base}v{n}/{name}", data)
    store.write(f"{base}v{n}/{FILING}", filing)  # last: the version is complete from here on
    return n
