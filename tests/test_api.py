"""`beian api` as providers run it: uvicorn started on 127.0.0.1 by the tests, real
multipart uploads over HTTP, the same report `beian check` writes."""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import ROOT, inflate
from faults import S3Server, free_port, wait_until_healthy

SUBS = ROOT / "samples" / "submissions"
AS_OF = "2026-11-28"
KEY, OTHER, THIRD = "k-provider-1", "k-provider-2", "k-provider-3"
LIMIT = 8 * 2**20
SPOOL = Path(os.environ.get("TMPDIR", "/tmp")) / f"beian-api-spool-{os.getpid()}"  # the server's TMPDIR


S3ENV = {"BEIAN_S3_ACCESS_KEY": "test", "BEIAN_S3_SECRET_KEY": "test", "BEIAN_S3_SECURE": "false",
         "BEIAN_S3_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def s3():
    from minio import Minio

    with S3Server() as server:
        client = Minio(f"127.0.0.1:{server.port}", access_key="test", secret_key="test", secure=False,
                       region="us-east-1")
        for bucket in ("submitted", "kept"):
            client.make_bucket(bucket)
        yield server, client


@pytest.fixture(scope="module")
def api(tmp_path_factory, s3):
    """`beian api` with two worker processes, one check in flight per key, an 8 MB body limit,
    S3 on 127.0.0.1 for named submissions, uploads kept in s3://kept. Keys from a file:
    ``portal`` may read s3://submitted/incoming/, ``other`` and ``third`` name no source."""
    from beian.keys import Key, digest

    port = free_port()
    home = tmp_path_factory.mktemp("api")
    keys = home / "keys"
    keys.write_text("# test keys\n" + "\n".join([Key("portal", digest(KEY), ("s3://submitted/incoming/",)).line(),
                                                  Key("other", digest(OTHER)).line(),
                                                  Key("third", digest(THIRD)).line()]) + "\n")
    env = {**os.environ, **S3ENV, "BEIAN_S3_ENDPOINT": f"127.0.0.1:{s3[0].port}",
           "BEIAN_API_KEYS_FILE": str(keys), "BEIAN_WORKERS": "2",
           "BEIAN_API_KEY_CONCURRENCY": "1", "BEIAN_API_MAX_REQUEST_BYTES": str(LIMIT),
           "BEIAN_API_SYNC_SECONDS": "120", "BEIAN_API_KEEP_UPLOADS": "s3://kept", "HOME": str(home),
           "TMPDIR": str(SPOOL)}
    SPOOL.mkdir(exist_ok=True)
    log = open(home / "api.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "beian.cli", "api", "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    wait_until_healthy(f"{url}/healthz", proc, home / "api.log")
    yield Api(url, keys)
    proc.terminate()
    proc.wait(timeout=60)
    log.close()


class Api(str):
    """The service's URL, with the keys file it re-reads."""

    def __new__(cls, url: str, keys: Path):
        self = super().__new__(cls, url)
        self.keys = keys
        return self


def renamed(folder: Path, sid: str, **changes) -> bytes:
    """The folder's filing.json under another submission id (and other top-level changes)."""
    filing = json.loads((folder / "filing.json").read_text(encoding="utf-8"))
    return json.dumps({**filing, "submission_id": sid, **changes}, ensure_ascii=False).encode()


def parts(folder: Path, filing: bytes | None = None) -> list:
    out = [("filing.json", ("filing.json", filing or (folder / "filing.json").read_bytes(), "application/json"))]
    out += [("files", (f.name, f.read_bytes(), "application/octet-stream"))
            for f in sorted(folder.iterdir()) if f.name not in ("filing.json", "expected.json")]
    return out


def post(url: str, folder: Path, key: str | None = KEY, filing: bytes | None = None, **params) -> httpx.Response:
    headers = {"X-API-Key": key} if key else {}
    return httpx.post(f"{url}/v1/checks", files=parts(folder, filing), params={"as_of": AS_OF, **params},
                      headers=headers, timeout=300)


ALL = [p for folder in (SUBS, ROOT / "samples" / "independent" / "submissions") for p in sorted(folder.iterdir())]


@pytest.mark.parametrize("folder", ALL, ids=[p.name for p in ALL])
def test_answers_every_sample_with_the_report_beian_check_writes(api, folder, tmp_path):
    from beian.check import check, load_folder

    folder = inflate(folder, tmp_path)
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    profile = {"profile": expected["profile"]} if "profile" in expected else {}
    r = post(api, folder, **profile)
    assert r.status_code == 200, r.text
    want = check(load_folder(folder), as_of=dt.date.fromisoformat(AS_OF), **profile).model_dump(
        mode="json", exclude={"uploads"})
    assert isinstance(r.json()["version"], int) and r.json()["version"] >= 1, "the upload was kept as a version"
    want["version"] = r.json()["version"]
    assert r.json() == want, f"{folder.name}: the service's report differs from beian check's"
    assert r.json()["verdict"] == expected["verdict"]
    assert float(r.headers["server-timing"].removeprefix("check;dur=")) > 0


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}],
                         ids=["no key", "unknown key", "unknown bearer"])
