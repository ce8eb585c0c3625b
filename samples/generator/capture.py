"""Degrade a rendered document the way people capture them.

Each capture takes a clean RGB render and returns the image (or PDF bytes) an
applicant might upload: a phone photo on a table with perspective and uneven
light, skew, 90/180/270 rotation, blur, heavy JPEG, a greyscale photocopy, a
scanned or digital PDF, an A4 copy with both sides of an ID card.
"""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from PIL import Image, ImageFilter, ImageOps


def to_cv(img: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(img.convert("RGB")), cv2.COLOR_RGB2BGR)


def to_pil(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(cv2.cvtColor(arr, cv2.COLOR_BGR2RGB))


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def table_photo(rng: random.Random, img: Image.Image) -> Image.Image:
    """The document lying on a table, photographed at an angle, under uneven light."""
    src = to_cv(img)
    h, w = src.shape[:2]
    scale = rng.uniform(1.35, 1.6)
    W, H = int(w * scale), int(h * scale)
    base = np.array([rng.randint(90, 150), rng.randint(110, 160), rng.randint(140, 190)], np.float32)
    table = np.ones((H, W, 3), np.float32) * base
    grain = cv2.GaussianBlur(np.random.default_rng(rng.randint(0, 9999)).normal(0, 18, (H, W)).astype(np.float32), (0, 0), 3)
    table += grain[..., None]
    mx, my = (W - w) / 2, (H - h) / 2
    j = lambda a: rng.uniform(-a, a)  # noqa: E731
    dst = np.float32([[mx + j(w * .06), my + j(h * .06)], [mx + w + j(w * .06), my + j(h * .06)],
                      [mx + w + j(w * .06), my + h + j(h * .06)], [mx + j(w * .06), my + h + j(h * .06)]])
    M = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), dst)
    warped = cv2.warpPerspective(src, M, (W, H)).astype(np.float32)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), M, (W, H))[..., None]
    out = table * (1 - mask) + warped * mask
    gx = np.linspace(rng.uniform(0.75, 0.95), rng.uniform(1.0, 1.1), W)[None, :]
    gy = np.linspace(rng.uniform(0.85, 1.0), rng.uniform(0.95, 1.08), H)[:, None]
    out = np.clip(out * (gx * gy)[..., None], 0, 255).astype(np.uint8)
    return jpeg(to_pil(out), rng.randint(70, 85))


def skew(rng: random.Random, img: Image.Image) -> Image.Image:
    angle = rng.choice([-1, 1]) * rng.uniform(3, 12)
    return img.rotate(angle, expand=True, fillcolor=(235, 235, 235), resample=Image.BICUBIC)


def rotate(img: Image.Image, degrees_cw: int) -> Image.Image:
    return img.rotate(-degrees_cw, expand=True)


def blur(rng: random.Random, img: Image.Image) -> Image.Image:
    return jpeg(img.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 1.8))), 85)


def low_jpeg(rng: random.Random, img: Image.Image) -> Image.Image:
    return jpeg(img, rng.randint(12, 22))


def photocopy(rng: random.Random, img: Image.Image) -> Image.Image:
    g = ImageOps.autocontrast(img.convert("L"), cutoff=2)
    arr = np.asarray(g).astype(np.float32)
    arr = (arr - 128) * rng.uniform(1.2, 1.5) + 128 + np.random.default_rng(rng.randint(0, 9999)).normal(0, 10, arr.shape)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    return jpeg(out.convert("RGB"), 80)


def a4_two_sides(rng: random.Random, front: Image.Image, back: Image.Image, grey: bool = True) -> Image.Image:
    """Front above back on an A4 copy (150 dpi), as offices photocopy them."""
    page = Image.new("RGB", (1240, 1754), (250, 250, 250))
    cw = rng.randint(560, 680)
    f = front.resize((cw, int(cw * front.height / front.width)))
    b = back.resize((cw, int(cw * back.height / back.width)))
    x = (1240 - cw) // 2 + rng.randint(-60, 60)
    y1 = rng.randint(160, 300)
    page.paste(f, (x, y1))
    page.paste(b, (x + rng.randint(-30, 30), y1 + f.height + rng.randint(120, 260)))
    return photocopy(rng, page) if grey else jpeg(page, 85)


def scanned_pdf(pages: list[Image.Image], dpi: int = 200) -> bytes:
    buf = io.BytesIO()
    imgs = [jpeg(p, 85) for p in pages]
    imgs[0].save(buf, "PDF", save_all=True, append_images=imgs[1:], resolution=dpi)
    return buf.getvalue()


def multipage_tiff(pages: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    return buf.getvalue()
