"""Resident identity card number (居民身份证号码, GB 11643-1999).

Layout: 6-digit region code, 8-digit birth date (YYYYMMDD), 3-digit sequence
(odd for men, even for women), check character (ISO 7064 MOD 11-2, ``X`` for 10).
The check character, birth date and region table (with abolished codes) come
from ``stdnum.cn.ric``; this module adds sex, a region check that accepts a code
of any period, and the repair of OCR misreads.

>>> validate('11010519491231002X')
'11010519491231002X'
>>> get_sex('11010519491231002X')
'女'
>>> repair('1101O519491231002x')
('11010519491231002X', False)
"""

from __future__ import annotations

import datetime

from stdnum.cn import ric as _ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from beian.text import DIGIT_LOOKALIKES

__all__ = [
    "compact", "validate", "is_valid", "get_sex", "get_birth_date", "region_code",
    "repair", "region_known", "region_names", "InvalidChecksum", "InvalidComponent", "InvalidFormat", "InvalidLength",
    "ValidationError",
]

# digits the recogniser confuses with each other, tried one at a time
_CONFUSABLE = {"0": "86932", "1": "74", "2": "7Z", "3": "852", "4": "19",
               "5": "63", "6": "580", "7": "12", "8": "0369", "9": "084", "X": ""}


def compact(number: str) -> str:
    return _ric.compact(number)


def validate(number: str) -> str:
    """The 18-character number, or a specific ValidationError.

    Length and digits (InvalidLength, InvalidFormat), check character
    (InvalidChecksum) and birth date (InvalidComponent). The region is not
    judged here: numbers keep the code in force when they were assigned (from
    1984, whatever the birth year), and region tables go stale; see
    `region_known`.
    """
    number = compact(number)
    if len(number) != 18:
        raise InvalidLength()
    if not number[:17].isdigit() or number[17] not in "0123456789X":
        raise InvalidFormat()
    if number[-1] != _ric.calc_check_digit(number):
        raise InvalidChecksum()
    _ric.get_birth_date(number)
    return number


def is_valid(number: str) -> bool:
    try:
        return bool(validate(number))
    except ValidationError:
        return False


def get_birth_date(number: str) -> datetime.date:
    return _ric.get_birth_date(compact(number))


def get_sex(number: str) -> str:
    """男 for an odd 17th digit, 女 for an even one."""
    number = compact(number)
    if len(number) != 18 or not number[16].isdigit():
        raise InvalidFormat()
    return "男" if int(number[16]) % 2 else "女"


def region_code(number: str) -> str:
    return compact(number)[:6]


def region_known(code: str) -> bool:
    """The 6-digit code is in stdnum's table of regions (current or abolished)."""
    from stdnum import numdb

    return bool(code.isdigit() and len(code) == 6 and numdb.get("cn/loc").info(code)[-1][1])


def region_names(code: str) -> list[str]:
    """Names of the county and city of a region code, every period (西湖区, 杭州市)."""
    from stdnum import numdb

    names = []
    for c in (code[:6], code[:4] + "00"):
        for _part, props in numdb.get("cn/loc").info(c)[1:]:
            for n in props.get("county", "").split(","):
                n = n.split("]")[-1]
                if n and n not in ("市辖区", "县") and n not in names:
                    names.append(n)
    return names


def _checks(number: str) -> bool:
    return is_valid(number) and region_known(number[:6])


def repair(read: str, birth_date: datetime.date | None = None) -> tuple[str, bool] | None:
    """Recover a number from an OCR reading, never inventing one.

    Look-alike letters become digits (``O`` -> ``0``); that alone is not a
    correction. When the check character still fails, every single-character
    confusion is tried, and a result is returned only when exactly one passes the
    check character and agrees with ``birth_date`` (the date printed on the card)
    when that is known. Returns ``(number, corrected)`` or None.
    """
    number = compact(read).translate(DIGIT_LOOKALIKES)
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return None
    agrees = lambda n: birth_date is None or n[6:14] == birth_date.strftime("%Y%m%d")  # noqa: E731
    plausible = lambda n: _checks(n) and agrees(n)  # noqa: E731
    if is_valid(number) and agrees(number):
        # as read, its check character holds: a region missing from the table (new or
        # fictional) is for the rules to flag, not a reason to doubt the reading
        return number, False
    found = set()
    for i, ch in enumerate(number):
        if birth_date is not None and 6 <= i < 14:
            # the printed birth date fixes these digits
            fixed = number[:6] + birth_date.strftime("%Y%m%d") + number[14:]
            if fixed != number and plausible(fixed):
                found.add(fixed)
            continue
        for alt in _CONFUSABLE.get(ch, ""):
            if i < 17 and not alt.isdigit():
                continue
            cand = number[:i] + alt + number[i + 1:]
            if plausible(cand):
                found.add(cand)
    return (found.pop(), True) if len(found) == 1 else None
