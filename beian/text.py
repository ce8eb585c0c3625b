"""Normalise OCR text once, for every extractor and validator.

``clean`` folds full-width forms to half-width (NFKC), variant dashes and spaces
to plain ones, and Traditional characters that the model emits for Simplified
ones (PP-OCRv6 reads 汉 as 漢 at times). Folding is per character and only for
characters outside GB 2312, so a Simplified character that is also a valid
Traditional one (乾, 著, 於) is never changed, as phrase-based conversion would.

>>> clean("漢族　３３０１０６（杭州）")
'汉族 330106(杭州)'
>>> compact("名　　称： 杭州")
'名称:杭州'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
# characters the recogniser confuses with digits, by shape (a number's, a date's)
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1",
                                  "i": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "G": "6",
                                  "b": "6", "q": "9", "g": "9", "x": "X", "×": "X", "χ": "X"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u30fc\uff0d\ufe58\ufe63~\u301c\uff5e]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch < "\u2e80":
        return ch
    try:
        ch.encode("gb2312")
        return ch  # already a Simplified (GB 2312) character
    except UnicodeEncodeError:
        folded = _T2S.convert(ch)
        return folded if len(folded) == 1 else ch


def fold_traditional(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


def clean(text: str) -> str:
    """NFKC, one kind of dash and space, Simplified characters; trimmed."""
    text = unicodedata.normalize("NFKC", text)
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text)
    return fold_traditional(text).strip()


def compact(text: str) -> str:
    """``clean`` without any spaces: for matching labels and numbers."""
    return clean(text).replace(" ", "")
