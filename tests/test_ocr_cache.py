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


def test_a_packed_replay_answers_as_the_engine_did_and_never_for_other_pixels(tmp_path):
    """`pack` turns a cache folder into the read-only replay the tests start from: the same
    answers for the same pixels without the engine, the engine for anything else."""
    from beian.extractors.ocr import get_engine
    from beian.extractors.ocr_cache import CachedEngine, pack
    from beian.extractors.read import read_file
    from beian.settings import Settings

    live = get_engine("rapidocr", 1)
    settings = Settings()
    scan = next(p for p in sample_files() if "id_card_back" in p.name and p.suffix == ".png")
    recorder = CachedEngine(live, tmp_path / "cache")
    first = read_file(scan, settings, recorder)
    counts = pack(tmp_path / "cache", tmp_path / "replay")
    assert sum(counts.values()) == recorder.misses > 0, counts
    pack(tmp_path / "cache", tmp_path / "packed-again")
    name = next(iter(counts))
    assert (tmp_path / "replay" / name).read_bytes() == (tmp_path / "packed-again" / name).read_bytes(), \
        "the same answers pack to other bytes"

    replay = CachedEngine(live, None, tmp_path / "replay")
    again = read_file(scan, settings, replay)
    assert (replay.replayed, replay.misses) == (recorder.misses, 0), (replay.replayed, replay.misses)
    assert again.model_dump() == first.model_dump(), "the replay differs from the engine's reading"
    other = next(p for p in sample_files() if "domain" in p.name and p.suffix == ".jpg")
    read_file(other, settings, replay)
    assert replay.misses > 0, "other pixels were answered from the replay"
    assert not any((tmp_path / "replay").rglob("*.json")), "a replay without a cache folder wrote answers"

    stale = CachedEngine(live, None, tmp_path / "nowhere")
    read_file(scan, settings, stale)
    assert stale.replayed == 0 and stale.misses > 0, "a missing replay answered"


def test_two_readers_of_the_same_pixels_at_once_read_them_once(tmp_path):
    """Two processes (here threads, each with its own lock file handle) asking for one page at
    the same time: one reads, the other waits for its answer."""
    import threading
    import time

    import numpy as np

    from beian.extractors.ocr_cache import CachedEngine
    from beian.models import OcrResult

    class Slow:
        name, model, calls = "slow", "test", 0

        def recognize(self, image):
            Slow.calls += 1
            time.sleep(0.3)
            return OcrResult(engine=self.name, model=self.model, width=image.shape[1], height=image.shape[0], lines=[])

    page = np.full((40, 60, 3), 200, np.uint8)
    readers = [CachedEngine(Slow(), tmp_path) for _ in range(2)]
    answers = []
    threads = [threading.Thread(target=lambda r=r: answers.append(r.recognize(page))) for r in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Slow.calls == 1, f"the same pixels were read {Slow.calls} times"
    assert answers[0] == answers[1] and sum(r.hits for r in readers) == 1
