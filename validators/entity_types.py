"""Entity types (类型) as licences print them, from a closed, dated list.

The type is one of a few dozen fixed wordings (``data/entity_types.json``):
``有限责任公司(自然人投资或控股)``, ``股份有限公司(非上市、自然人投资或控股)``,
``个体工商户``... A read type that is one character away from exactly one of
them (``有限贾任公司``, ``白然人``) is that wording, marked as repaired; anything
else is reported as read. Brackets are compared in one form (（） and ()).

>>> repair('有限责任公司(白然人投资或控股)')
('有限责任公司(自然人投资或控股)', True)
>>> repair('有限责任公司（自然人独资）')
('有限责任公司(自然人独资)', False)
>>> repair('有限公司') is None
True
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from beian.text import compact

_DATA = Path(__file__).with_name("data") / "entity_types.json"


@lru_cache(maxsize=1)
def wordings() -> tuple[str, ...]:
    d = json.loads(_DATA.read_text(encoding="utf-8"))
    out = list(d["base"])
    for base in ("有限责任公司", "一人有限责任公司", "有限责任公司分公司"):
        out += [f"{base}({k})" for k in d["limited_company_kinds"]]
    for base in ("股份有限公司", "股份有限公司分公司"):
        out += [f"{base}({k})" for k in d["joint_stock_kinds"]]
    return tuple(compact(w) for w in out)


def repair(text: str) -> tuple[str, bool] | None:
    """(wording, repaired) for a type that is, or is one character from, a known one."""
    t = compact(text).replace(",", "、")
    if t in wordings():
        return t, False
    near = [w for w in wordings() if abs(len(w) - len(t)) <= 1 and Levenshtein.distance(w, t, score_cutoff=1) <= 1]
    if len(near) == 1 and len(t) >= 5:
        return near[0], True
    return None
