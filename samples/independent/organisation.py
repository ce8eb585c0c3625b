"""The organisations' certificates in two designs of their own (not the first renderer's).

* ``landscape``: a landscape 正本-like sheet, the credit code top right under the title,
  letter-spaced labels (名　　称) over the width of the longest, values in Song, the validity
  as 自 2022 年 12 月 10 日 至 2027 年 12 月 09 日 (spaced), the authority's seal at the foot right.
* ``colon_rows``: a portrait sheet of ``label：value`` rows in Kai or Hei, the code as the first
  row, the authority printed as a row and sealed.

The labels are each certificate's own (事业单位法人证书: 宗旨和业务范围, 举办单位, 经费来源, 开办资金;
社会团体: 业务范围, 活动地域, 注册资金, 业务主管单位; 基金会: 原始基金; 律师事务所执业许可证:
执业机构, 组织形式, 设立资产, 主管机关, 发证机关; 统一社会信用代码证书: 机构名称, 机构性质, 机构地址,
负责人, 主要职能, 赋码机关), after ../shared/notes/filing-rules-2.md §1.3.
"""

from __future__ import annotations

import random

from generator.identities import Organisation
from generator.render import organisation_truth
from PIL import Image

from .draw import cn_date, font, label_rows, put, seal, sheet, spread, wrap

INK = (22, 22, 22)
TITLES = {"uscc_certificate": "统一社会信用代码证书", "institution_certificate": "事业单位法人证书",
          "social_organization_certificate": "社会团体法人登记证书",
          "private_non_enterprise_certificate": "民办非企业单位登记证书",
          "foundation_certificate": "基金会法人登记证书", "law_firm_licence": "律师事务所执业许可证"}


def _rows(rng: random.Random, o: Organisation, term: str | None) -> list[tuple[str, str]]:
    """(label, value) in the order this certificate prints them."""
    t = o.doc_type
    if t == "uscc_certificate":
        rows = [("机构名称", o.name), ("机构性质", "机关"), ("机构地址", o.address), ("负责人", o.legal_representative),
                ("主要职能", o.scope)]
    elif t == "law_firm_licence":
        rows = [("执业机构", o.name), ("住所", o.address), ("负责人", o.legal_representative),
                ("组织形式", rng.choice(["普通合伙", "特殊的普通合伙", "个人"])), ("设立资产", o.capital),
                ("主管机关", o.sponsor)]
    else:
        scope_label = "宗旨和业务范围" if t == "institution_certificate" else "业务范围"
        rows = [("名称", o.name), ("住所", o.address), (scope_label, o.scope), ("法定代表人", o.legal_representative)]
        if t == "social_organization_certificate":
            rows.insert(3, ("活动地域", o.region[2] or o.region[1]))
        capital = {"institution_certificate": "开办资金", "social_organization_certificate": "注册资金",
                   "foundation_certificate": "原始基金"}.get(t, "开办资金")
        rows += [("经费来源", o.funding_source), (capital, o.capital),
                 ("举办单位" if t == "institution_certificate" else "业务主管单位", o.sponsor)]
    if term:
        rows.append(("有效期", term))
    return [(k, v) for k, v in rows if v]


def _term(rng: random.Random, o: Organisation) -> str | None:
    if not o.valid_from:
        return None
    spaced = rng.random() < 0.6
    return f"自{' ' if spaced else ''}{cn_date(o.valid_from, spaced=spaced)} 至 {cn_date(o.valid_until, spaced=spaced)}"


def _authority_label(o: Organisation) -> str:
    return {"uscc_certificate": "赋码机关", "law_firm_licence": "发证机关"}.get(o.doc_type, "登记管理机关")


def landscape(rng: random.Random, o: Organisation) -> tuple[Image.Image, dict]:
    img, d, w, h, u = sheet(rng, (1500, 1700), (0.68, 0.72), (250, 246, 236), 1600)
    d.rectangle((30 * u, 30 * u, w - 30 * u, h - 30 * u), outline=(170, 120, 50), width=max(3, int(8 * u)))
    title = TITLES[o.doc_type]
    tf = font(rng, "heavy", 70 * u)
    put(d, 140 * u, 110 * u, title, tf, INK, em=0.12)
    cf = font(rng, "song", 28 * u)
    put(d, w - 640 * u, 215 * u, "统一社会信用代码", cf, INK)
    put(d, w - 640 * u, 258 * u, o.credit_code, font(rng, "hei", 30 * u), INK)
    lf, vf = font(rng, "hei", 32 * u), font(rng, "song", 32 * u)
    rows = _rows(rng, o, _term(rng, o))
    label_w = max(d.textlength(k, font=lf) for k, _ in rows if len(k) <= 5)
    x, y = 140 * u, 340 * u
    for label, value in rows:
        if len(label) <= 3:
            spread(d, x, y, label, lf, label_w, INK)
        else:
            put(d, x, y, label, lf, INK)
        vx = x + max(label_w, d.textlength(label, font=lf)) + 50 * u
        for line in wrap(d, value, vf, w - vx - 180 * u):
            put(d, vx, y, line, vf, INK)
            y += 46 * u
        y += 24 * u
    ya = max(y + 60 * u, h * 0.78)
    put(d, w * 0.58, ya, _authority_label(o), lf, INK)
    seal(img, rng, w * 0.76, ya + 20 * u, 105 * u, o.authority)
    return img, organisation_truth(o)


def colon_rows(rng: random.Random, o: Organisation) -> tuple[Image.Image, dict]:
    img, d, w, h, u = sheet(rng, (1100, 1250), 1.41, (255, 253, 248), 1200)
    title = TITLES[o.doc_type]
    tf = font(rng, "heavy", 62 * u)
    put(d, (w - d.textlength(title, font=tf)) / 2, 120 * u, title, tf, (150, 30, 30))
    put(d, w / 2 - 60 * u, 210 * u, rng.choice(["（正本）", "（副本）"]), font(rng, "song", 28 * u), INK)
    f = font(rng, rng.choice(["kai", "hei"]), 32 * u)
    rows = [("统一社会信用代码", o.credit_code), *_rows(rng, o, _term(rng, o)), (_authority_label(o), o.authority)]
    y = label_rows(d, rows, 110 * u, 330 * u, w - 220 * u, f, (70, 70, 70), 48 * u, 28 * u)
    seal(img, rng, w * 0.70, max(y + 150 * u, h * 0.80), 100 * u, o.authority)
    return img, organisation_truth(o)


LAYOUTS = {"landscape": landscape, "colon_rows": colon_rows}
