"""Dates that decide an expiry, read again: a date whose digits are doubtful is `unreadable`.

A misread digit turns one valid date into another (``2028`` into ``2026``): an expired card
would pass, a valid one would be called expired. So the date that decides a document's
validity (`EXPIRY_FIELDS`) is cropped from the upright page and recognised again by the
default engine and by the second recogniser (`second_reader`), each with every character's
score and rival. The date is doubted (``date_unsure``: its confidence falls below the review
threshold, and `validators.rules` reports `unreadable`) when

* a crop does not read it but reads a date that differs from it in one or two digits and is
  none of the document's other dates (a period's start is often the same day, years before; a
  crop that reads it beside another date has read the period, its start and its end), or
* one of the crop's digits is torn: a rival digit scores `TORN` or more beside it.

Nothing is lifted: a date has no doubt of its own to take away. A crop that reads no date,
or a different one entirely, is no evidence (the crop held other text).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from beian.extractors import base
from beian.extractors.second_reader import Char
from beian.models import Field
from beian.validators import dates

# the date that decides whether a document is still valid, per document type
EXPIRY_FIELDS = {"id_card_back": "valid_until", "business_license": "valid_until",
                 "domain_certificate": "expiry_date",
                 # a signed paper's date decides whether it is fresh enough (`signed_document`)
                 "commitment_letter": "date", "authorization_letter": "date"}
TORN = 0.3  # a rival digit's score beside a digit that leaves the date in doubt


@dataclass
class Decision:
    doubted: bool
    why: str
    readings: list[str]


def digits_apart(a: str, b: str) -> int:
    """How many digits two ISO dates differ in (large when their shapes differ)."""
    if len(a) != len(b):
        return 99
    return sum(x != y for x, y in zip(a, b))


def torn_digits(chars: list[Char]) -> list[str]:
    return [c.char for c in chars if c.char.isdigit() and c.rival.isdigit() and c.rival_score >= TORN]


def settle(value: str, crop: np.ndarray, readers: list, others: frozenset[str] = frozenset()) -> Decision:
    """``others``: the document's other dates (a period's start, the registration date): a crop
    that reads one of them has read its neighbour, not the date misread."""
    readings, torn, near = [], [], []
    for r in readers:
        chars = r.read_chars(crop)
        text = "".join(c.char for c in chars)
        found = dates.find_dates(text)
        readings.append(f"{getattr(r, 'name', '?')}: {', '.join(found) or '-'}")
        if value in found:  # its other dates are the line's others (a period's start), not rivals
            torn += torn_digits(chars)
        else:
            near += [d for d in found if digits_apart(d, value) <= 2 and d not in others]
    if near:
        return Decision(True, f"read again as {', '.join(sorted(set(near)))}", readings)
    if torn:
        return Decision(True, f"digits torn between readings ({''.join(sorted(set(torn)))})", readings)
    return Decision(False, "read the same, or no date read again", readings)


def apply(field: Field, decision: Decision) -> Field:
    return base.with_doubt(field, "date_unsure") if decision.doubted else field
