"""The OCR engines side by side: accuracy per type, speed ratio, peak memory.

    python benchmarks/engine_bench.py [--paddle-python .venv-paddle/bin/python]

Each engine runs in a fresh process of the environment that has it (the paddleocr
engine lives in ``.venv-paddle``, `make paddle`), one onnxruntime thread, on the
same files: the committed samples (four types, nine captures, turned pages
included) and the real images in ``../shared/real-dev``. Reported per engine:
required fields exact per type, calibration, the whole `read_file` time on both
sets as a ratio to the default engine's, and the process's peak resident set.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real-dev"

_MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
from beian.accuracy import real_set, sample_set, score
from beian.extractors.ocr import get_engine
from beian.extractors.read import read_file

root, real, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
t0 = time.perf_counter()
engine = get_engine(name, 1)
load = time.perf_counter() - t0
files = sorted(p for p in (root / "samples" / "scans").iterdir() if not p.name.endswith(".json"))
sets = {"samples": (files, sample_set(files, {"scan_pdf", "photo", "skew", "rot90", "rot180", "blur", "jpeg",
                                                "photocopy"}))}
if (real / "truth.json").is_file():
    exp = real_set(real)
    sets["real"] = ([real / f for f in sorted({e.file for e in exp})], exp)
out = {"engine": name, "model": engine.model, "load_s": load, "sets": {}}
read_file(files[0], engine=engine)  # first call: lazy model loading is not reading
for key, (paths, expected) in sets.items():
    t0 = time.perf_counter()
    results = {p.name: read_file(p, engine=engine) for p in paths}
    elapsed = time.perf_counter() - t0
    s = score(expected, results)
    out["sets"][key] = {"seconds": elapsed, "fields": s.total(), "types": s.types, "confident": s.confident,
                        "per_type": {t: s.total(t) for t in s.doc_types()}}
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def measure(python: str, engine: str) -> dict:
    r = subprocess.run([python, "-c", _MEASURE, str(ROOT), str(REAL), engine], capture_output=True, text=True,
                       env={"BEIAN_OCR_THREADS": "1", "PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
    if r.returncode:
        sys.exit(f"{engine} ({python}): {r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", default=sys.executable, help="the environment of the default engine")
    ap.add_argument("--paddle-python", default=str(ROOT / ".venv-paddle" / "bin" / "python"))
    args = ap.parse_args()
    if not Path(args.paddle_python).exists():
        sys.exit(f"{args.paddle_python} is missing: run `make paddle` first")
    runs = [measure(args.python, "rapidocr"), measure(args.paddle_python, "paddleocr")]
    base = runs[0]

    def pct(pair) -> str:
        ok, n = pair
        return f"{ok / n:.1%} ({ok}/{n})" if n else "-"

    sets = list(base["sets"])
    print("| engine | " + " | ".join(f"{k}: required fields" for k in sets)
          + " | real: calibration (≥ 0.9 right) | time / default | model load | peak memory |")
    print("|---|" + "---|" * len(sets) + "---|---|---|---|")
    for r in runs:
        t = sum(v["seconds"] for v in r["sets"].values())
        tb = sum(v["seconds"] for v in base["sets"].values())
        print(f"| {r['engine']} | " + " | ".join(pct(r["sets"][k]["fields"]) for k in sets)
              + f" | {pct(r['sets'].get('real', {}).get('confident', [0, 0]))} | {t / tb:.2f}x"
              f" | {r['load_s']:.1f} s | {r['peak_rss_mb']:.0f} MB |")
    print("\nper type (samples / real):\n")
    types = sorted({t for r in runs for v in r["sets"].values() for t in v["per_type"]})
    print("| engine | " + " | ".join(types) + " |")
    print("|---|" + "---|" * len(types))
    for r in runs:
        cells = []
        for t in types:
            cells.append(" / ".join(pct(r["sets"][k]["per_type"].get(t, [0, 0])) for k in sets))
        print(f"| {r['engine']} | " + " | ".join(cells) + " |")
    print("\n" + "; ".join(f"{r['engine']}: {r['model']}" for r in runs))


if __name__ == "__main__":
    main()
