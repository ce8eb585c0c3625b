"""Domain certificates as registrars print them.

* ``icann_bilingual`` (腾讯云 / DNSPod style): title 顶级国际域名证书, a sentence in
  Chinese and one in English (``域名x已由Y完成注册`` / ``…has been registered by…``),
  a table whose labels are Chinese with English beneath, dates with ``(UTC)``,
  footnotes, the print date.
* ``cnnic_bilingual``: 中国国家顶级域名注册证书, the same table, dates with times.
* ``prose_first`` (新网 style): the registrar only in the sentence
  (``已通过某公司完成注册``), a short ``label：value`` table with 通信地址.
* ``two_names`` (a registrar that prints both forms of the holder):
  ``注册人（中文）`` and ``注册人（英文）`` rows, ``Sponsoring Registrar``.
"""

from __future__ import annotations

import random

from generator.identities import Domain
from PIL import Image, ImageDraw

from .draw import font, put, seal, sheet, wrap

PINYIN = {"王": "Wang", "李": "Li", "张": "Zhang", "刘": "Liu", "陈": "Chen", "杨": "Yang", "黄": "Huang",
          "赵": "Zhao", "吴": "Wu", "周": "Zhou", "徐": "Xu", "胡": "Hu"}


def _english(holder: str) -> str:
    if len(holder) <= 4:
        return " ".join(PINYIN.get(ch, "Li") for ch in holder)
    return "Technology Co., Ltd."


def _truth(dm: Domain) -> dict:
    return {"domain": dm.domain, "holder": dm.holder, "registrar": dm.registrar,
            "registration_date": dm.registered.isoformat(), "expiry_date": dm.expires.isoformat()}


def _sentence(d, rng, x, y, text, f, width, gap) -> float:
    for line in wrap(d, text, f, width):
        put(d, x, y, line, f)
        y += gap
    return y


def _table(d, rng, x, y, rows, f, ef, u, value_x):
    for cn, en, value, value_en in rows:
        put(d, x, y, cn, f)
        if en:
            put(d, x, y + f.size * 1.05, en, ef, (70, 70, 70))
        vy = y + (f.size * 0.5 if en else 0)
        put(d, value_x, vy, value, f)
        if value_en:
            put(d, value_x, vy + f.size * 1.05, value_en, ef, (70, 70, 70))
        y += f.size * (2.7 if en else 1.6)
    return y


def icann_bilingual(rng: random.Random, dm: Domain, cnnic: bool = False) -> tuple[Image.Image, dict]:
    img, d, w, h, u = sheet(rng, (900, 1800), 1.45, (255, 253, 248), 1000)
    d.rectangle((15 * u, 15 * u, w - 15 * u, h - 15 * u), outline=(60, 110, 170), width=int(8 * u))
    title = "中国国家顶级域名注册证书" if cnnic else "顶级国际域名证书"
    tf = font(rng, "heavy", 52 * u)
    put(d, (w - d.textlength(title, font=tf)) / 2, 190 * u, title, tf)
    en_title = "Certification of Chinese Top Level Domain Name" if cnnic else "Certificate of Generic Top Level Domain Name"
    ef = font(rng, "hei", 22 * u)
    put(d, (w - d.textlength(en_title, font=ef)) / 2, 260 * u, en_title, ef)
    f = font(rng, "hei", 27 * u)
    authority = "中国顶级域名权威机构 CNNIC" if cnnic else "国际顶级域名权威机构 ICANN"
    y = _sentence(d, rng, 70 * u, 360 * u, f"本证书由{authority}授权{dm.registrar}制作并颁发。", f, w - 140 * u, 40 * u)
    y = _sentence(d, rng, 70 * u, y + 6 * u, f"域名{dm.domain}已由{dm.holder}完成注册，并已在国际顶级域名数据库中记录。",
                  f, w - 140 * u, 40 * u)
    y = _sentence(d, rng, 70 * u, y + 6 * u, f"This is to certify that the domain {dm.domain} has been registered by "
                  f"{_english(dm.holder)}. And the registration has taken effect since it was put on records in the "
                  "database of gTLD and ccTLD.", ef, w - 140 * u, 32 * u)
    time = (lambda day: f"{day:%Y-%m-%d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}") \
        if cnnic else (lambda day: f"{day:%Y-%m-%d} (UTC)")
    rows = [("域名", "Domain Name", dm.domain, ""),
            ("注册所有者", "Registrant", dm.holder, _english(dm.holder)),
            ("域名所属注册机构", "Registrar", dm.registrar, "Registrar Co., Ltd."),
            ("域名注册时间", "Registration Date", time(dm.registered), ""),
            ("域名到期时间", "Expiration Date", time(dm.expires), "")]
    y = _table(d, rng, 110 * u, y + 50 * u, rows, f, ef, u, 400 * u)
    nf = font(rng, "hei", 20 * u)
    notes = ["1. 本证书表明证书上列出的组织或者个人是列出的域名的合法注册人。",
             "2. 本证书并不表明域名所属注册机构对本证书所列域名是否侵害任何第三人之合法权利作出任何评判。",
             "3. 若域名被转让、转出域名所属注册机构、被删除或发生其他改变域名状态及所有人信息的情况，则本证书不再具有证明效力。"]
    y += 40 * u
    for n in notes:
        y = _sentence(d, rng, 70 * u, y, n, nf, w - 140 * u, 30 * u)
    seal(img, rng, w - 200 * u, y - 80 * u, 90 * u, dm.registrar, "域名专用章")
    d = ImageDraw.Draw(img)
    put(d, w - 420 * u, h - 120 * u, f"证书打印日期：{dm.expires.year - 1}年{rng.randint(1, 12):02d}月{rng.randint(1, 28):02d}日", nf)
    return img, _truth(dm)


