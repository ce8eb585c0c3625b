"""台湾居民来往大陆通行证 (台胞证) number: 8 digits on the card (since 2015); the older booklets
print 10 characters (8 digits and a 2-character issue mark, letters allowed). No check character
is known (``../shared/notes/filing-rules-2.md`` §2.4).

>>> problem("12345678"), problem("1234567801"), problem("1234567")
(None, None, 'format')
"""

from __future__ import annotations

import re

__all__ = ["compact", "problem"]

_SHAPE = re.compile(r"^\d{8}([0-9A-Z]{2})?$")


def compact(number: str) -> str:
    return re.sub(r"[\s()（）-]", "", number or "").upper()


def problem(number: str) -> str | None:
    return None if _SHAPE.match(compact(number)) else "format"
