"""Hostile uploads, generated here (nothing large is committed), through ``extract``,
``check`` and ``run``, each process under a 4 GB address-space cap: a file read whole
or decoded whole fails the test instead of passing on a large machine.

Every case is specific: a clear exit 2 from ``beian extract``, a ``file_unreadable``
check naming the file from ``beian check`` with the good scan of the same submission
still read, and a report for every submission from ``beian run`` (exit 0).
"""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, prefect_home
from PIL import Image
from test_bad_input import bomb_png, pdf

CAP = 4 * 1024**3
GOOD = ROOT / "samples" / "submissions" / "clean-individual"


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def beian(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "beian.cli", *args], capture_output=True, text=True,
                          preexec_fn=_capped, env={**os.environ, **(env or {})}, timeout=600)


def _png(w: int, h: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (w, h), 255).save(buf, "PNG")
    return buf.getvalue()


def _tiff(frames: int) -> bytes:
    buf = io.BytesIO()
    first = Image.new("L", (32, 32), 255)
    first.save(buf, "TIFF", save_all=True, append_images=[Image.new("L", (32, 32), 200)] * (frames - 1))
    return buf.getvalue()


def _huge_page_pdf() -> bytes:
    """One blank page of 200 x 200 inches: rendering it whole would need 1.6 Gpx."""
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(14_400, 14_400)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def inflating_pdf(inflated: int = 2 * 1024**3, op: bytes = b"0 0 m 1 1 l ") -> bytes:
    """One page whose content stream, 2-4 MB as stored, inflates to ``inflated`` bytes of ``op``
    (path segments by default, which PDFium keeps until the path is painted; ``q Q`` costs it
    time, not memory). The deflate stream is one full-flush block repeated: made in no time."""
    import zlib

    unit = (op * (1 << 20))[: 1 << 20]
    c = zlib.compressobj(9)
    head = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)  # the same bytes for every further MiB
    n, adler = inflated // len(unit), 1
    for _ in range(n):
        adler = zlib.adler32(unit, adler)
    stream = head + block * (n - 1) + b"\x03\x00" + adler.to_bytes(4, "big")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as f:
        f.truncate(size)  # a hole: no disk used, and nothing to read unless someone reads it all


FILES = [
    # (name, how to make it, words expected in the reason)
    ("huge.jpg", lambda p: _sparse(p, 8 * 1024**3), "too large"),
    ("tall.png", lambda p: p.write_bytes(_png(16, 100_000)), "not the shape of a document page"),
    ("bomb.png", lambda p: p.write_bytes(bomb_png(60_000, 60_000)), "too large to decode safely"),
    ("frames.tif", lambda p: p.write_bytes(_tiff(120)), "too many pages"),
    ("pages.pdf", lambda p: p.write_bytes(pdf(pages=400)), "too many pages"),
    ("hugepage.pdf", lambda p: p.write_bytes(_huge_page_pdf()), "too large to decode safely"),
    ("locked.pdf", lambda p: p.write_bytes(pdf(password="x")), "encrypted"),
    ("garbage.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n" + os.urandom(20_000)), "PDF"),
    ("empty.jpg", lambda p: p.write_bytes(b""), "empty"),
    ("zip.png", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 100), "ZIP"),
    ("inflate.pdf", lambda p: p.write_bytes(inflating_pdf()), "decompression bomb"),
]


@pytest.mark.parametrize("name, make, words", FILES, ids=[f[0] for f in FILES])
def test_extract_refuses_with_one_line(tmp_path, name, make, words):
    path = tmp_path / name
    make(path)
    proc = beian("extract", str(path), "--json")
    assert proc.returncode == 2, f"{name}: exit {proc.returncode}: {proc.stderr[-500:]}"
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert words in proc.stderr, f"{name}: {proc.stderr!r} does not say {words!r}"


