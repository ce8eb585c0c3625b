"""Signed papers (issue 19): a province's 承诺书 / 真实性责任告知书 and a unit's 授权书 on A4, with
what a person or a unit puts on them by hand: a signature (pen strokes, cursive curves or a
jittered 楷 hand), the unit's red seal (its name around the top arc, a star), a red fingerprint
(an individual's in Guangdong), each of which a paper may lack, and the date it was signed.
Nothing here is a real person's or unit's.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .render import _cn_date, pick, text, wrap

TITLES = {"commitment_letter": ["互联网信息服务备案承诺书", "网站备案信息真实性承诺书", "网站备案信息真实性责任告知书"],
          "authorization_letter": ["授权书", "网站负责人授权书", "主体负责人授权书"]}
PROMISE = ("本人/本单位承诺所提交的备案信息及材料真实、准确、完整，不利用互联网从事违法违规活动，"
           "遵守国家有关互联网信息服务管理的法律法规，如有虚假，愿承担由此产生的一切法律责任。")
NOTICE = ("根据《互联网信息服务管理办法》和《非经营性互联网信息服务备案管理办法》，网站负责人应保证所填报的"
          "备案信息真实、准确、完整，已知悉并同意承担因信息不实而产生的法律责任。")
GRANT = ("兹授权被授权人作为本单位{role}，全权办理本单位网站的ICP备案相关事宜，"
         "被授权人所签署的与备案相关的文件，本单位均予以承认。")
PEN_INKS = [(22, 26, 70), (18, 18, 24), (30, 40, 110), (35, 30, 40)]


@dataclass
class Paper:
    """What one signed paper says and carries."""

    kind: str  # commitment_letter | authorization_letter
    title: str
    subject: str  # the unit or person it is for (commitment) / the grantor (authorisation)
    signatory: str  # who signs: the responsible person (commitment) / the legal representative
    signatory_id: str
    date: dt.date
    grantee: str | None = None
    grantee_id: str | None = None
    signed: bool = True
    sealed: bool = True  # a unit's paper carries its seal; an individual's never
    unit: bool = True  # for a unit (else a person filing for themselves)
    fingerprint: bool = False  # an individual's 手印 beside the signature (Guangdong)
    domains: list[str] = field(default_factory=list)


def _smooth(points: list[tuple[float, float]], steps: int = 8) -> list[tuple[float, float]]:
    """A Catmull-Rom curve through ``points``."""
    if len(points) < 3:
        return points
    pts = [points[0], *points, points[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for k in range(steps):
            t = k / steps
            out.append(tuple(0.5 * (2 * p1[j] + (-p0[j] + p2[j]) * t + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t * t
                                    + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t ** 3) for j in (0, 1)))
    return out + [points[-1]]


def _stroke(d: ImageDraw.ImageDraw, pts, ink, width: float, rng: random.Random) -> None:
    """A pen stroke whose width swells and thins along its way."""
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        wv = max(1, int(round(width * rng.uniform(0.75, 1.2))))
        d.line([(x0, y0), (x1, y1)], fill=ink, width=wv)
        if wv > 2:
            d.ellipse((x1 - wv / 2, y1 - wv / 2, x1 + wv / 2, y1 + wv / 2), fill=ink)


def cursive(img: Image.Image, rng: random.Random, x: float, y: float, height: float, name: str,
            ink=None) -> list[int]:
    """A fast signature: per character a few looping strokes, run together, slanted; its box."""
    d = ImageDraw.Draw(img)
    ink = ink or rng.choice(PEN_INKS)
    width = max(2.0, height / rng.uniform(11, 16))
    slant = rng.uniform(0.1, 0.4)
    cx, xs, ys = x, [], []
    cell = height * rng.uniform(0.8, 1.2)
    for k, _ch in enumerate(name or "签名"):
        pts = []
        for _s in range(rng.randint(4, 7)):
            px = cx + rng.uniform(0, cell)
            py = y + rng.uniform(0.05, 0.95) * height
            pts.append((px + (y + height - py) * slant, py))
        pts.sort(key=lambda p: p[0] + rng.uniform(-cell, cell) * 0.3)
        curve = _smooth(pts)
        _stroke(d, curve, ink, width, rng)
        if rng.random() < 0.7:  # a crossing tick
            a = (cx + rng.uniform(0, cell * 0.4), y + rng.uniform(0.2, 0.6) * height)
            b = (a[0] + cell * rng.uniform(0.5, 0.9), a[1] + rng.uniform(-0.15, 0.15) * height)
            _stroke(d, _smooth([a, ((a[0] + b[0]) / 2, a[1] - height * 0.05), b]), ink, width, rng)
        xs += [p[0] for p in curve]
        ys += [p[1] for p in curve]
        cx += cell * rng.uniform(0.8, 1.1)
    if rng.random() < 0.5:  # the closing flourish under it
        a, b = (x - height * 0.1, y + height * 0.95), (cx + height * 0.2, y + height * rng.uniform(0.7, 1.0))
        curve = _smooth([a, ((a[0] + b[0]) / 2, a[1] + height * 0.12), b])
        _stroke(d, curve, ink, width * 0.8, rng)
        xs += [p[0] for p in curve]
        ys += [p[1] for p in curve]
    return [int(min(xs)) - 1, int(min(ys)) - 1, int(max(xs)) + 2, int(max(ys)) + 2]


def hand_kai(img: Image.Image, rng: random.Random, x: float, y: float, height: float, name: str,
             ink=None) -> list[int]:
    """A careful signature in 正楷 (what providers ask for): each character in a 楷 hand of its
    own size, tilt and place; its box."""
    ink = ink or rng.choice(PEN_INKS)
    cx, box = x, [10 ** 6, 10 ** 6, 0, 0]
    for ch in name:
        size = int(height * rng.uniform(0.8, 1.05))
        f = pick(rng, "kai", size)
        glyph = Image.new("L", (int(size * 1.6), int(size * 1.6)), 0)
        ImageDraw.Draw(glyph).text((size * 0.3, size * 0.2), ch, font=f, fill=255,
                                   stroke_width=max(0, int(size / 40)), stroke_fill=255)
        glyph = glyph.rotate(rng.uniform(-9, 9), resample=Image.BICUBIC)
        gx, gy = int(cx), int(y + rng.uniform(-0.12, 0.12) * height - size * 0.2)
        img.paste(Image.new("RGB", glyph.size, ink), (gx, gy), glyph)
        if (bb := glyph.getbbox()):
            box = [min(box[0], gx + bb[0]), min(box[1], gy + bb[1]), max(box[2], gx + bb[2]), max(box[3], gy + bb[3])]
        cx += size * rng.uniform(0.85, 1.05)
    return box


def seal(img: Image.Image, rng: random.Random, cx: float, cy: float, r: float, ring: str,
         bottom: str = "") -> list[int]:
    """A unit's round red seal: a ring, its name along the top arc (each character turned to
    face outward), a star, sometimes a line under the star; stamped unevenly. Its box."""
    w, h = img.size
    layer = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(layer)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=max(3, int(r / rng.uniform(14, 20))))
    d.regular_polygon((cx, cy, r * 0.22), 5, fill=255, rotation=rng.uniform(-4, 4))
    f = pick(rng, rng.choice(["sans", "serif", "bold"]), max(10, int(r / 4.2)))
    n = len(ring)
    span = min(250.0, 16.0 * n + 60)
    for i, ch in enumerate(ring):
        a = math.radians(270 - span / 2 + i * span / max(1, n - 1))
        tx, ty = cx + math.cos(a) * r * 0.72, cy + math.sin(a) * r * 0.72
        glyph = Image.new("L", (int(f.size * 1.5),) * 2, 0)
        ImageDraw.Draw(glyph).text((f.size * 0.25, f.size * 0.1), ch, font=f, fill=255)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        layer.paste(255, (int(tx - glyph.width / 2), int(ty - glyph.height / 2)), glyph)
    if bottom:
        bf = pick(rng, "sans", max(8, int(r / 6)))
        d.text((cx - d.textlength(bottom, font=bf) / 2, cy + r * 0.38), bottom, font=bf, fill=255)
    _ink(img, layer, rng, (rng.randint(190, 230), rng.randint(20, 60), rng.randint(25, 65)))
    return [int(cx - r), int(cy - r), int(cx + r), int(cy + r)]


def fingerprint(img: Image.Image, rng: random.Random, cx: float, cy: float, size: float) -> list[int]:
    """A red fingerprint (手印): an oval of ridges round a core, pressed unevenly. Its box."""
    w, h = img.size
    layer = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(layer)
    rx, ry = size * rng.uniform(0.34, 0.42), size * 0.5
    gap = max(3.0, size / rng.uniform(14, 20))
    core = (cx + rng.uniform(-0.15, 0.15) * rx, cy + rng.uniform(-0.1, 0.2) * ry)
    k = 1
    while k * gap < size * 0.75:
        a, b = k * gap * rng.uniform(0.65, 0.8), k * gap
        start = rng.uniform(0, 360)
        d.arc((core[0] - a, core[1] - b, core[0] + a, core[1] + b), start, start + rng.uniform(250, 350), fill=255,
              width=max(2, int(gap * rng.uniform(0.5, 0.65))))
        k += 1
    clip = Image.new("L", (w, h), 0)
    ImageDraw.Draw(clip).ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=255)
    clip = clip.filter(ImageFilter.GaussianBlur(size * 0.04))
    layer = Image.fromarray((np.asarray(layer, np.float32) * np.asarray(clip, np.float32) / 255).astype(np.uint8))
    _ink(img, layer, rng, (rng.randint(175, 215), rng.randint(25, 60), rng.randint(35, 70)))
    return [int(cx - rx), int(cy - ry), int(cx + rx), int(cy + ry)]


def _ink(img: Image.Image, layer: Image.Image, rng: random.Random, colour) -> None:
    """Press ``layer`` (where ink goes) onto the paper in ``colour``: uneven, over the print
    (multiplied, as stamp ink lies on paper)."""
    mask = np.asarray(layer, np.float32) / 255
    noise = np.random.default_rng(rng.randint(0, 10 ** 6)).uniform(0.55, 1.0, mask.shape).astype(np.float32)
    import cv2

    noise = cv2.GaussianBlur(noise, (0, 0), 2.0)
    alpha = mask * noise * rng.uniform(0.8, 0.95)
    base = np.asarray(img.convert("RGB"), np.float32)
    tint = np.array(colour, np.float32) / 255
    out = base * (1 - alpha[..., None]) + base * tint * alpha[..., None]
    img.paste(Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)))


def letter(rng: random.Random, p: Paper) -> tuple[Image.Image, dict]:
    """An A4 letter: title, the fill-ins, the prose, then the signature, seal or fingerprint and
    the date at the foot."""
    w = rng.randint(1150, 1300)
    h = int(w * 1.414)
    img = Image.new("RGB", (w, h), (rng.randint(246, 253), rng.randint(246, 252), rng.randint(240, 250)))
    d = ImageDraw.Draw(img)
    s = w / 1240
    tf = pick(rng, "bold", int(rng.uniform(50, 60) * s))
    text(d, (int((w - d.textlength(p.title, font=tf) * 1.1) / 2), int(h * 0.07)), p.title, tf, (25, 25, 25), 0.1)
    f = pick(rng, rng.choice(["serif", "sans"]), int(rng.uniform(27, 32) * s))
    x0, y = int(w * rng.uniform(0.08, 0.12)), int(h * 0.16)
    step = int(f.size * 1.9)
    if p.kind == "commitment_letter":
        rows = [(rng.choice(["主办单位名称", "主办单位"]), p.subject),
                (rng.choice(["负责人姓名", "网站负责人"]), p.signatory), ("证件号码", p.signatory_id)]
        if p.domains:
            rows.append(("网站域名", "、".join(p.domains)))
        prose = NOTICE if "告知书" in p.title else PROMISE
    else:
        role = "主体负责人" if "主体" in p.title else "网站负责人"
        rows = [("授权单位", p.subject), ("法定代表人", p.signatory), ("法定代表人证件号码", p.signatory_id),
                ("被授权人", p.grantee), ("被授权人证件号码", p.grantee_id)]
        prose = GRANT.format(role=role)
    for label, value in rows:
        x = text(d, (x0, y), f"{label}：", f)
        text(d, (x + int(8 * s), y), value, f)
        y += step
    y += step // 2
    for line in wrap("　　" + prose, int(w * 0.80), f, d):
        text(d, (x0, y), line, f)
        y += int(f.size * 1.6)
    y = max(y + step, int(h * rng.uniform(0.6, 0.68)))
    who = rng.choice(["承诺人（签字）：", "负责人（签字）："]) if p.kind == "commitment_letter" \
        else rng.choice(["法定代表人（签字）：", "法定代表人签名："])
    x = text(d, (x0, y), who, f)
    truth: dict = {"title": p.title, "date": p.date.isoformat()}
    if p.signed:
        height = f.size * rng.uniform(1.5, 2.3)
        draw = cursive if rng.random() < 0.6 else hand_kai
        box = draw(img, rng, x + 16 * s, y + f.size * 0.5 - height / 2, height, p.signatory)
        truth["signature"] = "present"
        truth["_signature_box"] = box
        x = box[2]
    if p.fingerprint:
        size = f.size * rng.uniform(2.6, 3.4)
        fx = (x + size * 0.8) if p.signed else x + size
        truth["_fingerprint_box"] = fingerprint(img, rng, fx, y + f.size * 0.5, size)
        truth["fingerprint"] = "present"
    y += int(step * 1.8)
    if p.kind == "authorization_letter" or p.sealed:
        text(d, (x0, y), rng.choice(["（单位盖章）", "单位（盖章）："]), f)
    date_label = "授权日期：" if p.kind == "authorization_letter" else rng.choice(["日期：", "签署日期："])
    text(d, (int(w * 0.55), y + step), date_label + _cn_date(p.date, rng.random() < 0.5), f)
    if p.sealed:
        r = w * rng.uniform(0.085, 0.105)
        truth["_seal_box"] = seal(img, rng, w * rng.uniform(0.6, 0.72), y + step * rng.uniform(0.3, 1.0), r,
                                  p.subject)
        truth["seal"] = p.subject  # its ring text
    if p.kind == "commitment_letter":
        truth |= {"subject_name": p.subject, "signatory": p.signatory, "id_number": p.signatory_id}
    else:
        truth |= {"grantor": p.subject, "legal_representative": p.signatory,
                  "legal_representative_id_number": p.signatory_id, "grantee_name": p.grantee,
                  "grantee_id_number": p.grantee_id}
    return img, truth


def make_paper(rng: random.Random, kind: str, subject: str, signatory: tuple[str, str],
               grantee: tuple[str, str] | None = None, unit: bool = True,
               today: dt.date = dt.date(2026, 11, 28), title: str | None = None,
               fingerprint: bool = False) -> Paper:
    """A paper signed 3-60 days before ``today``: sealed when a unit's, never when a person's."""
    title = title or rng.choice(TITLES[kind])
    date = today - dt.timedelta(days=rng.randint(3, 60))
    return Paper(kind, title, subject, signatory[0], signatory[1], date, *(grantee or (None, None)),
                 signed=True, sealed=unit, unit=unit, fingerprint=fingerprint)


# the ways a paper comes (kind, for a unit, signed, sealed, fingerprinted): each mark both ways
VARIANTS = [("commitment_letter", True, True, True, False), ("commitment_letter", False, True, False, True),
            ("authorization_letter", True, True, True, False), ("commitment_letter", True, False, True, False),
            ("authorization_letter", True, True, False, False), ("commitment_letter", False, False, False, False)]


def variant(rng: random.Random, k: int, today: dt.date = dt.date(2026, 11, 28)) -> Paper:
    """Paper ``k`` of a set: `VARIANTS` in turn, for invented people and units."""
    from .identities import make_company, make_person

    kind, unit, signed, sealed, finger = VARIANTS[k % len(VARIANTS)]
    p, q = make_person(rng), make_person(rng)
    subject = make_company(rng, p.name).name if unit else p.name
    paper = make_paper(rng, kind, subject, (p.name, p.id_number),
                       (q.name, q.id_number) if kind == "authorization_letter" else None, unit=unit,
                       today=today, fingerprint=finger)
    paper.signed, paper.sealed = signed, sealed
    return paper


def lost_in_grey(truth: dict) -> dict:
    """What a black-and-white copy of a paper shows: no red seal, no red fingerprint."""
    return {k: v for k, v in truth.items() if k not in ("seal", "fingerprint")}


def public_truth(truth: dict) -> dict:
    """The fields a reader must yield (the drawing's boxes, kept for the benchmark, left out)."""
    return {k: v for k, v in truth.items() if not k.startswith("_")}
