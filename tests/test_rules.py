"""Each rule on hand-made evidence (no OCR): cases that must fire and must not."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest
from conftest import ROOT

from beian.filing import FilingData
from beian.models import Document, Field, Quality
from beian.validators import rules
from beian.validators.evidence import Seen, gather

AS_OF = dt.date(2026, 11, 28)
# structurally valid, invented numbers
WANG = "330106198203154410"   # principal, legal representative
LI = "330102199107082129"     # website principal
CODE = "91330106MA2J4K5L80"

FILING = {
    "submission_id": "T-1", "filing_province": "浙江省",
    "subject": {"type": "enterprise", "name": "杭州云帆网络科技有限公司", "certificate_type": "business_license",
                "certificate_number": CODE, "address": "浙江省杭州市西湖区文三路90号", "legal_representative": "王建国"},
    "principal": {"name": "王建国", "id_number": WANG},
    "websites": [{"name": "云帆博客", "domains": ["yunfan-tech.cn"], "principal": {"name": "李娜", "id_number": LI}}],
}


def doc(file: str, type_: str, quality: Quality | None = None, **fields) -> Seen:
    return Seen(file, 1, Document(type=type_, page=1, quality=quality,
                                  fields={k: Field(value=v, confidence=0.99, box=[0, 0, 1, 1]) if isinstance(v, str)
                                          else v for k, v in fields.items()}))


def front(file, name, number, birth=None, sex=None, address="浙江省杭州市西湖区文三路90号"):
    from beian.validators import ric
    return doc(file, "id_card_front", name=name, id_number=number, address=address,
               birth_date=birth or ric.get_birth_date(number).isoformat(), sex=sex or ric.get_sex(number))


def back(file, until="2036-01-01", start="2016-01-01", authority="杭州市公安局西湖区分局"):
    return doc(file, "id_card_back", issuing_authority=authority, valid_from=start, valid_until=until)


def licence(**over):
    f = dict(name="杭州云帆网络科技有限公司", credit_code=CODE, address="浙江省杭州市西湖区文三路90号",
             legal_representative="王建国", valid_until="长期")
    f.update(over)
    return doc("licence.jpg", "business_license", **f)


def cert(**over):
    f = dict(domain="yunfan-tech.cn", holder="杭州云帆网络科技有限公司", expiry_date="2030-01-01")
    f.update(over)
    return doc("cert.pdf", "domain_certificate", **f)


def clean_docs() -> list[Seen]:
    return [licence(), front("wang-a.jpg", "王建国", WANG), back("wang-b.jpg", authority="杭州市公安局西湖区分局"),
            front("li-a.jpg", "李娜", LI),
            back("li-b.jpg", start="2020-01-01", until="2040-01-01", authority="杭州市公安局上城区分局"), cert()]


def run(filing_edit=None, docs=None, failed=()):
    f = copy.deepcopy(FILING)
    if filing_edit:
        filing_edit(f)
    ev = gather(FilingData.model_validate(f), clean_docs() if docs is None else docs, list(failed), AS_OF, 0.8)
    return [c for c in rules.run(ev) if c.status != "match"]


def found(checks, rule, field, status):
    return any(c.rule == rule and c.field == field and c.status == status for c in checks)


def test_clean_submission_has_no_problem():
    checks = run()
    assert [c for c in checks if c.status != "warning"] == [], [c.message for c in checks]


def _set(path, value):
    def edit(f):
        node = f
        *parts, last = path
        for p in parts:
            node = node[p]
        node[last] = value
    return edit


FIRE = [
    # (case, filing edit, documents or None for the clean set, rule, field, status)
    ("name one character off", _set(("websites", 0, "principal", "name"), "李哪"), None,
     "field_match", "websites[0].principal.name", "mismatch"),
    ("company name differs", _set(("subject", "name"), "杭州云帆网络技术有限公司"), None,
     "field_match", "subject.name", "mismatch"),
    ("entered ID number has a wrong digit", _set(("principal", "id_number"), "330106198203154510"), None,
     "checksum", "principal.id_number", "invalid"),
    ("entered credit code has a wrong check character", _set(("subject", "certificate_number"), CODE[:-1] + "C"),
     None, "checksum", "subject.certificate_number", "invalid"),
    ("card printed birth date differs from its number", None,
     [*clean_docs()[:1], front("wang-a.jpg", "王建国", WANG, birth="1982-03-16"), *clean_docs()[2:]],
     "id_consistency", None, "mismatch"),
    ("card printed sex differs from its number", None,
     [*clean_docs()[:1], front("wang-a.jpg", "王建国", WANG, sex="女"), *clean_docs()[2:]],
     "id_consistency", None, "mismatch"),
    ("ID card expired", None, [*clean_docs()[:2], back("wang-b.jpg", until="2025-01-01", start="2005-01-01"),
                               *clean_docs()[3:]], "document_expired", "principal.id_number", "expired"),
    ("licence expired", None, [licence(valid_until="2026-01-01"), *clean_docs()[1:]],
     "document_expired", "subject.certificate_number", "expired"),
    ("domain expires in 10 days", None, [*clean_docs()[:5], cert(expiry_date="2026-12-08")],
     "document_expired", "websites[0].domains[0]", "warning"),
    ("domain expiry read with doubtful digits", None,
     [*clean_docs()[:5], cert(expiry_date=Field(value="2030-01-01", confidence=0.59, doubts=["date_unsure"]))],
     "document_expired", "websites[0].domains[0]", "unreadable"),
    ("ID card validity read with doubtful digits, even one that looks expired", None,
     [*clean_docs()[:2], back("wang-b.jpg", until=Field(value="2025-01-01", confidence=0.5)), *clean_docs()[3:]],
     "document_expired", "principal.id_number", "unreadable"),
    ("domain held by someone else", None, [*clean_docs()[:5], cert(holder="杭州别人科技有限公司")],
     "domain_holder", "websites[0].domains[0]", "mismatch"),
    ("no licence", None, clean_docs()[1:], "required_document", "subject.certificate_number", "missing"),
    ("no card back for the website principal", None, clean_docs()[:4] + clean_docs()[5:],
     "required_document", "websites[0].principal.id_number", "missing"),
    ("no domain certificate", None, clean_docs()[:5], "required_document", "websites[0].domains[0]", "missing"),
    (".io cannot be filed", _set(("websites", 0, "domains"), ["yunfan.io"]), [*clean_docs()[:5], cert(domain="yunfan.io")],
     "tld_eligible", "websites[0].domains[0]", "invalid"),
    ("licence address in Jiangsu, filed in Zhejiang", None,
     [licence(address="江苏省南京市鼓楼区中山北路1号"), *clean_docs()[1:]], "cross_region", "filing_province", "warning"),
    ("Zhejiang: principal is not the legal representative", _set(("subject", "legal_representative"), "赵六"),
     [licence(legal_representative="赵六"), *clean_docs()[1:]],
     "principal_legal_representative", "principal.name", "mismatch"),
    ("a scan could not be read", None, None, "file_unreadable", None, "unreadable"),
    ("Zhejiang: a principal under 18", _set(("websites", 0, "principal"), {"name": "李小", "id_number": "330102201105010025"}),
     None, "minimum_age", "websites[0].principal.id_number", "mismatch"),
    ("credit code whose division code names no region", _set(("subject", "certificate_number"), "91990106MA2J4K5L81"),
     None, "checksum", "subject.certificate_number", "warning"),
    ("a card of somebody else", None, [*clean_docs(), front("x.jpg", "赵敏", "11010519491231002X")],
     "unmatched_document", None, "mismatch"),
    ("blurred scan", None, [*clean_docs()[:5], doc("cert.pdf", "domain_certificate",
                                                     quality=Quality(blur=5, warnings=["blurred"]),
                                                     domain="yunfan-tech.cn", holder="杭州云帆网络科技有限公司",
                                                     expiry_date="2030-01-01")],
     "image_quality", None, "warning"),
    ("a look-alike domain is never a match (1 for l)", _set(("websites", 0, "domains"), ["1ihongblog.cn"]),
     [*clean_docs()[:5], cert(domain="lihongblog.cn")], "field_match", "websites[0].domains[0]", "mismatch"),
    ("a look-alike domain is never a match (paypa1)", _set(("websites", 0, "domains"), ["paypa1.com"]),
     [*clean_docs()[:5], cert(domain="paypal.com")], "field_match", "websites[0].domains[0]", "mismatch"),
    ("a look-alike domain read with low confidence is unreadable", _set(("websites", 0, "domains"), ["y0ufan.cn"]),
     [*clean_docs()[:5], cert(domain=Field(value="youfan.cn", confidence=0.5, box=[0, 0, 1, 1]))],
     "field_match", "websites[0].domains[0]", "unreadable"),
    ("low confidence read is unreadable, not mismatch", None,
     [*clean_docs()[:3], doc("li-a.jpg", "id_card_front", name=Field(value="李哪", confidence=0.4, box=[0, 0, 1, 1]),
                             id_number=LI), *clean_docs()[4:]],
     "field_match", "websites[0].principal.name", "unreadable"),
]


@pytest.mark.parametrize("case, edit, docs, rule, field, status", FIRE, ids=[c[0] for c in FIRE])
def test_rule_fires(case, edit, docs, rule, field, status):
    failed = [("scan9.jpg", "JPEG image is truncated or corrupt")] if rule == "file_unreadable" else []
    checks = run(edit, docs, failed)
    assert found(checks, rule, field, status), f"{case}: no {rule}/{field}/{status} in " + \
        "; ".join(f"{c.rule}/{c.field}/{c.status}" for c in checks)


HOLD = [
    # (case, filing edit, documents, rule that must stay silent)
    ("same name in Traditional characters", None,
     [licence(name="杭州雲帆網絡科技有限公司"), *clean_docs()[1:]], "field_match"),
    ("address without the province, with spaces", _set(("subject", "address"), "杭州市西湖区文三路 90 号"), None,
     "field_match"),
    ("full-width brackets", _set(("subject", "name"), "杭州云帆网络科技有限公司（分公司）"),
     [licence(name="杭州云帆网络科技有限公司(分公司)"), *clean_docs()[1:]], "field_match"),
    ("licence valid for ever", None, None, "document_expired"),
    ("one person named twice counts once", _set(("websites", 0, "principal"), {"name": "王建国", "id_number": WANG}),
     clean_docs()[:3] + clean_docs()[5:], "required_document"),
    ("cards matched by number, not file order", None,
     [licence(), front("a.jpg", "李娜", LI), front("b.jpg", "王建国", WANG), back("c.jpg"),
      back("d.jpg", authority="杭州市公安局上城区分局"), cert()], "field_match"),
    ("home province equals filing province", None, None, "cross_region"),
    (".中国 can be filed", _set(("websites", 0, "domains"), ["云帆.中国"]),
     [*clean_docs()[:5], cert(domain="云帆.中国")], "tld_eligible"),
    ("Beijing has no legal-representative rule", _set(("filing_province", ), "北京"), None,
     "principal_legal_representative"),
    ("Beijing has no minimum age", lambda f: (f.update(filing_province="北京市"), f["websites"][0].update(
        principal={"name": "李小", "id_number": "330102201105010025"})), None, "minimum_age"),
    ("a domain read as 1 for l still finds its certificate", _set(("websites", 0, "domains"), ["lingyun.cn"]),
     [*clean_docs()[:5], cert(domain="1ingyun.cn")], "required_document"),
    ("a domain in capitals and in punycode is its certificate's domain", _set(("websites", 0, "domains"), ["云帆.中国"]),
     [*clean_docs()[:5], cert(domain="XN--9KQS09A.xn--fiqs8s")], "required_document"),
    ("valid numbers, entered and read", None, None, "checksum"),
    ("card printed date and sex agree with its number", None, None, "id_consistency"),
    ("holder written in Traditional characters is the subject", None,
     [*clean_docs()[:5], cert(holder="杭州雲帆網絡科技有限公司")], "domain_holder"),
    ("every scan could be read", None, None, "file_unreadable"),
    ("a second copy of a matched card is a duplicate, not a stranger", None,
     [*clean_docs(), front("wang-copy.jpg", "王建国", WANG)], "unmatched_document"),
    ("clean captures raise no quality warning", None, None, "image_quality"),
]
# rules whose findings are warnings: for these a warning counts as firing
WARNING_RULES = {"cross_region", "image_quality"}


@pytest.mark.parametrize("case, edit, docs, rule", HOLD, ids=[c[0] for c in HOLD])
def test_rule_holds(case, edit, docs, rule):
    checks = [c for c in run(edit, docs) if c.rule == rule and (c.status != "warning" or rule in WARNING_RULES)]
    assert checks == [], f"{case}: {rule} fired: " + "; ".join(c.message for c in checks)


@pytest.mark.parametrize("docs, path, front_by, back_by, why", [
    (None, "principal", "number", "authority and file name",
     "the card whose number is the entered one; the back whose authority is of that number's region"),
    ([*clean_docs()[:1], front("wang-a.jpg", "王建国", "110101199003070000"), *clean_docs()[2:]],
     "principal", "name", None, "a number misread: the same name still points at the person, but the misread "
                                "number's region (Beijing) names no back, so no back is guessed"),
    ([*clean_docs()[:1], front("wang-a.jpg", "王建图", WANG[:15] + "9" + WANG[16:]), *clean_docs()[2:]],
     "principal", "fuzzy", "authority and file name", "a name one character off and a number close"),
])
def test_each_person_records_how_their_cards_were_matched(docs, path, front_by, back_by, why):
    f = FilingData.model_validate(copy.deepcopy(FILING))
    ev = gather(f, clean_docs() if docs is None else docs, [], AS_OF, 0.8)
    person = next(p for p in ev.people if p.main.path == path)
    assert (person.front_by, person.back_by) == (front_by, back_by), why
    assert 0 < person.front_score <= 1.0 and (person.front_score == 1.0) == (front_by != "fuzzy"), why


CONTRACT = ROOT.parent / "shared" / "spec" / "contract.md"
PLANNED: set[str] = set()  # contract rules not built yet


@pytest.mark.skipif(not CONTRACT.is_file(), reason="../shared/spec is not here")
def test_rule_ids_are_the_contracts_and_stamped_from_the_table():
    text = CONTRACT.read_text(encoding="utf-8")
    table = text.split("| `field_match` |", 1)[1].split("\n\n", 1)[0]
    ids = {"field_match"} | set(re.findall(r"^\| `(\w+)` \|", table, re.M))
    assert set(rules.RULE_IDS) <= ids, f"rule ids not in the contract: {set(rules.RULE_IDS) - ids}"
    assert ids - set(rules.RULE_IDS) == PLANNED, f"contract rules not built: {ids - set(rules.RULE_IDS) - PLANNED}"
    made = {c.rule for c in run(lambda f: f.update(filing_province="北京"), docs=clean_docs()[1:])}
    assert made and made <= set(rules.RULE_IDS), f"a check without its table's id: {made}"


README = ROOT / "README.md"


@pytest.mark.skipif(not CONTRACT.is_file(), reason="../shared/spec is not here")
def test_the_readme_rule_table_is_the_contracts():
    def ids(text: str, head: str) -> list[str]:
        table = text.split(head, 1)[1].split("\n\n", 1)[0]
        return re.findall(r"^\| `(\w+)` \|", table, re.M)

    contract = ids(CONTRACT.read_text(encoding="utf-8"), "| rule | what it checks |")
    readme = ids(README.read_text(encoding="utf-8"), "| rule | status | what it checks |")
    assert sorted(readme) == sorted(contract), f"README only: {set(readme) - set(contract)}; " \
                                               f"contract only: {set(contract) - set(readme)}"
    assert readme == rules.RULE_IDS, "the README lists the rules in the order their checks come"


def _days(n: int) -> str:
    return (AS_OF + dt.timedelta(days=n)).isoformat()


@pytest.mark.parametrize("expiry, province, want, why", [
    (_days(-1), "浙江省", [("document_expired", "expired")], "ended yesterday"),
    (_days(10), "浙江省", [("document_expired", "warning")], "ends within 30 days: one warning, not two"),
    (_days(45), "浙江省", [("expires_soon", "warning")], "valid, but not for the 3 months after as_of"),
    (_days(45), "河北省", [("expires_soon", "warning")], "a province asking 3 months for domains: still one warning"),
    (_days(200), "河北省", [], "valid long enough"),
    (Field(value=_days(10), confidence=0.5), "浙江省", [("document_expired", "unreadable")],
     "a doubtful date: unreadable, and no warning beside it"),
])
def test_one_finding_per_dated_document(expiry, province, want, why):
    docs = [*clean_docs()[:5], cert(expiry_date=expiry)]
    got = [(c.rule, c.status) for c in run(lambda f: f.update(filing_province=province), docs)
           if c.field == "websites[0].domains[0]" and c.rule in ("document_expired", "expires_soon")]
    assert got == want, why
