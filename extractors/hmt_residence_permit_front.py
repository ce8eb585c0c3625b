"""港澳台居民居住证, front: read as the resident ID card's front (`id_card_front`), which it copies
without 民族; its citizen number's region (810000, 820000, 830000) tells it from one
(`beian.extractors.classify`)."""

from __future__ import annotations

from beian.extractors import id_card_front
from beian.extractors.layout import Line
from beian.models import Field

TYPE = "hmt_residence_permit_front"
FIELDS = ("name", "sex", "birth_date", "address", "id_number")
LABELS = id_card_front.LABELS
MARKERS: dict[str, int] = {}  # the card's own labels: a page is one by its number's region
REGIONS = ("810000", "820000", "830000")


def extract(lines: list[Line]) -> dict[str, Field]:
    fields = id_card_front.extract(lines)
    return {k: fields[k] for k in FIELDS}


probes = id_card_front.probes
