"""居住证 as cities print them, drawn independently of the first renderer: an IC card (the number
in the top row, values in two columns, the address rows wide under the portrait) and a form
page of ``label：value`` rows with the issuing office's seal (wordings: 户籍所在地 / 户口所在地住址,
现居住地址 / 居住住址, 发证机关, 有效期至…)."""

from __future__ import annotations

import random

from generator.identities import ResidencePermit, residence_permit_truth
from PIL import Image, ImageDraw

from .draw import cn_date, font, label_rows, put, seal, sheet, wrap

INK = (35, 35, 35)


def _rows(rng: random.Random, r: ResidencePermit) -> list[tuple[str, str]]:
    p = r.holder
    out = [("姓名", p.name), ("性别", p.sex), ("出生日期", cn_date(p.birth, pad=rng.random() < 0.5)),
           (rng.choice(["公民身份号码", "身份证号码"]), p.id_number),
           (rng.choice(["户籍所在地", "常住户口所在地住址"]), p.address),
           (rng.choice(["居住地址", "居住地住址"]), r.residence_address),
           ("发证机关", r.authority), ("发证日期", cn_date(r.issue_date))]
    if r.valid_until:
        out.append(rng.choice([("有效期至", cn_date(r.valid_until)),
                               ("有效期限", f"{r.valid_from:%Y年%m月%d日}至{r.valid_until:%Y年%m月%d日}")]))
    return out


def ic_card(rng: random.Random, r: ResidencePermit) -> tuple[Image.Image, dict]:
    w = rng.randint(760, 1080)
    h = int(w * 0.631)
    tint = (rng.randint(226, 240), rng.randint(234, 246), rng.randint(240, 252))
    img = Image.new("RGB", (w, h), tint)
    d = ImageDraw.Draw(img)
    u = w / 856
    for k in range(0, h, rng.randint(7, 11)):
        d.line([(0, k), (w, k + h * 0.1)], fill=tuple(c - rng.randint(3, 8) for c in tint), width=1)
    short = r.province.removesuffix("省").removesuffix("市")
    put(d, 40 * u, 24 * u, f"{short}居住证", font(rng, "heavy", 40 * u), (20, 60, 130), em=0.15)
    lf, vf = font(rng, "hei", 19 * u), font(rng, rng.choice(["song", "hei"]), 22 * u)
    rows = _rows(rng, r)
    y = 96 * u
    x_label, x_value = 40 * u, 40 * u + d.textlength("常住户口所在地住址", font=lf) + 14 * u
    d.rectangle((w * 0.76, 90 * u, w * 0.95, 300 * u), fill=(200, 206, 216))
    for label, value in rows:
        put(d, x_label, y + 2 * u, label, lf, (60, 90, 130))
        right = w * 0.74 if y < 300 * u else w * 0.96
        for line in wrap(d, value, vf, right - x_value):
            put(d, x_value, y, line, vf, INK)
            y += 28 * u
        y += 8 * u
    return img, _truth(r, rows)


def form_page(rng: random.Random, r: ResidencePermit) -> tuple[Image.Image, dict]:
    img, d, w, h, u = sheet(rng, (1000, 1200), 1.30, (253, 251, 246), 1100)
    title = rng.choice(["居住证", f"{r.province}居住证"])
    tf = font(rng, "heavy", 60 * u)
    put(d, (w - d.textlength(title, font=tf) * 1.2) / 2, 90 * u, title, tf, INK, em=0.2)
    f = font(rng, rng.choice(["kai", "song", "hei"]), 30 * u)
    rows = _rows(rng, r)
    y = label_rows(d, rows, 100 * u, 240 * u, w - 200 * u, f, (80, 80, 80), 46 * u, 26 * u)
    seal(img, rng, w * 0.68, min(h - 150 * u, y + 140 * u), 95 * u, r.authority)
    return img, _truth(r, rows)


def _truth(r: ResidencePermit, rows: list[tuple[str, str]]) -> dict:
    """What is printed: a validity given by its end alone (有效期至) has no start to read."""
    out = residence_permit_truth(r)
    if any(label == "有效期至" for label, _ in rows):
        out.pop("valid_from", None)
    return out


LAYOUTS = {"ic_card": ic_card, "form_page": form_page}


def render(rng: random.Random, r: ResidencePermit, layout: str | None = None) -> tuple[Image.Image, dict]:
    return LAYOUTS[layout or rng.choice(list(LAYOUTS))](rng, r)
