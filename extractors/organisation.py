"""The organisations' certificates: one reading for every certificate a unit that is not an
enterprise files with (统一社会信用代码证书, 事业单位法人证书, 社会团体法人登记证书, 民办非企业单位 /
社会服务机构登记证书, 基金会法人登记证书, 律师事务所执业许可证).

Each certificate has its own module (its title, its label wordings); they share the field set
of the contract (`FIELDS`, `OPTIONAL`) and this reading, which is the licence's: values beside
or under their labels, multi-line values joined, the credit code found by its shape and
repaired by its check character (`business_license.credit_code`), the validity read as a
period 自…至… (`valid_from`, `valid_until`), the authority beside its label at the foot.
"""

from __future__ import annotations

from collections.abc import Callable

from beian.extractors import business_license
from beian.extractors.base import complete, corrected_to, field_from
from beian.extractors.labels import find_labels, first_hit, join_split_labels, parsed_value
from beian.extractors.layout import Line
from beian.models import Field
from beian.validators import dates

FIELDS = ("credit_code", "name", "legal_representative", "address", "scope", "valid_from", "valid_until",
          "registration_authority")
OPTIONAL = ("sponsor", "capital", "funding_source")
# the wordings every organisation certificate may print; a module adds its own
LABELS = {
    "credit_code": ["统一社会信用代码"],
    "name": ["名称", "机构名称", "单位名称"],
    "legal_representative": ["法定代表人", "负责人", "法定代表人姓名"],
    "address": ["住所", "地址", "机构地址"],
    "scope": ["宗旨和业务范围", "业务范围"],
    "term": ["有效期", "有效期限", "证书有效期"],
    "registration_authority": ["登记管理机关", "发证机关", "登记机关"],
    "sponsor": ["举办单位", "业务主管单位"],
    "capital": ["开办资金", "注册资金", "原始基金"],
    "funding_source": ["经费来源"],
}
MULTILINE = {"name", "address", "scope", "sponsor", "term", "funding_source"}


def labels(**extra: list[str]) -> dict[str, list[str]]:
    """The shared label table with a certificate's own wordings added (longest first); a name
    that is not a field (``form``, ``area``) is a label that ends the value before it."""
    out = {k: list(v) for k, v in LABELS.items()}
    for k, v in extra.items():
        out[k] = sorted(set(out.get(k, [])) | set(v), key=len, reverse=True)
    return out


def reader(table: dict[str, list[str]]) -> Callable[[list[Line]], dict[str, Field]]:
    """A certificate's ``extract``: this reading with its label table."""
    return lambda lines: extract(lines, table)


def extract(lines: list[Line], table: dict[str, list[str]]) -> dict[str, Field]:
    lines = join_split_labels(lines, table)
    hits = find_labels(lines, table)
    out: dict[str, Field] = {}
    for name in ("name", "legal_representative", "address", "scope", "sponsor", "funding_source", "capital"):
        if found := parsed_value(lines, hits, name, multiline=name in MULTILINE):
            out[name] = field_from(*found)
    if (scope := out.get("scope")) and scope.value:
        out["scope"] = scope.model_copy(update={"value": business_license.scope_punctuation(scope.value)})
    if (cap := out.get("capital")) and cap.value and not business_license.AMOUNT.fullmatch(cap.value):
        if (fixed := business_license.repair_amount(cap.value)) != cap.value:
            out["capital"] = corrected_to(cap, fixed)
    if found := parsed_value(lines, hits, "term", lambda t: dates.parse_period(t)[1], multiline=True):
        out["valid_until"] = field_from(*found)
        if start := dates.parse_period(found[0].text)[0]:
            out["valid_from"] = field_from(found[0], start)
    out["credit_code"] = business_license.credit_code(lines, hits)
    if h := first_hit(hits, "registration_authority"):
        authority = business_license.issue(lines, hits, h).get("registration_authority")
        if authority:
            out["registration_authority"] = authority
    return {**complete(out, FIELDS), **{k: out[k] for k in OPTIONAL if k in out}}


def probes(lines: list[Line], fields: dict[str, Field]):
    """As the licence's: the line under a value left with an open bracket."""
    return business_license.probes(lines, fields, ("name", "address", "scope", "sponsor"))
