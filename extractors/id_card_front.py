"""Resident ID card, front (人像面): name, sex, ethnicity, birth date, address, number.

Labels anchor every field; the number is also recognised anywhere on the card by
its shape, and repaired with its check character and the printed birth date
(`beian.validators.ric.repair`): a repaired number is marked corrected.
"""

from __future__ import annotations

import re

from beian.extractors.base import complete, field_from
from beian.extractors.labels import Value, find_labels, first_hit, value_of
from beian.extractors.layout import Line
from beian.models import Field
from beian.validators import dates, ric

TYPE = "id_card_front"
FIELDS = ("name", "sex", "ethnicity", "birth_date", "address", "id_number")
LABELS = {
    "name": ["姓名"],
    "sex": ["性别"],
    "ethnicity": ["民族"],
    "birth_date": ["出生", "出生日期"],
    "address": ["住址", "地址"],
    "id_number": ["公民身份号码", "公民身份证号码", "身份号码"],
}
INLINE = {"ethnicity", "birth_date"}
MARKERS = {"公民身份号码": 4, "姓名": 1, "性别": 1, "民族": 1, "出生": 1, "住址": 1}
ETHNICITIES = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_ID = re.compile(r"[0-9OoDQIl|ZzSsBGbgqXx×]{17}[0-9Xx×]")
_CJK = re.compile(r"[\u4e00-\u9fff·]+")


def extract(lines: list[Line]) -> dict[str, Field]:
    hits = find_labels(lines, LABELS, INLINE)
    get = lambda name, **kw: value_of(lines, hits, h, **kw) if (h := first_hit(hits, name)) else None  # noqa: E731
    out: dict[str, Field] = {}

    name = get("name")
    if name and (m := _CJK.search(name.text)):
        out["name"] = field_from(name, m.group(0))

    sex = get("sex")
    if sex and (m := re.search("[男女]", sex.text)):
        out["sex"] = field_from(sex, m.group(0))

    eth = get("ethnicity")
    if eth:
        m = _CJK.search(eth.text)
        if m and m.group(0) in ETHNICITIES:
            out["ethnicity"] = field_from(eth, m.group(0))
        elif m:
            best = max(ETHNICITIES, key=lambda e: (m.group(0).startswith(e), len(e)))
            if m.group(0).startswith(best):
                out["ethnicity"] = field_from(eth, best, penalty=0.9)

    birth = get("birth_date")
    if birth and (iso := dates.parse_date(birth.text)):
        out["birth_date"] = field_from(birth, iso)

    addr = get("address", multiline=True)
    if addr and addr.text:
        out["address"] = field_from(addr)

    out["id_number"] = _id_number(lines, get("id_number"), out.get("birth_date"))
    return complete(out, FIELDS)


def _id_number(lines: list[Line], labelled: Value | None, birth: Field | None) -> Field:
    """The number beside its label, else any number-shaped token; repaired when possible."""
    candidates: list[tuple[str, Value]] = []
    if labelled:
        candidates += [(m.group(0), labelled) for m in _ID.finditer(labelled.text)]
    for i, ln in enumerate(lines):
        for m in _ID.finditer(ln.key):
            candidates.append((m.group(0), Value(m.group(0), [i], ln.score, ln.box)))
    born = dates.to_date(birth.value) if birth and birth.value else None
    for raw, where in candidates:
        fixed = ric.repair(raw, born)
        if fixed:
            return field_from(where, fixed[0], corrected=fixed[1])
    if candidates:  # report what was read, unrepaired: the checks will say it is invalid
        raw, where = candidates[0]
        return field_from(where, ric.compact(raw).upper().replace("×", "X"), penalty=0.6)
    return Field()
