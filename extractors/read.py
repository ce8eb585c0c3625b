"""Read one file: pages -> prepare -> OCR -> upright lines -> classify -> extract.

`read_file` is the whole reading path for one scan, used by ``beian extract``,
by the submission check and by the benchmark. It raises `InputError` for an
unusable file and otherwise returns every document found, page by page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from beian.errors import ConfigError, InputError
from beian.extractors import classify, date_look, lookalike
from beian.extractors.base import OPEN_BRACKET, open_bracket
from beian.extractors.layout import to_lines, turn_upright, upright, upright_image
from beian.extractors.ocr import OcrEngine, engine_for
from beian.extractors.pages import TEXT_VIEW_SCALE, Page, PixelBudget, iter_pages
from beian.extractors.pdf_sandbox import Deadline
from beian.extractors.prepare import Prepared, drop_red, prepare
from beian.extractors.scorer import Model, default_model
from beian.models import Document, Extraction, Field, OcrResult, Quality, Reread
from beian.settings import Settings, get_settings
from beian.text import clean
from beian.validators import dates


def read_bytes(data: bytes, name: str, settings: Settings | None = None,
               engine: OcrEngine | None = None, budget: PixelBudget | None = None,
               views: list[PageView] | None = None, scorer: Model | None = None) -> Extraction:
    """Every document in a file's bytes. Anything in the file that breaks reading
    becomes an `InputError` naming the file with a generic reason (never a
    traceback); only the operator's `ConfigError` passes through."""
    settings = settings or get_settings()
    docs: list[Document] = []
    deadline = Deadline(settings.file_seconds)
    try:
        for page in iter_pages(data, name, settings, budget, deadline):  # one page decoded at a time
            docs += read_page(page, settings, engine, views, name, scorer)
            deadline.check()  # a file past its time budget is unreadable, whatever it read so far
    except (InputError, ConfigError) as exc:
        if isinstance(exc, ConfigError):
            raise
        raise InputError(str(exc), source=name) from None
    except MemoryError:
        raise InputError("file needs more memory to read than this worker has", source=name) from None
    except Exception as exc:  # a decoder or library fault on hostile bytes: this file only
        log.warning("reading a file failed: %s", type(exc).__name__)
        raise InputError(f"file could not be read ({type(exc).__name__})", source=name) from None
    return Extraction(file=name, documents=docs)


log = logging.getLogger("beian.read")


def read_file(path: str | Path, settings: Settings | None = None, engine: OcrEngine | None = None,
              scorer: Model | None = None) -> Extraction:
    path = Path(path)
    settings = settings or get_settings()
    try:
        if not path.is_file():
            raise InputError("no such file" if not path.exists() else "not a file")
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise InputError(f"file is too large ({size / 1e6:.1f} MB > limit {settings.max_file_bytes / 1e6:.0f} MB)")
        data = path.read_bytes()
    except InputError as exc:
        raise InputError(str(exc), source=path.name) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", source=path.name) from None
    return read_bytes(data, path.name, settings, engine, scorer=scorer)


def ocr_page(page: Page, settings: Settings, engine: OcrEngine | None = None,
             taken: list[Reread] | None = None
             ) -> tuple[OcrResult, Quality | None, np.ndarray | None, np.ndarray | None]:
    """The page's lines in reading order, its capture quality, the image OCR saw and the page
    in colour in that image's frame (quality and images are None for a PDF text layer). Each
    re-read of `REREADS` that was wanted is appended to ``taken`` with whether its result was kept."""
    if page.text is not None:
        return upright(page.text), None, None, None
    engine = engine or engine_for(settings)
    prepared = prepare(page.image, settings.ocr_max_side)
    result = upright(engine.recognize(prepared.image))
    for step in REREADS:
        if not step.wanted(result, prepared, engine, settings):
            continue
        again_prepared = step.redo(page, prepared, result, settings)
        again = upright(engine.recognize(again_prepared.image))
        kept = step.keep(result, again)
        if taken is not None:
            taken.append(Reread(step=step.name, why=step.why, kept=kept,
                                readings=[f"{_chars(result):.0f} characters read before", f"{_chars(again):.0f} after"]))
        if kept:
            prepared, result = again_prepared, again
    if getattr(engine, "orients_lines", False):
        result = _unflip(engine, prepared.image, result, taken)
    quality = prepared.quality
    if _touches_frame(result):
        quality.cut_off = True
        quality.warnings.append("cut_off")
    return result, quality, prepared.image, prepared.colour if prepared.colour is not None else prepared.image


