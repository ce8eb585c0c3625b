"""Render synthetic documents to images (Pillow), with their ground truth.

Layouts follow the public designs of the 2nd-generation resident ID card, the
2014+ business licence (and the older single-column one) and common registrars'
domain certificates, with random jitter, fonts and label variants so that an
extractor cannot learn pixel positions. Fonts come from Debian packages.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from .identities import Company, Domain, Person

FONT_FAMILIES = {
    "sans": ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei"],
    "serif": ["Noto Serif CJK SC", "AR PL UMing CN"],
    "kai": ["AR PL UKai CN"],
    "bold": ["Noto Sans CJK SC:style=Bold", "Noto Serif CJK SC:style=Bold"],
    "mono": ["Noto Sans Mono CJK SC"],
}


@lru_cache(maxsize=None)
def _font_file(pattern: str) -> tuple[str, int]:
    out = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family[0]}", pattern],
                         capture_output=True, text=True, check=True).stdout
    path, index, family = out.split("|", 2)
    if pattern.split(":")[0] not in family:
        raise RuntimeError(f"font {pattern!r} is not installed (apt-get install fonts-noto-cjk fonts-wqy-zenhei"
                           " fonts-wqy-microhei fonts-arphic-ukai fonts-arphic-uming)")
    return path, int(index)


@lru_cache(maxsize=256)
def font(pattern: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = _font_file(pattern)
    return ImageFont.truetype(path, size, index=index)


def pick(rng: random.Random, kind: str, size: int) -> ImageFont.FreeTypeFont:
    return font(rng.choice(FONT_FAMILIES[kind]), size)


def text(draw: ImageDraw.ImageDraw, xy, s: str, f, fill=(20, 20, 20), spacing: float = 0.0) -> int:
    """Draw s at xy with extra letter spacing (in em); return the x after it."""
    x, y = xy
    if not spacing:
        draw.text((x, y), s, font=f, fill=fill)
        return x + int(draw.textlength(s, font=f))
    for ch in s:
        draw.text((x, y), ch, font=f, fill=fill)
        x += int(draw.textlength(ch, font=f) + spacing * f.size)
    return x


def wrap(s: str, width_px: int, f, draw) -> list[str]:
    lines, cur = [], ""
    for ch in s:
        if draw.textlength(cur + ch, font=f) > width_px and cur:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return lines + [cur] if cur else lines


def _cn_date(d: dt.date, zero_pad: bool = True) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日" if zero_pad else f"{d.year}年{d.month}月{d.day}日"


def _background(rng: random.Random, w: int, h: int, tint) -> Image.Image:
    img = Image.new("RGB", (w, h), tint)
    d = ImageDraw.Draw(img)
    for i in range(0, h, rng.randint(6, 12)):  # faint guilloche-like lines
        c = tuple(max(0, v - rng.randint(6, 14)) for v in tint)
        d.arc((-w // 2, i - h, w * 3 // 2, i + h), 0, 180, fill=c, width=1)
    return img


def id_front(rng: random.Random, p: Person) -> tuple[Image.Image, dict]:
    w = rng.randint(820, 1000)
    h = int(w * 540 / 856)
    img = _background(rng, w, h, (rng.randint(236, 248), rng.randint(240, 250), rng.randint(238, 252)))
    d = ImageDraw.Draw(img)
    lab_c = (rng.randint(30, 70), rng.randint(80, 110), rng.randint(130, 170))
    s = h / 540
    lf = pick(rng, "sans", int(26 * s))
    vf = pick(rng, rng.choice(["sans", "serif", "kai"]), int(30 * s))
    x0, xv = int(w * rng.uniform(0.07, 0.10)), int(w * rng.uniform(0.19, 0.22))
    y = int(h * rng.uniform(0.09, 0.13))
    gap = int(h * rng.uniform(0.115, 0.125))
    text(d, (x0, y), "姓名", lf, lab_c, 0.5)
    text(d, (xv, y - 2), p.name, vf)
    y += gap
    text(d, (x0, y), "性别", lf, lab_c, 0.5)
    text(d, (xv, y - 2), p.sex, vf)
    xe = int(w * rng.uniform(0.34, 0.38))
    text(d, (xe, y), "民族", lf, lab_c, 0.5)
    text(d, (xe + int(w * 0.11), y - 2), p.ethnicity, vf)
    y += gap
    text(d, (x0, y), "出生", lf, lab_c, 0.5)
    x = text(d, (xv, y - 2), str(p.birth.year), vf)
    x = text(d, (x + 8, y), "年", lf, lab_c)
    x = text(d, (x + 10, y - 2), str(p.birth.month), vf)
    x = text(d, (x + 8, y), "月", lf, lab_c)
    x = text(d, (x + 10, y - 2), str(p.birth.day), vf)
    text(d, (x + 8, y), "日", lf, lab_c)
    y += gap
    text(d, (x0, y), "住址", lf, lab_c, 0.5)
    for line in wrap(p.address, int(w * 0.40), vf, d):
        text(d, (xv, y - 2), line, vf)
        y += int(vf.size * 1.35)
    # photo placeholder
    px0, py0 = int(w * 0.63), int(h * 0.12)
    d.rounded_rectangle((px0, py0, int(w * 0.92), int(h * 0.70)), 8, fill=(218, 224, 232))
    cx = (px0 + int(w * 0.92)) // 2
    d.ellipse((cx - 55 * s, py0 + 40 * s, cx + 55 * s, py0 + 170 * s), fill=(150, 156, 168))
    d.pieslice((cx - 120 * s, py0 + 170 * s, cx + 120 * s, py0 + 420 * s), 180, 360, fill=(150, 156, 168))
    yn = int(h * rng.uniform(0.80, 0.84))
    text(d, (x0, yn + 4), "公民身份号码", lf, lab_c, 0.25)
    nf = pick(rng, rng.choice(["mono", "sans"]), int(32 * s))
    text(d, (int(w * rng.uniform(0.35, 0.38)), yn), p.id_number, nf, spacing=rng.uniform(0.02, 0.12))
    truth = {"name": p.name, "sex": p.sex, "ethnicity": p.ethnicity, "birth_date": p.birth.isoformat(),
             "address": p.address, "id_number": p.id_number}
    return img, truth


def _emblem(d: ImageDraw.ImageDraw, cx: int, cy: int, r: int) -> None:
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(200, 30, 30))
    d.ellipse((cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7), outline=(240, 200, 60), width=max(2, r // 12))
    d.regular_polygon((cx, cy - r * 0.2, r * 0.3), 5, fill=(240, 200, 60))


def id_back(rng: random.Random, p: Person) -> tuple[Image.Image, dict]:
    w = rng.randint(820, 1000)
    h = int(w * 540 / 856)
    img = _background(rng, w, h, (rng.randint(236, 248), rng.randint(240, 250), rng.randint(238, 252)))
    d = ImageDraw.Draw(img)
    s = h / 540
    _emblem(d, int(w * 0.16), int(h * 0.25), int(h * 0.15))
    tf = pick(rng, "bold", int(40 * s))
    text(d, (int(w * rng.uniform(0.33, 0.38)), int(h * 0.13)), "中华人民共和国", tf, (30, 30, 30), 0.3)
    tf2 = pick(rng, "bold", int(58 * s))
    text(d, (int(w * rng.uniform(0.33, 0.38)), int(h * 0.28)), "居民身份证", tf2, (30, 30, 30), 0.35)
    lab_c = (rng.randint(30, 70), rng.randint(80, 110), rng.randint(130, 170))
    lf = pick(rng, "sans", int(26 * s))
    vf = pick(rng, rng.choice(["sans", "serif"]), int(28 * s))
    x0, xv = int(w * rng.uniform(0.17, 0.20)), int(w * rng.uniform(0.37, 0.40))
    y1 = int(h * rng.uniform(0.66, 0.70))
    text(d, (x0, y1), "签发机关", lf, lab_c, 0.2)
    text(d, (xv, y1 - 2), p.authority, vf)
    y2 = y1 + int(h * rng.uniform(0.11, 0.13))
    text(d, (x0, y2), "有效期限", lf, lab_c, 0.2)
    until = p.valid_until.strftime("%Y.%m.%d") if p.valid_until else "长期"
    text(d, (xv, y2 - 2), f"{p.valid_from:%Y.%m.%d}-{until}", vf)
    truth = {"issuing_authority": p.authority, "valid_from": p.valid_from.isoformat(),
             "valid_until": p.valid_until.isoformat() if p.valid_until else "长期"}
    return img, truth


def _qr(d: ImageDraw.ImageDraw, rng: random.Random, x: int, y: int, size: int) -> None:
    n = 25
    cell = size // n
    for i in range(n):
        for j in range(n):
            corner = (i < 7 and j < 7) or (i < 7 and j >= n - 7) or (i >= n - 7 and j < 7)
            if (corner and (i % 6 == 0 or j % 6 == 0 or (2 <= i % (n - 7) <= 4 and 2 <= j % (n - 7) <= 4))) or \
                    (not corner and rng.random() < 0.45):
                d.rectangle((x + j * cell, y + i * cell, x + (j + 1) * cell - 1, y + (i + 1) * cell - 1), fill=(0, 0, 0))


def _stamp(img: Image.Image, rng: random.Random, cx: int, cy: int, r: int, label: str) -> None:
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (210, 40, 40, 150)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(3, r // 25))
    d.regular_polygon((cx, cy, r * 0.22), 5, fill=red)
    f = pick(rng, "sans", max(12, r // 6))
    import math
    n = len(label)
    for i, ch in enumerate(label):  # text around the top arc
        a = math.radians(200 + i * 140 / max(1, n - 1))
        tx, ty = cx + math.cos(a) * r * 0.75, cy + math.sin(a) * r * 0.75
        d.text((tx - f.size / 2, ty - f.size / 2), ch, font=f, fill=red)
    img.paste(Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB"))


def _sheet(rng: random.Random, border: float) -> tuple[Image.Image, ImageDraw.ImageDraw, int, int, int]:
    """A portrait certificate's paper with its red frame: (image, its drawing, width, height, margin)."""
    w = rng.randint(1180, 1300)
    h = int(w * 1.414)
    img = Image.new("RGB", (w, h), (rng.randint(246, 252), rng.randint(244, 250), rng.randint(236, 246)))
    d = ImageDraw.Draw(img)
    m = int(w * 0.035)
    d.rectangle((m, m, w - m, h - m), outline=(190, 60, 50), width=int(w * border))
    return img, d, w, h, m


