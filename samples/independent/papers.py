"""Signed papers drawn independently of the first renderer (issue 19): the province templates as
providers hand them out, in three layouts of their own wordings, with marks made another way.

- ``table_form``: a ruled table (承诺书 as Guangdong's template: 主办者 / 负责人 / 证件号码 cells,
  the promise in a wide cell, a last row for the signature, fingerprint, seal and date);
- ``prose_fill``: the promise first, the unit named on an underline inside it, the signature
  block at the foot on the right and a date with no label (授权委托书 with 委托单位 / 受托人);
- ``grant_table``: an authorisation with two label / value pairs a row (name and 身份证号 of
  each person side by side).

The signature is a pen run along the outline of the name's characters (a scribble that follows
their shapes, never the font itself), the fingerprint a spiral of ridges in vermilion pad ink,
the seal `draw.seal`'s. Nothing here is a real person's or unit's.
"""

from __future__ import annotations

import datetime as dt
import math
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .draw import cn_date, font, put, seal, sheet, spread, wrap

INK = (28, 28, 28)
PENS = [(15, 20, 55), (10, 10, 12), (35, 45, 120)]
PROMISES = ["本单位（本人）郑重承诺：所填报的互联网信息服务备案信息真实有效，所提交的材料均为原件或与原件一致，"
            "不从事违法违规活动；如有不实，自愿承担相应的法律责任，并同意注销备案。",
            "承诺人已认真阅读《非经营性互联网信息服务备案管理办法》，保证备案主体、网站负责人及网站信息真实、"
            "准确，网站内容合法合规，接受通信管理部门的监督检查。"]
GRANTS = ["现委托上述受托人作为我单位网站备案负责人，代表我单位办理网站备案及相关事宜，受托人在办理过程中"
          "所签署的文件和处理的事务，我单位均予以认可，并承担相应的法律责任。",
          "兹授权上述被授权人负责我单位网站的备案及日常管理工作，其所作承诺及提交的材料我单位均予承认。"]


