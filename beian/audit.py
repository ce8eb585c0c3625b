"""The service's audit trail: who asked for what, and what they were answered.

Every request to ``/v1/checks`` is one JSON line: time, key name, method, path, the
submission id and kept version, status code, verdict, problems counted by rule, seconds.
No personal data: ids and counts only (a submission id is the office's own reference).
Lines are appended in segments, ``service/audit/<YYYY-MM-DD>/<time>-<instance>.jsonl`` in
the service's store, by a writer thread that flushes at most once a second, so a slow
store never slows an answer; a segment is written whole (the store's atomic write).
`read` gives a day's lines in time order; ``beian audit STORE`` prints them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import threading

from beian.storage import Storage, StorageError

log = logging.getLogger("beian.audit")
AUDIT = "service/audit"


class Audit:
    def __init__(self, store: Storage | None, instance: str, flush_seconds: float = 1.0) -> None:
        self.store, self.instance, self.flush_seconds = store, instance, flush_seconds
        self.lines: queue.Queue = queue.Queue()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._writer, name="audit", daemon=True)
        if store is not None:
            self.thread.start()

    def record(self, **entry) -> None:
        entry = {"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"), **entry}
        if self.store is None:
            log.info("%s", json.dumps(entry, ensure_ascii=False))
        else:
            self.lines.put(entry)

    def _writer(self) -> None:
        while not self.stopped.is_set():
            self.stopped.wait(self.flush_seconds)
            self.flush()

    def flush(self) -> None:
        batch = []
        while True:
            try:
                batch.append(self.lines.get_nowait())
            except queue.Empty:
                break
        if not batch or self.store is None:
            return
        first = dt.datetime.fromisoformat(batch[0]["time"])
        key = f"{AUDIT}/{first:%Y-%m-%d}/{first:%H%M%S%f}-{self.instance}.jsonl"
        body = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in batch).encode("utf-8")
        try:
            self.store.write(key, body)
        except StorageError as exc:  # kept for the next flush, never dropped while we run
            log.error("audit: %s; %d line(s) kept for the next try", exc, len(batch))
            for e in batch:
                self.lines.put(e)

    def close(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)
        self.flush()


def read(store: Storage, day: dt.date) -> list[dict]:
    """Every audit line of one day (UTC), in time order."""
    out = []
    for e in store.list(f"{AUDIT}/{day:%Y-%m-%d}"):
        if e.key.endswith(".jsonl"):
            out += [json.loads(line) for line in store.read(e.key).decode("utf-8").splitlines() if line.strip()]
    return sorted(out, key=lambda x: x["time"])
