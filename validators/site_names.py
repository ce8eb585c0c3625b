"""Website names (网站名称): what providers reject, as dated data (`data/site_names.json`).

`problems` is pure: the name, the subject's type and name, the filing province and
the site's domains in; (status, message) pairs out. A rule whose sources agree and
are current gives ``invalid``; one from a single or an old source gives ``warning``.
"""

from __future__ import annotations

import re

from beian.text import compact
from beian.validators import tables

_CJK = re.compile(r"[\u3400-\u9fff]")
_SYMBOL = re.compile(r"[^\w\u3400-\u9fff·・\- ]")
# legal-form and generic words that say nothing about which company it is
_GENERIC = re.compile(r"(有限责任公司|股份有限公司|有限公司|分公司|集团|公司|科技|网络|信息|技术|发展|实业|贸易|"
                      r"中国|[省市区县])")


def table() -> dict:
    return tables.load("site_names")


def _status(section: dict) -> str:
    return "invalid" if len(section["sources"]) >= 2 and section["current"] else "warning"


def _cite(section: dict) -> str:
    t = table()["sources"]
    return "；".join(t[s] for s in section["sources"])


def _words(name: str, words: list[str]) -> list[str]:
    return [w for w in words if w in name]


def problems(name: str, subject_type: str, subject_name: str, province: str | None,
             domains: list[str]) -> list[tuple[str, str]]:
    t = table()
    n = compact(name)
    out: list[tuple[str, str]] = []
    nat = t["national"]
    bad, src = _status(nat), _cite(nat)
    if len(_CJK.findall(n)) < nat["min_cjk_chars"]:
        out.append((bad, f"网站名称“{name}”少于{nat['min_cjk_chars']}个汉字（不能只用数字或字母）（{src}）"))
    if _SYMBOL.search(n):
        out.append((bad, f"网站名称“{name}”含特殊符号（{src}）"))
    hosts = {compact(d).lower() for d in domains} | {compact(d).lower().split(".")[0] for d in domains}
    if n.lower() in hosts:
        out.append((bad, f"网站名称不能只是域名“{name}”（{src}）"))
    prefix = next((p for p in nat["state_prefixes"] if n.startswith(p)), None)
    if prefix and subject_type != "government" and (subject_type == "individual"
                                                    or not compact(subject_name).startswith(prefix)):
        out.append((bad, f"非国家机关主体的网站名称不能以“{prefix}”开头（{src}）"))
    if hit := _words(n, nat["sensitive_words"]):
        out.append((bad, f"网站名称含敏感词“{'、'.join(hit)}”（{src}）"))
    if subject_type == "individual":
        ind = t["individual"]
        s, src = _status(ind), _cite(ind)
        if hit := _words(n, ind["company_words"]):
            out.append((s, f"个人网站名称不能含企业或经营信息“{'、'.join(hit)}”（{src}）"))
        if hit := _words(n, ind["generic_words"]):
            out.append((s, f"个人网站名称不宜使用“{'、'.join(hit)}”（{src}）"))
        if province == "江苏省" and not any(n.endswith(f) for f in ind["jiangsu_forms"]):
            out.append((s, f"江苏省个人网站只能命名为“某某的个人博客”或“某某的个人主页”（{src}）"))
        per = t["individual_by_province"]
        if province and (hit := _words(n, per["words"].get(province, []))):
            out.append((_status(per), f"{province}个人网站名称禁用“{'、'.join(hit)}”（{_cite(per)}，较旧）"))
    else:
        ent = t["enterprise"]
        core = set(_GENERIC.sub("", compact(subject_name)))
        if core and not core & set(n):
            unit = "企业" if subject_type == "enterprise" else "单位"
            out.append((_status(ent), f"{unit}网站名称“{name}”与主体名称无关（建议用{unit}全称或简称，"
                                      f"否则部分省份要求商标证书）（{_cite(ent)}）"))
    return out
