"""From file bytes to pages: images to decode, or PDF text layers to read.

The file type is decided from the content (magic bytes), never from the name.
An image file is one page (a TIFF may hold several). A PDF page with a text layer
is read directly (no OCR) unless an image placed over most of the page makes it a
scan, which is rendered at the scan's own resolution and OCR'd (as OCRmyPDF
decides: a typed watermark or a scanner's invisible text layer does not stop OCR);
a vector page without text is rendered with pypdfium2, all of it in a child process with its
own memory cap and the file's time budget (`pdf_sandbox`). Every limit (file size, pixels,
pages, inflated streams, seconds) is a setting, and every failure is an `InputError` with one
specific line.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from beian.errors import InputError
from beian.extractors.pdf_sandbox import Deadline, sandbox
from beian.models import OcrResult
from beian.settings import Settings

IMAGE_KINDS = {"jpeg": "JPEG", "png": "PNG", "webp": "WebP", "bmp": "BMP", "tiff": "TIFF"}
NAME_HINTS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp", ".bmp": "bmp",
              ".tif": "tiff", ".tiff": "tiff", ".pdf": "pdf"}
_OTHER_MAGIC = [(b"PK\x03\x04", "a ZIP archive (or Office document)"), (b"GIF8", "a GIF image"),
                (b"\x1f\x8b", "a gzip archive"), (b"<", "an HTML or XML document"),
                (b"{", "a JSON document"), (b"\x00\x00\x00", "an HEIC/MP4 file")]


MAX_ASPECT = 12  # a page, a card, even a long receipt photo stays within 12:1


class PixelBudget:
    """Pixels that may still be decoded: one budget per file, and one shared by every
    file of a submission (settings ``MAX_FILE_PIXELS``, ``MAX_SUBMISSION_PIXELS``). A page
    is charged before it is decoded, from the size its header or the PDF declares."""

    def __init__(self, limit: int, what: str, parent: PixelBudget | None = None) -> None:
        self.left, self.limit, self.what, self.parent = limit, limit, what, parent

    def take(self, pixels: int) -> None:
        if pixels > self.left:
            raise InputError(f"{self.what} holds more pages than can be read safely (over "
                             f"{self.limit / 1e6:.0f} Mpx in all)")
        if self.parent is not None:
            self.parent.take(pixels)
        self.left -= pixels


@dataclass
class Page:
    """One page of a file: an image to OCR, or lines already read from a text layer."""

    number: int  # 1-based
    image: np.ndarray | None = None  # BGR
    text: OcrResult | None = None
    # a text-layer page drawn for people (the review page), in its text's frame times TEXT_VIEW_SCALE
    render: Callable[[], np.ndarray] | None = None


TEXT_VIEW_SCALE = 2.0  # a text-layer page is drawn at 144 dpi for the review page


def sniff(data: bytes) -> str | None:
    """The content type from magic bytes: jpeg, png, webp, bmp, tiff, pdf, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"BM") and len(data) > 26:
        return "bmp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


def _describe(data: bytes) -> str:
    head = data.lstrip()[:8]
    for magic, what in _OTHER_MAGIC:
        if head.startswith(magic):
            return what
    return "not an image or PDF"


def load_pages(data: bytes, name: str, settings: Settings) -> list[Page]:
    """Every page of a file, or an InputError naming what is wrong."""
    return list(iter_pages(data, name, settings))


