"""The dated, sourced data tables in ``validators/data/``, each read once per process."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """``validators/data/<name>.json``."""
    return json.loads((Path(__file__).parent / "data" / f"{name}.json").read_text(encoding="utf-8"))
