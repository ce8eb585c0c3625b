"""Benchmark of `beian api` against `beian check` on the same four-scan submissions.

    python benchmarks/api_bench.py [--rounds 2] [--clients 8]

* Per submission: `check` in one warm process with one OCR thread (what a worker
  process does) against a request to the service with one worker process, sent one at
  a time: the ratio is what the service adds (upload, multipart, queue, JSON), and
  shows the engine stays warm between requests. `beian check` as a fresh process (the
  engine loaded each time) is listed too.
* Under load: the service with one worker process per core and a small queue, hit by
  ``--clients`` clients at once (each its own key): requests per minute, p50/p95 of the
  answered ones, and how many got 429 (over capacity: at once, never a timeout).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
AS_OF = "2026-11-28"


def four_scan_submissions() -> list[Path]:
    subs = sorted((ROOT / "samples" / "submissions").iterdir())
    return [s for s in subs if len([f for f in s.iterdir() if f.suffix in (".jpg", ".png")]) == 4
            and s.name != "oversized-scan"]


def files(folder: Path) -> list:
    out = [("filing.json", ("filing.json", (folder / "filing.json").read_bytes(), "application/json"))]
    return out + [("files", (f.name, f.read_bytes(), "application/octet-stream"))
                  for f in sorted(folder.iterdir()) if f.name not in ("filing.json", "expected.json")]


class Service:
    def __init__(self, workers: int, queue: int, keys: int) -> None:
        from faults import free_port, wait_until_healthy

        self.port = free_port()
        self.keys = [f"bench-key-{i}" for i in range(keys)]
        self.log = Path(tempfile.mkstemp(prefix="api-bench-", suffix=".log")[1])
        env = {**os.environ, "BEIAN_API_KEYS": ",".join(f"c{i}:{k}" for i, k in enumerate(self.keys)),
               "BEIAN_WORKERS": str(workers), "BEIAN_API_QUEUE": str(queue), "BEIAN_API_KEY_CONCURRENCY": "2",
               "BEIAN_API_SYNC_SECONDS": "300"}
        self.proc = subprocess.Popen([sys.executable, "-m", "beian.cli", "api", "--port", str(self.port)],
                                     stdout=open(self.log, "w"), stderr=subprocess.STDOUT, env=env)
        wait_until_healthy(self.url + "/healthz", self.proc, self.log)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def post(self, folder: Path, key: int = 0) -> tuple[int, float]:
        t0 = time.perf_counter()
        r = httpx.post(self.url + "/v1/checks", files=files(folder), params={"as_of": AS_OF},
                       headers={"X-API-Key": self.keys[key]}, timeout=600)
        self.worker_seconds = float(r.headers.get("server-timing", "check;dur=nan").split("=")[1]) / 1000
        return r.status_code, time.perf_counter() - t0

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    subs = four_scan_submissions()
    os.environ["BEIAN_OCR_THREADS"] = "1"
    import cv2

    from beian.check import check, load_folder
    from beian.extractors.ocr import get_engine

    cv2.setNumThreads(1)  # as in a worker process: one core for OpenCV too
    get_engine("rapidocr", 1)
    check(load_folder(subs[0]), as_of=dt.date.fromisoformat(AS_OF))  # warm
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "beian.cli", "check", str(subs[0]), "--as-of", AS_OF, "--json"],
                   capture_output=True, check=False)
    fresh = time.perf_counter() - t0

    # interleaved, one submission at a time: the machine's drift hits both sides alike
    svc = Service(workers=1, queue=4, keys=1)
    in_process, one, inside = [], [], []
    try:
        svc.post(subs[0])  # the first request after start
        for _ in range(args.rounds):
            for s in subs:
                t0 = time.perf_counter()
                check(load_folder(s), as_of=dt.date.fromisoformat(AS_OF))
                in_process.append(time.perf_counter() - t0)
                status, t = svc.post(s)
                assert status == 200, status
                one.append(t)
                inside.append(svc.worker_seconds)
    finally:
        svc.close()

    cores = os.cpu_count() or 1
    svc = Service(workers=cores, queue=2, keys=args.clients)
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    try:
        def client(i: int) -> None:
            for k in range(args.rounds * 2):
                status, t = svc.post(subs[(i + k) % len(subs)], key=i)
                with lock:
                    results.append((status, t))
                if status == 429:
                    time.sleep(0.5)  # as a portal would: back off, then retry the next one

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        svc.close()
    ok = sorted(t for s, t in results if s == 200)
    refused = [t for s, t in results if s == 429]
    other = [s for s, _ in results if s not in (200, 429)]

    def pct(xs: list[float], q: float) -> float:
        return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")

    med_check, med_one = statistics.median(in_process), statistics.median(one)
    print(f"{len(subs)} four-scan submissions x {args.rounds} rounds; {cores} cores\n")
    print("| measure | value |\n|---|---|")
    print(f"| `check` in a warm process (one OCR thread), median per submission | {med_check:.2f} s |")
    print(f"| the service, one worker process, one request at a time, median | {med_one:.2f} s |")
    paired = statistics.median(b / a for a, b in zip(in_process, one))
    print(f"| **service / `check`**, median of the paired ratios (same submission, back to back) | "
          f"**{paired:.3f}x** (medians: {(med_one - med_check) * 1000:+.0f} ms) |")
    print(f"| of a request: the check inside the worker process (Server-Timing), median | "
          f"{statistics.median(inside):.2f} s |")
    print(f"| of a request: what the service adds beyond its check (upload, parse, queue, answer), median | "
          f"{statistics.median(b - a for a, b in zip(inside, one)) * 1000:.0f} ms |")
    print(f"| `beian check` as a fresh process (engine loaded each time), one submission | {fresh:.1f} s |")
    print(f"| under load: {args.clients} clients, {cores} worker processes, queue 2: answered per minute | "
          f"{60 * len(ok) / wall:.1f} |")
    print(f"| under load: p50 / p95 of answered requests | {pct(ok, 0.5):.1f} s / {pct(ok, 0.95):.1f} s |")
    print(f"| under load: refused with 429 (over capacity), slowest refusal | {len(refused)} of {len(results)}, "
          f"{max(refused, default=0) * 1000:.0f} ms |")
    print(f"| other statuses | {other or 'none'} |")


if __name__ == "__main__":
    main()
