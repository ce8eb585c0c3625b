"""What the signed papers share (承诺书 / 真实性责任告知书, 授权书): fill-ins beside their labels
(the subject, the people and their ID numbers, the date signed) and the marks that are not print
(`beian.extractors.marks`): the signature right of its label (签字 / 签名) and the unit's red seal.
`extract` reads the text; `marks` adds ``signature`` and ``seal`` (``present`` and their box) from
the page image, which only the read path has."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from beian.extractors import marks as found_marks
from beian.extractors.base import complete, field_from
from beian.extractors.labels import find_labels, join_split_labels, parsed_value
from beian.extractors.layout import Line
from beian.models import Field
from beian.validators import dates

SIGN_WORDS = ("签字", "签名", "签章")


def _shape(text: str) -> str | None:
    import re

    m = re.search(r"[0-9]{17}[0-9Xx]|[A-Z]{1,3}[0-9]{7,12}|9[0-9]{16}[0-9X]", text.replace(" ", "").upper())
    return m.group(0) if m else None


PARSE = {"date": dates.parse_date, "id_number": _shape, "legal_representative_id_number": _shape,
         "grantee_id_number": _shape}


def reader(table: dict[str, list[str]], fields: tuple[str, ...], titles: tuple[str, ...]
           ) -> Callable[[list[Line]], dict[str, Field]]:
    def extract(lines: list[Line]) -> dict[str, Field]:
        lines = join_split_labels(lines, table)
        hits = find_labels(lines, table)
        out: dict[str, Field] = {}
        for i, ln in enumerate(lines):
            if title := next((t for t in titles if t in ln.key), None):
                out["title"] = field_from(_value(ln, i), ln.key if len(ln.key) <= len(title) + 6 else title)
                break
        for name in fields:
            if name in table and (found := parsed_value(lines, hits, name, PARSE.get(name, lambda t: t or None))):
                out[name] = field_from(*found)
        return complete(out, tuple(f for f in fields if f not in ("signature", "seal")))

    return extract


def _value(ln: Line, i: int):
    from beian.extractors.labels import Value

    return Value(ln.key, [i], ln.score, ln.box)


def marks(image: np.ndarray, lines: list[Line], fields: dict[str, Field], unit_seal: bool = True) -> dict[str, Field]:
    """``signature`` and ``seal`` where the page shows them (absent fields where it does not)."""
    out: dict[str, Field] = {}
    anchor = next((ln for ln in lines if any(w in ln.key for w in SIGN_WORDS)), None)
    if box := found_marks.signature(image, lines, anchor):
        out["signature"] = Field(value="present", confidence=0.9, box=box)
    else:
        out["signature"] = Field()
    if unit_seal and (box := found_marks.red_seal(image)):
        out["seal"] = Field(value="present", confidence=0.9, box=box)
    else:
        out["seal"] = Field()
    return out
