"""Filing subject types (主办单位性质), as dated data (`data/subject_types.json`).

Which certificate each type files with, which document type is read from it, and
which first two characters of a unified social credit code fit it (GB 32100: the
registering authority and the category, ``12`` 事业单位, ``51`` 社会团体, ``91`` 企业).
Pure look-ups; the rule that uses them is `beian.validators.rules.subject_type`.

>>> category("12330100470012345X")
('12', '事业单位')
>>> fits("government", "11330100002500123X"), fits("government", "91330106MA2J4K5L6X")
(True, False)
>>> type_of_document("institution_certificate")
'institution'
"""

from __future__ import annotations

from beian.validators import tables

TYPES = ("enterprise", "individual", "government", "institution", "social_organization",
         "private_non_enterprise", "foundation", "law_firm", "other")


def table() -> dict:
    return tables.load("subject_types")


def info(subject_type: str) -> dict:
    return table()["types"].get(subject_type) or {}


def name(subject_type: str) -> str:
    """The type as the filing system names it (事业单位)."""
    return info(subject_type).get("name") or subject_type


def is_unit(subject_type: str) -> bool:
    """A unit (单位) files with a certificate and has a legal representative; a person does not."""
    return bool(info(subject_type).get("unit", True))


def document(subject_type: str) -> str | None:
    """The document type read from the subject's certificate (None: a person's ID card, or not read)."""
    return info(subject_type).get("document")


def certificate_type(subject_type: str) -> str | None:
    return info(subject_type).get("certificate_type")


def type_of_document(doc_type: str) -> str | None:
    """The subject type whose certificate this document type is."""
    return next((t for t, i in table()["types"].items() if i.get("document") == doc_type), None)


def subject_documents() -> frozenset[str]:
    """Every document type that is a unit's certificate (营业执照 and the organisation certificates)."""
    return frozenset(i["document"] for i in table()["types"].values() if i.get("document"))


def category(code: str) -> tuple[str, str | None]:
    """A credit code's first two characters and the category GB 32100 gives them (None: unknown)."""
    prefix = (code or "").strip().upper()[:2]
    return prefix, table()["categories"].get(prefix)


def fits(subject_type: str, code: str) -> bool | None:
    """Whether the code's category is one this subject type registers under; None when the
    type has no credit code of its own (a person, ``other``)."""
    prefixes = info(subject_type).get("prefixes") or []
    if not prefixes:
        return None
    return category(code)[0] in prefixes


def types_for_code(code: str) -> list[str]:
    """The subject types whose codes start like this one."""
    prefix = category(code)[0]
    return [t for t, i in table()["types"].items() if prefix in (i.get("prefixes") or [])]


def document_name(doc_type: str) -> str:
    """A certificate's printed title (事业单位法人证书)."""
    return table()["document_names"].get(doc_type, doc_type)


def suffixes(subject_type: str) -> tuple[list[str], list[str]]:
    """The domain suffixes this type may file (empty: any filable one) and those it may not."""
    i = info(subject_type)
    return i.get("suffixes") or [], i.get("not_suffixes") or []


def reserved_suffixes() -> dict[str, str]:
    """Each suffix that only some types may file, and which type (gov.cn: government)."""
    return {sfx: t for t, i in table()["types"].items() for sfx in i.get("reserved_suffixes") or []}
