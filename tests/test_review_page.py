"""The review page in a real browser (headless Chromium, Debian's package, installed by
.ci/run): every sample submission's page renders with its documents and their field
boxes, failing checks first; the boxes sit on the fields (each box, cut from the page
image the browser shows, reads back as its value); a hostile website name is text."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from beian.check import check, load_folder
from beian.filing import load_filing
from beian.models import PROBLEMS
from beian.review import submission_page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium: apt-get install chromium (.ci/run does)")
SUBMISSIONS = [p for folder in (ROOT / "samples" / "submissions", ROOT / "samples" / "independent" / "submissions")
               for p in sorted(folder.iterdir()) if p.is_dir()]
AS_OF = dt.date(2026, 11, 28)


def browser(*args: str) -> subprocess.CompletedProcess:
    """Headless Chromium on a page. The pages run no script: their DOM is complete once loaded,
    and only a screenshot waits for the images to be painted (virtual time)."""
    wait = ["--virtual-time-budget=4000"] if any(a.startswith("--screenshot") for a in args) else []
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *wait, *args],
                          capture_output=True, text=True, timeout=120)


def render(folder: Path, out: Path, edit=None) -> tuple[Path, object, list]:
    sub = load_folder(folder)
    if edit:
        sub.filing = edit(sub.filing)
    views: list = []
    report = check(sub, as_of=AS_OF, views=views)
    page = out / "index.html"
    page.write_text(submission_page(report, views, load_filing(sub.filing)), encoding="utf-8")
    return page, report, views


@pytest.mark.parametrize("folder", SUBMISSIONS, ids=[p.name for p in SUBMISSIONS])
def test_page_shows_documents_boxes_and_failing_checks_first(folder, tmp_path):
    page, report, views = render(folder, tmp_path)
    dom = browser("--dump-dom", page.as_uri()).stdout
    assert '<html lang="zh-CN">' in dom, "not the rendered page"
    pages = re.findall(r'<div class="page (pg\d+)"', dom)
    assert len(pages) == len(views) and len(views) >= len({(d.file, d.page) for d in report.documents}), \
        f"{folder.name}: {len(pages)} page images for {len(views)} pages read"
    for cls in pages:
        block = dom.split(f'<div class="page {cls}"', 1)[1].split("</div>", 1)[0]
        assert 'class="box' in block, f"{folder.name}: page {cls} has no field box"
    statuses = re.findall(r'<tr class="\w+" data-rule="[\w_]+" data-status="(\w+)"', dom)
    assert statuses, f"{folder.name}: no checks listed"
    failing = [s in PROBLEMS for s in statuses]
    assert failing == sorted(failing, reverse=True), f"{folder.name}: a failing check below a passing one: {statuses}"
    assert (report.verdict == "review") == failing[0], f"{folder.name}: verdict {report.verdict}, first {statuses[0]}"
    boxed = {(f"{d.file}#{d.page}", name) for d in report.documents for name, f in d.fields.items() if f.box}
    about = [c for c in report.checks if c.read_field and (c.document, c.read_field) in boxed]
    targets = re.findall(r'data-rule="([\w_]+)"[^>]*data-read-field="(\w+)" data-target="([\w-]*)"', dom)
    assert len([t for t in targets if t[1]]) >= len(about), f"{folder.name}: a check about a field is not listed"
    for rule, field, target in targets:
        if field and target:
            assert f'id="{target}"' in dom and f'data-field="{field}"' in dom, f"{folder.name}: {rule} links nowhere"
    unboxed = [(r, f) for r, f, t in targets if f and not t]
    want_unboxed = [(c.rule, c.read_field) for c in report.checks if c.read_field and c not in about]
    assert sorted(unboxed) == sorted(want_unboxed), \
        f"{folder.name}: checks about a field read with a box must box it: {sorted(set(unboxed) - set(want_unboxed))}"
    cards = [d for d in report.documents if d.person]
    assert len(re.findall(r'<tr data-card="', dom)) == len(cards), \
        f"{folder.name}: how each ID card was matched to its person is shown"
    assert cards or not any(d.type.startswith("id_card") for d in report.documents), \
        f"{folder.name}: ID cards read, none matched to anyone"
    looks = {(f"{d.file}#{d.page}", r.model_dump_json()) for d in report.documents for r in d.rereads}
    assert len(re.findall(r'<li data-step="', dom)) == len(looks), f"{folder.name}: every second look is shown"
    doubted = [(d.file, name) for d in report.documents for name, f in d.fields.items() if f.doubts]
    assert len(re.findall(r'<li data-doubt="', dom)) == len(doubted), f"{folder.name}: every doubt is shown"


def test_boxes_sit_on_their_fields(tmp_path):
    """Cut each box of the ID card and licence out of the image the page embeds and read it:
    it must read back as the field's value (the boxes are in the image's frame)."""
    import cv2
    from rapidfuzz import fuzz

    from beian.extractors.ocr import get_engine
    from beian.settings import get_settings

    page, report, views = render(ROOT / "samples" / "submissions" / "clean-enterprise", tmp_path)
    engine = get_engine(get_settings().ocr_engine, get_settings().ocr_threads)
    checked = 0
    for v in views:
        image = cv2.imdecode(np.frombuffer(v.jpeg, np.uint8), cv2.IMREAD_COLOR)
        for d in (d for d in report.documents if (d.file, d.page) == (v.file, v.page)):
            for name in ("name", "id_number", "credit_code", "domain", "legal_representative"):
                f = d.fields.get(name)
                if not (f and f.value and f.box):
                    continue
                x0, y0, x1, y1 = (round(c * v.scale) for c in f.box)
                text, _ = engine.read_line(image[max(0, y0 - 2):y1 + 2, max(0, x0 - 2):x1 + 2])
                assert fuzz.ratio(text.replace(" ", ""), f.value) >= 80, \
                    f"{v.file} {name}: the box reads {text!r}, the field is {f.value!r}"
                checked += 1
    assert checked >= 5, f"only {checked} boxes checked"


def test_screenshot_shows_red_and_green_boxes(tmp_path):
    page, report, views = render(ROOT / "samples" / "submissions" / "name-typo", tmp_path)
    height = 1600 + sum(v.height + 120 for v in views)
    shot = tmp_path / "page.png"
    browser(f"--window-size=1280,{height}", f"--screenshot={shot}", page.as_uri())
    import cv2

    img = cv2.imread(str(shot))
    assert img is not None and img.shape[0] == height, "no screenshot"
    def near(bgr):
        return int(np.count_nonzero(np.all(np.abs(img.astype(int) - bgr) <= 12, axis=2)))
    assert near((0x35, 0x39, 0xE5)) > 200, "no red (failing) box drawn"  # #e53935 in BGR
    assert near((0x47, 0xA0, 0x43)) > 200, "no green (matching) box drawn"  # #43a047


def test_hostile_website_name_is_text(tmp_path):
    def edit(raw: bytes) -> bytes:
        f = json.loads(raw)
        f["websites"][0]["name"] = "<script>document.title='pwned'</script><b>粗</b>"
        return json.dumps(f, ensure_ascii=False).encode()

    page, _, _ = render(ROOT / "samples" / "submissions" / "clean-individual", tmp_path, edit)
    dom = browser("--dump-dom", page.as_uri()).stdout
    assert "pwned" not in dom.split("<title>", 1)[1].split("</title>", 1)[0], "the script ran"
    assert "&lt;script&gt;document.title" in dom, "the name is not shown as text"
    assert "<b>粗</b>" not in dom and "<script>" not in dom, "markup from the filing reached the page"


def test_page_is_self_contained(tmp_path):
    page, _, _ = render(ROOT / "samples" / "submissions" / "clean-individual", tmp_path)
    html = page.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', html), "something is loaded from the network"
    jpeg = base64.b64decode(re.search(r"data:image/jpeg;base64,([A-Za-z0-9+/=]+)", html).group(1))
    import cv2

    img = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert img.shape[1] <= 1000, f"a page image {img.shape[1]} px wide: not scaled for the screen"
