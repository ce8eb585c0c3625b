"""``beian api``: the provider pre-screening service (FastAPI on uvicorn).

``POST /v1/checks`` takes a multipart upload (``filing.json`` and the scans) or a
JSON body naming an ``s3://`` submission and answers with the contract's report,
the same one `beian check --json` prints, within ``BEIAN_API_SYNC_SECONDS``; a
check that takes longer answers ``202`` with a job id for ``GET /v1/checks/{id}``.
OCR runs in worker processes that each hold the engine (`intake.Workers`), behind
a bounded queue: a request over capacity or over its key's concurrency gets
``429`` at once, never a timeout. Request bodies are counted while they stream
(`BodyLimit`): a declared or streamed size over the limit gets ``413`` before the
rest is read. API keys come from ``BEIAN_API_KEYS`` or a file of SHA-256 hashes.
Uploads are not kept after the answer unless ``BEIAN_API_KEEP_UPLOADS`` names a
store; then they go to its ``incoming/<id>/``, where the nightly flow reads them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
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

from beian.check import FILING, Submission, admit, check, is_scan_name
from beian.errors import ConfigError, InputError
from beian.filing import load_filing
from beian.models import Report
from beian.privacy import mask_text
from beian.settings import Settings, get_settings, today

log = logging.getLogger("beian.api")

ERRORS = {
    401: "no or an unknown API key (X-API-Key or Authorization: Bearer)",
    404: "no such check job (or not this key's)",
    413: "the request or one of its files is over the size limit; the rest was not read",
    422: "filing.json or the request is malformed; the message names the field",
    429: "over this key's concurrent checks or the service's queue; retry later",
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


# --- keys ---------------------------------------------------------------------------------

def load_keys(settings: Settings) -> dict[str, str]:
    """SHA-256 hex of each key -> the key's name (``BEIAN_API_KEYS`` "name:key,..." and the
    file ``BEIAN_API_KEYS_FILE``, one "name sha256hex" a line)."""
    keys: dict[str, str] = {}
    for i, item in enumerate(filter(None, (settings.api_keys.get_secret_value() if settings.api_keys else "")
                                    .split(","))):
        name, _, key = item.strip().rpartition(":")
        keys[hashlib.sha256(key.encode()).hexdigest()] = name or f"key{i + 1}"
    if settings.api_keys_file:
        try:
            lines = Path(settings.api_keys_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"BEIAN_API_KEYS_FILE={settings.api_keys_file}: {exc.strerror}") from None
        for n, line in enumerate(lines, 1):
            if line.strip() and not line.startswith("#"):
                parts = line.split()
                if len(parts) != 2 or len(parts[1]) != 64:
                    raise ConfigError(f"BEIAN_API_KEYS_FILE line {n}: expected 'name sha256hex'")
                keys[parts[1].lower()] = parts[0]
    if not keys:
        raise ConfigError("beian api needs API keys: BEIAN_API_KEYS=name:key[,...] or BEIAN_API_KEYS_FILE")
    return keys


def key_name(request: Request, keys: dict[str, str]) -> str | None:
    given = request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ")
    if not given:
        return None
    digest = hashlib.sha256(given.strip().encode()).hexdigest()
    for known, name in keys.items():
        if hmac.compare_digest(known, digest):
            return name
    return None


# --- request size, counted while the body streams ---------------------------------------------

class BodyLimit:
    """ASGI middleware: ``413`` for a declared Content-Length over ``limit`` before any byte
    is read, and for a streamed body as soon as it passes ``limit``: the answer goes out
    then, the application sees the client gone, and whatever it sends after is dropped."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _send_413(send, self.limit, scope)
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
                    await _send_413(send, self.limit, scope)
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


async def _send_413(send, limit: int, scope) -> None:
    METRICS.count(scope.get("path", ""), 413)
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
                    f"beian_api_queue_depth {self.queue_depth}"]
            return "\n".join(out) + "\n"


METRICS = Metrics()


# --- the checks, in worker processes ----------------------------------------------------------

def run_check(sub: Submission, as_of: dt.date, profile: str | None) -> tuple[dict, float]:
    """In a worker process: the report as `beian check --json` prints it, and the seconds
    the check took there (the ``Server-Timing`` header: what the service adds is the rest)."""
    t0 = time.perf_counter()
    report = check(sub, as_of=as_of, profile=profile)
    return report.model_dump(mode="json", exclude={"uploads"}), time.perf_counter() - t0


