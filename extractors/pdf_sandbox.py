"""PDFs are parsed and rendered in a child process, so that a hostile file costs one file.

pypdf and PDFium (a native library) see an applicant's bytes only here, in a process
of its own (`Sandbox`) with a capped address space (``BEIAN_PDF_MEMORY_MB``): a PDFium
``std::bad_alloc`` or crash, or a file that takes longer than the file's time budget
(``BEIAN_FILE_SECONDS``), kills that child, which is started again for the next file;
the file becomes an `InputError` with one line. Before PDFium opens a file, every page's
content streams (and the forms they draw) are inflated within a budget, per page
(``BEIAN_PDF_PAGE_STREAM_BYTES``) and per file (``BEIAN_PDF_FILE_STREAM_BYTES``), and every
image's declared pixels are held to the image limit: a 4 MB page that inflates to 2 GiB is
refused in a fraction of a second instead of being drawn.

The parent and the child speak over pipes: a 4-byte length, a JSON header, then raw bytes
(the PDF one way, a rendered page's BGR pixels the other); nothing is unpickled.
"""

from __future__ import annotations

import json
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from beian.errors import InputError

# ---- the child ------------------------------------------------------------------------------------


def _limits(cfg: dict) -> dict:
    big = max(cfg["max_image_pixels"] * 4, 75_000_000)
    return {"image_maximum_buffer_size": big, "maximum_declared_stream_length": max(cfg["max_file_bytes"], 75_000_000)}


def _stream_budget(pdf, cfg: dict) -> None:
    """Inflate what PDFium would draw, within the budgets, before it draws anything."""
    import pypdf
    from pypdf.errors import LimitReachedError
    from pypdf.generic import ArrayObject, IndirectObject

    per_page, left = cfg["page_stream_bytes"], cfg["file_stream_bytes"]
    limit_names = ("zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
                   "brotli_maximum_output_length", "array_based_stream_maximum_output_length")
    for number, page in enumerate(pdf.pages, 1):
        seen: set = set()
        used = 0

        def inflate(obj, depth: int = 0) -> None:
            nonlocal used
            ref = obj.idnum if isinstance(obj, IndirectObject) else None
            if ref is not None and ref in seen or depth > 8:
                return
            seen.add(ref)
            stream = obj.get_object()
            room = max(min(per_page - used, left - used), 1)
            if stream.get("/Filter") in ("/FlateDecode", "/Fl") and not stream.get("/DecodeParms"):
                used += _inflated(stream._data, room)  # counted, never held
            else:
                with pypdf.apply_configuration(**{n: room for n in limit_names}):
                    try:
                        used += len(stream.get_data())
                    except LimitReachedError:
                        used = per_page + 1
            if used > per_page or used > left:
                raise InputError(f"PDF page {number} inflates past {min(per_page, left) / 2**20:.0f} MB "
                                 "of drawing (a decompression bomb?); not drawn")
            forms(stream, depth + 1)

        def forms(holder, depth: int) -> None:
            resources = holder.get("/Resources")
            xobjects = resources.get_object().get("/XObject") if resources is not None else None
            for ref in (xobjects.get_object().values() if xobjects is not None else []):
                x = ref.get_object()
                if x.get("/Subtype") == "/Image":
                    w, h = int(x.get("/Width", 0)), int(x.get("/Height", 0))
                    if w * h > cfg["max_image_pixels"]:
                        raise InputError(f"PDF page {number} holds an image of {w}x{h} px: too large to decode "
                                         f"safely (limit {cfg['max_image_pixels'] / 1e6:.0f} Mpx)")
                elif x.get("/Subtype") == "/Form":
                    inflate(ref, depth)

        contents = page.get("/Contents")
        if contents is not None:
            parts = contents.get_object()
            for part in (parts if isinstance(parts, ArrayObject) else [contents]):
                inflate(part)
        forms(page, 0)
        left -= used


