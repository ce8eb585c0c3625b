"""The marks' decisions on drawn pixels and written-out lines (no engine): what makes a page
grey, a line a signature's label or the paper's print, and ink a hand's strokes or a pressed
blot. The cases are the misses fresh bench sets showed (2026-12-05)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from beian.extractors import marks
from beian.extractors.layout import Line
from beian.text import compact


def line(text: str, score: float = 0.95, box=(100, 100, 400, 140)) -> Line:
    return Line(text, compact(text), score, *box)


def page(red_dot: bool = True, pen: bool = True, grey: bool = False) -> np.ndarray:
    im = np.full((1400, 1000, 3), (246, 248, 250), np.uint8)
    cv2.putText(im, "printed text " * 4, (60, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (30, 30, 30), 2)
    if red_dot:
        cv2.ellipse(im, (700, 900), (25, 35), 0, 0, 360, (60, 60, 220), -1)  # a fingerprint, BGR red
    if pen:
        cv2.polylines(im, [np.array([[400, 900], [430, 870], [460, 910], [500, 880]])], False, (110, 40, 20), 3)
    return cv2.cvtColor(cv2.cvtColor(im, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR) if grey else im


@pytest.mark.parametrize("image, colourless, why", [
    (page(), False, "a white page with a red fingerprint and blue ink: almost all paper, but in colour"),
    (page(red_dot=False), False, "pen ink alone is colour"),
    (page(grey=True), True, "the same page as a black-and-white copy"),
    (page(red_dot=False, pen=False), True, "print alone on white paper: nothing tells a seal from ink"),
])
def test_a_grey_page_is_told_by_its_coloured_pixels(image, colourless, why):
    assert marks._colourless(image) is colourless, why


@pytest.mark.parametrize("text, label, why", [
    ("承诺人(签字):", True, "the label as printed"),
    ("负责人(签名):潘国宇", True, "the name written after it, read with it"),
    ("承诺人(签):", True, "字 dropped by the recogniser: the bare 签 before its bracket"),
    ("签发机关:杭州市公安局", False, "签 beginning another word"),
    ("本人已阅读并签字确认以上所填报的互联网信息服务备案信息真实有效", False, "a line of prose"),
])
def test_the_signature_label(text, label, why):
    assert (marks.signature_label([line(text)]) is not None) is label, why


@pytest.mark.parametrize("text, score, printed, why", [
    ("日期:2026年11月5日", 0.99, True, "a template word"),
    ("所提交的材料均为原件或与原件一致", 0.99, True, "a long line"),
    (":谢兰春", 0.92, False, "a name written after the label, the label's colon run into it"),
    ("谢兰春", 0.92, False, "a name alone"),
    ("承诺单位", 0.5, False, "read too unsurely to explain ink away"),
])
def test_what_is_print(text, score, printed, why):
    assert marks._is_print(line(text, score), None) is printed, why


def strokes(blob_h: int, fill: float) -> np.ndarray:
    """A 160 x 80 slot holding one filled rectangle ``blob_h`` tall, ``fill`` of its box inked."""
    ink = np.zeros((80, 160), np.uint8)
    w = 32
    ink[10:10 + blob_h, 20:20 + w] = 1
    holes = int(round((1 - fill) * blob_h))  # blank rows through it, keeping it one component
    for r in range(holes):
        ink[12 + r * blob_h // max(holes, 1), 21:20 + w] = 0
    return ink


@pytest.mark.parametrize("ink, lh, blot, found, why", [
    (strokes(39, 0.6), 27.4, 43.0, True, "a blurred bold hand fills much of a character's box"),
    (strokes(50, 0.9), 27.4, 43.0, False, "a pressed blot as tall as a fingerprint"),
    (np.zeros((80, 160), np.uint8), 27.4, 43.0, False, "a blank slot"),
])
def test_handwriting_or_a_pressed_blot(ink, lh, blot, found, why):
    assert (marks._handwriting(ink, lh, blot) is not None) is found, why
