"""Business licences in the designs real ones follow.

* ``national_2019``: landscape, credit code top left, QR and its note top right,
  two columns (名　　称 / 类　　型 / 法定代表人 / 经营范围 | 注册资本 / 成立日期 /
  营业期限 / 住　　所), 登记机关 with a seal and the date, the footer lines.
  个体工商户, branches and sole proprietorships print their own labels there
  (经营者 / 组成形式 / 注册日期 / 经营场所, 负责人 / 营业场所, 投资人).
* ``sanzheng_2015``: portrait, one column of letter-spaced labels, the code
  beside the title, 工商行政管理总局监制.
* ``old_2008``: 企业法人营业执照 with 注册号 and no credit code, 公司类型,
  法定代表人姓名, 营业期限 自…至…, 年检 note.
* ``electronic``: 电子营业执照 on a screen: ``label：value`` lines.
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from .draw import cn_date, font, label_rows, put, qr, seal, sheet, spread, wrap
from .entities import Subject

INK = (22, 22, 22)


def _term(rng: random.Random, s: Subject) -> tuple[str, str]:
    c = s.company
    if c.valid_until is None:
        shown = rng.choice(["长期", f"{cn_date(c.established)} 至 长期", f"{cn_date(c.established)}至永久",
                            f"{cn_date(c.established, pad=False)} 至 不约定期限"])
        return shown, "长期"
    return f"{cn_date(c.established)} 至 {cn_date(c.valid_until)}", c.valid_until.isoformat()


def _labels(s: Subject) -> dict[str, str]:
    """What this kind of subject's licence calls each thing."""
    return {
        "company": {"rep": "法定代表人", "addr": "住所", "capital": "注册资本", "est": "成立日期"},
        "branch": {"rep": "负责人", "addr": "营业场所", "capital": "", "est": "成立日期"},
        "getihu": {"rep": "经营者", "addr": "经营场所", "capital": "", "est": "注册日期"},
        "sole": {"rep": "投资人", "addr": "住所", "capital": "", "est": "成立日期"},
    }[s.kind]


def _truth(s: Subject, until: str | None, with_code: bool = True) -> dict:
    c = s.company
    if s.kind == "getihu":
        until = None  # 个体工商户 licences print no 营业期限
    t = {"credit_code": c.credit_code, "name": c.name, "entity_type": c.entity_type,
         "legal_representative": s.operator, "registered_capital": c.registered_capital,
         "established_date": c.established.isoformat(), "valid_until": until, "address": c.address,
         "business_scope": c.scope, "issue_date": c.issue_date.isoformat()}
    if not with_code:
        del t["credit_code"]
    return {k: v for k, v in t.items() if v}


