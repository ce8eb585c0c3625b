"""Foreign permanent-residence card number (外国人永久居留身份证号码), both designs.

2023 design (issued from 2023-12-01; National Immigration Administration, 机读信息规则 2023):
18 digits, ``9`` first (citizen numbers start 1-8), the province code of the issuing region (2),
the nationality as an ISO 3166-1 numeric code (3), the birth date YYYYMMDD (8), a sequence (3,
odd for men) and a check character by ISO 7064 MOD 11-2 (``X`` for 10), as GB 11643's.
2017 design: 15 characters, the nationality as ISO 3166-1 alpha-3 (3 letters), a region (4
digits: province and city), the birth date YYMMDD (6), a sex digit (odd for men) and a check digit
by the ICAO 7-3-1 method over the first 14. The position layouts come from public validators,
not the official tables (``../shared/notes/filing-rules-2.md`` §2.5): the 2023 check character is
official; a 2017 check digit that fails is reported as doubtful, not as invalid.

>>> problem("911840198001010013")
>>> problem("911840198001010017")
('invalid', 'check')
>>> problem("USA110080010111")
>>> design("USA110080010111"), nationality("USA110080010111")
('2017', 'USA')
"""

from __future__ import annotations

import datetime as dt
import re

from iso3166 import countries_by_alpha3, countries_by_numeric
from stdnum.cn import ric as _ric

from beian.validators import mrz, regions

__all__ = ["compact", "design", "problem", "nationality", "birth_date", "sex"]

_2023 = re.compile(r"^9\d{16}[\dX]$")
_2017 = re.compile(r"^[A-Z]{3}\d{12}$")


def compact(number: str) -> str:
    return re.sub(r"\s", "", number or "").upper()


def design(number: str) -> str | None:
    """``2023``, ``2017`` or None (neither shape)."""
    n = compact(number)
    return "2023" if _2023.match(n) else "2017" if _2017.match(n) else None


def nationality(number: str) -> str | None:
    """The holder's nationality, ISO 3166-1 alpha-3 (None: no known code in the number)."""
    n, d = compact(number), design(number)
    if d == "2023":
        c = countries_by_numeric.get(n[3:6])
        return c.alpha3 if c else None
    if d == "2017":
        return n[:3] if n[:3] in countries_by_alpha3 else None
    return None


def birth_date(number: str) -> dt.date | None:
    n, d = compact(number), design(number)
    try:
        if d == "2023":
            return dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
        if d == "2017":
            yy = int(n[7:9])
            year = 2000 + yy if 2000 + yy <= dt.date.today().year else 1900 + yy
            return dt.date(year, int(n[9:11]), int(n[11:13]))
    except ValueError:
        return None
    return None


def sex(number: str) -> str | None:
    n, d = compact(number), design(number)
    digit = n[16] if d == "2023" else n[13] if d == "2017" else None
    return None if digit is None else "男" if int(digit) % 2 else "女"


def problem(number: str) -> tuple[str, str] | None:
    """What is wrong with a number, as (status, what): ``invalid`` for ``format`` (neither design),
    ``check`` (the 2023 check character), ``region`` (no such province), ``nationality`` (no such
    country code), ``birth_date`` (no such date); ``warning`` for ``check_2017``. None: valid."""
    n, d = compact(number), design(number)
    if d is None:
        return "invalid", "format"
    if d == "2023":
        if n[-1] != _ric.calc_check_digit(n):
            return "invalid", "check"
        if not regions.of_code(n[1:3] + "0000"):
            return "invalid", "region"
    if nationality(n) is None:
        return "invalid", "nationality"
    if birth_date(n) is None:
        return "invalid", "birth_date"
    if d == "2017" and n[-1] != mrz.check_digit(n[:14]):
        return "warning", "check_2017"
    return None
