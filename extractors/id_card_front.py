"""Resident ID card, front (人像面): name, sex, ethnicity, birth date, address, number.

Labels anchor every field; the number is also recognised anywhere on the card by
its shape, and repaired with its check character and the printed birth date
(`beian.validators.ric.repair`): a repaired number is marked corrected.
"""

from __future__ import annotations

import re

from beian.extractors.base import complete, field_from
from beian.extractors.labels import Hit, Value, find_labels, join_split_labels, parsed_value, value_of
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
    lines = join_split_labels(lines, LABELS)
    hits = _confirmed(lines, find_labels(lines, LABELS, INLINE, loose=True))
    out: dict[str, Field] = {}
    found = {
        "name": parsed_value(lines, hits, "name", _name),
        "sex": parsed_value(lines, hits, "sex", _sex),
        "ethnicity": parsed_value(lines, hits, "ethnicity", _ethnicity),
        "birth_date": parsed_value(lines, hits, "birth_date", dates.parse_date) or _any_date(lines),
        "address": parsed_value(lines, hits, "address", multiline=True),
    }
    if not found["sex"]:
        found["sex"] = _sex_alone(lines)
    by_column = None
    if not found["name"] and (by_column := _name_by_column(lines, hits)):
        found["name"] = by_column
    for name, hit in found.items():
        if hit:
            out[name] = field_from(hit[0], hit[1], doubts=("by_column",) if hit is by_column else ())
    labelled = parsed_value(lines, hits, "id_number")
    out["id_number"] = _id_number(lines, labelled[0] if labelled else None, out.get("birth_date"))
    return complete(out, FIELDS)


def probes(lines: list[Line], fields: dict[str, Field]) -> dict[str, tuple[list[int], object]]:
    """Regions to read again for single-character values the detector missed (男, 汉).

    A lone character beside a label is sometimes not detected at all; the region
    right of its label is then recognised as one line.
    """
    hits = find_labels(lines, LABELS, INLINE, loose=True)
    out = {}
    number = fields.get("id_number")
    if not (number and number.found):
        # a character the engine could not place (a watermark over one digit): read the number's
        # whole line again as one line, label included, which gives the recogniser its context
        for h in hits:
            if h.field == "id_number":
                ln = lines[h.line]
                row = [o for o in lines if o is ln or (ln.same_row(o) and o.x0 > ln.x0)]
                x1 = max(o.x1 for o in row)
                out["id_number"] = ([int(ln.x0 - 0.3 * ln.h), int(ln.y0 - 0.2 * ln.h), int(x1 + 0.5 * ln.h),
                                     int(ln.y1 + 0.2 * ln.h)], _number_in_line)
                break
    for name, parse in (("sex", _sex), ("ethnicity", _ethnicity)):
        if fields.get(name) and fields[name].found:
            continue
        hit = next((h for h in hits if h.field == name), None)
        if hit is None:
            continue
        ln = lines[hit.line]
        end = ln.x0 + (ln.x1 - ln.x0) * hit.end / max(len(ln.key), 1)
        if hit.end < len(ln.key):  # text follows the label in its line: the value is not missing
            continue
        stop = min([o.x0 for o in lines if o is not ln and o.x0 > end and ln.same_row(o)], default=end + 5 * ln.h)
        x0, x1 = end + 0.1 * ln.h, min(stop - 0.1 * ln.h, end + 5 * ln.h)
        if x1 - x0 > 0.6 * ln.h:
            out[name] = ([int(x0), int(ln.y0 - 0.2 * ln.h), int(x1), int(ln.y1 + 0.2 * ln.h)], parse)
    return out


def _confirmed(lines: list[Line], hits: list[Hit]) -> list[Hit]:
    """Loose label hits (one character off: ``古族`` for 民族) only where the value after
    them is what that field's values are; otherwise the line is someone's value (the
    second line of an address: 围场满族蒙 / 古族自治县…), not a label."""
    parsers = {"name": _name, "sex": _sex, "ethnicity": _ethnicity, "birth_date": dates.parse_date}
    return [h for h in hits if h.exact or h.field not in parsers
            or parsers[h.field](value_of(lines, hits, h).text or "")]


def _name_by_column(lines: list[Line], hits: list[Hit]) -> tuple[Value, str] | None:
    """The name when its label is unreadable (``系艾米``): the line above the sex row,
    cut where the other rows' values begin (the card's value column)."""
    starts = []
    for h in hits:
        ln = lines[h.line]
        if h.exact and h.start == 0 and h.end < len(ln.key):
            starts.append(ln.x0 + (ln.x1 - ln.x0) * h.end / len(ln.key))
    sex = next((h for h in hits if h.field in ("sex", "ethnicity") and h.exact), None)
    if not starts or sex is None:
        return None
    col = min(starts)  # gaps inside a line (女   民族) only push an estimate to the right
    row = lines[sex.line]
    above = [j for j, o in enumerate(lines) if o.y1 <= row.y0 + 0.3 * row.h and row.y0 - o.y1 < 2.5 * row.h
             and o.x0 < col and o.x1 > col and not any(h.line == j for h in hits)]
    if not above:
        return None
    j = max(above, key=lambda j: lines[j].y1)
    o = lines[j]
    cw = (o.x1 - o.x0) / len(o.key)
    k = next((k for k in range(len(o.key)) if o.x0 + k * cw >= col - 0.5 * cw), len(o.key))
    name = _name(o.key[k:])
    if not name:
        return None
    return Value(o.key[k:], [j], o.score, [int(o.x0 + k * cw), int(o.y0), int(o.x1), int(o.y1)]), name


def _number_in_line(text: str) -> str | None:
    m = _ID.search(text.replace(" ", ""))
    return ric.compact(m.group(0)).upper().replace("×", "X") if m else None


def _sex(text: str) -> str | None:
    m = re.search("[男女]", text)
    return m.group(0) if m else None


def _sex_alone(lines: list[Line]) -> tuple[Value, str] | None:
    """男 or 女 read as a line of its own, its label lost: the closed list's one value on the card
    (`id_consistency` holds it to the number's sex digit)."""
    alone = [(Value(ln.text, [i], ln.score, ln.box), ln.key) for i, ln in enumerate(lines) if ln.key in ("男", "女")]
    return alone[0] if len(alone) == 1 else None


def _name(text: str) -> str | None:
    m = _CJK.search(text)
    return m.group(0) if m and len(m.group(0)) >= 2 else None


def _ethnicity(text: str) -> str | None:
    m = _CJK.search(text)
    if not m:
        return None
    word = m.group(0)
    # the longest group name the text starts with (汉, 土家, 维吾尔...)
    starts = [e for e in ETHNICITIES if word.startswith(e)]
    return max(starts, key=len) if starts else None


def _any_date(lines: list[Line]) -> tuple[Value, str] | None:
    """The birth date is the only full date on the front: used when its label is misread."""
    for i, ln in enumerate(lines):
        if "年" in ln.key and "月" in ln.key and (iso := dates.parse_date(ln.key)):
            return Value(ln.key, [i], ln.score * 0.95, ln.box), iso
    return None


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
        return field_from(where, ric.compact(raw).upper().replace("×", "X"), doubts=("unrepaired",))
    return Field()


# what the other person documents printing a citizen number share with the card (居住证, 港澳台居民居住证)
parse_name, parse_sex, number_field = _name, _sex, _id_number