def engine_name() -> str:
    """In a worker process: the loaded engine (for /healthz)."""
    from beian.extractors.ocr import get_engine

    s = get_settings()
    return get_engine(s.ocr_engine, s.ocr_threads).name


class Service:
    """The worker processes, the queue in front of them, per-key limits and the jobs."""

    def __init__(self, settings: Settings) -> None:
        from beian import intake

        self.settings = settings
        self.keys = load_keys(settings)
        self.workers = intake.Workers(settings.workers)
        self.capacity = (settings.workers or os.cpu_count() or 1) + settings.api_queue
        self.in_flight: Counter = Counter()
        self.jobs: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()
        self.engine = self.workers.run(engine_name)  # every worker loads it in its initializer
        self.store = None
        if settings.api_keep_uploads:
            from beian.storage import open_storage

            self.store = open_storage(settings.api_keep_uploads)

    def admit(self, key: str) -> str | None:
        """None when the check may queue, else the one-line reason for 429."""
        with self.lock:
            if self.in_flight[key] >= self.settings.api_key_concurrency:
                return f"key {key} has {self.in_flight[key]} checks in flight (limit {self.settings.api_key_concurrency})"
            if sum(self.in_flight.values()) >= self.capacity:
                return f"the service is full ({self.capacity} checks queued or running); retry later"
            self.in_flight[key] += 1
            METRICS.queue_depth = sum(self.in_flight.values())
            return None

    def release(self, key: str) -> None:
        with self.lock:
            self.in_flight[key] -= 1
            METRICS.queue_depth = sum(self.in_flight.values())

    def job(self, key: str, fut: asyncio.Future) -> str:
        jid = secrets.token_hex(8)
        with self.lock:
            self.jobs[jid] = {"key": key, "future": fut, "created": time.time()}
            while len(self.jobs) > self.settings.api_jobs_kept:
                self.jobs.popitem(last=False)
        return jid

    def keep(self, sub: Submission) -> None:
        if self.store is None:
            return
        base = f"incoming/{sub.submission_id}/"
        if sub.filing is not None:
            self.store.write(base + FILING, sub.filing)
        for name, data in sub.scans:
            self.store.write(base + name, data)


# --- the app -----------------------------------------------------------------------------------

