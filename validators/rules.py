"""The cross-check rules: one function per rule id, one table of rules.

Every rule reads the `Evidence` of a submission and returns `Check`s: data, not
exceptions. Messages are in Chinese for reviewers. A value read with too little
confidence makes a check `unreadable`, never `mismatch`. Adding a rule is one
function and one row in `RULES`: its id is the function's name, stamped on every check it
makes by `run` (the ids are written once).
"""

from __future__ import annotations

from collections.abc import Callable

from beian.models import Check
from beian.models import Field as ReadField
from beian.text import compact
from beian.validators import (
    compare,
    dates,
    domains,
    emails,
    mrz,
    person_documents,
    phones,
    regions,
    ric,
    site_names,
    subject_types,
    tables,
    upload_profiles,
    uscc,
)
from beian.validators import pre_approval as approvals
from beian.validators.evidence import Evidence, Person, Seen, permit_key, same_domain
from beian.validators.matching import match as _match
from beian.validators.matching import who as _who
from beian.validators.paper_rules import signed_document

QUALITY = {"blurred": "图像模糊", "glare": "反光", "greyscale_copy": "黑白复印件", "cut_off": "边缘不完整"}


def field_match(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    s = ev.filing.subject
    if subject_types.is_unit(s.type) and (lic := ev.subject_certificate):
        for field, entered, read, what, kind in (
            ("subject.name", s.name, "name", "主办单位名称", "text"),
            ("subject.certificate_number", s.certificate_number, "credit_code", "统一社会信用代码", "code"),
            ("subject.address", s.address, "address", "主办单位住所", "address"),
            ("subject.legal_representative", s.legal_representative, "legal_representative", "法定代表人", "text"),
        ):
            if entered is not None or field != "subject.address":
                out.append(_match(field, entered, lic, read, what, ev.min_confidence, kind))
    for person in ev.people:
        if not person.front:
            continue
        number_field = person_documents.NUMBER_FIELD[person.front.doc.type]
        what = "身份证" if person.mainland else person_documents.NAMES[person.main.document_type]
        for p in person.paths:
            who = _who(p.path)
            out.append(_match(p.name_field, p.name, person.front, _name_field(person.front, p.name),
                              f"{who}姓名", ev.min_confidence))
            out.append(_match(p.id_field, p.id_number, person.front, number_field,
                              f"{who}{what}号码", ev.min_confidence, "code"))
            if p.path == "subject" and s.address:
                out.append(_match("subject.address", s.address, person.front, "address",
                                  "主办者住址", ev.min_confidence, "address"))
    for i, w in enumerate(ev.filing.websites):
        for j, d in enumerate(w.domains):
            if cert := ev.certificate_for(d):
                read = cert.get("domain")
                field, score = f"websites[{i}].domains[{j}]", compare.same(d, read.value)[1]
                if same_domain(d, read.value):
                    out.append(Check(field=field, status="match", entered=d, read_field="domain",
                                     found=read.value,
                                     score=score, document=cert.ref, message="域名与域名证书一致"))
                elif read.confidence < ev.min_confidence:
                    out.append(Check(field=field, status="unreadable", entered=d, read_field="domain",
                                     found=read.value, score=score, document=cert.ref,
                                     message=f"域名证书上的域名识别置信度低（{read.confidence:.2f}），请人工核对"))
                else:  # equal only if l/1 or o/0 are taken as one: a look-alike, never a match
                    out.append(Check(field=field, status="mismatch", entered=d, read_field="domain",
                                     found=read.value, score=score, document=cert.ref,
                                     message="域名与域名证书不一致（仅形近字符相同）"))
    return out


def _name_field(doc: Seen, entered: str) -> str:
    """The field of a person's document an entered name is compared with: the Chinese name, or the
    English one where that is what was entered (a foreigner's passport, 港澳 permit)."""
    english = doc.get("english_name")
    if english.found and not compare.same(entered, doc.get("name").value or "")[0] and \
            compact(entered).upper().replace(",", "") == compact(english.value).upper().replace(",", ""):
        return "english_name"
    return "name"


def checksum(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    s = ev.filing.subject
    # a non-mainland person's number is checked by its own document's structure (person_document)
    entered = [(p.id_field, p.id_number, "ric") for person in ev.people for p in person.paths
               if p.path != "subject" and person_documents.is_mainland(p.document_type)]
    subject_person = next((p for person in ev.people for p in person.paths if p.path == "subject"), None)
    if s.type == "individual" and subject_person and person_documents.is_mainland(subject_person.document_type):
        entered.append(("subject.certificate_number", s.certificate_number, "ric"))
    elif subject_types.info(s.type).get("prefixes"):  # a type with a credit code (not ``other``)
        entered.append(("subject.certificate_number", s.certificate_number, "uscc"))
    for field, number, kind in entered:
        out += _number(field, number, kind, None, "填写的")
    for person in ev.people:
        if person.mainland and person.front and (read := person.front.get("id_number")).found \
                and read.confidence >= ev.min_confidence:
            out += _number(None, read.value, "ric", person.front.ref, "证件上的")
    if (lic := ev.subject_certificate) and (read := lic.get("credit_code")).found and read.confidence >= ev.min_confidence:
        out += _number(None, read.value, "uscc", lic.ref, f"{subject_types.document_name(lic.doc.type)}上的")
    return out


def _number(field: str | None, number: str, kind: str, doc: str | None, whose: str) -> list[Check]:
    """Structure checks of one number; ``field`` set for an entered number, ``doc`` for a read one."""
    problem = _number_problem(number, kind)
    if problem is None:
        return []
    status, what = problem
    return [Check(field=field, status=status, entered=number if field else None,
                  read_field=None if field else ("id_number" if kind == "ric" else "credit_code"),
                  found=None if field else number, document=doc, message=f"{whose}{what}")]


def _number_problem(number: str, kind: str) -> tuple[str, str] | None:
    name = "身份证号码" if kind == "ric" else "统一社会信用代码"
    try:
        (ric if kind == "ric" else uscc).validate(number)
    except ric.InvalidChecksum:
        return "invalid", f"{name}校验位错误"
    except ric.InvalidComponent:
        return "invalid", f"{name}中的出生日期无效"
    except ric.ValidationError:
        return "invalid", f"{name}格式错误"
    region = ric.region_code(number) if kind == "ric" else uscc.division_code(number)
    if not ric.region_known(region):
        return "warning", f"{name}的行政区划码不在表中（表可能过时），请核对"
    if kind == "uscc" and not uscc.organisation_code_valid(number):
        return "warning", "统一社会信用代码中的组织机构代码校验位不符（GB 11714），请核对"
    return None


def id_consistency(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    for seen in [p.front for p in ev.people if p.front] + [d for d in ev.unmatched if d.doc.type == "id_card_front"]:
        number = seen.get("id_number")
        if not number.found or not ric.is_valid(number.value):
            continue
        birth, sex = seen.get("birth_date"), seen.get("sex")
        encoded = ric.get_birth_date(number.value).isoformat()
        if birth.found and birth.confidence >= ev.min_confidence and birth.value != encoded:
            out.append(Check(status="mismatch", entered=None, found=birth.value,
                             read_field="birth_date",
                             document=seen.ref, message=f"身份证出生日期与号码中的出生日期（{encoded}）不一致"))
        if sex.found and sex.confidence >= ev.min_confidence and sex.value != ric.get_sex(number.value):
            out.append(Check(status="mismatch", found=sex.value, document=seen.ref,
                             read_field="sex",
                             message="身份证性别与号码第17位不一致"))
    for person in ev.people:
        back, front = person.back, person.front
        if not (person.mainland and back and front and (num := front.get("id_number")).found and ric.is_valid(num.value)):
            continue
        start, end = back.get("valid_from").value, back.get("valid_until").value
        if not (start and end):
            continue
        want = dates.expected_id_valid_until(ric.get_birth_date(num.value), dates.to_date(start))
        if want and end != want:
            out.append(Check(status="warning", found=f"{start}至{end}", document=back.ref,
                             read_field="valid_until",
                             message=f"身份证有效期限与签发时年龄不符（应至{want}）"))
    return out


IMMINENT_DAYS = 30  # the contract: document_expired warns when a document ends within 30 days


def _validity(ev: Evidence, until: ReadField, domain: bool) -> str | None:
    """What one dated document's end means, decided once for both rules of the family, so a
    document gets at most one finding: ``unreadable`` (a doubtful date), ``expired``,
    ``imminent`` (within `IMMINENT_DAYS`: document_expired warns), ``short`` (valid, but not
    for `_margin` calendar months after as_of: expires_soon warns) or None."""
    if not until.found or until.value == dates.OPEN_END:
        return None
    if until.confidence < ev.min_confidence:  # a doubtful digit would decide it: a person reads the date
        return "unreadable"
    end = dates.to_date(until.value)
    if end < ev.as_of:
        return "expired"
    if (end - ev.as_of).days <= IMMINENT_DAYS:
        return "imminent"
    if end < dates.add_months(ev.as_of, _margin(ev, domain)):
        return "short"
    return None


def _validities(ev: Evidence):
    """Each dated document of the submission: (field, the validity's name on it, document, what,
    is a domain)."""
    for person in ev.people:
        if person.mainland and person.back:
            yield person.main.id_field, "valid_until", person.back, f"{_who(person.main.path)}身份证", False
        elif not person.mainland and (doc := person.back or person.front):
            what = person_documents.NAMES[person.main.document_type]
            yield person.main.id_field, "valid_until", doc, f"{_who(person.main.path)}{what}", False
    if lic := ev.subject_certificate:
        yield "subject.certificate_number", "valid_until", lic, subject_types.document_name(lic.doc.type), False
    for i, w in enumerate(ev.filing.websites):
        for j, d in enumerate(w.domains):
            if cert := ev.certificate_for(d):
                yield f"websites[{i}].domains[{j}]", "expiry_date", cert, f"域名{d}", True


def document_expired(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    for field, name, doc, what, domain in _validities(ev):
        until = doc.get(name)
        state = _validity(ev, until, domain)
        message = {"unreadable": f"{what}的有效期识别置信度低（{until.confidence:.2f}），请人工核对",
                   "expired": f"{what}已于{until.value}过期",
                   "imminent": f"{what}将于{until.value}到期（{IMMINENT_DAYS}天内）"}.get(state or "")
        if message:
            out.append(Check(field=field, status="warning" if state == "imminent" else state, found=until.value,
                             document=doc.ref, read_field=name, message=message))
    return out


def domain_holder(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    s = ev.filing.subject
    for i, w in enumerate(ev.filing.websites):
        for j, d in enumerate(w.domains):
            if cert := ev.certificate_for(d):
                c = _match(f"websites[{i}].domains[{j}]", s.name, cert, "holder",
                           "域名持有者", ev.min_confidence)
                if c.status == "mismatch":
                    c.message = f"域名{d}的持有者与主办{'单位' if subject_types.is_unit(s.type) else '者'}不一致"
                if c.status != "match":
                    out.append(c)
    return out


def required_document(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    s = ev.filing.subject
    if (wanted := subject_types.document(s.type)) and not ev.subject_certificate:
        out.append(Check(field="subject.certificate_number", status="missing",
                         message=f"缺少{subject_types.document_name(wanted)}"))
    elif s.type == "other":
        out.append(Check(field="subject.certificate_type", status="warning", entered=s.certificate_type,
                         message=f"主办单位性质为{s.type_name}：其证件（{s.certificate_type}）不自动识别，请人工核对"))
    for person in ev.people:
        who = _who(person.main.path)
        if not person.mainland:
            name = person_documents.NAMES[person.main.document_type]
            sides = person_documents.READ_AS[person.main.document_type]
            if not person.front:
                out.append(Check(field=person.main.id_field, status="missing",
                                 message=f"缺少{who}的{name}" + ("（人像面）" if len(sides) > 1 else "")))
            if len(sides) > 1 and not person.back:
                out.append(Check(field=person.main.id_field, status="missing", message=f"缺少{who}的{name}（国徽面）"))
            continue
        if not person.front:
            out.append(Check(field=person.main.id_field, status="missing",
                             message=f"缺少{who}身份证人像面"))
        if not person.back:
            out.append(Check(field=person.main.id_field, status="missing",
                             message=f"缺少{who}身份证国徽面"))
    for i, w in enumerate(ev.filing.websites):
        for j, d in enumerate(w.domains):
            if not ev.certificate_for(d):
                out.append(Check(field=f"websites[{i}].domains[{j}]", status="missing",
                                 entered=d, message=f"缺少域名{d}的域名证书"))
    return out


def tld_eligible(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    for i, w in enumerate(ev.filing.websites):
        for j, d in enumerate(w.domains):
            ok, sfx = domains.filable(d), domains.suffix(d)
            field = f"websites[{i}].domains[{j}]"
            if ok is False:
                out.append(Check(field=field, status="invalid", entered=d,
                                 message=f"域名后缀.{sfx}不能备案"))
            elif ok is None:
                out.append(Check(field=field, status="warning", entered=d,
                                 message=f"域名后缀.{sfx}不在可备案后缀表中，请核实"))
            elif problem := _suffix_for_type(ev.filing.subject.type, sfx):
                out.append(Check(field=field, status=problem[0], entered=d, message=problem[1]))
    return out


def _in(sfx: str, suffixes: list[str]) -> bool:
    return any(sfx == x or sfx.endswith("." + x) for x in suffixes)


def _suffix_for_type(subject_type: str, sfx: str) -> tuple[str, str] | None:
    """A suffix reserved for another subject type (gov.cn), or outside the ones this type
    files on (党政机关 only .gov.cn/.政务; 事业单位 .cn/.公益, a warning)."""
    for reserved, owner in subject_types.reserved_suffixes().items():
        if _in(sfx, [reserved]) and subject_type != owner:
            return "invalid", f"域名后缀.{sfx}仅限{subject_types.name(owner)}备案"
    allowed, barred = subject_types.suffixes(subject_type)
    status = subject_types.info(subject_type).get("suffixes_status", "invalid")
    if (allowed and not _in(sfx, allowed)) or _in(sfx, barred):
        shown = "、".join("." + x for x in allowed)
        return status, f"{subject_types.name(subject_type)}网站应使用{shown}域名，.{sfx}不符（互联网政务应用安全管理规定）"
    return None


def _home_province(ev: Evidence) -> tuple[str | None, str | None]:
    s = ev.filing.subject
    if subject_types.is_unit(s.type):
        lic = ev.subject_certificate
        if lic and (p := regions.of_address(lic.get("address").value)):
            return p, lic.ref
        if uscc.is_valid(s.certificate_number):
            return regions.of_code(uscc.division_code(s.certificate_number)), None
        return None, None
    front = ev.people[0].front if ev.people else None
    if front and (p := regions.of_address(front.get("address").value)):
        return p, front.ref
    return regions.of_code(ric.region_code(s.certificate_number)), None


def cross_region(ev: Evidence) -> list[Check]:
    home, where = _home_province(ev)
    filed = ev.filing.filing_province
    if not home or home == filed:
        return []
    info = regions.info(filed) or {}
    if ev.filing.subject.type == "individual" and _permit_rule(filed):
        problems = [c for c in residence_permit(ev) if c.status != "match"]
        if not problems:
            return [Check(field="filing_province", status="match", entered=filed, found=home, document=where,
                          message=f"异地备案：主体住所在{home}，备案省份为{filed}；已提供本人在{filed}的有效居住证")]
        need = f"{filed}要求本省居住证，见居住证检查（residence_permit）"
    elif ev.filing.subject.type == "individual":
        need = info.get("cross_region_individual") or "当地居住证"
    else:
        need = "单位只能在住所所在省份备案，或通过当地分支机构备案"
    return [Check(field="filing_province", status="warning", entered=filed, found=home,
                  document=where, message=f"异地备案：主体住所在{home}，备案省份为{filed}；{need}")]


def _permit_rule(province: str) -> dict | None:
    return tables.load("residence_permits")["provinces"].get(regions.normalise(province) or "")


def residence_permit(ev: Evidence) -> list[Check]:
    """A cross-region individual's 居住证 where the filing province asks for one: present, the
    subject's own (number and name), living in the filing province, valid for the province's
    months (validators/data/residence_permits.json), and in Shanghai its 居住地住址 the 通信地址."""
    s, filed = ev.filing.subject, ev.filing.filing_province
    ask = _permit_rule(filed)
    home, _ = _home_province(ev)
    if s.type != "individual" or not ask or not home or home == filed:
        return []
    permit = ev.residence_permits[0] if ev.residence_permits else None
    if permit is None:
        if ask["need"] == "required":
            return [Check(field="filing_province", status="missing", entered=filed,
                          message=f"异地备案：{filed}要求个人提供本省居住证，未上传")]
        return [Check(field="filing_province", status="warning", entered=filed,
                      message=f"异地备案：{filed}要求提供{ask.get('proof', '居住证')}，未见居住证，请核对其他证明")]
    mc = ev.min_confidence
    out = [_match("subject.certificate_number", s.certificate_number, permit, "id_number", "居住证公民身份号码", mc, "code"),
           _match("subject.name", s.name, permit, "name", "居住证姓名", mc)]
    for c in out:
        if c.status == "mismatch":
            c.message = f"{c.message.removesuffix('与证件不一致')}与主办者不一致：居住证不是本人的"
    lives = permit.get("residence_address")
    province = regions.of_address(lives.value) if lives.found else None
    if not lives.found or (province is None and lives.confidence < mc):
        out.append(Check(field="filing_province", status="unreadable", entered=filed, document=permit.ref,
                         read_field="residence_address", message="未能从居住证读取居住地住址"))
    elif province != filed:
        out.append(Check(field="filing_province", status="mismatch", entered=filed, found=lives.value,
                         document=permit.ref, read_field="residence_address",
                         message=f"居住证的居住地住址{'在' + province + '，' if province else ''}不在备案省份{filed}"))
    else:
        out.append(Check(field="filing_province", status="match", entered=filed, found=lives.value,
                         document=permit.ref, read_field="residence_address", message=f"居住证的居住地住址在{filed}"))
    until = permit.get("valid_until")
    months = ask.get("months") or _margin(ev)
    if until.found and until.value != dates.OPEN_END:
        end = dates.to_date(until.value)
        where = {"field": "filing_province", "found": until.value, "document": permit.ref, "read_field": "valid_until"}
        if until.confidence < mc:
            out.append(Check(status="unreadable", **where,
                             message=f"居住证有效期识别置信度低（{until.confidence:.2f}），请人工核对"))
        elif end < ev.as_of:
            out.append(Check(status="expired", **where, message=f"居住证已于{until.value}过期"))
        elif end < dates.add_months(ev.as_of, months):
            out.append(Check(status="warning", **where,
                             message=f"居住证有效期至{until.value}，{filed}要求提交后仍有{months}个月以上有效期"))
    if ask.get("contact_address"):
        c = _match("subject.contact_address", s.contact_address, permit, "residence_address",
                   "通信地址与居住证居住地住址", mc, "address")
        if c.status == "missing":
            c.message = f"{filed}要求通信地址与居住证居住地住址一致：未填写通信地址"
        elif c.status == "mismatch":
            c.message = f"{filed}要求通信地址与居住证居住地住址一致，二者不同"
        out.append(c)
    return out


def person_document(ev: Evidence) -> list[Check]:
    """A non-mainland person's number by its own document's structure (permanent-residence card,
    港澳台居民居住证, travel permits, passport): never judged as a resident ID number."""
    out = []
    for person in ev.people:
        for p in person.paths:
            if person_documents.is_mainland(p.document_type):
                continue
            if problem := person_documents.problem(p.document_type, p.id_number):
                status, message = problem
                out.append(Check(field=p.id_field, status=status, entered=p.id_number,
                                 message=f"{_who(p.path)}{message}"))
        if person.permit and person.back and (printed := person.back.get("permit_number")).found:
            out.append(_permit_on_back(ev, person, printed.value))
        zone = person.front.get("mrz") if person.front and person.front.doc.type == "passport" else None
        if zone and zone.found and zone.confidence >= ev.min_confidence:
            failing = mrz.td3_problems(zone.value.splitlines()[-1])
            if failing:
                out.append(Check(field=person.main.id_field, status="invalid", found=zone.value,
                                 document=person.front.ref, read_field="mrz",
                                 message=f"护照机读区校验位不符（{'、'.join(failing)}），护照可能伪造或识别有误"))
    return out


def _permit_on_back(ev: Evidence, person: Person, printed: str) -> Check:
    """The travel permit's number a 港澳台居民居住证 prints on its back against the permit uploaded
    beside it (the lifelong number: a renewal changes only its last two digits)."""
    read = person.permit.get("permit_number")
    where = {"document": person.permit.ref, "read_field": "permit_number", "entered": printed, "found": read.value}
    if not read.found or read.confidence < ev.min_confidence:
        return Check(status="unreadable", **where, message="未能读清上传的通行证号码，请人工核对")
    if permit_key(printed) == permit_key(read.value):
        return Check(status="match", **where, message="居住证背面的通行证号码与上传的通行证一致")
    return Check(status="mismatch", **where,
                 message="居住证背面的通行证号码与上传的通行证不一致：通行证不是本人的，或居住证识别有误")


def image_quality(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    for d in ev.documents:
        q = d.doc.quality
        if q and q.warnings:
            out.append(Check(status="warning", document=d.ref,
                             message="；".join(QUALITY.get(w, w) for w in q.warnings)))
    return out


def file_unreadable(ev: Evidence) -> list[Check]:
    return [Check(status="unreadable", document=file, message=f"文件无法读取：{reason}")
            for file, reason in ev.failed]


def unmatched_document(ev: Evidence) -> list[Check]:
    out = [Check(status="warning", document=d.ref, message="重复上传的身份证人像面")
           for d in ev.duplicates]
    for d in ev.unmatched:
        if d.doc.type == "id_card_front":
            out.append(Check(status="mismatch", found=d.get("name").value, read_field="name",
                             document=d.ref, message="身份证与备案信息中的任何人都不对应"))
        elif d.doc.type == "id_card_back":
            out.append(Check(status="warning", document=d.ref,
                             message="无法确定此身份证国徽面属于谁"))
        elif d.doc.type in person_documents.NUMBER_FIELD or d.doc.type == "hmt_residence_permit_back":
            out.append(Check(status="warning", document=d.ref,
                             message=f"此证件（{d.doc.type}）与备案信息中的任何人都不对应"))
        else:
            out.append(Check(status="warning", document=d.ref,
                             message="无法识别的材料"))
    return out


def principal_legal_representative(ev: Evidence) -> list[Check]:
    s = ev.filing.subject
    rule = (regions.info(ev.filing.filing_province) or {}).get("principal_legal_representative")
    if not subject_types.is_unit(s.type) or rule not in ("required", "authorisation"):
        return []
    lic = ev.subject_certificate
    legal = s.legal_representative or (lic.get("legal_representative").value if lic else None)
    if not legal or compare.same(ev.filing.principal.name, legal)[0]:
        return []
    read = lic if lic and not s.legal_representative else None
    where = {"document": read.ref, "read_field": "legal_representative"} if read else {}
    province = ev.filing.filing_province
    if rule == "required":
        return [Check(field="principal.name", status="mismatch",
                      entered=ev.filing.principal.name, found=legal, **where,
                      message=f"{province}要求主体负责人为法定代表人")]
    # the authorisation itself is signed_document's to judge: here, whether one names the principal
    principal = ev.filing.principal
    if any(compare.same(principal.name, g.get("grantee_name").value or "")[0]
           for g in ev.papers if g.doc.type == "authorization_letter"):
        return [Check(field="principal.name", status="match", entered=principal.name, found=legal, **where,
                      message="主体负责人不是法定代表人，已上传法定代表人授权书")]
    return [Check(field="principal.name", status="warning",
                  entered=principal.name, found=legal, **where,
                  message=f"主体负责人不是法定代表人，{province}需提供授权书")]


def minimum_age(ev: Evidence) -> list[Check]:
    info = regions.info(ev.filing.filing_province) or {}
    if not info.get("min_age"):
        return []
    out = []
    for person in ev.people:
        p = person.main
        if not ric.is_valid(p.id_number):
            continue
        age = dates.age_on(ric.get_birth_date(p.id_number), ev.as_of)
        if age < info["min_age"]:
            out.append(Check(field=p.id_field, status="mismatch", entered=p.id_number,
                             message=f"{ev.filing.filing_province}要求{_who(p.path)}年满{info['min_age']}周岁（现{age}岁）"))
    return out


def _margin(ev: Evidence, domain: bool = False) -> int:
    """Calendar months a document must stay valid after as_of: the setting, the province's
    (validity_margin.json), and for a domain the province's domain minimum (provinces.json)."""
    provinces = tables.load("validity_margin")["provinces"]
    months = max(ev.margin_months, provinces.get(regions.normalise(ev.filing.filing_province) or "", 0))
    if domain:
        months = max(months, (regions.info(ev.filing.filing_province) or {}).get("domain_min_months") or 0)
    return months


def expires_soon(ev: Evidence) -> list[Check]:
    """A document still valid but not for the months providers and provinces require after
    submission (a document ending sooner is document_expired's, once)."""
    out: list[Check] = []
    for field, name, doc, what, domain in _validities(ev):
        until = doc.get(name)
        if _validity(ev, until, domain) == "short":
            months = _margin(ev, domain)
            out.append(Check(field=field, status="warning", found=until.value, document=doc.ref,
                             read_field=name,
                             message=f"{what}有效期至{until.value}，不足提交后{months}个月，服务商会驳回"))
    return out


def site_name(ev: Evidence) -> list[Check]:
    s = ev.filing.subject
    return [Check(field=f"websites[{i}].name", status=status, entered=w.name, message=message)
            for i, w in enumerate(ev.filing.websites)
            for status, message in site_names.problems(w.name, s.type, s.name, regions.normalise(
                ev.filing.filing_province), w.domains)]


def pre_approval(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    texts = [(f"websites[{i}].name", w.name, None, None, "网站名称") for i, w in enumerate(ev.filing.websites)]
    if lic := ev.subject_certificate:
        name = "business_scope" if lic.doc.type == "business_license" else "scope"
        if (scope := lic.get(name)).found:
            texts.append((None, scope.value, lic.ref, name, "经营范围" if name == "business_scope" else "业务范围"))
    for field, text, doc, read_field, what in texts:
        for hit in approvals.sectors(text):
            out.append(Check(field=field, status="warning", entered=text if field else None,
                             found=hit["word"], document=doc, read_field=read_field,
                             message=f"{what}含“{hit['word']}”：{hit['sector']}类网站须先取得{hit['document']}"
                                     f"（{hit['authority']}）"))
    return out


def subject_type(ev: Evidence) -> list[Check]:
    """The entered subject type against its credit code's category (GB 32100), the certificate
    type entered and the certificate uploaded."""
    s, out = ev.filing.subject, []
    entered = subject_types.name(s.type)
    code = compact(s.certificate_number).upper()
    if s.type == "individual":
        if uscc.is_valid(code):
            out.append(Check(field="subject.type", status="mismatch", entered=entered, found=code[:2],
                             message="主办单位性质为个人，证件号码却是统一社会信用代码"))
    elif subject_types.fits(s.type, code) is False and len(code) == 18:
        prefix, category = subject_types.category(code)
        owners = "、".join(subject_types.name(t) for t in subject_types.types_for_code(code)) or category or "未知类别"
        out.append(Check(field="subject.type", status="mismatch", entered=entered, found=f"{prefix}（{owners}）",
                         message=f"主办单位性质为{entered}，统一社会信用代码前两位{prefix}却属于{owners}（GB 32100）"))
    owner = next((t for t in subject_types.TYPES if subject_types.certificate_type(t) == s.certificate_type), None)
    if owner and owner != s.type and s.type != "other":
        out.append(Check(field="subject.certificate_type", status="mismatch", entered=s.certificate_type,
                         message=f"主办单位性质为{entered}，证件类型却是{subject_types.name(owner)}的"
                                 f"{subject_types.document_name(subject_types.document(owner) or '')}"))
    wanted = subject_types.document(s.type)
    for lic in ev.subject_certificates:
        if wanted and lic.doc.type != wanted:
            out.append(Check(field="subject.type", status="mismatch", entered=entered, found=lic.doc.type,
                             document=lic.ref,
                             message=f"主办单位性质为{entered}，上传的却是{subject_types.document_name(lic.doc.type)}"))
    return out


def _contacts(ev: Evidence) -> list[tuple[str, object]]:
    """Each place of the filing that names a person, with the person entered there."""
    f = ev.filing
    return [("principal", f.principal)] + [(f"websites[{i}].principal", w.principal) for i, w in enumerate(f.websites)]


def _applies(rule: dict, province: str) -> bool:
    return rule["provinces"] == "*" or province in rule["provinces"]


def contact(ev: Evidence) -> list[Check]:
    """Phones and e-mail addresses: allocated ranges, virtual ranges, distinct where the rules
    ask (validators/data/contact_rules.json), local where a province asks (a warning)."""
    t, province, out = tables.load("contact_rules"), ev.filing.filing_province, []
    people = _contacts(ev)
    # Beijing units: a person's mobile and emergency number differ too
    unit_rule = _applies(t["three_mobiles"], province) and subject_types.is_unit(ev.filing.subject.type)
    for path, p in people:
        for name, what in (("mobile", "手机号码"), ("phone", "办公电话"), ("emergency_phone", "应急联系电话")):
            number = getattr(p, name)
            if number and phones.problem(number):
                out.append(Check(field=f"{path}.{name}", status="invalid", entered=number,
                                 message=f"{_who(path)}{what}不是已分配的号段"))
            elif number and name == "mobile" and phones.virtual(number):
                out.append(Check(field=f"{path}.{name}", status="warning", entered=number,
                                 message=f"{_who(path)}手机号码属虚拟运营商号段（{number[:3]}），部分备案系统不支持"))
        if p.mobile and p.emergency_phone == p.mobile and (_applies(t["mobile_not_emergency"], province) or unit_rule):
            out.append(Check(field=f"{path}.emergency_phone", status="mismatch", entered=p.emergency_phone,
                             message=f"{province}要求{_who(path)}的应急联系电话与手机号码不同"))
        if p.mobile and _applies(t["local_mobile"], province) and (home := phones.home_province(p.mobile)) \
                and home != province:
            out.append(Check(field=f"{path}.mobile", status="warning", entered=p.mobile, found=home,
                             message=f"{province}要求{_who(path)}使用本省手机号码，该号码归属{home}（携号转网时以实际为准）"))
    if _applies(t["distinct_people"], province):
        for k, (path, p) in enumerate(people):
            for other_path, q in people[:k]:
                if _same_person(p, q):
                    continue
                if p.mobile and p.mobile == q.mobile:
                    out.append(Check(field=f"{path}.mobile", status="mismatch", entered=p.mobile,
                                     message=f"{_who(path)}与{_who(other_path)}不是同一人，手机号码却相同"))
                if p.email and q.email and emails.same(p.email, q.email):
                    out.append(Check(field=f"{path}.email", status="mismatch", entered=p.email,
                                     message=f"{_who(path)}与{_who(other_path)}不是同一人，电子邮箱却相同"))
    if unit_rule:
        main = ev.filing.principal
        for path, p in people[1:]:
            numbers = [main.mobile, main.emergency_phone, p.mobile, p.emergency_phone]
            if _same_person(p, main) or None in numbers:
                continue
            mobiles = {n for n in numbers if phones.is_mobile(n)}
            if len(mobiles) < 3:
                out.append(Check(field=f"{path}.mobile", status="mismatch", entered=p.mobile,
                                 message=f"{province}单位备案：主体负责人与{_who(path)}的手机和应急电话中至少应有3个不同的手机号码"
                                         f"（现{len(mobiles)}个）"))
    return out


def _same_person(p, q) -> bool:
    return compact(p.id_number).upper() == compact(q.id_number).upper()


def upload_requirements(ev: Evidence) -> list[Check]:
    if not ev.upload_profile:
        return []
    return [Check(status="invalid", document=f.file, message=message)
            for f in ev.uploads for message in upload_profiles.violations(ev.upload_profile, f)]


# the rules, in the order their checks are listed; a rule's id is its function's name
RULES: list[Callable[[Evidence], list[Check]]] = [
    file_unreadable,
    required_document,
    field_match,
    checksum,
    id_consistency,
    document_expired,
    domain_holder,
    tld_eligible,
    cross_region,
    principal_legal_representative,
    minimum_age,
    unmatched_document,
    image_quality,
    expires_soon,
    site_name,
    pre_approval,
    upload_requirements,
    subject_type,
    contact,
    residence_permit,
    person_document,
    signed_document,
]
RULE_IDS = [fn.__name__ for fn in RULES]


def run(ev: Evidence) -> list[Check]:
    """Every rule over the evidence; each check is stamped with the id of the rule that made it."""
    out: list[Check] = []
    for fn in RULES:
        for c in fn(ev):
            c.rule = fn.__name__
            out.append(c)
    return out


__all__ = ["RULES", "RULE_IDS", "run", "Person"]