def test_a_request_without_a_known_key_is_refused(api, headers):
    r = httpx.post(f"{api}/v1/checks", files=parts(SUBS / "clean-individual"), headers=headers, timeout=60)
    assert r.status_code == 401 and "API key" in r.json()["error"], r.text


def test_a_bearer_key_works(api):
    filing = renamed(SUBS / "clean-individual", "bearer-1")
    r = httpx.post(f"{api}/v1/checks", files=parts(SUBS / "clean-individual", filing), params={"as_of": AS_OF},
                   headers={"Authorization": f"Bearer {OTHER}"}, timeout=300)
    assert r.status_code == 200 and r.json()["verdict"] == "pass", r.text


def test_a_declared_oversized_body_is_refused_before_it_is_read(api):
    host, port = api.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(f"POST /v1/checks HTTP/1.1\r\nHost: x\r\nX-API-Key: {KEY}\r\nContent-Type: multipart/form-data; "
                  f"boundary=b\r\nContent-Length: {LIMIT * 4}\r\n\r\n".encode())
        head = b""  # nothing of the body was sent; the server answers and closes
        while chunk := s.recv(4096):
            head += chunk
        head = head.decode()
    assert head.startswith("HTTP/1.1 413"), head
    assert "not read further" in head


def test_a_streamed_oversized_body_is_cut_off_while_streaming(api):
    """Chunked, no length declared: the 413 arrives once the limit is passed, long before
    the 40 MB the client would send."""
    host, port = api.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(f"POST /v1/checks HTTP/1.1\r\nHost: x\r\nX-API-Key: {KEY}\r\nContent-Type: multipart/form-data; "
                  "boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
        chunk = b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.jpg\"\r\n\r\n" + b"x" * 2**20
        answer = b""
        while sent < 40 * 2**20:
            try:
                s.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except OSError:  # the server closed the connection after answering
                break
            sent += len(chunk)
            if select.select([s], [], [], 0.05)[0]:
                answer = s.recv(4096)
                break
        answer = answer or s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent <= LIMIT + 4 * 2**20, f"{sent / 2**20:.0f} MB sent before the 413"


def test_a_malformed_filing_gets_422_naming_the_field(api):
    filing = json.loads((SUBS / "clean-individual" / "filing.json").read_text(encoding="utf-8"))
    filing["websites"][0]["domains"][0] = "not a domain"
    r = post(api, SUBS / "clean-individual", filing=json.dumps(filing, ensure_ascii=False).encode())
    assert r.status_code == 422, r.text
    assert "websites[0].domains[0]" in r.json()["error"], r.json()
    filing = json.loads((SUBS / "clean-government" / "filing.json").read_text(encoding="utf-8"))
    filing["websites"][0]["principal"]["mobile"] = "0571-88886666"
    r = post(api, SUBS / "clean-government", filing=json.dumps(filing, ensure_ascii=False).encode())
    assert r.status_code == 422, r.text
    assert "websites[0].principal.mobile: not a mainland mobile number" in r.json()["error"], r.json()
    assert "88886666" not in r.text, "the error echoes the number"
    r = post(api, SUBS / "clean-individual", filing=b'{"submission_id": ')
    assert r.status_code == 422 and "not JSON" in r.json()["error"], r.text


def test_checks_past_a_keys_limit_get_429_at_once(api):
    """One check in flight per key: a second one from the same key is refused at once
    (never a timeout); another key is served."""
    first: dict = {}
    t = threading.Thread(target=lambda: first.setdefault("r", post(api, SUBS / "two-principals")))
    t.start()
    deadline = time.time() + 30
    while time.time() < deadline:
        if "beian_api_queue_depth 1" in httpx.get(f"{api}/metrics", timeout=10).text:
            break
        time.sleep(0.05)
    t0 = time.perf_counter()
    second = post(api, SUBS / "clean-individual")
    quick = time.perf_counter() - t0
    t.join()
    assert second.status_code == 429, second.text
    assert "limit 1" in second.json()["error"] and quick < 10, (second.json(), quick)
    assert first["r"].status_code == 200, first["r"].text


def test_the_async_path_answers_202_then_the_report(api):
    r = post(api, SUBS / "expired-domain", wait="false")
    assert r.status_code == 202, r.text
    location = r.json()["location"]
    assert httpx.get(f"{api}{location}", headers={"X-API-Key": OTHER}, timeout=10).status_code == 404
    assert httpx.get(f"{api}/v1/checks/0123456789abcdef", headers={"X-API-Key": KEY}, timeout=10).status_code == 404
    deadline = time.time() + 300
    while (got := httpx.get(f"{api}{location}", headers={"X-API-Key": KEY}, timeout=10)).status_code == 202:
        assert time.time() < deadline
        time.sleep(0.5)
    assert got.status_code == 200 and got.json()["verdict"] == "review", got.text
    assert any(c["rule"] == "document_expired" and c["status"] == "expired" for c in got.json()["checks"])


def test_an_upload_profile_per_request(api, tmp_path):
    oversized = inflate(SUBS / "oversized-scan", tmp_path)
    r = post(api, oversized, profile="tencent")
    assert r.status_code == 200, r.text
    assert [c["document"] for c in r.json()["checks"] if c["rule"] == "upload_requirements"] == ["licence.png"]
    assert post(api, oversized, profile="nope").status_code == 422


def test_health_metrics_and_docs(api):
    h = httpx.get(f"{api}/healthz", timeout=10).json()
    assert h["engine"] == "rapidocr" and h["workers"] == 2, h
    m = httpx.get(f"{api}/metrics", timeout=10).text
    for name in ("beian_api_requests_total", "beian_api_check_seconds_bucket", "beian_api_checks_total",
                 "beian_api_queue_depth"):
        assert f"# TYPE {name.removesuffix('_bucket')}" in m, name
    assert 'rule="field_match"' in m
    spec = httpx.get(f"{api}/openapi.json", timeout=10).json()
    post_spec = spec["paths"]["/v1/checks"]["post"]
    assert {"200", "202", "401", "413", "422", "429"} <= set(post_spec["responses"]), post_spec["responses"].keys()
    assert "Report" in spec["components"]["schemas"] and "Check" in spec["components"]["schemas"]
    assert httpx.get(f"{api}/docs", timeout=10).status_code == 200


def test_a_submission_named_in_s3_and_uploads_kept_where_the_nightly_flow_reads(api, s3):
    import io

    _, client = s3
    folder = SUBS / "clean-enterprise"
    for f in folder.iterdir():
        if f.name != "expected.json":
            client.put_object("submitted", f"incoming/clean-enterprise/{f.name}", io.BytesIO(f.read_bytes()),
                              f.stat().st_size)
    r = httpx.post(f"{api}/v1/checks", json={"source": "s3://submitted/incoming/clean-enterprise", "as_of": AS_OF},
                   headers={"X-API-Key": KEY}, timeout=300)
    assert r.status_code == 200 and r.json()["verdict"] == "pass", r.text
    bad = httpx.post(f"{api}/v1/checks", json={"source": "/etc/passwd"}, headers={"X-API-Key": KEY}, timeout=30)
    assert bad.status_code == 422 and "s3://" in bad.json()["error"], bad.text
    # an upload is kept in the nightly flow's layout, incoming/<submission id>/, before the answer
    assert post(api, SUBS / "id-number-digit").status_code == 200
    kept = {o.object_name for o in client.list_objects("kept", prefix="incoming/id-number-digit/", recursive=True)}
    first = {o for o in kept if o.startswith("incoming/id-number-digit/v1/")}
    assert first == {f"incoming/id-number-digit/v1/{f.name}" for f in (SUBS / "id-number-digit").iterdir()
                     if f.name != "expected.json"} | {"incoming/id-number-digit/v1/.version"}, kept


def test_no_upload_is_left_on_the_server_after_the_answer(api, tmp_path):
    """Parts over 1 MB spill to temporary files while the request is parsed; none outlives it."""
    r = post(api, inflate(SUBS / "oversized-scan", tmp_path))  # a 6.5 MB scan: spilled to disk
    assert r.status_code == 200, r.text
    # (a library's 51-byte session marker may live there: no file of an upload's size does)
    left = [f for f in SPOOL.rglob("*") if f.is_file() and f.stat().st_size > 4096]
    assert left == [], f"upload bytes left on the server: {left}"


# --- who may read and write what ------------------------------------------------------------------

def _objects(client, bucket: str, prefix: str) -> dict[str, str]:
    return {o.object_name: o.etag for o in client.list_objects(bucket, prefix=prefix, recursive=True)}


def _named(api, source: str, key: str) -> httpx.Response:
    return httpx.post(f"{api}/v1/checks", json={"source": source, "as_of": AS_OF}, headers={"X-API-Key": key},
                      timeout=300)


def test_a_key_reads_only_the_sources_its_scopes_name(api, s3):
    import io

    _, client = s3
    folder = SUBS / "clean-individual"
    for f in folder.iterdir():
        if f.name != "expected.json":
            client.put_object("submitted", f"incoming/scoped-1/{f.name}", io.BytesIO(f.read_bytes()), f.stat().st_size)
    assert post(api, folder, key=OTHER, filing=renamed(folder, "other-own-1")).status_code == 200
    cases = [  # (key, source, status, why)
        (KEY, "s3://submitted/incoming/scoped-1", 200, "under portal's read prefix"),
        (OTHER, "s3://submitted/incoming/scoped-1", 403, "other has no read scope"),
        (KEY, "s3://kept/incoming/other-own-1", 403, "another key's kept upload"),
        (OTHER, "s3://kept/incoming/other-own-1", 200, "its own kept upload, in its keep store"),
        (THIRD, "s3://kept/incoming/other-own-1", 403, "a third key's view of other's upload"),
        (KEY, "s3://submitted/incoming/../../kept/incoming/other-own-1", 422, "a path that climbs out of a prefix"),
        (KEY, "s3://submitted//incoming/scoped-1", 422, "an empty segment"),
        (KEY, "s3://submittedX/incoming/scoped-1", 403, "a bucket whose name starts like the scope's"),
    ]
    for key, source, status, why in cases:
        r = _named(api, source, key)
        assert r.status_code == status, f"{why}: {source} with {key}: {r.status_code} {r.text[:300]}"
        if status == 403:
            assert "read scopes" in r.json()["error"] and "检查" not in r.text, (why, r.text)
            assert "submission_id" not in r.text, f"{why}: a refused read leaked a report"
    assert 'code="403"' in httpx.get(f"{api}/metrics", timeout=10).text


def test_another_keys_upload_under_a_kept_id_is_409_and_changes_nothing(api, s3):
    _, client = s3
    folder = SUBS / "clean-enterprise"
    assert post(api, folder, key=KEY, filing=renamed(folder, "owned-1")).status_code == 200
    before = _objects(client, "kept", "incoming/owned-1/")
    other = SUBS / "name-typo"  # other files, the same id
    r = post(api, other, key=OTHER, filing=renamed(other, "owned-1"))
    assert r.status_code == 409 and "another key" in r.json()["error"], r.text
    assert _objects(client, "kept", "incoming/owned-1/") == before, "a refused upload changed kept bytes"
    assert 'code="409"' in httpx.get(f"{api}/metrics", timeout=10).text


def test_the_owners_reupload_is_a_new_version_the_nightly_flow_checks(api, s3):
    from beian import intake
    from beian.storage import S3Storage

    server, client = s3
    folder = SUBS / "clean-enterprise"
    assert post(api, folder, filing=renamed(folder, "reup-1")).status_code == 200
    store = S3Storage("kept", endpoint=f"127.0.0.1:{server.port}", access_key="test", secret_key="test",
                      secure=False, region="us-east-1", retries=0)
    assert "reup-1" in intake.pending(store)
    first = intake.process(store, "reup-1", dt.date.fromisoformat(AS_OF), "run-1")
    assert first.verdict == "pass" and "reup-1" not in intake.pending(store)
    v1 = _objects(client, "kept", "incoming/reup-1/v1/")
    typo = SUBS / "name-typo"  # the owner's second upload: other scans and another subject name
    r = post(api, typo, filing=renamed(typo, "reup-1"))
    assert r.status_code == 200 and r.json()["version"] == 2, r.text
    assert _objects(client, "kept", "incoming/reup-1/v1/") == v1, "the earlier version changed"
    assert intake.pending(store) and "reup-1" in intake.pending(store), "a new version is not pending"
    second = intake.process(store, "reup-1", dt.date.fromisoformat(AS_OF), "run-2")
    report = json.loads(client.get_object("kept", "reports/reup-1/report.json").read())
    assert report["version"] == 2 and second.verdict == "review", (report["version"], second)
    assert {u["file"].split("/")[0] for u in report["uploads"]} == {"v2"}, report["uploads"]
    page = client.get_object("kept", "reports/reup-1/index.html").read().decode()
    assert 'id="version"' in page and "v2" in page, "the review page does not say which version it checked"


def test_two_keys_racing_for_one_id(api, s3):
    """Both send at once; exactly one owns the id, and every kept byte is the winner's."""
    _, client = s3
    folders = {KEY: SUBS / "clean-enterprise", OTHER: SUBS / "name-typo"}
    for round_ in range(3):
        sid = f"race-{round_}"
        answers: dict = {}
        barrier = threading.Barrier(2)

        def send(key, folder):
            barrier.wait()
            answers[key] = post(api, folder, key=key, filing=renamed(folder, sid))

        threads = [threading.Thread(target=send, args=kf) for kf in folders.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = sorted(r.status_code for r in answers.values())
        assert codes == [200, 409], f"{sid}: {[(k, r.status_code, r.text[:200]) for k, r in answers.items()]}"
        winner = next(k for k, r in answers.items() if r.status_code == 200)
        kept = _objects(client, "kept", f"incoming/{sid}/")
        want = {f"incoming/{sid}/v1/{f.name}" for f in folders[winner].iterdir() if f.name != "expected.json"}
        assert set(kept) == want | {f"incoming/{sid}/v1/.version"}, f"{sid}: {sorted(kept)}"
        for f in folders[winner].iterdir():
            if f.name not in ("expected.json", "filing.json"):
                got = client.get_object("kept", f"incoming/{sid}/v1/{f.name}").read()
                assert got == f.read_bytes(), f"{sid}: {f.name} is not the winner's"


def test_keys_are_added_and_revoked_while_the_service_runs(api, tmp_path):
    from beian.keys import add_key, revoke_key

    folder = SUBS / "clean-individual"
    secret = add_key(api.keys, "late", [], None)
    r = post(api, folder, key=secret, filing=renamed(folder, "late-1"))
    assert r.status_code == 200, f"a key added to the file is not accepted: {r.text[:200]}"
    revoke_key(api.keys, "late")
    r = post(api, folder, key=secret, filing=renamed(folder, "late-2"))
    assert r.status_code == 401, f"a revoked key still works: {r.status_code}"
    good = api.keys.read_text()
    api.keys.write_text(good + "broken line\n")  # a typo keeps the keys in force, and says so
    try:
        assert post(api, folder, key=KEY, filing=renamed(folder, "late-3")).status_code == 200
        assert "beian_api_keys_reload_errors_total 1" in httpx.get(f"{api}/metrics", timeout=10).text
    finally:
        api.keys.write_text(good)


def test_every_request_is_in_the_audit_trail_without_personal_data(api, s3):
    from beian.audit import read
    from beian.storage import S3Storage

    server, _ = s3
    folder = SUBS / "two-principals"
    assert post(api, folder, filing=renamed(folder, "audited-1")).status_code == 200
    assert post(api, folder, key=OTHER, filing=renamed(folder, "audited-1")).status_code == 409
    assert post(api, folder, key="nobody").status_code == 401
    store = S3Storage("kept", endpoint=f"127.0.0.1:{server.port}", access_key="test", secret_key="test",
                      secure=False, region="us-east-1", retries=0)
    deadline = time.time() + 20
    while True:
        lines = read(store, dt.datetime.now(dt.timezone.utc).date())
        mine = [(x["key"], x["status"]) for x in lines if x.get("submission") == "audited-1"]
        if len(mine) >= 2 or time.time() > deadline:
            break
        time.sleep(0.5)
    assert ("portal", 200) in mine and ("other", 409) in mine, mine
    ok = next(x for x in lines if x.get("submission") == "audited-1" and x["status"] == 200)
    assert ok["verdict"] == "pass" and ok["version"] == 1 and ok["method"] == "POST", ok
    assert any(x["key"] is None and x["status"] == 401 for x in lines), "a refused key is not audited"
    text = json.dumps(lines, ensure_ascii=False)
    filing = json.loads((folder / "filing.json").read_text(encoding="utf-8"))
    for person in [filing["subject"].get("principal") or {}] + [w.get("principal") or {} for w in filing["websites"]]:
        for value in (person.get("name"), person.get("id_number")):
            assert not value or value not in text, "personal data in the audit trail"


def test_a_restarted_service_answers_and_finishes_an_earlier_job(s3, tmp_path):
    """A job accepted with 202, the service killed before its check ends; a new service on
    the same store finishes it and answers the job id."""
    import signal

    server, client = s3
    client.make_bucket("restart")
    env = {**os.environ, **S3ENV, "BEIAN_S3_ENDPOINT": f"127.0.0.1:{server.port}",
           "BEIAN_API_KEYS": f"portal:{KEY}", "BEIAN_WORKERS": "1", "BEIAN_API_KEEP_UPLOADS": "s3://restart",
           "HOME": str(tmp_path)}

    def start():
        port = free_port()
        log = open(tmp_path / f"api-{port}.log", "w")
        proc = subprocess.Popen([sys.executable, "-m", "beian.cli", "api", "--host", "127.0.0.1", "--port",
                                 str(port)], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        wait_until_healthy(f"http://127.0.0.1:{port}/healthz", proc, tmp_path / f"api-{port}.log")
        return proc, f"http://127.0.0.1:{port}"

    proc, url = start()
    try:
        r = post(url, SUBS / "expired-domain", wait="false")
        assert r.status_code == 202, r.text
        location = r.json()["location"]
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # no shutdown: the check in flight is lost with the process
        proc.wait(timeout=30)
    job = json.loads(client.get_object("restart", f"service/jobs/{location.rsplit('/', 1)[1]}.json").read())
    assert job["state"] == "running" and job["submission"]["kind"] == "kept", job
    proc, url = start()
    try:
        deadline = time.time() + 300
        while (got := httpx.get(f"{url}{location}", headers={"X-API-Key": KEY}, timeout=10)).status_code == 202:
            assert time.time() < deadline, "the resumed job never finished"
            time.sleep(0.5)
        assert got.status_code == 200 and got.json()["verdict"] == "review", got.text
        assert any(c["rule"] == "document_expired" and c["status"] == "expired" for c in got.json()["checks"])
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    # and a third service answers it from the store alone
    proc, url = start()
    try:
        again = httpx.get(f"{url}{location}", headers={"X-API-Key": KEY}, timeout=10)
        assert again.status_code == 200 and again.json() == got.json(), again.text[:300]
    finally:
        proc.terminate()
        proc.wait(timeout=60)
