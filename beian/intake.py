"""The batch side of checking: pending submissions, claims, reports in storage.

Plain functions that the Prefect flow (`beian.flows.nightly`) wraps in tasks. A
submission is pending while it has no report or an upload newer than its report.
`process` claims it (so that two runs never both do it), checks it with the one
pipeline `beian.check.check`, writes ``reports/<id>/report.json`` atomically
and releases the claim. A broken submission gets a ``review`` report with the
reason; only storage failures escape as `StorageError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections import Counter
from concurrent.futures import Executor
from dataclasses import dataclass

from beian import kept
from beian.check import FILING, Submission, admit, check, is_scan_name, unusable_report
from beian.errors import ConfigError, InputError
from beian.filing import MAX_BYTES as MAX_FILING_BYTES
from beian.models import PROBLEMS, Report, Upload
from beian.privacy import mask_text
from beian.settings import get_settings
from beian.storage import Entry, Storage, StorageError, Versioned
from beian.workers import WorkerDied, Workers

log = logging.getLogger("beian.intake")
INCOMING, REPORTS = "incoming", "reports"


@dataclass
class Outcome:
    """What a night's summary shows of one submission: no personal data."""

    submission_id: str
    verdict: str  # pass | review | error (storage failed; stays pending)
    problems: dict[str, int]
    documents: int = 0
    note: str = ""

    def row(self) -> dict:
        return {"submission": self.submission_id, "verdict": self.verdict, "documents": self.documents,
                "problems": ", ".join(f"{k} {v}" for k, v in sorted(self.problems.items())) or "-",
                "note": self.note}


def preflight(storage: Storage, settings) -> None:
    """A run's first step: the engine can be built and the store can be written.
    Either failing is the operator's mistake: a `ConfigError` before any report is
    written, so no submission is marked checked by a run that could not check it."""
    from beian.extractors.ocr import check_engine

    check_engine(settings.ocr_engine)
    marker = f"{REPORTS}/.probe-{os.getpid()}-{dt.datetime.now(dt.timezone.utc):%Y%m%d%H%M%S%f}"
    try:
        storage.write(marker, b"write probe of a beian run; safe to delete")
        storage.delete(marker)
    except StorageError as exc:
        raise ConfigError(f"cannot write reports to {storage.url}: {exc}") from None


def page_key(sid: str) -> str:
    """The review page beside the report (`beian.review`)."""
    return f"{REPORTS}/{sid}/index.html"


def write_index(storage: Storage, outcomes: list[Outcome], title: str) -> str:
    """The night's index page, ``reports/index.html``: every submission of the run; its key."""
    from beian.review import night_index

    key = f"{REPORTS}/index.html"
    storage.write(key, night_index([o.row() for o in outcomes], title).encode("utf-8"))
    return key


def report_key(sid: str) -> str:
    return f"{REPORTS}/{sid}/report.json"


def fingerprint(uploads: list[Entry]) -> str:
    """What a submission's uploads are: every key with its size and version."""
    lines = sorted(f"{e.key}\t{e.size}\t{e.etag}" for e in uploads)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:20]


def _checked_key(sid: str, fp: str) -> str:
    """An empty marker beside the report naming the uploads it checked: listing the
    reports tells which submissions changed, without reading a report."""
    return f"{REPORTS}/{sid}/{CHECKED}{fp}"


CHECKED = ".checked-"


def current_uploads(sid: str, entries: list[Entry]) -> tuple[int | None, list[Entry]]:
    """The uploads a submission is now: all of them, or for one kept in versions by the
    service (`beian.kept`) the latest complete version's; earlier versions stay as they are."""
    base = f"{INCOMING}/{sid}/"
    version, prefix = kept.current([e.key[len(base):] for e in entries])
    return version, [e for e in entries if e.key[len(base):].startswith(prefix)]


