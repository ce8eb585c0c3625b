"""Signed papers (issue 19): a province's 承诺书 / 真实性责任告知书 and a unit's 授权书 on A4, with a
handwriting-like signature (pen strokes drawn as random smooth curves, never a font) and the unit's
red seal, each of which a paper may lack, and the date it was signed. Nothing here is a real
person's or unit's."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from .render import _cn_date, _stamp, pick, text, wrap

TITLES = {"commitment_letter": ["互联网信息服务备案承诺书", "网站备案信息真实性承诺书", "网站备案信息真实性责任告知书"],
          "authorization_letter": ["授权书", "网站负责人授权书", "主体负责人授权书"]}
PROMISE = ("本人/本单位承诺所提交的备案信息及材料真实、准确、完整，不利用互联网从事违法违规活动，"
           "遵守国家有关互联网信息服务管理的法律法规，如有虚假，愿承担由此产生的一切法律责任。")
GRANT = ("兹授权被授权人作为本单位网站负责人，全权办理本单位网站的ICP备案相关事宜，"
         "被授权人所签署的与备案相关的文件，本单位均予以承认。")


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


def signature(img: Image.Image, rng: random.Random, x: float, y: float, height: float,
              ink=(25, 30, 60)) -> list[int]:
    """A cursive-looking scrawl from (x, y) about ``height`` tall: a few smooth pen strokes of
    varying width joined by loops; returns its box."""
    d = ImageDraw.Draw(img)
    xs, ys = [], []
    cx = x
    for _ in range(rng.randint(2, 4)):  # one stroke per character-ish group
        pts = []
        w = height * rng.uniform(0.8, 1.5)
        a, b, f = rng.uniform(0.25, 0.45) * height, rng.uniform(0, math.tau), rng.uniform(0.8, 1.8)
        for k in range(40):
            t = k / 39
            px = cx + w * t + math.sin(t * math.tau * f / 2 + b) * height * 0.15
            py = y + height / 2 + a * math.sin(t * math.tau * f + b) - height * 0.25 * t * rng.uniform(-1, 1)
            pts.append((px, py))
        d.line(pts, fill=ink, width=max(2, int(height / rng.uniform(12, 18))), joint="curve")
        xs += [p[0] for p in pts]
        ys += [p[1] for p in pts]
        cx += w * rng.uniform(0.7, 1.0)
    d.line([(x - height * 0.1, y + height * 0.95), (cx, y + height * rng.uniform(0.8, 1.0))], fill=ink,
           width=max(2, int(height / 16)))
    return [int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))]


def letter(rng: random.Random, p: Paper) -> tuple[Image.Image, dict]:
    """An A4 letter: title, the fill-ins, the prose, then the signature, seal and date at the foot."""
    w = rng.randint(1150, 1300)
    h = int(w * 1.414)
    img = Image.new("RGB", (w, h), (rng.randint(246, 253), rng.randint(246, 252), rng.randint(240, 250)))
    d = ImageDraw.Draw(img)
    s = w / 1240
    tf = pick(rng, "bold", int(rng.uniform(50, 60) * s))
    text(d, (int((w - d.textlength(p.title, font=tf) * 1.1) / 2), int(h * 0.07)), p.title, tf, (25, 25, 25), 0.1)
    f = pick(rng, rng.choice(["serif", "sans"]), int(30 * s))
    x0, y = int(w * 0.10), int(h * 0.16)
    step = int(f.size * 1.9)
    if p.kind == "commitment_letter":
        rows = [("主办单位名称", p.subject), ("负责人姓名", p.signatory), ("证件号码", p.signatory_id)]
        prose = PROMISE
    else:
        rows = [("授权单位", p.subject), ("法定代表人", p.signatory), ("法定代表人证件号码", p.signatory_id),
                ("被授权人", p.grantee), ("被授权人证件号码", p.grantee_id)]
        prose = GRANT
    for label, value in rows:
        x = text(d, (x0, y), f"{label}：", f)
        text(d, (x + int(8 * s), y), value, f)
        y += step
    y += step // 2
    for line in wrap("　　" + prose, int(w * 0.80), f, d):
        text(d, (x0, y), line, f)
        y += int(f.size * 1.6)
    y = max(y + step, int(h * 0.66))
    who = "承诺人（签字）：" if p.kind == "commitment_letter" else "法定代表人（签字）："
    x = text(d, (x0, y), who, f)
    truth = {"title": p.title, "date": p.date.isoformat()}
    if p.signed:
        box = signature(img, rng, x + 20 * s, y - f.size * 0.4, f.size * rng.uniform(1.6, 2.2))
        truth["signature"] = "present"
        truth["_signature_box"] = box
    y += int(step * 1.8)
    text(d, (x0, y), "（单位盖章）" if p.kind == "authorization_letter" or p.sealed else "", f)
    date_label = "授权日期：" if p.kind == "authorization_letter" else "日期："
    text(d, (int(w * 0.55), y + step), date_label + _cn_date(p.date, rng.random() < 0.5), f)
    if p.sealed:
        _stamp(img, rng, int(w * rng.uniform(0.62, 0.72)), y + int(step * 0.6), int(w * 0.09), p.subject)
        truth["seal"] = "present"
    if p.kind == "commitment_letter":
        truth |= {"subject_name": p.subject, "signatory": p.signatory, "id_number": p.signatory_id}
    else:
        truth |= {"grantor": p.subject, "legal_representative": p.signatory,
                  "legal_representative_id_number": p.signatory_id, "grantee_name": p.grantee,
                  "grantee_id_number": p.grantee_id}
    return img, truth


def make_paper(rng: random.Random, kind: str, subject: str, signatory: tuple[str, str],
               grantee: tuple[str, str] | None = None, unit: bool = True,
               today: dt.date = dt.date(2026, 11, 28)) -> Paper:
    title = rng.choice(TITLES[kind])
    date = today - dt.timedelta(days=rng.randint(3, 60))
    return Paper(kind, title, subject, signatory[0], signatory[1], date, *(grantee or (None, None)),
                 signed=True, sealed=unit)
