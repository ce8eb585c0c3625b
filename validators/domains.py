"""Domain names: syntax, Unicode form, public suffix, and whether the suffix can be filed.

Internationalised names go through ``idna`` (UTS 46); the public suffix comes from
the list bundled with ``tldextract`` (no network); the filable suffixes are a
dated data file (``data/filable_suffixes.json``) that a setting can replace.
A second-level suffix (``com.cn``) is filable when its top level is.

>>> validate('Yunfan-Tech.CN')
'yunfan-tech.cn'
>>> validate('xn--fsqu00a.xn--fiqs8s')
'例子.中国'
>>> suffix('shop.example.com.cn')
'com.cn'
>>> filable('example.io')
False
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import idna
import tldextract
from stdnum.exceptions import InvalidFormat

_DATA = Path(__file__).with_name("data") / "filable_suffixes.json"


@lru_cache(maxsize=1)
def _extract() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # the bundled snapshot only


def suffix_table(path: str | None = None) -> dict:
    """The fileable-suffix table: ``path``, else the setting ``BEIAN_FILABLE_SUFFIXES_FILE``,
    else the bundled one."""
    from beian.settings import get_settings

    return _load_table(path or get_settings().filable_suffixes_file or str(_DATA))


@lru_cache(maxsize=4)
def _load_table(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def validate(name: str) -> str:
    """The domain, lower-case and in Unicode form, or InvalidFormat."""
    raw = name.strip().rstrip(".").lower()
    if not raw or "." not in raw or " " in raw or "/" in raw or "@" in raw:
        raise InvalidFormat()
    try:
        ascii_form = idna.encode(raw, uts46=True).decode()
        uni = idna.decode(ascii_form)
    except (idna.IDNAError, UnicodeError):
        raise InvalidFormat() from None
    parts = _extract()(uni)
    if not parts.suffix or not parts.domain:
        raise InvalidFormat()
    return uni


def is_valid(name: str) -> bool:
    try:
        return bool(validate(name))
    except InvalidFormat:
        return False


def suffix(name: str) -> str:
    return _extract()(validate(name)).suffix


def registered_domain(name: str) -> str:
    """The domain one registers (example.com.cn for www.example.com.cn)."""
    p = _extract()(validate(name))
    return f"{p.domain}.{p.suffix}"


def filable(name: str) -> bool | None:
    """True or False from the table; None when the table does not name the suffix."""
    table = suffix_table()
    sfx = suffix(name)
    top = sfx.rsplit(".", 1)[-1]
    if sfx in table["not_filable"] or top in table["not_filable"]:
        return False
    if sfx in table["filable"] or top in table["filable"]:
        return True
    return None