@pytest.fixture(scope="module")
def hostile_submission(tmp_path_factory) -> Path:
    """The clean individual's submission with every hostile file added, one in a sub-folder."""
    d = tmp_path_factory.mktemp("hostile") / "clean-individual"
    shutil.copytree(GOOD, d)
    (d / "expected.json").unlink()
    for name, make, _ in FILES:
        make(d / name)
    (d / "more").mkdir()
    (d / "more" / "tall-again.png").write_bytes(_png(100_000, 16))
    return d


def test_check_names_each_bad_file_and_reads_the_rest(hostile_submission):
    proc = beian("check", str(hostile_submission), "--json", "--as-of", "2026-11-28")
    assert proc.returncode == 1, f"exit {proc.returncode}: {proc.stderr[-800:]}"
    report = json.loads(proc.stdout)
    bad = {c["document"] for c in report["checks"] if c["rule"] == "file_unreadable"}
    want = {name for name, _, _ in FILES} | {"more/tall-again.png"}
    assert bad == want, f"file_unreadable for {sorted(bad)}, expected {sorted(want)}"
    read = {d["file"] for d in report["documents"]}
    assert {"id-0-front.jpg", "id-0-back.jpg", "domain-cert.jpg"} <= read, f"good scans not read: {read}"
    problems = [c for c in report["checks"] if c["status"] not in ("match", "warning") and c["rule"] != "file_unreadable"]
    assert problems == [], f"the good scans should pass: {problems}"
    assert all("Traceback" not in c["message"] for c in report["checks"])


@pytest.mark.parametrize("case, env, make, words", [
    # within the stream budget, but more than a 300 MB renderer can draw: PDFium aborts (bad_alloc)
    ("a native crash", {"BEIAN_PDF_MEMORY_MB": "300"}, lambda: inflating_pdf(60 * 2**20), "ran out of memory"),
    # 512 MB of q Q let in (about 35 s to draw here), 8 s for each file
    ("the time budget", {"BEIAN_FILE_SECONDS": "8", "BEIAN_PDF_PAGE_STREAM_BYTES": str(2**30),
                         "BEIAN_PDF_FILE_STREAM_BYTES": str(2**30)}, lambda: inflating_pdf(2**29, b"q Q "),
     "took over 8 s"),
])
def test_a_pdf_that_crashes_or_outlasts_its_renderer_costs_that_file(tmp_path, case, env, make, words):
    """The renderer's process dies or is killed; the file is unreadable with one line, the
    other scans of the submission are read, and the next file gets a new renderer."""
    path = tmp_path / "bad.pdf"
    path.write_bytes(make())
    proc = beian("extract", str(path), "--json", env=env)
    assert proc.returncode == 2 and words in proc.stderr, f"{case}: exit {proc.returncode}: {proc.stderr[-500:]}"
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
    sub = tmp_path / "sub"
    shutil.copytree(GOOD, sub)
    (sub / "expected.json").unlink()
    shutil.copy(path, sub / "a-bad.pdf")  # read first: the good scans after it need a fresh renderer
    (sub / "z-digital.pdf").write_bytes((ROOT / "samples" / "scans" / "digital-domain-0.pdf").read_bytes())
    proc = beian("check", str(sub), "--json", "--as-of", "2026-11-28", env=env)
    report = json.loads(proc.stdout)
    bad = {c["document"]: c["message"] for c in report["checks"] if c["rule"] == "file_unreadable"}
    assert list(bad) == ["a-bad.pdf"] and words in bad["a-bad.pdf"], f"{case}: {bad}"
    read = {d["file"] for d in report["documents"]}
    assert {"id-0-front.jpg", "domain-cert.jpg", "z-digital.pdf"} <= read, f"{case}: not read: {read}"


HOSTILE_FILINGS = {
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "long-id": json.dumps({"submission_id": "x" * 30_000_000}).encode(),
    "not-utf8": "{\"submission_id\": \"备案\"}".encode("gb18030"),
    "wrong-types": json.dumps({"submission_id": 5, "subject": [], "websites": "x"}).encode(),
}


