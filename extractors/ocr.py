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
    orients_lines: bool  # each line's direction comes from a line classifier, not only its shape

    def recognize(self, image: np.ndarray) -> OcrResult:
        """Read every text line of a BGR image; lines in the engine's order."""
        ...

    def read_line(self, image: np.ndarray) -> tuple[str, float]:
        """Recognise one upright line crop without detection: (text, score)."""
        ...

    # an engine that can say each character's score and rival (`read_chars`) is one of the readers
    # of the second looks (`beian.extractors.lookalike`, `date_look`); one that cannot leaves them
    # to the second recogniser alone, which then cannot lift a doubt by itself
    reads_chars: bool


def _box(quad: np.ndarray) -> list[int]:
    xs, ys = quad[:, 0], quad[:, 1]
    return [int(xs.min()), int(ys.min()), int(round(xs.max())), int(round(ys.max()))]


def _bgr(image: np.ndarray) -> np.ndarray:
    """Three channels, as the engines' detectors expect."""
    if image.ndim == 3:
        return image
    import cv2

    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)


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
    orients_lines = True
    reads_chars = True

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
        image = _bgr(image)  # a greyscale page: the detector normalises three channels
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

    def read_chars(self, image: np.ndarray):
        """One upright line crop's characters, each with its score and strongest rival
        (`beian.extractors.second_reader.Char`), from the recogniser's step probabilities."""
        from beian.extractors.second_reader import decode_ctc

        image = _bgr(image)
        h, w = image.shape[:2]
        if h < 2 or w < 2:
            return []
        with self._lock:
            rec = self._ocr._load_rec_model()
            _, height, width = rec.rec_image_shape
            x = rec.resize_norm_img(image, max(width / height, w / h))[None].astype(np.float32)
            probs = rec.session(x)[0]
        return decode_ctc(probs, rec.postprocess_op.character)


class PaddleOcrEngine:
    """The ``paddleocr`` library (optional extra ``[paddle]``), offline.

    By default its onnxruntime engine runs the same PP-OCRv6 small models as the default
    engine, from model directories made once from the rapidocr wheel
    (`paddle_models.prepare`); a site may name its own directories (``BEIAN_PADDLE_DET_DIR``,
    ``BEIAN_PADDLE_REC_DIR``, with ``BEIAN_PADDLE_*_NAME``) and engine (``paddle`` with
    paddlepaddle installed). Document orientation, unwarping and line orientation stay off
    (their models are not shipped): it reports no line direction, so a turned page is
    turned upright by `orientation` and read again (`read.ocr_page`).
    """

    name = "paddleocr"
    orients_lines = False
    reads_chars = False  # paddlex gives a line's text and score, not its steps' probabilities

    @staticmethod
    def model_dirs():
        """The model directories this engine will load (made from the shipped models on first
        use), or a `ConfigError` saying what is missing; nothing is loaded."""
        import importlib.util
        from pathlib import Path

        from beian.extractors import paddle_models
        from beian.settings import get_settings

        if importlib.util.find_spec("paddleocr") is None:
            raise ConfigError("BEIAN_OCR_ENGINE=paddleocr needs the optional extra: "
                              "pip install 'beian-intake[paddle]' (see the README for its OpenCV)")
        s = get_settings()
        if s.paddle_det_dir or s.paddle_rec_dir:
            return paddle_models.check(Path(s.paddle_det_dir or ""), Path(s.paddle_rec_dir or ""),
                                       s.paddle_det_name, s.paddle_rec_name)
        return paddle_models.prepare(Path(s.paddle_cache_dir).expanduser())

    def __init__(self, threads: int = 0, text_score: float = 0.5) -> None:
        from importlib.metadata import version

        from beian.settings import get_settings

        dirs = self.model_dirs()
        import os

        os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")  # no reachability probe
        from paddleocr import PaddleOCR
        from paddlex.utils import logging as paddlex_logging

        paddlex_logging.setup_logging("WARNING")  # not a line per model on every start

        s = get_settings()
        try:
            self._ocr = PaddleOCR(
                text_detection_model_name=dirs.det_name, text_detection_model_dir=str(dirs.det),
                text_recognition_model_name=dirs.rec_name, text_recognition_model_dir=str(dirs.rec),
                use_doc_orientation_classify=False, use_doc_unwarping=False, use_textline_orientation=False,
                # as the default engine reads: the page's short side to at least 736 px
                text_det_limit_side_len=736, text_det_limit_type="min", text_rec_score_thresh=text_score,
                engine=s.paddle_engine, device=s.paddle_device, **({"cpu_threads": threads} if threads else {}))
        except Exception as exc:  # a site's engine, device or models that paddleocr refuses
            raise ConfigError(f"paddleocr cannot build its OCR pipeline (BEIAN_PADDLE_ENGINE={s.paddle_engine}, "
                              f"BEIAN_PADDLE_DEVICE={s.paddle_device}): {type(exc).__name__}: {exc}"[:400]) from None
        self.model = f"{dirs.det_name}/{dirs.rec_name} ({s.paddle_engine}, paddleocr {version('paddleocr')})"
        self._threads = threads or 1
        self._text_score = text_score
        self._lock = threading.Lock()

    def recognize(self, image: np.ndarray) -> OcrResult:
        from beian.extractors.orientation import classify_lines

        h, w = image.shape[:2]
        image = _bgr(image)
        with self._lock:
            out = self._ocr.predict(image)[0]
        quads = [np.asarray(q, dtype=np.float32) for q in out["rec_polys"]]
        keep = [i for i, (t, sc) in enumerate(zip(out["rec_texts"], out["rec_scores"]))
                if t.strip() and sc >= self._text_score]
        turned = classify_lines(image, [quads[i].tolist() for i in keep], self._threads)
        lines = [OcrLine(text=out["rec_texts"][i], score=float(out["rec_scores"][i]), box=_box(quads[i]),
                         quad=[[float(x), float(y)] for x, y in quads[i]],
                         direction=text_direction(quads[i], down))
                 for i, down in zip(keep, turned)]
        return OcrResult(engine=self.name, model=self.model, width=w, height=h, lines=lines)

    def read_line(self, image: np.ndarray) -> tuple[str, float]:
        rec = self._ocr.paddlex_pipeline.text_rec_model
        with self._lock:
            out = list(rec.predict([_bgr(image)]))
        if not out:
            return "", 0.0
        return str(out[0]["rec_text"]), float(out[0]["rec_score"])


