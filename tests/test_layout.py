"""Orientation, deskew and reading order on hand-made OCR results (no engine)."""

from __future__ import annotations

import pytest

from beian.extractors.layout import page_rotation, upright
from beian.models import OcrLine, OcrResult

W, H = 800, 500
# an upright page: three lines, top to bottom
UPRIGHT = [("姓名张三", (100, 100, 300, 130)), ("性别男", (100, 200, 260, 230)), ("住址某地", (100, 300, 320, 330))]


def _rotated(degrees: int) -> OcrResult:
    """The upright page turned clockwise by degrees, as the engine would report it."""
    lines = []
    for text, (x0, y0, x1, y1) in UPRIGHT:
        quad = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        if degrees == 90:
            quad = [(H - y, x) for x, y in quad]
        elif degrees == 180:
            quad = [(W - x, H - y) for x, y in quad]
        elif degrees == 270:
            quad = [(y, W - x) for x, y in quad]
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        lines.append(OcrLine(text=text, score=0.99, box=[min(xs), min(ys), max(xs), max(ys)],
                             quad=[list(map(float, p)) for p in quad], direction=degrees))
    lines.reverse()  # the engine's order is not the reading order
    w, h = (H, W) if degrees in (90, 270) else (W, H)
    return OcrResult(engine="test", model="test", width=w, height=h, lines=lines)


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_rotated_page_reads_top_to_bottom(degrees):
    page = _rotated(degrees)
    assert page_rotation(page) == degrees
    out = upright(page)
    assert [ln.text for ln in out.lines] == ["姓名张三", "性别男", "住址某地"], f"rotated {degrees}"
    assert (out.width, out.height) == (W, H)
    assert abs(out.lines[0].box[0] - 100) <= 1 and abs(out.lines[0].box[1] - 100) <= 1, out.lines[0].box


def test_same_row_reads_left_to_right():
    lines = [OcrLine(text="男", score=1, box=[300, 102, 330, 128]), OcrLine(text="性别", score=1, box=[100, 100, 160, 130])]
    out = upright(OcrResult(engine="t", model="t", width=W, height=H, lines=lines))
    assert [ln.text for ln in out.lines] == ["性别", "男"]


def _angled(text: str, x0: float, y0: float, length: float, degrees: float, height: float = 30) -> OcrLine:
    import math

    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    quad = [(x0, y0), (x0 + length * c, y0 + length * s), (x0 + length * c - height * s, y0 + length * s + height * c),
            (x0 - height * s, y0 + height * c)]
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    return OcrLine(text=text, score=0.99, box=[int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1],
                   quad=[list(p) for p in quad], direction=0)


def test_a_watermark_cut_into_pieces_does_not_set_the_page_skew():
    """仅用于网站备案 across an ID card, cut differently each time and glued to the text under it
    (龚艳新网站备案): its pieces outnumber the card's long lines, but the page is not skewed."""
    card = [_angled("住址陕西省西安市雁塔区科技", 60, 280, 440, -0.8), _angled("园南路5弄52号187室", 160, 320, 280, 0.0),
            _angled("公民身份号码", 60, 480, 170, -0.6)]
    mark = [_angled(t, x, y, 240, -24.5) for t, x, y in [("龚艳新网站备案", 160, 90), ("使吾天网站备案", 400, 190),
                                                        ("仅用于网站备案", 500, 300), ("仅用于网站备", 600, 420),
                                                        ("于网站备案", 20, 560), ("二网站备案", 350, 560)]]
    out = upright(OcrResult(engine="t", model="t", width=940, height=593, lines=card + mark))
    assert abs(out.skew) < 1, f"skew {out.skew}: the watermark's angle taken for the page's"
    assert "园南路5弄52号187室" in [ln.text for ln in out.lines], "the card's lines are kept"
    assert out.watermark_lines >= 3, "and the page says a watermark was dropped (a reason to read it without red)"
