"""Dates and validity periods as printed on Chinese documents.

Accepts ``2015.03.01``, ``2015-3-1``, ``2015/03/01``, ``2015年3月1日``,
``20150301``; a period is two dates (or a date and ``长期``) joined by ``-``,
``至`` or ``到``. Values are ISO ``YYYY-MM-DD``; an open end is ``长期``.
Rules about periods (the ID card's 5/10/20 years or 长期 by age at issue) live
here too.

>>> parse_date('2015年3月1日')
'2015-03-01'
>>> parse_period('2015.03.01-长期')
('2015-03-01', '长期')
>>> parse_period('2020年01月26日 至 2050年01月26日')
('2020-01-26', '2050-01-26')
>>> expected_id_validity_years(datetime.date(1990, 5, 1), datetime.date(2012, 3, 1))
10
"""

from __future__ import annotations

import datetime
import re

from beian.text import DIGIT_LOOKALIKES, compact

OPEN_END = "长期"
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年.\-/]?\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?|((?:19|20)\d{6})")
_DATE8 = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")
_OPEN = re.compile(r"长期|永久|长久|不约定期限|无固定期限")


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[str]:
    """Every valid date in text, in order, as ISO strings."""
    t = compact(text)
    out = []
    for m in _DATE.finditer(t):
        # a separator between month and day (a month without its day is no date: 2028年11月), or
        # exactly 8 digits
        if m.group(4):
            m8 = _DATE8.fullmatch(m.group(4))
            iso = _iso(*m8.groups()) if m8 else None
        else:
            iso = _iso(*m.groups()[:3])
        if iso:
            out.append(iso)
    return out


# a date with 年月日 whose digits may have been read as look-alike letters (2Q26年, 2O26, l1月)
_DIGIT = "[0-9" + "".join(re.escape(chr(k)) for k, v in DIGIT_LOOKALIKES.items() if v.isdigit()) + "]"
_LOOSE_DATE = re.compile(f"{_DIGIT}{{4}}年{_DIGIT}{{1,2}}月{_DIGIT}{{1,2}}日")


def repair_date(text: str) -> str | None:
    """A date written with 年月日 whose digits were read as look-alike letters, its digits put
    back (the 年月日 around them say they are digits); None when there is none to repair.

    >>> repair_date('授权日期:2Q26年11月19日')
    '2026-11-19'
    >>> repair_date('2026年11月19日') is None
    True
    """
    for m in _LOOSE_DATE.finditer(compact(text)):
        if not m.group(0).translate(str.maketrans("", "", "年月日")).isdigit():
            if found := find_dates(m.group(0).translate(DIGIT_LOOKALIKES)):
                return found[0]
    return None


def parse_date(text: str) -> str | None:
    dates = find_dates(text)
    return dates[0] if dates else None


def parse_period(text: str) -> tuple[str | None, str | None]:
    """(start, end) of a validity period; end is 长期 for an open period."""
    t = compact(text)
    dates = find_dates(t)
    start = dates[0] if dates else None
    if _OPEN.search(t):
        return start, OPEN_END
    return start, dates[1] if len(dates) > 1 else None


def to_date(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def expected_id_validity_years(birth: datetime.date, issued: datetime.date) -> int | None:
    """Years of validity of an ID card issued at that age (None: 长期), 居民身份证法 art. 5."""
    age = age_on(birth, issued)
    if age < 16:
        return 5
    if age <= 25:
        return 10
    if age <= 45:
        return 20
    return None


def expected_id_valid_until(birth: datetime.date, issued: datetime.date) -> str | None:
    """The end of validity a card issued on that day must carry (ISO or 长期); None for 29 February."""
    years = expected_id_validity_years(birth, issued)
    if years is None:
        return OPEN_END
    if (issued.month, issued.day) == (2, 29):
        return None
    return issued.replace(year=issued.year + years).isoformat()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
