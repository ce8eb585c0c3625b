"""Domain certificate (域名证书) as registrars issue them: domain, holder, registrar, dates.

Certificates print the facts twice: in a sentence (``域名x.cn已由张三完成注册``,
``…已通过某某公司完成注册``, ``…授权某某公司制作并颁发``, ``This is to certify that
the domain x.cn has been registered by …``) and in a table whose labels are
Chinese with English beneath (``注册所有者`` / ``Registrant``). Both are read; each
field's candidates are checked by its own validator (domain syntax and suffix,
date), the value printed in Chinese wins over its English form, and when the
sentence and the table disagree the value that more readings support is kept
with a lowered confidence, so a doubtful read becomes ``unreadable``, never a
false mismatch. Domains are lower-case, in Unicode form (``例子.中国``).
"""

from __future__ import annotations

import re
from collections import defaultdict

import idna

from beian.extractors import lookalike
from beian.extractors.base import complete, field_from
from beian.extractors.labels import Value, find_labels, has_cjk, join_split_labels, parsed_value
from beian.extractors.layout import Line
from beian.models import Field
from beian.validators import dates, domains

TYPE = "domain_certificate"
FIELDS = ("domain", "holder", "registrar", "registration_date", "expiry_date")


def _with_prefix(cores: list[str]) -> list[str]:
    """Registrars print a label bare or after 域名 (注册时间, 域名注册时间)."""
    return [p + c for c in cores for p in ("", "域名")]


_HOLDER_CN = _with_prefix(["注册所有人", "注册所有者", "持有者", "持有人", "注册人", "所有者", "所有人", "注册者"])
LABELS = {
    "domain": ["域名", "域名名称", "注册域名", "domainname", "domain"],
    "holder": _HOLDER_CN + [h + "(中文)" for h in _HOLDER_CN] + ["registrant", "holder", "owner"],
    # the holder's name in Latin letters, printed by some registrars on its own row: not the value
    "holder_latin": [h + q for h in _HOLDER_CN for q in ("(英文)", "(拼音)")],
    "registrar": _with_prefix(["注册服务机构", "注册商", "注册服务商", "注册机构", "所属注册机构", "所属注册商"])
    + ["registrar", "sponsoringregistrar"],
    "registration_date": _with_prefix(["注册日期", "注册时间", "创建日期", "创建时间", "申请日期"])
    + ["registrationdate", "creationdate", "registrationtime"],
    "expiry_date": _with_prefix(["到期日期", "到期时间", "过期日期", "过期时间", "有效期至", "到期日", "截止日期"])
    + ["expirationdate", "expirydate", "expiredate", "expirationtime"],
}
MARKERS = {"域名": 2, "证书": 1, "注册商": 1, "注册服务机构": 1, "注册所有人": 1, "持有者": 1,
           "到期": 1, "domain": 1, "registrar": 1, "registrant": 1}
_EN_LABEL = re.compile(r"^(domain ?name|domain|registrant|registrar|holder|owner|registration ?date|"
                       r"creation ?date|expir\w* ?date)[:：]?", re.I)
_ASCII_DOMAIN = re.compile(r"(?<![a-z0-9-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]+)")
_IDN_DOMAIN = re.compile(r"(?:[a-z0-9\u4e00-\u9fff](?:[a-z0-9\u4e00-\u9fff-]{0,61}[a-z0-9\u4e00-\u9fff])?\.)+"
                         r"(?:[a-z]{2,24}|xn--[a-z0-9-]+|[\u4e00-\u9fff]{1,8})")
_ORG = r"[\u4e00-\u9fff()（）]{4,40}?(?:有限责任公司|股份有限公司|有限公司|公司|中心)"
# the sentences certificates are written in; the groups are the facts
_PROSE = {
    "domain": [re.compile(r"域名[:：]?\s*(\S+?)(?:已由|已通过|已经|已在|已于)"),
               re.compile(r"the domain(?: name)?\s+(\S+)\s+has been registered", re.I)],
    "holder": [re.compile(r"已由([\u4e00-\u9fff·]{2,30}?)完成注册"),
               re.compile(r"已由([\u4e00-\u9fff·]{2,30}?)注册[,，]?并"),
               re.compile(r"已由(.{2,40}?)完成注册"),
               re.compile(r"has been registered by\s+(.+?)\s*\.\s*and", re.I)],
    "registrar": [re.compile(rf"已通过({_ORG})完成注册"),
                  re.compile(rf"授权.{{0,40}}?({_ORG}).{{0,60}}?制作并颁发")],
}


def extract(lines: list[Line]) -> dict[str, Field]:
    lines = join_split_labels(lines, LABELS)
    hits = find_labels(lines, LABELS)
    parsers = {"domain": normalise_domain, "holder": _text, "registrar": _text,
               "registration_date": dates.parse_date, "expiry_date": dates.parse_date}
    out: dict[str, Field] = {}
    for name, parse in parsers.items():
        table = parsed_value(lines, hits, name, parse, strip=_EN_LABEL, multiline=name in ("holder", "registrar"))
        prose = _from_prose(lines, name, parse)
        out[name] = _agree(name, table, prose)
    return complete(out, FIELDS)


