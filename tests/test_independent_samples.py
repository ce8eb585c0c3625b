"""The second renderer's committed set (samples/independent/scans), read with the real engine.

That renderer draws the layouts of real documents (letter-spaced labels, bilingual
tables, certificate sentences, older and electronic licences, 个体工商户, branches)
without importing the extractors, so this set measures reading on layouts the
extractors were not written for. Floors from the issue that asked for it.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from beian.accuracy import sample_set, score

SCANS = ROOT / "samples" / "independent" / "scans"
DEGRADED = {"photo", "skew", "rot90", "rot270", "blur", "jpeg", "photocopy", "lowres", "watermark"}
FLOORS = {"clean": 0.98, "degraded": 0.93}


@pytest.fixture(scope="module")
def independent_score():
    from beian.extractors.read import read_file

    files = sorted(p for p in SCANS.iterdir() if not p.name.endswith(".json"))
    return score(sample_set(files, DEGRADED), {f.name: read_file(f) for f in files})


def test_every_document_type_is_right(independent_score):
    ok, n = independent_score.types
    assert ok == n, f"document types {ok}/{n}"


@pytest.mark.parametrize("kind", ["clean", "degraded"])
def test_required_fields(independent_score, kind):
    ok, n = independent_score.total(kind=kind)
    misses = [m for m in independent_score.misses if f"-{kind}." in m or (kind == "degraded" and "-clean." not in m)]
    assert ok / n >= FLOORS[kind], f"{kind}: {ok}/{n} exact, floor {FLOORS[kind]:.0%}:\n" + "\n".join(misses)


def test_confident_values_are_right(independent_score):
    ok, n = independent_score.confident
    assert ok / n >= 0.99, f"{ok}/{n} confident values right:\n" + "\n".join(independent_score.confident_misses)
