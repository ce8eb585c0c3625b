"""Real published documents nobody here drew (``../shared/real-dev``): a regression gate.

The floors are the level reached when the gate was last raised (2026-12-03, 34 images:
35/35 types, 206/216 required fields, 184/185 confident values right; before the
value-first candidates the same images read 199/216, 179/183), less one field for the
engine's run-to-run noise; they only ever go up. The images stay outside the repo
(their licences vary); CI has ``../shared`` beside the clone. ``BEIAN_REAL_DEV``
points elsewhere.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from beian.accuracy import real_set, score

REAL = Path(os.environ.get("BEIAN_REAL_DEV", Path(__file__).resolve().parents[2] / "shared" / "real-dev"))
pytestmark = pytest.mark.skipif(not (REAL / "truth.json").is_file(), reason=f"no real set at {REAL}")

FLOOR = {"all": 205, "id_card_front": 51, "id_card_back": 6, "business_license": 113, "domain_certificate": 33}
CALIBRATION = 0.99  # of the values read with confidence >= 0.9, at least this share is right


@pytest.fixture(scope="module")
def real_reads():
    """The real set read once for this module (the default engine, through the run's cache)."""
    from beian.extractors.read import read_file

    return {name: read_file(REAL / name) for name in sorted({e.file for e in real_set(REAL)})}


@pytest.fixture(scope="module")
def real_score(real_reads):
    return score(real_set(REAL), real_reads)


def test_every_document_type_is_right(real_score):
    ok, n = real_score.types
    assert ok == n, f"document types {ok}/{n}:\n" + "\n".join(real_score.misses)


@pytest.mark.parametrize("doc_type", ["all", "id_card_front", "id_card_back", "business_license", "domain_certificate"])
def test_required_fields_do_not_regress(real_score, doc_type):
    ok, n = real_score.total(None if doc_type == "all" else doc_type)
    misses = [m for m in real_score.misses if doc_type == "all" or f" {doc_type}." in m]
    assert ok >= FLOOR[doc_type], f"{doc_type}: {ok}/{n} exact, floor {FLOOR[doc_type]}:\n" + "\n".join(misses)


def test_confident_values_are_right(real_score):
    ok, n = real_score.confident
    assert n and ok / n >= CALIBRATION, f"{ok}/{n} confident values right:\n" + "\n".join(real_score.confident_misses)


def test_real_certificates_keep_their_domains_and_record_the_second_look(real_reads):
    """The registrar certificates' domains read right, each with its second look recorded
    (both recognisers' readings); a doubt the second look lifted is gone from the field."""
    truth = json.loads((REAL / "truth.json").read_text(encoding="utf-8"))
    certs = [d for d in truth["documents"] if d["path"].startswith("dc_")]
    assert len(certs) >= 7
    for doc in certs:
        want = doc["documents"][0]["fields"]["domain"]
        read = real_reads[doc["path"]].documents[0]
        got = read.fields["domain"]
        assert got.value == want, f"{doc['path']}: {got.value!r}"
        looks = [r for r in read.rereads if r.step == "lookalike"]
        assert looks and looks[0].readings, f"{doc['path']}: the second look is recorded with its readings"
        if looks[0].kept:
            assert "lookalike" not in got.doubts, f"{doc['path']}: a lifted doubt is gone"
