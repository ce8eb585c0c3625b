"""Reading accuracy against ground truth: per type, per field, and calibration.

One scorer for every set the project measures itself on: the committed samples,
a freshly generated set (either renderer) and the real documents in
``../shared/real-dev`` (``truth.json``). A value is right when it equals the
truth ignoring whitespace (and the full-/half-width forms `beian.text.compact`
folds); the optional fields (``registration_authority``, ``issue_date``, a passport's ``mrz``) are
scored apart; the marks on signed papers (signature, seal, fingerprint) by their presence, both
ways, and a seal's ring text where it was read. Calibration: of the required values read with
confidence ≥ 0.9, how many are right (the rules turn a value under ``MIN_CONFIDENCE`` into
``unreadable``, so a confident wrong value is what becomes a false mismatch).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from beian.models import Extraction
from beian.text import compact

OPTIONAL = frozenset({"registration_authority", "issue_date", "mrz"})
CONFIDENT = 0.9
# marks on signed papers, read from the pixels: scored by presence both ways (a paper without a
# seal must be read without one), apart from the text fields; a seal's truth is its ring text
MARKS = {"commitment_letter": ("signature", "seal", "fingerprint"), "authorization_letter": ("signature", "seal")}


@dataclass
class Expected:
    """One document a file must yield: its page, type, fields and capture kind."""

    file: str
    page: int
    type: str
    fields: dict[str, str]
    degraded: bool = False


@dataclass
class Score:
    types: list[int] = field(default_factory=lambda: [0, 0])
    cells: dict[tuple[str, str, str], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    confident: list[int] = field(default_factory=lambda: [0, 0])
    guessed: list[str] = field(default_factory=list)  # confident values where the truth has none
    confident_misses: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    marks: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # right, all
    seal_text: list[int] = field(default_factory=lambda: [0, 0])  # ring texts read exactly, of those read

    def total(self, doc_type: str | None = None, kind: str | None = None, optional: bool = False) -> tuple[int, int]:
        ok = n = 0
        for (t, f, k), (a, b) in self.cells.items():
            if (doc_type in (None, t)) and (kind in (None, k)) and ((f in OPTIONAL) == optional):
                ok, n = ok + a, n + b
        return ok, n

    def doc_types(self) -> list[str]:
        return sorted({t for t, _, _ in self.cells})

    def markdown(self, title: str) -> str:
        def pct(ok: int, n: int) -> str:
            return f"{ok / n:.1%} ({ok}/{n})" if n else "-"

        ok, n = self.total()
        out = [f"### {title}", "", f"- document type: {pct(*self.types)}",
               f"- required fields exact: **{pct(ok, n)}** (clean {pct(*self.total(kind='clean'))}, "
               f"degraded {pct(*self.total(kind='degraded'))})",
               f"- optional fields exact: {pct(*self.total(optional=True))}",
               f"- calibration: of required values with confidence ≥ {CONFIDENT}, right: **{pct(*self.confident)}**",
               f"- confident values where the truth has none (a guess): {len(self.guessed)}",
               *(["- marks on signed papers, present or absent as drawn: "
                  + ", ".join(f"{m} {pct(*v)}" for m, v in sorted(self.marks.items()))
                  + f"; seal text read exactly {pct(*self.seal_text)}"] if self.marks else []), "",
               "| type | field | clean | degraded |", "|---|---|---|---|"]
        for t in self.doc_types():
            fields = sorted({f for tt, f, _ in self.cells if tt == t})
            for f in fields:
                out.append(f"| {t} | {f} | {pct(*self.cells.get((t, f, 'clean'), [0, 0]))} | "
                           f"{pct(*self.cells.get((t, f, 'degraded'), [0, 0]))} |")
            out.append(f"| {t} | **all required** | {pct(*self.total(t, 'clean'))} | {pct(*self.total(t, 'degraded'))} |")
        if self.misses or self.guessed:
            out += ["", "<details><summary>misses</summary>", "", *[f"- {m}" for m in self.misses + self.guessed],
                    "", "</details>"]
        return "\n".join(out)


def score(expected: list[Expected], results: dict[str, Extraction]) -> Score:
    """Compare each expected document with the document read at the same place
    (same file, same page, same order on the page)."""
    s = Score()
    by_file: dict[str, list[Expected]] = defaultdict(list)
    for e in expected:
        by_file[e.file].append(e)
    for name, want in by_file.items():
        got = results[name].documents
        for e, g in zip(want, got + [None] * max(0, len(want) - len(got))):
            s.types[1] += 1
            same = g is not None and (g.page, g.type) == (e.page, e.type)
            s.types[0] += same
            kind = "degraded" if e.degraded else "clean"
            marks = MARKS.get(e.type, ())
            for m in marks:
                read = g.fields.get(m) if same else None
                found = bool(read and read.value is not None)
                s.marks[m][0] += found == (m in e.fields)
                s.marks[m][1] += 1
                if found != (m in e.fields):
                    s.misses.append(f"{name}#{e.page} {e.type}.{m}: {'read' if found else 'not found'}, "
                                    f"{'drawn' if m in e.fields else 'not drawn'}")
                if m == "seal" and found and m in e.fields and read.value != "present":
                    s.seal_text[0] += compact(read.value) == compact(e.fields[m])
                    s.seal_text[1] += 1
            for f, value in e.fields.items():
                if f in marks:
                    continue
                read = g.fields.get(f) if same else None
                ok = bool(read and read.value is not None and compact(read.value) == compact(value))
                cell = s.cells[(e.type, f, kind)]
                cell[0] += ok
                cell[1] += 1
                if read and read.value is not None and read.confidence >= CONFIDENT and f not in OPTIONAL:
                    s.confident[0] += ok
                    s.confident[1] += 1
                if not ok:
                    conf = f" ({read.confidence:.2f})" if read and read.value is not None else ""
                    s.misses.append(f"{name}#{e.page} {e.type}.{f}: {read.value if read else None!r}{conf} "
                                    f"!= {value!r}")
                    if read and read.value is not None and read.confidence >= CONFIDENT and f not in OPTIONAL:
                        s.confident_misses.append(s.misses[-1])
            if same:
                for f, read in g.fields.items():
                    if f not in e.fields and f not in OPTIONAL and f not in marks and read.value is not None \
                            and read.confidence >= CONFIDENT:
                        s.guessed.append(f"{name}#{e.page} {e.type}.{f}: read {read.value!r} ({read.confidence:.2f}), "
                                         "the truth has none")
    return s


def real_set(folder: Path) -> list[Expected]:
    """The expected documents of a real set (``truth.json``: per image, its documents)."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return [Expected(d["path"], doc.get("page", 1), doc["type"], doc["fields"], bool(d.get("degraded")))
            for d in truth["documents"] for doc in d["documents"]]


def sample_set(files: list[Path], degraded_captures: set[str]) -> list[Expected]:
    """The expected documents of generated samples (``X.truth.json`` beside each file)."""
    out = []
    for f in files:
        t = json.loads(f.with_name(f.name + ".truth.json").read_text(encoding="utf-8"))
        for page_no, docs in enumerate(t["pages"], start=1):
            for doc in docs:
                out.append(Expected(f.name, page_no, doc["type"], doc["fields"], t["capture"] in degraded_captures))
    return out
