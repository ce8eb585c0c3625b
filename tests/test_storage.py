"""Pending, claims and atomic writes on the local folder store (the embedded default)."""

from __future__ import annotations

import datetime as dt
import json
import os
import time

import pytest

from beian import intake
from beian.storage import FolderStorage, StorageError


@pytest.fixture
def store(tmp_path):
    for sid in ("a", "b"):
        d = tmp_path / "incoming" / sid
        d.mkdir(parents=True)
        (d / "filing.json").write_text("{}")
        (d / "scan.jpg").write_bytes(b"x")
    return FolderStorage(tmp_path)


AS_OF = dt.date(2026, 11, 28)


def _scan(tmp_path):
    return tmp_path / "incoming" / "a" / "scan.jpg"


@pytest.mark.parametrize("case, change", [
    ("a file added", lambda t: (t / "incoming" / "a" / "more.jpg").write_bytes(b"y")),
    ("a file removed", lambda t: _scan(t).unlink()),
    ("a file rewritten, its time preserved (cp -p, rsync -a)",
     lambda t: (lambda st: (_scan(t).write_bytes(b"z"), os.utime(_scan(t), ns=(st.st_atime_ns, st.st_mtime_ns))))(
         _scan(t).stat())),
    ("a file replaced by an older copy", lambda t: (_scan(t).write_bytes(b"old"), os.utime(_scan(t), (1e9, 1e9)))),
])
def test_pending_by_what_was_checked(store, tmp_path, case, change):
    assert intake.pending(store) == ["a", "b"], "no report: pending"
    intake.process(store, "a", AS_OF, "run")
    assert intake.pending(store) == ["b"], "checked, nothing changed since: done"
    report = json.loads(store.read(intake.report_key("a")))
    assert {u["file"] for u in report["uploads"]} == {"filing.json", "scan.jpg"}, report["uploads"]
    change(tmp_path)
    assert sorted(intake.pending(store)) == ["a", "b"], f"{case}: not pending again"
    intake.process(store, "a", AS_OF, "run2")
    assert intake.pending(store) == ["b"], f"{case}: checked again, still pending"


@pytest.mark.parametrize("case, first, second, ttl, want", [
    ("a live claim of another run holds", "run1", "run2", 120, False),
    ("a stale claim of a dead run is taken over", "run1", "run2", 0, True),
    ("a run's own claim (release failed) is still its own", "run1", "run1", 120, True),
])
def test_claims(store, case, first, second, ttl, want):
    assert intake.claim(store, "a", first, ttl), f"{case}: first claim refused"
    if ttl == 0:
        time.sleep(0.01)
    assert intake.claim(store, "a", second, ttl) is want, case


def test_release_frees_the_claim(store):
    assert intake.claim(store, "a", "r1", 120)
    intake.release(store, "a", "r1")
    assert intake.claim(store, "a", "r2", 120)


def test_release_leaves_another_runs_claim(store):
    """r1 died; r2 took its stale claim over; r1's late release must not free r2's claim."""
    assert intake.claim(store, "a", "r1", 0)
    time.sleep(0.01)
    assert intake.claim(store, "a", "r2", 0), "stale claim not taken over"
    intake.release(store, "a", "r1")
    assert not intake.claim(store, "a", "r3", 120), "r1 released r2's claim"


@pytest.mark.parametrize("case, body, ttl, want", [
    ("an empty claim being written holds", b"", 120, False),
    ("an empty claim left behind expires", b"", 0, True),
    ("a corrupt claim left behind expires", b"{not json", 0, True),
    ("a claim without its run expires", b'{"at": "2020-01-01T00:00:00+00:00"}', 0, True),
])
def test_broken_claims_expire(store, case, body, ttl, want):
    store.write("reports/a/.claim", body)
    time.sleep(0.01)
    assert intake.claim(store, "a", "r2", ttl) is want, case


def test_one_of_many_runs_takes_over_a_stale_claim(store):
    from concurrent.futures import ThreadPoolExecutor

    store.write("reports/a/.claim", json.dumps({"run": "dead", "at": "2020-01-01T00:00:00+00:00"}).encode())
    with ThreadPoolExecutor(8) as pool:
        won = list(pool.map(lambda i: intake.claim(store, "a", f"run{i}", 60), range(8)))
    assert sum(won) == 1, f"{sum(won)} runs took over one stale claim"


def test_write_replaces_atomically(store, tmp_path):
    store.write("reports/a/report.json", json.dumps({"n": 1}).encode())
    store.write("reports/a/report.json", json.dumps({"n": 2}).encode())
    assert json.loads(store.read("reports/a/report.json")) == {"n": 2}
    assert [p.name for p in (tmp_path / "reports" / "a").iterdir()] == ["report.json"], "temporary files left"


def test_missing_folder_is_a_storage_error(tmp_path):
    with pytest.raises(StorageError, match="no such folder"):
        FolderStorage(tmp_path / "nope").check()


def test_process_writes_review_report_for_broken_filing(store):
    out = intake.process(store, "a", dt.date(2026, 11, 28), "run")
    report = json.loads(store.read(intake.report_key("a")))
    assert out.verdict == "review" and report["verdict"] == "review"
    assert "filing.json" in report["checks"][0]["message"]
    assert (store.root / "incoming" / "a" / "scan.jpg").read_bytes() == b"x", "upload changed"
    assert not (store.root / "reports" / "a" / ".claim").exists(), "claim not released"


def test_a_submission_checked_by_another_run_after_listing_is_skipped(store):
    """Run B listed the submission, run A checked it and released its claim: B must not redo it."""
    listed = intake.pending(store)
    assert "a" in listed
    first = intake.process(store, "a", dt.date(2026, 11, 28), "run-A")
    report = store.read(intake.report_key("a"))
    second = intake.process(store, "a", dt.date(2026, 11, 28), "run-B")
    assert first.verdict == "review" and second.verdict == "skipped", (first, second)
    assert store.read(intake.report_key("a")) == report, "the report was rewritten"
