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

A replay (``BEIAN_OCR_REPLAY_DIR``) is a read-only layer under the folder: one
``<engine>.jsonl.gz`` of answers packed from a cache folder (`pack`), looked up when the folder
has no answer. The repository keeps one for its committed synthetic samples
(``tests/ocr-replay``, ``make ocr-replay``), so a clean checkout's tests replay what the engine
answered for the very same pixels; an image not in it (a real document, a test's own image, a
sample whose preparation changed) is read by the engine.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np

from beian.models import OcrResult


def _safe(name: str, model: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in f"{name}-{model}")[:80]


class CachedEngine:
    def __init__(self, engine, folder: str | Path | None, replay: str | Path | None = None) -> None:
        self.engine = engine
        self.name, self.model = engine.name, engine.model
        self.orients_lines = getattr(engine, "orients_lines", True)
        self.reads_chars = getattr(engine, "reads_chars", False)
        safe = _safe(engine.name, engine.model)
        self.folder = Path(folder).expanduser() / safe if folder else None
        self.replay_file = Path(replay).expanduser() / f"{safe}.jsonl.gz" if replay else None
        self._replay: dict | None = None
        self.hits = self.misses = self.replayed = 0

    def _key(self, op: str, image: np.ndarray) -> str:
        h = hashlib.sha256(f"{op}|{self.name}|{self.model}|{image.shape}|{image.dtype}".encode())
        h.update(np.ascontiguousarray(image).data)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _load(self, key: str):
        if self.folder:
            try:
                return json.loads(self._path(key).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass
        if (got := self._replayed().get(key)) is not None:
            self.replayed += 1
        return got

    def _replayed(self) -> dict:
        if self._replay is None:
            self._replay = load_replay(self.replay_file) if self.replay_file else {}
        return self._replay

    def _store(self, key: str, value) -> None:
        if not self.folder:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def _answer(self, op: str, image: np.ndarray, read):
        """The stored answer to ``op`` on these pixels, else ``read()`` stored. Processes sharing
        the folder (a test run's workers) take a lock on the key while one reads, so the others
        wait for its answer instead of reading the same pixels again."""
        key = self._key(op, image)
        if (got := self._load(key)) is not None:
            self.hits += 1
            return got
        if not self.folder:
            self.misses += 1
            return read()
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 (held across the read)
        except OSError:
            self.misses += 1
            return read()
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if (got := self._load(key)) is not None:  # another process read it meanwhile
                self.hits += 1
                return got
            self.misses += 1
            value = read()
            self._store(key, value)
            return value

    def recognize(self, image: np.ndarray) -> OcrResult:
        got = self._answer("recognize", image, lambda: self.engine.recognize(image).model_dump(mode="json"))
        return OcrResult.model_validate(got)

    def read_line(self, image: np.ndarray) -> tuple[str, float]:
        text, score = self._answer("read_line", image, lambda: list(self.engine.read_line(image)))
        return text, score

    def read_chars(self, image: np.ndarray):
        """A second recogniser's characters with their scores and rivals (`second_reader`)."""
        from beian.extractors.second_reader import Char

        got = self._answer("read_chars", image, lambda: [[c.char, c.score, c.rival, c.rival_score]
                                                           for c in self.engine.read_chars(image)])
        return [Char(*c) for c in got]


def load_replay(path: Path) -> dict:
    """A packed replay's answers by key ({} when there is none or it is unreadable)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return {row[0]: row[1] for row in map(json.loads, f)}
    except (OSError, ValueError, IndexError):
        return {}


def pack(cache: Path, replay: Path) -> dict[str, int]:
    """Every answer in the cache folder ``cache`` packed into ``replay/<engine>.jsonl.gz``, one
    per engine and model, sorted by key and without a timestamp (the same answers pack to the
    same bytes). Returns the number of answers per file."""
    replay.mkdir(parents=True, exist_ok=True)
    counts = {}
    for engine_dir in sorted(p for p in cache.iterdir() if p.is_dir()):
        rows = sorted((f.stem, f.read_text(encoding="utf-8")) for f in engine_dir.glob("*/*.json"))
        out = replay / f"{engine_dir.name}.jsonl.gz"
        with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
            for key, value in rows:
                gz.write(json.dumps([key, json.loads(value)], ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        counts[out.name] = len(rows)
    return counts


if __name__ == "__main__":  # python -m beian.extractors.ocr_cache pack CACHE_DIR REPLAY_DIR
    if len(sys.argv) != 4 or sys.argv[1] != "pack":
        sys.exit("usage: python -m beian.extractors.ocr_cache pack CACHE_DIR REPLAY_DIR")
    for name, n in pack(Path(sys.argv[2]), Path(sys.argv[3])).items():
        print(f"{name}: {n} answers")