ENGINES: dict[str, Callable[..., OcrEngine]] = {
    "rapidocr": RapidOcrEngine,
    "paddleocr": PaddleOcrEngine,
}


@lru_cache(maxsize=None)
def get_engine(name: str = "rapidocr", threads: int = 0, cache_dir: str | None = None,
               replay_dir: str | None = None) -> OcrEngine:
    """The process-wide engine of that name, built on first use; with ``cache_dir`` its
    answers are replayed from there, with ``replay_dir`` from a packed replay under it
    (`beian.extractors.ocr_cache`)."""
    try:
        factory = ENGINES[name]
    except KeyError:
        raise ConfigError(f"BEIAN_OCR_ENGINE: unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}") from None
    if cache_dir or replay_dir:
        from beian.extractors.ocr_cache import CachedEngine

        return CachedEngine(get_engine(name, threads), cache_dir or None, replay_dir or None)
    logging.getLogger(__name__).info("loading OCR engine %s", name)
    return factory(threads=threads) if threads else factory()


def engine_for(settings) -> OcrEngine:
    """The engine the settings name (``OCR_ENGINE``, ``OCR_THREADS``, ``OCR_CACHE_DIR``)."""
    return get_engine(settings.ocr_engine, settings.ocr_threads, settings.ocr_cache_dir or None,
                      settings.ocr_replay_dir or None)


def check_engine(name: str) -> None:
    """Fail with a `ConfigError` now if the engine of that name cannot be built,
    without loading its models (for a run's start: the workers load it once each)."""
    if name not in ENGINES:
        raise ConfigError(f"BEIAN_OCR_ENGINE: unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")
    if name == "rapidocr":
        import importlib.util

        if importlib.util.find_spec("rapidocr") is None:
            raise ConfigError("the rapidocr engine is not installed: pip install rapidocr onnxruntime")
    elif name == "paddleocr":
        PaddleOcrEngine.model_dirs()
