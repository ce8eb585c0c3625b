"""The field scorer: every candidate value of a free-text field, weighed by a fitted model.

The document modules read each field where its label puts it. For the fields whose
value is free text (a person's or an organisation's name, an address, a holder) that
reading depends on the layouts it was written for, so the scorer looks again: every
line of the document (with a leading label cut off), the rules' value, and the rules'
value run on into the line under it are candidates. Each is described by what it is
(its grammar), where it is (the label to its left and above it, its place in the
document's box, its height beside the others), whose it is (another field's value)
and how it was read (the engine's score). A logistic model per field, fitted on both
sample renderers and the real set's training folds (``make fit-scorer``,
`benchmarks/fit_scorer.py`), gives each candidate the chance that it is the value.

The rules' value stays unless another candidate is likelier by `MARGIN` and at least
`ACCEPT`; a value the scorer chose over the rules carries the doubt ``scored`` and its
confidence is at most the model's chance. Hand rules keep the values whose grammar is
exact (check characters, closed lists, dates): the scorer never touches them.

The model is a small JSON file (`MODEL_FILE`) with its provenance (data, seed, commit),
loaded offline and named in every Document it read (``Document.scorer``).
"""

from __future__ import annotations

import json
import math
import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from beian.extractors.base import field_from
from beian.extractors.business_license import NAME_END
from beian.extractors.classify import MODULES
from beian.extractors.labels import Value
from beian.extractors.layout import Line
from beian.models import Field
from beian.text import compact

MODEL_FILE = Path(__file__).parent / "data" / "field_scorer.json"
ACCEPT = 0.5  # a candidate the model gives less than this is never taken over the rules
MARGIN = 0.2  # ... nor one only a little likelier than the rules' value
# the fields the scorer weighs, by document type, with the grammar their values follow
SCORED: dict[str, dict[str, str]] = {
    "id_card_front": {"name": "person", "address": "address"},
    "business_license": {"name": "org", "legal_representative": "person", "address": "address"},
    "domain_certificate": {"holder": "holder"},
}
# the organisations' certificates are weighed with the licence's fitted weights (the same fields,
# the same grammar, labels of their own): a model fitted per certificate would need real specimens
ORGANISATION_CERTIFICATES = ("uscc_certificate", "institution_certificate", "social_organization_certificate",
                             "private_non_enterprise_certificate", "foundation_certificate", "law_firm_licence")
SCORED.update({t: dict(SCORED["business_license"]) for t in ORGANISATION_CERTIFICATES})
WEIGHTS_OF = {t: "business_license" for t in ORGANISATION_CERTIFICATES}
# a 港澳台居民居住证's front copies the resident ID card's (no 民族): the card's weights
SCORED["hmt_residence_permit_front"] = dict(SCORED["id_card_front"])
WEIGHTS_OF["hmt_residence_permit_front"] = "id_card_front"
LABELS = {t: m.LABELS for t, m in MODULES.items() if t in SCORED}
FEATURES = (
    "rule", "rule_found", "rule_conf", "joined",
    "label_self", "label_partial", "label_other", "is_label",
    "left_self", "left_other", "above_self", "above_other", "below_self", "below_other", "other_value",
    "grammar", "terminal", "terminal_weak", "tail_number", "runs_on", "digits", "cjk", "length", "short",
    "rel_x", "rel_y", "height", "score",
)

_LEAD = re.compile(r"^[:;,.、|_\-\s]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff]{1,8}")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}?(省|自治区|市|区|县|州|盟|旗)")
_STREET = re.compile(r"(路|街|道|号|村|镇|乡|弄|巷|室|楼|栋|座|层|组|园|大厦|广场|小区|单元)")
_TERMINAL = re.compile(r"(号|室)\)?$")  # how an address ends: its number
_TERMINAL_WEAK = re.compile(r"(层|楼|栋|座|单元|铺|户|组|村|房|区|园|场)\)?$")  # ... or a building or place
_NUMBER_UNIT = re.compile(r"[0-9A-Za-z\-]+(号|室|层|楼|栋|座|单元|铺|房)?\)?")


