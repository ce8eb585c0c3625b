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
KEY, OTHER = "k-provider-1", "k-provider-2"
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
    S3 on 127.0.0.1 for named submissions, uploads kept in s3://kept."""
    port = free_port()
    home = tmp_path_factory.mktemp("api")
    env = {**os.environ, **S3ENV, "BEIAN_S3_ENDPOINT": f"127.0.0.1:{s3[0].port}",
           "BEIAN_API_KEYS": f"portal:{KEY},other:{OTHER}", "BEIAN_WORKERS": "2",
           "BEIAN_API_KEY_CONCURRENCY": "1", "BEIAN_API_MAX_REQUEST_BYTES": str(LIMIT),
           "BEIAN_API_SYNC_SECONDS": "120", "BEIAN_API_KEEP_UPLOADS": "s3://kept", "HOME": str(home),
           "TMPDIR": str(SPOOL)}
    SPOOL.mkdir(exist_ok=True)
    log = open(home / "api.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "beian.cli", "api", "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    wait_until_healthy(f"{url}/healthz", proc, home / "api.log")
    yield url
    proc.terminate()
    proc.wait(timeout=60)
    log.close()


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
    assert r.json() == want, f"{folder.name}: the service's report differs from beian check's"
    assert r.json()["verdict"] == expected["verdict"]
    assert float(r.headers["server-timing"].removeprefix("check;dur=")) > 0


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}],
                         ids=["no key", "unknown key", "unknown bearer"])
def test_a_request_without_a_known_key_is_refused(api, headers):
    r = httpx.post(f"{api}/v1/checks", files=parts(SUBS / "clean-individual"), headers=headers, timeout=60)
    assert r.status_code == 401 and "API key" in r.json()["error"], r.text


def test_a_bearer_key_works(api):
    r = httpx.post(f"{api}/v1/checks", files=parts(SUBS / "clean-individual"), params={"as_of": AS_OF},
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
    assert kept == {f"incoming/id-number-digit/{f.name}" for f in (SUBS / "id-number-digit").iterdir()
                    if f.name != "expected.json"}, kept


def test_no_upload_is_left_on_the_server_after_the_answer(api, tmp_path):
    """Parts over 1 MB spill to temporary files while the request is parsed; none outlives it."""
    r = post(api, inflate(SUBS / "oversized-scan", tmp_path))  # a 6.5 MB scan: spilled to disk
    assert r.status_code == 200, r.text
    # (a library's 51-byte session marker may live there: no file of an upload's size does)
    left = [f for f in SPOOL.rglob("*") if f.is_file() and f.stat().st_size > 4096]
    assert left == [], f"upload bytes left on the server: {left}"
