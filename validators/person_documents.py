"""The documents a responsible person files with (`Person.document_type`), and each number's
own structure check.

A mainland resident files with the resident ID card (both sides); others with a 港澳台居民居住证
(both sides, a citizen number of region 810000/820000/830000), a 港澳 or 台湾 travel permit, a
foreign permanent-residence card (2017 or 2023 design) or a passport (contract: "Subjects,
people and signed papers"). `problem` routes a number to its document's validator, so a valid
2023 permanent-residence number (``9…``) is never "a bad ID number".

>>> problem("foreign_permanent_residence", "911840198001010013")
>>> problem("hk_macao_permit", "H123")
('invalid', '港澳居民来往内地通行证号码格式错误（应为H或M加8位或10位数字）')
"""

from __future__ import annotations

import re

from beian.validators import hk_macao_permit, hmt_residence_permit, permanent_residence, taiwan_permit

__all__ = ["TYPES", "NAMES", "SIDES", "READ_AS", "NUMBER_FIELD", "is_mainland", "problem"]

NAMES = {
    "resident_id_card": "居民身份证",
    "hmt_residence_permit": "港澳台居民居住证",
    "hk_macao_permit": "港澳居民来往内地通行证",
    "taiwan_permit": "台湾居民来往大陆通行证",
    "foreign_permanent_residence": "外国人永久居留身份证",
    "passport": "护照",
}
TYPES = tuple(NAMES)
# the document types read for each: the sides a reviewer needs (an empty tuple: one document)
SIDES = {"resident_id_card": ("id_card_front", "id_card_back"),
         "hmt_residence_permit": ("hmt_residence_permit_front", "hmt_residence_permit_back")}
# per person document: the document types read for it (main, then the back where there is one) and
# the field on the main one holding the number entered as id_number
READ_AS = {"resident_id_card": ("id_card_front", "id_card_back"),
           "hmt_residence_permit": ("hmt_residence_permit_front", "hmt_residence_permit_back"),
           "hk_macao_permit": ("hk_macao_permit",), "taiwan_permit": ("taiwan_permit",),
           "foreign_permanent_residence": ("foreign_permanent_residence",), "passport": ("passport",)}
NUMBER_FIELD = {"id_card_front": "id_number", "hmt_residence_permit_front": "id_number",
                "foreign_permanent_residence": "id_number", "hk_macao_permit": "permit_number",
                "taiwan_permit": "permit_number", "passport": "passport_number"}
_PASSPORT = re.compile(r"^[A-Z0-9]{5,9}$")


def is_mainland(document_type: str) -> bool:
    return document_type == "resident_id_card"


def problem(document_type: str, number: str) -> tuple[str, str] | None:
    """(status, message) for a number that is not one of its document, else None; a resident
    ID card's number is the `checksum` rule's, not this one's."""
    name = NAMES[document_type]
    if document_type == "hmt_residence_permit":
        what = hmt_residence_permit.problem(number)
        return None if what is None else ("invalid", {
            "check": f"{name}上的公民身份号码校验位错误", "birth_date": f"{name}上的公民身份号码中的出生日期无效",
            "format": f"{name}上的公民身份号码格式错误",
            "region": f"{name}的公民身份号码应以810000（香港）、820000（澳门）或830000（台湾）开头"}[what])
    if document_type == "foreign_permanent_residence":
        found = permanent_residence.problem(number)
        if found is None:
            return None
        status, what = found
        return status, {
            "format": f"{name}号码格式错误（2023版为9开头的18位数字，2017版为3个字母加12位数字）",
            "check": f"{name}号码校验位错误（GB 11643 MOD 11-2）",
            "region": f"{name}号码第2-3位不是省级行政区代码",
            "nationality": f"{name}号码中的国籍代码不存在（ISO 3166-1）",
            "birth_date": f"{name}号码中的出生日期无效",
            "check_2017": f"{name}（2017版）号码校验位不符，请核对（规则来源非官方）"}[what]
    if document_type == "hk_macao_permit" and hk_macao_permit.problem(number):
        return "invalid", f"{name}号码格式错误（应为H或M加8位或10位数字）"
    if document_type == "taiwan_permit" and taiwan_permit.problem(number):
        return "invalid", f"{name}号码格式错误（应为8位数字，旧版10位）"
    if document_type == "passport" and not _PASSPORT.match(re.sub(r"\s", "", number).upper()):
        return "invalid", f"{name}号码格式错误（5-9位字母或数字）"
    return None
