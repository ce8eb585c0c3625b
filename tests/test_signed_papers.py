"""Signed papers: the signed_document rule on hand-made evidence (no OCR), as tables of cases
that must fire and must not (issue 19): Guangdong's 承诺书 (a unit's sealed and signed, an
individual's with a fingerprint), Jiangsu's 告知书 and 承诺书, the 授权书 a unit's legal
representative gives where a responsible person is not the legal representative."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from conftest import edited

from beian.filing import FilingData
from beian.models import Document, Field
from beian.validators import rules
from beian.validators.evidence import Seen, gather

AS_OF = dt.date(2026, 11, 28)
WANG = "440106198203154416"  # the legal representative, 主体负责人
LI = "440106199107082123"  # a 网站负责人 who is not
ZHOU = "320508199001010010"  # an individual (Guangdong resident in the cases)
UNIT = "广州云帆网络科技有限公司"


def unit_filing(**edits) -> dict:
    f = {"submission_id": "T-19s", "filing_province": "广东省",
         "subject": {"type": "enterprise", "name": UNIT, "certificate_type": "business_license",
                     "certificate_number": "91440101MA5ABCDE1X", "address": "广东省广州市天河区天河路1号",
                     "legal_representative": "王建国"},
         "principal": {"name": "王建国", "id_number": WANG},
         "websites": [{"name": "云帆技术博客", "domains": ["yunfan-tech.cn"],
                       "principal": {"name": "王建国", "id_number": WANG}}]}
    return edited(f, edits)


def person_filing(**edits) -> dict:
    f = {"submission_id": "T-19p", "filing_province": "广东省",
         "subject": {"type": "individual", "name": "周小明", "certificate_type": "resident_id_card",
                     "certificate_number": ZHOU, "address": "广东省广州市越秀区中山路2号"},
         "principal": {"name": "周小明", "id_number": ZHOU},
         "websites": [{"name": "读书笔记", "domains": ["zhouxm.cn"], "principal": {"name": "周小明", "id_number": ZHOU}}]}
    return edited(f, edits)


def paper(type_: str, confidence: float = 0.99, **fields) -> Seen:
    return Seen(f"{type_}.jpg", 1, Document(type=type_, page=1, fields={
        k: Field(value=v, confidence=confidence, box=[0, 0, 1, 1]) for k, v in fields.items() if v is not None}))


def commitment(**over) -> Seen:
    fields = dict(title="互联网信息服务备案承诺书", subject_name=UNIT, signatory="王建国", id_number=WANG,
                  date="2026-11-02", signature="present", seal=UNIT)
    return paper("commitment_letter", **(fields | over))


def personal_commitment(**over) -> Seen:
    fields = dict(title="互联网信息服务备案承诺书", subject_name="周小明", signatory="周小明", id_number=ZHOU,
                  date="2026-11-02", signature="present", fingerprint="present")
    return paper("commitment_letter", **(fields | over))


def grant(**over) -> Seen:
    fields = dict(title="网站负责人授权书", grantor=UNIT, legal_representative="王建国",
                  legal_representative_id_number=WANG, grantee_name="李娜", grantee_id_number=LI,
                  date="2026-10-20", signature="present", seal="present")
    return paper("authorization_letter", **(fields | over))


def checks(f: dict, docs: list[Seen]):
    ev = gather(FilingData.model_validate(copy.deepcopy(f)), docs, [], AS_OF, 0.8)
    return [c for c in rules.run(ev) if c.rule == "signed_document"]


ANHUI_TWO = {"filing_province": "安徽省", "websites.0.principal.name": "李娜", "websites.0.principal.id_number": LI}
JIANGSU = {"filing_province": "江苏省"}
NOTICE = dict(title="网站备案信息真实性责任告知书")
PROMISE = dict(title="网站备案信息真实性承诺书")

# (case, filing, papers, field, status, read_field): one check that must come out
FIRE = [
    ("Guangdong without a 承诺书", unit_filing(), [], "filing_province", "missing", None),
    ("a 承诺书 not signed", unit_filing(), [commitment(signature=None)], None, "invalid", "signature"),
    ("a unit's 承诺书 without its seal", unit_filing(), [commitment(seal=None)], None, "invalid", "seal"),
    ("signed more than 3 months ago", unit_filing(), [commitment(date="2026-07-30")], None, "expired", "date"),
    ("dated after the check", unit_filing(), [commitment(date="2026-12-01")], None, "invalid", "date"),
    ("a date read too doubtfully", unit_filing(), [commitment(date=None)], None, "unreadable", "date"),
    ("it names another unit", unit_filing(), [commitment(subject_name="深圳别家科技有限公司")], "subject.name",
     "mismatch", "subject_name"),
    ("signed by someone the province does not ask", unit_filing(), [commitment(signatory="赵六")],
     "subject.legal_representative", "mismatch", "signatory"),
    ("the signer's number is another's", unit_filing(), [commitment(id_number=LI)], "principal.id_number",
     "mismatch", "id_number"),
    ("a seal of another unit, read surely", unit_filing(), [commitment(seal="深圳别家科技有限公司")], "subject.name",
     "mismatch", "seal"),
    ("a Guangdong individual without a fingerprint", person_filing(), [personal_commitment(fingerprint=None)], None,
     "invalid", "fingerprint"),
    ("an individual's 承诺书 not signed", person_filing(), [personal_commitment(signature=None)], None, "invalid",
     "signature"),
    ("Jiangsu: the 告知书 missing", unit_filing(**JIANGSU), [commitment(**PROMISE)], "filing_province", "missing",
     None),
    ("Jiangsu: signed by the 网站负责人, not another", unit_filing(**JIANGSU),
     [commitment(**NOTICE, signatory="赵六"), commitment(**PROMISE)], "websites[0].principal.name", "mismatch",
     "signatory"),
    ("Anhui: a 网站负责人 who is not the legal representative, no 授权书", unit_filing(**ANHUI_TWO), [],
     "websites[0].principal.name", "missing", None),
    ("the 授权书 names another grantee", unit_filing(**ANHUI_TWO), [grant(grantee_name="赵六", grantee_id_number=ZHOU)],
     "websites[0].principal.name", "mismatch", "grantee_name"),
    ("the 授权书 names another grantee's number", unit_filing(**ANHUI_TWO), [grant(grantee_id_number=ZHOU)],
     "websites[0].principal.id_number", "mismatch", "grantee_id_number"),
    ("the 授权书 is another unit's", unit_filing(**ANHUI_TWO), [grant(grantor="深圳别家科技有限公司")], "subject.name",
     "mismatch", "grantor"),
    ("the 授权书 names another legal representative", unit_filing(**ANHUI_TWO), [grant(legal_representative="赵六")],
     "subject.legal_representative", "mismatch", "legal_representative"),
    ("the 授权书 without the unit's seal", unit_filing(**ANHUI_TWO), [grant(seal=None)], None, "invalid", "seal"),
    ("the 授权书 not signed", unit_filing(**ANHUI_TWO), [grant(signature=None)], None, "invalid", "signature"),
    ("a 授权书 four months old", unit_filing(**ANHUI_TWO), [grant(date="2026-07-20")], None, "expired", "date"),
    ("Jilin: a 主体负责人 who is not the legal representative", unit_filing(**{
        "filing_province": "吉林省", "principal.name": "李娜", "principal.id_number": LI}), [], "principal.name",
     "missing", None),
]


@pytest.mark.parametrize("case,f,docs,field,status,read_field", FIRE, ids=[c[0] for c in FIRE])
def test_signed_document_fires(case, f, docs, field, status, read_field):
    found = [(c.field, c.status, c.read_field) for c in checks(f, docs)]
    assert (field, status, read_field) in found, f"{case}: expected {(field, status, read_field)}, got {found}"


# (case, filing, papers): no problem may come out of signed_document
QUIET = [
    ("a unit's 承诺书, signed, sealed, fresh, naming the unit and its legal representative", unit_filing(),
     [commitment()]),
    ("signed by the 主体负责人 (Tencent's template: 单位负责人)", unit_filing(**{"principal.name": "李娜",
                                                                       "principal.id_number": LI}),
     [commitment(signatory="李娜", id_number=LI)]),
    ("a seal whose text was read with a slip", unit_filing(), [commitment(seal="广州云帆网络科技有眼公司")]),
    ("a seal read as present only", unit_filing(), [commitment(seal="present")]),
    ("an individual's, signed and fingerprinted, no seal", person_filing(), [personal_commitment()]),
    ("before Guangdong asked for it (2021-06-21)", unit_filing(), []),
    ("a province that asks for no paper (北京)", unit_filing(filing_province="北京市"), []),
    ("Zhejiang: a 网站负责人 not the legal representative needs no 授权书", unit_filing(**(ANHUI_TWO | {
        "filing_province": "浙江省"})), []),
    ("Anhui: the 授权书 for the 网站负责人", unit_filing(**ANHUI_TWO), [grant()]),
    ("Anhui: the legal representative runs the site: no 授权书", unit_filing(filing_province="安徽省"), []),
    ("Hebei allows six months for a 授权书 (when one is uploaded)", unit_filing(**(ANHUI_TWO | {
        "filing_province": "河北省"})), [grant(date="2026-07-20")]),
    ("Jiangsu: both papers, signed by the 网站负责人", unit_filing(**JIANGSU),
     [commitment(**NOTICE), commitment(**PROMISE)]),
    ("an individual needs no 授权书 in Anhui", person_filing(filing_province="安徽省"), []),
]


@pytest.mark.parametrize("case,f,docs", QUIET, ids=[c[0] for c in QUIET])
def test_signed_document_stays_quiet(case, f, docs):
    if case.startswith("before"):
        ev = gather(FilingData.model_validate(copy.deepcopy(f)), docs, [], dt.date(2021, 6, 1), 0.8)
        found = [c for c in rules.run(ev) if c.rule == "signed_document"]
    else:
        found = checks(f, docs)
    problems = [(c.field, c.status, c.read_field, c.message) for c in found if c.status not in ("match", "warning")]
    assert problems == [], f"{case}: {problems}"


def test_every_check_about_a_paper_names_it_and_its_field():
    for c in checks(unit_filing(), [commitment(signature=None, seal=None, date="2026-01-01")]):
        assert c.document == "commitment_letter.jpg#1" and c.read_field, c


def test_the_principal_rule_says_the_authorisation_was_given():
    f = unit_filing(**{"filing_province": "安徽省", "principal.name": "李娜", "principal.id_number": LI})
    ev = gather(FilingData.model_validate(f), [grant(title="主体负责人授权书")], [], AS_OF, 0.8)
    got = [(c.status, c.message) for c in rules.run(ev) if c.rule == "principal_legal_representative"]
    assert [s for s, _ in got] == ["match"], got
