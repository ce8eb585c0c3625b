"""One conformance suite for every OCR engine: same samples, same expectations.

Engines come from ``BEIAN_CONFORMANCE_ENGINES`` (comma-separated; default: every
engine in `ENGINES` that is installed here). An engine named there that cannot be
built fails the suite instead of skipping it: CI runs ``make test-paddle`` with
``BEIAN_CONFORMANCE_ENGINES=paddleocr`` in the environment of the ``[paddle]`` extra.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, sample_files

from beian.accuracy import real_set, sample_set, score
from beian.errors import ConfigError
from beian.extractors.ocr import ENGINES, get_engine

REAL = ROOT.parent / "shared" / "real-dev"
DEGRADED = {"scan_pdf", "photo", "skew", "rot90", "rot180", "blur", "jpeg", "photocopy"}
REQUIRED = [e for e in os.environ.get("BEIAN_CONFORMANCE_ENGINES", "").split(",") if e]


def _engines() -> list[str]:
    return REQUIRED or list(ENGINES)


@pytest.fixture(scope="module", params=_engines())
def engine(request):
    """The engine of that name through the run's cache and replay (conftest): what the other
    tests read is not read again; ``test_the_engine_builds_and_reads_with_the_network_cut_off``
    builds it bare in a process of its own."""
    from beian.settings import get_settings

    s = get_settings()
    try:
        return get_engine(request.param, s.ocr_threads, s.ocr_cache_dir or None, s.ocr_replay_dir or None)
    except ConfigError as exc:
        if request.param in REQUIRED:
            pytest.fail(f"engine {request.param} is required here and cannot be built: {exc}")
        pytest.skip(f"engine {request.param} not installed: {exc}")


@pytest.fixture(scope="module")
def samples_read(engine):
    from beian.extractors.read import read_file

    return {p.name: read_file(p, engine=engine) for p in sample_files()}


def test_every_sample_type_and_capture_is_read(engine, samples_read):
    """Every committed sample (four types under nine captures, turned pages included):
    the document types all right, the required fields at least 98% each type."""
    s = score(sample_set(sample_files(), DEGRADED), samples_read)
    assert s.types[0] == s.types[1], f"{engine.name}: document types {s.types}"
    for t in s.doc_types():
        ok, n = s.total(t)
        assert ok >= 0.98 * n, f"{engine.name} {t}: {ok}/{n}\n" + "\n".join(m for m in s.misses if t in m)


@pytest.mark.parametrize("capture", ["rot90", "rot180"])
def test_turned_pages_read_as_upright_ones(engine, samples_read, capture):
    """A page scanned a quarter or half turn: every required field as on the upright scan."""
    files = [p for p in sample_files() if f"-{capture}." in p.name]
    assert len(files) == 4, files
    s = score(sample_set(files, DEGRADED), samples_read)
    ok, n = s.total()
    assert ok == n, f"{engine.name} {capture}: {ok}/{n}\n" + "\n".join(s.misses)


def test_lines_are_well_formed(engine):
    """The protocol: lines with text, a score in [0, 1], a box inside the page and its quad;
    a blank page gives no lines; a greyscale page is accepted."""
    import cv2

    img = cv2.imread(str(ROOT / "samples" / "scans" / "004-domain_certificate-clean.jpg"))
    r = engine.recognize(img)
    h, w = img.shape[:2]
    assert (r.width, r.height, r.engine) == (w, h, engine.name)
    assert len(r.lines) >= 8, f"{engine.name}: {len(r.lines)} lines"
    for ln in r.lines:
        assert ln.text.strip() and 0.0 <= ln.score <= 1.0, ln
        x0, y0, x1, y1 = ln.box
        assert 0 <= x0 < x1 <= w + 1 and 0 <= y0 < y1 <= h + 1, f"{engine.name}: box {ln.box} outside {w}x{h}"
        assert ln.quad and len(ln.quad) == 4 and ln.direction in (0, 90, 180, 270), ln
    assert engine.recognize(np.full((600, 800, 3), 255, np.uint8)).lines == []
    grey = engine.recognize(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY))
    assert len(grey.lines) >= 0.8 * len(r.lines), f"{engine.name}: greyscale {len(grey.lines)} of {len(r.lines)}"


def test_read_line_reads_one_crop(engine):
    """Recognition alone on an upright line crop (the extractors' second look at a field)."""
    import cv2

    img = cv2.imread(str(ROOT / "samples" / "scans" / "001-id_card_front-clean.png"))
    r = engine.recognize(img)
    number = next(ln for ln in r.lines if sum(c.isdigit() for c in ln.text) >= 17)
    x0, y0, x1, y1 = number.box
    text, score_ = engine.read_line(img[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4])
    assert "".join(c for c in text if c.isdigit() or c == "X") == "".join(
        c for c in number.text if c.isdigit() or c == "X"), f"{engine.name}: {text!r} vs {number.text!r}"
    assert score_ > 0.8


@pytest.mark.skipif(not (REAL / "truth.json").is_file(), reason="../shared/real-dev not beside the repo")
def test_real_documents_within_three_points_of_the_floor(engine):
    """The real published images: every engine at least the default engine's gate less
    three points (the gate of `test_real_documents`: 128 of 135 required fields)."""
    from beian.extractors.read import read_file

    expected = real_set(REAL)
    results = {f: read_file(REAL / f, engine=engine) for f in sorted({e.file for e in expected})}
    s = score(expected, results)
    ok, n = s.total()
    assert ok >= 128 - 0.03 * n, f"{engine.name}: {ok}/{n}\n" + "\n".join(s.misses)
    c_ok, c_n = s.confident
    assert c_ok >= 0.97 * c_n, f"{engine.name}: confident and wrong\n" + "\n".join(s.confident_misses)


def test_the_engine_builds_and_reads_with_the_network_cut_off(engine, tmp_path):
    """Nothing is downloaded: in a fresh process whose every socket connection fails (and
    with an empty model cache), the engine builds and reads a sample."""
    code = f"""
import socket
def refuse(*a, **k):
    raise OSError("network is cut off in this test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
from beian.extractors.read import read_file
from beian.extractors.ocr import get_engine
ex = read_file({str(ROOT / "samples" / "scans" / "004-domain_certificate-clean.jpg")!r},
               engine=get_engine({engine.name!r}, 1))
print(ex.documents[0].fields["domain"].value)
"""
    env = {**os.environ, "BEIAN_PADDLE_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, f"{engine.name}: {r.stderr[-2000:]}"
    truth = Path(ROOT / "samples" / "scans" / "004-domain_certificate-clean.jpg.truth.json").read_text()
    assert r.stdout.strip().splitlines()[-1] in truth, r.stdout
