"""Unified social credit code (统一社会信用代码, GB 32100-2015).

Layout: registration authority (1, ``9`` = market regulation), entity type (1),
6-digit division code, 9-character organisation code (GB 11714, its own check
character last), check character (MOD 31 over ``0-9A-HJ-NP-RTUWXY``). The check
character comes from ``stdnum.cn.uscc``; the organisation code's GB 11714 check
is separate because not every 个体工商户 code is known to satisfy it.

>>> validate('91110000600037341L')
'91110000600037341L'
>>> organisation_code_valid('91110000600037341L')
True
>>> repair('9111OOOO6OOO37341L')
('91110000600037341L', False)
"""

from __future__ import annotations

from stdnum.cn import uscc as _uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

from beian.validators.ric import region_known

__all__ = ["compact", "validate", "is_valid", "division_code", "organisation_code_valid",
           "calc_organisation_check", "repair", "InvalidChecksum", "InvalidFormat",
           "InvalidLength", "ValidationError"]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_LOOKALIKE = {"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U", "—": "", "-": ""}
_CONFUSABLE = {"0": "8DQ6", "8": "0B3", "B": "8", "D": "0", "1": "7", "7": "1", "5": "6S",
               "6": "58G", "G": "6", "2": "Z", "U": "V0", "Q": "0", "3": "8", "4": "A",
               "A": "4", "H": "N", "N": "H", "M": "N", "W": "M"}


def compact(number: str) -> str:
    return _uscc.compact(number)


def validate(number: str) -> str:
    return _uscc.validate(number)


def is_valid(number: str) -> bool:
    return _uscc.is_valid(number)


def division_code(number: str) -> str:
    """The 6-digit administrative division code of the registering authority."""
    return compact(number)[2:8]


def calc_organisation_check(org8: str) -> str:
    """GB 11714 check character for the first 8 characters of an organisation code."""
    total = sum(int(c, 36) * w for c, w in zip(org8, _ORG_WEIGHTS))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def organisation_code_valid(number: str) -> bool:
    org = compact(number)[8:17]
    return len(org) == 9 and org.isalnum() and calc_organisation_check(org[:8]) == org[8]


def repair(read: str) -> tuple[str, bool] | None:
    """Recover a code from an OCR reading; ``(code, corrected)`` or None.

    The first 8 characters are digits, so look-alike letters there become
    digits; ``O``/``I``/``Z``/``S`` never occur in the alphabet at all. When the
    check character still fails, single confusions are tried and a result is
    returned only when exactly one candidate passes.
    """
    raw = compact(read).upper()
    number = "".join(_LOOKALIKE.get(c, c) for c in raw)
    if len(number) != 18:
        return None
    if is_valid(number):
        return number, False
    found = set()
    for i, ch in enumerate(number):
        for alt in _CONFUSABLE.get(ch, ""):
            if i < 8 and not alt.isdigit():
                continue
            cand = number[:i] + alt + number[i + 1:]
            # a changed division code must still name a region
            if is_valid(cand) and (not 2 <= i < 8 or region_known(cand[2:8])):
                found.add(cand)
    return (found.pop(), True) if len(found) == 1 else None
