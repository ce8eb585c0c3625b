"""Benchmark of the nightly intake (``beian run``) against checking one by one.

    python benchmarks/intake_bench.py [--copies 1]

* Throughput: the bundled sample submissions (``--copies`` times each) through the
  flow with one worker process per core, against the same submissions checked one
  after another by `beian.check.check` in one warm process, once on one core
  (one OCR thread) and once with onnxruntime's own threads on every core (the
  model's intra-op threads already use the second core well on small pages).
* What `check` costs beyond reading a submission's scans (filing, matching, rules).
* Prefect's overhead per submission: the flow over submissions that cost nothing
  to check (a broken filing.json), checked in the task threads, against the same
  `beian.intake.process` calls without Prefect.

The Prefect API (ephemeral) is started once before timing. Read the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 28)


def stage(copies: int, trivial: int) -> tuple[Path, Path]:
    real, cheap = Path(tempfile.mkdtemp(prefix="intake-real-")), Path(tempfile.mkdtemp(prefix="intake-cheap-"))
    for k in range(copies):
        for sub in sorted((ROOT / "samples" / "submissions").iterdir()):
            shutil.copytree(sub, real / "incoming" / f"{sub.name}-{k}")
    for k in range(trivial):
        d = cheap / "incoming" / f"t{k:03d}"
        d.mkdir(parents=True)
        (d / "filing.json").write_text("{not json", encoding="utf-8")
    return real, cheap


def check_overhead(subs: list[Path]) -> list[float]:
    """Seconds `check` costs beyond reading the same scans (median of 2 runs each)."""
    import statistics

    from beian.check import check, load_folder
    from beian.extractors.read import read_bytes

    out = []
    for s in subs:
        sub = load_folder(s)
        reads, checks = [], []
        for _ in range(2):
            t0 = time.perf_counter()
            for name, data in sub.scans:
                try:
                    read_bytes(data, name)
                except Exception:
                    pass
            reads.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            check(sub, as_of=AS_OF)
            checks.append(time.perf_counter() - t0)
        out.append(statistics.median(checks) - statistics.median(reads))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--trivial", type=int, default=100)
    args = ap.parse_args()
    real, cheap = stage(args.copies, args.trivial)
    from beian import intake
    from beian.check import check, load_folder
    from beian.extractors.ocr import get_engine
    from beian.flows.nightly import with_runner
    from beian.settings import get_settings
    from beian.storage import FolderStorage

    subs = sorted((real / "incoming").iterdir())

    def one_by_one(threads: str) -> float:
        os.environ["BEIAN_OCR_THREADS"] = threads
        get_settings.cache_clear()
        get_engine(get_settings().ocr_engine, get_settings().ocr_threads)  # warm
        check(load_folder(subs[0]), as_of=AS_OF)
        t0 = time.perf_counter()
        for s in subs:
            check(load_folder(s), as_of=AS_OF)
        return time.perf_counter() - t0

    t_seq1 = one_by_one("1")  # one core
    extra = check_overhead(subs[:8])
    t_seq = one_by_one("0")  # onnxruntime's own threads on every core
    os.environ.pop("BEIAN_OCR_THREADS")
    get_settings.cache_clear()

    flow = with_runner()
    flow(source=str(cheap), as_of=AS_OF.isoformat(), workers=-1)  # starts the API; the trivial set is now done
    shutil.rmtree(cheap / "reports")
    t0 = time.perf_counter()
    counts = flow(source=str(real), as_of=AS_OF.isoformat())
    t_flow = time.perf_counter() - t0
    assert counts["pending"] == len(subs), counts

    t0 = time.perf_counter()
    flow(source=str(cheap), as_of=AS_OF.isoformat(), workers=-1)
    t_flow_cheap = time.perf_counter() - t0
    shutil.rmtree(cheap / "reports")
    store = FolderStorage(cheap)
    t0 = time.perf_counter()
    for sid in intake.pending(store):
        intake.process(store, sid, AS_OF, "bench")
    t_plain_cheap = time.perf_counter() - t0

    n, m = len(subs), args.trivial
    print("| measure | value |\n|---|---|")
    print(f"| submissions (scans OCR'd) | {n} |")
    print(f"| one by one in one process (`check`), one OCR thread, submissions/min | {60 * n / t_seq1:.1f} |")
    print(f"| one by one in one process, onnxruntime threads on all cores, submissions/min | {60 * n / t_seq:.1f} |")
    print(f"| `beian run` flow, {os.cpu_count()} worker processes (incl. their start), submissions/min | "
          f"{60 * n / t_flow:.1f} |")
    print(f"| throughput ratio flow / one by one on one core | **{t_seq1 / t_flow:.2f}x** |")
    print(f"| throughput ratio flow / one by one with onnxruntime's threads | {t_seq / t_flow:.2f}x |")
    print(f"| `check` beyond reading the same scans, median / max over submissions | "
          f"{sorted(extra)[len(extra) // 2] * 1000:.0f} ms / {max(extra) * 1000:.0f} ms |")
    print(f"| Prefect overhead per submission ({m} trivial submissions, flow vs plain calls) | "
          f"**{(t_flow_cheap - t_plain_cheap) / m * 1000:.0f} ms** |")
    shutil.rmtree(real)
    shutil.rmtree(cheap)


if __name__ == "__main__":
    sys.exit(main())
