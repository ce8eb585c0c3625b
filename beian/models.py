"""Typed results with a stable JSON form.

Every model converts to and from plain dicts (``model_dump`` / ``model_validate``)
so results can be stored beside a scan and replayed in tests. Boxes are
``[x0, y0, x1, y1]`` in pixels of the page as read (after orientation and
flattening). No display code lives here.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, model_serializer
from pydantic import Field as PField


class Omitting(BaseModel):
    """A model whose keys in `OMIT_EMPTY` are left out of its JSON when None or empty: fields the
    report gained beyond the contract, so a report with nothing to say there reads as before."""

    OMIT_EMPTY: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _omit_empty(self, handler):
        data = handler(self)
        for key in self.OMIT_EMPTY:
            if data.get(key, 0) in (None, []):
                data.pop(key)
        return data


DOC_TYPES: tuple[str, ...] = (
    "id_card_front", "id_card_back", "business_license", "domain_certificate",
    # the organisations' certificates (contract: "Subjects, people and signed papers")
    "uscc_certificate", "institution_certificate", "social_organization_certificate",
    "private_non_enterprise_certificate", "foundation_certificate", "law_firm_licence",
    # the people's other documents
    "residence_permit", "hmt_residence_permit_front", "hmt_residence_permit_back", "hk_macao_permit",
    "taiwan_permit", "foreign_permanent_residence", "passport",
    # signed papers
    "commitment_letter", "authorization_letter",
    "unknown",
)
DocType = Literal[DOC_TYPES]

Box = list[int]


class OcrLine(BaseModel):
    """One recognised line: text, the engine's score, and its box."""

    text: str
    score: float
    box: Box
    # 4 corner points (x, y) of the detected quadrilateral, clockwise from top-left
    quad: list[list[float]] = PField(default_factory=list)
    # clockwise rotation of the text on the page, when the engine knows it
    direction: int | None = None


class OcrResult(BaseModel):
    """What an OCR engine read on one page image, lines in reading order."""

    engine: str
    model: str
    width: int
    height: int
    lines: list[OcrLine]
    rotation: int = 0  # degrees clockwise the page had been turned (0/90/180/270)
    skew: float = 0.0  # residual skew in degrees
    text_layer: bool = False  # read from a PDF text layer, not by OCR
    watermark_lines: int = 0  # lines `upright` dropped or cut as a watermark across the page


class Field(Omitting):
    """A field value read from a document; ``value`` is None when not found."""

    value: str | None = None
    confidence: float = 0.0
    box: Box | None = None
    corrected: bool = False  # the value was repaired using the number's structure
    # what lowered the confidence, by name (`beian.extractors.base.DOUBTS`); absent from the JSON when none
    doubts: list[str] = PField(default_factory=list)

    OMIT_EMPTY: ClassVar[tuple[str, ...]] = ("doubts",)

    @property
    def found(self) -> bool:
        return self.value is not None


class Quality(BaseModel):
    """Capture quality measures from the preparation stage (for warnings)."""

    blur: float = 0.0  # variance of the Laplacian on a normalised size; low = blurred
    glare: float = 0.0  # fraction of saturated, colourless pixels
    greyscale: bool = False  # no colour: a photocopy or a black-and-white scan
    cut_off: bool = False  # the document touches the frame: a border may be cut off
    flattened: bool = False  # a card or sheet was found on a background and flattened
    warnings: list[str] = PField(default_factory=list)


class Reread(BaseModel):
    """One second look reading took: which step, why, what it read and whether it was kept."""

    step: str
    why: str
    kept: bool
    field: str | None = None
    readings: list[str] = PField(default_factory=list)


class Document(BaseModel):
    """One document found on a page of a file."""

    type: DocType
    page: int
    fields: dict[str, Field] = PField(default_factory=dict)
    engine: str | None = None
    scorer: str | None = None  # the fitted field scorer that weighed its free-text fields, when one did
    quality: Quality | None = None
    rereads: list[Reread] = PField(default_factory=list)  # the second looks reading took, in order


class Extraction(BaseModel):
    """The result of ``beian extract FILE``."""

    file: str
    documents: list[Document]

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", exclude_none=False)


Status = Literal["match", "mismatch", "invalid", "expired", "missing", "unreadable", "warning"]
PROBLEMS = frozenset({"mismatch", "invalid", "expired", "missing", "unreadable"})


class Check(Omitting):
    """One check of a submission: rule id, the entered value's path, status, evidence."""

    rule: str = ""  # stamped from the rule table by `validators.rules.run` (or set by whoever makes it)
    field: str | None = None
    status: Status
    entered: str | None = None
    found: str | None = None
    score: float | None = None
    document: str | None = None  # "file#page"
    message: str
    # the field of that document the check compared (``valid_until``); absent from the JSON when none
    read_field: str | None = None

    OMIT_EMPTY: ClassVar[tuple[str, ...]] = ("read_field",)


class ReportDocument(Omitting):
    file: str
    page: int
    type: DocType
    fields: dict[str, Field] = PField(default_factory=dict)
    quality: Quality | None = None
    rereads: list[Reread] = PField(default_factory=list)
    # an ID card matched to a person of the filing, and how; absent from the JSON otherwise
    person: MatchedTo | None = None

    OMIT_EMPTY: ClassVar[tuple[str, ...]] = ("person",)


class MatchedTo(BaseModel):
    """Whose ID card this is, and how it was found to be theirs (no name, no number: the
    filing's paths and the method)."""

    paths: list[str]  # principal, websites[0].principal, subject: every place naming the person
    by: str  # front: number | name | fuzzy; back: same file | the only one | authority and file name
    score: float | None = None  # front: 1.0 exact, fuzzy the mean of name and number ratios; back: its points


class Upload(BaseModel):
    """One upload a report checked: its name in the submission, size and version."""

    file: str
    size: int
    etag: str = ""


class Report(Omitting):
    """The result of checking one submission (``reports/<id>/report.json``)."""

    submission_id: str
    verdict: Literal["pass", "review"]
    as_of: str
    documents: list[ReportDocument] = PField(default_factory=list)
    checks: list[Check] = PField(default_factory=list)
    # the uploads this report checked (the nightly flow; a submission whose uploads differ is pending)
    uploads: list[Upload] = PField(default_factory=list)
    # the version of a submission kept by the service (incoming/<id>/v<n>/) that was checked;
    # absent from the JSON of a submission not kept in versions (the contract's report as it was)
    version: int | None = None

    OMIT_EMPTY: ClassVar[tuple[str, ...]] = ("version",)

    @staticmethod
    def verdict_of(checks: list[Check]) -> str:
        return "review" if any(c.status in PROBLEMS for c in checks) else "pass"
