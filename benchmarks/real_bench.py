"""The real set in folds: what reading does on documents it was not tuned on.

    python benchmarks/real_bench.py [--real ../shared/real-dev] [--folds 3] [--cache out/ocr-cache]

Every image of ``truth.json`` is read once through the OCR cache (`beian.extractors.ocr_cache`:
the first run reads, later runs replay the engine's answers, so a reading change is
measured in seconds), then scored by the one scorer (`beian.accuracy`):

* out-of-fold, the headline: the images are split into ``--folds`` folds by a stable hash
  of their name; for each fold the field scorer (`beian.extractors.scorer`) is fitted
  again (`benchmarks/fit_scorer.py`: both sample renderers and the real images of the
  other folds) and that fold is read with it. Beside it, in-fold: every image read with
  the shipped model, fitted on all of them, and with the rules alone (no scorer);
* written-on vs added: the images the reading rules were written against (the first 21,
  up to 2026-12-02) apart from those added after (listed after them in the README's table,
  2026-12-03), unseen by the rules when they arrived; the value-first rules of 2026-12-03 were
  written looking at their misses, so from then on this split is in-sample too.

Prints Markdown; ``--misses`` adds every miss.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WRITTEN_ON = 21  # images in truth.json, in order, that the rules were written against


def fold_of(name: str, folds: int) -> int:
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % folds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real-dev")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--cache", default=str(ROOT / "out" / "ocr-cache"))
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    os.environ["BEIAN_OCR_CACHE_DIR"] = args.cache
    import fit_scorer

    from beian.accuracy import real_set, score
    from beian.extractors.read import read_file
    from beian.extractors.scorer import RULES_ONLY, default_model
    from beian.settings import get_settings

    get_settings.cache_clear()
    truth = json.loads((args.real / "truth.json").read_text(encoding="utf-8"))
    order = [d["path"] for d in truth["documents"]]
    expected = real_set(args.real)
    synthetic = fit_scorer.synthetic_rows(args.cache)
    real_rows = fit_scorer.real_rows(args.real)
    oof = {}
    folds = []
    for k in range(args.folds):
        held = [name for name in order if fold_of(name, args.folds) == k]
        model = fit_scorer.model_of(synthetic + [r for r in real_rows if fit_scorer.file_of(r) not in held])
        oof.update({name: read_file(args.real / name, scorer=model) for name in held})
        folds.append(score([e for e in expected if e.file in held], oof))
    results = {name: read_file(args.real / name, scorer=default_model()) for name in order}
    rules = {name: read_file(args.real / name, scorer=RULES_ONLY) for name in order}
    out_of_fold, whole = score(expected, oof), score(expected, results)
    ok, n = out_of_fold.total()
    print(f"## Real set ({args.real}, {len(order)} images, {n} required fields)\n")
    print(f"- out-of-fold ({args.folds} folds, the scorer refitted without each): **{ok / n:.1%} ({ok}/{n})**, "
          f"document type {out_of_fold.types[0]}/{out_of_fold.types[1]}, "
          f"calibration {out_of_fold.confident[0]}/{out_of_fold.confident[1]}")
    for k, part in enumerate(folds):
        a, b = part.total()
        print(f"  - fold {k + 1}: {a / b:.1%} ({a}/{b}), calibration {part.confident[0]}/{part.confident[1]}")
    for title, s in (("in-fold (the shipped model, fitted on every image)", whole), ("rules alone (no scorer)",
                                                                                      score(expected, rules))):
        a, b = s.total()
        print(f"- {title}: {a / b:.1%} ({a}/{b}), calibration {s.confident[0]}/{s.confident[1]}")
    whole = out_of_fold
    results = oof
    for title, names in (("written on (first %d)" % WRITTEN_ON, order[:WRITTEN_ON]),
                         ("added after (%d)" % (len(order) - WRITTEN_ON), order[WRITTEN_ON:])):
        part = score([e for e in expected if e.file in names], results)
        a, b = part.total()
        print(f"- {title}: **{a / b:.1%} ({a}/{b})**, calibration {part.confident[0]}/{part.confident[1]}")
    print("\n" + whole.markdown("Per field").split("\n", 2)[2].split("<details>")[0])
    if args.misses:
        print("\n".join(f"- {m}" for m in whole.misses + whole.guessed))
    print(f"\n(OCR cache: {args.cache})", file=sys.stderr)


if __name__ == "__main__":
    main()
