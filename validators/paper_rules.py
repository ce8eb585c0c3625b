"""The ``signed_document`` rule: the signed papers a province asks for (承诺书 / 真实性责任告知书,
授权书; `beian.validators.signed_papers`, from dated data).

Each paper asked for must be there (``missing``); each paper uploaded must be signed by hand, a
unit's sealed, fingerprinted where the province asks an individual (``invalid``), dated within
the province's window before ``as_of`` and not after it (``expired`` / ``invalid``), and name the
subject and the right people (``mismatch``): a commitment its subject and a person allowed to sign
it (with their ID number), an authorisation the unit, its legal representative and the
responsible person it authorises. A seal whose ring text was read is compared with the
subject's name; one clearly of another name is a ``mismatch``. Checks about a paper alone carry
no filing path (``field`` null) and name the paper's field they are about (``read_field``).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from beian.models import Check
from beian.text import compact
from beian.validators import compare, dates, subject_types
from beian.validators.evidence import Evidence, Seen
from beian.validators.matching import match, who
from beian.validators.signed_papers import Need, authorisations, commitments, freshness, window

SEAL_OTHER = 0.45  # a seal text this unlike the subject's name (its ending dropped) names another unit
SEAL_SAME = 0.75  # ... and this like it names the subject
_ENDING = re.compile(r"(有限责任公司|股份有限公司|有限公司|公司|分公司)$")


def signed_document(ev: Evidence) -> list[Check]:
    f, s = ev.filing, ev.filing.subject
    province = f.filing_province
    legal = s.legal_representative or (lic.get("legal_representative").value if (lic := ev.subject_certificate) else None)
    people = [("principal", f.principal)] + [(f"websites[{i}].principal", w.principal) for i, w in enumerate(f.websites)]
    out: list[Check] = []
    letters = [d for d in ev.papers if d.doc.type == "commitment_letter"]
    used: list[Seen] = []
    for need in commitments(province, s.type, ev.as_of):
        paper = next((d for d in letters if d not in used and need.word in (d.get("title").value or "")), None) \
            or next((d for d in letters if d not in used and not d.get("title").found), None)
        if paper is None:
            out.append(Check(field="filing_province", status="missing", entered=province,
                             message=f"{province}要求上传《{_named(need)}》，未上传"))
            continue
        used.append(paper)
        out += _paper(ev, paper, need) + _commitment_names(ev, paper, need, legal, people)
    for paper in (d for d in letters if d not in used):  # uploaded though not asked for: still judged
        out += _paper(ev, paper, None) + _commitment_names(ev, paper, None, legal, people)
    grants = [d for d in ev.papers if d.doc.type == "authorization_letter"]
    needs = authorisations(province, s.type, legal, [(path, p.name) for path, p in people])
    for need, grant in _pair(needs, grants, dict(people)):
        if grant is None:
            person = dict(people)[need.field]
            out.append(Check(field=f"{need.field}.name", status="missing", entered=person.name,
                             message=f"{who(need.field)}不是法定代表人（{legal}），{province}要求法定代表人出具《{need.name}》，未上传"))
            continue
        out += _paper(ev, grant, need) + _grant_names(ev, grant, need, legal, dict(people))
    return out


def _named(need: Need) -> str:
    return next((n for n in need.name.split("、") if need.word in n), need.name)


def _title(paper: Seen) -> str:
    return paper.get("title").value or ("授权书" if paper.doc.type == "authorization_letter" else "承诺书")


def _paper(ev: Evidence, paper: Seen, need: Need | None) -> list[Check]:
    """The marks and the date of one paper: signed, sealed (a unit's), fingerprinted (where asked),
    signed within the window before as_of."""
    out: list[Check] = []
    title, ref, province = _title(paper), paper.ref, ev.filing.filing_province
    unit = subject_types.is_unit(ev.filing.subject.type) or paper.doc.type == "authorization_letter"
    grey = bool(paper.doc.quality and paper.doc.quality.greyscale)

    def mark(name: str, status: str, message: str) -> None:
        out.append(Check(status=status, document=ref, read_field=name, found=paper.get(name).value, message=message))

    if paper.get("signature").found:
        mark("signature", "match", f"《{title}》已手写签名")
    else:
        mark("signature", "invalid", f"《{title}》未见手写签名")
    if unit:
        seal = paper.get("seal")
        if not seal.found:
            mark("seal", "invalid", f"《{title}》未见单位红色公章" + ("（黑白复印件，无法确认鲜章）" if grey else ""))
        else:
            out.append(_seal(ev, paper))
    if need and need.fingerprint:
        if paper.get("fingerprint").found:
            mark("fingerprint", "match", f"《{title}》已按手印")
        else:
            mark("fingerprint", "invalid", f"{province}要求个人在《{title}》上按手印，未见手印")
    day = paper.get("date")
    where = {"document": ref, "read_field": "date", "found": day.value}
    if not day.found:
        out.append(Check(status="unreadable", document=ref, read_field="date", message=f"未能读取《{title}》的签署日期"))
    elif day.confidence < ev.min_confidence:
        out.append(Check(status="unreadable", **where,
                         message=f"《{title}》签署日期识别置信度低（{day.confidence:.2f}），请人工核对"))
    else:
        fresh = freshness(dates.to_date(day.value), ev.as_of, province)
        months = window(province)
        if fresh == "future":
            out.append(Check(status="invalid", **where, message=f"《{title}》签署日期{day.value}晚于核验日期{ev.as_of}"))
        elif fresh == "stale":
            out.append(Check(status="expired", **where,
                             message=f"《{title}》签署于{day.value}，超过{months}个月，需重新签署"))
        else:
            out.append(Check(status="match", **where, message=f"《{title}》签署于{day.value}，在{months}个月内"))
    return out


def _seal(ev: Evidence, paper: Seen) -> Check:
    """A seal whose ring text was read, against the subject's name; a seal read as present only."""
    seal, name = paper.get("seal"), ev.filing.subject.name
    base = {"document": paper.ref, "read_field": "seal", "found": seal.value}
    if seal.value == "present":
        return Check(status="match", **base, message=f"《{_title(paper)}》已加盖公章（印文未能识读）")
    like = fuzz.ratio(_ENDING.sub("", compact(seal.value)), _ENDING.sub("", compact(name))) / 100
    if like < SEAL_OTHER and seal.confidence >= ev.min_confidence:
        return Check(field="subject.name", status="mismatch", entered=name, score=round(like, 3), **base,
                     message=f"《{_title(paper)}》公章印文“{seal.value}”与主办单位名称不一致")
    if like >= SEAL_SAME:
        return Check(field="subject.name", status="match", entered=name, score=round(like, 3), **base,
                     message=f"《{_title(paper)}》公章印文与主办单位名称一致")
    return Check(status="match", **base, message=f"《{_title(paper)}》已加盖公章（印文识读不清，请人工核对）")


def _signers(need: Need | None, legal: str | None, people, subject) -> list[tuple[str, str, str | None]]:
    """(path, name, ID number) of each person who may sign a commitment."""
    allowed = need.signed_by if need else ("legal_representative", "principal", "website_principal", "subject")
    out = []
    if "subject" in allowed and subject.type == "individual":
        out.append(("subject.name", subject.name, subject.certificate_number))
    if "legal_representative" in allowed and legal:
        out.append(("subject.legal_representative", legal, None))
    for path, p in people:
        role = "principal" if path == "principal" else "website_principal"
        if role in allowed:
            out.append((f"{path}.name", p.name, p.id_number))
    return out


def _commitment_names(ev: Evidence, paper: Seen, need: Need | None, legal: str | None, people) -> list[Check]:
    """A commitment names the subject, and is signed by a person allowed to sign it."""
    s, mc, title = ev.filing.subject, ev.min_confidence, _title(paper)
    out = [_about(match("subject.name", s.name, paper, "subject_name", f"《{title}》中的主办单位名称", mc),
                  f"《{title}》中的主办单位与备案主体不一致")]
    signers = _signers(need, legal, people, s)
    read = paper.get("signatory")
    if not signers:
        return out
    # the legal representative is often the 主体负责人 too: the entry with a number to compare wins
    hits = [x for x in signers if read.found and compare.same(x[1], read.value)[0]]
    hit = min(hits, key=lambda x: x[2] is None) if hits else None
    if hit or not read.found or read.confidence < mc:
        path, name, number = hit or signers[0]
        out.append(match(path, name, paper, "signatory", f"《{title}》中的负责人姓名", mc))
        number_read = paper.get("id_number")
        if hit and number and number_read.found:
            out.append(_about(match(path.removesuffix(".name") + (".id_number" if path.endswith("principal.name")
                                                                   else ".certificate_number"),
                                    number, paper, "id_number", f"《{title}》中的证件号码", mc, "code"),
                              f"《{title}》中的证件号码与{name}的不一致"))
    else:
        names = "、".join(dict.fromkeys(x[1] for x in signers))
        out.append(Check(field=signers[0][0], status="mismatch", entered=signers[0][1], found=read.value,
                         document=paper.ref, read_field="signatory",
                         message=f"《{title}》由{read.value}签署，应由{names}签署"))
    return out


def _pair(needs: list[Need], grants: list[Seen], people: dict) -> list[tuple[Need, Seen | None]]:
    """Each authorisation needed with the uploaded one that names its person (number, then
    name); one left over goes with the one need left over (its names are then compared)."""
    free, out = list(grants), []
    for need in needs:
        p = people[need.field]
        grant = next((g for g in free if compact(g.get("grantee_id_number").value or "").upper()
                      == compact(p.id_number).upper()), None) \
            or next((g for g in free if compare.same(p.name, g.get("grantee_name").value or "")[0]), None)
        if grant:
            free.remove(grant)
        out.append((need, grant))
    open_needs = [k for k, (_, g) in enumerate(out) if g is None]
    if len(open_needs) == 1 and len(free) == 1:
        out[open_needs[0]] = (out[open_needs[0]][0], free.pop())
    return out


def _grant_names(ev: Evidence, grant: Seen, need: Need, legal: str | None, people: dict) -> list[Check]:
    """An authorisation names the subject, its legal representative and the person it authorises."""
    s, mc, title = ev.filing.subject, ev.min_confidence, _title(grant)
    person = people[need.field]
    out = [_about(match("subject.name", s.name, grant, "grantor", f"《{title}》中的授权单位", mc),
                  f"《{title}》的授权单位与备案主体不一致"),
           _about(match(f"{need.field}.name", person.name, grant, "grantee_name", f"《{title}》中的被授权人姓名", mc),
                  f"《{title}》的被授权人不是{who(need.field)}{person.name}"),
           _about(match(f"{need.field}.id_number", person.id_number, grant, "grantee_id_number",
                        f"《{title}》中的被授权人证件号码", mc, "code"),
                  f"《{title}》的被授权人证件号码与{who(need.field)}的不一致")]
    if s.legal_representative:
        out.append(_about(match("subject.legal_representative", s.legal_representative, grant, "legal_representative",
                                f"《{title}》中的法定代表人", mc),
                          f"《{title}》的法定代表人与备案的法定代表人不一致"))
    return out


def _about(check: Check, mismatch: str) -> Check:
    if check.status == "mismatch":
        check.message = mismatch
    return check


__all__ = ["signed_document"]