@dataclass
class Candidate:
    """One value a field could have, where it was read, and what it looks like."""

    text: str
    lines: list[int]
    score: float
    box: list[int]
    flags: dict[str, float] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Model:
    """Logistic weights per ``type.field`` over `FEATURES`, and where they came from."""

    weights: dict[str, tuple[tuple[float, ...], float]]
    version: str = ""
    provenance: dict | None = None

    @classmethod
    def from_json(cls, data: dict) -> Model:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("the scorer's model was fitted on other features: run make fit-scorer")
        return cls({k: (tuple(v["coef"]), float(v["intercept"])) for k, v in data["fields"].items()},
                   data.get("version", ""), data.get("provenance"))

    def chance(self, key: str, features: dict[str, float]) -> float | None:
        if key not in self.weights:
            return None
        coef, intercept = self.weights[key]
        z = intercept + sum(w * features[name] for w, name in zip(coef, FEATURES))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @property
    def name(self) -> str | None:
        """What a Document records of the model that weighed it (None: the rules alone)."""
        return f"field scorer {self.version}" if self.weights else None

    def choose(self, doc_type: str, lines: list[Line], fields: dict[str, Field]) -> dict[str, Field]:
        return choose(doc_type, lines, fields, self)


RULES_ONLY = Model({})  # no model: every field as the rules read it


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The fitted model shipped in the package (`MODEL_FILE`); the rules alone when there is none."""
    if not MODEL_FILE.is_file():
        return RULES_ONLY
    return Model.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def grammar(kind: str, text: str) -> float:
    """How well a text reads as a value of its kind, from 0 to 1.

    >>> grammar("person", "王小明"), grammar("person", "有限责任公司")
    (1.0, 0.0)
    >>> grammar("org", "厦门泰和教育科技有限公司"), grammar("address", "福建省厦门市思明区建设路35号")
    (1.0, 1.0)
    """
    cjk_only = bool(text) and all(_CJK.match(c) or c in "()·" for c in text)
    if kind == "person":
        return 1.0 if _PERSON.fullmatch(text) and not NAME_END.search(text) else 0.0
    if kind == "org":
        return 1.0 if cjk_only and len(text) >= 4 and NAME_END.search(text) else (0.3 if cjk_only and len(text) >= 4 else 0.0)
    if kind == "address":
        return 0.5 * bool(_PLACE.match(text)) + 0.5 * bool(_STREET.search(text))
    return max(grammar("person", text), grammar("org", text))  # a holder: a person or an organisation


def _similarity(key: str, labels: list[str]) -> float:
    """How like one of the labels a compact text is (1.0: it is one)."""
    return _similar(key.lower(), tuple(labels), False)


def _starts_like(key: str, labels: list[str]) -> float:
    """How well a line begins with one of the labels (性别男民族汉 begins with 性别: 1.0)."""
    return _similar(key.lower(), tuple(labels), True)


@lru_cache(maxsize=8192)  # a line is the neighbour of many candidates: each pair is measured once
def _similar(key: str, labels: tuple[str, ...], prefix: bool) -> float:
    return max((Levenshtein.normalized_similarity(key[:len(lab)] if prefix else key, lab.lower()) for lab in labels),
               default=0.0)


def _labels(doc_type: str, field_name: str) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """The document's label table, the field's own labels and every other field's."""
    labels = LABELS[doc_type]
    return labels, labels.get(field_name, []), [lab for f, labs in labels.items() if f != field_name for lab in labs]


def _inside(ln: Line, box: list[int] | None) -> bool:
    if not box:
        return False
    cx, cy = (ln.x0 + ln.x1) / 2, ln.cy
    return box[0] - 2 <= cx <= box[2] + 2 and box[1] - 2 <= cy <= box[3] + 2


