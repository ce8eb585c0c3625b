"""Dask worker preload: load the OCR engine once, when the worker starts.

    dask worker tcp://scheduler:8786 --preload beian.flows.dask_preload

Each worker process then holds one engine (settings from the worker's own
``BEIAN_*`` environment) before its first task, instead of paying the model load
inside the first submission it checks. With ``--nworkers`` = cores and
``--nthreads 1``, set ``BEIAN_OCR_THREADS=1`` so that each process uses one core
(OpenCV too), as `beian run`'s own worker processes do.
"""

from __future__ import annotations

import ctypes
import logging
import os

log = logging.getLogger("beian.dask")

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc mallopt parameters


def undo_trim_threshold() -> bool:
    """Give back glibc's usual allocator thresholds in this process.

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which also fixes
    the mmap threshold at 128 kB: every page image and tensor is then mapped and unmapped
    afresh, and a check took 1.3x as long as in a plain process (measured: 8 submissions,
    34 s against 25 s). Heap memory is kept up to 128 MB instead, large blocks up to
    32 MB come from the heap (glibc's own upper limit for its dynamic threshold).
    """
    if not os.environ.get("MALLOC_TRIM_THRESHOLD_"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: nothing to undo
        return False
    return bool(libc.mallopt(_M_TRIM_THRESHOLD, 128 * 2**20) and libc.mallopt(_M_MMAP_THRESHOLD, 32 * 2**20))


def dask_setup(worker) -> None:  # called by `dask worker --preload`
    from beian.extractors.ocr import engine_for
    from beian.settings import get_settings

    undo_trim_threshold()
    s = get_settings()
    if s.ocr_threads:
        import cv2

        cv2.setNumThreads(s.ocr_threads)
    engine = engine_for(s)
    log.warning("beian: OCR engine %s loaded in Dask worker %s", engine.name, getattr(worker, "name", "?"))