def _inflated(data: bytes, room: int) -> int:
    """How many bytes a Flate stream inflates to, counted a megabyte at a time; past
    ``room`` the count stops there (``room + 1``). A broken tail counts what came before."""
    import zlib

    d, n, pos = zlib.decompressobj(), 0, 0
    try:
        while pos < len(data) or d.unconsumed_tail:
            chunk = d.unconsumed_tail or data[pos:pos + (1 << 16)]
            if not d.unconsumed_tail:
                pos += len(chunk)
            n += len(d.decompress(chunk, 1 << 20))
            if n > room:
                return room + 1
            if d.eof:
                break
    except zlib.error:
        pass
    return n


def _open(data: bytes, cfg: dict) -> dict:
    import io

    import pypdf
    import pypdfium2 as pdfium
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError

    with pypdf.apply_configuration(**_limits(cfg)):
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
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise InputError(f"PDF is corrupt ({_short(exc)})") from None
        if count == 0:
            raise InputError("PDF has no pages")
        if count > cfg["max_pdf_pages"]:
            raise InputError(f"PDF has too many pages ({count} > limit {cfg['max_pdf_pages']})")
        try:
            _stream_budget(reader, cfg)
        except InputError:
            raise
        except LimitReachedError:
            raise InputError("PDF exceeds a decoding limit (decompression bomb?)") from None
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise InputError(f"PDF is corrupt ({_short(exc)})") from None
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise InputError(f"PDF cannot be opened for rendering ({_short(exc)})") from None
        pages = []
        for i in range(count):
            try:
                w, h = doc[i].get_size()
                scan = _scan_image(doc, i)
                text = None if scan else _text_layer(reader.pages[i])
            except InputError:
                raise
            except LimitReachedError:
                raise InputError(f"PDF page {i + 1} exceeds a decoding limit (decompression bomb?)") from None
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, pdfium.PdfiumError) as exc:
                raise InputError(f"PDF page {i + 1} is corrupt ({_short(exc)})") from None
            pages.append({"width": w, "height": h, "scan": scan, "text": text})
    STATE["doc"] = doc
    return {"pages": pages}


STATE: dict = {}  # the child's open document (one at a time)

PAGE_IMAGE = 0.5  # an image placed over half the page or more is a scan of it: the page is OCR'd


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


def _text_layer(page) -> dict | None:
    """Lines of a page's text layer with boxes in points (origin top-left), or None:
    an `OcrResult` as a dict."""
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
    lines: list[dict] = []
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
        lines.append({"text": "".join(parts).strip(), "score": 1.0,
                      "box": [int(x0), int(y - size), int(x1), int(y + size * 0.2)]})
        row.clear()

    for f in frags:
        if row and abs(f[1] - row[0][1]) > max(f[2], row[0][2]) * 0.5:
            flush()
        row.append(f)
    flush()
    return {"engine": "pdf-text-layer", "model": "pypdf", "width": int(float(page.mediabox.width)),
            "height": int(height), "lines": [ln for ln in lines if ln["text"]], "text_layer": True}


def _render(index: int, scale: float) -> tuple[dict, bytes]:
    import numpy as np
    import pypdfium2 as pdfium

    try:
        rgb = np.asarray(STATE["doc"][index].render(scale=scale).to_pil().convert("RGB"))
    except pdfium.PdfiumError as exc:
        raise InputError(f"PDF page {index + 1} cannot be rendered ({_short(exc)})") from None
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    return {"width": bgr.shape[1], "height": bgr.shape[0]}, bgr.tobytes()


def _short(exc: BaseException) -> str:
    return str(exc).split("\n")[0][:120] or type(exc).__name__


def _send(out, header: dict, payload: bytes = b"") -> None:
    head = json.dumps({**header, "size": len(payload)}).encode()
    out.write(struct.pack(">I", len(head)) + head)
    out.write(payload)
    out.flush()


def _receive(inp) -> tuple[dict, bytes] | None:
    raw = inp.read(4)
    if len(raw) < 4:
        return None
    header = json.loads(inp.read(struct.unpack(">I", raw)[0]))
    return header, inp.read(header.get("size", 0))


