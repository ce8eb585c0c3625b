"""The real set in folds: what reading does on documents it was not tuned on.

    python benchmarks/real_bench.py [--real ../shared/real-dev] [--folds 3] [--cache out/ocr-cache]

Every image of ``truth.json`` is read once through the OCR cache (`beian.extractors.ocr_cache`:
the first run reads, later runs replay the engine's answers, so a reading change is
measured in seconds), then scored by the one scorer (`beian.accuracy`):

* per fold: the images are split into ``--folds`` folds by a stable hash of their name;
  whatever reading fits or tunes (today: nothing is fitted; the rules are hand-written)
  must be fitted without the fold it is scored on, and the out-of-fold figure is the
  headline. With no fitted part the out-of-fold figure equals the in-fold one, and the
  figure that says how well the rules generalise is the next one:
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
    from beian.accuracy import real_set, score
    from beian.extractors.read import read_file
    from beian.settings import get_settings

    get_settings.cache_clear()
    truth = json.loads((args.real / "truth.json").read_text(encoding="utf-8"))
    order = [d["path"] for d in truth["documents"]]
    expected = real_set(args.real)
    results = {name: read_file(args.real / name) for name in order}
    whole = score(expected, results)
    ok, n = whole.total()
    print(f"## Real set ({args.real}, {len(order)} images, {n} required fields)\n")
    print(f"- all: **{ok / n:.1%} ({ok}/{n})**, document type {whole.types[0]}/{whole.types[1]}, "
          f"calibration {whole.confident[0]}/{whole.confident[1]}")
    print(f"- out-of-fold ({args.folds} folds; nothing is fitted yet, so it equals in-fold):")
    for k in range(args.folds):
        part = score([e for e in expected if fold_of(e.file, args.folds) == k], results)
        a, b = part.total()
        print(f"  - fold {k + 1}: {a / b:.1%} ({a}/{b}), calibration {part.confident[0]}/{part.confident[1]}")
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