def candidates(doc_type: str, field_name: str, lines: list[Line], fields: dict[str, Field]) -> list[Candidate]:
    """Every value ``field_name`` could have on these lines, each once (by its compact text)."""
    labels, own, others = _labels(doc_type, field_name)
    out: dict[str, Candidate] = {}

    def add(text: str, idx: list[int], **flags: float) -> None:
        key = _LEAD.sub("", text).strip()  # lines' keys are compact already
        if len(key) < 2 or not idx:
            return
        if key in out:
            for k, v in flags.items():
                out[key].flags[k] = max(out[key].flags.get(k, 0.0), v)
            return
        sel = [lines[i] for i in idx]
        box = [int(min(o.x0 for o in sel)), int(min(o.y0 for o in sel)), int(max(o.x1 for o in sel)),
               int(max(o.y1 for o in sel))]
        out[key] = Candidate(key, idx, min(o.score for o in sel), box, dict(flags))

    rule = fields.get(field_name)
    rule_lines = [i for i, ln in enumerate(lines) if rule and rule.found and _inside(ln, rule.box)]
    if rule and rule.found and rule_lines:
        add(compact(rule.value), rule_lines, rule=1.0)
        if (below := _line_below(lines, rule_lines, labels)) is not None:
            add(compact(rule.value) + lines[below].key, rule_lines + [below], joined=1.0)
    for i, ln in enumerate(lines):
        add(ln.key, [i])
        for lab in own:
            if len(ln.key) > len(lab) and ln.key.lower().startswith(lab.lower()):
                add(ln.key[len(lab):], [i], label_self=1.0)
            elif len(lab) == 2 and len(ln.key) > 3 and ln.key[0] == lab[1]:  # 称… for 名称 with 名 lost
                add(ln.key[1:], [i], label_partial=1.0)
        for lab in others:
            if len(ln.key) > len(lab) and ln.key.lower().startswith(lab.lower()):
                add(ln.key[len(lab):], [i], label_other=1.0)
    if rule and rule.found:
        ruled = compact(rule.value)
        for c in out.values():
            if c.text == ruled:
                c.flags["rule"] = 1.0
    return list(out.values())


def _line_below(lines: list[Line], idx: list[int], labels: dict[str, list[str]]) -> int | None:
    """The short line just under a value and within its span: where a wrapped value runs on."""
    last = max((lines[i] for i in idx), key=lambda o: o.y1)
    x0, x1 = min(lines[i].x0 for i in idx), max(lines[i].x1 for i in idx)
    h = last.h
    near = [j for j, o in enumerate(lines) if j not in idx and o.y0 >= last.y1 - 0.4 * h and o.y0 - last.y1 < 1.2 * h
            and o.x0 >= x0 - h and o.x1 <= x1 + h and len(o.key) <= 12 and 0.6 < o.h / h < 1.6
            and not any(o.key.startswith(lab) for labs in labels.values() for lab in labs if len(lab) >= 2)]
    return min(near, key=lambda j: lines[j].y0) if near else None


def _runs_on(lines: list[Line], idx: list[int], labels: dict[str, list[str]]) -> float:
    below = _line_below(lines, idx, labels)
    if below is None:
        return 0.0
    return 1.0 if _NUMBER_UNIT.fullmatch(lines[below].key) else 0.5


