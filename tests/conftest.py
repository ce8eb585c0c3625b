"""Shared fixtures: the committed samples and their ground truth."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT / "samples" / "scans"

# The engine's answers are replayed across the whole run, its subprocesses included (the CLI, the
# service, Prefect's flow runs inherit the environment): a page read once is not read again by
# the next test that reads the same pixels (`beian.extractors.ocr_cache`: same pixels, engine and
# model, same answer). A clean checkout starts empty, so CI reads every page with the real engine
# once; BEIAN_OCR_CACHE_DIR= (empty) turns the replay off. Under it lies the committed replay of
# the samples (tests/ocr-replay, `make ocr-replay`): what the engine answered for their pixels, so
# a clean checkout reads with the engine only what is not a committed sample (the real documents,
# the images tests make, the conformance suite's engines, which are never cached);
# BEIAN_OCR_REPLAY_DIR= (empty) reads the samples with the engine too.
os.environ.setdefault("BEIAN_OCR_CACHE_DIR", str(ROOT / "out" / "test-ocr-cache"))
os.environ.setdefault("BEIAN_OCR_REPLAY_DIR", str(ROOT / "tests" / "ocr-replay"))


def sample_files() -> list[Path]:
    return sorted(p for p in SCANS.iterdir() if not p.name.endswith(".json"))


def truth(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def extractions():
    """Every committed sample read once with the real engine (the slow part of the suite)."""
    from beian.extractors.read import read_file

    return {p.name: read_file(p) for p in sample_files()}


def prefect_home(dest: Path) -> Path:
    """A new PREFECT_HOME at ``dest`` whose database is migrated already: a copy of one made once
    for the whole test run (by both processes of `make test`, under a lock). A `beian run`
    subprocess on it still starts its own ephemeral API, without the ~9 s of migrations an empty
    home costs it."""
    import fcntl
    import shutil
    import subprocess
    import sys
    from importlib.metadata import version

    template = ROOT / "out" / f"prefect-home-{version('prefect')}"
    template.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{template}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (template / "prefect.db").is_file():
            making = template.with_name(template.name + ".making")
            shutil.rmtree(making, ignore_errors=True)
            subprocess.run([str(Path(sys.executable).parent / "prefect"), "server", "database", "upgrade", "-y"],
                           env={**os.environ, "PREFECT_HOME": str(making)}, capture_output=True, check=True,
                           timeout=300)
            making.rename(template)
    shutil.copytree(template, dest, dirs_exist_ok=True)
    return dest


def edited(f: dict, edits: dict) -> dict:
    """``f`` (a filing.json dict) with each dotted path of ``edits`` (``websites.0.principal.name``)
    set to its value; a value None removes the key."""
    for path, value in edits.items():
        node = f
        *parts, last = path.split(".")
        for p in parts:
            node = node[int(p)] if p.isdigit() else node[p]
        if value is None:
            node.pop(last, None)
        else:
            node[int(last) if last.isdigit() else last] = value
    return f


def inflate(folder: Path, out: Path) -> Path:
    """The sample submission as used: the files its expected.json lists under ``inflate``
    rewritten as uncompressed PNGs (``licence.jpg`` -> ``licence.png``, 6.5 MB), uploads over a
    provider's size limit made here rather than kept in the repository; other samples as they are."""
    import shutil

    from PIL import Image

    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    if not expected.get("inflate"):
        return folder
    dest = out / folder.name
    shutil.copytree(folder, dest, dirs_exist_ok=True)
    for name in expected["inflate"]:
        src = dest / name
        with Image.open(src) as im:
            im.save(src.with_suffix(".png"), "PNG", compress_level=0)
        src.unlink()
    return dest


@pytest.fixture(scope="session")
def engine():
    """The engine the settings name, the one `read_file` uses: one instance for the test run."""
    from beian.extractors.ocr import engine_for
    from beian.settings import get_settings

    return engine_for(get_settings())


def pytest_terminal_summary(terminalreporter):
    """How much of this process's OCR was replayed (subprocesses keep their own counts)."""
    import sys

    ocr = sys.modules.get("beian.extractors.ocr")
    if not (ocr and ocr.get_engine.cache_info().currsize):
        return
    from beian.settings import get_settings

    e = ocr.engine_for(get_settings())
    if hasattr(e, "replayed"):
        terminalreporter.write_line(f"OCR in this process: {e.hits} answers replayed ({e.replayed} from "
                                    f"tests/ocr-replay), {e.misses} read by the engine")


# what `make test-fast` leaves out: modules that read with the OCR engine or start a server, a
# browser, Prefect or a worker pool, and any test that asks for the engine's fixtures
SLOW_MODULES = {"test_api", "test_bad_input", "test_check_cli", "test_engine_conformance", "test_hostile",
                "test_independent_samples", "test_intake", "test_ocr_cache", "test_paddle_models",
                "test_read_samples", "test_real_documents", "test_review_page", "test_storage", "test_submissions"}
SLOW_FIXTURES = {"engine", "extractions"}


# with `-n N --dist loadfile` (make test) a module runs whole in one process, so its module and
# session fixtures start once; the longest modules are handed out first. Two processes that read
# the same pixels at once (the real documents, in two modules) read them once: the cache locks
# the key while one reads (`beian.extractors.ocr_cache`)
FIRST = ["test_intake", "test_engine_conformance", "test_hostile", "test_api"]  # test_real_documents reads the
# real set the conformance suite has read by then: replayed, not waited for


def _module(item) -> str:
    return item.module.__name__.rsplit(".", 1)[-1] if item.module else ""


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = _module(item)
        if module in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    rank = {m: k for k, m in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(_module(item), len(FIRST)))  # stable: order within a module kept
