"""Marks on signed papers that are not print: a red seal, a red fingerprint, a handwritten
signature; and the text round a seal.

Sizes are measured in the page's line height (the median height of the lines read), so a mark
is told by its shape at any resolution: a unit's seal is a red ring 4.5-16 lines across whose
ring runs round most of its circle (`red_seal`); a fingerprint is a solid red oval 1.3-4.5 lines
tall outside any seal (`fingerprint`); a signature is pen ink (darker than the paper around it,
not red, no ruled line) in the slot a signature goes: right of its label (签字 / 签名), else
under it, that no printed line the engine read explains (`signature`). A black-and-white copy
has no red seal, which is what reviewers reject it for. `seal_text` unrolls the ring (polar
coordinates) into one line and reads it with the engine's recogniser. Boxes are in the page
image's frame.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

SEAL_LINES = (4.5, 16.0)  # a seal's diameter, in line heights
FINGER_LINES = (1.3, 4.5)  # a fingerprint's height, in line heights
SPACED = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")  # 承 诺 书: characters set apart
PRESSED = 0.5  # ink filling more of its box (a fingerprint's height) is pressed, a print: not written
PATTERN = 4  # red ovals alike that make a watermark's pattern, not a fingerprint
RING_COVER = 0.6  # share of the circle's angles the ring is red at
PRINT_SCORE = 0.8  # a line read this surely is print, unless it reads as a name
# a signature's label: 签字 / 签名 / 签章, or a bare 签 before its bracket or colon when the
# recogniser dropped the second character (the detector's box ran on over the signature beside it)
SIGN_LABEL = re.compile(r"签[字名章]|签(?=[)）:：])")
# words a paper prints about its signature, seal and date (a signature read as text is a name or
# a few strokes taken for characters: it never holds these)
TEMPLATE = re.compile(r"[:：()（）]|日期|章|单位|签|[0-9]{4}|年|月|承诺|授权|负责人|代表人")


@dataclass
class Seal:
    box: list[int]
    cx: float
    cy: float
    r: float


def line_height(lines) -> float:
    hs = sorted(ln.h for ln in lines if len(ln.key) >= 2)
    return float(hs[len(hs) // 2]) if hs else 24.0


def _ems(text: str) -> float:
    """A text's width in ems: a Chinese character one, a Latin letter, digit or ASCII sign about half."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def char_width(lines) -> float:
    """The median width of one em over the lines of print read surely: run text, not a
    letter-spaced label or title (a line's box is taller than its characters on a skewed page;
    its width per character is not)."""
    ws = sorted((ln.x1 - ln.x0) / _ems(ln.key) for ln in lines
                if len(ln.key) >= 6 and ln.score >= 0.9 and not SPACED.search(ln.text))
    return float(ws[len(ws) // 2]) if ws else line_height(lines)


def red(image: np.ndarray, margin: int = 45) -> np.ndarray:
    """Where the page is stamp red (a uint8 mask, 255 = red): red in hue, or redder than green by
    ``margin`` (a pale, unevenly pressed seal)."""
    if image.ndim != 3:
        return np.zeros(image.shape[:2], np.uint8)
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    b, g, r = (image[..., k].astype(np.int16) for k in range(3))
    reddish = (r - g >= margin) & (r - b >= margin * 2 // 3)
    return ((((hue <= 12) | (hue >= 160)) & (sat >= 50) & (val >= 70)) | reddish).astype(np.uint8) * 255


def _blobs(mask: np.ndarray, lh: float, reach: float = 0.3) -> list[np.ndarray]:
    """The outlines of the red areas once gaps under ``reach`` line heights are closed."""
    k = max(3, int(lh * reach)) | 1
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    # every outline, holes too: a mark lies inside the hole a reddish table around the page makes
    contours, _ = cv2.findContours(closed, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    return list(contours)


def _ring_cover(mask: np.ndarray, cx: float, cy: float, r: float) -> float:
    """The share of 48 angle bins in which the band r*0.8..r*1.05 holds red."""
    ys, xs = np.nonzero(mask)
    d = np.hypot(xs - cx, ys - cy)
    sel = (d >= 0.8 * r) & (d <= 1.05 * r)
    if not sel.any():
        return 0.0
    ang = (np.degrees(np.arctan2(ys[sel] - cy, xs[sel] - cx)) + 360) % 360
    return len(np.unique((ang // 7.5).astype(int))) / 48


def _hollow(mask: np.ndarray, cx: float, cy: float, r: float, share: float = 0.5) -> bool:
    """A seal is a ring round an empty band (its text lies near the ring, its star at the
    heart): red between 0.3 and 0.5 of its radius is sparser than on its ring. A block of red
    print is not."""
    ys, xs = np.nonzero(mask)
    d = np.hypot(xs - cx, ys - cy) / max(r, 1.0)
    inner = ((d >= 0.3) & (d < 0.5)).sum() / (np.pi * (0.5 ** 2 - 0.3 ** 2) * r * r)
    ring = ((d >= 0.85) & (d <= 1.02)).sum() / (np.pi * (1.02 ** 2 - 0.85 ** 2) * r * r)
    return inner < share * ring


def redness(image: np.ndarray, lh: float) -> np.ndarray:
    """How much redder than green and blue each pixel is, over a slightly blurred page (a thin
    ring loses its colour in a coarse JPEG, whose chroma is kept at half resolution)."""
    b, g, r = cv2.split(cv2.GaussianBlur(image, (0, 0), max(1.0, lh * 0.04)).astype(np.int16))
    return np.clip(r - np.maximum(g, b), 0, 255).astype(np.uint8)


def _circles(mask: np.ndarray, lh: float) -> list[tuple[float, float, float]]:
    """Round red outlines that might be seals: whole blobs of the mask, and circles the Hough
    transform finds where a faded ring fell apart into arcs."""
    out = []
    for c in _blobs(mask, lh):
        x, y, bw, bh = cv2.boundingRect(c)
        if SEAL_LINES[0] * lh <= max(bw, bh) <= SEAL_LINES[1] * lh and 0.7 <= bw / max(bh, 1) <= 1.4:
            (cx, cy), r = cv2.minEnclosingCircle(c)
            out.append((cx, cy, r))
    lo, hi = int(SEAL_LINES[0] * lh / 2), int(SEAL_LINES[1] * lh / 2)
    found = cv2.HoughCircles(cv2.GaussianBlur(mask, (0, 0), 2), cv2.HOUGH_GRADIENT, dp=2, minDist=lo,
                             param1=100, param2=40, minRadius=lo, maxRadius=hi)
    if found is not None:
        out += [(float(x), float(y), float(r)) for x, y, r in found[0][:8]]
    return out


def red_seal(image: np.ndarray, lines) -> Seal | None:
    """The largest round red seal on the page, or None."""
    lh = line_height(lines)
    if image.ndim != 3:
        return None
    score = redness(image, lh)
    mask = red(image) | ((score >= 18) * 255).astype(np.uint8)
    if not mask.any():
        return None
    best = None
    h, w = mask.shape
    for cx, cy, r in _circles(mask, lh):
        x0, y0 = max(0, int(cx - r * 1.05)), max(0, int(cy - r * 1.05))
        roi = mask[y0:min(h, int(cy + r * 1.05) + 1), x0:min(w, int(cx + r * 1.05) + 1)]
        if _ring_cover(roi, cx - x0, cy - y0, r) >= RING_COVER and _hollow(roi, cx - x0, cy - y0, r) \
                and (best is None or r > best.r):
            best = Seal([int(cx - r), int(cy - r), int(cx + r), int(cy + r)], cx, cy, r)
    return best


def fingerprint(image: np.ndarray, lines, seal: Seal | None = None, anchor=None) -> list[int] | None:
    """A red oval of ridges (手印) outside the seal, or None: beside the signature's label
    (``anchor``) when there is one, else the only such oval on the page (a red watermark's
    characters are many ovals alike). Its thin ridges lose their colour in a coarse JPEG: the
    page is blurred over a ridge or two first, and a paler red counts."""
    lh = line_height(lines)
    if image.ndim != 3:
        return None
    mask = red(cv2.GaussianBlur(image, (0, 0), max(1.0, lh * 0.08)), margin=25)
    if not mask.any():
        return None
    found = []
    # ridges a coarse JPEG broke apart are one print again once gaps of half a line are closed
    for c in _blobs(mask, lh, 0.6):
        x, y, bw, bh = cv2.boundingRect(c)
        if not (FINGER_LINES[0] * lh <= bh <= FINGER_LINES[1] * lh) or not 0.45 <= bw / max(bh, 1) <= 1.1:
            continue
        if seal and np.hypot(x + bw / 2 - seal.cx, y + bh / 2 - seal.cy) < seal.r:
            continue  # the seal's star, or its ring text
        solid = cv2.contourArea(c) / max(1.0, np.pi * bw * bh / 4)
        if solid >= 0.6 and (ink := mask[y:y + bh, x:x + bw].mean() / 255) >= 0.2:
            found.append(([x, y, x + bw, y + bh], ink))
    if len(found) >= PATTERN:  # a red watermark's characters: a print must stand out of them
        typical = float(np.median([ink for _, ink in found]))
        found = [(b, ink) for b, ink in found if ink >= 1.4 * typical]
    if anchor is not None:
        near = [b for b, _ in found if b[3] > anchor.y0 - 2.5 * lh and b[1] < anchor.y1 + 2.5 * lh and b[0] > anchor.x0]
        return min(near, key=lambda b: b[0]) if near else None
    return found[0][0] if len(found) == 1 else None


def _ink(region: np.ndarray, lh: float) -> np.ndarray:
    """Pen ink in ``region``: darker than the paper around it, not stamp red, no ruled line."""
    grey = cv2.cvtColor(region, cv2.COLOR_BGR2GRAY) if region.ndim == 3 else region
    k = max(3, int(lh * 1.5)) | 1
    paper = cv2.dilate(grey, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    ink = ((grey.astype(np.float32) < paper.astype(np.float32) * 0.62) & (grey < 150)).astype(np.uint8)
    if region.ndim == 3:
        stamp = cv2.dilate(red(region), np.ones((5, 5), np.uint8))
        ink[stamp > 0] = 0
    long = max(5, int(lh * 3))
    ruled = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, long), np.uint8)) | \
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((long, 1), np.uint8))
    return ink & (1 - ruled)


COLOURED = 1e-4  # share of a page's pixels in colour (a seal, a fingerprint, pen ink) below which it is grey


def _colourless(image: np.ndarray) -> bool:
    """A grey page (a black-and-white copy): no stamp red to tell a seal from pen ink. Told by
    the pixels clearly more saturated than the paper, not by the page's mean (a white page with a
    red fingerprint and a signature in blue is almost all paper, but not grey)."""
    if image.ndim == 2:
        return True
    sat = cv2.cvtColor(image[::2, ::2], cv2.COLOR_BGR2HSV)[..., 1]
    return float((sat > np.median(sat) + 60).mean()) < COLOURED


def grey_seals(image: np.ndarray, lines) -> list[Seal]:
    """On a grey copy, the seals by their shape alone: dark rings of a seal's size, dark all round,
    emptier inside (print may cross them) than on the ring."""
    lh = line_height(lines)
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    dark = ((grey < 140) * 255).astype(np.uint8)
    lo, hi = int(SEAL_LINES[0] * lh / 2), int(SEAL_LINES[1] * lh / 2)
    found = cv2.HoughCircles(cv2.GaussianBlur(dark, (0, 0), 2), cv2.HOUGH_GRADIENT, dp=2, minDist=lo,
                             param1=100, param2=60, minRadius=lo, maxRadius=hi)
    out: list[Seal] = []
    h, w = dark.shape
    for cx, cy, r in ([] if found is None else found[0][:6]):
        x0, y0 = max(0, int(cx - r * 1.05)), max(0, int(cy - r * 1.05))
        roi = dark[y0:min(h, int(cy + r * 1.05) + 1), x0:min(w, int(cx + r * 1.05) + 1)]
        if _ring_cover(roi, cx - x0, cy - y0, r) >= 0.8 and _hollow(roi, cx - x0, cy - y0, r, 0.8):
            out.append(Seal([int(cx - r), int(cy - r), int(cx + r), int(cy + r)], float(cx), float(cy), float(r)))
    return out


def _is_print(ln, anchor) -> bool:
    """A line the engine read surely that is the paper's print, not a name written by hand."""
    if ln is anchor or ln.score < PRINT_SCORE:
        return False
    key = ln.key.lstrip(":：()（）")  # the label's colon the detector ran into the name written after it
    return bool(TEMPLATE.search(key)) or len(key) > 6


def signature_label(lines):
    """The line of the signature's label (`SIGN_LABEL` among its first characters, not a
    line of prose); the lowest when there are several."""
    found = [ln for ln in lines if SIGN_LABEL.search(ln.key[:12]) and len(ln.key) <= 24]
    return max(found, key=lambda ln: ln.y0) if found else None


def _slots(anchor, lh: float, cw: float, w: int, h: int) -> list[tuple[int, int, int, int]]:
    """Where the signature for ``anchor`` goes: right of its label on its row, else under it."""
    # the label ends after its characters: the detector may have drawn the label's box over the
    # signature beside it (and as tall as the signature) though the recogniser read none of it
    sign = SIGN_LABEL.search(anchor.key)
    n = sign.end() if sign else len(anchor.key)
    # what follows the sign word up to its colon is the label's too: (手印), ), ：
    colon = next((k + 1 for k in range(n, min(len(anchor.key), n + 6)) if anchor.key[k] in "：:"), None)
    n = colon or min(len(anchor.key), n + (1 if anchor.key[n:n + 1] in "）)" else 0))
    # (full-width brackets and colon, read as ASCII, are an em wide on the paper)
    label = anchor.key[:n].translate(str.maketrans("():", "（）："))
    if sign and sign.group() == "签":  # the character the recogniser dropped is printed all the same
        label += "字"
    end = min(anchor.x1, anchor.x0 + _ems(label) * cw * 1.04)
    right = (int(end), int(max(0, anchor.y0 - 1.2 * lh)), int(min(w, end + 10 * lh)), int(min(h, anchor.y1 + 1.2 * lh)))
    under = (int(max(0, anchor.x0 - lh)), int(anchor.y1), int(min(w, anchor.x1 + 6 * lh)), int(min(h, anchor.y1 + 3 * lh)))
    return [right, under]


def signature(image: np.ndarray, lines, anchor=None) -> list[int] | None:
    """Handwriting in the slot of ``anchor`` (the line of the signature's label); without an
    anchor, anywhere under the last printed line of prose. None when the slot is blank."""
    h, w = image.shape[:2]
    lh, cw = line_height(lines), char_width(lines)
    if anchor is not None:
        slots = _slots(anchor, lh, cw, w, h)
    elif lines:
        top = max((ln.y1 for ln in lines if len(ln.key) > 20), default=h * 0.5)
        slots = [(0, int(top), w, h)]
    else:
        return None
    # a grey copy's seal is as dark as ink: its disc is no signature
    discs = grey_seals(image, lines) if _colourless(image) else []
    for x0, y0, x1, y1 in slots:
        if x1 - x0 < 1.5 * lh or y1 - y0 < lh:
            continue
        ink = _ink(image[y0:y1, x0:x1], lh)
        for d in discs:
            cv2.circle(ink, (int(d.cx - x0), int(d.cy - y0)), int(d.r * 1.08), 0, -1)
        for ln in lines:
            if _is_print(ln, anchor) or ln is anchor:
                pad = 0.15 * ln.h
                a, b = int(max(ln.x0 - pad, x0)) - x0, int(min(ln.x1 + pad, x1)) - x0
                c, d = int(max(ln.y0 - pad, y0)) - y0, int(min(ln.y1 + pad, y1)) - y0
                if ln is anchor:  # the label only: its box may run over the signature
                    b = min(b, slots[0][0] - x0)
                if a < b and c < d:
                    ink[c:d, a:b] = 0
        if box := _handwriting(ink, min(lh, cw), FINGER_LINES[0] * lh):
            return [x0 + box[0], y0 + box[1], x0 + box[2], y0 + box[3]]
    return None


def _handwriting(ink: np.ndarray, lh: float, blot: float) -> list[int] | None:
    """The box of the strokes in ``ink`` when they make a word's worth of writing; ink at least
    ``blot`` pixels tall that fills its box is a pressed mark, not a stroke."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    # strokes, not a pressed blot (a fingerprint on a grey copy fills most of its box, and is
    # taller than a written character, which a blurred bold hand may fill as much)
    keep = [i for i in range(1, n) if stats[i][4] >= max(3, lh * lh * 0.01)
            and not (stats[i][3] >= blot and stats[i][4] > PRESSED * stats[i][2] * stats[i][3])]
    if not keep:
        return None
    pixels = sum(int(stats[i][4]) for i in keep)
    biggest = max(int(stats[i][4]) for i in keep)
    x0 = min(stats[i][0] for i in keep)
    y0 = min(stats[i][1] for i in keep)
    x1 = max(stats[i][0] + stats[i][2] for i in keep)
    y1 = max(stats[i][1] + stats[i][3] for i in keep)
    if pixels >= 0.35 * lh * lh and biggest >= 0.08 * lh * lh and x1 - x0 >= 0.8 * lh and y1 - y0 >= 0.5 * lh:
        return [int(x0), int(y0), int(x1), int(y1)]
    return None


def _fit_ring(mask: np.ndarray, seal: Seal) -> Seal:
    """The seal's circle fitted to its ring's red (least squares, Kasa): a Hough circle or a
    blob's enclosing circle is a few pixels off, which bends the unrolled text."""
    ys, xs = np.nonzero(mask)
    d = np.hypot(xs - seal.cx, ys - seal.cy)
    sel = (d >= 0.86 * seal.r) & (d <= 1.08 * seal.r)
    if sel.sum() < 30:
        return seal
    x, y = xs[sel].astype(np.float64), ys[sel].astype(np.float64)
    a = np.stack([x, y, np.ones_like(x)], axis=1)
    (p, q, c), *_ = np.linalg.lstsq(a, x * x + y * y, rcond=None)
    cx, cy = p / 2, q / 2
    r = float(np.sqrt(max(1.0, c + cx * cx + cy * cy)))
    if abs(r - seal.r) > 0.15 * seal.r or np.hypot(cx - seal.cx, cy - seal.cy) > 0.15 * seal.r:
        return seal
    return Seal([int(cx - r), int(cy - r), int(cx + r), int(cy + r)], float(cx), float(cy), r)


def seal_text(image: np.ndarray, seal: Seal, read_line: Callable[[np.ndarray], tuple[str, float]]
              ) -> tuple[str, float]:
    """The text along the seal's top arc: the ring unrolled (angle across, radius up) into a
    line of dark characters on white, read by the recogniser. ("", 0.0) when nothing reads."""
    lh = max(8.0, seal.r / 4)
    score = redness(image, lh / 4)
    mask = red(image) | ((score >= 18) * 255).astype(np.uint8)
    seal = _fit_ring(mask, seal)
    r = seal.r
    size = int(max(64, r * 2))
    polar = cv2.warpPolar(score, (size, 720), (seal.cx, seal.cy), r, cv2.WARP_POLAR_LINEAR)
    # rows: angle 0..360 from +x clockwise (y down); columns: radius 0..r. The name runs over
    # the top from about 140 to 400 degrees (left, up, right), its characters' tops outward
    rows = np.concatenate([polar, polar])[280:800]
    band = rows[:, int(size * 0.5):int(size * 0.9)]
    strip = cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE).astype(np.float32)
    top = float(np.percentile(strip, 99)) if strip.size else 0.0
    if top < 10:
        return "", 0.0
    ink = np.clip(strip / top, 0, 1)
    cols = np.nonzero(ink.max(axis=0) > 0.4)[0]
    if len(cols) == 0:
        return "", 0.0
    ink = ink[:, max(0, cols.min() - 4):cols.max() + 5]
    scale = 48 / max(1, ink.shape[0])
    ink = cv2.resize(ink, (max(8, int(ink.shape[1] * scale)), 48), interpolation=cv2.INTER_AREA)
    line = cv2.cvtColor((255 - ink * 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    return read_line(line)
