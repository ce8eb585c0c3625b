"""Every kind of unusable file: exit 2, one specific line on stderr, no traceback."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import SCANS
from pypdf import PdfWriter

JPEG = (SCANS / "001-id_card_front-clean.png").read_bytes()
PHOTO = (SCANS / "009-id_card_front-photo.jpg").read_bytes()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(w: int = 40000, h: int = 40000) -> bytes:
    """A valid PNG header declaring w x h pixels, with almost no data: a decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + _png_chunk(b"IEND", b""))


def pdf(pages: int = 1, password: str | None = None) -> bytes:
    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(595, 842)
    if password:
        w.encrypt(password, algorithm="AES-128")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


CASES = [
    # (file name, content or None for a missing file, extra env, expected words in the message)
    ("missing.jpg", None, {}, "no such file"),
    ("empty.jpg", b"", {}, "file is empty"),
    ("notes.png", b"just some text, not a scan at all", {}, "unsupported file type"),
    ("licence.pdf", b"PK\x03\x04" + b"\x00" * 200, {}, "content is a ZIP archive"),
    ("half.jpg", PHOTO[: len(PHOTO) // 2], {}, "JPEG image is truncated or corrupt"),
    ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x13" * 300, {}, "PNG image is truncated or corrupt"),
    ("bomb.png", bomb_png(), {}, "image is too large to decode safely"),
    ("locked.pdf", pdf(password="secret"), {}, "PDF is encrypted"),
    ("corrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", {}, "PDF is corrupt"),
    ("long.pdf", pdf(pages=60), {}, "PDF has too many pages (60 > limit 50)"),
    ("big.jpg", PHOTO, {"BEIAN_MAX_FILE_BYTES": "10000"}, "file is too large"),
]


@pytest.mark.parametrize("name, content, env, words", CASES, ids=[c[0] for c in CASES])
def test_bad_file_exits_2_with_one_line(tmp_path: Path, name, content, env, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "beian.cli", "extract", str(path), "--json"],
                          capture_output=True, text=True, env={**os.environ, **env}, timeout=120)
    assert proc.returncode == 2, f"{name}: exit {proc.returncode}, stderr {proc.stderr!r}"
    assert proc.stdout == "", f"{name}: printed {proc.stdout!r} to stdout"
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"{name}: expected one line on stderr, got {proc.stderr!r}"
    assert "Traceback" not in proc.stderr
    assert lines[0].startswith(f"beian: error: {name}: "), lines[0]
    assert words in lines[0], f"{name}: {lines[0]!r} does not say {words!r}"


def test_usage_error_exits_2():
    proc = subprocess.run([sys.executable, "-m", "beian.cli", "extract"], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr


def test_image_with_wrong_name_is_read_by_content(tmp_path: Path):
    path = tmp_path / "scan.pdf"  # a PNG named .pdf: the content decides
    path.write_bytes(JPEG)
    from beian.extractors.read import read_file

    docs = read_file(path).documents
    assert [d.type for d in docs] == ["id_card_front"], "a PNG named .pdf must be read as the PNG it is"
