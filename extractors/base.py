"""What every document module shares: the found/missing field helpers and the
one place a read value's confidence is decided.

Confidence is the chance the value is right as a whole, not the engine's mean
character score: it starts from the weakest line the value was read from,
falls with the value's length (every character is one more chance of a
misread), and falls further for a value read through a fallback or repaired
(``penalty``, ``corrected``), one whose brackets do not close (a line was lost),
and one read under an overprint (``Value.score`` already carries that). With
``MIN_CONFIDENCE`` these turn doubtful reads into ``unreadable``, not ``mismatch``.
"""

from __future__ import annotations

from beian.extractors.labels import Value
from beian.models import Field

CHARS_PER_LINE_SCORE = 30  # a line score holds for about this many characters
OPEN_BRACKET = 0.7  # a value left with an open bracket lost its end
# named doubts a value carries (`Field.doubts`) and the factor each puts on its confidence;
# a later look (`beian.extractors.lookalike`) may take one away again
DOUBTS = {
    # a domain read once with a 1 or 0 among letters (l/1, o/0 are the engine's usual slips)
    "lookalike": 0.75,
    # a domain read again whose look-alike characters stayed in doubt: below the review threshold
    "lookalike_unsure": 0.6,
    # a date deciding an expiry whose digits a second reading doubts: below the review threshold
    "date_unsure": 0.6,
    # a free-text value the field scorer (`beian.extractors.scorer`) chose over the rules' reading
    "scored": 0.9,
    # a value found by what it is where its label was not read (an unlabelled address, 型个体工商户)
    "unlabelled": 0.9,
    # a card's name taken from the value column above the sex row, its label unreadable
    "by_column": 0.85,
    # a number whose check character fails, reported as read: the checks say it is invalid
    "unrepaired": 0.6,
    # a registered capital that is no amount as read (a character in it is no numeral or unit)
    "not_an_amount": 0.7,
    # the registration authority beside 登记机关, often printed under the seal
    "under_seal": 0.8,
    # a certificate's holder or registrar read in its sentence only, no table row to agree
    "sentence_only": 0.95,
    # a certificate's sentence and table read different values: the one more readings support
    "disagree": 0.6,
}
CORRECTED = 0.85  # a value repaired by its grammar (check character, closed list, numerals)


def open_bracket(text: str) -> bool:
    """A bracket opened and not closed: the value lost its end."""
    return text.count("(") + text.count("（") > text.count(")") + text.count("）")


def confidence(score: float, text: str, penalty: float = 1.0, corrected: bool = False) -> float:
    conf = min(1.0, score) ** max(1.0, len(text) / CHARS_PER_LINE_SCORE)
    if open_bracket(text):
        conf *= OPEN_BRACKET
    return round(conf * penalty * (CORRECTED if corrected else 1.0), 3)


def field_from(value: Value | None, text: str | None = None, *, penalty: float = 1.0,
               corrected: bool = False, doubts: tuple[str, ...] = ()) -> Field:
    """A Field from a located value; ``text`` overrides the raw text (after parsing)."""
    if value is None:
        return Field()
    out = value.text if text is None else text
    if not out:
        return Field()
    for d in doubts:
        penalty *= DOUBTS[d]
    return Field(value=out, confidence=confidence(value.score, out, penalty, corrected), box=value.box,
                 corrected=corrected, doubts=list(doubts))


def corrected_to(field: Field, value: str) -> Field:
    """The field with its value repaired by the value's grammar, marked and lowered for it."""
    return field.model_copy(update={"value": value, "corrected": True, "confidence": round(field.confidence * CORRECTED, 3)})


def with_doubt(field: Field, doubt: str) -> Field:
    """The field with one more named doubt, its confidence lowered by it."""
    if doubt in field.doubts:
        return field
    return field.model_copy(update={"confidence": round(field.confidence * DOUBTS[doubt], 3),
                                    "doubts": [*field.doubts, doubt]})


def without_doubt(field: Field, doubt: str) -> Field:
    """The field with a named doubt taken away, its confidence as it was before it."""
    if doubt not in field.doubts:
        return field
    return field.model_copy(update={"confidence": round(min(1.0, field.confidence / DOUBTS[doubt]), 3),
                                    "doubts": [d for d in field.doubts if d != doubt]})


def complete(fields: dict[str, Field], names: tuple[str, ...]) -> dict[str, Field]:
    """Every contract field present, a missing one as an explicit empty Field."""
    return {n: fields.get(n) or Field() for n in names}
