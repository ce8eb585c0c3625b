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
from beian.validators import compare, dates, domains, regions, ric, site_names, tables, upload_profiles, uscc
from beian.validators import pre_approval as approvals
from beian.validators.evidence import Evidence, Person, Seen, same_domain

QUALITY = {"blurred": "图像模糊", "glare": "反光", "greyscale_copy": "黑白复印件", "cut_off": "边缘不完整"}


def _who(path: str) -> str:
    if path.startswith("websites"):
        return "网站负责人"
    return "主办者" if path == "subject" else "主体负责人"


def _match(field: str, entered: str | None, doc: Seen | None, name: str, what: str,
           min_conf: float, kind: str = "text") -> Check:
    """Compare an entered value with the document's field ``name`` (the shared logic of several rules)."""
    where = doc.ref if doc else None
    read = doc.get(name) if doc else ReadField()
    out = _compared(field, entered, read, where, what, min_conf, kind)
    out.read_field = name if doc else None
    return out


def _compared(field: str, entered: str | None, read: ReadField, where: str | None, what: str,
              min_conf: float, kind: str) -> Check:
    if entered is None:
        return Check(field=field, status="missing", found=read.value, document=where,
                     message=f"未填写{what}")
    if not read.found:
        return Check(field=field, status="unreadable", entered=entered, document=where,
                     message=f"未能从证件读取{what}")
    ok, score = compare.same(entered, read.value, kind)
    if ok:
        return Check(field=field, status="match", entered=entered, found=read.value, score=score,
                     document=where, message=f"{what}一致")
    if read.confidence < min_conf:
        return Check(field=field, status="unreadable", entered=entered, found=read.value, score=score,
                     document=where, message=f"{what}识别置信度低（{read.confidence:.2f}），请人工核对")
    return Check(field=field, status="mismatch", entered=entered, found=read.value, score=score,
                 document=where, message=f"{what}与证件不一致")


def field_match(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    s = ev.filing.subject
    if s.type == "enterprise" and (lic := ev.licence):
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
        for p in person.paths:
            who = _who(p.path)
            out.append(_match(p.name_field, p.name, person.front, "name",
                              f"{who}姓名", ev.min_confidence))
            out.append(_match(p.id_field, p.id_number, person.front, "id_number",
                              f"{who}身份证号码", ev.min_confidence, "code"))
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


def checksum(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    s = ev.filing.subject
    entered = [(p.id_field, p.id_number, "ric") for person in ev.people for p in person.paths if p.path != "subject"]
    entered.append(("subject.certificate_number", s.certificate_number, "ric" if s.type == "individual" else "uscc"))
    for field, number, kind in entered:
        out += _number(field, number, kind, None, "填写的")
    for person in ev.people:
        if person.front and (read := person.front.get("id_number")).found and read.confidence >= ev.min_confidence:
            out += _number(None, read.value, "ric", person.front.ref, "证件上的")
    if (lic := ev.licence) and (read := lic.get("credit_code")).found and read.confidence >= ev.min_confidence:
        out += _number(None, read.value, "uscc", lic.ref, "执照上的")
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
        if not (back and front and (num := front.get("id_number")).found and ric.is_valid(num.value)):
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
        if person.back:
            yield person.main.id_field, "valid_until", person.back, f"{_who(person.main.path)}身份证", False
    if lic := ev.licence:
        yield "subject.certificate_number", "valid_until", lic, "营业执照", False
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
                    c.message = f"域名{d}的持有者与主办{'单位' if s.type == 'enterprise' else '者'}不一致"
                if c.status != "match":
                    out.append(c)
    return out


def required_document(ev: Evidence) -> list[Check]:
    out: list[Check] = []
    s = ev.filing.subject
    if s.type == "enterprise" and not ev.licence:
        out.append(Check(field="subject.certificate_number", status="missing",
                         message="缺少营业执照"))
    for person in ev.people:
        who = _who(person.main.path)
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
            elif sfx in domains.suffix_table()["government_only"] and "政府" not in ev.filing.subject.name:
                out.append(Check(field=field, status="invalid", entered=d,
                                 message=f"域名后缀.{sfx}仅限政府机关备案"))
    return out


def _home_province(ev: Evidence) -> tuple[str | None, str | None]:
    s = ev.filing.subject
    if s.type == "enterprise":
        if ev.licence and (p := regions.of_address(ev.licence.get("address").value)):
            return p, ev.licence.ref
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
    if ev.filing.subject.type == "individual":
        need = info.get("cross_region_individual") or "当地居住证"
    else:
        need = "单位只能在住所所在省份备案，或通过当地分支机构备案"
    return [Check(field="filing_province", status="warning", entered=filed, found=home,
                  document=where, message=f"异地备案：主体住所在{home}，备案省份为{filed}；{need}")]


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
        else:
            out.append(Check(status="warning", document=d.ref,
                             message="无法识别的材料"))
    return out


def principal_legal_representative(ev: Evidence) -> list[Check]:
    s = ev.filing.subject
    rule = (regions.info(ev.filing.filing_province) or {}).get("principal_legal_representative")
    if s.type != "enterprise" or rule not in ("required", "authorisation"):
        return []
    legal = s.legal_representative or (ev.licence.get("legal_representative").value if ev.licence else None)
    if not legal or compare.same(ev.filing.principal.name, legal)[0]:
        return []
    read = ev.licence if ev.licence and not s.legal_representative else None
    where = {"document": read.ref, "read_field": "legal_representative"} if read else {}
    province = ev.filing.filing_province
    if rule == "required":
        return [Check(field="principal.name", status="mismatch",
                      entered=ev.filing.principal.name, found=legal, **where,
                      message=f"{province}要求主体负责人为法定代表人")]
    return [Check(field="principal.name", status="warning",
                  entered=ev.filing.principal.name, found=legal, **where,
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
    texts = [(f"websites[{i}].name", w.name, None, "网站名称") for i, w in enumerate(ev.filing.websites)]
    if lic := ev.licence:
        scope = lic.get("business_scope")
        if scope.found:
            texts.append((None, scope.value, lic.ref, "经营范围"))
    for field, text, doc, what in texts:
        for hit in approvals.sectors(text):
            out.append(Check(field=field, status="warning", entered=text if field else None,
                             found=hit["word"], document=doc,
                             message=f"{what}含“{hit['word']}”：{hit['sector']}类网站须先取得{hit['document']}"
                                     f"（{hit['authority']}）"))
    return out


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
