"""港澳台居民居住证, back: the ID card back's issuing authority and validity (`id_card_back`), the
travel permit's number (通行证号码: H/M and 8 digits, or 8 digits for Taiwan) and 签发次数."""

from __future__ import annotations

import re

from beian.extractors import id_card_back, travel_documents
from beian.extractors.base import complete, field_from
from beian.extractors.labels import find_labels, join_split_labels, parsed_value
from beian.extractors.layout import Line
from beian.models import Field

TYPE = "hmt_residence_permit_back"
FIELDS = ("issuing_authority", "valid_from", "valid_until", "permit_number", "issue_count")
LABELS = {"permit_number": ["通行证号码"], "issue_count": ["签发次数"]}
MARKERS = {"港澳居民居住证": 6, "台湾居民居住证": 6, "通行证号码": 4, "签发次数": 3}
NUMBER = re.compile(r"[HM]\d{8}(?:\d{2})?|(?<![0-9])\d{8}(?![0-9])")


def extract(lines: list[Line]) -> dict[str, Field]:
    out = dict(id_card_back.extract(lines))
    lines = join_split_labels(lines, LABELS)
    hits = find_labels(lines, LABELS)
    labelled = parsed_value(lines, hits, "permit_number")
    out["permit_number"] = travel_documents.by_pattern(lines, NUMBER, labelled[0] if labelled else None) \
        if labelled else Field()
    if found := parsed_value(lines, hits, "issue_count", travel_documents.PARSERS["issue_count"]):
        out["issue_count"] = field_from(*found)
    return complete(out, FIELDS)
