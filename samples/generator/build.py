"""Build a set of synthetic scans with ground truth beside each file.

Every file ``X`` gets ``X.truth.json``: how it was made (document kinds, capture,
seed) and the fields each document on each page must yield.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from PIL import Image

from . import capture, render
from .identities import (
    ORGANISATIONS,
    make_company,
    make_domain,
    make_organisation,
    make_person,
    make_residence_permit,
)

CLEAN = ["clean", "scan_pdf"]
DEGRADED = ["photo", "skew", "rot90", "rot180", "rot270", "blur", "jpeg", "photocopy"]
KINDS = ["id_card_front", "id_card_back", "business_license", "domain_certificate"]
# the organisations' certificates (issue 18), drawn from their own random stream so that adding
# them left every scan of the kinds above as it was
ORG_KINDS = [spec["doc"] for spec in ORGANISATIONS.values()]


def _save(img: Image.Image, path: Path, fmt: str) -> None:
    if fmt == "jpg":
        img.convert("RGB").save(path, "JPEG", quality=88)
    elif fmt == "png":
        img.save(path, "PNG", optimize=True)
    elif fmt == "webp":
        img.save(path, "WEBP", quality=85)
    elif fmt == "bmp":
        img.save(path, "BMP")
    else:
        raise ValueError(fmt)


def _apply(rng: random.Random, cap: str, img: Image.Image) -> Image.Image:
    if cap == "clean":
        return img
    if cap.startswith("rot"):
        return capture.rotate(img, int(cap[3:]))
    return {"photo": capture.table_photo, "skew": capture.skew, "blur": capture.blur,
            "jpeg": capture.low_jpeg, "photocopy": capture.photocopy}[cap](rng, img)


def build(out: Path, seed: int, per_kind: int, captures: list[str], extras: bool = True,
          organisations: int = 1, org_captures: list[str] | None = None, permits: int = 1,
          papers: int = 3) -> list[Path]:
    """Write per_kind documents of each kind under each capture, plus composite files,
    ``organisations`` certificates of each organisation kind, ``permits`` residence permits (and
    of each non-mainland person's document) and ``papers`` signed papers under each of
    ``org_captures`` (default: the same captures)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written: list[Path] = []

    def emit(name: str, data: bytes | Image.Image, fmt: str, pages: list[list[dict]], how: str) -> None:
        path = out / f"{name}.{fmt}"
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            _save(data, path, fmt)
        truth = {"file": path.name, "capture": how, "seed": seed, "generator": "samples/generate.py",
                 "pages": [[{"type": d["type"], "fields": d["fields"]} for d in docs] for docs in pages]}
        (out / f"{name}.{fmt}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
        written.append(path)

    def one(kind: str):
        p = make_person(rng)
        if kind == "id_card_front":
            return render.id_front(rng, p)
        if kind == "id_card_back":
            return render.id_back(rng, p)
        if kind == "business_license":
            return render.business_license(rng, make_company(rng, p.name))
        return render.domain_certificate(rng, make_domain(rng, rng.choice([p.name, make_company(rng, p.name).name])))

    def organisation_files(first: int) -> None:
        org_rng = random.Random(seed * 7919 + 18)
        n = first
        for cap in captures if org_captures is None else org_captures:
            for subject_type, spec in ORGANISATIONS.items():
                for _ in range(organisations):
                    n += 1
                    o = make_organisation(org_rng, subject_type, make_person(org_rng).name)
                    img, fields = render.organisation_certificate(org_rng, o)
                    doc = [{"type": spec["doc"], "fields": fields}]
                    name = f"{n:03d}-{spec['doc']}-{cap}"
                    if cap == "scan_pdf":
                        emit(name, capture.scanned_pdf([img]), "pdf", [doc], cap)
                    else:
                        emit(name, _apply(org_rng, cap, img), "jpg", [doc], cap)

    def permit_files(first: int) -> None:
        # the people's other documents (issue 19), from their own random stream too
        person_rng = random.Random(seed * 7919 + 19)
        n = first
        for cap in captures if org_captures is None else org_captures:
            for _ in range(permits):
                n += 1
                r = make_residence_permit(person_rng, make_person(person_rng))
                img, fields = render.residence_permit(person_rng, r)
                doc = [{"type": "residence_permit", "fields": fields}]
                name = f"{n:03d}-residence_permit-{cap}"
                if cap == "scan_pdf":
                    emit(name, capture.scanned_pdf([img]), "pdf", [doc], cap)
                else:
                    emit(name, _apply(person_rng, cap, img), "jpg", [doc], cap)

    def outsider_files(first: int) -> None:
        # the non-mainland people's documents (issue 19), from a stream of their own
        from . import render_non_mainland
        from .non_mainland import make_outsider

        out_rng = random.Random(seed * 7919 + 20)
        n = first
        for cap in captures if org_captures is None else org_captures:
            for doc_type, (kind, draw) in render_non_mainland.DOCUMENTS.items():
                for _ in range(permits):
                    n += 1
                    img, fields = draw(out_rng, make_outsider(out_rng, kind))
                    doc = [{"type": doc_type, "fields": fields}]
                    name = f"{n:03d}-{doc_type}-{cap}"
                    if cap == "scan_pdf":
                        emit(name, capture.scanned_pdf([img]), "pdf", [doc], cap)
                    else:
                        emit(name, _apply(out_rng, cap, img), "jpg", [doc], cap)

    def paper_files(first: int) -> None:
        # signed papers (issue 19), each mark present and absent in turn (`papers.VARIANTS`), from a
        # stream of their own; a grey copy shows no red seal or fingerprint, and its truth says so
        from .papers import letter, lost_in_grey, public_truth, variant

        paper_rng = random.Random(seed * 7919 + 21)
        n, k = first, 0
        for cap in captures if org_captures is None else org_captures:
            for _ in range(papers):
                n += 1
                p = variant(paper_rng, k)
                k += 1
                img, fields = letter(paper_rng, p)
                fields = public_truth(lost_in_grey(fields) if cap == "photocopy" else fields)
                doc = [{"type": p.kind, "fields": fields}]
                name = f"{n:03d}-{p.kind}-{cap}"
                if cap == "scan_pdf":
                    emit(name, capture.scanned_pdf([img]), "pdf", [doc], cap)
                else:
                    emit(name, _apply(paper_rng, cap, img), "jpg", [doc], cap)

    n = 0
    for cap in captures:
        for kind in KINDS:
            for _ in range(per_kind):
                n += 1
                img, fields = one(kind)
                doc = [{"type": kind, "fields": fields}]
                if cap == "scan_pdf":
                    emit(f"{n:03d}-{kind}-{cap}", capture.scanned_pdf([img]), "pdf", [doc], cap)
                else:
                    fmt = "png" if cap == "clean" and kind.startswith("id") else "jpg"
                    emit(f"{n:03d}-{kind}-{cap}", _apply(rng, cap, img), fmt, [doc], cap)
    if organisations:
        organisation_files(500)
    if permits:
        permit_files(600)
        outsider_files(700)
    if papers:
        paper_files(800)
    if not extras:
        return written
    for i in range(per_kind):
        p = make_person(rng)
        (front, tf), (back, tb) = render.id_front(rng, p), render.id_back(rng, p)
        sides = [{"type": "id_card_front", "fields": tf}, {"type": "id_card_back", "fields": tb}]
        emit(f"a4-two-sides-{i}", capture.a4_two_sides(rng, front, back), "jpg", [sides], "a4_two_sides")
        emit(f"tiff-front-back-{i}", capture.multipage_tiff([front, back]), "tif", [sides[:1], sides[1:]], "tiff_2_pages")
        from .digital_pdf import domain_certificate_pdf
        dm = make_domain(rng, make_company(rng, p.name).name)
        emit(f"digital-domain-{i}", domain_certificate_pdf(dm, i % len(render.CERT_TEMPLATES)), "pdf",
             [[{"type": "domain_certificate", "fields": {
                 "domain": dm.domain, "holder": dm.holder, "registrar": dm.registrar,
                 "registration_date": dm.registered.isoformat(), "expiry_date": dm.expires.isoformat()}}]],
             "digital_pdf")
        lic, tl = render.business_license(rng, make_company(rng, p.name))
        emit(f"mixed-pdf-{i}", capture.scanned_pdf([lic, front]), "pdf",
             [[{"type": "business_license", "fields": tl}], sides[:1]], "scan_pdf_2_documents")
        emit(f"webp-front-{i}", front, "webp", [sides[:1]], "clean_webp")
        small = back.resize((720, int(720 * back.height / back.width)))
        emit(f"bmp-back-{i}", small, "bmp", [sides[1:]], "clean_bmp_720px")
    return written


def clean_or_degraded(capture_name: str) -> str:
    return "degraded" if capture_name in DEGRADED or capture_name == "a4_two_sides" else "clean"


__all__ = ["build", "CLEAN", "DEGRADED", "KINDS", "clean_or_degraded"]