def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    state: dict[str, Service] = {}

    @asynccontextmanager
    async def lifespan(app):
        state["svc"] = Service(settings)
        log.warning("beian api: %d worker process(es), engine %s", state["svc"].workers.n or 0, state["svc"].engine)
        try:
            yield
        finally:
            state["svc"].workers.shutdown()

    app = FastAPI(title="beian-intake pre-screening", version="1",
                  description="Will this ICP filing be rejected, and why: the report of "
                              "../shared/spec/contract.md for an uploaded submission. Errors: "
                              + "; ".join(f"{k} {v}" for k, v in ERRORS.items()), lifespan=lifespan)
    error_docs = {k: {"description": v, "content": {"application/json": {"example": {"error": v}}}}
                  for k, v in ERRORS.items()}

    @app.middleware("http")
    async def count(request: Request, call_next):
        response = await call_next(request)
        METRICS.count(request.url.path, response.status_code)
        return response

    async def submit(request: Request, sub: Submission, as_of: dt.date, profile: str | None, wait: bool):
        svc = state["svc"]
        key = request.state.key
        if reason := svc.admit(key):
            return _error(429, reason)
        t0 = time.perf_counter()
        loop = asyncio.get_running_loop()
        try:  # kept (when configured) before it is checked: a check that fails loses no upload
            await loop.run_in_executor(None, svc.keep, sub)
        except Exception as exc:  # noqa: BLE001 - the store's trouble, not the applicant's
            svc.release(key)
            log.error("keeping %s failed: %s", sub.submission_id, mask_text(str(exc)))
            return _error(503, "the upload store is unreachable; nothing was checked, retry later")
        fut = loop.run_in_executor(None, svc.workers.run, run_check, sub, as_of, profile)

        def done(f: asyncio.Future) -> None:
            svc.release(key)
            METRICS.observe(time.perf_counter() - t0, None if f.cancelled() or f.exception() else f.result()[0])

        fut.add_done_callback(done)
        if wait:
            try:
                report, seconds = await asyncio.wait_for(asyncio.shield(fut), settings.api_sync_seconds)
                return _report(report, seconds)
            except asyncio.TimeoutError:
                pass
        jid = svc.job(key, fut)
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

        if not (name := key_name(request, state["svc"].keys)):
            return _error(401, ERRORS[401])
        request.state.key = name
        if profile and profile not in table()["profiles"]:
            return _error(422, f"profile: unknown upload profile {profile!r}; one of {', '.join(table()['profiles'])}")
        kind = request.headers.get("content-type", "")
        if kind.startswith("application/json"):
            try:
                body = S3Request.model_validate_json(await request.body())
            except ValueError as exc:
                return _error(422, f"request body: {str(exc).splitlines()[0][:300]}")
            try:
                sub = await asyncio.get_running_loop().run_in_executor(None, _load_s3, body.source)
            except InputError as exc:
                return _error(422, mask_text(str(exc)))
            return await _checked(request, sub, body.as_of or as_of, body.profile or profile, body.wait and wait)
        if not kind.startswith("multipart/form-data"):
            return _error(422, "send multipart/form-data (filing.json and the scans) or application/json {source}")
        try:
            sub = await _from_form(request, settings)
        except InputError as exc:
            return _error(422, mask_text(str(exc)))
        return await _checked(request, sub, as_of, profile, wait)

    async def _checked(request, sub: Submission, as_of, profile, wait):
        if sub.filing is None:
            return _error(422, f"{FILING} is missing")
        try:
            load_filing(sub.filing, source=FILING)
        except InputError as exc:  # the field path is in the message: websites[0].domains[0]: ...
            return _error(422, mask_text(str(exc)))
        return await submit(request, sub, as_of or today(settings), profile, wait)

    @app.get("/v1/checks/{job_id}", response_model=Report, response_model_exclude={"uploads"},
             responses={202: {"model": Accepted}, 401: error_docs[401], 404: error_docs[404]})
    async def get_check(job_id: str, request: Request):
        svc = state["svc"]
        if not (name := key_name(request, svc.keys)):
            return _error(401, ERRORS[401])
        job = svc.jobs.get(job_id)
        if job is None or job["key"] != name:
            return _error(404, ERRORS[404])
        fut = job["future"]
        if not fut.done():
            return JSONResponse(Accepted(id=job_id, location=f"/v1/checks/{job_id}").model_dump(), status_code=202)
        if fut.exception():
            return _error(500, f"the check failed: {type(fut.exception()).__name__}")
        return _report(*fut.result())

    @app.get("/healthz")
    async def healthz():
        svc = state["svc"]
        out: dict[str, Any] = {"engine": svc.engine, "workers": svc.workers.n or os.cpu_count(),
                               "queue": sum(svc.in_flight.values()), "capacity": svc.capacity}
        if svc.store is not None:
            try:
                await asyncio.get_running_loop().run_in_executor(None, svc.store.check)
                out["store"] = "reachable"
            except Exception as exc:  # noqa: BLE001
                out["store"] = f"unreachable: {type(exc).__name__}"
                return JSONResponse(out, status_code=503)
        return out

    @app.get("/metrics", response_class=PlainTextResponse)
    async def metrics():
        return PlainTextResponse(METRICS.text(), media_type="text/plain; version=0.0.4")

    return app


def _report(report: dict, seconds: float) -> JSONResponse:
    return JSONResponse(report, headers={"Server-Timing": f"check;dur={seconds * 1000:.0f}"})


def _load_s3(source: str) -> Submission:
    from beian.intake import load_source

    if not source.startswith("s3://"):
        raise InputError("source: only s3:// submissions can be named; upload files otherwise")
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
                files.append((name, value))
        take, refused = admit([(n, v.size or 0) for n, v in files], settings)
        scans = [(n, await v.read()) for n, v in files if n in take]
    sid = "upload"
    if filing is not None:
        try:
            sid = json.loads(filing).get("submission_id") or sid
        except (ValueError, AttributeError):
            pass
    return Submission(str(sid)[:64], filing, scans, refused)


def serve(host: str, port: int) -> None:
    import uvicorn

    settings = get_settings()
    load_keys(settings)  # no keys: a clear error now, not at the first request
    app = BodyLimit(create_app(settings), settings.api_max_request_bytes)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=10)
