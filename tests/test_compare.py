"""Entered against read values as a reviewer would compare them (`beian.validators.compare`)."""

from __future__ import annotations

import pytest

from beian.validators.compare import same

# (entered, read, kind, same?, why)
CASES = [
    ("有限责任公司（自然人投资或控股）", "有限责任公司(自然人投资或控股)", "text", True, "full- and half-width brackets"),
    ("股份有限公司（非上市、自然人投资或控股）", "股份有限公司(非上市,自然人投资或控股)", "text", True, "、 read as a comma"),
    ("环平保险经纪（上海）有限公司", "环平保险经纪 ( 上海 ) 有限公司", "text", True, "spacing inside brackets"),
    ("杭州云帆网络科技有限公司", "杭州云帆網絡科技有限公司", "text", True, "Traditional forms the engine emits"),
    ("浙江省杭州市西湖区文三路90号", "浙江省杭州市西湖区文三路９０号", "address", True, "full-width digits"),
    ("浙江省杭州市西湖区文三路 90 号", "杭州市西湖区文三路90号", "address", True, "province left out on one side"),
    ("91330106MA2J4K5L6X", "91330106 ma2j 4k5l 6x", "code", True, "case and spaces in a code"),
    ("杭州云帆网络科技有限公司", "杭州云帆网络科枝有限公司", "text", False, "one character differs"),
    ("李娜", "李哪", "text", False, "a name one character off"),
    ("有限责任公司（自然人独资）", "有限责任公司（自然人投资或控股）", "text", False, "another entity type"),
    ("91330106MA2J4K5L6X", "91330106MA2J4K5L6Y", "code", False, "one character of a code"),
    ("91330106MA2J4K5L80", "9133O1O6MA2J4K5L8O", "code", False, "O for 0 in a code is no match"),
    ("330106198203154410", "33O1O6198203154410", "code", False, "O for 0 in an ID number is no match"),
    ("浙江省杭州市西湖区文三路90号", "浙江省杭州市西湖区文三路96号", "address", False, "one digit of an address"),
]


@pytest.mark.parametrize("entered, read, kind, expected, why", CASES, ids=[c[4] for c in CASES])
def test_same(entered, read, kind, expected, why):
    ok, score = same(entered, read, kind)
    assert ok is expected, f"{why}: same({entered!r}, {read!r}) = {ok} (score {score})"
    assert (score == 1.0) is expected, f"{why}: score {score}"
