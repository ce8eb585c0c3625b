"""ICAO 9303 machine-readable zones: the check digit (weights 7, 3, 1) and a passport's
two 44-character lines (TD3).

A digit counts as itself, ``A``-``Z`` as 10-35, the filler ``<`` as 0. Line 2 of a TD3 MRZ holds
the document number (9) and its check digit, nationality (3), birth date (YYMMDD) and its check
digit, sex, expiry (YYMMDD) and its check digit, the optional data (14) and its check digit, and a
composite check digit over all of those.

>>> check_digit("L898902C3")
'6'
>>> line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
>>> td3_problems(line2)
[]
>>> td3_fields(line2)["passport_number"], td3_fields(line2)["birth_date"]
('L898902C3', '1974-08-12')
>>> td3_problems(line2.replace("7408122", "7408123"))
['birth_date', 'composite']
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["check_digit", "td3_problems", "td3_fields", "LINE2"]

WEIGHTS = (7, 3, 1)
LINE2 = re.compile(r"^[0-9A-Z<]{9}[0-9][A-Z<]{3}[0-9]{6}[0-9][MFX<][0-9]{6}[0-9][0-9A-Z<]{14}[0-9<][0-9]$")


def _value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def check_digit(text: str) -> str:
    return str(sum(_value(c) * WEIGHTS[i % 3] for i, c in enumerate(text)) % 10)


# (field, start, end, its check digit's position) in line 2
_CHECKED = (("passport_number", 0, 9, 9), ("birth_date", 13, 19, 19), ("valid_until", 21, 27, 27),
            ("optional", 28, 42, 42))


def td3_problems(line2: str) -> list[str]:
    """The fields of a TD3 line 2 whose check digit fails (``composite`` for the last digit);
    ``["format"]`` for a line that is not one."""
    if not LINE2.match(line2):
        return ["format"]
    out = []
    for name, a, b, c in _CHECKED:
        digit = line2[c]
        if name == "optional" and digit == "<" and set(line2[a:b]) == {"<"}:
            continue  # no optional data: its check digit may be the filler
        if digit != check_digit(line2[a:b]):
            out.append(name)
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    if line2[43] != check_digit(composite):
        out.append("composite")
    return out


def _date(yymmdd: str, future: bool) -> str | None:
    """A YYMMDD date in full: an expiry in this century, a birth date not in the future."""
    try:
        d = dt.date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        return None
    if not future and d > dt.date.today():
        d = d.replace(year=d.year - 100)
    return d.isoformat()


def td3_fields(line2: str) -> dict[str, str | None]:
    """What a TD3 line 2 says, in the contract's field names (the filler taken off)."""
    return {"passport_number": line2[0:9].rstrip("<"), "nationality": line2[10:13].rstrip("<"),
            "birth_date": _date(line2[13:19], future=False), "sex": {"M": "男", "F": "女"}.get(line2[20]),
            "valid_until": _date(line2[21:27], future=True)}
