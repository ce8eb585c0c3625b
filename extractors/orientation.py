"""Which way each detected line reads, for engines that do not say.

The default engine classifies every line crop (0 or 180 degrees) before it reads
it; an engine without that step (paddleocr offline: its orientation models cannot
be downloaded) reads a turned page as garbage. `classify_lines` runs the same
line classifier the default engine uses (PP-OCR v2 mobile, shipped in the
rapidocr wheel) on the crops of the engine's own boxes; `read.ocr_page` then
turns the page upright and lets that engine read it again.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

_SHAPE = (48, 192)  # the classifier's input: height, maximum width
_THRESH = 0.9  # as the default engine: below this a line counts as upright


def crop(image: np.ndarray, quad: list[list[float]]) -> np.ndarray:
    """A line's quadrilateral cut out straight; a crop 1.5 times taller than wide is
    turned 90 degrees counter-clockwise (as the engines do before reading it)."""
    import cv2

    pts = np.array(quad, dtype=np.float32)
    w = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    h = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    w, h = max(w, 1), max(h, 1)
    m = cv2.getPerspectiveTransform(pts, np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32))
    out = cv2.warpPerspective(image, m, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    return np.rot90(out) if h >= 1.5 * w else out


class LineClassifier:
    def __init__(self, threads: int = 1) -> None:
        import onnxruntime as ort
        import rapidocr

        path = Path(rapidocr.__file__).parent / "models" / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def _input(self, img: np.ndarray) -> np.ndarray:
        import cv2

        h, w = _SHAPE
        width = min(w, max(1, int(np.ceil(h * img.shape[1] / max(img.shape[0], 1)))))
        x = cv2.resize(img, (width, h)).astype(np.float32).transpose(2, 0, 1) / 255.0
        out = np.zeros((3, h, w), dtype=np.float32)
        out[:, :, :width] = (x - 0.5) / 0.5
        return out

    def upside_down(self, crops: list[np.ndarray]) -> list[bool]:
        """For each crop (BGR), whether it reads upside down."""
        if not crops:
            return []
        batch = np.stack([self._input(c if c.ndim == 3 else np.dstack([c] * 3)) for c in crops])
        with self._lock:
            probs = self._session.run(None, {self._session.get_inputs()[0].name: batch})[0]
        return [bool(p.argmax() == 1 and p[1] > _THRESH) for p in probs]


@lru_cache(maxsize=None)
def line_classifier(threads: int = 1) -> LineClassifier:
    return LineClassifier(threads)


def classify_lines(image: np.ndarray, quads: list[list[list[float]]], threads: int = 1) -> list[bool]:
    """Whether each line (by its quadrilateral on ``image``) reads upside down."""
    return line_classifier(threads).upside_down([crop(image, q) for q in quads])
