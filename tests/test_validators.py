"""Number and date validators: tables of cases (their doctests run in test_doctests.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from beian import text
from beian.validators import dates, ric, uscc


@pytest.mark.parametrize("read, birth, want, why", [
    ("11010519491231002X", None, ("11010519491231002X", False), "valid as read"),
    ("11010519491231002x", None, ("11010519491231002X", False), "lower-case x is the check character"),
    ("1101O519491231002X", None, ("11010519491231002X", False), "letter O read for zero"),
    ("11010519491231082X", dt.date(1949, 12, 31), ("11010519491231002X", True), "one misread digit, repaired"),
    ("11010519481231002X", dt.date(1949, 12, 31), ("11010519491231002X", True), "birth digits from the card"),
    ("110105194912310", None, None, "too short: never padded"),
    ("11010519491231882X", None, None, "two misread digits: not guessed"),
])
def test_ric_repair(read, birth, want, why):
    assert ric.repair(read, birth) == want, why


@pytest.mark.parametrize("number, sex", [("11010519491231002X", "女"), ("110105194912310015", "男")])
def test_ric_sex(number, sex):
    assert ric.get_sex(number) == sex


@pytest.mark.parametrize("read, want, why", [
    ("91110000600037341L", ("91110000600037341L", False), "valid as read"),
    ("9111OOOO6OOO37341L", ("91110000600037341L", False), "O for 0 is not a correction"),
    ("91110000600087341L", ("91110000600037341L", True), "8 read for 3, repaired with the check character"),
    ("9111000060003734", None, "too short"),
])
def test_uscc_repair(read, want, why):
    assert uscc.repair(read) == want, why


@pytest.mark.parametrize("printed, want", [
    ("2015.03.01-2035.03.01", ("2015-03-01", "2035-03-01")),
    ("2015.03.01-长期", ("2015-03-01", "长期")),
    ("2015年03月01日至长期", ("2015-03-01", "长期")),
    ("2015年3月1日 至 2045年2月28日", ("2015-03-01", "2045-02-28")),
    ("20150301-20350301", ("2015-03-01", "2035-03-01")),
    ("2015.02.30-2035.02.30", (None, None)),
])
def test_periods(printed, want):
    assert dates.parse_period(printed) == want, printed


@pytest.mark.parametrize("birth, issued, years", [
    (dt.date(2012, 1, 1), dt.date(2020, 1, 1), 5), (dt.date(2000, 1, 1), dt.date(2020, 1, 1), 10),
    (dt.date(1980, 1, 1), dt.date(2020, 1, 1), 20), (dt.date(1970, 1, 1), dt.date(2020, 1, 1), None),
])
def test_id_validity_by_age(birth, issued, years):
    assert dates.expected_id_validity_years(birth, issued) == years


@pytest.mark.parametrize("raw, want, why", [
    ("民族漢", "民族汉", "Traditional form emitted by the model is folded"),
    ("王乾", "王乾", "a Simplified character that is also Traditional stays"),
    ("（副本）", "(副本)", "full-width brackets"),
    ("2015－03－01", "2015-03-01", "full-width dash"),
])
def test_clean(raw, want, why):
    assert text.clean(raw) == want, why
