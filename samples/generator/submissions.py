"""Sample submissions: clean ones and ones with one planted problem each.

Each folder holds ``filing.json``, the scans, and ``expected.json``: the verdict
and the checks (rule, field, status) that must come out, as of 2026-11-28.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from dataclasses import replace
from pathlib import Path

from PIL import Image

from beian.validators import phones

from . import render
from .identities import (
    PINYIN,
    Person,
    make_company,
    make_domain,
    make_organisation,
    make_person,
    make_residence_permit,
    site_name,
)

AS_OF = dt.date(2026, 11, 28)


def _jpeg(img: Image.Image, quality: int = 80) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _adult(rng: random.Random, min_age: int = 25) -> Person:
    while True:
        p = make_person(rng)
        if (AS_OF - p.birth).days > min_age * 366 and (p.valid_until is None or p.valid_until > AS_OF + dt.timedelta(days=60)):
            return p


def _in(rng: random.Random, province: str, make):
    while True:
        x = make()
        if x.region[1] == province:
            return x


def _typo(s: str) -> str:
    swap = {"伟": "玮", "芳": "方", "娜": "哪", "敏": "民", "静": "净", "丽": "莉", "强": "墙", "磊": "雷", "军": "君"}
    for i in range(len(s) - 1, 0, -1):
        if s[i] in swap:
            return s[:i] + swap[s[i]] + s[i + 1:]
    return s[:-1] + ("华" if s[-1] != "华" else "中")


# allocated mainland mobile ranges (none of the virtual operators' 162/165/167/170/171)
_MOBILE_PREFIXES = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "182",
                    "187", "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "189", "199"]


def local_mobile(rng: random.Random, province: str) -> str:
    """A mobile number of an allocated range whose prefix belongs to ``province`` (phonenumbers'
    offline geocoder, as the `contact` rule reads it); any allocated number after 500 draws."""
    for _ in range(500):
        n = rng.choice(_MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
        if phones.home_province(n) == province:
            return n
    return n


def _letter(rng: random.Random, paper) -> Image.Image:
    from .papers import letter

    return letter(rng, paper)[0]


def _digit(n: str) -> str:
    i = 14
    return n[:i] + str((int(n[i]) + 3) % 10) + n[i + 1:]


class Case:
    """One submission being assembled."""

    def __init__(self, rng: random.Random, name: str, individual: bool = False, province: str = "浙江省"):
        self.rng, self.name, self.files, self.expect = rng, name, {}, []
        self.principal = _in(rng, province, lambda: _adult(rng))
        self.province = province
        if individual:
            self.company = None
            holder = self.principal.name
        else:
            self.company = _in(rng, province, lambda: make_company(rng, self.principal.name))
            holder = self.company.name
        self.domain = make_domain(rng, holder)
        while not self.domain.domain.endswith((".com", ".cn", ".net", ".top", ".中国")):
            self.domain = make_domain(rng, holder)
        if self.domain.expires < AS_OF + dt.timedelta(days=120):
            self.domain.expires = self.domain.expires.replace(year=AS_OF.year + 2)
        self.web_principal = self.principal
        self.extra_people: list[Person] = []
        self.org = None  # a unit that is not an enterprise (`organisation`)
        self.contacts: dict[str, dict] = {}  # per role ("principal", "web"): mobile, emergency_phone, email
        self.permit = None  # a 居住证 uploaded with the scans (`residence`)
        self.contact_address: str | None = None  # the entered 通信地址
        self.papers: list = []  # signed papers uploaded with the scans (`generator.papers.Paper`)
        self.outsider = None  # a non-mainland 网站负责人 (`generator.non_mainland.Outsider`)
        self.outsider_scans: dict[str, bytes] = {}

    def paper(self, kind: str, title: str, signer: Person, grantee: Person | None = None,
              subject: str | None = None, **changes) -> None:
        """A signed paper for this filing: a commitment by ``signer``, or the legal
        representative's authorisation of ``grantee``; ``changes`` plant a problem in it
        (signed=False, sealed=False, fingerprint=False, date=..., subject=...)."""
        from .papers import make_paper

        unit = self.company is not None or self.org is not None
        name = subject or (self.company.name if self.company else self.org.name if self.org else self.principal.name)
        p = make_paper(self.rng, kind, name, (signer.name, signer.id_number),
                       (grantee.name, grantee.id_number) if grantee else None, unit=unit, today=AS_OF, title=title,
                       fingerprint=not unit and self.province == "广东省")
        self.papers.append(replace(p, **changes))

    def website_outsider(self, kind: str, **changes) -> None:
        """The 网站负责人 is a non-mainland person filing with a document of ``kind``."""
        from . import render_non_mainland
        from .non_mainland import make_outsider

        while True:
            o = make_outsider(self.rng, kind)
            if kind != "foreign_permanent_residence" or o.design == "2023":
                break
        self.outsider = replace(o, **changes)
        sides = [t for t, (k, _) in render_non_mainland.DOCUMENTS.items() if k == kind]
        for t in sides:
            img, _ = render_non_mainland.DOCUMENTS[t][1](self.rng, self.outsider)
            self.outsider_scans[f"{t.replace('_', '-')}.jpg"] = _jpeg(img)

    def residence(self, province: str, holder: Person | None = None) -> None:
        """A 居住证 of ``holder`` (default: the subject) living in ``province``, valid for a year
        or more after as_of; the 通信地址 entered as its residence address."""
        while True:
            r = make_residence_permit(self.rng, holder or self.principal, province)
            if r.valid_until and r.valid_until > AS_OF + dt.timedelta(days=120):
                break
        self.permit, self.contact_address = r, r.residence_address

    def organisation(self, subject_type: str, suffix: str = "cn") -> None:
        """Make the subject a unit of ``subject_type`` in the filing province, its certificate in
        force, the site on a domain of ``suffix`` held by the unit, and give the people contacts."""
        rng = self.rng
        while True:
            o = _in(rng, self.province, lambda: make_organisation(rng, subject_type, self.principal.name))
            if o.valid_until is None or o.valid_until > AS_OF + dt.timedelta(days=200):
                break
        self.company, self.org = None, o
        self.domain.holder = o.name
        self.domain.domain = f"{rng.choice(PINYIN)}{rng.choice(PINYIN)}.{suffix}"
        self.contact()

    def contact(self) -> None:
        """Distinct mobiles, emergency numbers and e-mail addresses (on the site's own domain:
        no real mailbox) for the principal and the website's principal."""
        rng, used = self.rng, set()

        def mobile() -> str:
            while True:  # allocated in the filing province: the rules that ask for a local number stay quiet
                n = local_mobile(rng, self.province)
                if n not in used:
                    used.add(n)
                    return n

        host = self.domain.domain
        self.contacts = {role: {"mobile": mobile(), "emergency_phone": mobile(), "email": f"{box}@{host}"}
                         for role, box in (("principal", "fuzeren"), ("web", "webmaster"))}

    def filing(self) -> dict:
        p, w = self.principal, self.web_principal
        if self.org:
            o = self.org
            subject = {"type": o.subject_type, "name": o.name, "certificate_type": o.doc_type,
                       "certificate_number": o.credit_code, "address": o.address,
                       "legal_representative": o.legal_representative}
        elif self.company:
            c = self.company
            subject = {"type": "enterprise", "name": c.name, "certificate_type": "business_license",
                       "certificate_number": c.credit_code, "address": c.address, "legal_representative": c.legal_representative}
        else:
            subject = {"type": "individual", "name": p.name, "certificate_type": "resident_id_card",
                       "certificate_number": p.id_number, "address": p.address}
        if self.contact_address:
            subject["contact_address"] = self.contact_address
        web_contacts = self.contacts.get("web" if w is not p else "principal", {})
        web = {"name": w.name, "id_number": w.id_number, **web_contacts}
        if self.outsider:
            web = {"name": self.outsider.name, "id_number": self.outsider.number, "document_type": self.outsider.kind}
        return {"submission_id": self.name, "filing_province": self.province, "subject": subject,
                "principal": {"name": p.name, "id_number": p.id_number, **self.contacts.get("principal", {})},
                "websites": [{"name": site_name(subject["name"], subject["type"] == "individual"),
                              "domains": [self.domain.domain], "principal": web}]}

    def scans(self, licence: bool = True, certificate: bool = True) -> None:
        rng = self.rng
        people = [self.principal] + ([self.web_principal] if self.web_principal is not self.principal else [])
        for k, person in enumerate(people + self.extra_people):
            self.files[f"id-{k}-front.jpg"] = _jpeg(render.id_front(rng, person)[0])
            self.files[f"id-{k}-back.jpg"] = _jpeg(render.id_back(rng, person)[0])
        if self.company and licence:
            self.files["licence.jpg"] = _jpeg(render.business_license(rng, self.company)[0], 75)
        if self.org and licence:
            self.files["certificate.jpg"] = _jpeg(render.organisation_certificate(rng, self.org)[0], 75)
        if certificate:
            self.files["domain-cert.jpg"] = _jpeg(render.domain_certificate(rng, self.domain)[0], 75)
        if self.permit:
            self.files["residence-permit.jpg"] = _jpeg(render.residence_permit(rng, self.permit)[0], 80)
        self.files.update(self.outsider_scans)
        for k, p in enumerate(self.papers):
            name = "chengnuoshu" if p.kind == "commitment_letter" else "shouquanshu"
            self.files[f"{name}-{k}.jpg"] = _jpeg(_letter(rng, p), 82)

    def write(self, out: Path, filing: dict | None = None, verdict: str | None = None,
              profile: str | None = None, inflate: list[str] | None = None) -> None:
        folder = out / self.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "filing.json").write_text(json.dumps(filing or self.filing(), ensure_ascii=False, indent=1),
                                            encoding="utf-8")
        for name, data in self.files.items():
            (folder / name).write_bytes(data)
        problems = [e for e in self.expect if e["status"] not in ("warning", "match")]
        (folder / "expected.json").write_text(json.dumps(
            {"as_of": AS_OF.isoformat(), "verdict": verdict or ("review" if problems else "pass"),
             **({"profile": profile} if profile else {}), **({"inflate": inflate} if inflate else {}),
             "checks": self.expect}, ensure_ascii=False, indent=1),
            encoding="utf-8")


