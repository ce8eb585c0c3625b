"""What the non-mainland people's documents share (港澳 / 台湾 travel permits, the foreign
permanent-residence card, passports): bilingual labels (``姓名/Name``), an English name in capitals
(``CHAN, TAI MAN``), sex as 男/女 or M/F, dates as ``1974.08.12`` or ``12 AUG 1974`` (``12 8月/AUG
1974``), a nationality as its ISO 3166 alpha-3 code, and each document's number found by its shape.

`reader` makes a module's ``extract`` from its label table and number: values beside or under their
labels (`beian.extractors.labels`), parsed by what each field is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from iso3166 import countries_by_alpha3

from beian.extractors.base import complete, field_from
from beian.extractors.labels import Value, find_labels, join_split_labels, parsed_value
from beian.extractors.layout import Line
from beian.models import Field
from beian.text import compact
from beian.validators import dates

MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
_DMY = re.compile(r"(\d{1,2})\s*(?:\d{1,2}月)?\s*/?\s*(" + "|".join(MONTHS) + r")\w*\s*/?\s*((?:19|20)\d{2})")
_ENGLISH = re.compile(r"[A-Z][A-Z'\-]*(?:\s*,\s*|\s+)[A-Z][A-Z'\- ]*[A-Z]|[A-Z][A-Z'\-]+")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·・.]*[\u4e00-\u9fff]")


def parse_date(text: str) -> str | None:
    """A date printed numerically or as day, month name and year."""
    if m := _DMY.search(text.upper()):
        return dates._iso(m.group(3), str(MONTHS[m.group(2)]), m.group(1))
    return dates.parse_date(text)


def all_dates(text: str) -> list[str]:
    out = [dates._iso(m.group(3), str(MONTHS[m.group(2)]), m.group(1)) for m in _DMY.finditer(text.upper())]
    return [d for d in out if d] or dates.find_dates(text)


def period(text: str) -> tuple[str | None, str | None] | None:
    """(start, end) of a validity printed as two dates; None without two."""
    found = all_dates(text)
    return (found[0], found[1]) if len(found) >= 2 else None


def english_name(text: str) -> str | None:
    """``SURNAME, GIVEN`` in capitals as printed (commas normalised, no Chinese)."""
    t = re.sub(r"[\u4e00-\u9fff/:：]+", " ", text.upper()).strip()
    m = _ENGLISH.search(t)
    if not m or len(m.group(0)) < 3:
        return None
    return re.sub(r"\s*,\s*", ", ", re.sub(r"\s+", " ", m.group(0))).strip()


def chinese_name(text: str) -> str | None:
    m = _CJK_NAME.search(text.replace("・", "·"))
    return m.group(0).replace(".", "·") if m else None


def sex(text: str) -> str | None:
    if m := re.search("[男女]", text):
        return m.group(0)
    m = re.search(r"(?<![A-Z])([MF])(?![A-Z])", text.upper().replace("/", " "))
    return {"M": "男", "F": "女"}[m.group(1)] if m else None


def nationality(text: str) -> str | None:
    """The alpha-3 code printed (``美国/USA``), or the code of a country named in English."""
    for code in re.findall(r"(?<![A-Z])[A-Z]{3}(?![A-Z])", text.upper()):
        if code in countries_by_alpha3:
            return code
    return None


def by_pattern(lines: list[Line], pattern: re.Pattern, labelled: Value | None = None) -> Field:
    """The first token of ``pattern``'s shape, beside its label first, else anywhere."""
    sources = ([(labelled.text, labelled)] if labelled else []) + \
              [(ln.key, Value(ln.key, [i], ln.score, ln.box)) for i, ln in enumerate(lines)]
    for text, where in sources:
        if m := pattern.search(compact(text).upper()):
            return field_from(where, m.group(0))
    return Field()


