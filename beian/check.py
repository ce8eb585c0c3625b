"""Check one submission: the pipeline that the CLI and the flows share.

``load -> read every scan -> match documents to the filing -> rules -> report``.
A broken ``filing.json`` raises `InputError` (the CLI exits 2; a batch writes a
``review`` report with the reason). A scan that cannot be read never stops the
check: it becomes a ``file_unreadable`` check naming the file, and every other
document is still checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from beian import kept
from beian.errors import InputError
from beian.extractors.ocr import OcrEngine, engine_for
from beian.extractors.pages import PixelBudget, sniff
from beian.extractors.read import read_bytes
from beian.filing import MAX_BYTES as MAX_FILING_BYTES
from beian.filing import load_filing
from beian.models import Check, MatchedTo, Report, ReportDocument
from beian.settings import Settings, get_settings, today
from beian.validators import rules
from beian.validators.evidence import Seen, gather
from beian.validators.upload_profiles import UploadFacts

FILING = "filing.json"


@dataclass
class Submission:
    """A submission's bytes, wherever it came from (a folder, a bucket prefix).

    ``refused``: files not read at all, with the reason (a limit known from their
    size before any byte was read); each becomes a ``file_unreadable`` check.
    """

    submission_id: str
    filing: bytes | None
    scans: list[tuple[str, bytes]]
    refused: list[tuple[str, str]] = field(default_factory=list)
    version: int | None = None  # the kept version checked (`beian.kept`), for a submission in versions


def admit(entries: list[tuple[str, int]], settings: Settings) -> tuple[list[str], list[tuple[str, str]]]:
    """Which uploads to read, from their names and sizes alone (listing or stat):
    every file within the per-file limit, until the submission's file count or byte
    budget is spent, smallest first so that one huge file cannot crowd out the rest."""
    take, refused, total = [], [], 0
    for name, size in sorted(entries, key=lambda e: (e[1], e[0])):
        if size > settings.max_file_bytes:
            refused.append((name, f"file is too large ({size / 1e6:.1f} MB > limit "
                                  f"{settings.max_file_bytes / 1e6:.0f} MB); not read"))
        elif len(take) >= settings.max_submission_files:
            refused.append((name, f"more than {settings.max_submission_files} files in the submission; not read"))
        elif total + size > settings.max_submission_bytes:
            refused.append((name, f"the submission's uploads exceed {settings.max_submission_bytes / 1e6:.0f} MB; "
                                  "not read"))
        else:
            take.append(name)
            total += size
    order = {n: i for i, (n, _) in enumerate(sorted(entries))}
    return sorted(take, key=order.get), refused


NOT_SCANS = (".json", ".md", ".txt", ".yaml", ".yml", ".xml", ".html")


def is_scan_name(name: str) -> bool:
    """Every file of a submission is a scan (its type decided by content) except
    filing.json, hidden files and notes such as *.json or *.md beside it."""
    return name != FILING and not name.startswith(".") and not name.lower().endswith(NOT_SCANS)


def load_folder(folder: str | Path, settings: Settings | None = None) -> Submission:
    """A submission folder, read as the nightly flow reads a bucket prefix: files in
    sub-folders are uploads too (named by their path inside the submission); sizes
    are known from ``stat`` before anything is read."""
    settings = settings or get_settings()
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("no such submission folder" if not folder.exists() else "not a folder", source=str(folder))
    filing, files, refused = None, [], []
    paths = sorted(folder.rglob("*"))
    version, prefix = kept.current([p.relative_to(folder).as_posix() for p in paths if p.is_file()])
    for p in paths:
        name = p.relative_to(folder).as_posix()
        if not name.startswith(prefix):
            continue  # an earlier kept version
        name = name[len(prefix):]
        if p.is_symlink() or not p.is_file():
            if p.is_symlink():
                refused.append((name, "a symbolic link; not read"))
            continue
        if name == FILING:
            size = p.stat().st_size
            if size > MAX_FILING_BYTES:
                raise InputError(f"is too large ({size / 1024:.0f} KB > limit {MAX_FILING_BYTES // 1024} KB)",
                                 source=f"{folder.name}/{FILING}")
            filing = p.read_bytes()
        elif is_scan_name(p.name) and not any(part.startswith(".") for part in p.relative_to(folder).parts):
            files.append((name, p.stat().st_size))
    take, refused2 = admit(files, settings)
    scans = [(name, (folder / prefix / name).read_bytes()) for name in take]
    return Submission(folder.name, filing, scans, refused + refused2, version)


def check(sub: Submission, as_of: dt.date | None = None, settings: Settings | None = None,
          engine: OcrEngine | None = None, views: list | None = None, profile: str | None = None) -> Report:
    """The report of one submission; ``views`` (a list) collects each page as the
    review page shows it (`beian.extractors.read.PageView`); ``profile`` names the
    provider's upload requirements the scans are held to (default: the setting)."""
    settings = settings or get_settings()
    as_of = as_of or today(settings)
    if sub.filing is None:
        raise InputError(f"{FILING} is missing", source=sub.submission_id)
    filing = load_filing(sub.filing, source=f"{sub.submission_id}/{FILING}")
    # the engine is loaded before any scan: a wrong setting fails here, as a ConfigError,
    # not as a file_unreadable on every scan
    engine = engine or engine_for(settings)
    seen: list[Seen] = []
    failed: list[tuple[str, str]] = list(sub.refused)
    budget = PixelBudget(settings.max_submission_pixels, "the submission")
    for name, data in sub.scans:
        try:
            extraction = read_bytes(data, name, settings, engine, budget, views)
        except InputError as exc:
            failed.append((name, str(exc).removeprefix(f"{name}: ")))
            continue
        seen += [Seen(name, d.page, d) for d in extraction.documents]
    if not sub.scans and not sub.refused:
        failed.append(("(none)", "提交中没有任何扫描件"))
    evidence = gather(filing, seen, failed, as_of, settings.min_confidence)
    evidence.upload_profile = profile or settings.upload_profile
    evidence.margin_months = settings.validity_margin_months
    if evidence.upload_profile:
        unread = {name for name, _ in failed}
        evidence.uploads = [upload_facts(name, data, next((s.doc.type for s in seen if s.file == name), None),
                                         decode=name not in unread) for name, data in sub.scans]
    checks = rules.run(evidence)
    owners = matched_cards(evidence.people)
    return Report(
        submission_id=filing.submission_id, verdict=Report.verdict_of(checks), as_of=as_of.isoformat(),
        documents=[ReportDocument(file=s.file, page=s.page, type=s.doc.type, fields=s.doc.fields,
                                  quality=s.doc.quality, rereads=s.doc.rereads, person=owners.get(id(s)))
                   for s in seen],
        checks=checks, version=sub.version,
    )


