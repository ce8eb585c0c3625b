"""Fit the field scorer (`beian.extractors.scorer`) and write its model with provenance.

    python benchmarks/fit_scorer.py [--real ../shared/real-dev] [--out extractors/data/field_scorer.json]

The training data: documents drawn by both sample renderers under fixed seeds that no
benchmark uses (`SETS`: the first renderer's every capture, the independent renderer's
layouts and degradations), and the real set's images (all of them for the shipped model;
`benchmarks/real_bench.py` refits without each fold to score it out-of-fold). Every
file is read through the OCR cache (``--cache``), so a refit after a change to the
candidates or features takes about a minute, and seconds once the rows are cached.

A row is one candidate of one scored field of one document whose type was read right,
labelled by whether it equals the truth (`beian.text.compact`). One logistic regression
per ``type.field`` (scikit-learn, ``pip install -e '.[fit]'``); reading uses only its
weights, from the JSON, without scikit-learn.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))

SEED = 16  # the regression's solver is deterministic; the seed is for its record
C = 0.5  # inverse regularisation: the features are few and on one scale
# (renderer, seed): 2 x 92 files of the first renderer ("gen": 2 per kind and capture), 3 x 50 of the
# independent one ("ind")
SETS = [("gen", 101), ("gen", 102), ("ind", 201), ("ind", 202), ("ind", 203)]
WORK = ROOT / "out" / "scorer-train"


def _source_hash() -> str:
    """The reading code the rows depend on: rows are recomputed when any of it changes."""
    h = hashlib.sha256()
    for p in sorted((ROOT / "extractors").glob("*.py")) + sorted((ROOT / "validators").glob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


class Recorder:
    """A scorer that changes nothing and keeps, per document read, what the model would see."""

    name = None

    def __init__(self) -> None:
        self.docs: list[tuple[str, dict]] = []

    def choose(self, doc_type, lines, fields):
        self.docs.append((doc_type, list(lines)))
        return fields


def _line(text: str, score: float, x0: float, y0: float, x1: float, y1: float):
    from beian.extractors.layout import Line
    from beian.text import clean, compact

    return Line(clean(text), compact(text), score, x0, y0, x1, y1)


def variants(doc_type: str, lines: list, truth: dict[str, str], rng: random.Random) -> list[tuple[str, list]]:
    """The document as other layouts and captures print or read it, one change at a time, for a
    scored field whose value is on one line: its label lost (not printed, not read, or only its
    last character left), and the value wrapped onto a second line at a random character, under
    its start or indented."""
    from beian.extractors.scorer import LABELS, SCORED
    from beian.text import compact

    out = []
    for field_name in SCORED.get(doc_type, {}):
        t = compact(truth.get(field_name) or "")
        i = next((i for i, ln in enumerate(lines) if len(t) >= 2 and (t in ln.key if len(t) >= 4 else ln.key.endswith(t))),
                 None)
        if i is None:
            continue
        ln = lines[i]
        cw = (ln.x1 - ln.x0) / max(1, len(ln.key))
        start = ln.key.index(t)
        rest = [o for o in lines if o is not ln]
        if start:  # a label before the value on its line: lost whole, or all but its last character
            for keep in (0, 1):
                cut = start - keep
                out.append((field_name, rest + [_line(ln.key[cut:], ln.score, ln.x0 + cw * cut, ln.y0, ln.x1, ln.y1)]))
        else:  # the label stands on its own left of the value: not read
            left = [o for o in rest if ln.same_row(o) and o.x1 <= ln.x0 + cw and
                    any(o.key.startswith(lab) for lab in LABELS[doc_type].get(field_name, []))]
            if left:
                out.append((field_name, [o for o in rest if o not in left] + [ln]))
        if len(t) >= 6:  # the value wrapped: its end on a line of its own under it
            k = start + rng.randint(max(2, len(t) // 2), len(t) - 1)
            first = _line(ln.key[:k], ln.score, ln.x0, ln.y0, ln.x0 + cw * k, ln.y1)
            # under the value's start, or indented (centred, right-aligned prints): where a rule looking
            # for an aligned line below does not look
            x = ln.x0 + cw * start + rng.choice([0.0, rng.uniform(0.2, 0.7)]) * cw * (k - start)
            second = _line(ln.key[k:], ln.score, x, ln.y1 + 0.15 * ln.h, x + cw * (len(ln.key) - k), ln.y1 + 1.15 * ln.h)
            out.append((field_name, rest + [first, second]))
    return out


def rows_of(files: dict[str, Path], expected, group: str) -> list[dict]:
    """The labelled candidate rows of a set: ``{key, x, y, group, doc}``."""
    from beian.extractors.classify import MODULES
    from beian.extractors.read import read_file
    from beian.extractors.scorer import FEATURES, weigh
    from beian.text import compact

    by_file: dict[str, list] = {}
    for e in expected:
        by_file.setdefault(e.file, []).append(e)
    out = []
    for name, want in by_file.items():
        rec = Recorder()
        try:
            got = read_file(files[name], scorer=rec).documents
        except Exception as exc:  # an unreadable sample is no training row
            print(f"skipped {name}: {exc}", file=sys.stderr)
            continue
        read = iter(rec.docs)  # one entry per document a module read, in reading order
        seen = [(d, next(read)[1] if d.type in MODULES else None) for d in got]
        for e, (g, lines) in zip(want, seen):
            if (g.page, g.type) != (e.page, e.type) or not lines:
                continue
            doc = f"{group}:{name}#{e.page}"
            rng = random.Random(f"{SEED}:{doc}")
            for only, changed in [(None, lines)] + variants(e.type, lines, e.fields, rng):
                weighed = weigh(e.type, changed, MODULES[e.type].extract(changed))
                for field_name, found in weighed.items():
                    truth = e.fields.get(field_name)
                    if not truth or only not in (None, field_name):
                        continue
                    for c in found:
                        out.append({"key": f"{e.type}.{field_name}", "x": [c.features[f] for f in FEATURES],
                                    "y": int(compact(c.text) == compact(truth)), "group": group, "doc": doc,
                                    "variant": only is not None})
    return out


def file_of(row: dict) -> str:
    """The file a row's document was read from (its name in its set)."""
    return row["doc"].split(":", 1)[1].rsplit("#", 1)[0]


