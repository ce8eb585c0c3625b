"""What a submission's scans show, matched to what its filing says.

`gather` pairs every document with the people and things of the filing: each
ID card front with the person whose number (else name) it carries, never by
file order; a back with the front in the same file, else with the one person
still missing a back; the subject's certificate (营业执照 or an organisation's certificate) with the subject,
the one of the entered type first; certificates with domains.
The rules in `beian.validators.rules` read this and return checks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz
from stdnum.exceptions import InvalidFormat

from beian.filing import FilingData
from beian.models import Document
from beian.models import Field as ReadField
from beian.text import compact
from beian.validators import domains, person_documents, ric, signed_papers, subject_types

_LOOKALIKE = str.maketrans({"l": "1", "i": "1", "o": "0"})


@dataclass
class Seen:
    """A document read from page `page` of `file`."""

    file: str
    page: int
    doc: Document

    @property
    def ref(self) -> str:
        return f"{self.file}#{self.page}"

    def get(self, name: str) -> ReadField:
        return self.doc.fields.get(name) or ReadField()


@dataclass
class PersonPath:
    """One place in the filing that names a person."""

    path: str  # principal, websites[0].principal, subject
    name: str
    id_number: str
    name_field: str
    id_field: str
    document_type: str = "resident_id_card"  # the document the number is of (`validators.person_documents`)


@dataclass
class Person:
    """One real person, however many places of the filing name them."""

    paths: list[PersonPath]
    front: Seen | None = None
    back: Seen | None = None
    # how each card was given to this person: front "number" | "name" | "fuzzy" (with its score),
    # back "same file" | "the only one" | "authority and file name" (with its score)
    front_by: str | None = None
    front_score: float | None = None
    back_by: str | None = None
    back_score: float | None = None
    # a 港澳台居民居住证 holder's travel permit uploaded beside it (its number is printed on the back)
    permit: Seen | None = None

    @property
    def main(self) -> PersonPath:
        return self.paths[0]

    @property
    def mainland(self) -> bool:
        """Files with the resident ID card (front and back are read and matched)."""
        return person_documents.is_mainland(self.main.document_type)


@dataclass
class Evidence:
    filing: FilingData
    as_of: dt.date
    min_confidence: float
    documents: list[Seen]
    failed: list[tuple[str, str]]  # (file, reason) of scans that could not be read
    people: list[Person] = field(default_factory=list)
    subject_certificates: list[Seen] = field(default_factory=list)  # 营业执照 or an organisation's
    certificates: list[Seen] = field(default_factory=list)
    residence_permits: list[Seen] = field(default_factory=list)  # 居住证, the subject's first
    papers: list[Seen] = field(default_factory=list)  # signed papers: 承诺书 / 告知书, 授权书
    unmatched: list[Seen] = field(default_factory=list)
    duplicates: list[Seen] = field(default_factory=list)
    # for the provider checks: each upload's facts, the provider's upload profile (None: not
    # checked) and how many months a document must stay valid (setting; a province may ask more)
    uploads: list = field(default_factory=list)  # of validators.upload_profiles.UploadFacts
    upload_profile: str | None = None
    margin_months: int = 3

    @property
    def subject_certificate(self) -> Seen | None:
        return self.subject_certificates[0] if self.subject_certificates else None

    def certificate_for(self, domain: str) -> Seen | None:
        """The certificate of a domain: the one naming it exactly, else one whose name
        differs only in letters the recogniser confuses with digits (l/1, i/1, o/0),
        so that a misread does not hide a certificate. Whether that certificate's
        domain *matches* is decided by `same_domain`, which never folds look-alikes."""
        exact = [c for c in self.certificates if same_domain(domain, c.get("domain").value)]
        if exact:
            return exact[0]
        want = domain.translate(_LOOKALIKE)
        for c in self.certificates:
            if (c.get("domain").value or "").translate(_LOOKALIKE) == want:
                return c
        return None


def same_domain(entered: str | None, read: str | None) -> bool:
    """Equal after IDNA (UTS 46) and case folding only: paypa1.com is not paypal.com."""
    if not entered or not read:
        return False
    try:
        return domains.validate(entered) == domains.validate(read)
    except InvalidFormat:
        return entered.strip().lower() == read.strip().lower()


def _number(value: str | None) -> str:
    """An ID number as compared: no spaces, upper-case X."""
    return compact(value or "").upper()


def _key(p: PersonPath) -> str:
    return _number(p.id_number) or "name:" + compact(p.name)


def person_paths(filing: FilingData) -> list[PersonPath]:
    out = []
    if filing.subject.type == "individual":
        s = filing.subject
        kind = s.certificate_type if s.certificate_type in person_documents.TYPES else filing.principal.document_type
        out.append(PersonPath("subject", s.name, s.certificate_number, "subject.name", "subject.certificate_number",
                              kind))
    out.append(PersonPath("principal", filing.principal.name, filing.principal.id_number,
                          "principal.name", "principal.id_number", filing.principal.document_type))
    for i, w in enumerate(filing.websites):
        base = f"websites[{i}].principal"
        out.append(PersonPath(base, w.principal.name, w.principal.id_number, f"{base}.name", f"{base}.id_number",
                              w.principal.document_type))
    return out


def gather(filing: FilingData, documents: list[Seen], failed: list[tuple[str, str]], as_of: dt.date,
           min_confidence: float) -> Evidence:
    ev = Evidence(filing, as_of, min_confidence, documents, failed)
    groups: dict[str, Person] = {}
    for p in person_paths(filing):
        groups.setdefault(_key(p), Person([])).paths.append(p)
    ev.people = list(groups.values())
    fronts = [d for d in documents if d.doc.type == "id_card_front"]
    backs = [d for d in documents if d.doc.type == "id_card_back"]
    used: set[int] = set()
    for how in ("number", "name", "fuzzy"):
        for person in ev.people:
            if person.front is None and person.mainland:
                found = _find_front(person, fronts, used, how)
                if found is not None:
                    i, person.front_score = found
                    person.front, person.front_by = fronts[i], how
                    used.add(i)
    numbers = {_number(p.id_number) for person in ev.people for p in person.paths}
    for i, f in enumerate(fronts):
        if i not in used:
            # a second copy of a card already matched is a duplicate, not a stranger's card
            (ev.duplicates if _number(f.get("id_number").value) in numbers else ev.unmatched).append(f)
    spare = list(backs)
    for person in ev.people:
        if person.front and (same := next((b for b in spare if b.file == person.front.file), None)):
            person.back, person.back_by = same, "same file"
            spare.remove(same)
    _pair_backs([p for p in ev.people if p.back is None and p.mainland], spare)
    ev.unmatched += spare
    _match_outsiders(ev, documents)
    kinds, wanted = subject_types.subject_documents(), subject_types.document(filing.subject.type)
    ev.subject_certificates = sorted((d for d in documents if d.doc.type in kinds), key=lambda d: d.doc.type != wanted)
    ev.certificates = [d for d in documents if d.doc.type == "domain_certificate"]
    subject_number = _number(filing.subject.certificate_number)
    ev.residence_permits = sorted((d for d in documents if d.doc.type == "residence_permit"),
                                  key=lambda d: _number(d.get("id_number").value) != subject_number)
    ev.papers = [d for d in documents if d.doc.type in signed_papers.KINDS]
    ev.unmatched += [d for d in documents if d.doc.type == "unknown"]
    return ev


def _match_outsiders(ev: Evidence, documents: list[Seen]) -> None:
    """Give each non-mainland person the document of their type (a 港澳台居民居住证's front and back,
    a travel permit, a permanent-residence card, a passport) whose number, else whose name, is
    theirs; a back goes with its front's file, else to the only one; the rest are unmatched."""
    outsiders = [p for p in ev.people if not p.mainland]
    kinds = {t for k, types in person_documents.READ_AS.items() if k != "resident_id_card" for t in types}
    pool = [d for d in documents if d.doc.type in kinds]
    for how in ("number", "name"):
        for person in outsiders:
            if person.front:
                continue
            main = person_documents.READ_AS[person.main.document_type][0]
            for d in pool:
                if d.doc.type != main:
                    continue
                number = _number(d.get(person_documents.NUMBER_FIELD[main]).value)
                names = {compact(d.get(n).value or "").upper() for n in ("name", "english_name")} - {""}
                if any((how == "number" and number and number == _number(p.id_number))
                       or (how == "name" and _name_key(p.name) in {_name_key(x) for x in names})
                       for p in person.paths):
                    person.front, person.front_by, person.front_score = d, how, 1.0
                    pool.remove(d)
                    break
    for person in outsiders:
        sides = person_documents.READ_AS[person.main.document_type]
        if person.front and len(sides) > 1:
            backs = [d for d in pool if d.doc.type == sides[1]]
            same = next((b for b in backs if b.file == person.front.file), None)
            if same or len(backs) == 1:
                person.back, person.back_by = same or backs[0], "same file" if same else "the only one"
                pool.remove(person.back)
    for person in outsiders:
        if person.main.document_type == "hmt_residence_permit":
            permits = [d for d in pool if d.doc.type in ("hk_macao_permit", "taiwan_permit")]
            printed = permit_key(person.back.get("permit_number").value if person.back else None)
            person.permit = next((d for d in permits if printed and permit_key(d.get("permit_number").value) == printed),
                                 None) or next((d for d in permits if any(_name_key(p.name) == _name_key(
                                     d.get("name").value or "") for p in person.paths)), None)
            if person.permit:
                pool.remove(person.permit)
    ev.unmatched += pool


