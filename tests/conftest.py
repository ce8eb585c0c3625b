"""Shared fixtures: the committed samples and their ground truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT / "samples" / "scans"


def sample_files() -> list[Path]:
    return sorted(p for p in SCANS.iterdir() if not p.name.endswith(".json"))


def truth(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def extractions():
    """Every committed sample read once with the real engine (the slow part of the suite)."""
    from beian.extractors.read import read_file

    return {p.name: read_file(p) for p in sample_files()}
