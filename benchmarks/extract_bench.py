"""Benchmark of the read path (``beian extract``): accuracy, speed ratios, memory.

    python benchmarks/extract_bench.py [--seed 2026] [--per-kind 3] [--out DIR]

Generates a fresh synthetic set (needs the Debian CJK fonts and reportlab: ``make
fonts``), then reports, as Markdown:

* document-type accuracy and field accuracy per type and field, clean and degraded apart,
  with calibration (of the values read with confidence >= 0.9, how many are right), for the
  generated set, a fresh set from the independent renderer (``samples/independent``, seed + 1)
  and the real documents in ``../shared/real-dev`` (``--real``);
* the whole extract path against the raw rapidocr call on the same decoded images,
  as a ratio of times (both warm, in this process, interleaved);
* text-layer PDF pages against the same certificates as scanned PDF pages;
* pages per second with one process and with a pool of one worker per core;
* peak memory (max RSS) of this process and of a pool worker.

Absolute times on shared machines are noise; read the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))

from beian.accuracy import real_set, sample_set, score  # noqa: E402
from beian.text import compact  # noqa: E402

DEGRADED = {"photo", "skew", "rot90", "rot180", "rot270", "blur", "jpeg", "photocopy", "a4_two_sides"}
OPTIONAL = {"issue_date", "registration_authority", "mrz"}  # mrz: read where it is, optional in the contract


def truth(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))


def accuracy(files: list[Path], results: dict) -> str:
    types_ok = types_n = 0
    cells: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    for f in files:
        t = truth(f)
        want = [(i + 1, d) for i, page in enumerate(t["pages"]) for d in page]
        got = results[f.name].documents
        types_n += len(want)
        types_ok += sum(1 for (p, d), g in zip(want, got) if (g.page, g.type) == (p, d["type"]))
        kind = "degraded" if t["capture"] in DEGRADED else "clean"
        for (p, d), g in zip(want, got):
            for field, value in d["fields"].items():
                if field in OPTIONAL:
                    continue
                read = g.fields.get(field) if g.type == d["type"] else None
                ok = bool(read and read.value is not None and compact(read.value) == compact(value))
                cell = cells[(d["type"], field, kind)]
                cell[0] += ok
                cell[1] += 1
                if not ok:
                    misses.append(f"{f.name}#{p} {field}: {read.value if read else None!r} != {value!r}")
    out = [f"Document type: {types_ok}/{types_n} = {types_ok / types_n:.1%}", "",
           "| type | field | clean | degraded |", "|---|---|---|---|"]
    for (dtype, field) in sorted({(a, b) for a, b, _ in cells}):
        row = []
        for kind in ("clean", "degraded"):
            ok, n = cells.get((dtype, field, kind), [0, 0])
            row.append(f"{ok / n:.1%} ({ok}/{n})" if n else "-")
        out.append(f"| {dtype} | {field} | {row[0]} | {row[1]} |")
    for kind in ("clean", "degraded"):
        ok = sum(v[0] for (_, _, k), v in cells.items() if k == kind)
        n = sum(v[1] for (_, _, k), v in cells.items() if k == kind)
        out.append(f"| **all** | **{kind}** | {ok / n:.1%} ({ok}/{n}) | |")
    if misses:
        out += ["", "<details><summary>misses</summary>", "", *[f"- {m}" for m in misses], "", "</details>"]
    return "\n".join(out)


def _worker_init() -> None:
    from beian.extractors.ocr import get_engine
    from beian.settings import get_settings

    s = get_settings()
    get_engine(s.ocr_engine, s.ocr_threads)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that
    across fork and exec, so a child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read(path: str) -> tuple[int, float]:
    from beian.extractors.read import read_file

    n = len({d.page for d in read_file(path).documents}) or 1
    return n, peak_rss_mb()


def _peak_rss_fresh(files: list[Path]) -> float:
    """Peak RSS (MB) of a fresh process that reads every file once: what one worker needs."""
    import subprocess

    code = ("import sys\nsys.path.insert(0, sys.argv[1])\nfrom extract_bench import peak_rss_mb\n"
            "from beian.extractors.read import read_file\n"
            "for f in sys.argv[2:]: read_file(f)\n"
            "print(peak_rss_mb())")
    out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), *map(str, files)],
                         capture_output=True, text=True, check=True, env={**os.environ, "BEIAN_OCR_THREADS": "1"})
    return float(out.stdout.strip().splitlines()[-1])


def speed(files: list[Path], sample: int = 48) -> str:
    from rapidocr import RapidOCR

    from beian.extractors.pages import load_pages
    from beian.extractors.read import read_file
    from beian.settings import get_settings

    settings = get_settings()
    step = max(1, len(files) // sample)
    subset = files[::step]
    images = [f for f in subset if f.suffix != ".pdf"]
    raw = RapidOCR(params={"Global.log_level": "warning"})
    decoded = {f: [p.image for p in load_pages(f.read_bytes(), f.name, settings)] for f in images}
    read_file(images[0])  # warm both
    for img in decoded[images[0]]:
        raw(img)
    t_raw = t_ours = 0.0
    for _round in range(1):
        for f in images:
            t0 = time.perf_counter()
            for img in decoded[f]:
                raw(img)
            t1 = time.perf_counter()
            read_file(f)
            t2 = time.perf_counter()
            t_raw += t1 - t0
            t_ours += t2 - t1
    pages = sum(len(v) for v in decoded.values())
    out = ["| measure | value |", "|---|---|",
           f"| extract path / raw rapidocr (same decoded images, {pages} pages) | **{t_ours / t_raw:.3f}** |",
           f"| raw rapidocr, mean per page | {t_raw / pages:.2f} s |",
           f"| extract path, mean per page | {t_ours / pages:.2f} s |"]

    digital = sorted(f for f in files if f.name.startswith("digital-"))
    scanned = sorted(f for f in files if f.suffix == ".pdf" and "domain_certificate-scan_pdf" in f.name)
    if digital and scanned:
        td = statistics.median(_time(read_file, f) for f in digital for _ in range(3))
        ts = statistics.median(_time(read_file, f) for f in scanned for _ in range(2))
        out.append(f"| scanned PDF page / text-layer PDF page (domain certificates) | **{ts / td:.0f}x** "
                   f"({ts:.2f} s vs {td * 1000:.0f} ms) |")

    work = [str(f) for f in subset]
    t0 = time.perf_counter()
    pages1 = sum(_read(f)[0] for f in work)
    single = pages1 / (time.perf_counter() - t0)
    cores = os.cpu_count() or 1
    os.environ["BEIAN_OCR_THREADS"] = "1"
    import multiprocessing as mp

    with ProcessPoolExecutor(cores, mp_context=mp.get_context("spawn"), initializer=_worker_init) as pool:
        list(pool.map(_read, work[:cores]))  # load the engines
        t0 = time.perf_counter()
        res = list(pool.map(_read, work))
        multi = sum(n for n, _ in res) / (time.perf_counter() - t0)
        worker_rss = max(r for _, r in res)
    out += [f"| pages/s, one process (onnxruntime on all cores) | {single:.2f} |",
            f"| pages/s, {cores} worker processes (1 thread each) | {multi:.2f} ({multi / single:.2f}x) |",
            f"| peak RSS, one pool worker | {worker_rss:.0f} MB |"]
    return "\n".join(out)


def _time(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--per-kind", type=int, default=3)
    ap.add_argument("--papers", type=int, default=6,
                    help="signed papers per capture (each mark present and absent in turn)")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real-dev",
                    help="a real set with truth.json (default ../shared/real-dev)")
    args = ap.parse_args()
    from generator.build import CLEAN, build
    from generator.build import DEGRADED as CAPS

    out = args.out or Path(tempfile.mkdtemp(prefix="beian-bench-"))
    files = build(out, args.seed, args.per_kind, CLEAN + CAPS, papers=args.papers)
    from beian.extractors.read import read_file

    results = {f.name: read_file(f) for f in files}
    print(f"## Accuracy (seed {args.seed}, {len(files)} files in {out})\n")
    print(accuracy(files, results))
    print(score(sample_set(files, DEGRADED), results).markdown("Calibration and per type, same set"))
    from independent.build import DEGRADED as IND_DEGRADED
    from independent.build import build_scans

    ind_dir = out / "independent"
    ind = build_scans(ind_dir, args.seed + 1, papers=max(1, args.papers * 2 // 3))
    ind_results = {f.name: read_file(f) for f in ind}
    print(f"\n## The independent renderer (seed {args.seed + 1}, {len(ind)} files in {ind_dir})\n")
    print(score(sample_set(ind, set(IND_DEGRADED)), ind_results).markdown("Independent set"))
    if (args.real / "truth.json").is_file():
        expected = real_set(args.real)
        real = {name: read_file(args.real / name) for name in sorted({e.file for e in expected})}
        print(f"\n## Real documents ({args.real}, {len(real)} images)\n")
        print(score(expected, real).markdown("Real set"))
    else:
        print(f"\n(no real set at {args.real}: pass --real DIR)")
    if not args.skip_speed:
        print("\n## Speed and memory\n")
        print(speed(files))
    print(f"\nPeak RSS (VmHWM) of a fresh process reading all {len(files)} files: "
          f"**{_peak_rss_fresh(files):.0f} MB**")


if __name__ == "__main__":
    main()
