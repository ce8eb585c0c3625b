"""Render the non-mainland people's documents (`non_mainland`) as cards with their truth: the
港澳台居民居住证 (front as the ID card's without 民族, back with the travel permit's number), the
港澳 and 台湾 travel permits, the foreign permanent-residence card and a passport data page with
its MRZ. Layouts follow the public designs loosely, with jittered positions, fonts and sizes."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from .non_mainland import Outsider, td3, truth
from .render import _background, _emblem, pick, text, wrap

EN_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()


def _card(rng: random.Random, title: str | None, subtitle: str | None, rows: list[tuple[str, str]],
          tint=None, photo_left: bool = False) -> tuple[Image.Image, ImageDraw.ImageDraw, float]:
    w = rng.randint(880, 1040)
    h = int(w * 0.64)
    tint = tint or (rng.randint(232, 246), rng.randint(236, 248), rng.randint(238, 252))
    img = _background(rng, w, h, tint)
    d = ImageDraw.Draw(img)
    s = w / 1000
    y = int(h * 0.05)
    if title:
        tf = pick(rng, "bold", int(38 * s))
        text(d, (int(w * 0.06), y), title, tf, (40, 40, 90), 0.1)
        y += int(tf.size * 1.3)
    if subtitle:
        sf = pick(rng, "sans", int(22 * s))
        text(d, (int(w * 0.06), y), subtitle, sf, (60, 60, 110))
        y += int(sf.size * 1.6)
    y += int(10 * s)
    lab_c = (rng.randint(40, 80), rng.randint(70, 100), rng.randint(110, 150))
    lf = pick(rng, "sans", int(20 * s))
    vf = pick(rng, rng.choice(["sans", "serif"]), int(24 * s))
    x_photo = (int(w * 0.05), int(w * 0.27)) if photo_left else (int(w * 0.74), int(w * 0.95))
    d.rounded_rectangle((x_photo[0], int(h * 0.30), x_photo[1], int(h * 0.78)), 8, fill=(208, 214, 224))
    x0 = int(w * 0.31) if photo_left else int(w * 0.06)
    width_label = max(d.textlength(lab, font=lf) for lab, _ in rows) + 18 * s
    right = w - int(w * 0.04) if photo_left else int(w * 0.72)
    for label, value in rows:
        text(d, (x0, y + 3), label, lf, lab_c)
        for line in wrap(value, int(right - x0 - width_label), vf, d):
            text(d, (int(x0 + width_label), y), line, vf)
            y += int(vf.size * 1.3)
        y += int(vf.size * rng.uniform(0.3, 0.5))
    return img, d, s


def _dotted(day) -> str:
    return f"{day:%Y.%m.%d}"


def hmt_front(rng: random.Random, o: Outsider) -> tuple[Image.Image, dict]:
    rows = [("姓名", o.name), ("性别", o.sex), ("出生", f"{o.birth.year}年{o.birth.month}月{o.birth.day}日"),
            ("住址", o.address), ("公民身份号码", o.number)]
    img, _, _ = _card(rng, None, None, rows)
    return img, truth(o, "front")


def hmt_back(rng: random.Random, o: Outsider) -> tuple[Image.Image, dict]:
    which = "台湾居民居住证" if o.number.startswith("83") else "港澳居民居住证"
    w = rng.randint(880, 1040)
    h = int(w * 0.64)
    img = _background(rng, w, h, (rng.randint(236, 248), rng.randint(238, 250), rng.randint(236, 250)))
    d = ImageDraw.Draw(img)
    s = w / 1000
    _emblem(d, int(w * 0.15), int(h * 0.22), int(h * 0.13))
    text(d, (int(w * 0.32), int(h * 0.10)), "中华人民共和国", pick(rng, "bold", int(36 * s)), (30, 30, 30), 0.3)
    text(d, (int(w * 0.32), int(h * 0.23)), which, pick(rng, "bold", int(50 * s)), (30, 30, 30), 0.2)
    lf, vf = pick(rng, "sans", int(22 * s)), pick(rng, rng.choice(["sans", "serif"]), int(25 * s))
    y = int(h * rng.uniform(0.50, 0.54))
    for label, value in (("签发机关", o.authority), ("有效期限", f"{_dotted(o.valid_from)}-{_dotted(o.valid_until)}"),
                         ("签发次数", o.issue_count), ("通行证号码", o.permit_number)):
        text(d, (int(w * 0.12), y + 2), label, lf, (50, 90, 130), 0.2)
        text(d, (int(w * 0.36), y), value, vf)
        y += int(vf.size * rng.uniform(1.6, 1.8))
    return img, truth(o, "back")


def travel_permit(rng: random.Random, o: Outsider) -> tuple[Image.Image, dict]:
    title = "港澳居民来往内地通行证" if o.kind == "hk_macao_permit" else "台湾居民来往大陆通行证"
    rows = [("姓名", o.name), ("英文姓名", o.english_name), ("性别", o.sex), ("出生日期", _dotted(o.birth)),
            ("有效期限", f"{_dotted(o.valid_from)}-{_dotted(o.valid_until)}"), ("签发机关", o.authority),
            ("证件号码", o.number)]
    img, _, _ = _card(rng, title, "中华人民共和国出入境管理局", rows, photo_left=rng.random() < 0.5)
    return img, truth(o)


def permanent_residence(rng: random.Random, o: Outsider) -> tuple[Image.Image, dict]:
    rows = [("姓名/Name", o.english_name), ("中文姓名", o.name), ("性别/Sex", f"{o.sex}/{'M' if o.sex == '男' else 'F'}"),
            ("出生日期/Date of Birth", _dotted(o.birth)), ("国籍/Nationality", f"{o.nationality_cn}/{o.nationality}"),
            ("有效期限/Period of Validity", f"{_dotted(o.valid_from)}-{_dotted(o.valid_until)}"),
            ("证件号码/Card No.", o.number)]
    img, _, _ = _card(rng, "中华人民共和国外国人永久居留身份证", "Foreign Permanent Resident ID Card", rows,
                      tint=(rng.randint(236, 248), rng.randint(240, 250), rng.randint(226, 238)))
    return img, truth(o)


def passport(rng: random.Random, o: Outsider, zone: tuple[str, str] | None = None) -> tuple[Image.Image, dict]:
    """A passport's data page; ``zone`` prints other MRZ lines than its own (a forged page)."""
    def dmy(day) -> str:
        return f"{day.day:02d} {EN_MONTHS[day.month - 1]} {day.year}"

    rows = [("类型/Type", "P"), ("国家码/Country code", o.nationality), ("护照号/Passport No.", o.number),
            ("姓名/Name", o.english_name), ("性别/Sex", "M" if o.sex == "男" else "F"),
            ("国籍/Nationality", o.nationality), ("出生日期/Date of birth", dmy(o.birth)),
            ("签发日期/Date of issue", dmy(o.valid_from)), ("有效期至/Date of expiry", dmy(o.valid_until))]
    img, d, s = _card(rng, "护照 PASSPORT", None, rows, photo_left=True,
                      tint=(rng.randint(238, 250), rng.randint(232, 244), rng.randint(232, 246)))
    w, h = img.size
    img = img.resize((w, int(h * 1.18)))
    canvas = Image.new("RGB", (w, int(h * 1.18)), (246, 244, 240))
    canvas.paste(img.crop((0, 0, w, int(h * 0.95))), (0, 0))
    d = ImageDraw.Draw(canvas)
    mf = pick(rng, "mono", int(w / 44 * 1.05))
    y = int(h * 0.98)
    for line in zone or td3(o):
        d.text((int(w * 0.03), y), line, font=mf, fill=(20, 20, 20))
        y += int(mf.size * 1.5)
    return canvas, truth(o) | ({"mrz": "\n".join(zone)} if zone else {})


DOCUMENTS = {"hmt_residence_permit_front": ("hmt_residence_permit", hmt_front),
             "hmt_residence_permit_back": ("hmt_residence_permit", hmt_back),
             "hk_macao_permit": ("hk_macao_permit", travel_permit), "taiwan_permit": ("taiwan_permit", travel_permit),
             "foreign_permanent_residence": ("foreign_permanent_residence", permanent_residence),
             "passport": ("passport", passport)}
