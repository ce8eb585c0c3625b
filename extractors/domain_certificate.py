"""Domain certificate (域名证书) as registrars issue them: domain, holder, registrar, dates.

Registrars word their labels differently (注册所有人, 域名持有者, Registrant...);
the table below holds the variants seen, Chinese and English. The domain is
lower-case and in Unicode form (``例子.中国``).
"""

from __future__ import annotations

import re

import idna

from beian.extractors.base import complete, field_from
from beian.extractors.labels import find_labels, parsed_value
from beian.extractors.layout import Line
from beian.models import Field
from beian.validators import dates

TYPE = "domain_certificate"
FIELDS = ("domain", "holder", "registrar", "registration_date", "expiry_date")
LABELS = {
    "domain": ["域名", "域名名称", "注册域名", "domainname", "domain"],
    "holder": ["注册所有人", "域名持有者", "域名持有人", "持有者", "持有人", "注册人", "域名所有者", "所有者",
               "注册者", "域名注册人", "registrant", "holder", "owner"],
    "registrar": ["注册服务机构", "注册商", "注册服务商", "域名注册服务机构", "域名注册商", "registrar", "注册机构"],
    "registration_date": ["注册日期", "注册时间", "创建日期", "创建时间", "申请日期", "registrationdate",
                          "creationdate"],
    "expiry_date": ["到期日期", "到期时间", "过期日期", "过期时间", "有效期至", "到期日", "截止日期",
                    "expirationdate", "expirydate", "expiredate"],
}
MARKERS = {"域名": 2, "证书": 1, "注册商": 1, "注册服务机构": 1, "注册所有人": 1, "持有者": 1,
           "到期": 1, "domain": 1, "registrar": 1, "registrant": 1}
_EN_LABEL = re.compile(r"^(domain ?name|domain|registrant|registrar|holder|owner|registration ?date|"
                       r"creation ?date|expir\w* ?date)[:：]?", re.I)
_DOMAIN = re.compile(r"(?:[a-z0-9\u4e00-\u9fff](?:[a-z0-9\u4e00-\u9fff-]{0,61}[a-z0-9\u4e00-\u9fff])?\.)+"
                     r"(?:[a-z]{2,24}|xn--[a-z0-9-]+|[\u4e00-\u9fff]{1,8})")


def extract(lines: list[Line]) -> dict[str, Field]:
    hits = find_labels(lines, LABELS)
    parsers = {"domain": normalise_domain, "holder": _text, "registrar": _text,
               "registration_date": lambda t: dates.parse_date(t), "expiry_date": lambda t: dates.parse_date(t)}
    out: dict[str, Field] = {}
    for name, parse in parsers.items():
        if found := parsed_value(lines, hits, name, parse, strip=_EN_LABEL,
                                 multiline=name in ("holder", "registrar")):
            out[name] = field_from(*found)
    return complete(out, FIELDS)


def _text(t: str) -> str | None:
    return t.strip(" :") or None


def normalise_domain(text: str) -> str | None:
    """The first domain name in text, lower-case, Unicode form; None if there is none."""
    t = text.strip().lower().replace("。", ".").replace("，", ".").replace(",", ".").replace(" ", "")
    t = re.sub(r"^(https?://)?(www\.)?", "", t)
    m = _DOMAIN.search(t)
    if not m:
        return None
    name = m.group(0)
    try:
        return idna.decode(name) if "xn--" in name else idna.decode(idna.encode(name, uts46=True))
    except idna.IDNAError:
        return name