def permit_key(number: str | None) -> str:
    """A travel permit's lifelong number: H/M and 8 digits (its 2-digit renewal count dropped),
    or a 台胞证's 8 digits."""
    n = _number(number)
    return n[:9] if n[:1] in ("H", "M") else n[:8]


def _name_key(name: str) -> str:
    """A name as compared across scripts' punctuation: no spaces, commas or middle dots, upper-case."""
    return re.sub(r"[\s,，·・.]", "", name or "").upper()


_SIDE_WORDS = re.compile(r"front|back|正面|反面|背面|人像面?|国徽面?|头像|[-_ ]")


def _pair_backs(people: list[Person], spare: list[Seen]) -> None:
    """Give each person without a back the one that fits: the issuing authority names
    the region of the person's number, or the file is named like the person's front."""
    def score(person: Person, back: Seen) -> int:
        s = 0
        authority = compact(back.get("issuing_authority").value or "")
        number = compact(person.front.get("id_number").value or "") if person.front else ""
        number = number or compact(person.main.id_number)
        for k, name in enumerate(ric.region_names(number[:6]) if len(number) >= 6 else []):
            if name and name in authority:
                s += 2 if k == 0 else 1
        if person.front and _SIDE_WORDS.sub("", Path(person.front.file).stem) == _SIDE_WORDS.sub("", Path(back.file).stem):
            s += 3
        return s

    if len(people) == 1 and len(spare) == 1:
        people[0].back, people[0].back_by = spare.pop(), "the only one"
        return
    pairs = sorted(((score(p, b), i, j) for i, p in enumerate(people) for j, b in enumerate(spare)), reverse=True)
    taken_p, taken_b = set(), set()
    for s, i, j in pairs:
        if s <= 0 or i in taken_p or j in taken_b:
            continue
        rivals = [t for t, i2, j2 in pairs if t == s and ((i2 == i) != (j2 == j)) and i2 not in taken_p
                  and j2 not in taken_b]
        if rivals:  # a tie: no evidence which back is whose
            continue
        people[i].back, people[i].back_by, people[i].back_score = spare[j], "authority and file name", float(s)
        taken_p.add(i)
        taken_b.add(j)
    for j in sorted(taken_b, reverse=True):
        spare.pop(j)


def _find_front(person: Person, fronts: list[Seen], used: set[int], how: str) -> tuple[int, float] | None:
    """The front that is this person's by ``how``, and the score it was matched with (1.0 exact)."""
    best, best_score = None, 0.0
    for i, f in enumerate(fronts):
        if i in used:
            continue
        number = _number(f.get("id_number").value)
        name = compact(f.get("name").value or "")
        for p in person.paths:
            if how == "number" and number and number == _number(p.id_number):
                return i, 1.0
            if how == "name" and name and name == compact(p.name):
                return i, 1.0
            if how == "fuzzy":
                # a misread or mistyped character still points at the right person
                by_name = fuzz.ratio(name, compact(p.name)) / 100 if name else 0.0
                by_number = fuzz.ratio(number, _number(p.id_number)) / 100 if number else 0.0
                close = by_name >= 0.6 or by_number >= 0.85 or (by_name >= 0.5 and by_number >= 0.7)
                score = by_name + by_number
                if close and score > best_score:
                    best, best_score = i, score
    return (best, round(best_score / 2, 3)) if best is not None else None