def iter_pages(data: bytes, name: str, settings: Settings, budget: PixelBudget | None = None,
               deadline: Deadline | None = None) -> Iterator[Page]:
    """The pages of a file one at a time (a page is decoded only when asked for),
    within the file's pixel budget and the submission's (``budget``) and its time budget."""
    deadline = deadline or Deadline(settings.file_seconds)
    file_budget = PixelBudget(settings.max_file_pixels, "the file", budget)
    if not data:
        raise InputError("file is empty")
    if len(data) > settings.max_file_bytes:
        raise InputError(f"file is too large ({len(data) / 1e6:.1f} MB > limit {settings.max_file_bytes / 1e6:.0f} MB)")
    kind = sniff(data)
    if kind is None:
        hint = NAME_HINTS.get(_suffix(name))
        said = f"; the name says .{_suffix(name)[1:]}" if hint else ""
        raise InputError(f"unsupported file type: content is {_describe(data)}{said}")
    if kind == "pdf":
        yield from _pdf_pages(data, settings, file_budget, deadline)
        return
    for i, img in enumerate(_decode_images(data, kind, settings, file_budget)):
        yield Page(i + 1, image=img)


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _check_pixels(w: int, h: int, settings: Settings) -> None:
    if w * h > settings.max_image_pixels:
        raise InputError(f"image is too large to decode safely ({w}x{h} = {w * h / 1e6:.0f} Mpx > limit "
                         f"{settings.max_image_pixels / 1e6:.0f} Mpx)")
    if w < 16 or h < 16:
        raise InputError(f"image is too small to read ({w}x{h} px)")
    if max(w, h) > MAX_ASPECT * min(w, h):
        raise InputError(f"image is {w}x{h} px: not the shape of a document page (sides over {MAX_ASPECT}:1)")


def pil_to_bgr(img: Image.Image) -> np.ndarray:
    if img.mode in ("RGBA", "LA", "P"):
        img = img.convert("RGBA")
        bg = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(bg, img)
    arr = np.asarray(img.convert("RGB"))
    return np.ascontiguousarray(arr[:, :, ::-1])


def _decode_images(data: bytes, kind: str, settings: Settings, budget: PixelBudget) -> Iterator[np.ndarray]:
    label = IMAGE_KINDS[kind]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            n_frames = getattr(img, "n_frames", 1)
            if n_frames > settings.max_pdf_pages:
                raise InputError(f"{label} has too many pages ({n_frames} > limit {settings.max_pdf_pages})")
            for frame in range(n_frames):
                img.seek(frame)
                _check_pixels(img.width, img.height, settings)
                budget.take(img.width * img.height)
                img.load()
                yield pil_to_bgr(ImageOps.exif_transpose(img) if frame == 0 else img)
    except InputError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise InputError(f"{label} image is too large to decode safely (over the "
                         f"{settings.max_image_pixels / 1e6:.0f} Mpx limit: a decompression bomb?)") from None
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, EOFError) as exc:
        raise InputError(f"{label} image is truncated or corrupt ({_short(exc)})") from None


def _short(exc: BaseException) -> str:
    return str(exc).split("\n")[0][:120] or type(exc).__name__


# ---- PDF: parsed and drawn in a child process (`beian.extractors.pdf_sandbox`) ------------------

def _pdf_pages(data: bytes, settings: Settings, budget: PixelBudget, deadline: Deadline) -> Iterator[Page]:
    box = sandbox(settings.pdf_memory_mb)
    cfg = {"max_image_pixels": settings.max_image_pixels, "max_file_bytes": settings.max_file_bytes,
           "max_pdf_pages": settings.max_pdf_pages, "page_stream_bytes": settings.pdf_page_stream_bytes,
           "file_stream_bytes": settings.pdf_file_stream_bytes}
    for i, info in enumerate(box.open(data, cfg, deadline)):
        if info.text is not None:
            yield Page(i + 1, text=OcrResult.model_validate(info.text),
                       render=lambda i=i: box.render(i, TEXT_VIEW_SCALE, deadline))
            continue
        # a scan at its own resolution (within 150-400 dpi), a vector page at PDF_RENDER_DPI
        scale = min(max(info.scan, 150 / 72), 400 / 72) if info.scan else settings.pdf_render_dpi / 72
        w, h = int(info.width * scale), int(info.height * scale)
        _check_pixels(w, h, settings)
        budget.take(w * h)
        yield Page(i + 1, image=box.render(i, scale, deadline))
