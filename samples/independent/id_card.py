"""Resident ID cards as the 2nd-generation card and its published specimens print them.

Front: blue-grey labels (姓名 性别 民族 出生 住址 公民身份号码), black values, the
birth date with 年 月 日 in label colour, the address wrapped in a narrow column
beside the portrait, the number in a wide monospaced run; sometimes a specimen
stamp (样本) over the address or a photocopy watermark. Back: emblem, 中华人民共和国 /
居民身份证 in large type, 签发机关 and 有效期限 (``2005.10.08-2025.10.08``).
"""

from __future__ import annotations

import random

from generator.identities import Person
from PIL import Image, ImageDraw

from .draw import font, put, wrap

LABEL = (40, 90, 140)


def _card(rng: random.Random) -> tuple[Image.Image, ImageDraw.ImageDraw, float]:
    w = rng.randint(700, 1100)
    h = int(w * 0.631)
    base = (rng.randint(228, 246), rng.randint(236, 248), rng.randint(240, 252))
    img = Image.new("RGB", (w, h), base)
    d = ImageDraw.Draw(img)
    for k in range(0, w, rng.randint(5, 9)):  # fine wavy security print
        c = tuple(v - rng.randint(4, 10) for v in base)
        d.line([(k, 0), (k + h * 0.3, h)], fill=c, width=1)
    return img, d, w / 856


def front(rng: random.Random, p: Person) -> tuple[Image.Image, dict]:
    img, d, u = _card(rng)
    w, h = img.size
    lf = font(rng, "hei", 24 * u)
    vf = font(rng, "hei" if rng.random() < 0.5 else "song", 28 * u)
    em = rng.choice([0.0, 0.3, 0.8])
    xl, xv = 60 * u, 60 * u + d.textlength("姓名", font=lf) + em * lf.size + 26 * u
    y, step = 58 * u, 66 * u
    put(d, xl, y, "姓名", lf, LABEL, em)
    put(d, xv, y - 2 * u, p.name, font(rng, "hei", 32 * u))
    y += step
    put(d, xl, y, "性别", lf, LABEL, em)
    put(d, xv, y, p.sex, vf)
    xe = xv + 120 * u
    put(d, xe, y, "民族", lf, LABEL, em)
    put(d, xe + d.textlength("民族", font=lf) + em * lf.size + 26 * u, y, p.ethnicity, vf)
    y += step
    put(d, xl, y, "出生", lf, LABEL, em)
    x = put(d, xv, y, f"{p.birth.year}", vf)
    x = put(d, x + 8 * u, y, "年", lf, LABEL)
    x = put(d, x + 8 * u, y, f"{p.birth.month}", vf)
    x = put(d, x + 8 * u, y, "月", lf, LABEL)
    x = put(d, x + 8 * u, y, f"{p.birth.day}", vf)
    put(d, x + 8 * u, y, "日", lf, LABEL)
    y += step
    put(d, xl, y, "住址", lf, LABEL, em)
    for line in wrap(d, p.address, vf, w * 0.56 - xv):
        put(d, xv, y, line, vf)
        y += 38 * u
    d.rounded_rectangle((w * 0.64, h * 0.12, w * 0.92, h * 0.72), 10 * u, fill=(205, 212, 222))
    cx = w * 0.78
    d.ellipse((cx - 50 * u, h * 0.2, cx + 50 * u, h * 0.2 + 120 * u), fill=(140, 148, 160))
    yn = h * rng.uniform(0.80, 0.84)
    put(d, xl, yn + 4 * u, "公民身份号码", lf, LABEL)
    put(d, w * rng.uniform(0.33, 0.37), yn, p.id_number, font(rng, "hei", 32 * u), em=rng.uniform(0.05, 0.15))
    return img, {"name": p.name, "sex": p.sex, "ethnicity": p.ethnicity, "birth_date": p.birth.isoformat(),
                 "address": p.address, "id_number": p.id_number}


def back(rng: random.Random, p: Person) -> tuple[Image.Image, dict]:
    img, d, u = _card(rng)
    w, h = img.size
    r = 70 * u
    d.ellipse((110 * u - r, 120 * u - r, 110 * u + r, 120 * u + r), fill=(205, 35, 35))
    d.regular_polygon((110 * u, 110 * u, r * 0.35), 5, fill=(245, 205, 70))
    put(d, 280 * u, 70 * u, "中华人民共和国", font(rng, "heavy", 38 * u), (30, 30, 30), em=0.4)
    put(d, 270 * u, 150 * u, "居民身份证", font(rng, "heavy", 64 * u), (30, 30, 30), em=0.5)
    lf, vf = font(rng, "hei", 24 * u), font(rng, "hei", 27 * u)
    x, y = 170 * u, h * 0.70
    put(d, x, y, "签发机关", lf, LABEL, 0.2)
    put(d, x + 170 * u, y - 2 * u, p.authority, vf)
    y += 62 * u
    put(d, x, y, "有效期限", lf, LABEL, 0.2)
    until = p.valid_until.strftime("%Y.%m.%d") if p.valid_until else "长期"
    put(d, x + 170 * u, y - 2 * u, f"{p.valid_from:%Y.%m.%d}-{until}", vf)
    return img, {"issuing_authority": p.authority, "valid_from": p.valid_from.isoformat(),
                 "valid_until": p.valid_until.isoformat() if p.valid_until else "长期"}