def business_license(rng: random.Random, c: Company) -> tuple[Image.Image, dict]:
    img, d, w, h, m = _sheet(rng, 0.012)
    d.rectangle((m + 18, m + 18, w - m - 18, h - m - 18), outline=(200, 150, 60), width=3)
    s = w / 1240
    _emblem(d, w // 2, int(h * 0.075), int(h * 0.035))
    tf = pick(rng, "bold", int(rng.uniform(78, 92) * s))
    title = "营业执照"
    tw = d.textlength(title, font=tf) + 3 * 0.6 * tf.size
    text(d, (int((w - tw) / 2), int(h * 0.12)), title, tf, (30, 30, 30), 0.6)
    sf = pick(rng, "sans", int(22 * s))
    text(d, (int(w * 0.42), int(h * 0.12) + tf.size + 20), "(副        本)" if rng.random() < 0.5 else "", sf)
    lf = pick(rng, rng.choice(["sans", "serif"]), int(26 * s))
    vf = pick(rng, rng.choice(["sans", "serif", "kai"]), int(26 * s))
    lab_c = (25, 25, 25)
    cy = int(h * rng.uniform(0.06, 0.075))
    text(d, (int(w * 0.09), cy), "统一社会信用代码", lf, lab_c)
    text(d, (int(w * 0.09), cy + int(lf.size * 1.5)), c.credit_code, pick(rng, rng.choice(["sans", "mono"]), int(24 * s)))
    _qr(d, rng, int(w * 0.78), int(h * 0.085), int(w * 0.12))
    until = _cn_date(c.valid_until) if c.valid_until else "长期"
    term = f"{_cn_date(c.established)} 至 {until}"
    spaced = lambda t: t if len(t) > 2 else (t[0] + "    " + t[1])  # noqa: E731
    y = int(h * rng.uniform(0.25, 0.28))
    row = int(lf.size * rng.uniform(2.1, 2.5))
    if rng.random() < 0.7:  # the 2014+ two-column layout
        left = [("名称", c.name), ("类型", c.entity_type), ("法定代表人", c.legal_representative), ("经营范围", c.scope)]
        right = [("注册资本", c.registered_capital), ("成立日期", _cn_date(c.established)), ("营业期限", term), ("住所", c.address)]
        xl, xlv, xr, xrv = int(w * 0.09), int(w * 0.235), int(w * 0.56), int(w * 0.68)
        yl = yr = y
        for (ll, lv), (rl, rv) in zip(left, right):
            yl = yr = max(yl, yr)
            text(d, (xl, yl), spaced(ll), lf, lab_c)
            for line in wrap(lv, int(w * 0.30), vf, d):
                text(d, (xlv, yl), line, vf)
                yl += int(vf.size * 1.45)
            yl += row - int(vf.size * 1.45)
            text(d, (xr, yr), spaced(rl), lf, lab_c)
            for line in wrap(rv, int(w * 0.25), vf, d):
                text(d, (xrv, yr), line, vf)
                yr += int(vf.size * 1.45)
            yr += row - int(vf.size * 1.45)
        y = max(yl, yr)
    else:  # the older single-column layout
        rows = [("名称", c.name), ("类型", c.entity_type), ("住所", c.address), ("法定代表人", c.legal_representative),
                ("注册资本", c.registered_capital), ("成立日期", _cn_date(c.established)), ("营业期限", term),
                ("经营范围", c.scope)]
        xl, xv = int(w * 0.10), int(w * 0.27)
        for label, value in rows:
            text(d, (xl, y), spaced(label), lf, lab_c)
            for line in wrap(value, int(w * 0.62), vf, d):
                text(d, (xv, y), line, vf)
                y += int(vf.size * 1.45)
            y += row - int(vf.size * 1.45)
    ya = max(y + 40, int(h * 0.80))
    text(d, (int(w * 0.55), ya), "登记机关", lf, lab_c)
    _stamp(img, rng, int(w * 0.72), ya + 40, int(w * 0.09), c.authority)
    d = ImageDraw.Draw(img)
    text(d, (int(w * 0.62), ya + int(w * 0.09) + 30), _cn_date(c.issue_date), vf)
    truth = {"credit_code": c.credit_code, "name": c.name, "entity_type": c.entity_type,
             "legal_representative": c.legal_representative, "registered_capital": c.registered_capital,
             "established_date": c.established.isoformat(),
             "valid_until": c.valid_until.isoformat() if c.valid_until else "长期",
             "address": c.address, "business_scope": c.scope, "issue_date": c.issue_date.isoformat()}
    return img, truth


CERT_TEMPLATES = [
    {"title": "域名注册证书", "en": "Domain Name Registration Certificate",
     "labels": ("域名", "注册所有人", "注册服务机构", "注册日期", "到期日期"), "sep": "：", "date": "%Y-%m-%d"},
    {"title": "域名证书", "en": "Certificate of Domain Name Registration",
     "labels": ("域名 Domain Name", "域名持有者 Registrant", "注册商 Registrar", "注册时间 Registration Date",
                "到期时间 Expiration Date"), "sep": "：", "date": "%Y年%m月%d日"},
    {"title": "国际域名注册证书", "en": "",
     "labels": ("域 名", "持有者", "注册服务商", "注册日期", "过期日期"), "sep": ": ", "date": "%Y/%m/%d"},
]


def domain_certificate(rng: random.Random, dm: Domain) -> tuple[Image.Image, dict]:
    w = rng.randint(1500, 1700)
    h = int(w * 0.707)
    img = Image.new("RGB", (w, h), (rng.randint(248, 255), rng.randint(246, 252), rng.randint(238, 248)))
    d = ImageDraw.Draw(img)
    m = int(w * 0.03)
    d.rectangle((m, m, w - m, h - m), outline=(180, 140, 60), width=int(w * 0.01))
    tpl = rng.choice(CERT_TEMPLATES)
    s = w / 1600
    tf = pick(rng, "bold", int(70 * s))
    tw = d.textlength(tpl["title"], font=tf) + len(tpl["title"]) * 0.3 * tf.size
    text(d, (int((w - tw) / 2), int(h * 0.10)), tpl["title"], tf, (120, 70, 20), 0.3)
    if tpl["en"]:
        ef = pick(rng, "sans", int(28 * s))
        text(d, (int((w - d.textlength(tpl["en"], font=ef)) / 2), int(h * 0.10) + tf.size + 20), tpl["en"], ef, (120, 90, 50))
    lf = pick(rng, rng.choice(["sans", "serif"]), int(32 * s))
    vf = pick(rng, rng.choice(["sans", "serif"]), int(32 * s))
    fmt = tpl["date"]
    values = (dm.domain, dm.holder, dm.registrar, dm.registered.strftime(fmt), dm.expires.strftime(fmt))
    y = int(h * rng.uniform(0.33, 0.37))
    x0 = int(w * rng.uniform(0.13, 0.17))
    for label, value in zip(tpl["labels"], values):
        x = text(d, (x0, y), label + tpl["sep"], lf, (60, 60, 60))
        text(d, (max(x + 10, int(w * 0.42)) if rng.random() < 0.5 else x + 6, y), value, vf)
        y += int(lf.size * rng.uniform(1.9, 2.3))
    nf = pick(rng, "sans", int(22 * s))
    text(d, (x0, int(h * 0.86)), "本证书仅证明该域名已注册，不代表域名持有者的其他权利。", nf, (110, 110, 110))
    _stamp(img, rng, int(w * 0.78), int(h * 0.78), int(w * 0.07), dm.registrar)
    truth = {"domain": dm.domain, "holder": dm.holder, "registrar": dm.registrar,
             "registration_date": dm.registered.isoformat(), "expiry_date": dm.expires.isoformat()}
    return img, truth


# the organisations' certificates: title, and the label each prints for a field (None: not printed)
ORG_CERTIFICATES = {
    "uscc_certificate": {"title": "统一社会信用代码证书", "name": "机构名称", "kind": ("机构性质", "机关"),
                         "address": "机构地址", "rep": "负责人", "scope": "主要职能", "authority": "赋码机关"},
    "institution_certificate": {"title": "事业单位法人证书", "name": "名称", "scope": "宗旨和业务范围", "address": "住所",
                                "rep": "法定代表人", "funding": "经费来源", "capital": "开办资金", "sponsor": "举办单位",
                                "authority": "登记管理机关"},
    "social_organization_certificate": {"title": "社会团体法人登记证书", "name": "名称", "scope": "业务范围",
                                        "area": "活动地域", "address": "住所", "rep": "法定代表人",
                                        "capital": "注册资金", "sponsor": "业务主管单位", "authority": "登记管理机关"},
    "private_non_enterprise_certificate": {"title": "民办非企业单位登记证书", "name": "名称", "scope": "业务范围",
                                           "address": "住所", "rep": "法定代表人", "capital": "开办资金",
                                           "sponsor": "业务主管单位", "authority": "登记管理机关"},
    "foundation_certificate": {"title": "基金会法人登记证书", "name": "名称", "scope": "业务范围", "address": "住所",
                               "rep": "法定代表人", "capital": "原始基金", "sponsor": "业务主管单位",
                               "authority": "登记管理机关"},
    "law_firm_licence": {"title": "律师事务所执业许可证", "name": "名称", "address": "住所", "rep": "负责人",
                         "form": ("组织形式", "普通合伙"), "capital": "设立资产", "sponsor": "主管机关",
                         "authority": "发证机关"},
}


def organisation_certificate(rng: random.Random, o) -> tuple[Image.Image, dict]:
    """A portrait certificate: emblem and title, the credit code under it, one column of label /
    value rows, 有效期 自…至…, the authority's seal and the date at the foot."""
    spec = ORG_CERTIFICATES[o.doc_type]
    img, d, w, h, m = _sheet(rng, 0.010)
    s = w / 1240
    _emblem(d, w // 2, int(h * 0.08), int(h * 0.035))
    tf = pick(rng, "bold", int(rng.uniform(64, 76) * s))
    title = spec["title"]
    tw = d.textlength(title, font=tf) + (len(title) - 1) * 0.2 * tf.size
    text(d, (int((w - tw) / 2), int(h * 0.13)), title, tf, (30, 30, 30), 0.2)
    sf = pick(rng, "sans", int(22 * s))
    if rng.random() < 0.5:
        text(d, (int(w * 0.45), int(h * 0.13) + tf.size + 16), "(副  本)", sf)
    lf = pick(rng, rng.choice(["sans", "serif"]), int(26 * s))
    vf = pick(rng, rng.choice(["sans", "serif", "kai"]), int(26 * s))
    y = int(h * rng.uniform(0.23, 0.25))
    x_label, x_value = int(w * 0.10), int(w * rng.uniform(0.30, 0.33))
    code_font = pick(rng, rng.choice(["sans", "mono"]), int(26 * s))
    text(d, (x_label, y), "统一社会信用代码", lf)
    text(d, (x_value + int(w * 0.02), y), o.credit_code, code_font)
    y += int(lf.size * 2.4)
    term = f"自{_cn_date(o.valid_from)}至{_cn_date(o.valid_until)}" if o.valid_from else None
    rows = [(spec["name"], o.name)]
    for key in ("kind", "form"):
        if key in spec:
            rows.append(spec[key])
    rows += [(spec.get("scope"), o.scope), (spec.get("area"), o.region[2] or o.region[1]),
             (spec["address"], o.address), (spec["rep"], o.legal_representative),
             (spec.get("funding"), o.funding_source), (spec.get("capital"), o.capital),
             (spec.get("sponsor"), o.sponsor), ("有效期", term)]
    if rng.random() < 0.4:  # some print the address right after the name
        rows.insert(1, rows.pop(next(i for i, r in enumerate(rows) if r[0] == spec["address"])))
    for label, value in rows:
        if not (label and value):
            continue
        text(d, (x_label, y), label, lf)
        for line in wrap(value, int(w * 0.58), vf, d):
            text(d, (x_value, y), line, vf)
            y += int(vf.size * 1.5)
        y += int(lf.size * rng.uniform(0.7, 1.0))
    ya = max(y + 40, int(h * 0.78))
    text(d, (int(w * 0.50), ya), spec["authority"], lf)
    _stamp(img, rng, int(w * 0.72), ya + 60, int(w * 0.09), o.authority)
    d = ImageDraw.Draw(img)
    issued = o.valid_from or dt.date(2023, 5, 8)
    text(d, (int(w * 0.60), ya + int(w * 0.09) + 60), _cn_date(issued), vf)
    return img, organisation_truth(o)


def organisation_truth(o) -> dict:
    """What the reading must find on an organisation's certificate (printed fields only)."""
    truth = {"credit_code": o.credit_code, "name": o.name, "legal_representative": o.legal_representative,
             "address": o.address, "scope": o.scope,
             "valid_from": o.valid_from.isoformat() if o.valid_from else None,
             "valid_until": o.valid_until.isoformat() if o.valid_until else None,
             "sponsor": o.sponsor, "capital": o.capital, "funding_source": o.funding_source}
    return {k: v for k, v in truth.items() if v}


def residence_permit(rng: random.Random, r) -> tuple[Image.Image, dict]:
    """A 居住证 as a card (title, value column beside a portrait, the number at the foot) or as a
    booklet page (a ruled table of label and value cells); label wordings vary by city."""
    from .identities import residence_permit_truth

    p = r.holder
    household = rng.choice(["常住户口所在地住址", "户籍地址"])
    residence = rng.choice(["居住地住址", "居住地址"])
    authority, issued = rng.choice([("签发机关", "签发日期"), ("发证机关", "发证日期")])
    short = r.province.removesuffix("省").removesuffix("市")
    title = rng.choice([f"{r.province}居住证", f"{short}居住证", "居住证"])
    term = None
    if r.valid_until:
        term = rng.choice([f"{r.valid_from:%Y.%m.%d}-{r.valid_until:%Y.%m.%d}",
                           f"自{_cn_date(r.valid_from)}至{_cn_date(r.valid_until)}"])
    rows = [("姓名", p.name), ("性别", p.sex), ("民族", p.ethnicity), ("出生日期", _cn_date(p.birth, False)),
            ("公民身份号码", p.id_number), (household, p.address), (residence, r.residence_address),
            (authority, r.authority), (issued, _cn_date(r.issue_date))]
    if term:
        rows.append(("有效期限", term))
    if rng.random() < 0.5:
        img = _permit_card(rng, title, rows)
    else:
        img = _permit_booklet(rng, title, rows)
    return img, residence_permit_truth(r)


def _permit_card(rng: random.Random, title: str, rows: list[tuple[str, str]]) -> Image.Image:
    w = rng.randint(900, 1080)
    h = int(w * 0.70)
    img = _background(rng, w, h, (rng.randint(238, 250), rng.randint(236, 246), rng.randint(226, 240)))
    d = ImageDraw.Draw(img)
    s = w / 1000
    tf = pick(rng, "bold", int(44 * s))
    text(d, (int((w - d.textlength(title, font=tf) * 1.2) / 2), int(h * 0.04)), title, tf, (150, 40, 40), 0.2)
    lab_c = (rng.randint(30, 70), rng.randint(70, 100), rng.randint(120, 160))
    lf = pick(rng, "sans", int(22 * s))
    vf = pick(rng, rng.choice(["sans", "serif"]), int(24 * s))
    x0 = int(w * 0.05)
    xv = x0 + int(d.textlength("常住户口所在地住址", font=lf)) + int(16 * s)
    y = int(h * 0.16)
    px0 = int(w * 0.74)
    d.rounded_rectangle((px0, int(h * 0.18), int(w * 0.95), int(h * 0.56)), 8, fill=(214, 220, 228))
    for label, value in rows:
        width = (px0 if y < h * 0.58 else w) - xv - int(20 * s)
        text(d, (x0, y + 2), label, lf, lab_c)
        for line in wrap(value, width, vf, d):
            text(d, (xv, y), line, vf)
            y += int(vf.size * 1.3)
        y += int(vf.size * rng.uniform(0.35, 0.55))
    return img


def _permit_booklet(rng: random.Random, title: str, rows: list[tuple[str, str]]) -> Image.Image:
    w = rng.randint(860, 1000)
    h = int(w * rng.uniform(1.25, 1.35))
    img = Image.new("RGB", (w, h), (rng.randint(244, 252), rng.randint(242, 250), rng.randint(232, 244)))
    d = ImageDraw.Draw(img)
    s = w / 900
    tf = pick(rng, "bold", int(48 * s))
    text(d, (int((w - d.textlength(title, font=tf) * 1.3) / 2), int(h * 0.05)), title, tf, (30, 30, 30), 0.3)
    lf = pick(rng, rng.choice(["sans", "serif"]), int(22 * s))
    vf = pick(rng, rng.choice(["sans", "serif", "kai"]), int(24 * s))
    x0, x1, x2 = int(w * 0.06), int(w * 0.06) + int(d.textlength("常住户口所在地住址", font=lf)) + int(24 * s), int(w * 0.94)
    y = int(h * 0.15)
    ink = (120, 90, 80)
    d.line((x0, y, x2, y), fill=ink, width=2)
    for label, value in rows:
        lines = wrap(value, x2 - x1 - int(24 * s), vf, d)
        cell = int(vf.size * 1.35) * len(lines) + int(vf.size * 0.9)
        text(d, (x0 + int(10 * s), y + int(vf.size * 0.45)), label, lf)
        yy = y + int(vf.size * 0.4)
        for line in lines:
            text(d, (x1 + int(12 * s), yy), line, vf)
            yy += int(vf.size * 1.35)
        y += cell
        d.line((x0, y, x2, y), fill=ink, width=2)
    top = int(h * 0.15)
    for x in (x0, x1, x2):
        d.line((x, top, x, y), fill=ink, width=2)
    _stamp(img, rng, int(w * 0.70), min(h - int(w * 0.12), y + int(w * 0.14)), int(w * 0.09), rows[7][1])
    return img
