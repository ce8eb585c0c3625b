"""港澳居民来往内地通行证 number: ``H`` (Hong Kong) or ``M`` (Macao), the 8-digit lifelong number and,
on cards issued since 2013, the 2-digit count of renewals (``00`` first) — 9 or 11 characters. No
check character (公安部出入境管理局 2010-03-10; ``../shared/notes/filing-rules-2.md`` §2.4).

>>> problem("H12345678"), problem("M1234567801"), region("m1234567801")
(None, None, 'Macao')
>>> problem("H1234567")
'format'
"""

from __future__ import annotations

import re

__all__ = ["compact", "problem", "region"]

_SHAPE = re.compile(r"^[HM]\d{8}(\d{2})?$")


def compact(number: str) -> str:
    return re.sub(r"[\s()（）-]", "", number or "").upper()


def problem(number: str) -> str | None:
    return None if _SHAPE.match(compact(number)) else "format"


def region(number: str) -> str | None:
    return {"H": "Hong Kong", "M": "Macao"}.get(compact(number)[:1])