def build_submissions(out: Path, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    made: list[str] = []

    def case(name, **kw) -> Case:
        made.append(name)
        return Case(rng, name, **kw)

    c = case("clean-enterprise"); c.scans(); c.write(out)
    c = case("clean-individual", individual=True); c.scans(); c.write(out)

    c = case("two-principals")
    c.web_principal = _adult(rng)
    c.scans()
    c.files = dict(sorted(c.files.items(), key=lambda kv: rng.random()))  # file order says nothing
    c.write(out)

    c = case("name-typo"); c.scans()
    f = c.filing()
    f["principal"]["name"] = f["websites"][0]["principal"]["name"] = _typo(c.principal.name)
    c.expect = [{"rule": "field_match", "field": "principal.name", "status": "mismatch"},
                {"rule": "field_match", "field": "websites[0].principal.name", "status": "mismatch"},
                {"rule": "principal_legal_representative", "field": "principal.name", "status": "mismatch"}]
    c.write(out, f)

    c = case("id-number-digit", individual=True); c.scans()
    f = c.filing()
    bad = _digit(c.principal.id_number)
    f["subject"]["certificate_number"] = f["principal"]["id_number"] = f["websites"][0]["principal"]["id_number"] = bad
    c.expect = [{"rule": rule, "field": field, "status": status}
                for field in ("subject.certificate_number", "principal.id_number", "websites[0].principal.id_number")
                for rule, status in (("checksum", "invalid"), ("field_match", "mismatch"))]
    c.write(out, f)

    c = case("credit-code-typo"); c.scans()
    f = c.filing()
    code = c.company.credit_code
    f["subject"]["certificate_number"] = code[:10] + ("7" if code[10] != "7" else "3") + code[11:]
    c.expect = [{"rule": "checksum", "field": "subject.certificate_number", "status": "invalid"},
                {"rule": "field_match", "field": "subject.certificate_number", "status": "mismatch"}]
    c.write(out, f)

    c = case("expired-id-card")
    c.principal = c.web_principal = replace(c.principal, valid_from=dt.date(2004, 5, 10),
                                            valid_until=dt.date(2024, 5, 10))
    c.scans()
    c.expect = [{"rule": "document_expired", "field": "principal.id_number", "status": "expired"}]
    c.write(out, c.filing())

    c = case("expired-domain")
    c.domain.registered, c.domain.expires = dt.date(2020, 3, 2), dt.date(2026, 3, 2)
    c.scans()
    c.expect = [{"rule": "document_expired", "field": "websites[0].domains[0]", "status": "expired"}]
    c.write(out)

    c = case("domain-holder")
    c.domain.holder = make_company(rng, "x").name
    c.scans()
    c.expect = [{"rule": "domain_holder", "field": "websites[0].domains[0]", "status": "mismatch"}]
    c.write(out)

    c = case("unfilable-suffix")
    c.domain.domain = c.domain.domain.rsplit(".", 1)[0].replace(".com", "") + ".io"
    c.scans()
    c.expect = [{"rule": "tld_eligible", "field": "websites[0].domains[0]", "status": "invalid"}]
    c.write(out)

    c = case("missing-certificate"); c.scans(certificate=False)
    c.expect = [{"rule": "required_document", "field": "websites[0].domains[0]", "status": "missing"}]
    c.write(out)

    c = case("missing-licence"); c.scans(licence=False)
    c.expect = [{"rule": "required_document", "field": "subject.certificate_number", "status": "missing"}]
    c.write(out)

    c = case("cross-region-individual", individual=True, province="江苏省"); c.scans()
    f = c.filing()
    f["filing_province"] = "上海市"
    # Shanghai asks a cross-region individual for a local 居住证: none was uploaded
    c.expect = [{"rule": "cross_region", "field": "filing_province", "status": "warning"},
                {"rule": "residence_permit", "field": "filing_province", "status": "missing"}]
    c.write(out, f)

    c = case("principal-not-legal-rep"); c.scans()
    other = _adult(rng)
    c.principal = c.web_principal = other
    c.files = {}
    c.scans()
    c.expect = [{"rule": "principal_legal_representative", "field": "principal.name", "status": "mismatch"}]
    c.write(out)

    c = case("corrupt-scan"); c.scans()
    c.files["id-0-back.jpg"] = c.files["id-0-back.jpg"][:2000]
    c.expect = [{"rule": "file_unreadable", "field": None, "status": "unreadable"},
                {"rule": "required_document", "field": "principal.id_number", "status": "missing"}]
    c.write(out)

    c = case("stranger-card")
    c.extra_people = [_adult(rng)]
    c.scans()
    c.expect = [{"rule": "unmatched_document", "field": None, "status": "mismatch"}]
    c.write(out)

    # the provider checks (added after every case above, so that those draw the same numbers)
    c = case("personal-site-company-word", individual=True); c.scans()
    f = c.filing()
    f["websites"][0]["name"] = "云帆科技有限公司"
    c.expect = [{"rule": "site_name", "field": "websites[0].name", "status": "warning"}]
    c.write(out, f)

    c = case("domain-expires-soon")
    c.domain.expires = AS_OF + dt.timedelta(days=61)  # valid at submission, not for three months more
    c.scans()
    c.expect = [{"rule": "expires_soon", "field": "websites[0].domains[0]", "status": "warning"}]
    c.write(out)

    c = case("news-site"); c.scans()
    f = c.filing()
    f["websites"][0]["name"] = site_name(c.company.name, False).removesuffix("官网") + "新闻网"
    c.expect = [{"rule": "pre_approval", "field": "websites[0].name", "status": "warning"}]
    c.write(out, f)

    # over Tencent's 2 MB is over what the repository keeps: the committed licence.jpg is written
    # as an uncompressed PNG where the sample is used (tests/conftest.py `inflate`; expected.json
    # lists the files)
    c = case("oversized-scan"); c.scans()
    c.expect = [{"rule": "upload_requirements", "field": None, "status": "invalid"}]
    c.write(out, profile="tencent", inflate=["licence.jpg"])

    # every subject type (issue 18), each clean, then the planted problems of its rules; added
    # after every case above, so that those draw the same numbers
    for subject_type, suffix in (("government", "gov.cn"), ("institution", "cn"), ("social_organization", "cn"),
                                 ("private_non_enterprise", "com"), ("foundation", "org.cn"), ("law_firm", "com")):
        c = case(f"clean-{subject_type.replace('_', '-')}")
        c.organisation(subject_type, suffix)
        c.scans()
        c.write(out)

    c = case("clean-other"); c.organisation("institution")
    c.scans(licence=False)  # a 医疗机构执业许可证 is not read: said, not failed
    f = c.filing()
    f["subject"] |= {"type": "other", "type_name": "医疗机构", "certificate_type": "医疗机构执业许可证",
                     "certificate_number": "PDY" + "".join(rng.choice("0123456789") for _ in range(17))}
    c.expect = [{"rule": "required_document", "field": "subject.certificate_type", "status": "warning"}]
    c.write(out, f)

    c = case("wrong-subject-type"); c.organisation("institution"); c.scans()
    f = c.filing()
    f["subject"] |= {"type": "social_organization", "certificate_type": "social_organization_certificate"}
    # the code's category and the certificate uploaded both say 事业单位
    c.expect = [{"rule": "subject_type", "field": "subject.type", "status": "mismatch"}]
    c.write(out, f)

    c = case("expired-institution-certificate"); c.organisation("institution")
    start = AS_OF.replace(year=AS_OF.year - 5) - dt.timedelta(days=40)  # 5 years, lapsed 40 days ago
    c.org = replace(c.org, valid_from=start, valid_until=start.replace(year=start.year + 5) - dt.timedelta(days=1))
    c.scans()
    c.expect = [{"rule": "document_expired", "field": "subject.certificate_number", "status": "expired"}]
    c.write(out)

    c = case("government-site-on-com"); c.organisation("government", "com"); c.scans()
    # its domain (lanhaiqiming.com) starts with an l that the engines read as 1 with doubt: the
    # look-alike second look leaves it unreadable, never a mismatch (make bench-lookalike)
    c.expect = [{"rule": "tld_eligible", "field": "websites[0].domains[0]", "status": "invalid"},
                {"rule": "field_match", "field": "websites[0].domains[0]", "status": "unreadable"}]
    c.write(out)

    c = case("duplicate-mobiles"); c.web_principal = _adult(rng); c.contact(); c.scans()
    c.contacts["web"]["mobile"] = c.contacts["principal"]["mobile"]
    c.expect = [{"rule": "contact", "field": "websites[0].principal.mobile", "status": "mismatch"}]
    c.write(out)

    c = case("emergency-is-mobile", province="广东省"); c.contact(); c.scans()
    c.contacts["principal"]["emergency_phone"] = c.contacts["principal"]["mobile"]
    # Guangdong asks every filing for its 承诺书 (issue 19): drawn from a stream of its own, so
    # that every case after this one stays as it was
    side = random.Random(seed * 7919 + 21)
    c.rng, main = side, c.rng
    c.paper("commitment_letter", "互联网信息服务备案承诺书", c.principal)
    c.files["chengnuoshu-0.jpg"] = _jpeg(_letter(side, c.papers[0]), 82)
    c.rng = main
    c.expect = [{"rule": "contact", "field": f"{who}.emergency_phone", "status": "mismatch"}
                for who in ("principal", "websites[0].principal")]  # one person, both roles
    c.write(out)

    # cross-region individuals with a 居住证 (issue 19): a 江苏 resident filing in 上海, whose permit
    # must be theirs, in 上海, valid a month more, and say the entered 通信地址
    def cross_region_case(name: str) -> Case:
        c = case(name, individual=True, province="江苏省")
        c.residence("上海市")
        return c

    def shanghai(c: Case) -> dict:
        f = c.filing()
        f["filing_province"] = "上海市"
        return f

    c = cross_region_case("cross-region-permit"); c.scans()
    c.expect = [{"rule": "cross_region", "field": "filing_province", "status": "match"},
                {"rule": "residence_permit", "field": "subject.contact_address", "status": "match"}]
    c.write(out, shanghai(c))

    c = cross_region_case("cross-region-permit-of-another")
    c.residence("上海市", _adult(rng))
    c.contact_address = c.permit.residence_address
    c.scans()
    c.expect = [{"rule": "residence_permit", "field": "subject.certificate_number", "status": "mismatch"},
                {"rule": "residence_permit", "field": "subject.name", "status": "mismatch"}]
    c.write(out, shanghai(c))

    c = cross_region_case("cross-region-permit-other-province")
    c.residence("浙江省")
    c.scans()
    c.expect = [{"rule": "residence_permit", "field": "filing_province", "status": "mismatch"}]
    c.write(out, shanghai(c))

    c = cross_region_case("cross-region-permit-expired")
    c.permit = replace(c.permit, valid_from=dt.date(2024, 3, 1), valid_until=dt.date(2025, 2, 28),
                       issue_date=dt.date(2024, 3, 1))
    c.scans()
    c.expect = [{"rule": "residence_permit", "field": "filing_province", "status": "expired"}]
    c.write(out, shanghai(c))

    c = cross_region_case("cross-region-contact-address")
    c.contact_address = "上海市徐汇区" + rng.choice(["漕溪北路", "天钥桥路", "宜山路"]) + f"{rng.randint(10, 900)}号"
    c.scans()
    c.expect = [{"rule": "residence_permit", "field": "subject.contact_address", "status": "mismatch"}]
    c.write(out, shanghai(c))

    signed_papers(case, rng, out)
    outsiders(case, rng, out)
    return made


def signed_papers(case, rng: random.Random, out: Path) -> None:
    """Guangdong's 承诺书 (every filing since 2021-06-21; an individual's with a fingerprint),
    Jiangsu's 告知书 and 承诺书, Hubei's 授权书 for a 网站负责人 who is not the legal representative:
    each clean, then with one problem planted (issue 19)."""
    promise = "互联网信息服务备案承诺书"

    def guangdong(name: str, individual: bool = False, **changes) -> Case:
        c = case(name, individual=individual, province="广东省")
        c.paper("commitment_letter", promise, c.principal, **changes)
        c.scans()
        return c

    c = guangdong("guangdong-commitment")
    c.expect = [{"rule": "signed_document", "field": "subject.name", "status": "match"}]
    c.write(out)
    c = case("guangdong-commitment-missing", province="广东省"); c.scans()
    c.expect = [{"rule": "signed_document", "field": "filing_province", "status": "missing"}]
    c.write(out)
    for name, changes, status in (("unsigned", {"signed": False}, "invalid"), ("unsealed", {"sealed": False}, "invalid"),
                                  ("stale", {"date": AS_OF - dt.timedelta(days=130)}, "expired")):
        c = guangdong(f"guangdong-commitment-{name}", **changes)
        c.expect = [{"rule": "signed_document", "field": None, "status": status}]
        c.write(out)
    c = case("guangdong-commitment-other-subject", province="广东省")
    c.paper("commitment_letter", promise, c.principal, subject=make_company(rng, c.principal.name).name)
    c.scans()
    c.expect = [{"rule": "signed_document", "field": "subject.name", "status": "mismatch"}]
    c.write(out)
    c = guangdong("guangdong-individual", individual=True)
    c.expect = [{"rule": "signed_document", "field": "subject.name", "status": "match"}]
    c.write(out)
    c = guangdong("guangdong-individual-no-fingerprint", individual=True, fingerprint=False)
    c.expect = [{"rule": "signed_document", "field": None, "status": "invalid"}]
    c.write(out)

    c = case("jiangsu-papers", province="江苏省")
    c.paper("commitment_letter", "网站备案信息真实性责任告知书", c.principal)
    c.paper("commitment_letter", "网站备案信息真实性承诺书", c.principal)
    c.scans()
    c.expect = [{"rule": "signed_document", "field": "websites[0].principal.name", "status": "match"}]
    c.write(out)

    def hubei(name: str) -> Case:
        c = case(name, province="湖北省")
        c.web_principal = _adult(rng)
        return c

    c = hubei("hubei-authorisation")
    c.paper("authorization_letter", "网站负责人授权书", c.principal, c.web_principal)
    c.scans()
    c.expect = [{"rule": "signed_document", "field": "websites[0].principal.name", "status": "match"}]
    c.write(out)
    c = hubei("hubei-authorisation-missing"); c.scans()
    c.expect = [{"rule": "signed_document", "field": "websites[0].principal.name", "status": "missing"}]
    c.write(out)
    c = hubei("hubei-authorisation-wrong-grantee")
    c.paper("authorization_letter", "网站负责人授权书", c.principal, _adult(rng))
    c.scans()
    c.expect = [{"rule": "signed_document", "field": "websites[0].principal.name", "status": "mismatch"},
                {"rule": "signed_document", "field": "websites[0].principal.id_number", "status": "mismatch"}]
    c.write(out)


def outsiders(case, rng: random.Random, out: Path) -> None:
    """Non-mainland 网站负责人 (issue 19): a Hong Kong or Macao resident with a 港澳台居民居住证, a
    foreigner with the 2023 permanent-residence card (a 9… number, no bad ID number), each clean;
    a passport whose machine-readable zone's check digit fails; a travel-permit number entered
    in the wrong shape."""
    from . import render_non_mainland
    from .non_mainland import td3

    c = case("hk-resident-website-principal"); c.website_outsider("hmt_residence_permit")
    o = c.outsider  # and the travel permit whose number the residence permit's back prints
    kind = "taiwan_permit" if o.number.startswith("83") else "hk_macao_permit"
    permit = replace(o, kind=kind, number=o.permit_number, authority="公安部出入境管理局")
    c.outsider_scans["permit.jpg"] = _jpeg(render_non_mainland.travel_permit(c.rng, permit)[0])
    c.scans()
    c.expect = [{"rule": "field_match", "field": "websites[0].principal.id_number", "status": "match"},
                {"rule": "person_document", "field": None, "status": "match"}]
    c.write(out)
    c = case("foreign-permanent-resident"); c.website_outsider("foreign_permanent_residence"); c.scans()
    c.expect = [{"rule": "field_match", "field": "websites[0].principal.id_number", "status": "match"}]
    c.write(out)
    c = case("passport-zone-forged")
    c.website_outsider("passport")
    line1, line2 = td3(c.outsider)
    digit = str((int(line2[19]) + 4) % 10)  # the birth date's check digit, changed
    c.outsider_scans = {"passport.jpg": _jpeg(render_non_mainland.passport(c.rng, c.outsider,
                                                                           (line1, line2[:19] + digit + line2[20:]))[0])}
    c.scans()
    c.expect = [{"rule": "person_document", "field": "websites[0].principal.id_number", "status": "invalid"}]
    c.write(out)
    c = case("travel-permit-number-shape"); c.website_outsider("hk_macao_permit"); c.scans()
    f = c.filing()
    f["websites"][0]["principal"]["id_number"] = c.outsider.number[:7]
    c.expect = [{"rule": "person_document", "field": "websites[0].principal.id_number", "status": "invalid"},
                {"rule": "field_match", "field": "websites[0].principal.id_number", "status": "mismatch"}]
    c.write(out, f)

