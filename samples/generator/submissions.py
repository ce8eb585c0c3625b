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

from . import render
from .identities import Person, make_company, make_domain, make_person, site_name

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

    def filing(self) -> dict:
        p, w = self.principal, self.web_principal
        if self.company:
            c = self.company
            subject = {"type": "enterprise", "name": c.name, "certificate_type": "business_license",
                       "certificate_number": c.credit_code, "address": c.address, "legal_representative": c.legal_representative}
        else:
            subject = {"type": "individual", "name": p.name, "certificate_type": "resident_id_card",
                       "certificate_number": p.id_number, "address": p.address}
        return {"submission_id": self.name, "filing_province": self.province, "subject": subject,
                "principal": {"name": p.name, "id_number": p.id_number},
                "websites": [{"name": site_name(subject["name"], not self.company), "domains": [self.domain.domain],
                              "principal": {"name": w.name, "id_number": w.id_number}}]}

    def scans(self, licence: bool = True, certificate: bool = True) -> None:
        rng = self.rng
        people = [self.principal] + ([self.web_principal] if self.web_principal is not self.principal else [])
        for k, person in enumerate(people + self.extra_people):
            self.files[f"id-{k}-front.jpg"] = _jpeg(render.id_front(rng, person)[0])
            self.files[f"id-{k}-back.jpg"] = _jpeg(render.id_back(rng, person)[0])
        if self.company and licence:
            self.files["licence.jpg"] = _jpeg(render.business_license(rng, self.company)[0], 75)
        if certificate:
            self.files["domain-cert.jpg"] = _jpeg(render.domain_certificate(rng, self.domain)[0], 75)

    def write(self, out: Path, filing: dict | None = None, verdict: str | None = None,
              profile: str | None = None, inflate: list[str] | None = None) -> None:
        folder = out / self.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "filing.json").write_text(json.dumps(filing or self.filing(), ensure_ascii=False, indent=1),
                                            encoding="utf-8")
        for name, data in self.files.items():
            (folder / name).write_bytes(data)
        problems = [e for e in self.expect if e["status"] != "warning"]
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
    c.expect = [{"rule": "cross_region", "field": "filing_province", "status": "warning"}]
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
    return made

