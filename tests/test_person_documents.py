"""Residence permits and non-mainland people's documents: the residence_permit, person_document
and cross_region rules on hand-made evidence (no OCR), and the number validators, as tables of
cases that must fire and must not (issue 19)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from conftest import edited

from beian.filing import FilingData
from beian.models import Document, Field
from beian.validators import hk_macao_permit, mrz, permanent_residence, person_documents, rules, taiwan_permit
from beian.validators.evidence import Seen, gather

AS_OF = dt.date(2026, 11, 28)
ZHOU = "320508199001010010"  # a 江苏 resident (苏州市姑苏区)
OTHER = "310115199001010029"
HOME = "江苏省苏州市姑苏区人民路100号"
LIVES = "上海市徐汇区漕溪北路88号1201室"


def filing(**edits) -> dict:
    f = {"submission_id": "T-19", "filing_province": "上海市",
         "subject": {"type": "individual", "name": "周小明", "certificate_type": "resident_id_card",
                     "certificate_number": ZHOU, "address": HOME, "contact_address": LIVES},
         "principal": {"name": "周小明", "id_number": ZHOU},
         "websites": [{"name": "读书笔记", "domains": ["zhouxm.cn"],
                       "principal": {"name": "周小明", "id_number": ZHOU}}]}
    return edited(f, edits)


def seen(file, type_, confidence=0.99, **fields) -> Seen:
    return Seen(file, 1, Document(type=type_, page=1, fields={
        k: Field(value=v, confidence=confidence, box=[0, 0, 1, 1]) for k, v in fields.items()}))


def documents(permit: dict | None = None, *, with_permit: bool = True) -> list[Seen]:
    out = [seen("front.jpg", "id_card_front", name="周小明", id_number=ZHOU, address=HOME, birth_date="1990-01-01",
                sex="男"),
           seen("back.jpg", "id_card_back", issuing_authority="苏州市公安局姑苏分局", valid_from="2020-01-01",
                valid_until="2040-01-01"),
           seen("cert.jpg", "domain_certificate", domain="zhouxm.cn", holder="周小明", expiry_date="2030-01-01")]
    if with_permit:
        fields = dict(name="周小明", sex="男", birth_date="1990-01-01", id_number=ZHOU, household_address=HOME,
                      residence_address=LIVES, issuing_authority="上海市公安局徐汇分局", issue_date="2026-03-01",
                      valid_from="2026-03-01", valid_until="2029-02-28")
        fields.update(permit or {})  # a None: not printed on this permit
        out.append(seen("permit.jpg", "residence_permit", **{k: v for k, v in fields.items() if v is not None}))
    return out


def checks(f: dict, docs: list[Seen], rule: str | None = None):
    ev = gather(FilingData.model_validate(copy.deepcopy(f)), docs, [], AS_OF, 0.8)
    return [c for c in rules.run(ev) if rule is None or c.rule == rule]


def problems(found):
    return [(c.rule, c.field, c.status) for c in found if c.status not in ("match", "warning")]


# (case, filing edits, permit edits or None for no permit, rule, field, status)
FIRE = [
    ("no permit in Shanghai", {}, None, "residence_permit", "filing_province", "missing"),
    ("another person's permit", {}, {"id_number": OTHER, "name": "王小红"}, "residence_permit",
     "subject.certificate_number", "mismatch"),
    ("another person's name on it", {}, {"name": "周晓明"}, "residence_permit", "subject.name", "mismatch"),
    ("living in another province", {"subject.contact_address": "浙江省杭州市西湖区文三路90号"},
     {"residence_address": "浙江省杭州市西湖区文三路90号"}, "residence_permit", "filing_province", "mismatch"),
    ("expired", {}, {"valid_until": "2026-10-31"}, "residence_permit", "filing_province", "expired"),
    ("valid under a month more (Shanghai asks one)", {}, {"valid_until": "2026-12-20"}, "residence_permit",
     "filing_province", "warning"),
    ("通信地址 differs (Shanghai)", {"subject.contact_address": "上海市浦东新区世纪大道100号"}, {},
     "residence_permit", "subject.contact_address", "mismatch"),
    ("通信地址 not entered (Shanghai)", {"subject.contact_address": None}, {}, "residence_permit",
     "subject.contact_address", "missing"),
    ("Guangdong accepts other proof: a warning", {"filing_province": "广东省"}, None, "residence_permit",
     "filing_province", "warning"),
    ("the requirement met", {}, {}, "cross_region", "filing_province", "match"),
    ("a bad 2023 permanent-residence number", {"websites.0.principal.document_type": "foreign_permanent_residence",
                                               "websites.0.principal.id_number": "911840198001010017",
                                               "websites.0.principal.name": "JOHN SMITH"}, {},
     "person_document", "websites[0].principal.id_number", "invalid"),
    ("a HK/Macao permit number of the wrong shape", {"websites.0.principal.document_type": "hk_macao_permit",
                                                     "websites.0.principal.id_number": "H123456",
                                                     "websites.0.principal.name": "陈大文"}, {},
     "person_document", "websites[0].principal.id_number", "invalid"),
    ("a passport holder without a passport", {"websites.0.principal.document_type": "passport",
                                              "websites.0.principal.id_number": "E12345678",
                                              "websites.0.principal.name": "陈大文"}, {},
     "required_document", "websites[0].principal.id_number", "missing"),
]


@pytest.mark.parametrize("case,edits,permit,rule,field,status", FIRE, ids=[c[0] for c in FIRE])
def test_rule_fires(case, edits, permit, rule, field, status):
    found = checks(filing(**edits), documents(permit, with_permit=permit is not None), rule)
    assert (rule, field, status) in [(c.rule, c.field, c.status) for c in found], \
        f"{case}: expected {rule} {field} {status}, got {[(c.field, c.status, c.message) for c in found]}"


# (case, filing edits, permit edits or None for no permit, rule that must find no problem)
QUIET = [
    ("the subject's own permit, in Shanghai, valid, 通信地址 equal", {}, {}, "residence_permit"),
    ("not cross-region: no permit needed", {"filing_province": "江苏省"}, None, "residence_permit"),
    ("a province that asks for none (北京)", {"filing_province": "北京市"}, None, "residence_permit"),
    ("a unit never needs one", {"subject.type": "enterprise"}, None, "residence_permit"),
    ("a permit with no validity printed", {}, {"valid_until": None, "valid_from": None}, "residence_permit"),
    ("a 通信地址 written with half-width digits and spaces", {"subject.contact_address": "上海市徐汇区漕溪北路 88 号 1201 室"},
     {}, "residence_permit"),
    ("outside Shanghai the 通信地址 need not equal it", {"filing_province": "浙江省",
                                                   "subject.contact_address": "浙江省杭州市某路1号"},
     {"residence_address": "浙江省杭州市西湖区文三路90号"}, "residence_permit"),
    ("a valid 2023 permanent-residence number is no bad ID number",
     {"websites.0.principal.document_type": "foreign_permanent_residence",
      "websites.0.principal.id_number": "911840198001010013", "websites.0.principal.name": "JOHN SMITH"}, {},
     "checksum"),
    ("a valid 2023 permanent-residence number passes its own check",
     {"websites.0.principal.document_type": "foreign_permanent_residence",
      "websites.0.principal.id_number": "911840198001010013", "websites.0.principal.name": "JOHN SMITH"}, {},
     "person_document"),
    ("a HK resident's permit number", {"websites.0.principal.document_type": "hk_macao_permit",
                                       "websites.0.principal.id_number": "H1234567801",
                                       "websites.0.principal.name": "陈大文"}, {}, "person_document"),
    ("a foreign person is asked for no ID card sides", {"websites.0.principal.document_type": "passport",
                                                        "websites.0.principal.id_number": "E12345678",
                                                        "websites.0.principal.name": "陈大文"}, {}, "checksum"),
]


@pytest.mark.parametrize("case,edits,permit,rule", QUIET, ids=[c[0] for c in QUIET])
def test_rule_stays_quiet(case, edits, permit, rule):
    found = problems(checks(filing(**edits), documents(permit, with_permit=permit is not None), rule))
    assert found == [], f"{case}: {rule} should find no problem, found {found}"


MRZ_OK = "P<USASMITH<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nE123456782USA8001014M3512311<<<<<<<<<<<<<<<0"
FOREIGNER = {"websites.0.principal.document_type": "passport", "websites.0.principal.id_number": "E12345678",
             "websites.0.principal.name": "SMITH JOHN"}


def passport(**over) -> Seen:
    fields = dict(name="SMITH, JOHN", english_name="SMITH, JOHN", sex="男", birth_date="1980-01-01",
                  nationality="USA", passport_number="E12345678", valid_until="2035-12-31", mrz=MRZ_OK)
    fields.update(over)
    return seen("passport.jpg", "passport", **{k: v for k, v in fields.items() if v is not None})


# (case, passport edits, rule, status or None for no problem of that rule)
PASSPORTS = [
    ("its own passport: name and number match", {}, "field_match", None),
    ("its own passport: nothing missing", {}, "required_document", None),
    ("its own passport: the zone's check digits hold", {}, "person_document", None),
    ("a zone whose check digit fails", {"mrz": MRZ_OK.replace("8001014", "8001015")}, "person_document", "invalid"),
    ("an expired passport", {"valid_until": "2026-01-31"}, "document_expired", "expired"),
    ("another name on it (matched by number)", {"name": "BROWN, PAUL", "english_name": "BROWN, PAUL"},
     "field_match", "mismatch"),
]


@pytest.mark.parametrize("case,over,rule,status", PASSPORTS, ids=[c[0] for c in PASSPORTS])
def test_a_foreigners_passport_is_matched_and_checked(case, over, rule, status):
    found = [(c.field, c.status) for c in checks(filing(**FOREIGNER), documents() + [passport(**over)], rule)
             if c.status not in ("match", "warning")]
    want = [("websites[0].principal.id_number" if rule != "field_match" or "name" not in case else
             "websites[0].principal.name", status)] if status else []
    assert found == want, f"{case}: {rule} found {found}, expected {want}"


def test_an_unmatched_passport_is_said_to_belong_to_nobody():
    found = checks(filing(), documents() + [passport()], "unmatched_document")
    assert [c.status for c in found] == ["warning"], found


# (document type, number, problem or None)
NUMBERS = [
    ("foreign_permanent_residence", "911840198001010013", None),
    ("foreign_permanent_residence", "911840198001010017", ("invalid", "check")),
    ("foreign_permanent_residence", "990840198001010017", ("invalid", "region")),
    ("foreign_permanent_residence", "USA110080010111", None),
    ("foreign_permanent_residence", "USA110080010112", ("warning", "check_2017")),
    ("foreign_permanent_residence", "QQQ110080010111", ("invalid", "nationality")),
    ("foreign_permanent_residence", "12345", ("invalid", "format")),
]


@pytest.mark.parametrize("kind,number,want", NUMBERS, ids=[f"{n}" for _, n, _ in NUMBERS])
def test_permanent_residence_numbers(kind, number, want):
    assert permanent_residence.problem(number) == want, f"{number}: expected {want}"


def test_region_and_nationality_of_a_2023_number():
    n = "911840198001010013"
    assert (permanent_residence.design(n), permanent_residence.nationality(n), permanent_residence.sex(n),
            permanent_residence.birth_date(n)) == ("2023", "USA", "男", dt.date(1980, 1, 1))


@pytest.mark.parametrize("number,ok", [("H12345678", True), ("M1234567801", True), ("h 1234 5678", True),
                                       ("X12345678", False), ("H123456789", False)])
def test_hk_macao_permit_numbers(number, ok):
    assert (hk_macao_permit.problem(number) is None) == ok, number


@pytest.mark.parametrize("number,ok", [("12345678", True), ("1234567801", True), ("1234567", False),
                                       ("A2345678", False)])
def test_taiwan_permit_numbers(number, ok):
    assert (taiwan_permit.problem(number) is None) == ok, number


def test_hmt_residence_permit_numbers_are_citizen_numbers_of_810000_to_830000():
    assert person_documents.problem("hmt_residence_permit", "810000199001010019") is None
    assert person_documents.problem("hmt_residence_permit", ZHOU)[0] == "invalid"


MRZ = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"  # ICAO 9303 part 4's specimen


@pytest.mark.parametrize("line,want", [(MRZ, []), (MRZ[:9] + "7" + MRZ[10:], ["passport_number", "composite"]),
                                       (MRZ[:27] + "0" + MRZ[28:], ["valid_until", "composite"]),
                                       ("NOT AN MRZ", ["format"])])
def test_passport_mrz_check_digits(line, want):
    assert mrz.td3_problems(line) == want, line


HK = "810000199001010019"


def hk_resident(permit: dict | None, back_permit: str = "H12345678") -> list[Seen]:
    """A Hong Kong resident's 港澳台居民居住证 (both sides) and, unless None, a travel permit."""
    out = [seen("hmt-front.jpg", "hmt_residence_permit_front", name="陈大文", sex="男", birth_date="1990-01-01",
                address="广东省深圳市福田区福华路1号", id_number=HK),
           seen("hmt-back.jpg", "hmt_residence_permit_back", issuing_authority="深圳市公安局福田分局",
                valid_from="2024-01-01", valid_until="2029-01-01", permit_number=back_permit, issue_count="01"),
           seen("cert.jpg", "domain_certificate", domain="zhouxm.cn", holder="周小明", expiry_date="2030-01-01"),
           seen("front.jpg", "id_card_front", name="周小明", id_number=ZHOU, address=HOME, birth_date="1990-01-01",
                sex="男"),
           seen("back.jpg", "id_card_back", issuing_authority="苏州市公安局姑苏分局", valid_from="2020-01-01",
                valid_until="2040-01-01")]
    if permit is not None:
        fields = dict(name="陈大文", english_name="CHAN, TAI MAN", sex="男", birth_date="1990-01-01",
                      permit_number="H1234567801", valid_from="2020-01-01", valid_until="2030-01-01",
                      issuing_authority="公安部出入境管理局") | permit
        out.append(seen("permit.jpg", "hk_macao_permit", **fields))
    return out


