"""The nightly intake against a real S3 wire server on 127.0.0.1, with real Prefect runs.

moto's S3 server stands in for MinIO (no MinIO server is in the package
registries); a fault proxy in front of it produces 503s, dropped connections,
stalls and outages. Flow runs are real: in-process under `prefect_test_harness`,
and as ``beian run`` subprocesses for crashes and concurrent runs.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT, prefect_home
from faults import FaultProxy, S3Server

SUBS = ROOT / "samples" / "submissions"
AS_OF = "2026-11-28"


@pytest.fixture(scope="session")
def s3():
    with S3Server() as server:
        proxy = FaultProxy(server.port)
        env = {"BEIAN_S3_ENDPOINT": f"127.0.0.1:{proxy.port}", "BEIAN_S3_ACCESS_KEY": "test",
               "BEIAN_S3_SECRET_KEY": "test", "BEIAN_S3_SECURE": "false", "BEIAN_S3_REGION": "us-east-1",
               "BEIAN_S3_TIMEOUT": "3", "BEIAN_S3_RETRIES": "3"}
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        from beian.settings import get_settings
        get_settings.cache_clear()
        yield server, proxy, env
        proxy.close()
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        get_settings.cache_clear()


@pytest.fixture(scope="session")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


def _processes_under(folder: Path) -> list[int]:
    """Processes whose environment points PREFECT_HOME (or BEIAN_HOME) inside ``folder``: the
    Prefect servers a killed run left behind (its ephemeral API runs in a session of its own,
    so killing the run's process group does not reach it)."""
    out = []
    marks = [f"PREFECT_HOME={folder}".encode()]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if any(m in environ for m in marks):
            out.append(int(proc.name))
    return out


@pytest.fixture(autouse=True)
def no_strays(tmp_path):
    """Every process a test started under its tmp_path is gone when it ends."""
    yield
    for pid in _processes_under(tmp_path):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def direct_client(server: S3Server):
    from minio import Minio

    return Minio(f"127.0.0.1:{server.port}", access_key="test", secret_key="test", secure=False, region="us-east-1")


def broken_filing(tmp: Path, name: str) -> Path:
    """A submission whose filing.json is not JSON (a corrupt upload); its scan is fine."""
    d = tmp / name
    d.mkdir()
    (d / "filing.json").write_bytes(b'{"submission_id": "x", "subject": ')
    shutil.copy(SUBS / "clean-individual" / "domain-cert.jpg", d / "scan.jpg")
    return d


def upload(server: S3Server, folders: list[Path]) -> tuple[str, dict[str, bytes]]:
    client = direct_client(server)
    bucket = "intake-" + uuid.uuid4().hex[:10]
    client.make_bucket(bucket)
    sent = {}
    for folder in folders:
        for f in sorted(folder.iterdir()):
            if f.name == "expected.json":
                continue
            key = f"incoming/{folder.name}/{f.name}"
            data = f.read_bytes()
            client.put_object(bucket, key, io.BytesIO(data), len(data))
            sent[key] = data
    return bucket, sent


def objects(server: S3Server, bucket: str) -> dict[str, object]:
    return {o.object_name: o for o in direct_client(server).list_objects(bucket, recursive=True)}


def read(server: S3Server, bucket: str, key: str) -> bytes:
    r = direct_client(server).get_object(bucket, key)
    try:
        return r.read()
    finally:
        r.close()


def assert_uploads_untouched(server, bucket, sent):
    for key, data in sent.items():
        assert read(server, bucket, key) == data, f"upload {key} changed"


def run_flow(bucket: str, **kw) -> dict:
    from beian.flows.nightly import with_runner

    return with_runner(2)(source=f"s3://{bucket}", as_of=AS_OF, workers=2, **kw)


def test_nightly_run_reports_every_pending_submission_once(s3, harness, tmp_path):
    server, proxy, _ = s3
    folders = [SUBS / "clean-individual", SUBS / "corrupt-scan", broken_filing(tmp_path, "broken-filing"),
               SUBS / "cross-region-permit", SUBS / "cross-region-permit-of-another"]  # a Shanghai 居住证 both ways
    bucket, sent = upload(server, folders)

    counts = run_flow(bucket)
    assert counts["pending"] == 5 and counts["pass"] == 2 and counts["review"] == 3, counts
    for name in ("cross-region-permit", "cross-region-permit-of-another"):
        report = json.loads(read(server, bucket, f"reports/{name}/report.json"))
        expected = json.loads((SUBS / name / "expected.json").read_text(encoding="utf-8"))
        got = {(c["rule"], c["field"], c["status"]) for c in report["checks"]}
        want = {(c["rule"], c["field"], c["status"]) for c in expected["checks"]}
        assert report["verdict"] == expected["verdict"] and want <= got, f"{name}: {report['verdict']}, {want - got}"
    objs = objects(server, bucket)
    for name in ("clean-individual", "corrupt-scan", "broken-filing"):
        report = json.loads(read(server, bucket, f"reports/{name}/report.json"))
        assert report["submission_id"] == name
    broken = json.loads(read(server, bucket, "reports/broken-filing/report.json"))
    assert broken["verdict"] == "review" and "filing.json" in broken["checks"][0]["message"], broken
    corrupt = json.loads(read(server, bucket, "reports/corrupt-scan/report.json"))
    assert any(c["rule"] == "file_unreadable" and c["document"] == "id-0-back.jpg" for c in corrupt["checks"])
    assert not [k for k in objs if k.endswith((".tmp", ".claim"))], "temporary objects or claims left behind"
    assert_uploads_untouched(server, bucket, sent)
    for name in ("clean-individual", "corrupt-scan", "broken-filing"):
        page = read(server, bucket, f"reports/{name}/index.html").decode("utf-8")
        assert '<html lang="zh-CN">' in page and name in page, f"{name}: no review page beside the report"
    index = read(server, bucket, "reports/index.html").decode("utf-8")
    assert index.index("corrupt-scan/index.html") < index.index("clean-individual/index.html"), \
        "the night's index does not list review first"

    again = run_flow(bucket)
    assert again["pending"] == 0, f"second run found work: {again}"
    after = objects(server, bucket)
    for key, o in objs.items():
        if key.startswith("reports/"):
            assert after[key].etag == o.etag and after[key].last_modified == o.last_modified, f"{key} rewritten"

    # a new upload makes its submission pending again, and only that one
    time.sleep(1.1)
    data = (SUBS / "clean-individual" / "domain-cert.jpg").read_bytes()
    direct_client(server).put_object(bucket, "incoming/broken-filing/scan2.jpg", io.BytesIO(data), len(data))
    from beian import intake
    from beian.storage import open_storage
    assert intake.pending(open_storage(f"s3://{bucket}")) == ["broken-filing"]


def test_artifact_holds_no_personal_data(s3, harness, tmp_path):
    from prefect.artifacts import Artifact

    server, _, _ = s3
    bucket, _ = upload(server, [SUBS / "name-typo"])
    run_flow(bucket)
    art = Artifact.get("nightly-intake")
    text = json.dumps(art.data, ensure_ascii=False) if not isinstance(art.data, str) else art.data
    filing = json.loads((SUBS / "name-typo" / "filing.json").read_text(encoding="utf-8"))
    for secret in (filing["principal"]["name"], filing["principal"]["id_number"], filing["subject"]["name"],
                   filing["subject"]["address"]):
        assert secret not in text, "personal data in the artifact"
    assert "name-typo" in text and "field_match" in text
    link = Artifact.get("nightly-intake-index")
    assert f"s3://{bucket}/reports/index.html" in link.data, link.data
    for secret in (filing["principal"]["name"], filing["principal"]["id_number"], filing["subject"]["name"]):
        assert secret not in link.data, "personal data in the index artifact"


def test_transient_storage_faults_are_retried(s3, harness, tmp_path):
    server, proxy, _ = s3
    bucket, sent = upload(server, [broken_filing(tmp_path, "one"), broken_filing(tmp_path, "two")])
    try:
        proxy.fail("503", budget=2)
        counts = run_flow(bucket)
    finally:
        proxy.heal()
    assert counts["review"] == 2 and counts["error"] == 0, counts
    assert proxy.faults >= 2, "no fault was injected"
    assert set(k for k in objects(server, bucket) if k.endswith("report.json")) == {
        "reports/one/report.json", "reports/two/report.json"}
    assert_uploads_untouched(server, bucket, sent)


@pytest.mark.parametrize("mode, budget", [("drop", 2), ("stall", 1)])
def test_dropped_connections_and_stalls_are_retried(s3, harness, tmp_path, mode, budget):
    server, proxy, _ = s3
    bucket, _ = upload(server, [broken_filing(tmp_path, f"{mode}-sub")])
    faults = proxy.faults
    try:
        proxy.fail(mode, budget=budget)
        counts = run_flow(bucket)
    finally:
        proxy.heal()
    assert counts["review"] == 1 and counts["error"] == 0, f"{mode}: {counts}"
    assert proxy.faults > faults, f"{mode}: no fault was injected"


def cli(env_extra: dict, *args: str, home: Path) -> subprocess.Popen:
    env = {**os.environ, **env_extra, "PREFECT_HOME": str(prefect_home(home)), "PREFECT_API_URL": ""}
    env.pop("PREFECT_API_URL")
    return subprocess.Popen([sys.executable, "-m", "beian.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)


def test_unreachable_storage_fails_the_run_loudly(s3, tmp_path):
    server, proxy, env = s3
    bucket, _ = upload(server, [broken_filing(tmp_path, "five")])
    proxy.fail("down")
    try:
        p = cli(env, "run", f"s3://{bucket}", home=tmp_path / "home")
        out, err = p.communicate(timeout=240)
    finally:
        proxy.heal()
    assert p.returncode != 0, out
    last = err.strip().splitlines()[-1]
    assert last.startswith("beian: error: bucket") and "unreachable" in last, err[-500:]


def test_crash_midway_leaves_no_torn_report_and_rerun_finishes(s3, tmp_path):
    server, _, env = s3
    names = ["clean-individual", "expired-domain", "domain-holder"]
    bucket, sent = upload(server, [SUBS / n for n in names])
    p = cli(env, "run", f"s3://{bucket}", "--as-of", AS_OF, "--workers", "1", home=tmp_path / "h1")
    deadline = time.time() + 240
    while time.time() < deadline and not any(k.endswith("report.json") for k in objects(server, bucket)):
        time.sleep(0.2)
    os.killpg(p.pid, signal.SIGKILL)  # the whole run, workers included, dies at once
    p.wait()
    done = [k for k in objects(server, bucket) if k.endswith("report.json")]
    assert 1 <= len(done) < 3, f"kill came too late or too early: {done}"
    for k in done:
        json.loads(read(server, bucket, k))  # complete JSON, never a torn object
    # the next run (claims of the dead run are stale at once with a zero TTL) finishes the rest
    p2 = cli({**env, "BEIAN_CLAIM_TTL_MINUTES": "0"}, "run", f"s3://{bucket}", "--as-of", AS_OF,
             home=tmp_path / "h2")
    out, err = p2.communicate(timeout=400)
    assert p2.returncode == 0, err[-800:]
    reports = sorted(k for k in objects(server, bucket) if k.endswith("report.json"))
    assert reports == sorted(f"reports/{n}/report.json" for n in names)
    assert f"pending {3 - len(done)}" in out, out
    assert_uploads_untouched(server, bucket, sent)


def test_two_concurrent_runs_never_process_one_submission_twice(s3, tmp_path):
    server, _, env = s3
    folders = [broken_filing(tmp_path, f"c{i}") for i in range(4)] + [SUBS / "clean-individual"]
    bucket, _ = upload(server, folders)
    runs = [cli(env, "run", f"s3://{bucket}", "--as-of", AS_OF, "--workers", "1", home=tmp_path / f"h{i}")
            for i in range(2)]
    outs = [r.communicate(timeout=400) for r in runs]
    for r, (_out, err) in zip(runs, outs):
        assert r.returncode == 0, err[-800:]
    processed = 0
    for out, _ in outs:
        summary = [ln for ln in out.splitlines() if ln.startswith("pending")][-1]
        fields = dict(part.rsplit(" ", 1) for part in summary.split(" · "))
        processed += int(fields["pass"]) + int(fields["review"])
    assert processed == 5, f"{processed} checks for 5 submissions: {[o for o, _ in outs]}"
    assert len([k for k in objects(server, bucket) if k.endswith("report.json")]) == 5


def test_dask_cluster_runs_the_checks(s3, harness, tmp_path):
    """--dask-address: the checks run on the cluster's workers (a LocalCluster here)."""
    from distributed import LocalCluster

    from beian.flows.nightly import with_runner

    server, _, _ = s3
    bucket, _ = upload(server, [SUBS / "clean-individual", broken_filing(tmp_path, "d1")])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        counts = with_runner(dask_address=cluster.scheduler_address)(
            source=f"s3://{bucket}", as_of=AS_OF, dask_address=cluster.scheduler_address)
    assert counts["pass"] == 1 and counts["review"] == 1, counts
    assert json.loads(read(server, bucket, "reports/clean-individual/report.json"))["verdict"] == "pass"


@contextmanager
def dask_cluster(tmp_path: Path, env: dict, workers: int = 2):
    """`dask scheduler` and `dask worker --nworkers N` as their own processes on 127.0.0.1,
    as the README tells a site to start them; yields (address, worker CLI process, log)."""
    from faults import free_port

    port = free_port()
    bindir = Path(sys.executable).parent
    full = {**os.environ, **env}
    log = tmp_path / "worker.log"
    procs = [subprocess.Popen([str(bindir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=full,
                              cwd=tmp_path)]
    try:
        time.sleep(3)
        with open(log, "w") as out:
            procs.append(subprocess.Popen([str(bindir / "dask"), "worker", f"tcp://127.0.0.1:{port}", "--nworkers",
                                           str(workers), "--nthreads", "1", "--no-dashboard", "--preload",
                                           "beian.flows.dask_preload"], stdout=out, stderr=subprocess.STDOUT,
                                          env=full, cwd=tmp_path))
        yield f"tcp://127.0.0.1:{port}", procs[1], log
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


@pytest.mark.parametrize("env, undone", [({"MALLOC_TRIM_THRESHOLD_": "65536"}, True), ({}, False)])
def test_the_dask_preload_undoes_the_nannys_allocator_setting(env, undone):
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_ (checks ran 1.3x slower); the preload undoes it
    in the worker process, and leaves a process without it alone."""
    base = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    r = subprocess.run([sys.executable, "-c", "from beian.flows.dask_preload import undo_trim_threshold as u;"
                        "print(u())"], env={**base, **env}, capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == str(undone), f"{env}: {r.stdout} {r.stderr[-500:]}"


def test_cli_runs_on_a_dask_cluster_of_separate_processes(s3, tmp_path):
    """As the README tells a site to do it: `dask scheduler` and `dask worker` started as
    their own processes, then `beian run ... --dask-address`. What travels to the workers
    is importable by name; nothing of the driving process (its progress display) goes along."""
    server, _, env = s3
    bucket, _ = upload(server, [SUBS / "clean-individual", broken_filing(tmp_path, "dask-b")])
    with dask_cluster(tmp_path, env) as (address, _worker, log):
        p = cli(env, "run", f"s3://{bucket}", "--as-of", AS_OF, "--dask-address", address, home=tmp_path / "h")
        out, err = p.communicate(timeout=400)
    assert p.returncode == 0, err[-1500:]
    assert "pending 2 · pass 1 · review 1" in out, out
    assert json.loads(read(server, bucket, "reports/clean-individual/report.json"))["verdict"] == "pass"
    loaded = log.read_text().count("OCR engine rapidocr loaded in Dask worker")
    assert loaded == 2, f"the preload loaded the engine in {loaded} of 2 worker processes"


def test_a_dask_worker_killed_mid_run_loses_nothing(s3, tmp_path):
    """The Dask worker processes are killed while one checks: their nannies start new ones,
    Dask runs the lost tasks again (the run's own claim lets it), and every submission gets
    exactly its one report."""
    import psutil

    server, _, env = s3
    names = ["clean-individual", "clean-enterprise", "name-typo", "expired-domain"]
    bucket, sent = upload(server, [SUBS / n for n in names])
    with dask_cluster(tmp_path, env) as (address, worker, _log):
        p = cli(env, "run", f"s3://{bucket}", "--as-of", AS_OF, "--dask-address", address, home=tmp_path / "h")
        deadline = time.time() + 300
        while time.time() < deadline and not any(k.endswith("/.claim") for k in objects(server, bucket)):
            time.sleep(0.2)
        workers = [c for c in psutil.Process(worker.pid).children() if "spawn" in " ".join(c.cmdline())]
        assert workers, "no worker process to kill"
        for w in workers:  # every worker, so the one checking dies mid-check (a crash, the OOM killer)
            w.kill()
        out, err = p.communicate(timeout=500)
    assert p.returncode == 0, err[-1500:]
    reports = sorted(k for k in objects(server, bucket) if k.endswith("report.json"))
    assert reports == sorted(f"reports/{n}/report.json" for n in names), f"lost: {reports}"
    summary = [ln for ln in out.splitlines() if ln.startswith("pending")][-1]
    assert "pending 4" in summary and "error 0" in summary, summary
    rows = [ln for ln in out.splitlines() if any(f" {n} " in ln for n in names)]
    assert len(rows) == 4, f"a submission reported twice or not at all: {rows}"
    assert_uploads_untouched(server, bucket, sent)


@contextmanager
def prefect_server(tmp_path: Path):
    """`prefect server start` on 127.0.0.1 with its own home; yields the env that points at it."""
    from faults import free_port, wait_until_healthy

    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(prefect_home(tmp_path / "prefect-home")),
           "PREFECT_API_URL": f"http://127.0.0.1:{port}/api", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DO_NOT_TRACK": "1", "PREFECT_WORKER_QUERY_SECONDS": "2", "PREFECT_CLI_PROMPT": "false"}
    bindir = Path(sys.executable).parent
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen([str(bindir / "prefect"), "server", "start", "--host", "127.0.0.1", "--port",
                               str(port)], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp_path,
                              start_new_session=True)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/api/health", server, tmp_path / "server.log", 120)
        yield env
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()


@pytest.mark.parametrize("entrypoint", ["flows/nightly.py:nightly_intake", "flows/nightly.py:nightly_intake_dask",
                                        "beian.flows.nightly.nightly_intake_dask",
                                        # the former module name, kept for deployments made before
                                        "flows/intake.py:nightly_intake", "beian.flows.intake.nightly_intake_dask"])
def test_a_flow_loaded_by_its_file_path_ships_functions_workers_can_import(entrypoint):
    """Prefect loads an entrypoint given by path as a module of another name; what its
    tasks ship to a Dask worker must still be importable there by name."""
    from prefect.flows import load_flow_from_entrypoint

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        flow = load_flow_from_entrypoint(entrypoint)
    finally:
        os.chdir(cwd)
    check_one = flow.fn.__globals__["check_one"]
    shipped = {flow.fn.__module__, check_one.fn.__module__, check_one.retry_condition_fn.__module__}
    assert shipped == {"beian.flows.nightly"}, f"{entrypoint}: functions from {shipped}"


def test_both_deployments_run_through_a_prefect_server_and_a_process_worker(s3, tmp_path):
    """As a site deploys them: a Prefect server, a process work pool, `prefect deploy --all`
    from prefect.yaml, `prefect worker start`, and for nightly-intake-dask a Dask scheduler and
    workers as their own processes; a run of each deployment checks every pending submission."""
    server, _, s3env = s3
    bucket, sent = upload(server, [SUBS / "clean-individual", SUBS / "name-typo", broken_filing(tmp_path, "dep-b")])
    units = {"clean-enterprise": "pass", "clean-institution": "pass", "government-site-on-com": "review"}
    local_bucket, _ = upload(server, [SUBS / n for n in units])  # subjects of three types
    bindir = Path(sys.executable).parent
    with dask_cluster(tmp_path, s3env) as (address, _worker, dask_log), prefect_server(tmp_path) as penv:
        env = {**penv, **s3env, "BEIAN_HOME": str(ROOT), "BEIAN_SOURCE": f"s3://{bucket}",
               "BEIAN_DASK_ADDRESS": address}

        def prefect(*args, timeout=300, check=True):
            r = subprocess.run([str(bindir / "prefect"), *args], env=env, cwd=ROOT, capture_output=True,
                               text=True, timeout=timeout)
            assert r.returncode == 0 or not check, f"prefect {' '.join(args)}: {r.stdout[-1500:]}{r.stderr[-1500:]}"
            return r.stdout + r.stderr

        def run(deployment: str, *params: str) -> str:
            return prefect("deployment", "run", deployment, "--param", f'as_of="{AS_OF}"', *params, "--watch",
                           "--watch-timeout", "500", timeout=560, check=False)

        prefect("work-pool", "create", "beian", "--type", "process")
        prefect("--no-prompt", "deploy", "--all")
        with open(tmp_path / "prefect-worker.log", "w") as wlog:
            worker = subprocess.Popen([str(bindir / "prefect"), "worker", "start", "--pool", "beian"],
                                      stdout=wlog, stderr=subprocess.STDOUT, env=env, cwd=tmp_path,
                                      start_new_session=True)
            try:
                on_dask = run("nightly-intake-dask/nightly-intake-dask")
                on_one = run("nightly-intake/nightly-intake", "--param", f"source=s3://{local_bucket}")
            finally:
                os.killpg(worker.pid, signal.SIGINT)
                try:
                    worker.wait(timeout=60)
                except subprocess.TimeoutExpired:  # a loaded machine: the worker's shutdown is not under test
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait(timeout=30)
        ran = (tmp_path / "prefect-worker.log").read_text()
    for out in (on_dask, on_one):
        assert "in 'Completed'" in out.splitlines()[-1], out[-1500:] + ran[-4000:]
    verdicts = {n: json.loads(read(server, bucket, f"reports/{n}/report.json"))["verdict"]
                for n in ("clean-individual", "name-typo", "dep-b")}
    assert verdicts == {"clean-individual": "pass", "name-typo": "review", "dep-b": "review"}, verdicts
    assert "Connecting to an existing Dask cluster at " + address in ran, ran[-3000:]
    assert dask_log.read_text().count("OCR engine rapidocr loaded in Dask worker") == 2
    got = {n: json.loads(read(server, local_bucket, f"reports/{n}/report.json"))["verdict"] for n in units}
    assert got == units, got
    assert_uploads_untouched(server, bucket, sent)


def test_check_one_submission_from_s3(s3, tmp_path):
    server, _, env = s3
    bucket, _ = upload(server, [SUBS / "missing-certificate"])
    p = cli(env, "check", f"s3://{bucket}/incoming/missing-certificate", "--json", "--as-of", AS_OF,
            home=tmp_path / "h")
    out, err = p.communicate(timeout=300)
    assert p.returncode == 1, err[-500:]
    report = json.loads(out)
    assert any(c["rule"] == "required_document" and c["status"] == "missing" for c in report["checks"])
    p = cli(env, "check", f"s3://{bucket}/incoming/nobody", home=tmp_path / "h")
    out, err = p.communicate(timeout=120)
    assert p.returncode == 2 and "no such submission" in err, err


def test_s3_claims_are_conditional(s3):
    """On S3 the claim's take-over and release are conditional on its ETag: of many
    runs taking over one stale claim exactly one wins, and a late release by the
    dead run leaves the winner's claim in place."""
    from concurrent.futures import ThreadPoolExecutor

    from beian import intake
    from beian.storage import open_storage

    server, _proxy, _env = s3
    bucket = "claims-" + uuid.uuid4().hex[:10]
    direct_client(server).make_bucket(bucket)
    store = open_storage(f"s3://{bucket}")
    store.write("reports/a/.claim", json.dumps({"run": "dead", "at": "2020-01-01T00:00:00+00:00"}).encode())
    with ThreadPoolExecutor(6) as pool:
        won = list(pool.map(lambda i: intake.claim(store, "a", f"run{i}", 60), range(6)))
    assert sum(won) == 1, f"{sum(won)} runs took over one stale claim"
    winner = f"run{won.index(True)}"
    intake.release(store, "a", "dead")
    assert not intake.claim(store, "a", "late", 60), "the dead run's release freed the winner's claim"
    intake.release(store, "a", winner)
    assert intake.claim(store, "a", "next", 60), "the winner's release did not free the claim"
    store.write("reports/b/.claim", b"")
    assert not intake.claim(store, "b", "r", 60), "an empty claim just written must hold"
    assert intake.claim(store, "b", "r", 0), "an empty claim left behind expires"
