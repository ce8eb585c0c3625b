"""Mask personal data (ID numbers, names, addresses) for logs, artifacts and errors.

>>> mask_id('330106198203154417')
'3301**********4417'
>>> mask_name('王建国')
'王**'
>>> mask_text('持有人 王建国 330106198203154417')
'持有人 王建国 3301**********4417'
>>> mask_text('身份证号330106198203154417，代码91330106MA2J4K5L6X')
'身份证号3301**********4417，代码9133**********5L6X'
>>> mask_file('incoming/ZJ-1/张三身份证正面.jpg')
'incoming/ZJ-1/张******.jpg'
"""

from __future__ import annotations

import re

# not \b: next to Chinese text (身份证号330106…) there is no word boundary
_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{6}(?:19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx]|[0-9A-HJ-NP-RTUWXY]{18})"
                     r"(?![0-9A-Za-z])")


def mask_id(number: str) -> str:
    return number[:4] + "*" * max(0, len(number) - 8) + number[-4:] if len(number) > 8 else "*" * len(number)


def mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else name


def mask_text(text: str) -> str:
    """ID numbers and credit codes inside free text are masked (names cannot be told apart)."""
    return _NUMBER.sub(lambda m: mask_id(m.group(0)), text)


def mask_file(key: str) -> str:
    """A file name chosen by an applicant (张三身份证正面.jpg) may be personal data: keep
    its folders (incoming/<submission>/), its first character and its extension."""
    folder, _, name = key.rpartition("/")
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    masked = mask_name(stem) + dot + ext
    return f"{folder}/{masked}" if folder else masked
