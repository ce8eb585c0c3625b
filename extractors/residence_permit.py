"""居住证 (residence permit; card or booklet, the layout the issuing city chose): the holder, their
citizen number, both addresses, the issuing authority and dates.

《居住证暂行条例》第四条 fixes what it prints (姓名、性别、民族、出生日期、公民身份号码、常住户口所在地住址、
居住地住址、签发机关和签发日期), not where: every field is found beside its label, in any of the
wordings cities print; the number by its shape anywhere and repaired with its check character and
the printed birth date, as on the ID card; a validity 有效期限 自…至… (or 有效期至) where one is printed.
"""

from __future__ import annotations

from beian.extractors import id_card_front
from beian.extractors.base import complete, field_from
from beian.extractors.labels import find_labels, join_split_labels, parsed_value
from beian.extractors.layout import Line
from beian.models import Field
from beian.text import compact
from beian.validators import dates

TYPE = "residence_permit"
FIELDS = ("name", "sex", "birth_date", "id_number", "household_address", "residence_address",
          "issuing_authority", "issue_date")
OPTIONAL = ("valid_from", "valid_until")
LABELS = {
    "name": ["姓名"],
    "sex": ["性别"],
    "ethnicity": ["民族"],
    "birth_date": ["出生日期", "出生"],
    "id_number": ["公民身份号码", "身份证号码", "公民身份证号码", "身份号码"],
    "household_address": ["常住户口所在地住址", "常住户口所在地", "户籍地址", "户籍所在地"],
    "residence_address": ["居住地住址", "居住地址", "居住地"],
    "issuing_authority": ["签发机关", "发证机关"],
    "issue_date": ["签发日期", "发证日期"],
    "term": ["有效期限", "有效期至", "有效期"],
}
INLINE = {"sex", "ethnicity"}
MULTILINE = {"household_address", "residence_address", "issuing_authority"}
# 居住地 and 常住户口 print on no ID card: they outweigh the card's own labels (姓名, 公民身份号码…)
MARKERS = {"居住证": 4, "居住地": 6, "常住户口": 4, "户籍地址": 3, "签发日期": 1}


def extract(lines: list[Line]) -> dict[str, Field]:
    lines = join_split_labels(lines, LABELS)
    hits = find_labels(lines, LABELS, INLINE)
    out: dict[str, Field] = {}
    for name, parse in (("name", id_card_front.parse_name), ("sex", id_card_front.parse_sex),
                        ("birth_date", dates.parse_date), ("issue_date", dates.parse_date),
                        ("household_address", None), ("residence_address", None), ("issuing_authority", None)):
        found = parsed_value(lines, hits, name, parse, multiline=name in MULTILINE) if parse else \
            parsed_value(lines, hits, name, multiline=name in MULTILINE)
        if found:
            out[name] = field_from(*found)
    if found := parsed_value(lines, hits, "term", lambda t: _term(t)[1], multiline=True):
        out["valid_until"] = field_from(*found)
        if start := _term(found[0].text)[0]:
            out["valid_from"] = field_from(found[0], start)
    labelled = parsed_value(lines, hits, "id_number")
    out["id_number"] = id_card_front.number_field(lines, labelled[0] if labelled else None, out.get("birth_date"))
    return {**complete(out, FIELDS), **{k: out[k] for k in OPTIONAL if k in out}}


def probes(lines: list[Line], fields: dict[str, Field]) -> dict:
    """Regions to read again for a short value the detector missed (a two-character name in a
    ruled cell): right of its label, to the next box on the row, recognised as one line."""
    lines = join_split_labels(lines, LABELS)
    hits = find_labels(lines, LABELS, INLINE)
    out = {}
    for name, parse in (("name", id_card_front.parse_name), ("sex", id_card_front.parse_sex)):
        hit = next((h for h in hits if h.field == name), None)
        if hit is None or (fields.get(name) and fields[name].found) or hit.end < len(lines[hit.line].key):
            continue
        ln = lines[hit.line]
        stop = min([o.x0 for o in lines if o is not ln and o.x0 > ln.x1 and ln.same_row(o)], default=ln.x1 + 8 * ln.h)
        x0, x1 = ln.x1 + 0.2 * ln.h, min(stop - 0.1 * ln.h, ln.x1 + 8 * ln.h)
        if x1 - x0 > 0.6 * ln.h:
            out[name] = ([int(x0), int(ln.y0 - 0.3 * ln.h), int(x1), int(ln.y1 + 0.3 * ln.h)], parse)
    return out


def _term(text: str) -> tuple[str | None, str | None]:
    """(start, end) of a validity: 自…至… or …-…, 长期, or one date alone (有效期至…), its end."""
    found = dates.find_dates(compact(text))
    if len(found) == 1 and dates.parse_period(text)[1] is None:
        return None, found[0]
    return dates.parse_period(text)
