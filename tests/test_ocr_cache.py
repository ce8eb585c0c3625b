"""Replayable OCR: the engine's answers replayed by the pixels they were given."""

from __future__ import annotations

from conftest import sample_files


def test_a_replay_is_the_reading_and_other_pixels_are_read_afresh(tmp_path):
    from beian.extractors.ocr import get_engine
    from beian.extractors.read import read_file
    from beian.settings import Settings

    live = get_engine("rapidocr", 1)
    cached = get_engine("rapidocr", 1, str(tmp_path))
    scan = next(p for p in sample_files() if "licence" in p.name or "business_license" in p.name)
    settings = Settings()
    first = read_file(scan, settings, cached)
    assert cached.misses > 0 and cached.hits == 0, (cached.hits, cached.misses)
    misses = cached.misses
    again = read_file(scan, settings, cached)
    assert cached.misses == misses and cached.hits == misses, "the second reading did not replay the first"
    assert again.model_dump() == first.model_dump() == read_file(scan, settings, live).model_dump(), \
        "a replay differs from reading with the engine"
    other = next(p for p in sample_files() if "domain" in p.name and p.suffix == ".jpg")
    read_file(other, settings, cached)
    assert cached.misses > misses, "other pixels were answered from the cache"
    assert any(tmp_path.rglob("*.json")), "nothing was stored"
