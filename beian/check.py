"""Check one submission: the pipeline that the CLI and the flows share.

``load -> read every scan -> match documents to the filing -> rules -> report``.
A broken ``filing.json`` raises `InputError` (the CLI exits 2; a batch writes a
``review`` report with the reason). A scan that cannot be read never stops the
check: it becomes a ``file_unreadable`` check naming the file, and every other
document is still checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from beian.errors import InputError
from beian.extractors.ocr import OcrEngine
from beian.extractors.read import read_bytes
from beian.filing import load_filing
from beian.models import Check, Report, ReportDocument
from beian.settings import Settings, get_settings
from beian.validators import rules
from beian.validators.evidence import Seen, gather

FILING = "filing.json"


@dataclass
class Submission:
    """A submission's bytes, wherever it came from (a folder, a bucket prefix)."""

    submission_id: str
    filing: bytes | None
    scans: list[tuple[str, bytes]]


NOT_SCANS = (".json", ".md", ".txt", ".yaml", ".yml", ".xml", ".html")


def is_scan_name(name: str) -> bool:
    """Every file of a submission is a scan (its type decided by content) except
    filing.json, hidden files and notes such as *.json or *.md beside it."""
    return name != FILING and not name.startswith(".") and not name.lower().endswith(NOT_SCANS)


def load_folder(folder: str | Path) -> Submission:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("no such submission folder" if not folder.exists() else "not a folder", source=str(folder))
    filing = folder / FILING
    scans = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if is_scan_name(p.name)]
    return Submission(folder.name, filing.read_bytes() if filing.is_file() else None, scans)


def check(sub: Submission, as_of: dt.date | None = None, settings: Settings | None = None,
          engine: OcrEngine | None = None) -> Report:
    settings = settings or get_settings()
    as_of = as_of or dt.date.today()
    if sub.filing is None:
        raise InputError(f"{FILING} is missing", source=sub.submission_id)
    filing = load_filing(sub.filing, source=f"{sub.submission_id}/{FILING}")
    seen: list[Seen] = []
    failed: list[tuple[str, str]] = []
    for name, data in sub.scans:
        try:
            extraction = read_bytes(data, name, settings, engine)
        except InputError as exc:
            failed.append((name, str(exc).removeprefix(f"{name}: ")))
            continue
        seen += [Seen(name, d.page, d) for d in extraction.documents]
    if not sub.scans:
        failed.append(("(none)", "提交中没有任何扫描件"))
    evidence = gather(filing, seen, failed, as_of, settings.min_confidence)
    checks = rules.run(evidence)
    return Report(
        submission_id=filing.submission_id, verdict=Report.verdict_of(checks), as_of=as_of.isoformat(),
        documents=[ReportDocument(file=s.file, page=s.page, type=s.doc.type, fields=s.doc.fields,
                                  quality=s.doc.quality) for s in seen],
        checks=checks,
    )


def unusable_report(submission_id: str, reason: str, as_of: dt.date) -> Report:
    """The report of a submission that could not be checked at all (for batches)."""
    c = Check(rule="file_unreadable", status="unreadable", document=FILING, message=f"提交无法处理：{reason}")
    return Report(submission_id=submission_id, verdict="review", as_of=as_of.isoformat(), checks=[c])


__all__ = ["Submission", "load_folder", "check", "unusable_report"]
