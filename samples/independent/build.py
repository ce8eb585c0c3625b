"""Build the independent set: scans with truth, and clean submissions.

``build_scans``: every layout of every type clean, then each type under each
degraded capture (layouts drawn at random), as ``NNN-<type>-<layout>-<capture>.<ext>``
with ``X.truth.json`` beside it (same shape as the first generator's truth).
``build_submissions``: clean submissions whose scans all come from this renderer
(2019, 2015 and electronic licences, a branch, an individual, an institution, a social
organisation, a government body); each must pass.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path

from generator import capture
from generator.identities import (
    ORGANISATIONS,
    make_domain,
    make_organisation,
    make_person,
    make_residence_permit,
    site_name,
)
from generator.submissions import local_mobile
from PIL import Image

from . import certificate, id_card, licence, organisation, residence_permit
from .draw import overlay_text
from .entities import make_subject

CLEAN = ["clean"]
DEGRADED = ["photo", "skew", "rot90", "rot270", "blur", "jpeg", "photocopy", "lowres", "watermark"]
AS_OF = dt.date(2026, 11, 28)


def lowres(rng: random.Random, img: Image.Image) -> Image.Image:
    """A small image as web pages and chat apps pass them on."""
    width = rng.randint(520, 720)
    small = img.resize((width, int(img.height * width / img.width)), Image.LANCZOS)
    return capture.jpeg(small, rng.randint(55, 75))


def watermark(rng: random.Random, img: Image.Image) -> Image.Image:
    words = rng.choice(["仅供ICP备案使用", "仅用于网站备案", "信息披露专用", "复印无效"])
    colour = rng.choice([(200, 40, 40), (120, 120, 120)])
    return capture.jpeg(overlay_text(img, rng, words, colour, alpha=rng.randint(50, 80)), 85)


def degrade(rng: random.Random, cap: str, img: Image.Image) -> Image.Image:
    if cap == "clean":
        return img
    if cap.startswith("rot"):
        return capture.rotate(img, int(cap[3:]))
    return {"photo": capture.table_photo, "skew": capture.skew, "blur": capture.blur, "jpeg": capture.low_jpeg,
            "photocopy": capture.photocopy, "lowres": lowres, "watermark": watermark}[cap](rng, img)


def render(rng: random.Random, doc_type: str, layout: str | None = None):
    """(image, fields, layout) of one invented document."""
    p = make_person(rng)
    if doc_type == "id_card_front":
        return (*id_card.front(rng, p), "card")
    if doc_type == "id_card_back":
        return (*id_card.back(rng, p), "card")
    if doc_type == "business_license":
        layout = layout or rng.choice(list(licence.LAYOUTS))
        kind = "company" if layout == "old_2008" else None
        return (*licence.LAYOUTS[layout](rng, make_subject(rng, kind, p)), layout)
    layout = layout or rng.choice(list(certificate.LAYOUTS))
    holder = p.name if rng.random() < 0.5 else make_subject(rng, "company", p).company.name
    return (*certificate.LAYOUTS[layout](rng, make_domain(rng, holder)), layout)


def build_scans(out: Path, seed: int, organisations: str = "all", papers: int = 2) -> list[Path]:
    """The documents of every kind clean and under each degraded capture; the organisations'
    certificates ``all`` (each layout clean, each kind under each capture), ``clean`` (one of
    each kind, clean: what the repository keeps) or ``none``; the people's documents and signed
    papers likewise (with ``all``, ``papers`` signed papers under each degraded capture)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    plan = [("id_card_front", None, "clean"), ("id_card_back", None, "clean")]
    plan += [("business_license", layout, "clean") for layout in licence.LAYOUTS for _ in range(2)]
    plan += [("domain_certificate", layout, "clean") for layout in certificate.LAYOUTS]
    plan += [(t, None, cap) for cap in DEGRADED for t in ("id_card_front", "id_card_back", "business_license",
                                                          "domain_certificate")]
    written = []
    for n, (doc_type, layout, cap) in enumerate(plan, start=1):
        img, fields, layout = render(rng, doc_type, layout)
        written.append(_write(out, n, doc_type, layout, cap, degrade(rng, cap, img), fields, seed))
    # the organisations' certificates: every layout of every kind clean, each kind under each degraded
    # capture, from their own random stream (the scans above stay as they were)
    org_rng = random.Random(seed * 7919 + 18)
    org_plan = [(t, layout, "clean") for t in ORGANISATIONS for layout in organisation.LAYOUTS]
    org_plan += [(t, None, cap) for cap in DEGRADED for t in ORGANISATIONS]
    if organisations == "clean":
        org_plan = [(t, list(organisation.LAYOUTS)[k % len(organisation.LAYOUTS)], "clean")
                    for k, t in enumerate(ORGANISATIONS)]
    elif organisations == "none":
        org_plan = []
    for n, (subject_type, layout, cap) in enumerate(org_plan, start=501):
        layout = layout or org_rng.choice(list(organisation.LAYOUTS))
        o = make_organisation(org_rng, subject_type, make_person(org_rng).name)
        img, fields = organisation.LAYOUTS[layout](org_rng, o)
        written.append(_write(out, n, o.doc_type, layout, cap, degrade(org_rng, cap, img), fields, seed))
    # the people's other documents (issue 19): each layout clean, then under each degraded capture
    # (``clean``/``none`` as for the organisations: one of each layout, or none)
    person_rng = random.Random(seed * 7919 + 19)
    person_plan = [(layout, "clean") for layout in residence_permit.LAYOUTS]
    if organisations == "all":
        person_plan += [(None, cap) for cap in DEGRADED]
    elif organisations == "none":
        person_plan = []
    for n, (layout, cap) in enumerate(person_plan, start=601):
        layout = layout or person_rng.choice(list(residence_permit.LAYOUTS))
        r = make_residence_permit(person_rng, make_person(person_rng))
        img, fields = residence_permit.render(person_rng, r, layout)
        written.append(_write(out, n, "residence_permit", layout, cap, degrade(person_rng, cap, img), fields, seed))
    # the non-mainland people's documents: each clean, then (``all``) each under each degraded capture
    from generator.non_mainland import make_outsider

    from . import non_mainland

    out_rng = random.Random(seed * 7919 + 20)
    caps = [] if organisations == "none" else ["clean"] + (DEGRADED if organisations == "all" else [])
    plan = [(doc_type, cap) for cap in caps for doc_type in non_mainland.DOCUMENTS]
    for n, (doc_type, cap) in enumerate(plan, start=701):
        kind, draw = non_mainland.DOCUMENTS[doc_type]
        img, fields = draw(out_rng, make_outsider(out_rng, kind))
        written.append(_write(out, n, doc_type, "card", cap, degrade(out_rng, cap, img), fields, seed))
    # signed papers (issue 19): every layout clean, then (``all``) ``papers`` under each degraded capture,
    # each mark present and absent in turn (`generator.papers.VARIANTS`); a grey copy shows no red
    # seal or fingerprint, and its truth says so
    from generator.papers import lost_in_grey, variant

    from . import papers as letters  # not ``papers``: the number of them per capture

    paper_rng = random.Random(seed * 7919 + 21)
    plan = [] if organisations == "none" else [(k, layout, "clean") for k, layout in letters.CLEAN_PLAN]
    if organisations == "all":
        plan += [(k, None, cap) for k, cap in enumerate(cap for cap in DEGRADED for _ in range(papers))]
    for n, (k, layout, cap) in enumerate(plan, start=801):
        p = variant(paper_rng, k)
        img, fields, layout = letters.render(paper_rng, p, layout)
        fields = lost_in_grey(fields) if cap == "photocopy" else fields
        written.append(_write(out, n, p.kind, layout, cap, degrade(paper_rng, cap, img), fields, seed))
    return written


