"""Passport data page: the holder's name (the Chinese one where printed, else the English one),
English name, sex, birth date, nationality, passport number and expiry, beside bilingual labels;
the ICAO MRZ (two 44-character lines, ``mrz``) where it is read, whose check digits
`beian.validators.mrz` tests, and whose number, birth date and expiry stand in for the labelled
values a misread lost."""

from __future__ import annotations

import re

from beian.extractors import travel_documents
from beian.extractors.base import field_from
from beian.extractors.labels import Value
from beian.extractors.layout import Line
from beian.models import Field
from beian.validators import mrz

TYPE = "passport"
FIELDS = ("name", "english_name", "sex", "birth_date", "nationality", "passport_number", "valid_until")
OPTIONAL = ("mrz",)
LABELS = {"english_name": ["姓名/Name", "Name", "Surname, Given names"], "name": ["中文姓名", "姓名"],
          "sex": ["性别/Sex", "Sex"], "birth_date": ["出生日期/Date of birth", "Date of birth", "出生日期"],
          "nationality": ["国籍/Nationality", "Nationality", "国籍"],
          "valid_until": ["有效期至/Date of expiry", "Date of expiry", "有效期至"],
          "passport_number": ["护照号/Passport No.", "护照号码/Passport No.", "Passport No.", "护照号"],
          "kind": ["类型/Type", "国家码/Country code", "签发日期/Date of issue", "签发地点/Place of issue"]}
MARKERS = {"PASSPORT": 5, "护照": 3, "Date of expiry": 2, "Passport No": 2}
NUMBER = re.compile(r"(?<![0-9A-Z])[A-Z]{1,2}\d{7,8}(?![0-9])")
_read = travel_documents.reader(LABELS, FIELDS, "passport_number", NUMBER)
# the OCR's renderings of the filler <
_FILLER = str.maketrans({"く": "<", "«": "<<", "‹": "<", "〈": "<", "＜": "<", " ": ""})
# line 1 of a passport's zone holds letters and fillers only: digits there are misread letters
_LETTERS = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"})


def extract(lines: list[Line]) -> dict[str, Field]:
    out = _read(lines)
    rows = [(i, ln.key.translate(_FILLER).upper()) for i, ln in enumerate(lines)]
    second = next(((i, t) for i, t in rows if len(t) >= 40 and mrz.LINE2.match(t[:44])), None)
    first = next(((i, t) for i, t in rows if t.startswith("P<") and len(t) >= 30), None)
    if second:
        i, line2 = second
        ln = lines[i]
        where = Value(line2[:44], [i], ln.score, ln.box)
        line1 = [first[1][:44].ljust(44, "<").translate(_LETTERS)] if first else []
        out["mrz"] = field_from(where, "\n".join(line1 + [line2[:44]]))
        said = mrz.td3_fields(line2[:44])
        if not mrz.td3_problems(line2[:44]):  # every check digit holds: the zone's values are sure
            for name in ("passport_number", "birth_date", "valid_until", "nationality", "sex"):
                if not out[name].found and said[name]:
                    out[name] = field_from(where, said[name])
    return out
probes = travel_documents.prober(LABELS)