FLIPPED_SCORE = 0.75  # a long line read below this may have been turned over by the line classifier
FLIP_GAIN = 0.15  # how much surer its reading as it lies must be to replace it


def _unflip(engine: OcrEngine, image: np.ndarray, result: OcrResult, taken: list[Reread] | None) -> OcrResult:
    """Long lines read with a low score, read again as they lie on the upright page.

    The engine's line classifier turns a line it thinks upside down before reading it; on a
    letter-spaced line (有效期：自 2023 年 03 月 16 日 至 …) it can be wrong, and the line turned
    over reads as a few characters of little confidence (222日). A line on an upright page
    lies upright, so its crop is read once more unturned and the surer reading kept."""
    doubtful = [i for i, ln in enumerate(result.lines)
                if ln.score < FLIPPED_SCORE and ln.box[2] - ln.box[0] >= 4 * (ln.box[3] - ln.box[1])]
    if not doubtful:
        return result
    up = upright_image(image, result)
    h, w = up.shape[:2]
    lines, changed = list(result.lines), []
    for i in doubtful:
        ln = lines[i]
        x0, y0, x1, y1 = max(0, ln.box[0]), max(0, ln.box[1]), min(w, ln.box[2]), min(h, ln.box[3])
        if x1 - x0 < 8 or y1 - y0 < 4:
            continue
        text, score = engine.read_line(up[y0:y1, x0:x1])
        if score >= ln.score + FLIP_GAIN and len(text.strip()) > len(ln.text.strip()):
            changed.append(f"line {i + 1}: score {ln.score:.2f} -> {score:.2f}")  # no text: it may be personal
            lines[i] = ln.model_copy(update={"text": text, "score": float(score)})
    if taken is not None and changed:
        taken.append(Reread(step="unflip", why="a long line read with little confidence: read again as it lies",
                            kept=True, readings=changed))
    return result.model_copy(update={"lines": lines}) if changed else result


WATERMARKED = 3  # lines dropped as a watermark (`OcrResult.watermark_lines`) that make a page worth reading without red


@dataclass(frozen=True)
class Step:
    """A re-read of a whole page: when it is wanted (from the engine's first answer), what
    it redoes (a new preparation of the page) and when its answer replaces the first."""

    name: str
    why: str
    wanted: Callable[[OcrResult, Prepared, OcrEngine, Settings], bool]
    redo: Callable[[Page, Prepared, OcrResult, Settings], Prepared]
    keep: Callable[[OcrResult, OcrResult], bool]


def _enlarge(page: Page, prepared: Prepared, result: OcrResult, settings: Settings) -> Prepared:
    import cv2

    scale = _upscale_for(result, prepared.image, settings.ocr_max_side)

    def bigger(img):
        return None if img is None else cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)

    return Prepared(bigger(prepared.image), prepared.quality, bigger(prepared.colour))