def matched_cards(people) -> dict[int, MatchedTo]:
    """Each ID card given to a person (`validators.evidence.Person`), by the id of its `Seen`:
    whose it is and how it was found to be theirs."""
    out: dict[int, MatchedTo] = {}
    for person in people:
        paths = [p.path for p in person.paths]
        if person.front:
            out[id(person.front)] = MatchedTo(paths=paths, by=person.front_by, score=person.front_score)
        if person.back:
            out[id(person.back)] = MatchedTo(paths=paths, by=person.back_by, score=person.back_score)
    return out


def upload_facts(name: str, data: bytes, doc_type: str | None, decode: bool = True) -> UploadFacts:
    """Format, size, pixels and colour of one upload (pixels and colour only for an image
    that was read within the limits: ``decode``)."""
    import io

    import numpy as np
    from PIL import Image

    fmt = sniff(data) or ("gif" if data[:4] == b"GIF8" else None)
    width = height = colour = None
    if decode and fmt not in (None, "pdf"):
        try:
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
                if im.mode in ("1", "L", "LA", "I", "I;16", "F"):
                    colour = False
                else:
                    im.draft("RGB", (256, 256))  # JPEG: decode at 1/8 scale
                    px = np.asarray(im.convert("RGB").resize((128, 128)), dtype=np.int16)
                    # a grey scan saved as colour (or with a uniform paper tint): no pixel whose
                    # channels differ by much; a colour scan of a pale card still has its emblem,
                    # seal or pattern in colour (0.5-1.3% of pixels on the samples, 0 on copies)
                    spread = px.max(axis=2) - px.min(axis=2)
                    colour = bool((spread > 30).mean() > 0.002)
        except Exception:  # noqa: BLE001 - facts of a file that was read already; none is fine
            pass
    return UploadFacts(name, fmt, len(data), width, height, colour, doc_type)


def unusable_report(submission_id: str, reason: str, as_of: dt.date) -> Report:
    """The report of a submission that could not be checked at all (for batches)."""
    c = Check(rule="file_unreadable", status="unreadable", document=FILING, message=f"提交无法处理：{reason}")
    return Report(submission_id=submission_id, verdict="review", as_of=as_of.isoformat(), checks=[c])


__all__ = ["Submission", "load_folder", "check", "unusable_report"]
