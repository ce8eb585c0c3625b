"""外国人永久居留身份证 (2017 and 2023 designs): the holder's English and Chinese names, sex, birth
date, nationality, the card number (2023: 18 digits from 9; 2017: 3 letters and 12 digits) and the
validity, under bilingual labels, read by `travel_documents`."""

from __future__ import annotations

import re

from beian.extractors import travel_documents

TYPE = "foreign_permanent_residence"
FIELDS = ("name", "english_name", "sex", "birth_date", "nationality", "id_number", "valid_from", "valid_until")
LABELS = {"english_name": ["姓名/Name", "姓名", "Name", "英文姓名"], "name": ["中文姓名"], "sex": ["性别/Sex", "性别", "Sex"],
          "birth_date": ["出生日期/Date of Birth", "出生日期", "Date of Birth"],
          "nationality": ["国籍/Nationality", "国籍", "Nationality"],
          "term": ["有效期限/Period of Validity", "有效期限", "Period of Validity"],
          "id_number": ["证件号码/Card No.", "证件号码", "Card No."]}
MARKERS = {"永久居留": 9, "Permanent Resident": 4, "国籍": 1}
NUMBER = re.compile(r"9\d{16}[\dX]|[A-Z]{3}\d{12}")
extract = travel_documents.reader(LABELS, FIELDS, "id_number", NUMBER)
probes = travel_documents.prober(LABELS)
