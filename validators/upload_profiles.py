"""What each provider accepts as an uploaded scan (`data/upload_profiles.json`).

`violations` is pure: a profile and one upload's facts (format, bytes, pixels,
colour, the document type read from it) in, one message per limit it breaks out.
"""

from __future__ import annotations

from dataclasses import dataclass

from beian.validators import tables


@dataclass(frozen=True)
class UploadFacts:
    file: str
    format: str | None  # from magic bytes: jpeg, png, gif, webp, bmp, tiff, pdf
    bytes: int
    width: int | None = None
    height: int | None = None
    colour: bool | None = None
    doc_type: str | None = None


def table() -> dict:
    return tables.load("upload_profiles")


def profile(name: str) -> dict:
    try:
        return table()["profiles"][name]
    except KeyError:
        raise KeyError(f"unknown upload profile {name!r}; choose one of {', '.join(table()['profiles'])}") from None


def violations(name: str, f: UploadFacts) -> list[str]:
    p = profile(name)
    who = f"{p['provider']}（{p['source']}，{p['date']}）"
    out = []
    if f.format not in p["formats"]:
        out.append(f"格式{f.format or '未知'}不被{who}接受（只收{'、'.join(p['formats'])}）")
    if f.bytes > p["max_bytes"]:
        out.append(f"文件{f.bytes / 2**20:.1f} MB，超过{who}的上限{p['max_bytes'] / 2**20:.0f} MB")
    if p.get("colour") and f.colour is False:
        out.append(f"{who}要求彩色扫描件或照片，这是黑白件")
    need = (p.get("min_pixels") or {}).get(f.doc_type or "")
    if need and f.width and f.height and (min(f.width, f.height) < min(need) or max(f.width, f.height) < max(need)):
        out.append(f"{f.width}×{f.height}像素，小于{who}要求的{need[0]}×{need[1]}像素")
    return out
