"""Page geometry: orientation, deskew and reading order of OCR lines.

The engine reads rotated text well but returns lines in a scrambled order. Here
the page's coarse rotation is voted from each line's text direction (the
engine's own 0/180 classifier on its crops), residual skew from the lines'
long edges, and every line is mapped into the upright, deskewed frame, grouped
into rows and sorted: top to bottom, left to right. No second OCR pass is needed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from beian.models import OcrLine, OcrResult
from beian.text import clean, compact


@dataclass
class Line:
    """A line in the upright frame, with the normalised forms extractors match on."""

    text: str  # clean(): NFKC, Simplified, single spaces
    key: str  # compact(): no spaces, for labels and numbers
    score: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def h(self) -> float:
        return max(self.y1 - self.y0, 1.0)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def box(self) -> list[int]:
        return [int(self.x0), int(self.y0), int(self.x1), int(self.y1)]

    def same_row(self, other: Line) -> bool:
        overlap = min(self.y1, other.y1) - max(self.y0, other.y0)
        return overlap >= 0.5 * min(self.h, other.h)


def page_rotation(result: OcrResult) -> int:
    """Clockwise rotation (0/90/180/270) the page had, voted by text length."""
    votes: Counter[int] = Counter()
    for ln in result.lines:
        if ln.direction is not None:
            votes[ln.direction] += len(ln.text) * ln.score
    return votes.most_common(1)[0][0] if votes else 0


def _unrotate(pts: np.ndarray, rotation: int, w: int, h: int) -> np.ndarray:
    x, y = pts[:, 0], pts[:, 1]
    if rotation == 90:
        return np.stack([y, w - x], axis=1)
    if rotation == 180:
        return np.stack([w - x, h - y], axis=1)
    if rotation == 270:
        return np.stack([h - y, x], axis=1)
    return pts


def _angle(q: np.ndarray) -> float | None:
    """Angle (degrees) of a clearly horizontal line's long edge; None for short boxes."""
    top = q[1] - q[0]
    length = float(np.hypot(*top))
    height = float(np.linalg.norm(q[3] - q[0]))
    return math.degrees(math.atan2(top[1], top[0])) if length > 3 * max(height, 1) else None


def _skew(quads: list[np.ndarray]) -> float:
    """Median angle (degrees) of the long edges of clearly horizontal lines."""
    angles = [a for q in quads if (a := _angle(q)) is not None]
    return float(np.median(angles)) if len(angles) >= 2 else 0.0


WATERMARK_REPEATS = 3  # a phrase printed this many times across a page is an overlay, not content
OFF_ANGLE = 12.0  # degrees: a line this far from the page's lines is written over the page


def overlay_phrases(texts: list[str]) -> set[str]:
    """Phrases repeated across the page (仅供ICP备案使用, 信息披露专用): a watermark."""
    counts = Counter(compact(t) for t in texts if len(compact(t)) >= 3)
    return {t for t, n in counts.items() if n >= WATERMARK_REPEATS}


OVERLAY_GRAM = 4  # characters of a watermark phrase that survive in every line the detector cut it into


def overlay_grams(texts: list[str]) -> set[str]:
    """Runs of `OVERLAY_GRAM` Chinese characters found in `WATERMARK_REPEATS` lines or more: a
    watermark the detector cut differently each time, or glued to the text under it
    (``龚艳新网站备案``, ``于网站备案``, ``仅用于网站备``).

    >>> sorted(overlay_grams(["姓名龚艳新网站备案", "仅用于网站备案", "于网站备案", "出生1996年"]))
    ['网站备案']
    """
    seen: Counter[str] = Counter()
    for t in texts:
        key = compact(t)
        seen.update({key[i:i + OVERLAY_GRAM] for i in range(len(key) - OVERLAY_GRAM + 1)
                     if all("\u4e00" <= c <= "\u9fff" for c in key[i:i + OVERLAY_GRAM])})
    return {g for g, n in seen.items() if n >= WATERMARK_REPEATS}


def holds_overlay(text: str, grams: set[str]) -> bool:
    key = compact(text)
    return any(g in key for g in grams)


def _is_overlay(text: str, phrases: set[str]) -> bool:
    t = compact(text)
    return len(t) >= 1 and any(t in p for p in phrases)


def _strip_overlay(text: str, phrases: set[str]) -> str:
    for p in sorted(phrases, key=len, reverse=True):
        text = text.replace(p, "")
    return text