@pytest.mark.parametrize("case", HOSTILE_FILINGS)
def test_check_refuses_hostile_filing(tmp_path, case):
    d = tmp_path / "sub"
    d.mkdir()
    (d / "filing.json").write_bytes(HOSTILE_FILINGS[case])
    shutil.copy(GOOD / "id-0-front.jpg", d)
    proc = beian("check", str(d), "--json")
    assert proc.returncode == 2, f"{case}: exit {proc.returncode}: {proc.stderr[-500:]}"
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "x" * 100 not in proc.stderr, "the input was echoed"


def test_run_reports_every_submission_under_the_cap(tmp_path, hostile_submission):
    src = tmp_path / "night"
    shutil.copytree(hostile_submission, src / "incoming" / "hostile")
    shutil.copytree(GOOD, src / "incoming" / "good")
    (src / "incoming" / "good" / "expected.json").unlink()
    for case, data in HOSTILE_FILINGS.items():
        d = src / "incoming" / f"filing-{case}"
        d.mkdir()
        (d / "filing.json").write_bytes(data)
    proc = beian("run", str(src), "--as-of", "2026-11-28", "--workers", "1",
                 env={"PREFECT_HOME": str(prefect_home(tmp_path / "prefect"))})
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-1500:]}"
    ids = sorted(p.name for p in (src / "incoming").iterdir())
    for sid in ids:
        report = json.loads((src / "reports" / sid / "report.json").read_text(encoding="utf-8"))
        assert report["verdict"] == ("pass" if sid == "good" else "review"), f"{sid}: {report['verdict']}"
    assert (src / "incoming" / "hostile" / "huge.jpg").stat().st_size == 8 * 1024**3, "an upload was changed"


def test_a_worker_that_dies_is_replaced(tmp_path):
    """A worker killed in the middle of a check: the pool is replaced, the submission that
    killed it twice is reported as such, and the next submission is checked normally."""
    from faults import die_or_echo

    from beian.workers import WorkerDied, Workers

    pool = Workers(1)
    try:
        with pytest.raises(WorkerDied):
            pool.run(die_or_echo, "die")
        assert pool.generation == 2, "the pool was not replaced after each death"
        assert pool.run(die_or_echo, "ok") == "ok", "the replaced pool does not work"
    finally:
        pool.shutdown()


@pytest.mark.parametrize("case, env, make, words", [
    ("an unknown OCR engine", {"BEIAN_OCR_ENGINE": "tesseract"}, None, "unknown OCR engine"),
    ("a store whose reports cannot be written", {}, lambda src: (src / "reports").write_text("not a folder"),
     "cannot write reports"),
])
def test_operator_errors_fail_the_run_before_any_report(tmp_path, case, env, make, words):
    src = tmp_path / "night"
    shutil.copytree(GOOD, src / "incoming" / "good")
    if make:
        make(src)
    proc = beian("run", str(src), "--workers", "1", env={"PREFECT_HOME": str(prefect_home(tmp_path / "prefect")), **env})
    assert proc.returncode != 0, f"{case}: the run exited 0"
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("beian: error:") and words in last, f"{case}: {proc.stderr[-600:]}"
    assert not (src / "reports" / "good").exists(), f"{case}: a report was written"


def test_as_of_defaults_to_today_in_the_review_office_time_zone():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from beian.settings import Settings, today

    for tz in ("Asia/Shanghai", "UTC", "Pacific/Kiritimati"):
        assert today(Settings(timezone=tz)) == dt.datetime.now(ZoneInfo(tz)).date(), tz


def test_a_submission_that_kills_its_worker_twice_goes_to_review():
    """What `process` does with `WorkerDied` (produced for real in the test above):
    the submission gets a review report saying it could not be processed."""
    import datetime as dt

    from beian import intake
    from beian.check import Submission
    from beian.workers import WorkerDied, Workers

    class Dying(Workers):
        def __init__(self):  # no processes: this double only says the worker died twice
            pass

        def run(self, fn, *args):
            raise WorkerDied()

    data = intake._run(Dying(), Submission("S-1", b"{}", []), dt.date(2026, 11, 28)).report
    assert data["verdict"] == "review" and data["checks"][0]["rule"] == "file_unreadable", data
    assert "进程意外终止" in data["checks"][0]["message"], data["checks"][0]["message"]
