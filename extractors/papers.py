"""What the signed papers share (承诺书 / 真实性责任告知书, 授权书): fill-ins beside their labels
(the subject, the people and their ID numbers, the date signed) and the marks that are not print
(`beian.extractors.marks`): the signature in its slot (签字 / 签名), the unit's red seal and its ring
text, a red fingerprint. `extract` reads the text; `marks` adds ``signature``, ``seal`` and
``fingerprint`` from the page image, which only the read path has."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from beian.extractors import marks as found_marks
from beian.extractors.base import complete, field_from
from beian.extractors.labels import Hit, Value, find_labels, join_split_labels, parsed_value
from beian.extractors.layout import Line
from beian.models import Field
from beian.text import compact
from beian.validators import dates

MARKS = ("signature", "seal", "fingerprint")  # from the pixels (`marks`), never from the text
SEAL_TEXT_MIN = 4  # characters: a seal's ring names a unit
SEAL_TEXT_SCORE = 0.6


NUMBER = re.compile(r"[0-9]{17}[0-9X]|9[0-9]{16}[0-9X]|[A-Z]{1,3}[0-9]{7,12}")
# what a name is not: the words around a signature, a label's remains (a unit's name may hold
# brackets: 彩美装饰工程（武汉）有限公司)
NOT_A_NAME = re.compile(r"签|盖|章|日期|号码|证件|[0-9:：]")
NAME = re.compile(r"^(?:姓名|名称)?[:：]?([\u4e00-\u9fff·]{2,6}|[A-Z][A-Za-z ,.'-]{2,40})$")


def _number(text: str) -> str | None:
    m = NUMBER.search(text.replace(" ", "").upper())
    return m.group(0) if m else None


def _person(text: str) -> str | None:
    """A person's name as written after its label (label remains and signature words refused)."""
    m = NAME.match(text.strip())
    return m.group(1) if m and not NOT_A_NAME.search(m.group(1)) and "单位" not in m.group(1) else None



def _named(text: str) -> str | None:
    """A unit's or a person's name: no signature words, no number."""
    text = text.strip(" :：_")
    return text if len(text) >= 2 and not NOT_A_NAME.search(text) else None


PARSE = {"date": dates.parse_date, "id_number": _number, "legal_representative_id_number": _number,
         "grantee_id_number": _number, "signatory": _person, "legal_representative": _person,
         "grantee_name": _person, "subject_name": _named, "grantor": _named}


def reader(table: dict[str, list[str]], fields: tuple[str, ...], titles: tuple[str, ...],
           numbers: dict[str, str]) -> Callable[[list[Line]], dict[str, Field]]:
    """The extract function of a paper: its title (a title word among its first lines), each
    labelled value by its own grammar, and where a label was not read, what a value is: an ID
    number belongs to the person whose label it follows on its row or under (``numbers``: number
    field -> name field), the date signed is the last date at the paper's foot."""

    def extract(lines: list[Line]) -> dict[str, Field]:
        lines = join_split_labels(lines, table)
        hits = find_labels(lines, table)
        out: dict[str, Field] = {}
        top = sorted(range(len(lines)), key=lambda i: lines[i].y0)[:4]
        for i in top:
            if title := next((t for t in titles if t in lines[i].key), None):
                ln = lines[i]
                out["title"] = field_from(Value(ln.key, [i], ln.score, ln.box),
                                          ln.key if len(ln.key) <= len(title) + 8 else title)
                break
        for name in fields:
            if name in table and (found := parsed_value(lines, hits, name, PARSE.get(name, lambda t: t or None))):
                out[name] = field_from(*found)
        for number, person in numbers.items():
            if number not in out and (found := _number_by_place(lines, hits, person, numbers)):
                out[number] = field_from(*found, doubts=("unlabelled",))
        if "date" not in out and (found := parsed_value(lines, hits, "date", dates.repair_date)):
            out["date"] = field_from(*found, corrected=True)
        if "date" not in out and (found := _last_date(lines)):
            out["date"] = field_from(*found, doubts=("unlabelled",))
        return complete(out, tuple(f for f in fields if f not in MARKS))

    return extract


def _number_by_place(lines: list[Line], hits: list[Hit], person: str, numbers: dict[str, str]):
    """The ID number printed after ``person``'s label: on its row to the right, else the first
    one under it before the next person's label."""
    people = set(numbers.values())
    marks = sorted((h for h in hits if h.field in people), key=lambda h: (lines[h.line].y0, lines[h.line].x0))
    found = []
    for i, ln in enumerate(lines):
        if (n := _number(ln.key)) is None:
            continue
        row = [h for h in marks if lines[h.line].same_row(ln) and lines[h.line].x0 < ln.x0]
        above = [h for h in marks if lines[h.line].cy < ln.y0]
        owner = min(row, key=lambda h: lines[h.line].x0) if row else (above[-1] if above else None)
        if owner and owner.field == person:
            found.append((ln.y0, Value(n, [i], ln.score, ln.box), n))
    if not found:
        return None
    _, value, n = min(found, key=lambda f: f[0])
    return value, n


def _last_date(lines: list[Line]):
    """The lowest full date in the lower half of the paper: the day it was signed."""
    if not lines:
        return None
    middle = (min(ln.y0 for ln in lines) + max(ln.y1 for ln in lines)) / 2
    found = [(ln.y0, i, d) for i, ln in enumerate(lines) if ln.y0 > middle and (d := dates.parse_date(ln.key))]
    if not found:
        return None
    _, i, d = max(found)
    ln = lines[i]
    return Value(ln.key, [i], ln.score, ln.box), d


def marker(fields: tuple[str, ...]) -> Callable[..., dict[str, Field]]:
    """The marks function of a paper whose contract lists ``fields``: ``signature``, ``seal``
    and (a commitment's) ``fingerprint`` where the page shows them, an empty field where it does
    not; a seal's value is its ring text when the recogniser reads one, else ``present``."""

    def marks(image: np.ndarray, lines: list[Line], read: dict[str, Field], engine=None) -> dict[str, Field]:
        out: dict[str, Field] = {}
        anchor = found_marks.signature_label(lines)
        box = found_marks.signature(image, lines, anchor)
        out["signature"] = Field(value="present", confidence=0.9, box=box) if box else Field()
        seal = found_marks.red_seal(image, lines)
        out["seal"] = Field()
        if seal:
            text, score = found_marks.seal_text(image, seal, engine.read_line) if engine else ("", 0.0)
            if len(compact(text)) >= SEAL_TEXT_MIN and score >= SEAL_TEXT_SCORE:
                out["seal"] = Field(value=compact(text), confidence=round(min(0.9, score), 3), box=seal.box)
            else:
                out["seal"] = Field(value="present", confidence=0.9, box=seal.box)
        if "fingerprint" in fields:
            finger = found_marks.fingerprint(image, lines, seal, anchor)
            out["fingerprint"] = Field(value="present", confidence=0.85, box=finger) if finger else Field()
        return out

    return marks
