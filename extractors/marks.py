"""Marks on signed papers that are not print: a red seal and a handwritten signature.

`red_seal`: red ink (hue near 0, saturated, not dark) gathered into a blob of a seal's size and
shape (about round, 6-40 % of the page's width); a black-and-white copy has no red seal, which is
what reviewers reject it for. `signature`: in the area a signature goes (right of its label, up to
two line heights above and below), ink that the engine did not read as a line of print: enough
dark pixels in thin strokes (ink covers little of the strokes' boxes). Both return a box in the
page image's frame, or None.
"""

from __future__ import annotations

import cv2
import numpy as np

SEAL_MIN, SEAL_MAX = 0.06, 0.40  # a seal's diameter as a share of the page's width
SEAL_FILL = (0.03, 0.6)  # the share of its box a seal's red covers (a ring and its text)
INK_DARK = 120  # grey under which a pixel is ink
STROKE_FILL = 0.35  # handwriting covers less than this of its strokes' bounding boxes
PRINT_SCORE = 0.85  # a line read this surely is print, not a signature


def red_seal(image: np.ndarray) -> list[int] | None:
    if image.ndim != 3:
        return None
    h, w = image.shape[:2]
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = (((hue <= 10) | (hue >= 165)) & (sat >= 60) & (val >= 90)).astype(np.uint8) * 255
    k = max(3, int(w * 0.012)) | 1
    blobs = cv2.morphologyEx(red, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    contours, _ = cv2.findContours(blobs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    best = None
    for c in contours:
        x, y, bw, bh = cv2.boundingRect(c)
        if not (SEAL_MIN * w <= max(bw, bh) <= SEAL_MAX * w) or not 0.6 <= bw / max(bh, 1) <= 1.6:
            continue
        fill = red[y:y + bh, x:x + bw].mean() / 255
        if SEAL_FILL[0] <= fill <= SEAL_FILL[1] and (best is None or bw * bh > best[2] * best[3]):
            best = (x, y, bw, bh)
    return None if best is None else [best[0], best[1], best[0] + best[2], best[1] + best[3]]


def signature(image: np.ndarray, lines, anchor=None) -> list[int] | None:
    """Handwriting right of ``anchor`` (the line of the signature's label) on its row; without an
    anchor (the engine read the label and the scrawl through it as no sure line, and dropped it),
    anywhere among the page's lines: ink that no line the engine read surely explains."""
    h, w = image.shape[:2]
    if anchor is not None:
        lh = anchor.h
        # the label ends after its characters (about a line height each): the detector may have
        # drawn the label's box over the scrawl beside it
        end = min(anchor.x1, anchor.x0 + len(anchor.key) * lh * 0.95)
        x0, x1 = int(end), int(min(w, end + 14 * lh))
        y0, y1 = int(max(0, anchor.y0 - 2 * lh)), int(min(h, anchor.y1 + 2 * lh))
    elif lines:
        lh = float(np.median([ln.h for ln in lines]))
        x0, x1 = int(max(0, min(ln.x0 for ln in lines))), int(min(w, max(ln.x1 for ln in lines)))
        y0, y1 = int(max(0, min(ln.y0 for ln in lines))), int(min(h, max(ln.y1 for ln in lines) + 2 * lh))
    else:
        return None
    if x1 - x0 < lh or y1 - y0 < lh:
        return None
    region = image[y0:y1, x0:x1]
    grey = cv2.cvtColor(region, cv2.COLOR_BGR2GRAY) if region.ndim == 3 else region
    ink = (grey < INK_DARK).astype(np.uint8)
    if region.ndim == 3:  # a seal's red is no pen's ink
        hsv = cv2.cvtColor(region, cv2.COLOR_BGR2HSV)
        ink[((hsv[..., 0] <= 10) | (hsv[..., 0] >= 165)) & (hsv[..., 1] >= 60)] = 0
    for ln in lines:  # print the engine read surely is not handwriting
        if ln is anchor or ln.score < PRINT_SCORE:
            continue
        a, b = int(max(ln.x0 - 0.2 * ln.h, x0)) - x0, int(min(ln.x1 + 0.2 * ln.h, x1)) - x0
        c, d = int(max(ln.y0 - 0.2 * ln.h, y0)) - y0, int(min(ln.y1 + 0.2 * ln.h, y1)) - y0
        if a < b and c < d:
            ink[c:d, a:b] = 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = [i for i in range(1, n) if stats[i][4] >= max(4, lh * lh * 0.02)]
    if not keep:
        return None
    # the largest band of rows the kept ink makes: the signature and whatever it crosses
    rows = np.zeros(ink.shape[0], np.int32)
    for i in keep:
        rows[stats[i][1]:stats[i][1] + stats[i][3]] += 1
    bands, start = [], None
    for y, v in enumerate(np.append(rows, 0)):
        if v and start is None:
            start = y
        elif not v and start is not None:
            bands.append((start, y))
            start = None
    best = None
    for a, b in bands:
        members = [i for i in keep if a <= stats[i][1] < b]
        xs0, xs1 = min(stats[i][0] for i in members), max(stats[i][0] + stats[i][2] for i in members)
        pixels = sum(int(stats[i][4]) for i in members)
        area = max(1, (xs1 - xs0) * (b - a))
        # wide as a word, as tall as a line or more, thin strokes, enough ink
        if xs1 - xs0 >= 1.5 * lh and b - a >= 0.6 * lh and pixels / area <= STROKE_FILL and pixels >= lh * lh * 0.3:
            if best is None or pixels > best[0]:
                best = (pixels, [x0 + xs0, y0 + a, x0 + xs1, y0 + b])
    return best[1] if best else None
