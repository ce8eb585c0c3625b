"""Which signed papers a filing needs, and whether a paper's date is in its window.

From the dated table ``validators/data/signed_papers.json`` (never code): the commitment
papers a province asks of every filing (Guangdong's 承诺书 since 2021-06-21, Jiangsu's 告知书
and 承诺书), who signs them and who adds a fingerprint; the authorisation (授权书) a unit's
legal representative gives where a responsible person is not the legal representative; and the
months before the check within which a paper must have been signed (3; Hebei 6).

>>> [(n.word, n.field, n.fingerprint) for n in commitments("广东省", "individual", dt.date(2026, 11, 28))]
[('承诺书', 'filing_province', True)]
>>> [n.word for n in commitments("江苏省", "enterprise", dt.date(2026, 11, 28))]
['告知书', '承诺书']
>>> commitments("广东省", "enterprise", dt.date(2021, 6, 1))
[]
>>> [n.field for n in authorisations("安徽省", "enterprise", "王建国", [("principal", "王建国"),
...                                                              ("websites[0].principal", "李娜")])]
['websites[0].principal']
>>> freshness(dt.date(2026, 8, 1), dt.date(2026, 11, 28), "河北省")
'ok'
>>> freshness(dt.date(2026, 8, 1), dt.date(2026, 11, 28), "广东省")
'stale'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from beian.validators import compare, dates, subject_types, tables

__all__ = ["Need", "commitments", "authorisations", "window", "freshness", "KINDS"]

KINDS = ("commitment_letter", "authorization_letter")


@dataclass(frozen=True)
class Need:
    """One paper a filing must carry."""

    kind: str  # commitment_letter | authorization_letter
    word: str  # a word its title holds (承诺书, 告知书, 授权书)
    name: str  # what reviewers call it
    field: str  # the place of the filing it is asked for (filing_province, principal, websites[0].principal)
    signed_by: tuple[str, ...] = ()  # who may sign a commitment (legal_representative, principal, ...)
    fingerprint: bool = False  # a 手印 beside the signature


def _table() -> dict:
    return tables.load("signed_papers")


def commitments(province: str, subject_type: str, as_of: dt.date) -> list[Need]:
    """The commitment papers ``province`` asks of a filing by a subject of ``subject_type``."""
    rule = _table()["commitment"].get(province)
    if not rule or as_of < dates.to_date(rule["since"]):
        return []
    individual = subject_type == "individual"
    return [Need("commitment_letter", word, rule["name"], "filing_province", tuple(rule["signed_by"]),
                 rule.get("fingerprint") == "individual" and individual) for word in rule["papers"]]


def authorisations(province: str, subject_type: str, legal_representative: str | None,
                   people: list[tuple[str, str]]) -> list[Need]:
    """The 授权书 a unit needs for each responsible person who is not its legal representative:
    ``people`` are (path, name) of the 主体负责人 (``principal``) and each 网站负责人."""
    if not subject_types.is_unit(subject_type) or not legal_representative:
        return []
    asked = _table()["authorisation"]
    out = []
    for path, name in people:
        role = "principal" if path == "principal" else "website_principal"
        if province in asked[role] and not compare.same(name, legal_representative)[0] \
                and not any(n.field == path for n in out):
            out.append(Need("authorization_letter", "授权书",
                            "主体负责人授权书" if role == "principal" else "网站负责人授权书", path))
    return out


def window(province: str) -> int:
    """Months before the check within which a paper must have been signed."""
    t = _table()
    return t["window_by_province"].get(province, t["window_months"])


def freshness(signed: dt.date, as_of: dt.date, province: str) -> str:
    """``ok``, ``stale`` (signed longer ago than the province's window) or ``future`` (dated
    after the check: not signed yet when submitted)."""
    if signed > as_of:
        return "future"
    return "stale" if signed < dates.add_months(as_of, -window(province)) else "ok"
