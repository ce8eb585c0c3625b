"""Classify the lines of a page into documents of the contract's types.

Each document module lists weighted markers (labels and titles it always
prints). A page scores each type by the markers found (one misread character
allowed in markers of four characters or more); below `MIN_SCORE` it is
`unknown`. A page that scores for both sides of an ID card (an A4 copy with
front and back) is split where a horizontal or vertical cut best separates the
two sides' markers, and each part is its own document.

A unit's certificate also says what it is by its credit code: the code's first two characters
(GB 32100's registering department and category) name the certificate a unit of that category
holds (12 事业单位法人证书, 51 社会团体法人登记证书, 91 营业执照, ...). When the markers make a
page a unit's certificate, a valid code adds `CODE_WEIGHT` to the certificate its category
names, so a page whose title a watermark or the seal hid is still told apart from the others.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from beian.extractors import (
    authorization_letter,
    business_license,
    commitment_letter,
    domain_certificate,
    foreign_permanent_residence,
    foundation_certificate,
    hk_macao_permit,
    hmt_residence_permit_back,
    hmt_residence_permit_front,
    id_card_back,
    id_card_front,
    institution_certificate,
    law_firm_licence,
    passport,
    private_non_enterprise_certificate,
    residence_permit,
    social_organization_certificate,
    taiwan_permit,
    uscc_certificate,
)
from beian.extractors.layout import Line
from beian.validators import ric, subject_types, uscc

MODULES = {m.TYPE: m for m in (id_card_front, id_card_back, business_license, domain_certificate, uscc_certificate,
                               institution_certificate, social_organization_certificate,
                               private_non_enterprise_certificate, foundation_certificate, law_firm_licence,
                               residence_permit, hmt_residence_permit_front, hmt_residence_permit_back,
                               hk_macao_permit, taiwan_permit, foreign_permanent_residence, passport,
                               commitment_letter, authorization_letter)}
MIN_SCORE = 3
CODE_WEIGHT = 3


def _has(marker: str, text: str) -> bool:
    if marker in text:
        return True
    return len(marker) >= 4 and fuzz.partial_ratio(marker, text) >= 75


def scores(lines: list[Line]) -> dict[str, int]:
    text = "\n".join(ln.key.lower() for ln in lines)
    return {t: sum(w for mk, w in m.MARKERS.items() if _has(mk.lower(), text)) for t, m in MODULES.items()}


def code_documents(lines: list[Line]) -> set[str]:
    """The unit certificates a valid credit code on the page belongs to (by its category)."""
    out: set[str] = set()
    for ln in lines:
        for m in business_license.CODE.finditer(ln.key.upper()):
            if fixed := uscc.repair(m.group(0)):
                out |= {d for t in subject_types.types_for_code(fixed[0])
                        if (d := subject_types.document(t)) in MODULES}
    return out


def best_type(lines: list[Line]) -> str:
    return told(lines)[0]


def told(lines: list[Line]) -> tuple[str, int]:
    """The document type the lines make (``unknown`` when none), and the weight its own printed
    markers give it, a credit code's category aside (under `MIN_SCORE`: the code alone named it).
    A 港澳台居民居住证's front is the ID card's print told apart by its number: the card's weight."""
    own = scores(lines)
    s = dict(own)
    t = max(s, key=lambda k: s[k])
    units = subject_types.subject_documents()
    if t in units or (s[t] < MIN_SCORE and any(s[u] for u in units)):
        for d in code_documents(lines):
            s[d] += CODE_WEIGHT
        t = max(s, key=lambda k: s[k])
    if s[t] < MIN_SCORE:
        return "unknown", own[t]
    return ("hmt_residence_permit_front" if t == "id_card_front" and _hmt_number(lines) else t), own[t]


def _hmt_number(lines: list[Line]) -> bool:
    """A valid citizen number of Hong Kong, Macao or Taiwan (810000-830000) on the page: a
    港澳台居民居住证's front, which prints the ID card's labels."""
    for ln in lines:
        for m in re.finditer(r"[0-9]{17}[0-9Xx]", ln.key.replace(" ", "")):
            if m.group(0)[:6] in hmt_residence_permit_front.REGIONS and ric.is_valid(m.group(0)):
                return True
    return False


def split(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """One or more (type, lines) documents on a page, top to bottom, left to right."""
    s = scores(lines)
    # only an ID card's page is cut (a 居住证 prints the front's labels and the back's 签发机关 too)
    if s["id_card_front"] >= MIN_SCORE and s["id_card_back"] >= MIN_SCORE \
            and best_type(lines) in ("id_card_front", "id_card_back"):
        parts = _cut(lines)
        if parts:
            docs = [(best_type(p), p) for p in parts]
            if {t for t, _ in docs} == {"id_card_front", "id_card_back"}:
                return docs
    return [(best_type(lines), lines)]


def _cut(lines: list[Line]) -> list[list[Line]] | None:
    """Split at the widest empty band across the page (horizontal first)."""
    for axis in ("y", "x"):
        spans = sorted((ln.y0, ln.y1) if axis == "y" else (ln.x0, ln.x1) for ln in lines)
        best_gap, cut, reach = 0.0, None, spans[0][1]
        for a, b in spans[1:]:
            if a - reach > best_gap:
                best_gap, cut = a - reach, (a + reach) / 2
            reach = max(reach, b)
        med_h = sorted(ln.h for ln in lines)[len(lines) // 2]
        if cut is not None and best_gap > 1.5 * med_h:
            key = (lambda ln: ln.cy) if axis == "y" else (lambda ln: (ln.x0 + ln.x1) / 2)
            first = [ln for ln in lines if key(ln) < cut]
            second = [ln for ln in lines if key(ln) >= cut]
            if first and second:
                return [first, second]
    return None
