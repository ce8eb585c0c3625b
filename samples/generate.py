"""Generate synthetic sample scans with ground truth.

    python samples/generate.py OUT_DIR [--seed 7] [--per-kind 1] [--captures clean,photo,...]
    python samples/generate.py OUT_DIR --submissions [--seed 11]
    python samples/generate.py OUT_DIR --independent [--submissions] [--seed 5]

Needs Debian CJK fonts (fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei
fonts-arphic-ukai fonts-arphic-uming) and reportlab for the digital PDFs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator.build import CLEAN, DEGRADED, build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-kind", type=int, default=1)
    ap.add_argument("--captures", default=",".join(CLEAN + DEGRADED))
    ap.add_argument("--no-extras", action="store_true", help="skip A4 two-sides, TIFF, digital and mixed PDFs")
    ap.add_argument("--org-captures", help="captures of the organisations' certificates (default: --captures; "
                    "with --independent: 'clean' for one of each kind, else every layout and capture)")
    ap.add_argument("--submissions", action="store_true", help="write sample submissions instead of scans")
    ap.add_argument("--independent", action="store_true",
                    help="use the second, independent renderer (samples/independent/)")
    args = ap.parse_args()
    if args.independent:
        from independent.build import build_scans
        from independent.build import build_submissions as build_independent

        made = build_independent(args.out, args.seed) if args.submissions else build_scans(args.out, args.seed, "clean" if args.org_captures == "clean" else "all")
        print(f"wrote {len(made)} {'submissions' if args.submissions else 'files'} to {args.out}")
        return
    if args.submissions:
        from generator.submissions import build_submissions

        made = build_submissions(args.out, args.seed)
        print(f"wrote {len(made)} submissions to {args.out}")
        return
    files = build(args.out, args.seed, args.per_kind, args.captures.split(","), extras=not args.no_extras,
                  org_captures=args.org_captures.split(",") if args.org_captures else None)
    print(f"wrote {len(files)} files to {args.out}")


if __name__ == "__main__":
    main()