REREADS = (
    # an engine that reads each line as its box lies (paddleocr offline) reads a turned page as
    # garbage; its boxes and the line classifier said which way
    Step("turn", "the page was turned and this engine reads lines only as they lie",
         lambda r, p, e, s: bool(r.rotation) and not getattr(e, "orients_lines", True),
         lambda page, p, r, s: Prepared(turn_upright(p.image, r.rotation), p.quality,
                                        None if p.colour is None else turn_upright(p.colour, r.rotation)),
         lambda old, new: True),
    # the "document" found was a picture on the page (a portrait), not the page; or a ruled
    # table printed on a page (a signed paper's), its title above it
    Step("whole_page", "little text on the flattened document, or none it could be told as: read the page unflattened",
         lambda r, p, e, s: p.quality.flattened and (_chars(r) < FLATTEN_MIN_CHARS or _unsure(r, also=PAPERS)),
         lambda page, p, r, s: prepare(page.image, s.ocr_max_side, flatten_page=False),
         lambda old, new: _chars(new) > _chars(old) or (_unsure(old) and not _unsure(new))),
    # a coloured watermark or seal over the text (a signed paper's seal lies on its date)
    Step("red_dropped", "a coloured overprint or watermark lies over the text: read with red ink and light tones dropped",
         lambda r, p, e, s: (_overprinted(r) or r.watermark_lines >= WATERMARKED or _sealed_paper(r, p))
         and p.image.ndim == 3,
         lambda page, p, r, s: Prepared(drop_red(p.image), p.quality, p.image if p.colour is None else p.colour),
         # a paper's seal read as a few characters of its ring is no print: a reading of the paper
         # that lost only those stands
         lambda old, new: _chars(new, plain=True) > _chars(old, plain=True)
         or (_kind(old) in PAPERS and _chars(new, words=True) >= SEAL_CHARS * _chars(old, words=True))),
    # small print (a low-resolution scan, a photo from afar): the recogniser reads it far
    # better from an enlarged page than from its own upsampled crops
    Step("enlarge", "small print: the page read again enlarged",
         lambda r, p, e, s: _upscale_for(r, p.image, s.ocr_max_side) > 1,
         _enlarge,
         lambda old, new: True),
)


@dataclass
class PageView:
    """A page as the review page shows it: a JPEG scaled for the screen, in the frame of
    the fields' boxes (turned, deskewed, flattened) times ``scale``, in its colours as captured
    (a seal's red dropped for reading is shown)."""

    file: str
    page: int
    jpeg: bytes
    width: int
    height: int
    scale: float
    engine: str


VIEW_WIDTH = 1000  # px: what a review page shows of a page, whatever the scan's resolution


