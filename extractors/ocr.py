"""OCR engines behind one small protocol.

An engine takes a BGR page image and returns an `OcrResult` whose lines carry
text, score, box and, when the engine knows it, the direction of the text on the
page. Engines are picked by name from `ENGINES` (setting ``BEIAN_OCR_ENGINE``)
and built once per process by `get_engine`; configuration goes to the
constructor. Nothing is downloaded: the default engine runs PaddleOCR's
PP-OCRv6 models shipped inside the ``rapidocr`` wheel with onnxruntime.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

import numpy as np

from beian.errors import ConfigError
from beian.models import OcrLine, OcrResult


class OcrEngine(Protocol):
    name: str
    model: str

    def recognize(self, image: np.ndarray) -> OcrResult:
        """Read every text line of a BGR image; lines in the engine's order."""
        ...

    def read_line(self, image: np.ndarray) -> tuple[str, float]:
        """Recognise one upright line crop without detection: (text, score)."""
        ...


def _box(quad: np.ndarray) -> list[int]:
    xs, ys = quad[:, 0], quad[:, 1]
    return [int(xs.min()), int(ys.min()), int(round(xs.max())), int(round(ys.max()))]


def text_direction(quad: np.ndarray, upside_down: bool) -> int:
    """Clockwise rotation of a line's text on the page, from its crop geometry.

    rapidocr crops each quadrilateral (points clockwise from top-left), turns a
    crop that is 1.5 times taller than wide by 90 degrees counter-clockwise, and
    its classifier then says whether the crop is upside down.
    """
    w = max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3]))
    h = max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2]))
    vertical = h >= 1.5 * max(w, 1.0)
    if vertical:
        return 270 if upside_down else 90
    return 180 if upside_down else 0


class RapidOcrEngine:
    """PaddleOCR PP-OCRv6 (small det/rec, v2 cls) through rapidocr + onnxruntime."""

    name = "rapidocr"

    def __init__(self, text_score: float = 0.5, threads: int = -1) -> None:
        from rapidocr import RapidOCR

        self._ocr = RapidOCR(
            params={
                "Global.log_level": "warning",
                "Global.text_score": text_score,
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1 if threads == 1 else -1,
            }
        )
        cfg = self._ocr.cfg
        val = lambda v: getattr(v, "value", v)  # noqa: E731  (enums in rapidocr 3)
        from importlib.metadata import version

        rapidocr_version = version("rapidocr")

        self.model = (f"{val(cfg.Det.ocr_version)} {val(cfg.Det.model_type)} det/rec, "
                      f"{val(cfg.Cls.ocr_version)} cls (rapidocr {rapidocr_version})")
        self._text_score = text_score
        self._lock = threading.Lock()

    def recognize(self, image: np.ndarray) -> OcrResult:
        from rapidocr.utils.process_img import map_boxes_to_original

        h, w = image.shape[:2]
        with self._lock:  # onnxruntime sessions are shared; keep calls serial per process
            img, op_record = self._ocr.preprocess_img(image)
            det, cls, rec, _ = self._ocr.run_ocr_steps(img, op_record)
        lines: list[OcrLine] = []
        if det.boxes is None or rec.txts is None:
            return OcrResult(engine=self.name, model=self.model, width=w, height=h, lines=[])
        quads = map_boxes_to_original(np.array(det.boxes, dtype=np.float32), op_record, h, w)
        cls_res = cls.cls_res or [("0", 0.0)] * len(quads)
        for quad, text, score, (label, _cls_score) in zip(quads, rec.txts, rec.scores, cls_res):
            if not text.strip() or score < self._text_score:
                continue
            lines.append(
                OcrLine(
                    text=text,
                    score=float(score),
                    box=_box(quad),
                    quad=[[float(x), float(y)] for x, y in quad],
                    direction=text_direction(quad, label == "180"),
                )
            )
        return OcrResult(engine=self.name, model=self.model, width=w, height=h, lines=lines)

    def read_line(self, image: np.ndarray) -> tuple[str, float]:
        # the recogniser alone: calling the engine with use_det=False would change its
        # settings for every later call
        with self._lock:
            out = self._ocr.recognize_txt([image])
        txts, scores = out.txts, out.scores
        if not txts:
            return "", 0.0
        return str(txts[0]), float(scores[0])


class PaddleOcrEngine:
    """The ``paddleocr`` library itself (optional extra; models from local dirs)."""

    name = "paddleocr"

    def __init__(self, threads: int = 0) -> None:
        try:
            import paddleocr  # noqa: F401
        except ImportError as exc:
            raise ConfigError(
                "BEIAN_OCR_ENGINE=paddleocr needs the optional extra: pip install 'beian-intake[paddleocr]'"
            ) from exc
        raise ConfigError("the paddleocr engine is not wired up yet; use BEIAN_OCR_ENGINE=rapidocr")

    def recognize(self, image: np.ndarray) -> OcrResult:  # pragma: no cover
        raise NotImplementedError


ENGINES: dict[str, Callable[..., OcrEngine]] = {
    "rapidocr": RapidOcrEngine,
    "paddleocr": PaddleOcrEngine,
}


@lru_cache(maxsize=None)
def get_engine(name: str = "rapidocr", threads: int = 0) -> OcrEngine:
    """The process-wide engine of that name, built on first use."""
    try:
        factory = ENGINES[name]
    except KeyError:
        raise ConfigError(f"BEIAN_OCR_ENGINE: unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}") from None
    logging.getLogger(__name__).info("loading OCR engine %s", name)
    return factory(threads=threads) if threads else factory()


def check_engine(name: str) -> None:
    """Fail with a `ConfigError` now if the engine of that name cannot be built,
    without loading its models (for a run's start: the workers load it once each)."""
    if name not in ENGINES:
        raise ConfigError(f"BEIAN_OCR_ENGINE: unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")
    if name == "rapidocr":
        import importlib.util

        if importlib.util.find_spec("rapidocr") is None:
            raise ConfigError("the rapidocr engine is not installed: pip install rapidocr onnxruntime")
    else:
        ENGINES[name]()  # the optional engines fail fast in their constructor
