"""港澳居民来往内地通行证 (the card since 2013): the holder's Chinese and English names, sex, birth
date, validity, the issuing authority and the permit number (H or M and 8 digits, a renewal count
after them on cards since 2013), read by `travel_documents`."""

from __future__ import annotations

import re

from beian.extractors import travel_documents

TYPE = "hk_macao_permit"
FIELDS = ("name", "english_name", "sex", "birth_date", "permit_number", "valid_from", "valid_until",
          "issuing_authority")
LABELS = {"name": ["姓名", "中文姓名"], "english_name": ["英文姓名", "拼音姓名"], "sex": ["性别"],
          "birth_date": ["出生日期"], "term": ["有效期限"], "issuing_authority": ["签发机关"],
          "permit_number": ["证件号码", "通行证号码"]}
MARKERS = {"港澳居民来往内地通行证": 9, "来往内地通行证": 4}
NUMBER = re.compile(r"[HM]\d{8}(?:\d{2})?")
extract = travel_documents.reader(LABELS, FIELDS, "permit_number", NUMBER)
probes = travel_documents.prober(LABELS)