def national_2019(rng: random.Random, s: Subject) -> tuple[Image.Image, dict]:
    c, lab = s.company, _labels(s)
    img, d, w, h, u = sheet(rng, (1600, 1900), (0.72, 0.78), (252, 250, 244), 1700)
    d.rectangle((20 * u, 20 * u, w - 20 * u, h - 20 * u), outline=(200, 150, 70), width=int(6 * u))
    lf, vf = font(rng, "hei", 30 * u), font(rng, "song", 30 * u)
    put(d, 130 * u, 250 * u, "统一社会信用代码", font(rng, "hei", 29 * u), INK)
    put(d, 130 * u, 300 * u, c.credit_code, font(rng, "hei", 30 * u), INK)
    title = font(rng, "heavy", 110 * u)
    put(d, w / 2 - 330 * u, 190 * u, "营业执照", title, (120, 30, 30) if rng.random() < 0.3 else INK, em=0.35)
    put(d, w / 2 - 90 * u, 340 * u, "（副　本）", font(rng, "song", 34 * u), INK)
    put(d, w / 2 + 90 * u, 342 * u, f"（副本号:1-{rng.randint(1, 4)}）", font(rng, "song", 28 * u), INK)
    qr(d, rng, w - 400 * u, 130 * u, 150 * u)
    nf = font(rng, "hei", 22 * u)
    for i, line in enumerate(["扫描二维码登录“", "国家企业信用信息", "公示系统”了解更", "多登记、备案、许", "可、监管信息。"]):
        put(d, w - 235 * u, 130 * u + i * 28 * u, line, nf, INK)
    until_shown, until = _term(rng, s)
    left = [("名称", c.name), ("类型", c.entity_type), (lab["rep"], s.operator), ("经营范围", c.scope)]
    right = ([(lab["capital"], c.registered_capital)] if lab["capital"] else
             ([("组成形式", rng.choice(["个人经营", "家庭经营"]))] if s.kind == "getihu" else []))
    right += [(lab["est"], cn_date(c.established))]
    if s.kind != "getihu":
        right.append(("营业期限", until_shown))
    right.append((lab["addr"], c.address))
    label_w = d.textlength("法定代表人", font=lf)
    xl, xr = 130 * u, w * 0.53
    y0 = 470 * u
    row = 62 * u

    def column(x: float, rows: list[tuple[str, str]], width: float) -> None:
        y = y0
        for label, value in rows:
            if len(label) == 2 or (len(label) == 3 and rng.random() < 0.5):
                spread(d, x, y, label, lf, label_w, INK)
            else:
                put(d, x, y, label, lf, INK)
            for line in wrap(d, value, vf, width):
                put(d, x + label_w + 32 * u, y, line, vf, INK)
                y += 40 * u
            y += row - 40 * u

    column(xl, left, w * 0.53 - xl - label_w - 80 * u)
    column(xr, right, w - 130 * u - xr - label_w - 40 * u)
    ya = h - 330 * u
    put(d, w * 0.62, ya, "登记机关", lf, INK)
    seal(img, rng, w * 0.70, ya + 40 * u, 105 * u, c.authority)
    d = ImageDraw.Draw(img)
    put(d, w * 0.64, ya + 120 * u, cn_date(c.issue_date, pad=rng.random() < 0.5, spaced=True), vf, INK)
    ff = font(rng, "hei", 24 * u)
    put(d, 60 * u, h - 110 * u, "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", ff, INK)
    put(d, w * 0.44, h - 120 * u, "市场主体应当于每年1月1日至6月30日通过", ff, INK)
    put(d, w * 0.44, h - 90 * u, "国家企业信用信息公示系统报送公示年度报告。", ff, INK)
    put(d, w - 380 * u, h - 110 * u, "国家市场监督管理总局监制", ff, INK)
    return img, _truth(s, until)


def sanzheng_2015(rng: random.Random, s: Subject) -> tuple[Image.Image, dict]:
    c, lab = s.company, _labels(s)
    img, d, w, h, u = sheet(rng, (1200, 1500), 1.42, (250, 247, 236), 1400)
    put(d, w / 2 - 330 * u, 230 * u, "营业执照", font(rng, "heavy", 130 * u), INK, em=0.45)
    put(d, w / 2 - 330 * u, 520 * u, "（副本）", font(rng, "song", 36 * u), INK)
    put(d, w * 0.50, 520 * u, f"统一社会信用代码{c.credit_code}", font(rng, "hei", 30 * u), INK)
    lf, vf = font(rng, "kai" if rng.random() < 0.5 else "hei", 34 * u), font(rng, "song", 32 * u)
    label_w = d.textlength("法定代表人", font=lf)
    until_shown, until = _term(rng, s)
    rows = [("名称", c.name), ("类型", c.entity_type), (lab["addr"], c.address), (lab["rep"], s.operator)]
    if lab["capital"]:
        rows.append((lab["capital"], c.registered_capital))
    rows += [(lab["est"], cn_date(c.established))]
    if s.kind != "getihu":
        rows.append(("营业期限", until_shown))
    rows.append(("经营范围", c.scope))
    x, y = 130 * u, 640 * u
    for label, value in rows:
        spread(d, x, y, label, lf, label_w, INK) if len(label) <= 3 else put(d, x, y, label, lf, INK)
        for line in wrap(d, value, vf, w - x - label_w - 160 * u):
            put(d, x + label_w + 40 * u, y, line, vf, INK)
            y += 46 * u
        y += 26 * u
    ya = max(y + 120 * u, h * 0.80)
    put(d, w * 0.52, ya, "登记机关", lf, INK)
    seal(img, rng, w * 0.66, ya + 30 * u, 110 * u, c.authority)
    d = ImageDraw.Draw(img)
    put(d, w * 0.60, ya + 110 * u, cn_date(c.issue_date), vf, INK)
    put(d, 90 * u, h - 180 * u, "提 示：每年1月1日至6月30日通过企业信用信息公示系统报送上一年度年度报告并公示。",
        font(rng, "hei", 22 * u), INK)
    put(d, w - 560 * u, h - 90 * u, "中华人民共和国国家工商行政管理总局监制", font(rng, "hei", 24 * u), INK)
    return img, _truth(s, until)


