"""Digital (text-layer) PDFs as registrars and e-licence systems issue them (reportlab)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .identities import Domain
from .render import CERT_TEMPLATES, _font_file

_FONT = "WQYZenHei"


def _register() -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        path, index = _font_file("WenQuanYi Zen Hei")
        pdfmetrics.registerFont(TTFont(_FONT, path, subfontIndex=index))


def domain_certificate_pdf(dm: Domain, template: int = 0) -> bytes:
    _register()
    tpl = CERT_TEMPLATES[template]
    buf = io.BytesIO()
    w, h = landscape(A4)
    c = canvas.Canvas(buf, pagesize=(w, h))
    c.setStrokeColorRGB(0.7, 0.55, 0.25)
    c.setLineWidth(6)
    c.rect(24, 24, w - 48, h - 48)
    c.setFont(_FONT, 34)
    c.drawCentredString(w / 2, h - 110, tpl["title"])
    if tpl["en"]:
        c.setFont(_FONT, 14)
        c.drawCentredString(w / 2, h - 140, tpl["en"])
    fmt = tpl["date"]
    values = (dm.domain, dm.holder, dm.registrar, dm.registered.strftime(fmt), dm.expires.strftime(fmt))
    c.setFont(_FONT, 16)
    y = h - 220
    for label, value in zip(tpl["labels"], values):
        c.drawString(110, y, label + tpl["sep"])
        c.drawString(360, y, value)
        y -= 40
    c.setFont(_FONT, 10)
    c.drawString(110, 70, "本证书仅证明该域名已注册，不代表域名持有者的其他权利。")
    c.showPage()
    c.save()
    return buf.getvalue()