def pending(storage: Storage) -> list[str]:
    """Submission ids whose uploads are not what their report checked: no report,
    or a file added, changed or removed since, whatever the timestamps say.

    Largest first (by bytes uploaded), so that the workers finish together instead of
    one of them checking a large submission alone at the end.
    """
    uploads: dict[str, list[Entry]] = {}
    for e in storage.list(INCOMING):
        parts = e.key.split("/")
        if len(parts) >= 3:
            uploads.setdefault(parts[1], []).append(e)
    uploads = {sid: current_uploads(sid, files)[1] for sid, files in uploads.items()}
    checked: dict[str, set[str]] = {}
    reported: set[str] = set()
    for e in storage.list(REPORTS):
        parts = e.key.split("/")
        if len(parts) == 3 and parts[2].startswith(CHECKED):
            checked.setdefault(parts[1], set()).add(parts[2][len(CHECKED):])
        elif len(parts) == 3 and parts[2] == "report.json":
            reported.add(parts[1])
    todo = [sid for sid, files in uploads.items() if fingerprint(files) not in checked.get(sid, set())
            and not (sid in reported and _report_covers(storage, sid, files))]
    size = {sid: sum(e.size for e in uploads[sid]) for sid in todo}
    return sorted(todo, key=lambda sid: (-size[sid], sid))


def _report_covers(storage: Storage, sid: str, uploads: list[Entry]) -> bool:
    """A report whose marker is missing (a run died between writing the two): its own
    list of uploads says whether it covers these. Older reports without one do not."""
    try:
        listed = json.loads(storage.read(report_key(sid))).get("uploads") or []
        base = f"{INCOMING}/{sid}/"
        return fingerprint([Entry(base + u["file"], dt.datetime.min, u["size"], u.get("etag", ""))
                            for u in listed]) == fingerprint(uploads) if listed else False
    except (StorageError, ValueError, KeyError, TypeError, AttributeError):
        return False


def is_pending(storage: Storage, sid: str, uploads: list[Entry]) -> bool:
    """The same test as `pending`, for one submission, with its uploads read afresh."""
    if not uploads:
        return False
    marker = _checked_key(sid, fingerprint(uploads)).rsplit("/", 1)[-1]
    names = {e.key.rsplit("/", 1)[-1] for e in storage.list(f"{REPORTS}/{sid}")}
    if marker in names:
        return False
    return not ("report.json" in names and _report_covers(storage, sid, uploads))


def _mark_checked(storage: Storage, sid: str, uploads: list[Entry]) -> None:
    """After the report: the marker of the uploads it checked, and no other."""
    fp = fingerprint(uploads)
    storage.write(_checked_key(sid, fp), b"")
    for e in storage.list(f"{REPORTS}/{sid}"):
        name = e.key.rsplit("/", 1)[-1]
        if name.startswith(CHECKED) and name != CHECKED + fp:
            storage.delete(e.key)


def load(storage: Storage, sid: str, entries: list[Entry] | None = None) -> Submission:
    """A submission's uploads; sizes from the listing decide what is read (`admit`).
    A ``filing.json`` over its limit raises `InputError` without being read."""
    version, entries = current_uploads(sid, storage.list(f"{INCOMING}/{sid}") if entries is None else entries)
    base = f"{INCOMING}/{sid}/" + (f"v{version}/" if version else "")
    filing, files = None, []
    for e in entries:
        name = e.key[len(base):]
        if name == FILING:
            if e.size > MAX_FILING_BYTES:
                raise InputError(f"is too large ({e.size / 1024:.0f} KB > limit {MAX_FILING_BYTES // 1024} KB)",
                                 source=f"{sid}/{FILING}")
            filing = storage.read(e.key)
        elif is_scan_name(name.rsplit("/", 1)[-1]):
            files.append((name, e.size))
    take, refused = admit(files, get_settings())
    return Submission(sid, filing, [(name, storage.read(base + name)) for name in take], refused, version)


def _claim_key(sid: str) -> str:
    return f"{REPORTS}/{sid}/.claim"


def _holder(v: Versioned) -> tuple[str | None, dt.datetime]:
    """Who holds a claim and since when; an empty or corrupt claim has no holder and
    dates from when it was written (so it expires like any other)."""
    try:
        held = json.loads(v.data)
        return str(held["run"]), dt.datetime.fromisoformat(held["at"])
    except (ValueError, KeyError, TypeError):
        return None, v.modified


def claim(storage: Storage, sid: str, run_id: str, ttl_minutes: int) -> bool:
    """Take the submission for this run. A claim older than the TTL (left by a run
    that died), empty or corrupt ones included, is taken over by a conditional
    replace on its version: of two runs taking over at once, exactly one wins."""
    key = _claim_key(sid)
    body = json.dumps({"run": run_id, "at": dt.datetime.now(dt.timezone.utc).isoformat()}).encode()
    if storage.create(key, body):
        return True
    current = storage.read_versioned(key)
    if current is None:  # released between our two calls
        return storage.create(key, body)
    holder, since = _holder(current)
    if holder == run_id:  # our own claim, left by an attempt whose release failed
        return True
    age = dt.datetime.now(dt.timezone.utc) - since
    if age > dt.timedelta(minutes=ttl_minutes):
        log.warning("taking over a stale claim on %s (%s old%s)", sid, age, "" if holder else ", unreadable")
        return storage.replace_if(key, body, current.etag)
    return False


