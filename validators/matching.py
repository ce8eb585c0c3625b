"""Comparing an entered value with the value read from a document: the logic several rules
share. A value read with too little confidence makes a check `unreadable`, never `mismatch`."""

from __future__ import annotations

from beian.models import Check
from beian.models import Field as ReadField
from beian.validators import compare
from beian.validators.evidence import Seen

__all__ = ["who", "match", "compared"]


def who(path: str) -> str:
    """Who a filing path names, as reviewers say it."""
    if path.startswith("websites"):
        return "网站负责人"
    return "主办者" if path == "subject" else "主体负责人"


def match(field: str, entered: str | None, doc: Seen | None, name: str, what: str,
          min_conf: float, kind: str = "text") -> Check:
    """Compare an entered value with the document's field ``name`` (the shared logic of several rules)."""
    where = doc.ref if doc else None
    read = doc.get(name) if doc else ReadField()
    out = compared(field, entered, read, where, what, min_conf, kind)
    out.read_field = name if doc else None
    return out


def compared(field: str, entered: str | None, read: ReadField, where: str | None, what: str,
             min_conf: float, kind: str) -> Check:
    """An entered value against a value read (at ``where``): match, mismatch, or missing or
    unreadable when one of them is absent or read too doubtfully to judge."""
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
