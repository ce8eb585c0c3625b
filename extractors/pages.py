"""From file bytes to pages: images to decode, or PDF text layers to read.

The file type is decided from the content (magic bytes), never from the name.
An image file is one page (a TIFF may hold several). A PDF page with a text layer
is read directly (no OCR) unless an image placed over most of the page makes it a
scan, which is rendered at the scan's own resolution and OCR'd (as OCRmyPDF
decides: a typed watermark or a scanner's invisible text layer does not stop OCR);
a vector page without text is rendered with pypdfium2. Every limit (file size, pixels, pages)
is a setting, and every failure is an `InputError` with one specific line.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from beian.errors import InputError
from beian.models import OcrLine, OcrResult
from beian.settings import Settings

# pypdf logs its repairs of broken files; the one-line InputError says what matters
logging.getLogger("pypdf").setLevel(logging.ERROR)

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


def iter_pages(data: bytes, name: str, settings: Settings, budget: PixelBudget | None = None) -> Iterator[Page]:
    """The pages of a file one at a time (a page is decoded only when asked for),
    within the file's pixel budget and the submission's (``budget``)."""
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
        yield from _pdf_pages(data, settings, file_budget)
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


# ---- PDF -----------------------------------------------------------------------------------------

def _pdf_pages(data: bytes, settings: Settings, budget: PixelBudget) -> Iterator[Page]:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError

    limit = max(settings.max_image_pixels * 4, 75_000_000)
    with pypdf.apply_configuration(image_maximum_buffer_size=limit, zlib_maximum_output_length=limit,
                                   maximum_declared_stream_length=max(settings.max_file_bytes, 75_000_000)):
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")  # owner-password-only files open with an empty password
                except (FileNotDecryptedError, NotImplementedError, PdfReadError):
                    ok = 0
                if not ok:
                    raise InputError("PDF is encrypted with a password; upload an unprotected copy")
            count = len(reader.pages)
        except InputError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"PDF is corrupt ({_short(exc)})") from None
        if count == 0:
            raise InputError("PDF has no pages")
        if count > settings.max_pdf_pages:
            raise InputError(f"PDF has too many pages ({count} > limit {settings.max_pdf_pages})")
        doc = _pdfium(data)
        for i in range(count):
            try:
                scan = _scan_image(doc, i)
                text = None if scan else _text_layer(reader.pages[i])
            except InputError:
                raise
            except LimitReachedError:
                raise InputError(f"PDF page {i + 1} exceeds a decoding limit (decompression bomb?)") from None
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
                raise InputError(f"PDF page {i + 1} is corrupt ({_short(exc)})") from None
            if text is not None:
                yield Page(i + 1, text=text, render=lambda i=i: _render(doc, i, settings, TEXT_VIEW_SCALE))
            else:
                yield Page(i + 1, image=_render(doc, i, settings, scan, budget))


PAGE_IMAGE = 0.5  # an image placed over half the page or more is a scan of it: the page is OCR'd


def _pdfium(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"PDF cannot be opened for rendering ({_short(exc)})") from None


def _scan_image(doc, index: int) -> float | None:
    """The resolution (pixels per point) of an image placed over most of the page, or None.

    As OCRmyPDF decides: a page holding a page-sized image is a scan and is OCR'd
    even when it also carries text (a typed 仅供备案使用, a scanner's invisible text
    layer); a seal or a logo is not a scan. Images are judged by where they are
    placed on the page, not by their pixel count.
    """
    import pypdfium2.raw as pdfium_c

    page = doc[index]
    w, h = page.get_size()
    best = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        cover = max(0.0, min(right, w) - max(left, 0)) * max(0.0, min(top, h) - max(bottom, 0)) / max(w * h, 1)
        if cover >= PAGE_IMAGE and (best is None or cover > best[0]):
            px_w, _px_h = obj.get_px_size()
            best = (cover, px_w / max(right - left, 1))
    return best[1] if best else None


def _render(doc, index: int, settings: Settings, ppp: float | None = None,
            budget: PixelBudget | None = None) -> np.ndarray:
    """The page as a person sees it: a scan at its own resolution (within 150-400 dpi),
    a vector page at ``PDF_RENDER_DPI``."""
    import pypdfium2 as pdfium

    try:
        page = doc[index]
        w, h = page.get_size()
        scale = min(max(ppp, 150 / 72), 400 / 72) if ppp else settings.pdf_render_dpi / 72
        _check_pixels(int(w * scale), int(h * scale), settings)
        if budget is not None:
            budget.take(int(w * scale) * int(h * scale))
        return pil_to_bgr(page.render(scale=scale).to_pil())
    except pdfium.PdfiumError as exc:
        raise InputError(f"PDF page {index + 1} cannot be rendered ({_short(exc)})") from None


def _text_layer(page) -> OcrResult | None:
    """Lines of a page's text layer with boxes in points (origin top-left), or None."""
    frags: list[tuple[float, float, float, str]] = []
    height = float(page.mediabox.height)

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = (font_size or 10) * abs(tm[3] or 1) * abs(cm[3] or 1)
        frags.append((x, height - y, size, text))

    page.extract_text(visitor_text=visit)
    if sum(len(f[3].strip()) for f in frags) < 8:
        return None
    frags.sort(key=lambda f: (round(f[1] / max(f[2] * 0.5, 1)), f[0]))
    lines: list[OcrLine] = []
    row: list[tuple[float, float, float, str]] = []

    def flush():
        if not row:
            return
        row.sort(key=lambda f: f[0])
        parts, prev_end = [], None
        for x, _y, size, t in row:
            if prev_end is not None and x - prev_end > size * 1.5:
                parts.append("  ")
            parts.append(t.strip("\n"))
            prev_end = x + size * 0.55 * len(t) if t.isascii() else x + size * len(t)
        y, size = row[0][1], max(f[2] for f in row)
        x0, x1 = row[0][0], max(prev_end or 0, row[0][0] + size)
        lines.append(OcrLine(text="".join(parts).strip(), score=1.0,
                             box=[int(x0), int(y - size), int(x1), int(y + size * 0.2)]))
        row.clear()

    for f in frags:
        if row and abs(f[1] - row[0][1]) > max(f[2], row[0][2]) * 0.5:
            flush()
        row.append(f)
    flush()
    return OcrResult(engine="pdf-text-layer", model="pypdf", width=int(float(page.mediabox.width)),
                     height=int(height), lines=[ln for ln in lines if ln.text], text_layer=True)