def _view(name: str, page: Page, image: np.ndarray | None, result: OcrResult) -> PageView | None:
    import cv2

    if image is not None:
        frame, unit = upright_image(image, result), 1.0
    elif page.render is not None:
        frame, unit = page.render(), TEXT_VIEW_SCALE
    else:
        return None
    h, w = frame.shape[:2]
    k = min(1.0, VIEW_WIDTH / w)
    small = cv2.resize(frame, (max(1, int(w * k)), max(1, int(h * k))), interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return PageView(name, page.number, jpeg.tobytes() if ok else b"", small.shape[1], small.shape[0], unit * k,
                    f"{result.engine}: {result.model}")


def read_page(page: Page, settings: Settings, engine: OcrEngine | None = None,
              views: list[PageView] | None = None, name: str = "", scorer: Model | None = None) -> list[Document]:
    """The documents on one page; ``scorer`` weighs the free-text fields (default: the shipped model)."""
    scorer = scorer or default_model()
    engine = engine or (engine_for(settings) if page.text is None else None)
    taken: list[Reread] = []
    result, quality, image, colour = ocr_page(page, settings, engine, taken)
    if views is not None and (view := _view(name, page, colour if colour is not None else image, result)):
        views.append(view)
    lines = to_lines(result)
    docs = []
    up = upright_image(image, result) if image is not None else None  # the frame every box is in, once
    for doc_type, part in classify.split(lines):
        module = classify.MODULES.get(doc_type)
        fields = scorer.choose(doc_type, part, module.extract(part)) if module else {}
        rereads = list(taken)
        if module and image is not None and hasattr(module, "probes") and (probes := module.probes(part, fields)):
            _second_look(engine, up, probes, fields)
        if module and hasattr(module, "marks") and up is not None:  # a signed paper's seal and signature
            painted = up if colour is image else upright_image(colour, result)  # in colour: a seal is red
            fields.update(module.marks(painted, part, fields, engine))
        if doc_type == "domain_certificate" and (f := fields.get("domain")) and f.found:
            if image is None:  # a PDF's text layer holds the characters themselves: no look-alike doubt
                fields["domain"] = lookalike.without_doubt(f)
            elif taken_look := _lookalike_look(engine, up, part, f, settings):
                fields["domain"], reread = taken_look
                rereads.append(reread)
        expiry = date_look.EXPIRY_FIELDS.get(doc_type)
        if image is not None and expiry and (f := fields.get(expiry)) and f.found and f.value != dates.OPEN_END:
            if taken_look := _date_look(engine, up, part, expiry, fields, settings):
                fields[expiry], reread = taken_look
                rereads.append(reread)
        docs.append(Document(type=doc_type, page=page.number, fields=fields, rereads=rereads,
                             engine=f"{result.engine}: {result.model}", scorer=scorer.name if module else None,
                             quality=quality))
    return docs


def _holder_crop(image: np.ndarray, lines, holds) -> np.ndarray | None:
    """The crop of the shortest line that ``holds`` the value (a value read alone on its line,
    not put together from two), or None."""
    holders = [ln for ln in lines if holds(ln.text)]
    return lookalike.crop_line(image, min(holders, key=lambda ln: len(ln.text)).box) if holders else None


def _readers(engine: OcrEngine, settings: Settings) -> list:
    from beian.extractors.second_reader import get_second_reader

    second = get_second_reader(settings.ocr_cache_dir, settings.ocr_replay_dir)
    return [r for r in (engine, second) if r is not None and getattr(r, "reads_chars", False)]


def _date_look(engine: OcrEngine, image: np.ndarray, lines, name: str, fields: dict[str, Field],
               settings: Settings):
    """The date deciding an expiry read again (`date_look.settle`) from the one line that holds
    it (a date put together from two lines is not cropped); the field and its record, or None."""
    field = fields[name]
    if (crop := _holder_crop(image, lines, lambda t: field.value in dates.find_dates(t))) is None:
        return None
    others = frozenset(f.value for n, f in fields.items() if n != name and f.found and dates.find_dates(f.value))
    decision = date_look.settle(field.value, crop, _readers(engine, settings), others)
    return date_look.apply(field, decision), Reread(step="date", field=name, why=decision.why,
                                                    kept=decision.doubted, readings=decision.readings)


def _lookalike_look(engine: OcrEngine, image: np.ndarray, lines, field: Field, settings: Settings):
    """The domain's line read again by both recognisers when it holds a look-alike character
    (`lookalike.settle`); the field as decided and the record of it, or None."""
    from beian.extractors.domain_certificate import normalise_domain

    if not set(field.value) & lookalike.LOOKALIKES:
        return None
    if (crop := _holder_crop(image, lines, lambda t: normalise_domain(t) == field.value)) is None:
        return None
    decision = lookalike.settle(field.value, crop, _readers(engine, settings), normalise_domain)
    return lookalike.apply(field, decision), Reread(
        step="lookalike", field="domain", why=decision.why, kept=bool(decision.lifted),
        readings=[f"{r.reader}: {r.domain or '-'}" for r in decision.readings])


def _second_look(engine: OcrEngine, image, probes: dict, fields: dict[str, Field]) -> None:
    """Recognise each probed region as one line; keep what its parser accepts."""
    h, w = image.shape[:2]
    for name, (box, parse) in probes.items():
        x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3])
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        text, score = engine.read_line(image[y0:y1, x0:x1])
        if (value := parse(clean(text))) and score >= 0.5:
            old = fields.get(name)
            box = [x0, y0, x1, y1]
            if old and old.box:  # the probe completed a value: keep its place and its doubt
                box = [min(old.box[0], x0), min(old.box[1], y0), max(old.box[2], x1), max(old.box[3], y1)]
            prior = old.confidence if old and old.found else 1.0
            if old and old.found and open_bracket(old.value) and not open_bracket(value):
                prior /= OPEN_BRACKET  # the second look found the lost end: that doubt is gone
            conf = min(score * 0.9, prior)
            fields[name] = Field(value=value, confidence=round(conf, 3), box=box)


