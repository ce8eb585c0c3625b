"""Prepare a page image for OCR with OpenCV, and measure its capture quality.

* Scale a very large page down to the size the OCR model works at.
* Find a card or sheet photographed on a background and flatten it. Guards keep
  this from ever cropping text away: the quadrilateral must be convex, cover a
  fair share of the frame, keep clear of the frame's edges, have near-right
  corners, and leave a calm background outside it (text outside means the
  quadrilateral is not the whole document).
* Measure blur, glare and colour (a greyscale image is a photocopy or a
  black-and-white scan). Cut-off borders are judged after OCR from the lines.

No contrast enhancement: CLAHE lowered the neural OCR's accuracy in our trials.
Coarse orientation and deskew are done on the OCR lines (`layout.upright`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from beian.models import Quality

BLUR_WARN = 40.0  # Laplacian variance at 1000 px width under which text looks blurred
GLARE_WARN = 0.004  # share of the page in one blown-out patch


@dataclass
class Prepared:
    image: np.ndarray
    quality: Quality
    # the page as captured, in the frame of ``image``, when ``image`` had an ink dropped for
    # reading (a seal's red is what the signed papers' marks look for)
    colour: np.ndarray | None = None


def prepare(image: np.ndarray, max_side: int, flatten_page: bool = True) -> Prepared:
    img = _limit(image, max_side)
    flat = flatten(img) if flatten_page else None
    quality = measure(flat if flat is not None else img)
    quality.flattened = flat is not None
    return Prepared(flat if flat is not None else img, quality)


def _limit(img: np.ndarray, max_side: int) -> np.ndarray:
    h, w = img.shape[:2]
    scale = max_side / max(h, w)
    if scale >= 1:
        return img
    return cv2.resize(img, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)


def _order(pts: np.ndarray) -> np.ndarray:
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.float32([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]])


def _angles_ok(q: np.ndarray) -> bool:
    for i in range(4):
        a, b, c = q[i - 1], q[i], q[(i + 1) % 4]
        v1, v2 = a - b, c - b
        cos = float(np.dot(v1, v2) / (np.linalg.norm(v1) * np.linalg.norm(v2) + 1e-6))
        if abs(cos) > 0.42:  # corners between ~65 and ~115 degrees
            return False
    return True


def find_document(img: np.ndarray) -> np.ndarray | None:
    """Corners (TL, TR, BR, BL) of a document lying on a background, or None."""
    h, w = img.shape[:2]
    scale = 640 / max(h, w)
    small = cv2.resize(img, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    grey = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    edges = cv2.dilate(cv2.Canny(grey, 30, 90), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    sh, sw = small.shape[:2]
    frame_area = sh * sw
    margin = 0.012 * max(sh, sw)
    for cnt in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        hull = cv2.convexHull(cnt)
        area = cv2.contourArea(hull)
        if not 0.2 * frame_area <= area <= 0.93 * frame_area:
            continue
        approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(approx) != 4 or not cv2.isContourConvex(approx):
            continue
        q = _order(approx.reshape(4, 2).astype(np.float32))
        if (q[:, 0].min() < margin or q[:, 1].min() < margin or q[:, 0].max() > sw - margin
                or q[:, 1].max() > sh - margin or not _angles_ok(q)):
            continue
        if not _calm_outside(edges, q):
            continue
        return q / scale
    return None


def _calm_outside(edges: np.ndarray, q: np.ndarray) -> bool:
    """Edge density outside the quadrilateral is low next to inside: no text left out."""
    mask = np.zeros(edges.shape, np.uint8)
    cv2.fillConvexPoly(mask, q.astype(np.int32), 255)
    mask = cv2.dilate(mask, np.ones((9, 9), np.uint8))
    inside = edges[mask > 0].mean() if mask.any() else 0
    outside_px = edges[mask == 0]
    outside = outside_px.mean() if outside_px.size else 0
    return outside < 0.35 * inside


def flatten(img: np.ndarray) -> np.ndarray | None:
    q = find_document(img)
    if q is None:
        return None
    tl, tr, br, bl = q
    w = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    h = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    dst = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    return cv2.warpPerspective(img, cv2.getPerspectiveTransform(q, dst), (w, h), flags=cv2.INTER_CUBIC)


LIGHT_CUT = 0.55  # of the way from the ink to the paper: tones lighter than this are an overprint


def drop_red(img: np.ndarray) -> np.ndarray:
    """The page as its red channel, light tones lifted to white: red seals and watermarks fade
    in the red channel, a grey watermark (printed light, 仅供ICP备案使用) is lighter than print,
    and black print stays as it was, also where an overprint crosses it."""
    red = img[..., 2] if img.ndim == 3 else img
    paper, ink = float(np.percentile(red, 75)), float(np.percentile(red, 1))
    if paper - ink > 40:
        red = np.where(red > ink + LIGHT_CUT * (paper - ink), 255, red).astype(np.uint8)
    return cv2.cvtColor(red, cv2.COLOR_GRAY2BGR)


def measure(img: np.ndarray) -> Quality:
    h, w = img.shape[:2]
    grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    norm = cv2.resize(grey, (1000, max(1, int(h * 1000 / w))), interpolation=cv2.INTER_AREA)
    blur = float(cv2.Laplacian(norm, cv2.CV_64F).var())
    hsv = cv2.cvtColor(cv2.resize(img, (norm.shape[1], norm.shape[0]), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2HSV)
    greyscale = float(hsv[..., 1].mean()) < 6.0 and float(np.percentile(hsv[..., 1], 99)) < 30
    blown = ((hsv[..., 2] >= 253) & (hsv[..., 1] < 25)).astype(np.uint8)
    glare = 0.0
    if blown.any() and float(np.median(norm)) < 235:  # a white page is not glare
        n, _, stats, _ = cv2.connectedComponentsWithStats(cv2.morphologyEx(blown, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8)))
        if n > 1:
            glare = float(stats[1:, cv2.CC_STAT_AREA].max()) / blown.size
    q = Quality(blur=round(blur, 1), glare=round(glare, 4), greyscale=greyscale)
    if blur < BLUR_WARN:
        q.warnings.append("blurred")
    if glare > GLARE_WARN:
        q.warnings.append("glare")
    if greyscale:
        q.warnings.append("greyscale_copy")
    return q
