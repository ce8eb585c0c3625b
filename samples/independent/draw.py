"""Drawing helpers of the independent renderer: fonts, spaced text, seals, overlays."""

from __future__ import annotations

import math
import random

# the font files come from the same Debian packages as the first renderer's (fc-match)
from generator.render import font as _font
from PIL import Image, ImageDraw, ImageFont

# families as printed documents use them: Song/Ming for values, Hei for labels, Kai on older licences
FAMILIES = {
    "song": ["Noto Serif CJK SC", "AR PL UMing CN"],
    "hei": ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei"],
    "kai": ["AR PL UKai CN"],
    "heavy": ["Noto Sans CJK SC:style=Bold", "Noto Serif CJK SC:style=Bold", "WenQuanYi Zen Hei"],
}


def font(rng: random.Random, family: str, size: float) -> ImageFont.FreeTypeFont:
    return _font(rng.choice(FAMILIES[family]), max(8, int(size)))


def put(d: ImageDraw.ImageDraw, x: float, y: float, s: str, f, fill=(25, 25, 25), em: float = 0.0) -> float:
    """Draw s with extra letter spacing ``em`` (in font sizes); return the x after it."""
    if not em:
        d.text((x, y), s, font=f, fill=fill)
        return x + d.textlength(s, font=f)
    for ch in s:
        d.text((x, y), ch, font=f, fill=fill)
        x += d.textlength(ch, font=f) + em * f.size
    return x


def spread(d: ImageDraw.ImageDraw, x: float, y: float, s: str, f, width: float, fill=(25, 25, 25)) -> float:
    """Letter-space s to fill ``width`` (名　　称 over the width of 法定代表人)."""
    if len(s) < 2:
        return put(d, x, y, s, f, fill)
    gap = (width - sum(d.textlength(c, font=f) for c in s)) / (len(s) - 1)
    for ch in s:
        d.text((x, y), ch, font=f, fill=fill)
        x += d.textlength(ch, font=f) + gap
    return x - gap


def wrap(d: ImageDraw.ImageDraw, s: str, f, width: float) -> list[str]:
    out, cur = [], ""
    for ch in s:
        if cur and d.textlength(cur + ch, font=f) > width and ch not in "，。、；：）)":
            out.append(cur)
            cur = ch
        else:
            cur += ch
    return out + [cur] if cur else out


def label_rows(d: ImageDraw.ImageDraw, rows, x: float, y: float, width: float, f, label_ink, step: float,
               gap: float, ink=(22, 22, 22)) -> float:
    """``label：value`` rows from (x, y) within ``width``, each value wrapped beside its label
    (``step`` a line, ``gap`` between rows); returns the y under the last row."""
    for label, value in rows:
        head = f"{label}："
        lw = d.textlength(head, font=f)
        put(d, x, y, head, f, label_ink)
        for line in wrap(d, value, f, width - lw):
            put(d, x + lw, y, line, f, ink)
            y += step
        y += gap
    return y


def seal(img: Image.Image, rng: random.Random, cx: float, cy: float, r: float, ring_text: str,
         centre: str = "") -> None:
    """A round red seal: ring text along the top arc, a star, an optional line under it."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (rng.randint(190, 225), rng.randint(20, 60), rng.randint(20, 60), rng.randint(120, 180))
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(3, int(r / 22)))
    d.regular_polygon((cx, cy, r * 0.2), 5, fill=red)
    f = font(rng, "heavy", r / 4.8)
    n = len(ring_text)
    span = min(250, 18 * n + 40)
    for i, ch in enumerate(ring_text):
        a = math.radians(270 - span / 2 + i * span / max(1, n - 1))
        tx, ty = cx + math.cos(a) * r * 0.74, cy + math.sin(a) * r * 0.74
        glyph = Image.new("RGBA", (int(f.size * 1.4),) * 2, (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((f.size * 0.2, f.size * 0.1), ch, font=f, fill=red)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        layer.alpha_composite(glyph, (int(tx - glyph.width / 2), int(ty - glyph.height / 2)))
    if centre:
        cf = font(rng, "heavy", r / 6)
        d.text((cx - d.textlength(centre, font=cf) / 2, cy + r * 0.35), centre, font=cf, fill=red)
    img.paste(Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB"))


def qr(d: ImageDraw.ImageDraw, rng: random.Random, x: float, y: float, size: float) -> None:
    n = 29
    cell = size / n
    for i in range(n):
        for j in range(n):
            finder = any(i0 <= i < i0 + 7 and j0 <= j < j0 + 7 for i0, j0 in ((0, 0), (0, n - 7), (n - 7, 0)))
            on = ((i % 6 in (0,) or j % 6 in (0,) or (2 <= i % 7 <= 4 and 2 <= j % 7 <= 4)) if finder
                  else rng.random() < 0.5)
            if on:
                d.rectangle((x + j * cell, y + i * cell, x + (j + 1) * cell, y + (i + 1) * cell), fill=(10, 10, 10))


def overlay_text(img: Image.Image, rng: random.Random, words: str, colour=(200, 40, 40), alpha: int = 70,
                 size: float = 0.06, angle: float = 25) -> Image.Image:
    """A watermark repeated across the page (仅供ICP备案使用, 信息披露专用)."""
    w, h = img.size
    layer = Image.new("RGBA", (w * 2, h * 2), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    f = font(rng, "heavy", min(w, h) * size)
    step_x, step_y = d.textlength(words, font=f) * 1.5, f.size * 4
    y = 0.0
    while y < h * 2:
        x = (y / step_y % 2) * step_x / 2
        while x < w * 2:
            d.text((x, y), words, font=f, fill=(*colour, alpha))
            x += step_x
        y += step_y
    layer = layer.rotate(angle, resample=Image.BICUBIC).crop((w // 2, h // 2, w // 2 + w, h // 2 + h))
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def paper(rng: random.Random, w: int, h: int, tint=(250, 248, 242)) -> Image.Image:
    jitter = tuple(max(0, min(255, c + rng.randint(-4, 4))) for c in tint)
    return Image.new("RGB", (w, h), jitter)


def sheet(rng: random.Random, widths: tuple[int, int], aspect: float | tuple[float, float], tint,
          base: float) -> tuple[Image.Image, ImageDraw.ImageDraw, int, int, float]:
    """A blank document: a random width, its height by the aspect (a range is drawn after
    the width), paper of that tint; ``u`` is one unit of the design drawn ``base`` wide."""
    w = rng.randint(*widths)
    h = int(w * (rng.uniform(*aspect) if isinstance(aspect, tuple) else aspect))
    img = paper(rng, w, h, tint)
    return img, ImageDraw.Draw(img), w, h, w / base


def cn_date(day, pad: bool = True, spaced: bool = False) -> str:
    sep = " " if spaced else ""
    if pad:
        return f"{day.year}{sep}年{sep}{day.month:02d}{sep}月{sep}{day.day:02d}{sep}日"
    return f"{day.year}{sep}年{sep}{day.month}{sep}月{sep}{day.day}{sep}日"
