"""``beian api``: the provider pre-screening service (FastAPI on uvicorn).

``POST /v1/checks`` takes a multipart upload (``filing.json`` and the scans) or a
JSON body naming an ``s3://`` submission and answers with the contract's report,
the same one `beian check --json` prints, within ``BEIAN_API_SYNC_SECONDS``; a
check that takes longer answers ``202`` with a job id for ``GET /v1/checks/{id}``.
OCR runs in worker processes that each hold the engine (`beian.workers.Workers`), behind
a bounded queue: a request over capacity or over its key's concurrency gets
``429`` at once, never a timeout. Request bodies are counted while they stream
(`BodyLimit`): a declared or streamed size over the limit gets ``413`` before the
rest is read.

Whoever holds a key holds only their own submissions (`beian.keys`): a JSON ``source``
must lie under one of the key's ``read=`` prefixes, or be a submission the key owns in
its keep store (else ``403``). Uploads are kept, when a keep store is configured
(``BEIAN_API_KEEP_UPLOADS`` or the key's ``keep=``), in the nightly flow's layout as
versions owned by the first key to keep that id (`beian.kept`): another key's upload
with that id is ``409`` and writes nothing. With a store for the service's state
(``BEIAN_API_STORE``, default the keep store) ``202`` jobs are records there
(`beian.jobs`) that a restarted service answers and finishes, and every request is a
line of the audit trail (`beian.audit`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import secrets
import threading
import time
from collections import Counter, OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from beian import kept
from beian.audit import Audit
from beian.check import FILING, Submission, admit, check, is_scan_name
from beian.errors import InputError
from beian.filing import load_filing
from beian.jobs import JobStore, load_again
from beian.keys import Key, KeyRing, normalise_source
from beian.models import PROBLEMS, Report
from beian.privacy import mask_text
from beian.settings import Settings, get_settings, today

log = logging.getLogger("beian.api")

ERRORS = {
    401: "no or an unknown API key (X-API-Key or Authorization: Bearer)",
    403: "this key may not read that source (outside its read scopes, and not a submission it owns)",
    404: "no such check job (or not this key's)",
    409: "that submission id is kept for another key; nothing was written (choose another id)",
    413: "the request or one of its files is over the size limit; the rest was not read",
    422: "filing.json or the request is malformed; the message names the field",
    429: "over this key's concurrent checks or the service's queue; retry later",
    503: "the upload store is unreachable; nothing was checked, retry later",
}


def _error(status: int, reason: str, **extra) -> JSONResponse:
    return JSONResponse({"error": reason, **extra}, status_code=status)


class Accepted(BaseModel):
    id: str = Field(description="the job id for GET /v1/checks/{id}")
    status: str = Field("running", examples=["running"])
    location: str = Field(examples=["/v1/checks/3f2a9c1d5e7b"])


class S3Request(BaseModel):
    source: str = Field(description="s3://bucket[/prefix]/incoming/<submission id>",
                        examples=["s3://beian-intake/incoming/ZJ-2026-000123"])
    as_of: dt.date | None = None
    profile: str | None = Field(None, description="upload profile: alibaba, tencent, huawei, huawei-api")
    wait: bool = True


# --- keys (beian.keys) ---------------------------------------------------------------------------

def given_secret(request: Request) -> str | None:
    return request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ") or None


def keyring(settings: Settings) -> KeyRing:
    return KeyRing(settings.api_keys.get_secret_value() if settings.api_keys else "", settings.api_keys_file)


# --- request size, counted while the body streams ---------------------------------------------

class BodyLimit:
    """ASGI middleware: ``413`` for a declared Content-Length over ``limit`` before any byte
    is read, and for a streamed body as soon as it passes ``limit``: the answer goes out
    then, the application sees the client gone, and whatever it sends after is dropped."""

    def __init__(self, app, limit: int, on_refused=None) -> None:
        self.app, self.limit, self.on_refused = app, limit, on_refused  # on_refused(scope): metrics, audit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(send, scope)
        seen, cut = 0, False

        async def counted():
            nonlocal seen, cut
            if cut:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    cut = True
                    await self._refuse(send, scope)
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message):
            if not cut:
                await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not cut:
                raise

    async def _refuse(self, send, scope) -> None:
        if self.on_refused is not None:
            self.on_refused(scope)
        await _send_413(send, self.limit)


async def _send_413(send, limit: int) -> None:
    body = json.dumps({"error": f"request body over {limit / 2**20:.0f} MB: not read further"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


# --- metrics ------------------------------------------------------------------------------------

class Metrics:
    """Counters for ``/metrics`` (Prometheus text format 0.0.4)."""

    BUCKETS = (0.5, 1, 2, 5, 10, 20, 30, 60, 120)

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: Counter = Counter()
        self.latency: Counter = Counter()
        self.latency_sum = 0.0
        self.latency_n = 0
        self.rules: Counter = Counter()
        self.queue_depth = 0
        self.keys_reload_errors = 0

    def count(self, path: str, status: int) -> None:
        with self.lock:
            self.requests[(path if path.startswith("/v1/checks") else path or "-", status)] += 1

    def observe(self, seconds: float, report: dict | None) -> None:
        with self.lock:
            self.latency_sum += seconds
            self.latency_n += 1
            for b in self.BUCKETS:
                if seconds <= b:
                    self.latency[b] += 1
            for c in (report or {}).get("checks", []):
                self.rules[(c["rule"], c["status"])] += 1

    def text(self) -> str:
        with self.lock:
            out = ["# HELP beian_api_requests_total HTTP requests by path and status.",
                   "# TYPE beian_api_requests_total counter"]
            out += [f'beian_api_requests_total{{path="{p}",code="{c}"}} {n}' for (p, c), n in sorted(self.requests.items())]
            out += ["# HELP beian_api_check_seconds Time from upload to report.",
                    "# TYPE beian_api_check_seconds histogram"]
            out += [f'beian_api_check_seconds_bucket{{le="{b}"}} {self.latency[b]}' for b in self.BUCKETS]
            out += [f'beian_api_check_seconds_bucket{{le="+Inf"}} {self.latency_n}',
                    f"beian_api_check_seconds_sum {self.latency_sum:.3f}", f"beian_api_check_seconds_count {self.latency_n}",
                    "# HELP beian_api_checks_total Checks in the reports, by rule and status.",
                    "# TYPE beian_api_checks_total counter"]
            out += [f'beian_api_checks_total{{rule="{r}",status="{s}"}} {n}' for (r, s), n in sorted(self.rules.items())]
            out += ["# HELP beian_api_queue_depth Checks queued or running.", "# TYPE beian_api_queue_depth gauge",
                    f"beian_api_queue_depth {self.queue_depth}",
                    "# HELP beian_api_keys_reload_errors_total Changes of the keys file that did not parse.",
                    "# TYPE beian_api_keys_reload_errors_total counter",
                    f"beian_api_keys_reload_errors_total {self.keys_reload_errors}"]
            return "\n".join(out) + "\n"


# --- the checks, in worker processes ----------------------------------------------------------

def run_check(sub: Submission, as_of: dt.date, profile: str | None) -> tuple[dict, float]:
    """In a worker process: the report as `beian check --json` prints it, and the seconds
    the check took there (the ``Server-Timing`` header: what the service adds is the rest)."""
    t0 = time.perf_counter()
    report = check(sub, as_of=as_of, profile=profile)
    return report.model_dump(mode="json", exclude={"uploads"}), time.perf_counter() - t0


def engine_name() -> str:
    """In a worker process: the loaded engine (for /healthz)."""
    from beian.extractors.ocr import engine_for

    s = get_settings()
    return engine_for(s).name


class Service:
    """The worker processes, the queue in front of them, per-key limits, the keys, the
    stores (kept uploads per key; the service's own: jobs and audit) and the jobs."""

    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        from beian.storage import open_storage
        from beian.workers import Workers

        self.settings, self.metrics = settings, metrics
        self.instance = secrets.token_hex(4)
        self.keys = keyring(settings)
        self.stores: dict[str, Any] = {}
        state_url = settings.api_store or settings.api_keep_uploads
        self.state = open_storage(state_url) if state_url else None
        self.jobstore = JobStore(self.state, self.instance) if self.state is not None else None
        self.audit = Audit(self.state, self.instance)
        self.workers = Workers(settings.workers)
        self.capacity = (settings.workers or os.cpu_count() or 1) + settings.api_queue
        self.in_flight: Counter = Counter()
        self.jobs: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()
        self.engine = self.workers.run(engine_name)  # every worker loads it in its initializer

    def lookup(self, request: Request) -> Key | None:
        key = self.keys.lookup(given_secret(request))
        self.metrics.keys_reload_errors = self.keys.reload_errors
        return key

    def keep_store(self, key: Key):
        """Where this key's uploads are kept (its ``keep=``, else the service's), or None."""
        from beian.storage import open_storage

        url = key.keep or self.settings.api_keep_uploads
        if not url:
            return None
        with self.lock:
            if url not in self.stores:
                self.stores[url] = open_storage(url)
            return self.stores[url]

    def may_read(self, key: Key, source: str) -> bool:
        """A source under the key's read scopes, or a submission it owns in its keep store."""
        if key.may_read(source):
            return True
        store = self.keep_store(key)
        if store is None or not store.url.startswith("s3://"):
            return False
        root, sep, sid = source.rpartition("/incoming/")
        return bool(sep) and root == normalise_source(store.url) and "/" not in sid \
            and kept.owner(store, sid) == key.name

    def admit(self, key: str) -> str | None:
        """None when the check may queue, else the one-line reason for 429."""
        with self.lock:
            if self.in_flight[key] >= self.settings.api_key_concurrency:
                return f"key {key} has {self.in_flight[key]} checks in flight (limit {self.settings.api_key_concurrency})"
            if sum(self.in_flight.values()) >= self.capacity:
                return f"the service is full ({self.capacity} checks queued or running); retry later"
            self.in_flight[key] += 1
            self.metrics.queue_depth = sum(self.in_flight.values())
            return None

    def release(self, key: str) -> None:
        with self.lock:
            self.in_flight[key] -= 1
            self.metrics.queue_depth = sum(self.in_flight.values())

    def job(self, key: str, fut: asyncio.Future, jid: str | None = None) -> str:
        jid = jid or secrets.token_hex(8)
        with self.lock:
            self.jobs[jid] = {"key": key, "future": fut, "created": time.time()}
            while len(self.jobs) > self.settings.api_jobs_kept:
                self.jobs.popitem(last=False)
        return jid

    def finished(self, jid: str, fut: asyncio.Future) -> None:
        """A stored job's outcome, written when its check ends (in a thread of the loop)."""
        if fut.cancelled() or fut.exception():
            reason = "cancelled" if fut.cancelled() else type(fut.exception()).__name__
            self.jobstore.finish(jid, None, None, f"the check failed: {reason}")
        else:
            self.jobstore.finish(jid, *fut.result())

    def resume(self, loop: asyncio.AbstractEventLoop) -> int:
        """Check again the stored jobs a stopped service left running; how many."""
        if self.jobstore is None:
            return 0
        adopted = self.jobstore.adopt_unfinished()
        for jid, record in adopted:
            as_of = dt.date.fromisoformat(record["as_of"])

            def again(where=record["submission"], as_of=as_of, profile=record.get("profile")):
                return self.workers.run(run_check, load_again(where), as_of, profile)

            fut = loop.run_in_executor(None, again)
            self.job(record["key"], fut, jid)
            fut.add_done_callback(lambda f, jid=jid: loop.run_in_executor(None, self.finished, jid, f))
        return len(adopted)

    def close(self) -> None:
        self.workers.shutdown()
        self.audit.close()


# --- the app -----------------------------------------------------------------------------------

AUDITED = "/v1/"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    metrics = Metrics()
    state: dict[str, Service] = {}

    @asynccontextmanager
    async def lifespan(app):
        svc = state["svc"] = Service(settings, metrics)
        resumed = svc.resume(asyncio.get_running_loop())
        log.warning("beian api: %d worker process(es), engine %s%s", svc.workers.n or 0, svc.engine,
                    f", {resumed} job(s) of a stopped service resumed" if resumed else "")
        try:
            yield
        finally:
            svc.close()

    app = FastAPI(title="beian-intake pre-screening", version="1",
                  description="Will this ICP filing be rejected, and why: the report of "
                              "../shared/spec/contract.md for an uploaded submission. Errors: "
                              + "; ".join(f"{k} {v}" for k, v in ERRORS.items()), lifespan=lifespan)
    error_docs = {k: {"description": v, "content": {"application/json": {"example": {"error": v}}}}
                  for k, v in ERRORS.items()}

    def refused(scope) -> None:
        """A body over the limit, refused by `BodyLimit` before the app saw it."""
        metrics.count(scope.get("path", ""), 413)
        if (svc := state.get("svc")) and scope.get("path", "").startswith(AUDITED):
            headers = dict(scope.get("headers") or [])
            secret = (headers.get(b"x-api-key") or headers.get(b"authorization", b"").removeprefix(b"Bearer ")
                      ).decode("latin-1") or None
            key = svc.keys.lookup(secret)
            svc.audit.record(key=key.name if key else None, method=scope.get("method"), path=scope.get("path"),
                             status=413)

    app.state.refused = refused

    @app.middleware("http")
    async def count(request: Request, call_next):
        t0 = time.perf_counter()
        response = await call_next(request)
        metrics.count(request.url.path, response.status_code)
        if request.url.path.startswith(AUDITED) and (svc := state.get("svc")):
            got = request.state._state  # what the handler learnt: key, submission, version, verdict
            svc.audit.record(key=got.get("key"), method=request.method, path=request.url.path,
                             status=response.status_code, submission=got.get("submission"),
                             version=got.get("version"), verdict=got.get("verdict"),
                             problems=got.get("problems"), seconds=round(time.perf_counter() - t0, 3))
        return response

    async def submit(request: Request, sub: Submission, as_of: dt.date, profile: str | None, wait: bool,
                     where: dict | None):
        svc: Service = state["svc"]
        key: Key = request.state.key_obj
        if reason := svc.admit(key.name):
            return _error(429, reason)
        t0 = time.perf_counter()
        loop = asyncio.get_running_loop()
        store = svc.keep_store(key) if where is None else None
        try:  # kept (when configured) before it is checked: a check that fails loses no upload
            if store is not None:
                sub.version = await loop.run_in_executor(None, kept.keep, store, sub.submission_id, key.name,
                                                         sub.filing, sub.scans)
                request.state.version = sub.version
                where = {"kind": "kept", "store": store.url, "id": sub.submission_id, "version": sub.version}
        except kept.NotOwner:
            svc.release(key.name)
            return _error(409, f"submission {sub.submission_id} is kept for another key; nothing was written")
        except Exception as exc:  # noqa: BLE001 - the store's trouble, not the applicant's
            svc.release(key.name)
            log.error("keeping %s failed: %s", sub.submission_id, mask_text(str(exc)))
            return _error(503, ERRORS[503])
        fut = loop.run_in_executor(None, svc.workers.run, run_check, sub, as_of, profile)

        def done(f: asyncio.Future) -> None:
            svc.release(key.name)
            metrics.observe(time.perf_counter() - t0, None if f.cancelled() or f.exception() else f.result()[0])

        fut.add_done_callback(done)
        if wait:
            try:
                report, seconds = await asyncio.wait_for(asyncio.shield(fut), settings.api_sync_seconds)
                return _report(request, report, seconds)
            except asyncio.TimeoutError:
                pass
        jid = svc.job(key.name, fut)
        if svc.jobstore is not None:  # from here the job outlives this process
            try:
                await loop.run_in_executor(None, svc.jobstore.open, jid, key.name, sub, where, as_of, profile)
            except Exception as exc:  # noqa: BLE001 - the job still runs here; it is not restartable
                log.error("job %s not stored: %s", jid, mask_text(str(exc)))
            else:
                fut.add_done_callback(lambda f: loop.run_in_executor(None, svc.finished, jid, f))
        return JSONResponse(Accepted(id=jid, location=f"/v1/checks/{jid}").model_dump(), status_code=202)

    @app.post("/v1/checks", response_model=Report, response_model_exclude={"uploads"},
              responses={202: {"model": Accepted, "description": "still checking: poll the location"},
                         **error_docs},
              summary="Check a submission: multipart filing.json + scans, or JSON {source: s3://...}",
              openapi_extra={"requestBody": {"content": {
                  "multipart/form-data": {"schema": {"type": "object", "required": ["filing.json"], "properties": {
                      "filing.json": {"type": "string", "format": "binary"},
                      "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
                  "application/json": {"schema": S3Request.model_json_schema()}}}})
    async def post_check(request: Request, as_of: dt.date | None = None, profile: str | None = None,
                         wait: bool = True):
        from beian.validators.upload_profiles import table

        svc: Service = state["svc"]
        if not (key := svc.lookup(request)):
            return _error(401, ERRORS[401])
        request.state.key, request.state.key_obj = key.name, key
        if profile and profile not in table()["profiles"]:
            return _error(422, f"profile: unknown upload profile {profile!r}; one of {', '.join(table()['profiles'])}")
        kind = request.headers.get("content-type", "")
        if kind.startswith("application/json"):
            try:
                body = S3Request.model_validate_json(await request.body())
                source = normalise_source(body.source)
            except ValueError as exc:
                return _error(422, f"source: {str(exc).splitlines()[0][:300]}")
            if not await asyncio.get_running_loop().run_in_executor(None, svc.may_read, key, source):
                return _error(403, f"key {key.name} may not read {source}: outside its read scopes")
            try:
                sub = await asyncio.get_running_loop().run_in_executor(None, _load_s3, source)
            except InputError as exc:
                return _error(422, mask_text(str(exc)))
            return await _checked(request, sub, body.as_of or as_of, body.profile or profile, body.wait and wait,
                                  {"kind": "source", "source": source})
        if not kind.startswith("multipart/form-data"):
            return _error(422, "send multipart/form-data (filing.json and the scans) or application/json {source}")
        try:
            sub = await _from_form(request, settings)
        except InputError as exc:
            return _error(422, mask_text(str(exc)))
        return await _checked(request, sub, as_of, profile, wait, None)

    async def _checked(request, sub: Submission, as_of, profile, wait, where: dict | None):
        if sub.filing is None:
            return _error(422, f"{FILING} is missing")
        try:
            filing = load_filing(sub.filing, source=FILING)
        except InputError as exc:  # the field path is in the message: websites[0].domains[0]: ...
            return _error(422, mask_text(str(exc)))
        if where is None:  # an upload: its id is the one its filing gives (a name, never a path)
            sub.submission_id = filing.submission_id
        request.state.submission = sub.submission_id
        return await submit(request, sub, as_of or today(settings), profile, wait, where)

    @app.get("/v1/checks/{job_id}", response_model=Report, response_model_exclude={"uploads"},
             responses={202: {"model": Accepted}, 401: error_docs[401], 404: error_docs[404]})
    async def get_check(job_id: str, request: Request):
        svc: Service = state["svc"]
        if not (key := svc.lookup(request)):
            return _error(401, ERRORS[401])
        request.state.key = key.name
        running = JSONResponse(Accepted(id=job_id, location=f"/v1/checks/{job_id}").model_dump(), status_code=202)
        job = svc.jobs.get(job_id)
        if job is not None:
            if job["key"] != key.name:
                return _error(404, ERRORS[404])
            fut = job["future"]
            if not fut.done():
                return running
            if fut.exception():
                return _error(500, f"the check failed: {type(fut.exception()).__name__}")
            return _report(request, *fut.result())
        stored = None
        if svc.jobstore is not None and len(job_id) == 16 and all(c in "0123456789abcdef" for c in job_id):
            stored = await asyncio.get_running_loop().run_in_executor(None, svc.jobstore.get, job_id)
        if stored is None or stored.get("key") != key.name:
            return _error(404, ERRORS[404])
        if stored["state"] == "running":
            return running
        if stored["state"] == "failed":
            return _error(500, stored.get("reason") or "the check failed")
        return _report(request, stored["report"], stored.get("seconds") or 0.0)

    @app.get("/healthz")
    async def healthz():
        svc = state["svc"]
        out: dict[str, Any] = {"engine": svc.engine, "workers": svc.workers.n or os.cpu_count(),
                               "queue": sum(svc.in_flight.values()), "capacity": svc.capacity}
        if svc.state is not None:
            try:
                await asyncio.get_running_loop().run_in_executor(None, svc.state.check)
                out["store"] = "reachable"
            except Exception as exc:  # noqa: BLE001
                out["store"] = f"unreachable: {type(exc).__name__}"
                return JSONResponse(out, status_code=503)
        return out

    @app.get("/metrics", response_class=PlainTextResponse)
    async def metrics_text():
        return PlainTextResponse(metrics.text(), media_type="text/plain; version=0.0.4")

    return app


def _report(request: Request, report: dict, seconds: float) -> JSONResponse:
    request.state.submission = report.get("submission_id")
    request.state.verdict = report.get("verdict")
    request.state.problems = dict(Counter(c["rule"] for c in report.get("checks", []) if c["status"] in PROBLEMS))
    if report.get("version"):
        request.state.version = report["version"]
    return JSONResponse(report, headers={"Server-Timing": f"check;dur={seconds * 1000:.0f}"})


def _load_s3(source: str) -> Submission:
    from beian.sources import load_source

    return load_source(source)


async def _from_form(request: Request, settings: Settings) -> Submission:
    """The uploaded parts as a submission; every file part over the per-file limit or past
    the submission's budget is refused by name and size, as a folder's would be."""
    filing: bytes | None = None
    # the parts spill to temporary files past 1 MB; leaving this block closes (deletes) them
    async with request.form(max_files=settings.max_submission_files + 1, max_fields=20) as form:
        files = []
        for field, value in form.multi_items():
            if not hasattr(value, "read"):
                continue
            name = Path(value.filename or field).name
            if name == FILING or field == FILING:
                filing = await value.read(1 << 20)
            elif is_scan_name(name):
                if any(n == name for n, _ in files):
                    raise InputError(f"files: two parts are named {name}; each file needs its own name")
                files.append((name, value))
        take, refused = admit([(n, v.size or 0) for n, v in files], settings)
        scans = [(n, await v.read()) for n, v in files if n in take]
    return Submission("upload", filing, scans, refused)


def serve(host: str, port: int) -> None:
    import uvicorn

    settings = get_settings()
    keyring(settings)  # no keys, or a keys file that does not parse: a clear error now
    fastapi_app = create_app(settings)
    app = BodyLimit(fastapi_app, settings.api_max_request_bytes, on_refused=fastapi_app.state.refused)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=10)
