"""Phone numbers of the filing's people: shape, range, home province (offline).

`mobile` accepts a mainland mobile number as people write it (``139 1234 5678``,
``+86-139-1234-5678``) and returns its eleven digits, else None; `normalise` does the
same for any phone (a landline keeps its area code: ``025-84561234`` → ``02584561234``).
`problem` says what is wrong with a well-shaped number (a range no operator was given),
`home_province` where its prefix was allocated (``phonenumbers``' offline geocoder; numbers
move between provinces, so a rule built on it only warns) and `virtual` whether it is a
virtual operator's range (170/171/162/165/167), which some filing systems refuse.

>>> mobile("+86 139-1234-5678"), mobile("1391234567"), normalise("(025) 8456 1234")
('13912345678', None, '02584561234')
>>> home_province("13912345678"), home_province("17012345678")
('江苏省', None)
>>> problem("10012345678"), problem("13912345678"), virtual("17012345678")
('not an allocated mobile range', None, True)
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import geocoder

from beian.validators import regions, tables

_SEPARATORS = re.compile(r"[\s\-()（）.]")
_MOBILE = re.compile(r"1\d{10}")
# a landline with its area code (0 and 9 to 11 digits) or without (7 or 8), a 400/800 line, or a mobile
_PHONE = re.compile(r"0\d{9,11}|[2-9]\d{6,7}|[48]00\d{7}|1\d{10}")
_EXTENSION = re.compile(r"(转|ext\.?|x|#)\d{1,6}$", re.IGNORECASE)


def _digits(text: str) -> str:
    """The number's digits with the country code dropped (a landline gets its trunk 0 back)."""
    s = _SEPARATORS.sub("", text.strip())
    for prefix in ("+86", "0086"):
        if s.startswith(prefix):
            rest = s[len(prefix):]
            return rest if rest[:1] in ("0", "1") else "0" + rest
    return s[2:] if s.startswith("86") and _MOBILE.fullmatch(s[2:]) else s


def mobile(text: str) -> str | None:
    """The eleven digits of a mainland mobile number, or None when ``text`` is not one."""
    s = _digits(text)
    return s if _MOBILE.fullmatch(s) else None


def normalise(text: str) -> str | None:
    """The digits of any phone number (an extension dropped), or None when ``text`` is not one."""
    s = _digits(_EXTENSION.sub("", text.strip()))
    return s if _PHONE.fullmatch(s) else None


@lru_cache(maxsize=1024)
def _parsed(number: str):
    try:
        return phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return None


def problem(number: str) -> str | None:
    """What is wrong with a well-shaped number, or None."""
    p = _parsed(number)
    if p is None or not phonenumbers.is_valid_number(p):
        return "not an allocated mobile range" if _MOBILE.fullmatch(number) else "not an allocated number"
    return None


def is_mobile(number: str) -> bool:
    p = _parsed(number)
    return p is not None and phonenumbers.number_type(p) in (phonenumbers.PhoneNumberType.MOBILE,
                                                             phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def home_province(number: str) -> str | None:
    """The province a number's prefix was allocated to (None: unknown, or a nationwide range)."""
    p = _parsed(number)
    if p is None or not phonenumbers.is_valid_number(p):
        return None
    where = geocoder.description_for_number(p, "zh")
    return regions.of_address(where) if where and where != "中国" else None


def virtual(number: str) -> bool:
    """A virtual operator's range (some filing systems refuse them: 不支持该手机号段)."""
    return number[:3] in tables.load("contact_rules")["virtual_ranges"]["prefixes"]
