"""The real OCR engine on the committed synthetic samples (see samples/README.md)."""

from __future__ import annotations

import pytest
from conftest import sample_files, truth

from beian.text import compact

# fields whose value is checked by structure (check characters, dates, fixed vocabularies):
# these must be exact on every sample, clean or degraded
STRUCTURED = {"id_number", "sex", "ethnicity", "birth_date", "valid_from", "valid_until", "credit_code",
              "established_date", "domain", "registration_date", "expiry_date"}
OPTIONAL = {"issue_date", "registration_authority"}
DEGRADED = {"photo", "skew", "rot90", "rot180", "rot270", "blur", "jpeg", "photocopy", "a4_two_sides"}
FILES = [p.name for p in sample_files()]


def expected(name: str):
    t = truth(next(p for p in sample_files() if p.name == name))
    for page_no, docs in enumerate(t["pages"], start=1):
        for doc in docs:
            yield page_no, doc, t["capture"]


@pytest.mark.parametrize("name", FILES)
def test_document_types(name, extractions):
    want = [(page, doc["type"]) for page, doc, _ in expected(name)]
    got = [(d.page, d.type) for d in extractions[name].documents]
    assert got == want, f"{name}: documents {got}, expected {want}"


@pytest.mark.parametrize("name", FILES)
def test_structured_fields_exact(name, extractions):
    docs = extractions[name].documents
    for (page, doc, _), got in zip(expected(name), docs):
        for field, value in doc["fields"].items():
            if field in STRUCTURED:
                read = got.fields[field].value
                assert read == value, f"{name} page {page} {doc['type']}.{field}: read {read!r}, expected {value!r}"


@pytest.mark.parametrize("kind, floor", [("clean", 0.98), ("degraded", 0.93)])
def test_text_field_accuracy(kind, floor, extractions):
    total, wrong = 0, []
    for name in FILES:
        for (page, doc, capture), got in zip(expected(name), extractions[name].documents):
            if (capture in DEGRADED) != (kind == "degraded"):
                continue
            for field, value in doc["fields"].items():
                if field in OPTIONAL:
                    continue
                total += 1
                read = got.fields.get(field)
                if not read or read.value is None or compact(read.value) != compact(value):
                    wrong.append(f"{name}#{page} {field}: {read.value if read else None!r} != {value!r}")
    accuracy = 1 - len(wrong) / total
    assert accuracy >= floor, f"{kind} field accuracy {accuracy:.3f} < {floor}: " + "; ".join(wrong)


def test_every_field_has_value_confidence_and_box(extractions):
    for name, ex in extractions.items():
        for doc in ex.documents:
            for field, f in doc.fields.items():
                if f.value is not None:
                    assert 0.0 < f.confidence <= 1.0, f"{name} {field}: confidence {f.confidence}"
                    assert f.box and len(f.box) == 4, f"{name} {field}: box {f.box}"
                else:
                    assert f.confidence == 0.0 and f.box is None, f"{name} {field}: a missing field has no score"


def test_pdf_text_layer_is_read_without_ocr(extractions):
    doc = extractions["digital-domain-0.pdf"].documents[0]
    assert doc.engine.startswith("pdf-text-layer"), f"digital PDF went through {doc.engine}"
    assert doc.quality is None, "a text layer has no capture quality"


def test_scanned_pages_name_engine_and_model(extractions):
    doc = extractions["003-business_license-clean.jpg"].documents[0]
    assert doc.engine.startswith("rapidocr: PP-OCRv6"), doc.engine


def test_quality_warnings(extractions):
    assert "greyscale_copy" in extractions["033-id_card_front-photocopy.jpg"].documents[0].quality.warnings
    assert "blurred" in extractions["025-id_card_front-blur.jpg"].documents[0].quality.warnings
    assert extractions["001-id_card_front-clean.png"].documents[0].quality.warnings == []
    assert extractions["009-id_card_front-photo.jpg"].documents[0].quality.flattened, "card on a table not flattened"