def _wrapped_term(lines: list[Line], hits) -> tuple[Value, tuple[str, str]] | None:
    """A validity whose second date wrapped onto the next line under it (…至2031年01 / 月13日),
    that line not aligned with the value's start, so not joined as a continuation."""
    for h in (h for h in hits if h.field == "term"):
        ln = lines[h.line]
        below = [j for j, o in enumerate(lines) if o.y0 > ln.cy and o.y0 - ln.y1 < ln.h
                 and not any(g.line == j for g in hits)]
        for j in sorted(below, key=lambda j: lines[j].y0)[:1]:
            joined = ln.key[h.end:] + lines[j].key
            if got := period(joined):
                box = [int(min(ln.x0, lines[j].x0)), int(ln.y0), int(max(ln.x1, lines[j].x1)), int(lines[j].y1)]
                return Value(joined, [h.line, j], min(ln.score, lines[j].score), box), got
    return None


PARSERS: dict[str, Callable[[str], str | None]] = {
    "name": chinese_name, "english_name": english_name, "sex": sex, "birth_date": parse_date,
    "nationality": nationality, "issuing_authority": lambda t: t or None, "issue_count": lambda t: (
        m.group(0) if (m := re.search(r"\d{1,2}", t)) else None), "valid_until": parse_date,
}


def reader(table: dict[str, list[str]], fields: tuple[str, ...], number: str, pattern: re.Pattern,
           optional: tuple[str, ...] = ()) -> Callable[[list[Line]], dict[str, Field]]:
    """A module's ``extract``: each field beside its label (``term`` a validity of two dates or an
    end alone), the number (field ``number``) of ``pattern``'s shape."""

    # lines are compared without spaces (Period of Validity is read PeriodofValidity)
    table = {k: sorted({*v, *(x.replace(" ", "") for x in v)}, key=len, reverse=True) for k, v in table.items()}

    def extract(lines: list[Line]) -> dict[str, Field]:
        lines = join_split_labels(lines, table)
        hits = find_labels(lines, table)
        out: dict[str, Field] = {}
        for name in fields + optional:
            if name in PARSERS and name in table and (found := parsed_value(lines, hits, name, PARSERS[name])):
                out[name] = field_from(*found)
        if "name" in fields and "name" not in out and (english := out.get("english_name")):
            out["name"] = english  # a document that prints no Chinese name: the name is the English one
        if found := parsed_value(lines, hits, "term", period, multiline=True) or _wrapped_term(lines, hits):
            out["valid_from"] = field_from(found[0], found[1][0])
            out["valid_until"] = field_from(found[0], found[1][1])
        labelled = parsed_value(lines, hits, number)
        out[number] = by_pattern(lines, pattern, labelled[0] if labelled else None)
        return {**complete(out, fields), **{k: out[k] for k in optional if k in out and out[k].found}}

    return extract


def prober(table: dict[str, list[str]]) -> Callable[[list[Line], dict[str, Field]], dict]:
    """A module's ``probes``: a one-character sex (F, 男) the detector missed, read again right of
    its label as one line."""
    table = {k: sorted({*v, *(x.replace(" ", "") for x in v)}, key=len, reverse=True) for k, v in table.items()}

    def probes(lines: list[Line], fields: dict[str, Field]) -> dict:
        if "sex" not in table or (fields.get("sex") and fields["sex"].found):
            return {}
        lines = join_split_labels(lines, table)
        hit = next((h for h in find_labels(lines, table) if h.field == "sex"), None)
        if hit is None or hit.end < len(lines[hit.line].key):
            return {}
        ln = lines[hit.line]
        stop = min([o.x0 for o in lines if o is not ln and o.x0 > ln.x1 and ln.same_row(o)], default=ln.x1 + 6 * ln.h)
        x0, x1 = ln.x1 + 0.1 * ln.h, min(stop - 0.1 * ln.h, ln.x1 + 6 * ln.h)
        return {"sex": ([int(x0), int(ln.y0 - 0.3 * ln.h), int(x1), int(ln.y1 + 0.3 * ln.h)], sex)} \
            if x1 - x0 > 0.6 * ln.h else {}

    return probes
