"""The service's check jobs, kept in its store so that they outlive the process.

A check that is still running when its request's wait runs out is answered ``202``
with a job id; from then on the job is a record ``service/jobs/<id>.json``::

    {"key": "portal-a", "state": "running" | "done" | "failed", "created": ...,
     "submission": {"kind": "kept", "store": URL, "id": ..., "version": 2}    # where to read it again
                 | {"kind": "source", "source": "s3://..."}
                 | {"kind": "stash", "store": URL, "id": ...},               # uploads not kept
     "as_of": "2026-11-28", "profile": null, "report": {...}, "seconds": 3.1, "reason": ...}

A service that starts finds the records still ``running`` (its predecessor stopped
before their reports were written), adopts each by a replace conditional on its version
(of two services starting at once, one adopts it) and checks it again from where the
record says its submission is. Uploads that are not kept are stashed under
``service/jobs/<id>/incoming/<submission id>/`` for as long as their job runs.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from beian.check import FILING, Submission
from beian.storage import Storage, StorageError

log = logging.getLogger("beian.jobs")
JOBS = "service/jobs"


def _key(jid: str) -> str:
    return f"{JOBS}/{jid}.json"


class JobStore:
    def __init__(self, store: Storage, instance: str) -> None:
        self.store, self.instance = store, instance

    def open(self, jid: str, key: str, sub: Submission, where: dict | None, as_of: dt.date,
             profile: str | None) -> None:
        """Record an accepted job; ``where`` says where its submission can be read again
        (None: stash the uploads with the job)."""
        if where is None:
            base = f"{JOBS}/{jid}/incoming/{sub.submission_id}/"
            for name, data in sub.scans:
                self.store.write(base + name, data)
            self.store.write(base + FILING, sub.filing or b"")
            where = {"kind": "stash", "store": f"{self.store.url}/{JOBS}/{jid}", "id": sub.submission_id}
        self._write(jid, {"key": key, "state": "running", "created": _now(), "service": self.instance,
                          "submission": where, "as_of": as_of.isoformat(), "profile": profile})

    def finish(self, jid: str, report: dict | None, seconds: float | None, reason: str | None = None) -> None:
        record = self.get(jid) or {}
        record.update(state="done" if report is not None else "failed", finished=_now(), report=report,
                      seconds=seconds, reason=reason)
        self._write(jid, record)
        if record.get("submission", {}).get("kind") == "stash":
            for e in self.store.list(f"{JOBS}/{jid}"):
                self.store.delete(e.key)  # a copy made for the job, not an upload

    def get(self, jid: str) -> dict | None:
        try:
            v = self.store.read_versioned(_key(jid))
            return json.loads(v.data) if v is not None else None
        except (StorageError, ValueError) as exc:
            log.error("job %s: %s", jid, exc)
            return None

    def adopt_unfinished(self) -> list[tuple[str, dict]]:
        """The jobs left running by a stopped service, now this one's."""
        out = []
        for e in self.store.list(JOBS):
            name = e.key.rsplit("/", 1)[-1]
            if e.key.count("/") != 2 or not name.endswith(".json"):
                continue
            jid = name.removesuffix(".json")
            v = self.store.read_versioned(e.key)
            try:
                record = json.loads(v.data) if v else None
            except ValueError:
                continue
            if not record or record.get("state") != "running" or record.get("service") == self.instance:
                continue
            record.update(service=self.instance, resumed=record.get("resumed", 0) + 1)
            if self.store.replace_if(e.key, json.dumps(record).encode(), v.etag):
                out.append((jid, record))
        return out

    def _write(self, jid: str, record: dict) -> None:
        self.store.write(_key(jid), json.dumps(record, ensure_ascii=False).encode("utf-8"))


def load_again(where: dict) -> Submission:
    """A job's submission, read again from where its record says it is."""
    from beian import intake
    from beian.sources import load_source
    from beian.storage import open_storage

    if where["kind"] == "source":
        return load_source(where["source"])
    store = open_storage(where["store"])
    entries = store.list(f"{intake.INCOMING}/{where['id']}")
    if where["kind"] == "kept":
        prefix = f"{intake.INCOMING}/{where['id']}/v{where['version']}/"
        entries = [e for e in entries if e.key.startswith(prefix)]
    return intake.load(store, where["id"], entries)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()
