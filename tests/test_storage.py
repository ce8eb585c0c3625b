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


def test_pending_until_report_is_newer_than_every_upload(store, tmp_path):
    assert intake.pending(store) == ["a", "b"], "no report: pending"
    store.write(intake.report_key("a"), b"{}")
    assert intake.pending(store) == ["b"], "a report newer than the uploads: done"
    later = time.time() + 5
    os.utime(tmp_path / "incoming" / "a" / "scan.jpg", (later, later))
    assert intake.pending(store) == ["a", "b"], "an upload newer than the report: pending again"


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
    intake.release(store, "a")
    assert intake.claim(store, "a", "r2", 120)


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
