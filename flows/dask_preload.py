"""Dask worker preload: load the OCR engine once, when the worker starts.

    dask worker tcp://scheduler:8786 --preload beian.flows.dask_preload

Each worker process then holds one engine (settings from the worker's own
``BEIAN_*`` environment) before its first task, instead of paying the model load
inside the first submission it checks.
"""

from __future__ import annotations

import logging

log = logging.getLogger("beian.dask")


def dask_setup(worker) -> None:  # called by `dask worker --preload`
    from beian.extractors.ocr import get_engine
    from beian.settings import get_settings

    s = get_settings()
    engine = get_engine(s.ocr_engine, s.ocr_threads)
    log.warning("beian: OCR engine %s loaded in Dask worker %s", engine.name, getattr(worker, "name", "?"))