def describe(doc_type: str, field_name: str, kind: str, lines: list[Line], fields: dict[str, Field],
             found: list[Candidate], around: dict[tuple[int, int], tuple] | None = None) -> None:
    """Fill each candidate's `features` (every one in [0, 1] or near it)."""
    labels, own, others = _labels(doc_type, field_name)
    x0 = min(o.x0 for o in lines)
    y0 = min(o.y0 for o in lines)
    w = max(1.0, max(o.x1 for o in lines) - x0)
    h = max(1.0, max(o.y1 for o in lines) - y0)
    med = statistics.median(o.h for o in lines) or 1.0
    rule = fields.get(field_name)
    other_boxes = [f.box for k, f in fields.items() if k != field_name and f.found and f.box]
    around = {} if around is None else around  # candidates share lines, fields share candidates' lines

    def neighbours(i: int, j: int) -> tuple:
        if (i, j) not in around:
            first, last = lines[i], lines[j]
            left = [o for o in lines if o is not first and first.same_row(o) and o.x1 <= first.x0 + 0.3 * first.h]
            above = [o for o in lines if o.y1 <= first.y0 + 0.3 * first.h and first.y0 - o.y1 < 2.5 * first.h
                     and o.x0 < first.x1 and o.x1 > first.x0 and o is not first]
            below = [o for o in lines if o.y0 >= last.y1 - 0.3 * last.h and o.y0 - last.y1 < 2.5 * last.h
                     and o.x0 < last.x1 and o.x1 > last.x0 and o is not last and o is not first]
            around[(i, j)] = (max(left, key=lambda o: o.x1, default=None), max(above, key=lambda o: o.y1, default=None),
                              min(below, key=lambda o: o.y0, default=None))
        return around[(i, j)]

    for c in found:
        left_ln, above_ln, below_ln = neighbours(c.lines[0], c.lines[-1])
        text = c.text
        c.features = {
            "rule": c.flags.get("rule", 0.0),
            "rule_found": float(bool(rule and rule.found)),
            "rule_conf": float(rule.confidence) if rule and rule.found else 0.0,
            "joined": c.flags.get("joined", 0.0),
            "label_self": c.flags.get("label_self", 0.0),
            "label_partial": c.flags.get("label_partial", 0.0),
            "label_other": c.flags.get("label_other", 0.0),
            "is_label": float(_similarity(text, own + others) >= 0.8),
            "left_self": _similarity(left_ln.key, own) if left_ln else 0.0,
            "left_other": _similarity(left_ln.key, others) if left_ln else 0.0,
            "above_self": _starts_like(above_ln.key, own) if above_ln else 0.0,
            "above_other": _starts_like(above_ln.key, others) if above_ln else 0.0,
            # the line under it begins with a label: a card's name is the line above 性别
            "below_self": _starts_like(below_ln.key, own) if below_ln else 0.0,
            "below_other": _starts_like(below_ln.key, others) if below_ln else 0.0,
            "other_value": float(any(_inside(lines[i], b) for i in c.lines for b in other_boxes)),
            "grammar": grammar(kind, text),
            "terminal": float(bool(_TERMINAL.search(text))),
            "terminal_weak": float(bool(_TERMINAL_WEAK.search(text))),
            # a joined candidate whose last line is a number and its unit (5号, 302室): a wrapped end
            "tail_number": float(len(c.lines) > 1 and bool(_NUMBER_UNIT.fullmatch(lines[c.lines[-1]].key))),
            # a short line just under it, in its span, not part of it: 1 when a number and its unit (it
            # may be the value's wrapped end), 0.5 for any other
            "runs_on": _runs_on(lines, c.lines, labels),
            "digits": sum(ch.isdigit() for ch in text) / len(text),
            "cjk": sum(bool(_CJK.match(ch)) for ch in text) / len(text),
            "length": min(len(text), 40) / 40,
            "short": float(len(text) <= 4),
            "rel_x": ((c.box[0] + c.box[2]) / 2 - x0) / w,
            "rel_y": ((c.box[1] + c.box[3]) / 2 - y0) / h,
            "height": min(3.0, (c.box[3] - c.box[1]) / len(c.lines) / med) / 3,
            "score": c.score,
        }


def weigh(doc_type: str, lines: list[Line], fields: dict[str, Field]) -> dict[str, list[Candidate]]:
    """Every scored field's candidates with their features (what the model sees)."""
    out = {}
    if not lines:
        return out
    around: dict[tuple[int, int], tuple] = {}
    for name, kind in SCORED.get(doc_type, {}).items():
        found = candidates(doc_type, name, lines, fields)
        describe(doc_type, name, kind, lines, fields, found, around)
        out[name] = found
    return out


def choose(doc_type: str, lines: list[Line], fields: dict[str, Field], model: Model | None) -> dict[str, Field]:
    """The fields with each scored one replaced where the model clearly prefers another candidate."""
    if model is None or not model.weights:
        return fields
    out = dict(fields)
    for name, found in weigh(doc_type, lines, fields).items():
        chances = [model.chance(f"{WEIGHTS_OF.get(doc_type, doc_type)}.{name}", c.features) for c in found]
        if not found or chances[0] is None:
            continue
        best = max(range(len(found)), key=lambda k: chances[k])
        ruled = max((p for c, p in zip(found, chances) if c.features["rule"]), default=0.0)
        c, p = found[best], chances[best]
        if c.features["rule"] or p < ACCEPT or p < ruled + MARGIN:
            continue
        chosen = field_from(Value(c.text, c.lines, c.score, c.box), doubts=("scored",))
        out[name] = chosen.model_copy(update={"confidence": round(min(chosen.confidence, p), 3)})
    return out
