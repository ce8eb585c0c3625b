"""Provinces: names as people write them, the province of an address or number.

The province table (``data/provinces.json``, dated and sourced) also carries the
province rules the checks apply: whether the principal must be the legal
representative, what a cross-region individual needs, a minimum age.

>>> normalise('浙江')
'浙江省'
>>> normalise('浙')
'浙江省'
>>> of_address('广西壮族自治区南宁市青秀区民族大道 1 号')
'广西壮族自治区'
>>> of_code('330106')
'浙江省'
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from beian.text import compact

_DATA = Path(__file__).with_name("data") / "provinces.json"


@lru_cache(maxsize=1)
def table() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _by_name() -> dict[str, dict]:
    idx: dict[str, dict] = {}
    for p in table()["provinces"]:
        for key in (p["name"], p["short"], p["abbr"], p["code"]):
            idx[key] = p
    return idx


def normalise(name: str | None) -> str | None:
    """The full name of a province from any usual form (浙江省, 浙江, 浙, 33); None if unknown."""
    if not name:
        return None
    p = _by_name().get(compact(name))
    return p["name"] if p else None


def info(name: str | None) -> dict | None:
    full = normalise(name)
    return _by_name()[full] if full else None


def of_address(address: str | None) -> str | None:
    """The province an address starts with, or None."""
    if not address:
        return None
    a = compact(address)
    for p in table()["provinces"]:
        if a.startswith(p["name"]) or a.startswith(p["short"]):
            return p["name"]
    return None


def of_code(code: str | None) -> str | None:
    """The province of a 6-digit region code (an ID number's first six digits, a
    credit code's characters 3-8); only the first two digits matter."""
    if not code or len(code) < 2 or not code[:2].isdigit():
        return None
    p = _by_name().get(code[:2])
    return p["name"] if p else None
