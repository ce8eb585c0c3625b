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
