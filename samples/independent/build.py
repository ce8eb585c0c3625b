"""Build the independent set: scans with truth, and clean submissions.

``build_scans``: every layout of every type clean, then each type under each
degraded capture (layouts drawn at random), as ``NNN-<type>-<layout>-<capture>.<ext>``
with ``X.truth.json`` beside it (same shape as the first generator's truth).
``build_submissions``: clean submissions whose scans all come from this renderer
(2019, 2015 and electronic licences, a branch, an individual); each must pass.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path

from generator import capture
from generator.identities import make_domain, make_person, site_name
from PIL import Image

from . import certificate, id_card, licence
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


def build_scans(out: Path, seed: int) -> list[Path]:
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
        img = degrade(rng, cap, img)
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
        written.append(path)
    return written


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
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "filing.json").write_text(json.dumps(filing, ensure_ascii=False, indent=1), encoding="utf-8")
        for fname, data in files.items():
            (folder / fname).write_bytes(data)
        (folder / "expected.json").write_text(json.dumps({"as_of": AS_OF.isoformat(), "verdict": "pass", "checks": []},
                                                         ensure_ascii=False, indent=1), encoding="utf-8")
        made.append(name)
    return made
