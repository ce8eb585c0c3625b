"""The review page: a submission's evidence on one self-contained HTML page.

`submission_page` joins the report, what was entered and each page of each scan:
the checks as a table (failing first; the characters that differ marked), every
page as an image with a box around each field read (red failing, amber doubtful,
green matching), a link from each check to its box (``:target``, no script), a
crop of the field beside its check, warnings apart, engine and ``as_of``.
`night_index` lists a run's submissions, review first. Everything an applicant
controls is escaped (Jinja2 autoescape); images are embedded JPEGs scaled for the
screen; nothing is loaded from the internet.
"""

from __future__ import annotations

import base64
import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from beian.filing import FilingData
from beian.models import PROBLEMS, Check, Report
from beian.validators import subject_types

_ENV = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
CROP_HEIGHT = 30  # px: a field's crop beside its check
CROP_WIDTH = 240  # px: at most
STATUS_ZH = {"match": "一致", "mismatch": "不一致", "invalid": "无效", "expired": "已过期", "missing": "缺失",
             "unreadable": "无法识别", "warning": "提示"}


def read_field(check: Check, doc_type: str) -> str | None:
    """The field of the document a check is about (the box to draw and to link), for a report
    written before checks named it themselves (`Check.read_field`)."""
    f = check.field or ""
    unit = doc_type in subject_types.subject_documents()  # 营业执照 and the organisations' certificates
    number = "credit_code" if unit else "id_number"
    if check.rule in ("field_match", "checksum"):
        if ".domains[" in f:
            return "domain"
        if f.endswith("certificate_number") or f.endswith("id_number"):
            return number
        for tail in ("name", "address", "legal_representative"):
            if f.endswith(tail):
                return tail
    return {
        "domain_holder": "holder",
        "principal_legal_representative": "legal_representative",
        "id_consistency": "birth_date",
        "document_expired": "expiry_date" if doc_type == "domain_certificate" else
                            "valid_until" if unit or doc_type == "id_card_back" else None,
    }.get(check.rule)


def _tone(status: str) -> str:
    if status == "unreadable" or status == "warning":
        return "doubt"
    return "fail" if status in PROBLEMS else "ok"


@dataclass
class Box:
    id: str
    field: str
    tone: str
    left: int
    top: int
    width: int
    height: int
    value: str | None


@dataclass
class ShownPage:
    ref: str  # file#page
    css: str
    width: int
    height: int
    engine: str
    types: list[str]
    boxes: list[Box] = field(default_factory=list)
    rereads: list = field(default_factory=list)  # the second looks reading took on this page (`Reread`)
    doubts: list = field(default_factory=list)  # (field, its named doubts)


def _segments(text: str | None, other: str | None) -> list[tuple[str, bool]]:
    """text split into (part, differs from other) runs: the characters to mark."""
    if not text:
        return []
    if not other:
        return [(text, False)]
    out: list[tuple[str, bool]] = []
    pos = 0
    for block in difflib.SequenceMatcher(None, text, other, autojunk=False).get_matching_blocks():
        if block.a > pos:
            out.append((text[pos:block.a], True))
        if block.size:
            out.append((text[block.a:block.a + block.size], False))
        pos = block.a + block.size
    return out


def submission_page(report: Report, views: list, filing: FilingData | None = None) -> str:
    """The review page of one submission (``views``: `PageView` of every page read)."""
    by_ref: dict[str, list] = {}
    for d in report.documents:
        by_ref.setdefault(f"{d.file}#{d.page}", []).append(d)

    def field_of(c: Check) -> str | None:
        """The field a check is about, on the document of its page that read it (a page
        may hold two documents: both sides of an ID card)."""
        for d in by_ref.get(c.document or "", []):
            if (name := c.read_field or read_field(c, d.type)) and name in d.fields:
                return name
        return None

    worst: dict[tuple[str, str], str] = {}
    order = ["fail", "doubt", "ok"]
    for c in report.checks:
        if name := field_of(c):
            tone = _tone(c.status)
            key = (c.document, name)
            worst[key] = min(worst.get(key, "ok"), tone, key=order.index)
    pages, css = [], []
    for i, v in enumerate(views):
        ref = f"{v.file}#{v.page}"
        cls = f"pg{i}"
        css.append(f".{cls}{{background-image:url(data:image/jpeg;base64,{base64.b64encode(v.jpeg).decode()})}}")
        shown = ShownPage(ref, cls, v.width, v.height, v.engine, [d.type for d in by_ref.get(ref, [])])
        for d in by_ref.get(ref, []):
            shown.rereads += [r for r in d.rereads if r not in shown.rereads]  # one page, its documents' looks
            shown.doubts += [(name, f.doubts) for name, f in d.fields.items() if f.doubts]
            for name, f in d.fields.items():
                if not f.box:
                    continue
                x0, y0, x1, y1 = (round(c * v.scale) for c in f.box)
                tone = worst.get((ref, name), "seen")
                shown.boxes.append(Box(f"b{i}-{name}", name, tone, x0 - 3, y0 - 3, x1 - x0 + 6, y1 - y0 + 6, f.value))
        pages.append(shown)
    box_of = {(p.ref, b.field): (p, b) for p in pages for b in p.boxes}
    rows = []
    problems = [c for c in report.checks if c.status in PROBLEMS]
    rest = [c for c in report.checks if c.status not in PROBLEMS and c.status != "warning"]
    for c in problems + rest:
        name = field_of(c)
        page_box = box_of.get((c.document, name)) if name else None
        crop = None
        if page_box:
            p, b = page_box
            k = min(2.0, CROP_HEIGHT / max(b.height, 1), CROP_WIDTH / max(b.width, 1))
            crop = {"css": p.css, "w": round(b.width * k), "h": round(b.height * k), "bw": round(p.width * k),
                    "bh": round(p.height * k), "x": round(b.left * k), "y": round(b.top * k)}
        rows.append({"c": c, "tone": _tone(c.status), "status": STATUS_ZH.get(c.status, c.status),
                     "entered": _segments(c.entered, c.found), "found": _segments(c.found, c.entered),
                     "target": page_box[1].id if page_box else None, "crop": crop})
    warnings = []
    for c in report.checks:
        if c.status == "warning":
            page_box = box_of.get((c.document, name)) if (name := field_of(c)) else None
            warnings.append((c, page_box[1].id if page_box else None))
    quality = [(f"{d.file}#{d.page}", w) for d in report.documents if d.quality for w in d.quality.warnings]
    by_rule = Counter(c.rule for c in problems)
    return _ENV.get_template("submission.html").render(
        report=report, filing=filing, rows=rows, pages=pages, css="\n".join(css), warnings=warnings,
        quality=quality, by_rule=sorted(by_rule.items()), n_problems=len(problems))


def night_index(rows: list[dict], title: str) -> str:
    """A run's index: one row per submission (id, verdict, counts by rule), review first."""
    ordered = sorted(rows, key=lambda r: (r["verdict"] != "review", r["submission"]))
    totals = Counter(r["verdict"] for r in rows)
    return _ENV.get_template("index.html").render(rows=ordered, title=title, totals=sorted(totals.items()))
