"""Resident ID card, back (国徽面): issuing authority and validity period."""

from __future__ import annotations

from beian.extractors.base import complete, field_from
from beian.extractors.labels import Value, find_labels, join_split_labels, parsed_value
from beian.extractors.layout import Line
from beian.models import Field
from beian.validators import dates

TYPE = "id_card_back"
FIELDS = ("issuing_authority", "valid_from", "valid_until")
LABELS = {"issuing_authority": ["签发机关"], "validity": ["有效期限", "有效期"]}
MARKERS = {"居民身份证": 3, "中华人民共和国": 1, "签发机关": 2, "有效期限": 2}


def extract(lines: list[Line]) -> dict[str, Field]:
    lines = join_split_labels(lines, LABELS)
    hits = find_labels(lines, LABELS)
    out: dict[str, Field] = {}
    if found := parsed_value(lines, hits, "issuing_authority", multiline=True):
        out["issuing_authority"] = field_from(*found)
    period = parsed_value(lines, hits, "validity", lambda t: dates.parse_period(t)[0] and dates.parse_period(t),
                          multiline=True) or _any_period(lines)
    if period:
        (start, end), where = period[1], period[0]
        out["valid_from"] = field_from(where, start)
        if end:
            out["valid_until"] = field_from(where, end)
    return complete(out, FIELDS)


def _any_period(lines: list[Line]):
    """A line holding a validity period, when its label was misread."""
    for i, ln in enumerate(lines):
        start, end = dates.parse_period(ln.key)
        if start and end:
            return Value(ln.key, [i], ln.score * 0.95, ln.box), (start, end)
    return None