SEAL_CHARS = 0.95  # of a paper's words read with its seal, what a reading without its red keeps
FLATTEN_MIN_CHARS = 12  # a flattened document with less text than this is read again unflattened


SMALL_TEXT = 22  # median line height (px) under which a page is enlarged and read again
TEXT_HEIGHT = 42  # the line height it is enlarged to (at most 3x, within the page size limit)


def _upscale_for(result: OcrResult, image: np.ndarray, max_side: int) -> float:
    med = _median_height(result)
    if not med or med >= SMALL_TEXT:
        return 1.0
    return max(1.0, min(3.0, TEXT_HEIGHT / max(med, 1), max_side / max(image.shape[:2])))


def _median_height(result: OcrResult) -> float:
    """Median height of the lines of four characters or more; 0 with fewer than three."""
    heights = sorted(ln.box[3] - ln.box[1] for ln in result.lines if len(ln.text) >= 4)
    return heights[len(heights) // 2] if len(heights) >= 3 else 0.0


def _giants(result: OcrResult) -> list:
    """Boxes far taller than the page's lines holding few characters: titles, or an overprint."""
    med = _median_height(result)
    return [ln for ln in result.lines if med and ln.box[3] - ln.box[1] > 3 * med and len(ln.text) <= 10]


PAPERS = ("commitment_letter", "authorization_letter")


def _kind(result: OcrResult) -> str:
    """The document type a page's lines make (the first, where a page holds two)."""
    return classify.best_type(to_lines(result))


def _unsure(result: OcrResult, also: tuple[str, ...] = ()) -> bool:
    """A page read as no document, as one of ``also``, or as one its printed markers hardly
    support (a credit code's category alone named it): what a flattening that cut the page's
    title leaves. One classification of the page."""
    kind, own = classify.told(to_lines(result))
    return kind in also or kind == "unknown" or own < classify.MIN_SCORE


def _sealed_paper(result: OcrResult, prepared: Prepared) -> bool:
    """A signed paper with a red seal on it, or a grey copy of one: the seal is pressed over the
    date and the unit's name, which read better without its red (its grey, a lighter tone than
    print)."""
    from beian.extractors import marks

    lines = to_lines(result)
    if _kind(result) not in PAPERS:
        return False
    return prepared.quality.greyscale or marks.red_seal(upright_image(prepared.image, result), lines) is not None


def _overprinted(result: OcrResult) -> bool:
    """A giant box lies over at least two ordinary lines: text under a watermark."""
    covered = 0
    giants = _giants(result)
    for g in giants:
        for ln in result.lines:
            if ln in giants:
                continue
            w = min(g.box[2], ln.box[2]) - max(g.box[0], ln.box[0])
            h = min(g.box[3], ln.box[3]) - max(g.box[1], ln.box[1])
            area = max(1, (ln.box[2] - ln.box[0]) * (ln.box[3] - ln.box[1]))
            covered += w > 0 and h > 0 and w * h > 0.5 * area
    return covered >= 2


def _chars(result: OcrResult, plain: bool = False, words: bool = False) -> float:
    """Characters read, weighted by score (``plain``: outside giant boxes; ``words``: in lines of
    three characters or more, not a seal's ring read a character or two at a time)."""
    skip = _giants(result) if plain else []
    return sum(len(ln.text) * ln.score for ln in result.lines if ln not in skip and (not words or len(ln.text) >= 3))


def _touches_frame(result: OcrResult) -> bool:
    """Text running into the image border: part of the document is probably cut off."""
    mx, my = result.width * 0.004, result.height * 0.004
    return any(ln.box[0] <= mx or ln.box[1] <= my or ln.box[2] >= result.width - mx or ln.box[3] >= result.height - my
               for ln in result.lines)