def old_2008(rng: random.Random, s: Subject) -> tuple[Image.Image, dict]:
    c = s.company
    img, d, w, h, u = sheet(rng, (1300, 1500), 0.68, (246, 240, 226), 1400)
    put(d, 260 * u, 60 * u, "企业法人营业执照", font(rng, "heavy", 80 * u), INK, em=0.15)
    put(d, 460 * u, 160 * u, "（副本）", font(rng, "song", 30 * u), INK)
    put(d, 470 * u, 205 * u, f"注册号 {rng.randint(10**14, 10**15 - 1)}", font(rng, "song", 30 * u), INK)
    lf, vf = font(rng, "song", 32 * u), font(rng, "song", 32 * u)
    label_w = d.textlength("法定代表人姓名", font=lf)
    until = c.valid_until.isoformat() if c.valid_until else "长期"
    term = f"自{cn_date(c.established)}至{cn_date(c.valid_until) if c.valid_until else '长期'}"
    rows = [("名称", c.name), ("住所", c.address), ("法定代表人姓名", s.operator), ("注册资本", c.registered_capital),
            ("实收资本", c.registered_capital), ("公司类型", c.entity_type),
            ("经营范围", "许可经营项目：无 一般经营项目：" + c.scope)]
    x, y = 90 * u, 280 * u
    for label, value in rows:
        spread(d, x, y, label, lf, label_w, INK) if len(label) == 2 else put(d, x, y, label, lf, INK)
        for line in wrap(d, value, vf, w * 0.62 - label_w):
            put(d, x + label_w + 24 * u, y, line, vf, INK)
            y += 42 * u
        y += 10 * u
    put(d, x, y + 20 * u, "成立日期" + cn_date(c.established), lf, INK)
    put(d, x, y + 70 * u, "营业期限" + term, lf, INK)
    put(d, x + 60 * u, y + 120 * u, "请于每年3月1日至6月30日向登记机关申报年检", font(rng, "song", 26 * u), INK)
    put(d, w * 0.74, 300 * u, "年度检验情况", font(rng, "song", 30 * u), INK)
    seal(img, rng, w * 0.80, h - 200 * u, 110 * u, c.authority)
    truth = _truth(s, until, with_code=False)
    truth["business_scope"] = "许可经营项目：无一般经营项目：" + c.scope
    truth.pop("issue_date", None)
    return img, truth


def electronic(rng: random.Random, s: Subject) -> tuple[Image.Image, dict]:
    c, lab = s.company, _labels(s)
    img, d, w, h, u = sheet(rng, (1000, 1200), 1.9, (255, 255, 255), 1100)
    d.rectangle((0, 0, w, 260 * u), fill=(178, 34, 34))
    put(d, w / 2 - 240 * u, 90 * u, "电子营业执照", font(rng, "heavy", 80 * u), (255, 240, 200))
    until_shown, until = _term(rng, s)
    rows = [("统一社会信用代码", c.credit_code), ("名称", c.name), ("类型", c.entity_type), (lab["rep"], s.operator)]
    if lab["capital"]:
        rows.append((lab["capital"], c.registered_capital))
    rows += [(lab["est"], cn_date(c.established))]
    if s.kind != "getihu":
        rows.append(("营业期限", until_shown))
    rows += [(lab["addr"], c.address), ("经营范围", c.scope), ("登记机关", c.authority)]
    f = font(rng, "hei", 34 * u)
    y = label_rows(d, rows, 80 * u, 340 * u, w - 160 * u, f, (90, 90, 90), 50 * u, 30 * u)
    qr(d, rng, w / 2 - 150 * u, y + 40 * u, 300 * u)
    truth = _truth(s, until)
    truth.pop("issue_date", None)
    return img, truth


LAYOUTS = {"national_2019": national_2019, "sanzheng_2015": sanzheng_2015, "old_2008": old_2008,
           "electronic": electronic}
