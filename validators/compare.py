"""Compare an entered value with a value read from a scan.

Both sides are normalised the same way (full-width/half-width, spaces,
（）/(), Traditional/Simplified, case for codes, and for addresses the
province prefix that one side may leave out), then scored with rapidfuzz.

>>> same('杭州云帆网络科技有限公司', '杭州云帆網絡科技有限公司')
(True, 1.0)
>>> same('浙江省杭州市西湖区文三路 90 号', '杭州市西湖区文三路90号', kind='address')
(True, 1.0)
>>> same('李哪', '李娜')
(False, 0.5)
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from beian.text import compact
from beian.validators import regions

_PUNCT = re.compile(r"[\s,.;:，。；：、·'\"“”‘’]")


def normalise(value: str, kind: str = "text") -> str:
    v = _PUNCT.sub("", compact(value))
    if kind == "code":
        return v.upper()
    if kind == "address":
        p = regions.info(regions.of_address(v) or "")
        if p:
            for prefix in (p["name"], p["short"]):
                if v.startswith(prefix):
                    v = v[len(prefix):]
                    break
    return v


def same(entered: str, found: str, kind: str = "text") -> tuple[bool, float]:
    a, b = normalise(entered, kind), normalise(found, kind)
    if a == b:
        return True, 1.0
    return False, round(fuzz.ratio(a, b) / 100, 3)
