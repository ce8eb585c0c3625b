"""Look-alike characters in a domain (``l``/``1``/``I``, ``o``/``0``): read again, or left doubtful.

A domain is compared exactly, and the engines' usual slips are exactly these characters, so
a domain reading that holds one is read again before it counts: its line is cropped from the
upright page (with a margin) and recognised by the default engine's recogniser and by a second
recogniser trained apart (`second_reader`), each giving every character's score and rival.

`settle` decides, never looking at what the applicant entered:

* lifted: both crops read the same domain, each look-alike character sure in both (score at
  least `SURE`, no rival from its own group above `RIVAL`), and the page's reading is that domain or
  differs from it in look-alikes only: the crops' reading is kept and its doubt taken away;
* in doubt: a crop reads the domain differently in look-alike characters only, or a look-alike
  is torn (its rival from the same group scores `TORN` or more): the value's confidence drops
  below the review threshold (``lookalike_unsure``), so the check is `unreadable`;
* otherwise (a crop reading that failed in other ways) nothing changes.

A look-alike is never a match (`validators.rules`). Measured on 427 rendered domain lines in
nine fonts (issue 16's closing note): two recognisers agreeing is not enough by itself (where
a font draws ``l`` like ``1`` both read ``1``), the per-character scores are what tell them apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from beian.extractors import base
from beian.extractors.second_reader import Char
from beian.models import Field

# the characters one recogniser confuses for another, grouped; a domain is lower-case
GROUPS = ("l1i|", "0o")
LOOKALIKES = frozenset("".join(GROUPS) + "IO")
# a digit that looks like a letter among letters (1ingyun, yuanjianl7), or a letter among digits
HAZARD = re.compile(r"[a-z][01](?=[a-z])|(?<![0-9])[01][a-z]|[lio][0-9]|[0-9][lio]")
SURE = 0.8  # the least score of a look-alike character, in every crop, for the doubt to be lifted
RIVAL = 0.05  # the most a rival from its own group may score beside it (the top rival bounds them all)
TORN = 0.3  # a look-alike rival's score that leaves a character in doubt
MARGIN = 0.0  # of the line's height, added around the detector's box (which has its own margin)


# in a lower-case domain an upper-case I or a bar is an l, an O an o (`normalise_domain` reads them so)
_CANON = {"I": "l", "|": "l", "O": "o"}


def _canon(c: str) -> str:
    c = unicodedata.normalize("NFKC", c)  # a full-width ｌ is an l
    return _CANON.get(c, c.lower())


def _group(c: str) -> str:
    c = _canon(c)
    return next((g for g in GROUPS if c in g), c)


def hazardous(domain: str | None) -> bool:
    """Whether a domain reading holds a character the engines confuse with another."""
    return bool(domain) and bool(HAZARD.search(domain))


@dataclass
class Reading:
    """One recogniser's reading of the domain's line crop."""

    reader: str
    domain: str | None
    chars: list[Char] = field(default_factory=list)  # the domain's own characters

    def unsure(self) -> list[str]:
        """The domain's look-alike characters this reading is not sure of."""
        return [c.char for c in self.chars if c.char in LOOKALIKES and (
            self._score(c) < SURE or (_group(c.rival) == _group(c.char) and _canon(c.rival) != _canon(c.char)
                                      and c.rival_score > RIVAL))]

    @staticmethod
    def _score(c: Char) -> float:
        """A character's score with its rival's when both are one character here (l and I)."""
        return c.score + (c.rival_score if c.rival and _canon(c.rival) == _canon(c.char) else 0.0)


@dataclass
class Decision:
    """What the second look found; `lifted` when the reading may be compared."""

    lifted: bool | None
    readings: list[Reading]
    why: str
    value: str | None = None  # the sure reading, when lifted


def reading(reader: str, chars: list[Char], parse) -> Reading:
    """The domain in a line's characters and the characters it was read from."""
    text = "".join(c.char for c in chars)
    domain = parse(text)
    if not domain:
        return Reading(reader, None)
    low = text.lower()
    start = low.find(domain)
    span = chars[start:start + len(domain)] if start >= 0 else []
    return Reading(reader, domain, span)


def crop_line(image: np.ndarray, box: list[int]) -> np.ndarray | None:
    """The line's box with a margin, from the upright page."""
    h, w = image.shape[:2]
    pad = int(MARGIN * (box[3] - box[1])) + 2
    x0, y0, x1, y1 = max(0, box[0] - pad), max(0, box[1] - pad), min(w, box[2] + pad), min(h, box[3] + pad)
    if x1 - x0 < 8 or y1 - y0 < 6:
        return None
    return image[y0:y1, x0:x1]


def conflicts(page: str, other: str | None) -> bool:
    """Whether another reading differs from the page's only by look-alike characters
    (``lingyun`` beside ``1ingyun``): evidence that a look-alike was misread. A reading that
    differs otherwise (a character dropped) says the other recogniser failed, not that."""
    if not other or other == page or len(other) != len(page):
        return False
    return all(a == b or _group(a) == _group(b) != a for a, b in zip(page, other))


def torn(r: Reading) -> list[str]:
    """Look-alike characters whose rival from their own group scored at least `TORN`."""
    return [c.char for c in r.chars if c.char in LOOKALIKES and c.rival and _group(c.rival) == _group(c.char)
            and _canon(c.rival) != _canon(c.char) and c.rival_score >= TORN]


def settle(domain: str, crop: np.ndarray, readers: list, parse) -> Decision:
    """Read the domain's line again with each reader and decide: ``lifted`` True (the crops'
    sure reading, which may differ from the page's in look-alikes only), False (in doubt) or
    None (no evidence either way)."""
    readings = [reading(getattr(r, "name", "?"), r.read_chars(crop), parse) for r in readers]
    seen = ", ".join(f"{r.reader}: {r.domain or '-'}" for r in readings)
    first = readings[0].domain if readings else None
    if len(readings) >= 2 and first and all(r.domain == first for r in readings) and \
            (first == domain or conflicts(domain, first)) and not any(r.unsure() for r in readings):
        return Decision(True, readings, f"read the same by every recogniser, every look-alike sure ({seen})", first)
    if [r for r in readings if conflicts(domain, r.domain)]:
        return Decision(False, readings, f"read differently in look-alike characters ({seen})")
    if unsure := sorted({c for r in readings if r.domain == domain for c in torn(r)}):
        return Decision(False, readings, f"look-alike characters torn between readings ({''.join(unsure)})")
    return Decision(None, readings, f"no sure second reading ({seen})")


def apply(field: Field, decision: Decision) -> Field:
    """The domain field as the second look decided it (`settle`)."""
    if decision.lifted:
        return without_doubt(field).model_copy(update={"value": decision.value})
    if decision.lifted is False:
        return base.with_doubt(without_doubt(field), "lookalike_unsure")
    return field


def without_doubt(field: Field) -> Field:
    """The field without the look-alike doubt (its characters are sure: a PDF text layer)."""
    return base.without_doubt(field, "lookalike")
