"""Mask personal data (ID numbers, names, addresses) for logs, artifacts and errors.

>>> mask_id('330106198203154417')
'3301**********4417'
>>> mask_name('王建国')
'王**'
>>> mask_text('持有人 王建国 330106198203154417')
'持有人 王建国 3301**********4417'
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\b\d{6}(?:19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx]\b|\b[0-9A-HJ-NP-RTUWXY]{18}\b")


def mask_id(number: str) -> str:
    return number[:4] + "*" * max(0, len(number) - 8) + number[-4:] if len(number) > 8 else "*" * len(number)


def mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else name


def mask_text(text: str) -> str:
    """ID numbers and credit codes inside free text are masked (names cannot be told apart)."""
    return _NUMBER.sub(lambda m: mask_id(m.group(0)), text)
