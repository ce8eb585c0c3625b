"""Resident ID card, back (国徽面): issuing authority and validity period."""

from __future__ import annotations

from beian.extractors.base import complete, field_from
from beian.extractors.labels import find_labels, first_hit, value_of
from beian.extractors.layout import Line
from beian.models import Field
from beian.validators import dates

TYPE = "id_card_back"
FIELDS = ("issuing_authority", "valid_from", "valid_until")
LABELS = {"issuing_authority": ["签发机关"], "validity": ["有效期限", "有效期"]}
MARKERS = {"居民身份证": 3, "中华人民共和国": 1, "签发机关": 2, "有效期限": 2}


def extract(lines: list[Line]) -> dict[str, Field]:
    hits = find_labels(lines, LABELS)
    out: dict[str, Field] = {}
    if h := first_hit(hits, "issuing_authority"):
        v = value_of(lines, hits, h, multiline=True)
        if v.text:
            out["issuing_authority"] = field_from(v)
    if h := first_hit(hits, "validity"):
        v = value_of(lines, hits, h, multiline=True)
        start, end = dates.parse_period(v.text)
        if start:
            out["valid_from"] = field_from(v, start)
        if end:
            out["valid_until"] = field_from(v, end)
    return complete(out, FIELDS)
