"""The non-mainland people's documents drawn independently of the first renderer: ``label：value``
rows (dates 1974年08月12日, English names under the Chinese), the travel permits' number in red at
the top right, a passport page whose dates read ``12 8月/AUG 1974`` and whose MRZ sits in an OCR-B
like band, the 港澳台居民居住证's back with the permit number last."""

from __future__ import annotations

import random

from generator.non_mainland import Outsider, td3, truth
from PIL import Image

from .draw import cn_date, font, label_rows, put, sheet

INK = (30, 30, 30)
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()


def _card(rng: random.Random, title: str, rows, title_ink=(20, 50, 120)) -> Image.Image:
    img, d, w, h, u = sheet(rng, (860, 1120), (0.60, 0.66), (rng.randint(240, 252), 246, rng.randint(236, 250)), 1000)
    put(d, 50 * u, 36 * u, title, font(rng, "heavy", 40 * u), title_ink, em=0.08)
    d.rectangle((w * 0.72, h * 0.30, w * 0.94, h * 0.82), fill=(204, 210, 220))
    f = font(rng, rng.choice(["hei", "song"]), 25 * u)
    label_rows(d, rows, 50 * u, 120 * u, w * 0.66, f, (70, 90, 120), 34 * u, 10 * u, INK)
    return img


def hmt_front(rng: random.Random, o: Outsider):
    rows = [("姓名", o.name), ("性别", o.sex), ("出生", cn_date(o.birth, pad=False)), ("住址", o.address),
            ("公民身份号码", o.number)]
    img, d, w, h, u = sheet(rng, (860, 1120), 0.63, (236, 242, 250), 1000)
    f = font(rng, "hei", 26 * u)
    label_rows(d, rows, 60 * u, 70 * u, w * 0.62, f, (40, 90, 140), 40 * u, 20 * u, INK)
    d.rectangle((w * 0.68, h * 0.12, w * 0.94, h * 0.70), fill=(200, 208, 220))
    return img, truth(o, "front")


def hmt_back(rng: random.Random, o: Outsider):
    which = "台湾居民居住证" if o.number.startswith("83") else "港澳居民居住证"
    img, d, w, h, u = sheet(rng, (860, 1120), 0.63, (240, 244, 248), 1000)
    put(d, w * 0.30, 60 * u, "中华人民共和国", font(rng, "heavy", 34 * u), INK, em=0.25)
    put(d, w * 0.30, 120 * u, which, font(rng, "heavy", 46 * u), INK, em=0.15)
    rows = [("签发机关", o.authority), ("有效期限", f"{cn_date(o.valid_from)}至{cn_date(o.valid_until)}"),
            ("签发次数", o.issue_count), ("通行证号码", o.permit_number)]
    label_rows(d, rows, 90 * u, h * 0.52, w * 0.8, font(rng, "song", 25 * u), (60, 80, 110), 34 * u, 14 * u, INK)
    return img, truth(o, "back")


def travel_permit(rng: random.Random, o: Outsider):
    title = "港澳居民来往内地通行证" if o.kind == "hk_macao_permit" else "台湾居民来往大陆通行证"
    rows = [("姓名", f"{o.name}"), ("拼音姓名", o.english_name), ("出生日期", cn_date(o.birth)), ("性别", o.sex),
            ("有效期限", f"{cn_date(o.valid_from)}至{cn_date(o.valid_until)}"), ("签发机关", o.authority),
            ("证件号码", o.number)]
    return _card(rng, title, rows), truth(o)


def permanent_residence(rng: random.Random, o: Outsider):
    rows = [("中文姓名", o.name), ("姓名/Name", o.english_name), ("性别/Sex", f"{o.sex}/{'M' if o.sex == '男' else 'F'}"),
            ("出生日期/Date of Birth", cn_date(o.birth)), ("国籍/Nationality", f"{o.nationality_cn}/{o.nationality}"),
            ("有效期限/Period of Validity", f"{cn_date(o.valid_from)}至{cn_date(o.valid_until)}"),
            ("证件号码/Card No.", o.number)]
    return _card(rng, "外国人永久居留身份证", rows, (120, 70, 20)), truth(o)


def passport(rng: random.Random, o: Outsider):
    def dmy(day) -> str:
        return f"{day.day:02d} {day.month}月/{MONTHS[day.month - 1]} {day.year}"

    img, d, w, h, u = sheet(rng, (960, 1160), 0.72, (244, 240, 236), 1000)
    put(d, 60 * u, 30 * u, "PASSPORT", font(rng, "heavy", 40 * u), (90, 30, 40), em=0.3)
    rows = [("护照号码/Passport No.", o.number), ("姓名/Name", o.english_name),
            ("性别/Sex", "M" if o.sex == "男" else "F"), ("国籍/Nationality", o.nationality),
            ("出生日期/Date of birth", dmy(o.birth)), ("有效期至/Date of expiry", dmy(o.valid_until))]
    label_rows(d, rows, w * 0.30, 110 * u, w * 0.68, font(rng, "hei", 23 * u), (90, 70, 70), 33 * u, 12 * u, INK)
    d.rectangle((50 * u, 110 * u, w * 0.26, 470 * u), fill=(200, 204, 214))
    d.rectangle((0, h * 0.76, w, h), fill=(250, 250, 248))
    mf = font(rng, "hei", w / 48)
    y = h * 0.79
    for line in td3(o):
        put(d, 30 * u, y, line, mf, INK, em=0.05)
        y += mf.size * 1.6
    return img, truth(o)


DOCUMENTS = {"hmt_residence_permit_front": ("hmt_residence_permit", hmt_front),
             "hmt_residence_permit_back": ("hmt_residence_permit", hmt_back),
             "hk_macao_permit": ("hk_macao_permit", travel_permit), "taiwan_permit": ("taiwan_permit", travel_permit),
             "foreign_permanent_residence": ("foreign_permanent_residence", permanent_residence),
             "passport": ("passport", passport)}