def scribble(img: Image.Image, rng: random.Random, x: float, y: float, height: float, name: str) -> list[int]:
    """A signature: for each character a pen path through points of its outline, in the order a
    hand runs (left to right, top to bottom, loosely), one stroke joined to the next. Its box."""
    d = ImageDraw.Draw(img)
    ink = rng.choice(PENS)
    pen = max(2, int(height / rng.uniform(10, 15)))
    g = font(rng, "hei", height)
    cx, path, xs, ys = x, [], [], []
    for ch in name:
        mask = Image.new("L", (int(height * 1.3), int(height * 1.3)), 0)
        ImageDraw.Draw(mask).text((0, 0), ch, font=g, fill=255)
        contours, _ = cv2.findContours(np.asarray(mask), cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        pts = [tuple(p[0]) for c in contours for p in c[:: max(1, len(c) // 6)]]
        if not pts:
            continue
        pts = rng.sample(pts, min(len(pts), rng.randint(7, 12)))
        pts.sort(key=lambda p: p[0] * 0.6 + p[1] + rng.uniform(-height, height) * 0.25)
        squeeze = rng.uniform(0.6, 0.85)  # a hand writes a name narrower than print
        for px, py in pts:
            path.append((cx + px * squeeze + rng.uniform(-2, 2), y + py * 0.9 + rng.uniform(-2, 2) - px * 0.08))
        cx += height * squeeze * rng.uniform(0.9, 1.1)
    for (x0, y0), (x1, y1) in zip(path, path[1:]):
        d.line([(x0, y0), (x1, y1)], fill=ink, width=max(1, pen + rng.choice([-1, 0, 0, 1])), joint="curve")
        xs += [x0, x1]
        ys += [y0, y1]
    return [int(min(xs)) - pen, int(min(ys)) - pen, int(max(xs)) + pen, int(max(ys)) + pen]


def print_mark(img: Image.Image, rng: random.Random, cx: float, cy: float, height: float) -> list[int]:
    """A fingerprint in vermilion pad ink: a spiral of ridges in an oval, darker at its heart."""
    w, h = img.size
    layer = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(layer)
    a, b = height * rng.uniform(0.3, 0.38), height / 2
    turns, pitch = rng.uniform(5, 8), 1.0
    pts = []
    for k in range(900):
        t = k / 900 * turns * math.tau
        rad = t / (turns * math.tau)
        pts.append((cx + a * rad * math.cos(t) * pitch, cy + b * rad * math.sin(t) * pitch))
    d.line(pts, fill=255, width=max(2, int(height / rng.uniform(13, 18))))
    oval = Image.new("L", (w, h), 0)
    ImageDraw.Draw(oval).ellipse((cx - a, cy - b, cx + a, cy + b), fill=255)
    arr = np.minimum(np.asarray(layer), np.asarray(oval.filter(ImageFilter.GaussianBlur(height * 0.05))))
    alpha = arr.astype(np.float32) / 255 * rng.uniform(0.75, 0.9)
    base = np.asarray(img.convert("RGB"), np.float32)
    pad = np.array([rng.randint(200, 230), rng.randint(45, 75), rng.randint(30, 55)], np.float32)
    out = base * (1 - alpha[..., None]) + pad * alpha[..., None]
    img.paste(Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)))
    return [int(cx - a), int(cy - b), int(cx + a), int(cy + b)]


def _date(rng: random.Random, day: dt.date) -> str:
    return rng.choice([cn_date(day, pad=False, spaced=True), cn_date(day), f"{day:%Y}年{day.month}月{day.day}日"])


def _marks(img, rng, p, x: float, y: float, size: float, truth: dict) -> float:
    """Signature (and fingerprint) from (x, y); returns the x after them."""
    if p.signed:
        box = scribble(img, rng, x, y - size * 0.5, size * rng.uniform(1.6, 2.3), p.signatory)
        truth["signature"] = "present"
        x = box[2] + size * 0.5
    if p.fingerprint:
        height = size * rng.uniform(2.6, 3.4)
        print_mark(img, rng, x + height * 0.4, y + size * 0.4, height)
        truth["fingerprint"] = "present"
        x += height
    return x


def table_form(rng: random.Random, p) -> tuple[Image.Image, dict]:
    """A commitment in a ruled table."""
    img, d, w, h, u = sheet(rng, (1180, 1320), 1.414, (252, 252, 250), 1240)
    title = p.title if rng.random() < 0.7 else "承  诺  书"
    tf = font(rng, "heavy", 52 * u)
    put(d, (w - d.textlength(title, font=tf)) / 2, 110 * u, title, tf, INK)
    f = font(rng, rng.choice(["song", "hei"]), 28 * u)
    x0, x1, xm = 110 * u, w - 110 * u, 110 * u + 260 * u
    y = 230 * u
    individual = not p.unit
    rows = [("主办者名称" if individual else rng.choice(["主办单位名称", "单位名称"]), p.subject),
            (rng.choice(["网站负责人姓名", "负责人姓名"]), p.signatory),
            (rng.choice(["身份证号码", "有效证件号码"]), p.signatory_id)]
    row_h = 78 * u
    line = (40, 40, 40)
    for label, value in rows:
        d.rectangle((x0, y, x1, y + row_h), outline=line, width=2)
        d.line((xm, y, xm, y + row_h), fill=line, width=2)
        spread(d, x0 + 18 * u, y + (row_h - f.size) / 2, label, f, xm - x0 - 36 * u)
        put(d, xm + 20 * u, y + (row_h - f.size) / 2, value, f, INK)
        y += row_h
    body = wrap(d, "　　" + rng.choice(PROMISES), f, x1 - x0 - 40 * u)
    cell = len(body) * f.size * 1.7 + 60 * u
    d.rectangle((x0, y, x1, y + cell), outline=line, width=2)
    ty = y + 30 * u
    for ln in body:
        put(d, x0 + 20 * u, ty, ln, f, INK)
        ty += f.size * 1.7
    y += cell
    foot = 330 * u
    d.rectangle((x0, y, x1, y + foot), outline=line, width=2)
    truth: dict = {"title": title.replace(" ", ""), "subject_name": p.subject, "signatory": p.signatory,
                   "id_number": p.signatory_id, "date": p.date.isoformat()}
    label = "承诺人签字（手印）：" if p.fingerprint else rng.choice(["承诺人（签名）：", "负责人签字："])
    sy = y + 70 * u
    after = put(d, x0 + 30 * u, sy, label, f, INK)
    _marks(img, rng, p, after + 20 * u, sy, f.size, truth)
    if p.sealed:
        put(d, x0 + 30 * u, sy + 110 * u, "单位盖章：", f, INK)
        seal(img, rng, x0 + 30 * u + 380 * u, sy + 120 * u, rng.uniform(100, 125) * u, p.subject)
        truth["seal"] = p.subject  # its ring text
    put(d, x1 - 420 * u, y + foot - 70 * u, "日期：" + _date(rng, p.date), f, INK)
    return img, truth


def prose_fill(rng: random.Random, p) -> tuple[Image.Image, dict]:
    """The promise (or grant) first, the unit named on an underline in it, the signature block at
    the foot on the right, the date under it with no label."""
    img, d, w, h, u = sheet(rng, (1150, 1300), 1.414, (250, 249, 244), 1240)
    title = p.title if rng.random() < 0.6 else ("授 权 委 托 书" if p.kind == "authorization_letter" else "承 诺 书")
    tf = font(rng, "heavy", 50 * u)
    put(d, (w - d.textlength(title, font=tf)) / 2, 120 * u, title, tf, INK)
    f = font(rng, rng.choice(["song", "kai", "hei"]), 29 * u)
    x0, width = 120 * u, w - 240 * u
    y = 250 * u
    truth: dict = {"title": title.replace(" ", ""), "date": p.date.isoformat()}
    if p.kind == "authorization_letter":
        rows = [(rng.choice(["委托单位", "授权单位"]), p.subject), ("法定代表人", p.signatory),
                (rng.choice(["身份证号码", "法定代表人身份证号码"]), p.signatory_id),
                (rng.choice(["受托人", "被授权人"]), p.grantee), ("身份证号码", p.grantee_id)]
        truth |= {"grantor": p.subject, "legal_representative": p.signatory,
                  "legal_representative_id_number": p.signatory_id, "grantee_name": p.grantee,
                  "grantee_id_number": p.grantee_id}
        body = rng.choice(GRANTS)
    else:
        rows = [(rng.choice(["承诺单位", "主办单位"]), p.subject), ("负责人", p.signatory),
                ("身份证号码", p.signatory_id)]
        truth |= {"subject_name": p.subject, "signatory": p.signatory, "id_number": p.signatory_id}
        body = rng.choice(PROMISES)
    for label, value in rows:
        head = f"{label}："
        after = put(d, x0, y, head, f, INK)
        put(d, after + 10 * u, y - 2 * u, value, f, INK)
        d.line((after, y + f.size * 1.15, after + max(d.textlength(value, font=f) + 40 * u, 300 * u),
                y + f.size * 1.15), fill=(60, 60, 60), width=2)
        y += f.size * 2.1
    y += 30 * u
    for ln in wrap(d, "　　" + body, f, width):
        put(d, x0, y, ln, f, INK)
        y += f.size * 1.8
    y = max(y + 120 * u, h * rng.uniform(0.62, 0.7))
    right = w * 0.46
    who = "法定代表人（签字）：" if p.kind == "authorization_letter" else "承诺人（签字）："
    after = put(d, right, y, who, f, INK)
    _marks(img, rng, p, after + 12 * u, y, f.size, truth)
    if p.sealed:
        put(d, right, y + 90 * u, rng.choice(["单位（盖章）：", "盖章："]), f, INK)
        seal(img, rng, right + 330 * u, y + 150 * u, rng.uniform(95, 120) * u, p.subject)
        truth["seal"] = p.subject  # its ring text
    put(d, right + 120 * u, y + 190 * u, _date(rng, p.date), f, INK)
    return img, truth


def grant_table(rng: random.Random, p) -> tuple[Image.Image, dict]:
    """An authorisation with each person's name and 身份证号 side by side in a ruled table."""
    img, d, w, h, u = sheet(rng, (1180, 1300), 1.414, (253, 253, 251), 1240)
    tf = font(rng, "heavy", 50 * u)
    put(d, (w - d.textlength(p.title, font=tf)) / 2, 110 * u, p.title, tf, INK)
    f = font(rng, rng.choice(["song", "hei"]), 26 * u)
    x0, x1 = 100 * u, w - 100 * u
    cols = [x0, x0 + 190 * u, x0 + 470 * u, x0 + 660 * u, x1]
    y, row_h = 230 * u, 74 * u
    line = (45, 45, 45)
    d.rectangle((x0, y, x1, y + row_h), outline=line, width=2)
    d.line((cols[1], y, cols[1], y + row_h), fill=line, width=2)
    put(d, x0 + 16 * u, y + (row_h - f.size) / 2, "授权单位", f, INK)
    put(d, cols[1] + 16 * u, y + (row_h - f.size) / 2, p.subject, f, INK)
    y += row_h
    for label, name, number in (("法定代表人", p.signatory, p.signatory_id), ("被授权人", p.grantee, p.grantee_id)):
        d.rectangle((x0, y, x1, y + row_h), outline=line, width=2)
        for c in cols[1:4]:
            d.line((c, y, c, y + row_h), fill=line, width=2)
        for text, cx in ((label, x0), (name, cols[1]), ("身份证号", cols[2]), (number, cols[3])):
            put(d, cx + 16 * u, y + (row_h - f.size) / 2, text, f, INK)
        y += row_h
    y += 50 * u
    for ln in wrap(d, "　　" + rng.choice(GRANTS), f, x1 - x0):
        put(d, x0, y, ln, f, INK)
        y += f.size * 1.8
    truth: dict = {"title": p.title, "grantor": p.subject, "legal_representative": p.signatory,
                   "legal_representative_id_number": p.signatory_id, "grantee_name": p.grantee,
                   "grantee_id_number": p.grantee_id, "date": p.date.isoformat()}
    y = max(y + 140 * u, h * 0.64)
    after = put(d, x0, y, "法定代表人签名：", f, INK)
    _marks(img, rng, p, after + 16 * u, y, f.size, truth)
    put(d, w * 0.56, y + 100 * u, "授权单位（公章）", f, INK)
    if p.sealed:
        seal(img, rng, w * 0.66, y + 140 * u, rng.uniform(100, 125) * u, p.subject)
        truth["seal"] = p.subject  # its ring text
    put(d, w * 0.56, y + 220 * u, "授权日期：" + _date(rng, p.date), f, INK)
    return img, truth


LAYOUTS = {"commitment_letter": {"table_form": table_form, "prose_fill": prose_fill},
           "authorization_letter": {"prose_fill": prose_fill, "grant_table": grant_table}}


# the clean set: (variant of `generator.papers.VARIANTS`, layout), every layout and mark both ways
CLEAN_PLAN = [(0, "table_form"), (1, "table_form"), (3, "prose_fill"), (2, "prose_fill"), (4, "grant_table"),
              (5, "table_form")]


def render(rng: random.Random, p, layout: str | None = None) -> tuple[Image.Image, dict, str]:
    """(image, truth, layout) of paper ``p`` (`generator.papers.Paper`); an individual's
    commitment is always the table form (a person is not named on a unit's underline)."""
    choices = LAYOUTS[p.kind]
    if p.kind == "commitment_letter" and not p.unit:
        layout = "table_form"
    layout = layout or rng.choice(list(choices))
    img, truth = choices[layout](rng, p)
    return img, truth, layout