def cnnic_bilingual(rng: random.Random, dm: Domain) -> tuple[Image.Image, dict]:
    return icann_bilingual(rng, dm, cnnic=True)


def prose_first(rng: random.Random, dm: Domain) -> tuple[Image.Image, dict]:
    img, d, w, h, u = sheet(rng, (1000, 1400), 0.88, (250, 250, 250), 1000)
    tf = font(rng, "heavy", 40 * u)
    title = rng.choice(["中国国家顶级域名注册证书", "域名注册证书", "国际域名注册证书"])
    put(d, (w - d.textlength(title, font=tf)) / 2, 150 * u, title, tf)
    f = font(rng, "song", 20 * u)
    y = _sentence(d, rng, 250 * u, 270 * u, "国内顶级域名权威机构授权本公司制作并颁发此证。证明：", f, 500 * u, 26 * u)
    y = _sentence(d, rng, 250 * u, y + 10 * u, f"域名{dm.domain}已通过{dm.registrar}完成注册，并已在国内顶级域名数据库中备案。",
                  f, 500 * u, 26 * u)
    y += 50 * u
    vx = 410 * u
    for label, value in [("域名：", dm.domain), ("注册所有人：", dm.holder), ("注册时间：", f"{dm.registered:%Y-%m-%d}"),
                         ("到期时间：", f"{dm.expires:%Y-%m-%d}"), ("通信地址：", "某省某市某区某路1号")]:
        put(d, vx - d.textlength(label, font=f), y, label, f)
        put(d, vx, y, value, f)
        y += 28 * u
    _sentence(d, rng, 250 * u, y + 60 * u, f"本证书仅用于证明该域名是通过{dm.registrar}注册的，本证书并不做为其他证明文件。",
              f, 500 * u, 26 * u)
    return img, _truth(dm)


def two_names(rng: random.Random, dm: Domain) -> tuple[Image.Image, dict]:
    img, d, w, h, u = sheet(rng, (1100, 1500), 0.72, (247, 250, 255), 1200)
    tf = font(rng, "heavy", 56 * u)
    put(d, (w - d.textlength("域名注册证书", font=tf)) / 2, 90 * u, "域名注册证书", tf, (20, 60, 120))
    f = font(rng, "hei", 28 * u)
    rows = [("域名：", dm.domain), ("注册人（中文）：", dm.holder), ("注册人（英文）：", _english(dm.holder)),
            ("注册日期：", dm.registered.strftime("%Y年%m月%d日")), ("到期日期：", dm.expires.strftime("%Y年%m月%d日")),
            ("注册商：", dm.registrar), ("Sponsoring Registrar：", "Registrar Co., Ltd.")]
    y = 260 * u
    for label, value in rows:
        put(d, 160 * u, y, label, f)
        put(d, 520 * u, y, value, f)
        y += 52 * u
    put(d, 160 * u, y + 40 * u, "特此证明。", f)
    seal(img, rng, w - 260 * u, h - 230 * u, 100 * u, dm.registrar, "证书专用章")
    return img, _truth(dm)


LAYOUTS = {"icann_bilingual": icann_bilingual, "cnnic_bilingual": cnnic_bilingual, "prose_first": prose_first,
           "two_names": two_names}
