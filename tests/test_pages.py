"""Page loading: every PDF path and the limits set on purpose (no OCR here but one test)."""

from __future__ import annotations

import io

import pytest
from conftest import SCANS
from PIL import Image, ImageDraw
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from beian.extractors.pages import load_pages, sniff
from beian.settings import Settings


def vector_pdf() -> bytes:
    """One A4 page of drawn rectangles and no text: it has to be rendered."""
    w = PdfWriter()
    page = w.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    stream.set_data(b"0 0 1 rg 100 600 300 120 re f 0 0 0 RG 4 w 80 80 430 680 re S")
    page[NameObject("/Contents")] = w._add_object(stream)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def scan_pdf(dpi: int) -> bytes:
    """An A4 page scanned at dpi, as one JPEG inside a PDF."""
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    img = Image.new("RGB", (w, h), (250, 250, 248))
    ImageDraw.Draw(img).rectangle((w // 10, h // 10, w // 2, h // 5), fill=(30, 30, 30))
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=dpi, quality=70)
    return buf.getvalue()


@pytest.mark.parametrize("data, kind", [
    (b"\xff\xd8\xff\xe0", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
    (b"BM" + b"\x00" * 40, "bmp"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"%PDF-1.7", "pdf"),
    (b"\n\n%PDF-1.4", "pdf"), (b"GIF89a", None), (b"PK\x03\x04", None),
])
def test_sniff_by_content(data, kind):
    assert sniff(data) == kind


def test_vector_page_without_text_is_rendered():
    pages = load_pages(vector_pdf(), "drawing.pdf", Settings())
    assert len(pages) == 1 and pages[0].text is None and pages[0].image is not None
    h, w = pages[0].image.shape[:2]
    assert abs(w - 595 * 200 / 72) <= 1 and abs(h - 842 * 200 / 72) <= 1, f"not rendered at PDF_RENDER_DPI: {w}x{h}"


def with_typed_text(data: bytes, words: str = "For ICP filing use only - copy 2026") -> bytes:
    """The PDF with a line of real text (Helvetica) drawn over its first page: a typed
    watermark, or a scanner app's text layer."""
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject
    from pypdf.generic import NameObject as N

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = w.pages[0]
    font = DictionaryObject({N("/Type"): N("/Font"), N("/Subtype"): N("/Type1"), N("/BaseFont"): N("/Helvetica")})
    fonts = page["/Resources"].setdefault(N("/Font"), DictionaryObject())
    fonts[N("/FW")] = w._add_object(font)
    old = page.get_contents()
    stream = DecodedStreamObject()
    stream.set_data((old.get_data() if old is not None else b"") + f"\nBT /FW 18 Tf 60 60 Td ({words}) Tj ET\n".encode())
    page[N("/Contents")] = w._add_object(stream)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_600_dpi_scan_is_rendered_at_the_resolution_cap():
    data = scan_pdf(600)  # ~35 Mpx: the scan is rendered, at most 400 dpi (OCR reads 2400 px anyway)
    pages = load_pages(data, "scan600.pdf", Settings())
    h, w = pages[0].image.shape[:2]
    assert abs(h - 11.69 * 400) <= 2 and abs(w - 8.27 * 400) <= 2, f"{w}x{h}"


def test_scan_at_its_own_resolution():
    pages = load_pages(scan_pdf(200), "scan200.pdf", Settings())
    h, w = pages[0].image.shape[:2]
    assert abs(h - 11.69 * 200) <= 2 and abs(w - 8.27 * 200) <= 2, f"{w}x{h}"


def test_a_scan_with_typed_text_is_ocrd_not_read_from_its_text():
    data = with_typed_text(scan_pdf(150))
    from pypdf import PdfReader

    assert "ICP filing" in PdfReader(io.BytesIO(data)).pages[0].extract_text(), "the text was not added"
    pages = load_pages(data, "watermarked.pdf", Settings())
    assert pages[0].text is None and pages[0].image is not None, "a scanned page was read from its text layer"


def test_a_text_page_with_typed_text_is_read_from_text():
    data = with_typed_text(vector_pdf())
    pages = load_pages(data, "typed.pdf", Settings())
    assert pages[0].image is None and pages[0].text is not None, "a text page with no scan was OCR'd"


def test_scan_over_the_pixel_limit_is_refused():
    from beian.errors import InputError

    with pytest.raises(InputError, match="too large to decode safely"):
        load_pages(scan_pdf(300), "big.pdf", Settings(max_image_pixels=5_000_000))


def test_text_layer_page_is_not_ocrd():
    pages = load_pages((SCANS / "digital-domain-0.pdf").read_bytes(), "cert.pdf", Settings())
    assert pages[0].image is None and pages[0].text is not None
    assert any("域名" in ln.text for ln in pages[0].text.lines)


def test_multipage_tiff_gives_every_page():
    pages = load_pages((SCANS / "tiff-front-back-0.tif").read_bytes(), "x.tif", Settings())
    assert [p.number for p in pages] == [1, 2]


@pytest.mark.slow  # read by the OCR engine
def test_a_page_that_is_no_known_document_is_unknown(tmp_path):
    from beian.extractors.read import read_file

    img = Image.new("RGB", (900, 500), "white")
    d = ImageDraw.Draw(img)
    for i, line in enumerate(["Quarterly report", "Revenue grew 12 percent", "Thank you for reading"]):
        d.text((60, 80 + i * 120), line, fill="black", font_size=48)
    path = tmp_path / "letter.png"
    img.save(path)
    docs = read_file(path).documents
    assert [d.type for d in docs] == ["unknown"] and docs[0].fields == {}


def test_pixel_budgets_of_a_file_and_of_a_submission():
    from beian.errors import InputError
    from beian.extractors.pages import PixelBudget

    tiff = (SCANS / "tiff-front-back-0.tif").read_bytes()
    one_page = load_pages(tiff, "x.tif", Settings())[0].image
    page_px = one_page.shape[0] * one_page.shape[1]
    with pytest.raises(InputError, match="the file holds more pages than can be read safely"):
        load_pages(tiff, "x.tif", Settings(max_file_pixels=int(page_px * 1.5)))
    shared = PixelBudget(int(page_px * 3), "the submission")
    from beian.extractors.pages import iter_pages

    assert len(list(iter_pages(tiff, "a.tif", Settings(), shared))) == 2
    with pytest.raises(InputError, match="the submission holds more pages"):
        list(iter_pages(tiff, "b.tif", Settings(), shared))
