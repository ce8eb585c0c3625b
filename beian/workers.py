"""OCR worker processes: each loads the engine once, with its parent's settings and one thread.

`Workers` replaces its pool when a process dies (out of memory, a native crash on a hostile
scan) and raises `WorkerDied` when one submission kills two pools in a row; the nightly flow
(`beian.flows.nightly`) and the pre-screening service (`beian.api`) run their checks here.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


class WorkerDied(Exception):
    """A worker process died on the same submission in two pools in a row."""


class Workers:
    """OCR worker processes that replace themselves when one dies.

    A dead worker breaks the whole pool (every check in flight fails with
    `BrokenProcessPool`), so a failed check is tried once more in a fresh pool:
    the submissions that were only caught in the breakage pass then, and the one
    that kills its worker again is reported as `WorkerDied`.
    """

    def __init__(self, n: int = 0) -> None:
        self.n = n
        self._lock = threading.Lock()
        self._pool = worker_pool(n)
        self.generation = 0

    def run(self, fn, *args):
        for attempt in (1, 2):
            with self._lock:
                pool, generation = self._pool, self.generation
            try:
                return pool.submit(fn, *args).result()
            except BrokenProcessPool:
                with self._lock:
                    if self.generation == generation:  # the first to notice replaces the pool
                        pool.shutdown(wait=False, cancel_futures=True)
                        self._pool = worker_pool(self.n)
                        self.generation += 1
                if attempt == 2:
                    raise WorkerDied() from None
        raise AssertionError("unreachable")

    def shutdown(self) -> None:
        with self._lock:
            self._pool.shutdown()


def _init_worker(overrides: dict) -> None:
    import cv2

    from beian.extractors.ocr import engine_for
    from beian.settings import configure

    cv2.setNumThreads(1)  # one core per worker: no oversubscription between workers
    # the parent's settings (its environment, inherited, and what it was configured with), one OCR thread
    s = configure(**{**overrides, "ocr_threads": 1})
    engine_for(s)  # the engine is loaded once per worker process


def worker_pool(workers: int = 0) -> ProcessPoolExecutor:
    """Processes that each hold one OCR engine (one onnxruntime thread each)."""
    import multiprocessing as mp

    n = workers or os.cpu_count() or 1
    from beian.settings import overrides

    return ProcessPoolExecutor(n, mp_context=mp.get_context("spawn"), initializer=_init_worker,
                               initargs=(overrides(),))