HK_FILING = {"filing_province": "江苏省", "websites.0.principal.document_type": "hmt_residence_permit",
             "websites.0.principal.id_number": HK, "websites.0.principal.name": "陈大文"}


# (case, travel permit edits or None for none uploaded, the number on the residence permit's back,
#  the person_document status about the permit, the unmatched_document statuses)
PERMITS = [
    ("the permit whose lifelong number the back prints (renewed: 01)", {}, "H12345678", "match", []),
    ("another person's permit, by name", {"permit_number": "H87654321"}, "H12345678", "mismatch", []),
    ("no permit uploaded: nothing to compare", None, "H12345678", None, []),
    ("a permit of somebody else altogether", {"name": "李小龙", "permit_number": "M87654321"}, "H12345678", None,
     ["warning"]),
]


@pytest.mark.parametrize("case,permit,back,status,unmatched", PERMITS, ids=[c[0] for c in PERMITS])
def test_the_permit_number_on_a_residence_permits_back_against_the_permit(case, permit, back, status, unmatched):
    found = checks(filing(**HK_FILING), hk_resident(permit, back))
    about = [c.status for c in found if c.rule == "person_document" and c.read_field == "permit_number"]
    assert about == ([status] if status else []), f"{case}: {about}"
    assert [c.status for c in found if c.rule == "unmatched_document"] == unmatched, case
