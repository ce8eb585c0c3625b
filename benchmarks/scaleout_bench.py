"""Scale-out benchmark: the nightly intake on 1 and 2 Dask worker processes against
`beian run --workers 1` and `--workers 2` on the same submissions.

    python benchmarks/scaleout_bench.py [--copies 2]

The bundled sample submissions (``--copies`` times each) sit in a folder store; each
configuration checks all of them from scratch (the reports are removed between runs):

* ``--workers N``: the flow with its own pool of N OCR processes, started by the run
  (as every night: the pool's start and model load are part of the run);
* Dask N: `dask scheduler` and `dask worker --nworkers N --nthreads 1 --preload
  beian.flows.dask_preload` started as processes beforehand (a cluster outlives a
  night: its engines are loaded before the run), then the flow with ``dask_address``.

Every OCR process runs one onnxruntime thread (``BEIAN_OCR_THREADS=1``), so N processes
use N cores. Memory is the peak resident set of each OCR process, sampled every 0.2 s.
Efficiency of the second worker = throughput(2) / (2 x throughput(1)). The Prefect API
(ephemeral) is started before timing. Times on a shared machine are noise: read ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ["BEIAN_OCR_THREADS"] = "1"
ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-28"


def stage(copies: int) -> tuple[Path, int]:
    store = Path(tempfile.mkdtemp(prefix="scaleout-"))
    for k in range(copies):
        for sub in sorted((ROOT / "samples" / "submissions").iterdir()):
            dest = store / "incoming" / f"{sub.name}-{k}"
            shutil.copytree(sub, dest)
            (dest / "expected.json").unlink(missing_ok=True)
    return store, len(list((store / "incoming").iterdir()))


class PeakRss:
    """Peak resident set per OCR process below ``root`` (multiprocessing children)."""

    def __init__(self, root: int) -> None:
        import psutil

        self.root, self.peak, self._stop = psutil.Process(root), {}, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            for p in self.root.children(recursive=True):
                try:
                    if "multiprocessing" in " ".join(p.cmdline()):
                        self.peak[p.pid] = max(self.peak.get(p.pid, 0), p.memory_info().rss)
                except psutil.Error:
                    pass
            self._stop.wait(0.2)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def per_process_mb(self) -> float:
        return max(self.peak.values(), default=0) / 2**20


@contextmanager
def dask_cluster(workers: int):
    """A scheduler and ``workers`` worker processes, as the README tells a site to start them."""
    from distributed import Client

    sys.path.insert(0, str(ROOT / "tests"))
    from faults import free_port

    port, bindir = free_port(), Path(sys.executable).parent
    scheduler = subprocess.Popen([str(bindir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([str(bindir / "dask"), "worker", f"tcp://127.0.0.1:{port}", "--nworkers",
                               str(workers), "--nthreads", "1", "--no-dashboard", "--preload",
                               "beian.flows.dask_preload"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        address = f"tcp://127.0.0.1:{port}"
        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=180)  # the preload has loaded their engines
        yield address, worker.pid
    finally:
        for p in (worker, scheduler):
            p.terminate()
        for p in (worker, scheduler):
            p.wait(timeout=60)


def timed(flow, store: Path, **kw) -> float:
    shutil.rmtree(store / "reports", ignore_errors=True)
    t0 = time.perf_counter()
    counts = flow(source=str(store), as_of=AS_OF, **kw)
    elapsed = time.perf_counter() - t0
    assert counts["error"] == 0 and counts["pass"] + counts["review"] == counts["pending"], counts
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=2)
    args = ap.parse_args()
    store, n = stage(args.copies)
    from beian.flows.nightly import with_runner

    warm = Path(tempfile.mkdtemp(prefix="scaleout-warm-"))
    (warm / "incoming" / "w").mkdir(parents=True)
    (warm / "incoming" / "w" / "filing.json").write_text("{not json", encoding="utf-8")
    with_runner(1)(source=str(warm), as_of=AS_OF, workers=-1)  # starts the ephemeral API

    rows = []
    for k in (1, 2):
        with PeakRss(os.getpid()) as mem:
            t = timed(with_runner(k), store, workers=k)
        rows.append((f"`beian run --workers {k}`", k, t, mem.per_process_mb()))
    for k in (1, 2):
        with dask_cluster(k) as (address, pid), PeakRss(pid) as mem:
            t = timed(with_runner(dask_address=address), store, dask_address=address)
        rows.append((f"Dask, {k} worker process{'es' if k > 1 else ''}", k, t, mem.per_process_mb()))

    base = {name.split(",")[0].split(" --")[0]: t for name, k, t, _ in rows if k == 1}
    print(f"{n} submissions, {os.cpu_count()} cores, one onnxruntime thread per OCR process\n")
    print("| configuration | OCR processes | submissions/min | peak memory per OCR process | efficiency of the 2nd |")
    print("|---|---|---|---|---|")
    for name, k, t, mb in rows:
        one = base[name.split(",")[0].split(" --")[0]]
        eff = f"{one / t / k:.2f}" if k > 1 else "-"
        print(f"| {name} | {k} | {60 * n / t:.1f} | {mb:.0f} MB | {eff} |")
    pool2, dask2 = rows[1][2], rows[3][2]
    print(f"\nDask 2 / `--workers 2` throughput ratio: **{pool2 / dask2:.2f}x**")
    shutil.rmtree(store)
    shutil.rmtree(warm)


if __name__ == "__main__":
    sys.exit(main())