def main() -> None:
    """The child: requests on stdin, answers on stdout, until stdin closes."""
    import logging
    import resource

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the one-line InputError says what matters
    cap = int(sys.argv[1]) * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = cap if hard == resource.RLIM_INFINITY else min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers on the pipe
    while (got := _receive(inp)) is not None:
        header, payload = got
        try:
            if header["op"] == "open":
                STATE.pop("doc", None)
                _send(out, _open(payload, header["cfg"]))
            else:
                head, pixels = _render(header["page"], header["scale"])
                _send(out, head, pixels)
        except InputError as exc:
            _send(out, {"error": str(exc)})
        except MemoryError:
            _send(out, {"error": "PDF needs more memory to read than is allowed (BEIAN_PDF_MEMORY_MB)"})
        except Exception as exc:  # noqa: BLE001 - a library fault on hostile bytes: this file only
            _send(out, {"error": f"PDF could not be read ({type(exc).__name__})"})


# ---- the parent -----------------------------------------------------------------------------------

@dataclass
class PdfPage:
    width: float  # points
    height: float
    scan: float | None  # pixels per point of a page-sized image: a scan to OCR
    text: dict | None  # the text layer, an OcrResult as a dict


class Deadline:
    """A file's time budget (``BEIAN_FILE_SECONDS``)."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.end = seconds, time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> None:
        if self.left() <= 0:
            raise InputError(self.reason())

    def reason(self) -> str:
        return f"reading the file took over {self.seconds:.0f} s (BEIAN_FILE_SECONDS); not read further"


class Sandbox:
    """One child process, started on first use and again after it dies or is killed."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.proc: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen([sys.executable, "-m", "beian.extractors.pdf_sandbox", str(self.memory_mb)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                         start_new_session=True)
        return self.proc

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def call(self, header: dict, payload: bytes, deadline: Deadline) -> tuple[dict, bytes]:
        proc = self._start()
        try:
            _send(proc.stdin, header, payload)
            answer = self._read(proc, deadline)
        except (BrokenPipeError, EOFError):
            code = proc.wait()
            self.proc = None
            raise InputError(_death(code)) from None
        except TimeoutError:
            self.kill()
            raise InputError(deadline.reason()) from None
        if "error" in answer[0]:
            raise InputError(answer[0]["error"])
        return answer

    def _read(self, proc: subprocess.Popen, deadline: Deadline) -> tuple[dict, bytes]:
        fd = proc.stdout.fileno()

        def exactly(n: int) -> bytes:
            buf = bytearray()
            while len(buf) < n:
                left = deadline.left()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    raise TimeoutError
                chunk = os.read(fd, min(n - len(buf), 1 << 20))
                if not chunk:
                    raise EOFError
                buf += chunk
            return bytes(buf)

        head = json.loads(exactly(struct.unpack(">I", exactly(4))[0]))
        return head, exactly(head.get("size", 0))

    def open(self, data: bytes, cfg: dict, deadline: Deadline) -> list[PdfPage]:
        head, _ = self.call({"op": "open", "cfg": cfg}, data, deadline)
        return [PdfPage(**p) for p in head["pages"]]

    def render(self, index: int, scale: float, deadline: Deadline):
        import numpy as np

        head, pixels = self.call({"op": "render", "page": index, "scale": scale}, b"", deadline)
        return np.frombuffer(pixels, dtype=np.uint8).reshape(head["height"], head["width"], 3)


def _death(code: int) -> str:
    if code < 0:
        name = signal.Signals(-code).name
        why = "ran out of memory" if name == "SIGABRT" else f"crashed ({name})"
        return f"PDF could not be read: its renderer {why} on this file"
    return f"PDF could not be read: its renderer stopped (exit {code})"


_LOCAL = threading.local()


def sandbox(memory_mb: int) -> Sandbox:
    """This thread's sandbox (threads never share one child)."""
    box = getattr(_LOCAL, "box", None)
    if box is None or box.memory_mb != memory_mb:
        box = _LOCAL.box = Sandbox(memory_mb)
    return box


if __name__ == "__main__":
    main()
