"""Replayable OCR: an engine's answers kept as JSON, so reading can be re-measured in seconds.

`CachedEngine` wraps any `OcrEngine`. Each ``recognize(image)`` and ``read_line(crop)`` is
keyed by the SHA-256 of the exact pixels the engine is given (shape and bytes: the file,
its page and every preparation step that made them), the engine's name and its model; the
answer is stored as ``<dir>/<engine>/<key[:2]>/<key>.json`` and replayed on the next call
with the same key. Because the re-reads of `beian.extractors.read` (turn, whole page, red
ink dropped, enlarged) are decided from the engine's own answers, a replay takes the same
steps. A change to preparation changes the pixels and so misses the cache: it is read anew.

On with the setting ``BEIAN_OCR_CACHE_DIR`` (benchmarks and tests set it); off by default,
since a site has nothing to replay. Entries are written whole (temporary file, rename).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from beian.models import OcrResult


class CachedEngine:
    def __init__(self, engine, folder: str | Path) -> None:
        self.engine = engine
        self.name, self.model = engine.name, engine.model
        self.orients_lines = getattr(engine, "orients_lines", True)
        self.reads_chars = getattr(engine, "reads_chars", False)
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in f"{engine.name}-{engine.model}")[:80]
        self.folder = Path(folder).expanduser() / safe
        self.hits = self.misses = 0

    def _key(self, op: str, image: np.ndarray) -> str:
        h = hashlib.sha256(f"{op}|{self.name}|{self.model}|{image.shape}|{image.dtype}".encode())
        h.update(np.ascontiguousarray(image).data)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _load(self, key: str):
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _store(self, key: str, value) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def recognize(self, image: np.ndarray) -> OcrResult:
        key = self._key("recognize", image)
        if (got := self._load(key)) is not None:
            self.hits += 1
            return OcrResult.model_validate(got)
        self.misses += 1
        result = self.engine.recognize(image)
        self._store(key, result.model_dump(mode="json"))
        return result

    def read_line(self, image: np.ndarray) -> tuple[str, float]:
        key = self._key("read_line", image)
        if (got := self._load(key)) is not None:
            self.hits += 1
            return got[0], got[1]
        self.misses += 1
        text, score = self.engine.read_line(image)
        self._store(key, [text, score])
        return text, score

    def read_chars(self, image: np.ndarray):
        """A second recogniser's characters with their scores and rivals (`second_reader`)."""
        from beian.extractors.second_reader import Char

        key = self._key("read_chars", image)
        if (got := self._load(key)) is not None:
            self.hits += 1
            return [Char(*c) for c in got]
        self.misses += 1
        chars = self.engine.read_chars(image)
        self._store(key, [[c.char, c.score, c.rival, c.rival_score] for c in chars])
        return chars