def _agree(name: str, table: tuple[Value, str] | None, prose: list[tuple[Value, str]]) -> Field:
    """One field from its table cell and its readings in the certificate's sentences."""
    if table and name in ("holder", "registrar") and not has_cjk(table[1]):
        # an English table value (Hu Xin Feng, DNSPod, Inc.) yields to a Chinese sentence
        cn = [p for p in prose if has_cjk(p[1])]
        if cn:
            table = None
            prose = cn
    cands = ([table] if table else []) + prose
    if not cands:
        return Field()
    votes: dict[str, float] = defaultdict(float)
    for v, parsed in cands:
        votes[_key(name, parsed)] += v.score + (0.01 if v is (table[0] if table else None) else 0)
    best = max(votes, key=votes.get)
    value, parsed = next(c for c in cands if _key(name, c[1]) == best)
    if table is None and name in ("holder", "registrar") and len(prose) == 1:
        return field_from(value, parsed, doubts=("sentence_only",))  # one reading, from a sentence only
    agree = len(votes) == 1 or (name in ("holder", "registrar") and _english_only_differs(votes))
    # a domain is compared exactly: one read once with a 1 or 0 among letters (1ingyun, yuanjianl7)
    # is doubted enough to become unreadable rather than a mismatch, until a second look lifts it
    doubts = ("lookalike",) if name == "domain" and lookalike.hazardous(parsed) and len(cands) < 2 else ()
    return field_from(value, parsed, doubts=doubts + (() if agree else ("disagree",)))


def _english_only_differs(votes: dict[str, float]) -> bool:
    return len([k for k in votes if has_cjk(k)]) <= 1


def _key(name: str, parsed: str) -> str:
    return re.sub(r"[\s()（）,.，。]", "", parsed).lower() if name in ("holder", "registrar") else parsed


def _from_prose(lines: list[Line], name: str, parse) -> list[tuple[Value, str]]:
    """Readings of a field in the certificate's sentences (lines joined in reading order)."""
    if name not in _PROSE:
        return []
    text, owner = "", []
    for i, ln in enumerate(lines):
        # a sentence wrapped over lines: Chinese runs on without a space
        if text and not (has_cjk(text[-1]) and has_cjk(ln.text[0])):
            text += " "
            owner.append(i)
        text += ln.text
        owner += [i] * len(ln.text)
    out: list[tuple[Value, str]] = []
    seen: set[int] = set()
    for pattern in _PROSE[name]:
        for m in pattern.finditer(text):
            if m.start(1) in seen:
                continue
            raw = m.group(1).strip()
            parsed = parse(raw)
            if name == "holder" and parsed and not has_cjk(parsed) and len(parsed.split()) > 6:
                continue
            if parsed:
                seen.add(m.start(1))
                idx = sorted({owner[k] for k in range(m.start(1), m.end(1))})
                score = min(lines[i].score for i in idx)
                box = [int(min(lines[i].x0 for i in idx)), int(min(lines[i].y0 for i in idx)),
                       int(max(lines[i].x1 for i in idx)), int(max(lines[i].y1 for i in idx))]
                out.append((Value(raw, idx, score, box), parsed))
    return out


_DATE_IN_TEXT = re.compile(r"\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}")


_ENGLISH_TAIL = re.compile(r"^(.*[\u4e00-\u9fff)）])\s*[A-Za-z][A-Za-z .,&'-]*[A-Za-z.]$")


def _text(t: str) -> str | None:
    """A name (holder, registrar): it ends where another field's value, a date, begins
    (``游志刚2023-11-06``: the print date's value joined on the next line), or where its
    English form printed under it begins (``…商会`` + ``Technology Co., Ltd.``).

    >>> _text("长沙市远见青年企业家商会Technology Co., Ltd."), _text("Hu Xin Feng"), _text("北京ABC科技有限公司")
    ('长沙市远见青年企业家商会', 'Hu Xin Feng', '北京ABC科技有限公司')
    """
    t = _DATE_IN_TEXT.split(t)[0].strip(" :：")
    if m := _ENGLISH_TAIL.match(t):
        t = m.group(1)
    return t or None


def normalise_domain(text: str) -> str | None:
    """The first domain name in text with a real public suffix, lower-case, Unicode form.

    An ``I`` in text with no other capital is an ``l`` (``Iven.cn``: the two are drawn
    alike and a domain is printed in lower case). ASCII names are taken whole and stop
    at the first character that cannot be in a name (``huxinfeng.com已由…`` is ``huxinfeng.com``); internationalised names
    (``例子.中国``) are taken when their suffix is a known one.
    """
    t = text.strip()
    if "I" in t and not re.search(r"[A-HJ-Z]", t):
        t = t.replace("I", "l")  # an upper-case I among lower-case letters is an l drawn plain
    t = t.lower().replace("。", ".").replace("，", ".").replace(" ", "")
    t = re.sub(r"(https?://)?(www\.)?", "", t)
    for m in _ASCII_DOMAIN.finditer(t):
        if domains.is_valid(m.group(0)):
            return m.group(0)
    for m in _IDN_DOMAIN.finditer(t):
        name = m.group(0)
        try:
            uname = idna.decode(name) if "xn--" in name else idna.decode(idna.encode(name, uts46=True))
        except idna.IDNAError:
            continue
        if domains.is_valid(uname):
            return uname
    return None