def upright(result: OcrResult) -> OcrResult:
    """The same lines mapped to the upright, deskewed frame, in reading order."""
    if result.text_layer or not result.lines:
        return result.model_copy(update={"lines": reading_order(result.lines)})
    rot = page_rotation(result)
    w, h = result.width, result.height
    uw, uh = (h, w) if rot in (90, 270) else (w, h)
    quads = []
    for ln in result.lines:
        q = np.array(ln.quad if ln.quad else
                     [[ln.box[0], ln.box[1]], [ln.box[2], ln.box[1]], [ln.box[2], ln.box[3]], [ln.box[0], ln.box[3]]],
                     dtype=np.float64)
        q = _unrotate(q, rot, w, h)
        # reorder so that point 0 is the top-left of the text as read
        start = int(np.argmin(q[:, 0] + q[:, 1]))
        quads.append(np.roll(q, -start, axis=0))
    phrases = overlay_phrases([ln.text for ln in result.lines])
    over = [_is_overlay(ln.text, phrases) for ln in result.lines]
    # the page's skew from its own lines: a watermark's pieces (and the lines it was glued to)
    # lie at the watermark's angle, and outnumber a card's few long lines
    grams = overlay_grams([ln.text for ln in result.lines])
    plain = [q for q, o, ln in zip(quads, over, result.lines) if not o and not holds_overlay(ln.text, grams)]
    if sum(_angle(q) is not None for q in plain) < 2:  # too few lines left to tell: every line not an overlay
        plain = [q for q, o in zip(quads, over) if not o]
    skew = _skew(plain)
    c, s = math.cos(math.radians(-skew)), math.sin(math.radians(-skew))
    cx, cy = uw / 2, uh / 2
    lines = []
    marked = 0
    for ln, q, o in zip(result.lines, quads, over):
        a = _angle(q)
        if o or (a is not None and abs(a - skew) > OFF_ANGLE and len(ln.text) >= 3):
            marked += 1
            continue  # a watermark across the page, not the document's text
        if phrases and (stripped := _strip_overlay(ln.text, phrases)) != ln.text:
            marked += 1
            if not stripped.strip():
                continue
            ln = ln.model_copy(update={"text": stripped})
        if skew:
            dx, dy = q[:, 0] - cx, q[:, 1] - cy
            q = np.stack([cx + dx * c - dy * s, cy + dx * s + dy * c], axis=1)
        box = [int(max(0, q[:, 0].min())), int(max(0, q[:, 1].min())), int(q[:, 0].max()), int(q[:, 1].max())]
        lines.append(ln.model_copy(update={"box": box, "quad": q.round(1).tolist()}))
    return result.model_copy(update={"lines": reading_order(lines), "rotation": rot, "skew": round(skew, 2),
                                     "width": uw, "height": uh, "watermark_lines": marked})


def turn_upright(image: np.ndarray, rotation: int) -> np.ndarray:
    """The image turned back by ``rotation`` (clockwise degrees of its text, `page_rotation`)."""
    import cv2

    turn = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}
    return cv2.rotate(image, turn[rotation]) if rotation in turn else image


def upright_image(image: np.ndarray, result: OcrResult) -> np.ndarray:
    """The page image in the frame of `upright`'s boxes (turned, then deskewed)."""
    import cv2

    img = turn_upright(image, result.rotation)
    if result.skew:
        h, w = img.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), result.skew, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return img


def reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """Rows top to bottom (lines overlapping vertically by half a height), each left to right."""
    rows: list[list[OcrLine]] = []
    for ln in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        y0, y1 = ln.box[1], ln.box[3]
        for row in rows[-3:]:
            r0 = float(np.median([r.box[1] for r in row]))
            r1 = float(np.median([r.box[3] for r in row]))
            if min(y1, r1) - max(y0, r0) >= 0.5 * min(y1 - y0, r1 - r0):
                row.append(ln)
                break
        else:
            rows.append([ln])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.box[0])]


# stamps overprinted on specimens and copies, read into the line they cross
# (leading only: a value may end in these words, 证件样本 is a specimen's name)
STAMP = re.compile(r"^(样证|样本|样张)(?=.)")


def to_lines(result: OcrResult) -> list[Line]:
    """Lines for extractors; a vertical run of characters (two letter-spaced labels
    stacked and detected as one box, 名/类) is split into one line per character,
    and a specimen stamp read together with a line (``样证502室``) is cut off it."""
    out = []
    for ln in result.lines:
        t = clean(ln.text)
        if not t:
            continue
        x0, y0, x1, y1 = map(float, ln.box)
        key = compact(t)
        if len(key) >= 2 and (y1 - y0) > 1.6 * (x1 - x0) and not result.text_layer:
            step = (y1 - y0) / len(key)
            out += [Line(ch, ch, ln.score, x0, y0 + k * step, x1, y0 + (k + 1) * step) for k, ch in enumerate(key)]
        elif m := STAMP.search(key):
            cw = (x1 - x0) / len(key)
            rest = key[m.end():]
            out.append(Line(rest, rest, ln.score, x0 + cw * m.end(), y0, x1, y1))
        else:
            out.append(Line(t, key, ln.score, x0, y0, x1, y1))
    return out