def synthetic_rows(cache: str) -> list[dict]:
    """The rows of every set in `SETS`, drawn (once) under out/scorer-train and cached there."""
    from generator.build import CLEAN, DEGRADED, build
    from independent.build import DEGRADED as IND_DEGRADED
    from independent.build import build_scans

    from beian.accuracy import sample_set
    from beian.extractors.scorer import FEATURES

    stamp = json.loads(json.dumps({"sources": _source_hash(), "features": FEATURES, "sets": SETS, "cache": cache}))
    saved = WORK / "synthetic-rows.json"
    if saved.is_file():
        data = json.loads(saved.read_text(encoding="utf-8"))
        if data.get("stamp") == stamp:
            return data["rows"]
    rows = []
    for renderer, seed in SETS:
        folder = WORK / f"{renderer}-{seed}"
        files = [p.with_name(p.name[:-len(".truth.json")]) for p in sorted(folder.glob("*.truth.json"))]
        if renderer == "gen":
            files = files or build(folder, seed, 2, CLEAN + DEGRADED)
            degraded = set(DEGRADED)
        else:
            files = files or build_scans(folder, seed)
            degraded = set(IND_DEGRADED)
        rows += rows_of({f.name: f for f in files}, sample_set(files, degraded), f"{renderer}-{seed}")
        print(f"{renderer} seed {seed}: {len(files)} files, {len(rows)} rows so far", file=sys.stderr)
    WORK.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps({"stamp": stamp, "rows": rows}), encoding="utf-8")
    return rows


def real_rows(real: Path) -> list[dict]:
    from beian.accuracy import real_set

    expected = real_set(real)
    return rows_of({e.file: real / e.file for e in expected}, expected, "real")


def fit(rows: list[dict], provenance: dict) -> dict:
    """One logistic regression per ``type.field``, as the JSON `beian.extractors.scorer.Model` reads."""
    import numpy as np
    import sklearn
    from sklearn.linear_model import LogisticRegression

    from beian import __version__
    from beian.extractors.scorer import FEATURES

    fields = {}
    for key in sorted({r["key"] for r in rows}):
        part = [r for r in rows if r["key"] == key]
        y = np.array([r["y"] for r in part])
        if y.sum() == 0 or y.sum() == len(y):
            continue
        x = np.array([r["x"] for r in part], dtype=float)
        model = LogisticRegression(C=C, max_iter=5000, random_state=SEED).fit(x, y)
        fields[key] = {"coef": [round(float(w), 5) for w in model.coef_[0]],
                       "intercept": round(float(model.intercept_[0]), 5),
                       "rows": len(part), "positives": int(y.sum()),
                       "documents": len({r["doc"] for r in part})}
    return {"version": f"{__version__}+{provenance.get('data_hash', '')[:8]}", "features": list(FEATURES),
            "fields": fields, "provenance": {**provenance, "C": C, "seed": SEED, "sklearn": sklearn.__version__}}


def model_of(rows: list[dict], provenance: dict | None = None):
    from beian.extractors.scorer import Model

    return Model.from_json(fit(rows, provenance or {}))


def _commit() -> str:
    """The commit the reading code came from, ``+dirty`` when it had uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "extractors/*.py", "validators", "benchmarks"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real-dev")
    ap.add_argument("--cache", default=str(ROOT / "out" / "ocr-cache"))
    ap.add_argument("--out", type=Path, default=ROOT / "extractors" / "data" / "field_scorer.json")
    args = ap.parse_args()
    os.environ["BEIAN_OCR_CACHE_DIR"] = args.cache
    from beian.settings import get_settings

    get_settings.cache_clear()
    rows = synthetic_rows(args.cache)
    real = real_rows(args.real) if (args.real / "truth.json").is_file() else []
    data = rows + real
    data_hash = hashlib.sha256(json.dumps([(r["key"], r["x"], r["y"]) for r in data]).encode()).hexdigest()
    provenance = {"commit": _commit(), "sets": [f"{r}-{s}" for r, s in SETS],
                  "real": f"{args.real.name}: {len({r['doc'] for r in real})} documents" if real else "none",
                  "rows": len(data), "data_hash": data_hash}
    model = fit(data, provenance)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for key, f in model["fields"].items():
        print(f"{key}: {f['rows']} candidates, {f['positives']} right, {f['documents']} documents")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