def _write(out: Path, n: int, doc_type: str, layout: str, cap: str, img: Image.Image, fields: dict,
           seed: int) -> Path:
    """One scan and its truth beside it."""
    ext = "png" if cap == "clean" and doc_type.startswith("id") else "jpg"
    path = out / f"{n:03d}-{doc_type}-{layout}-{cap}.{ext}"
    if ext == "png":
        img.save(path, "PNG", optimize=True)
    else:
        img.convert("RGB").save(path, "JPEG", quality=85)
    truth = {"file": path.name, "capture": cap, "layout": layout, "seed": seed,
             "generator": "samples/generate.py --independent", "pages": [[{"type": doc_type, "fields": fields}]]}
    path.with_name(path.name + ".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                                           encoding="utf-8")
    return path


def _jpeg(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=82)
    return buf.getvalue()


def _adult(rng: random.Random):
    while True:
        p = make_person(rng)
        if (AS_OF - p.birth).days > 25 * 366 and (p.valid_until is None or p.valid_until > AS_OF + dt.timedelta(days=200)):
            return p


def _domain(rng: random.Random, holder: str):
    while True:
        dm = make_domain(rng, holder)
        if dm.domain.endswith((".com", ".cn", ".net", ".top", ".中国")) and dm.expires > AS_OF + dt.timedelta(days=200):
            return dm


def build_submissions(out: Path, seed: int) -> list[str]:
    rng = random.Random(seed)
    made = []
    cases = [("indep-enterprise-2019", "national_2019", "company", "icann_bilingual"),
             ("indep-enterprise-2015", "sanzheng_2015", "company", "cnnic_bilingual"),
             ("indep-enterprise-electronic", "electronic", "company", "prose_first"),
             ("indep-branch", "national_2019", "branch", "two_names"),
             ("indep-individual", None, None, "icann_bilingual")]
    for name, layout, kind, cert in cases:
        person = _adult(rng)
        files: dict[str, bytes] = {"sfz-front.jpg": _jpeg(id_card.front(rng, person)[0]),
                                   "sfz-back.jpg": _jpeg(id_card.back(rng, person)[0])}
        if layout:
            subject = make_subject(rng, kind, person)
            while subject.company.valid_until and subject.company.valid_until < AS_OF + dt.timedelta(days=200):
                subject = make_subject(rng, kind, person)  # a clean submission's licence is in force
            c = subject.company
            files["yyzz.jpg"] = _jpeg(licence.LAYOUTS[layout](rng, subject)[0])
            holder = c.name
            filing_subject = {"type": "enterprise", "name": c.name, "certificate_type": "business_license",
                              "certificate_number": c.credit_code, "address": c.address,
                              "legal_representative": person.name}
            province = c.region[1]
        else:
            holder = person.name
            filing_subject = {"type": "individual", "name": person.name, "certificate_type": "resident_id_card",
                              "certificate_number": person.id_number, "address": person.address}
            province = person.region[1]
        dm = _domain(rng, holder)
        files["ymzs.jpg"] = _jpeg(certificate.LAYOUTS[cert](rng, dm)[0])
        filing = {"submission_id": name, "filing_province": province, "subject": filing_subject,
                  "principal": {"name": person.name, "id_number": person.id_number},
                  "websites": [{"name": site_name(filing_subject["name"], filing_subject["type"] == "individual"),
                                "domains": [dm.domain],
                                "principal": {"name": person.name, "id_number": person.id_number}}]}
        _submission(out / name, filing, files)
        made.append(name)
    # units that are not enterprises (issue 18), from their own random stream: the cases above
    # stay as they were
    org_rng = random.Random(seed * 7919 + 18)
    for name, subject_type, layout, suffix, cert in (
            ("indep-institution", "institution", "landscape", "cn", "icann_bilingual"),
            ("indep-social-organization", "social_organization", "colon_rows", "cn", "cnnic_bilingual"),
            ("indep-government", "government", "colon_rows", "gov.cn", "prose_first")):
        person = _adult(org_rng)
        o = make_organisation(org_rng, subject_type, person.name)
        while o.valid_until and o.valid_until < AS_OF + dt.timedelta(days=200):
            o = make_organisation(org_rng, subject_type, person.name)  # a clean submission's certificate is in force
        dm = make_domain(org_rng, o.name)
        dm.domain = dm.domain.split(".")[0] + "." + suffix
        if dm.expires < AS_OF + dt.timedelta(days=200):
            dm.expires = dm.expires.replace(year=AS_OF.year + 2)
        files = {"sfz-front.jpg": _jpeg(id_card.front(org_rng, person)[0]),
                 "sfz-back.jpg": _jpeg(id_card.back(org_rng, person)[0]),
                 "zhengshu.jpg": _jpeg(organisation.LAYOUTS[layout](org_rng, o)[0]),
                 "ymzs.jpg": _jpeg(certificate.LAYOUTS[cert](org_rng, dm)[0])}
        contact = {"mobile": local_mobile(org_rng, o.region[1]), "email": f"admin@{dm.domain}"}
        filing = {"submission_id": name, "filing_province": o.region[1],
                  "subject": {"type": subject_type, "name": o.name, "certificate_type": o.doc_type,
                              "certificate_number": o.credit_code, "address": o.address,
                              "legal_representative": person.name},
                  "principal": {"name": person.name, "id_number": person.id_number, **contact},
                  "websites": [{"name": site_name(o.name, False), "domains": [dm.domain],
                                "principal": {"name": person.name, "id_number": person.id_number, **contact}}]}
        _submission(out / name, filing, files)
        made.append(name)
    papers_for(out, seed, made)
    # a cross-region individual with a 居住证 (issue 19): a resident of elsewhere filing in 上海
    person_rng = random.Random(seed * 7919 + 19)
    for name, layout in (("indep-cross-region-permit", "ic_card"), ("indep-cross-region-permit-form", "form_page")):
        person = _adult(person_rng)
        while person.region[1] == "上海市":
            person = _adult(person_rng)
        permit = make_residence_permit(person_rng, person, "上海市")
        while not (permit.valid_until and permit.valid_until > AS_OF + dt.timedelta(days=120)):
            permit = make_residence_permit(person_rng, person, "上海市")
        dm = _domain(person_rng, person.name)
        files = {"sfz-front.jpg": _jpeg(id_card.front(person_rng, person)[0]),
                 "sfz-back.jpg": _jpeg(id_card.back(person_rng, person)[0]),
                 "juzhuzheng.jpg": _jpeg(residence_permit.render(person_rng, permit, layout)[0]),
                 "ymzs.jpg": _jpeg(certificate.LAYOUTS["icann_bilingual"](person_rng, dm)[0])}
        filing = {"submission_id": name, "filing_province": "上海市",
                  "subject": {"type": "individual", "name": person.name, "certificate_type": "resident_id_card",
                              "certificate_number": person.id_number, "address": person.address,
                              "contact_address": permit.residence_address},
                  "principal": {"name": person.name, "id_number": person.id_number},
                  "websites": [{"name": site_name(person.name, True), "domains": [dm.domain],
                                "principal": {"name": person.name, "id_number": person.id_number}}]}
        _submission(out / name, filing, files)
        made.append(name)
    return made


def papers_for(out: Path, seed: int, made: list[str]) -> None:
    """Signed papers (issue 19), from a stream of their own (the cases before stay as they were):
    the Guangdong branch's 承诺书, a Guangdong individual's with a fingerprint, and a Hubei
    company's 授权书 for a 网站负责人 who is not its legal representative; each must pass."""
    from generator.papers import make_paper

    from . import papers

    rng = random.Random(seed * 7919 + 21)
    branch = out / "indep-branch"
    if branch.is_dir():
        f = json.loads((branch / "filing.json").read_text(encoding="utf-8"))
        p = make_paper(rng, "commitment_letter", f["subject"]["name"],
                       (f["principal"]["name"], f["principal"]["id_number"]), today=AS_OF,
                       title="互联网信息服务备案承诺书")
        (branch / "chengnuoshu.jpg").write_bytes(_jpeg(papers.render(rng, p, "prose_fill")[0]))
    person = _adult(rng)
    while person.region[1] != "广东省":
        person = _adult(rng)
    dm = _domain(rng, person.name)
    p = make_paper(rng, "commitment_letter", person.name, (person.name, person.id_number), unit=False, today=AS_OF,
                   title="互联网信息服务备案承诺书", fingerprint=True)
    files = {"sfz-front.jpg": _jpeg(id_card.front(rng, person)[0]), "sfz-back.jpg": _jpeg(id_card.back(rng, person)[0]),
             "ymzs.jpg": _jpeg(certificate.LAYOUTS["cnnic_bilingual"](rng, dm)[0]),
             "chengnuoshu.jpg": _jpeg(papers.render(rng, p, "table_form")[0])}
    filing = {"submission_id": "indep-guangdong-individual", "filing_province": "广东省",
              "subject": {"type": "individual", "name": person.name, "certificate_type": "resident_id_card",
                          "certificate_number": person.id_number, "address": person.address},
              "principal": {"name": person.name, "id_number": person.id_number},
              "websites": [{"name": site_name(person.name, True), "domains": [dm.domain],
                            "principal": {"name": person.name, "id_number": person.id_number}}]}
    _submission(out / filing["submission_id"], filing, files)
    made.append(filing["submission_id"])
    boss, web = _adult(rng), _adult(rng)
    subject = make_subject(rng, "company", boss)
    while subject.company.region[1] != "湖北省" or (subject.company.valid_until and
                                                   subject.company.valid_until < AS_OF + dt.timedelta(days=200)):
        subject = make_subject(rng, "company", boss)
    c = subject.company
    dm = _domain(rng, c.name)
    p = make_paper(rng, "authorization_letter", c.name, (boss.name, boss.id_number), (web.name, web.id_number),
                   today=AS_OF, title="网站负责人授权书")
    files = {"sfz-front.jpg": _jpeg(id_card.front(rng, boss)[0]), "sfz-back.jpg": _jpeg(id_card.back(rng, boss)[0]),
             "wz-sfz-front.jpg": _jpeg(id_card.front(rng, web)[0]), "wz-sfz-back.jpg": _jpeg(id_card.back(rng, web)[0]),
             "yyzz.jpg": _jpeg(licence.LAYOUTS["national_2019"](rng, subject)[0]),
             "ymzs.jpg": _jpeg(certificate.LAYOUTS["icann_bilingual"](rng, dm)[0]),
             "shouquanshu.jpg": _jpeg(papers.render(rng, p, "grant_table")[0])}
    filing = {"submission_id": "indep-hubei-authorisation", "filing_province": "湖北省",
              "subject": {"type": "enterprise", "name": c.name, "certificate_type": "business_license",
                          "certificate_number": c.credit_code, "address": c.address, "legal_representative": boss.name},
              "principal": {"name": boss.name, "id_number": boss.id_number},
              "websites": [{"name": site_name(c.name, False), "domains": [dm.domain],
                            "principal": {"name": web.name, "id_number": web.id_number}}]}
    _submission(out / filing["submission_id"], filing, files)
    made.append(filing["submission_id"])


def _submission(folder: Path, filing: dict, files: dict[str, bytes]) -> None:
    """A clean submission: its filing, its scans, and expected.json (pass, no checks)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "filing.json").write_text(json.dumps(filing, ensure_ascii=False, indent=1), encoding="utf-8")
    for fname, data in files.items():
        (folder / fname).write_bytes(data)
    (folder / "expected.json").write_text(json.dumps({"as_of": AS_OF.isoformat(), "verdict": "pass", "checks": []},
                                                     ensure_ascii=False, indent=1), encoding="utf-8")