def release(storage: Storage, sid: str, run_id: str) -> None:
    """Remove this run's claim; another run's claim (it took ours over) is left alone."""
    key = _claim_key(sid)
    current = storage.read_versioned(key)
    if current is not None and _holder(current)[0] == run_id:
        storage.delete_if(key, current.etag)


@dataclass
class Checked:
    """What a worker process returns for one submission: its report (JSON form) and its
    review page (None when the page is made from the report alone)."""

    report: dict
    page: str | None = None


def check_in_worker(sub: Submission, as_of: dt.date) -> Checked:
    """One submission to its report and review page; runs in a worker process. Never raises
    for bad input."""
    views: list = []
    try:
        report = check(sub, as_of=as_of, views=views)
        return Checked(report.model_dump(mode="json"), _page(report, views, sub.filing))
    except InputError as exc:
        report = unusable_report(sub.submission_id, mask_text(str(exc)), as_of)
    except Exception as exc:  # a bug must not stop the night: this submission goes to a person
        # the type only: a traceback would carry values read from the applicant's documents
        log.error("checking %s failed: %s", sub.submission_id, type(exc).__name__)
        report = unusable_report(sub.submission_id, f"内部错误（{type(exc).__name__}），请人工审核", as_of)
    return Checked(report.model_dump(mode="json"))


def _page(report: Report, views: list, filing: bytes | None) -> str:
    from beian.filing import load_filing
    from beian.review import submission_page

    try:
        parsed = load_filing(filing) if filing is not None else None
    except InputError:
        parsed = None
    return submission_page(report, views, parsed)


def process(storage: Storage, sid: str, as_of: dt.date, run_id: str, ttl_minutes: int = 120,
            executor: Executor | None = None) -> Outcome:
    if not claim(storage, sid, run_id, ttl_minutes):
        return Outcome(sid, "skipped", {}, note="claimed by another run")
    try:
        version, uploads = current_uploads(sid, storage.list(f"{INCOMING}/{sid}"))
        if not is_pending(storage, sid, uploads):  # another run checked it between our listing and our claim
            return Outcome(sid, "skipped", {}, note="checked by another run")
        try:
            sub = load(storage, sid, uploads)
        except InputError as exc:  # a filing.json over its limit: refused unread
            checked = Checked(unusable_report(sid, mask_text(str(exc)), as_of).model_dump(mode="json"))
        else:
            checked = _run(executor, sub, as_of)
        page = checked.page
        report = Report.model_validate(checked.report)
        if report.submission_id != sid:  # the folder name is the id the office knows it by
            report.submission_id = sid
        report.version = version
        base = f"{INCOMING}/{sid}/"
        report.uploads = [Upload(file=e.key[len(base):], size=e.size, etag=e.etag) for e in uploads]
        storage.write(page_key(sid), (page or _page(report, [], None)).encode("utf-8"))
        storage.write(report_key(sid), json.dumps(report.model_dump(mode="json"), ensure_ascii=False,
                                                  indent=1).encode("utf-8"))
        _mark_checked(storage, sid, uploads)
    finally:
        release(storage, sid, run_id)
    problems = Counter(c.rule for c in report.checks if c.status in PROBLEMS)
    return Outcome(sid, report.verdict, dict(problems), documents=len(report.documents))


def _run(executor, sub: Submission, as_of: dt.date) -> Checked:
    """Check a submission in the worker processes (or here); a worker that dies on it
    gives a ``review`` report saying so, and the workers are replaced."""
    if executor is None:
        return check_in_worker(sub, as_of)
    if not isinstance(executor, Workers):
        return executor.submit(check_in_worker, sub, as_of).result()
    try:
        return executor.run(check_in_worker, sub, as_of)
    except WorkerDied:
        log.error("a worker died checking %s twice; it goes to review", sub.submission_id)
        return Checked(unusable_report(sub.submission_id, "检查该提交的进程意外终止（内存不足或崩溃），请人工审核",
                                       as_of).model_dump(mode="json"))
