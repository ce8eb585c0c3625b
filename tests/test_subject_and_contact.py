"""The subject_type and contact rules, and the subject types' effect on the other rules, on
hand-made evidence (no OCR): tables of cases that must fire and must not."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from conftest import edited

from beian.errors import InputError
from beian.filing import FilingData, load_filing
from beian.models import Document, Field
from beian.validators import rules
from beian.validators.evidence import Seen, gather

AS_OF = dt.date(2026, 11, 28)
WANG = "330106198203154410"
LI = "330102199107082129"
# structurally valid, invented credit codes, one per category (GB 32100 prefix, Hangzhou 330100)
CODES = {"enterprise": "91330106MA2J4K5L80", "government": "11330100002500123M",
         "institution": "12330100470012345E", "social_organization": "51330100MJ8912345H",
         "private_non_enterprise": "52330100MJ8945678P", "foundation": "53330000MJ8901234K",
         "law_firm": "31330000MD0123456Q"}
NAMES = {"enterprise": "杭州云帆网络科技有限公司", "government": "杭州市数据资源管理局",
         "institution": "杭州市第一人民医院", "social_organization": "杭州市软件行业协会",
         "private_non_enterprise": "杭州市云帆职业技能培训学校", "foundation": "浙江省云帆教育基金会",
         "law_firm": "浙江云帆律师事务所"}
DOCS = {"enterprise": "business_license", "government": "uscc_certificate", "institution": "institution_certificate",
        "social_organization": "social_organization_certificate",
        "private_non_enterprise": "private_non_enterprise_certificate", "foundation": "foundation_certificate",
        "law_firm": "law_firm_licence"}


def valid(code: str) -> str:
    """An invented code with both its check characters computed (GB 11714, then GB 32100)."""
    from stdnum.cn import uscc as stdnum_uscc

    from beian.validators import uscc
    body = code[:16] + uscc.calc_organisation_check(code[8:16])
    return body + stdnum_uscc.calc_check_digit(body)


def _fix_codes():
    for t, code in CODES.items():
        CODES[t] = valid(code)


_fix_codes()


def filing(subject_type="enterprise", **edits) -> dict:
    certificate_type = "医疗机构执业许可证" if subject_type == "other" else DOCS[subject_type]
    f = {"submission_id": "T-1", "filing_province": "浙江省",
         "subject": {"type": subject_type, "name": NAMES.get(subject_type, "杭州市某医疗机构"),
                     "certificate_type": certificate_type,
                     "certificate_number": CODES.get(subject_type, CODES["enterprise"]),
                     "address": "浙江省杭州市西湖区文三路90号", "legal_representative": "王建国"},
         "principal": {"name": "王建国", "id_number": WANG, "mobile": "13905710001", "emergency_phone": "13905710002",
                       "email": "wang@yunfan.example.cn"},
         "websites": [{"name": "云帆博客", "domains": ["yunfan-tech.cn"],
                       "principal": {"name": "李娜", "id_number": LI, "mobile": "13905710003",
                                     "emergency_phone": "13905710004", "email": "li@yunfan.example.cn"}}]}
    if subject_type == "other":
        f["subject"]["type_name"] = "医疗机构"
    return edited(f, edits)


def seen(file, type_, **fields) -> Seen:
    return Seen(file, 1, Document(type=type_, page=1, fields={k: Field(value=v, confidence=0.99, box=[0, 0, 1, 1])
                                                              for k, v in fields.items()}))


def docs(subject_type="enterprise", certificate=None, domain="yunfan-tech.cn", **over) -> list[Seen]:
    from beian.validators import ric
    out = []
    kind = certificate or DOCS.get(subject_type)
    if kind:
        f = dict(name=NAMES.get(subject_type, ""), credit_code=CODES.get(subject_type, ""),
                 address="浙江省杭州市西湖区文三路90号", legal_representative="王建国", valid_until="2029-06-30")
        f.update(over)
        out.append(seen("certificate.jpg", kind, **f))
    for who, name, number in (("wang", "王建国", WANG), ("li", "李娜", LI)):
        out.append(seen(f"{who}-front.jpg", "id_card_front", name=name, id_number=number,
                        address="浙江省杭州市西湖区文三路90号", birth_date=ric.get_birth_date(number).isoformat(),
                        sex=ric.get_sex(number)))
        out.append(seen(f"{who}-back.jpg", "id_card_back", issuing_authority="杭州市公安局西湖区分局",
                        valid_from="2020-01-01", valid_until="2040-01-01"))
    out.append(seen("cert.pdf", "domain_certificate", domain=domain, holder=NAMES.get(subject_type, "杭州市某医疗机构"),
                    expiry_date="2030-01-01"))
    return out


def run(f: dict, documents: list[Seen]):
    ev = gather(FilingData.model_validate(copy.deepcopy(f)), documents, [], AS_OF, 0.8)
    return [c for c in rules.run(ev) if c.status != "match"]


def problems(checks):
    return [(c.rule, c.field, c.status, c.message) for c in checks if c.status != "warning"]


UNIT_TYPES = list(DOCS)


@pytest.mark.parametrize("subject_type", UNIT_TYPES + ["other"])
def test_a_clean_filing_of_every_subject_type_has_no_problem(subject_type):
    domain = {"government": "hzdata.gov.cn"}.get(subject_type, "yunfan-tech.cn")
    f = filing(subject_type, **{"websites.0.domains": [domain]})
    checks = run(f, docs(subject_type, domain=domain))
    assert problems(checks) == [], f"{subject_type}: {problems(checks)}"


def test_other_says_its_certificate_was_not_read():
    checks = run(filing("other"), docs("other"))
    said = [c for c in checks if c.rule == "required_document" and c.field == "subject.certificate_type"]
    assert said and said[0].status == "warning" and "医疗机构" in said[0].message, [c.message for c in checks]


FIRE = [
    # (case, subject type, filing edits, documents' edits {certificate, domain, fields}, rule, field, status)
    ("事业单位 entered, an enterprise's credit code", "institution",
     {"subject.certificate_number": CODES["enterprise"]}, {"credit_code": CODES["enterprise"]},
     "subject_type", "subject.type", "mismatch"),
    ("enterprise entered, a government body's code", "enterprise",
     {"subject.certificate_number": CODES["government"]}, {"credit_code": CODES["government"]},
     "subject_type", "subject.type", "mismatch"),
    ("社会团体 entered, a business licence uploaded", "social_organization", {},
     {"certificate": "business_license"}, "subject_type", "subject.type", "mismatch"),
    ("foundation entered with a business licence's certificate type", "foundation",
     {"subject.certificate_type": "business_license"}, {}, "subject_type", "subject.certificate_type", "mismatch"),
    ("institution certificate lapsed (5 years past)", "institution", {}, {"valid_until": "2026-03-31"},
     "document_expired", "subject.certificate_number", "expired"),
    ("no institution certificate uploaded", "institution", {}, {"certificate": ""},
     "required_document", "subject.certificate_number", "missing"),
    ("government site on .com", "government", {"websites.0.domains": ["hzdata.com"]}, {"domain": "hzdata.com"},
     "tld_eligible", "websites[0].domains[0]", "invalid"),
    ("an enterprise on .gov.cn", "enterprise", {"websites.0.domains": ["yunfan.gov.cn"]}, {"domain": "yunfan.gov.cn"},
     "tld_eligible", "websites[0].domains[0]", "invalid"),
    ("事业单位 on .com (a warning: binds its 政务 sites)", "institution", {"websites.0.domains": ["hospital.com"]},
     {"domain": "hospital.com"}, "tld_eligible", "websites[0].domains[0]", "warning"),
    ("事业单位 on .gov.cn", "institution", {"websites.0.domains": ["hospital.gov.cn"]},
     {"domain": "hospital.gov.cn"}, "tld_eligible", "websites[0].domains[0]", "invalid"),
    ("institution's legal representative differs (a province that requires it)", "institution",
     {"subject.legal_representative": "赵六"}, {"legal_representative": "赵六"},
     "principal_legal_representative", "principal.name", "mismatch"),
    ("law firm's name on the certificate differs", "law_firm", {}, {"name": "浙江云帆律师所"},
     "field_match", "subject.name", "mismatch"),
    ("foundation's certificate code has a wrong check character", "foundation", {},
     {"credit_code": CODES["foundation"][:-1] + ("0" if CODES["foundation"][-1] != "0" else "1")},
     "checksum", None, "invalid"),
    ("two people share one mobile", "enterprise", {"websites.0.principal.mobile": "13905710001"}, {},
     "contact", "websites[0].principal.mobile", "mismatch"),
    ("two people share one e-mail address (case aside)", "enterprise",
     {"websites.0.principal.email": "WANG@yunfan.example.cn"}, {}, "contact", "websites[0].principal.email", "mismatch"),
    ("Guangdong: emergency number is the mobile", "enterprise",
     {"filing_province": "广东省", "principal.emergency_phone": "13905710001"}, {},
     "contact", "principal.emergency_phone", "mismatch"),
    ("Beijing unit: emergency number is the mobile", "institution",
     {"filing_province": "北京市", "subject.legal_representative": "王建国",
      "principal.emergency_phone": "13905710001"}, {}, "contact", "principal.emergency_phone", "mismatch"),
    ("Beijing unit: two people, two mobiles among four numbers", "enterprise",
     {"filing_province": "北京市", "principal.emergency_phone": "13905710003",
      "websites.0.principal.emergency_phone": "13905710001"}, {}, "contact", "websites[0].principal.mobile", "mismatch"),
    ("Jiangsu: a Zhejiang mobile (warning)", "enterprise", {"filing_province": "江苏省"}, {},
     "contact", "principal.mobile", "warning"),
    ("a mobile in no allocated range", "enterprise", {"principal.mobile": "10005710001"}, {},
     "contact", "principal.mobile", "invalid"),
    ("a virtual operator's mobile (warning)", "enterprise", {"principal.mobile": "17005710001"}, {},
     "contact", "principal.mobile", "warning"),
]


def _documents(subject_type, edits):
    edits = dict(edits)
    certificate = edits.pop("certificate", None)
    domain = edits.pop("domain", "yunfan-tech.cn")
    if certificate == "":
        return [d for d in docs(subject_type, domain=domain, **edits) if d.file != "certificate.jpg"]
    return docs(subject_type, certificate=certificate, domain=domain, **edits)


@pytest.mark.parametrize("case,subject_type,edits,doc_edits,rule,field,status", FIRE, ids=[c[0] for c in FIRE])
def test_rule_fires(case, subject_type, edits, doc_edits, rule, field, status):
    f = filing(subject_type, **edits)
    if "websites.0.domains" not in edits and subject_type == "government":
        f["websites"][0]["domains"] = ["hzdata.gov.cn"]
        doc_edits = {"domain": "hzdata.gov.cn", **doc_edits}
    checks = run(f, _documents(subject_type, doc_edits))
    hit = [c for c in checks if c.rule == rule and c.field == field and c.status == status]
    assert hit, f"{case}: no {rule} {status} on {field}; got {[(c.rule, c.field, c.status) for c in checks]}"


QUIET = [
    # (case, subject type, filing edits, documents' edits, rule that must say nothing but match)
    ("an enterprise's 92 (个体工商户) code", "enterprise",
     {"subject.certificate_number": "92330106MA2J4K5L8" + "0"}, {}, "subject_type"),
    ("a government body on .政务", "government", {"websites.0.domains": ["杭州数据.政务"]},
     {"domain": "杭州数据.政务"}, "tld_eligible"),
    ("事业单位 on .公益", "institution", {"websites.0.domains": ["杭州医院.公益"]}, {"domain": "杭州医院.公益"},
     "tld_eligible"),
    ("事业单位 on .com.cn", "institution", {"websites.0.domains": ["hospital.com.cn"]}, {"domain": "hospital.com.cn"},
     "tld_eligible"),
    ("a government site named 中国…", "government", {"websites.0.name": "中国杭州数据开放平台"}, {}, "site_name"),
    ("one person as both principals may share a mobile", "enterprise",
     {"websites.0.principal": {"name": "王建国", "id_number": WANG, "mobile": "13905710001",
                               "email": "wang@yunfan.example.cn"}}, {}, "contact"),
    ("outside Guangdong and Beijing a mobile may be the emergency number", "enterprise",
     {"filing_province": "浙江省", "principal.emergency_phone": "13905710001"}, {}, "contact"),
    ("Beijing unit: three distinct mobiles among four numbers", "enterprise",
     {"filing_province": "北京市", "websites.0.principal.emergency_phone": "13905710002"}, {}, "contact"),
    ("Jiangsu: a Jiangsu mobile", "enterprise",
     {"filing_province": "江苏省", "principal.mobile": "13912345678", "websites.0.principal.mobile": "13912345679"}, {},
     "contact"),
    ("no contacts entered at all", "enterprise", {"principal": {"name": "王建国", "id_number": WANG}}, {}, "contact"),
]


@pytest.mark.parametrize("case,subject_type,edits,doc_edits,rule", QUIET, ids=[c[0] for c in QUIET])
def test_rule_stays_quiet(case, subject_type, edits, doc_edits, rule):
    f = filing(subject_type, **edits)
    if "websites.0.domains" not in edits and subject_type == "government":
        f["websites"][0]["domains"] = ["hzdata.gov.cn"]
        doc_edits = {"domain": "hzdata.gov.cn", **doc_edits}
    if f["subject"]["certificate_number"].startswith("92"):
        f["subject"]["certificate_number"] = valid(f["subject"]["certificate_number"])
        doc_edits = {"credit_code": f["subject"]["certificate_number"], **doc_edits}
    checks = [c for c in run(f, _documents(subject_type, doc_edits)) if c.rule == rule]
    assert checks == [], f"{case}: {[(c.field, c.status, c.message) for c in checks]}"


BAD_INPUT = [
    # (case, filing edits, the one-line error naming the field)
    ("a mobile of ten digits", {"principal.mobile": "1390571000"}, "principal.mobile: not a mainland mobile number"),
    ("a landline as the mobile", {"websites.0.principal.mobile": "0571-88886666"},
     "websites[0].principal.mobile: not a mainland mobile number"),
    ("letters as the office phone", {"principal.phone": "call me"}, "principal.phone: not a phone number"),
    ("an e-mail address without a domain", {"principal.email": "wang@"}, "principal.email: not an e-mail address"),
    ("an unknown subject type", {"subject.type": "church"}, "subject.type: must be one of"),
    ("other without type_name", {"subject.type": "other"}, "subject.type_name: missing"),
]


@pytest.mark.parametrize("case,edits,error", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_contact_or_type_is_an_input_error_naming_the_field(case, edits, error):
    import json
    with pytest.raises(InputError) as exc:
        load_filing(json.dumps(filing(**edits), ensure_ascii=False).encode())
    assert error in str(exc.value), f"{case}: {exc.value}"
    assert "1390571000" not in str(exc.value) and "wang@" not in str(exc.value), "a message echoes the value"


def test_contacts_are_stored_normalised():
    f = load_filing(__import__("json").dumps(filing(**{"principal.mobile": "+86 139-0571-0001",
                                                       "principal.email": "Wang@YunFan.Example.CN"})).encode())
    assert (f.principal.mobile, f.principal.email) == ("13905710001", "Wang@yunfan.example.cn")
