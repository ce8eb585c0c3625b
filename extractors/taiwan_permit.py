"""台湾居民来往大陆通行证 (台胞证, the card since 2015): as the 港澳 permit (`hk_macao_permit`), its
number 8 digits (older booklets 10 characters)."""

from __future__ import annotations

import re

from beian.extractors import hk_macao_permit, travel_documents

TYPE = "taiwan_permit"
FIELDS, LABELS = hk_macao_permit.FIELDS, hk_macao_permit.LABELS
MARKERS = {"台湾居民来往大陆通行证": 9, "来往大陆通行证": 4}
NUMBER = re.compile(r"(?<![0-9A-Z])\d{8}(?:[0-9A-Z]{2})?(?![0-9])")
extract = travel_documents.reader(LABELS, FIELDS, "permit_number", NUMBER)
probes = travel_documents.prober(LABELS)
