"""The field scorer as shipped (extractors/data/field_scorer.json) on lines as the engine returns
them: no engine needed. The layouts are written out with boxes; none is one of the images the
model was fitted on (its real rows are ../shared/real-dev, drawn by other hands than these)."""

from __future__ import annotations

import json

import pytest

from beian.extractors import business_license, domain_certificate, id_card_front, scorer
from beian.extractors.layout import Line
from beian.text import compact


def ln(text: str, x0: float, y0: float, x1: float, y1: float, score: float = 0.99) -> Line:
    return Line(text, compact(text), score, x0, y0, x1, y1)


MODULES = {"business_license": business_license, "id_card_front": id_card_front,
           "domain_certificate": domain_certificate}

TWO_COLUMN = [  # a 2014+ licence, labels left and values right in each of two columns
    ln("统一社会信用代码", 200, 100, 560, 140), ln("91440300MA5DC6QX2W", 200, 150, 640, 190),
    ln("营业执照", 800, 100, 1300, 220),
    ln("名称", 200, 300, 290, 340), ln("深圳市蓝海软件科技有限公司", 400, 300, 900, 340),
    ln("类型", 200, 360, 290, 400), ln("有限责任公司(自然人独资)", 400, 360, 860, 400),
    ln("法定代表人", 200, 420, 390, 460), ln("陈晓东", 400, 420, 520, 460),
    ln("注册资本", 1000, 300, 1160, 340), ln("壹佰万元整", 1200, 300, 1400, 340),
    ln("成立日期", 1000, 360, 1160, 400), ln("2016年05月12日", 1200, 360, 1480, 400),
    ln("住所", 1000, 420, 1090, 460), ln("深圳市南山区粤海街道科技园路18号", 1200, 420, 1800, 460),
]
WRAPPED_INDENTED = [  # the same licence whose address ran on to a short, indented second line
    *[o for o in TWO_COLUMN if not o.key.startswith("深圳市南山区")],
    ln("深圳市南山区粤海街道科技园路创业大厦", 1200, 420, 1900, 460), ln("1208室", 1600, 468, 1710, 508),
]
CARD = [  # an ID card front, labels and values on one line each
    ln("姓名王建国", 100, 100, 300, 140), ln("性别男民族汉", 100, 160, 380, 200),
    ln("出生1985年3月9日", 100, 220, 420, 260), ln("住址江苏省南京市鼓楼区中山北路", 100, 280, 620, 320),
    ln("200号", 180, 330, 280, 370), ln("公民身份号码320106198503090017", 100, 450, 720, 490),
]


@pytest.mark.parametrize("doc_type, lines", [
    ("business_license", TWO_COLUMN), ("id_card_front", CARD),
], ids=["licence", "card"])
def test_the_scorer_keeps_what_the_rules_read_right(doc_type, lines):
    ruled = MODULES[doc_type].extract(lines)
    chosen = scorer.default_model().choose(doc_type, lines, ruled)
    for name in scorer.SCORED[doc_type]:
        assert chosen[name] == ruled[name], f"{doc_type}.{name}: {ruled[name].value!r} -> {chosen[name].value!r}"


def test_an_address_wrapped_onto_an_indented_line_is_read_whole():
    """The rules take the first line (its continuation is not aligned with it); the model, fitted
    on wraps drawn under the value and indented, prefers the value that ends in its number."""
    ruled = business_license.extract(WRAPPED_INDENTED)
    assert ruled["address"].value == "深圳市南山区粤海街道科技园路创业大厦", "the rules alone stop at the line end"
    got = scorer.default_model().choose("business_license", WRAPPED_INDENTED, ruled)["address"]
    assert got.value == "深圳市南山区粤海街道科技园路创业大厦1208室", got.value
    assert got.doubts == ["scored"], "a value the scorer chose over the rules says so"
    assert got.confidence < ruled["address"].confidence, "and carries that doubt in its confidence"


def test_the_rules_alone_change_nothing():
    ruled = business_license.extract(WRAPPED_INDENTED)
    assert scorer.RULES_ONLY.choose("business_license", WRAPPED_INDENTED, ruled) == ruled
    assert scorer.RULES_ONLY.name is None, "a Document read by the rules alone names no scorer"


def test_only_free_text_fields_are_weighed():
    """Values whose grammar is exact (check characters, closed lists, dates) stay with the rules."""
    exact = {"credit_code", "entity_type", "established_date", "valid_until", "id_number", "sex", "ethnicity",
             "birth_date", "domain", "expiry_date", "registration_date", "registered_capital"}
    assert not exact & {f for fields in scorer.SCORED.values() for f in fields}


def test_the_shipped_model_says_where_it_came_from():
    data = json.loads(scorer.MODEL_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == scorer.FEATURES, "fitted on today's features (make fit-scorer)"
    want = {f"{t}.{f}" for t, fields in scorer.SCORED.items() if t not in scorer.WEIGHTS_OF for f in fields}
    assert set(data["fields"]) == want, f"weights for every scored field: {sorted(want - set(data['fields']))}"
    borrowed = {f"{scorer.WEIGHTS_OF[t]}.{f}" for t in scorer.WEIGHTS_OF for f in scorer.SCORED[t]}
    assert borrowed <= set(data["fields"]), f"a certificate borrows weights never fitted: {sorted(borrowed - want)}"
    prov = data["provenance"]
    for key in ("commit", "sets", "real", "rows", "data_hash", "seed", "C", "sklearn"):
        assert prov.get(key), f"provenance lacks {key}"
    assert scorer.default_model().name == f"field scorer {data['version']}"


def test_a_model_fitted_on_other_features_is_refused_clearly():
    data = json.loads(scorer.MODEL_FILE.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="make fit-scorer"):
        scorer.Model.from_json(data)


@pytest.mark.parametrize("kind, text, want", [
    ("person", "欧阳娜娜", 1.0), ("person", "阿依古丽·买买提", 1.0), ("person", "有限公司", 0.0),
    ("org", "杭州西溪小馆", 1.0), ("org", "杭州西溪", 0.3), ("org", "2016年", 0.0),
    ("address", "浙江省杭州市西湖区文三路90号", 1.0), ("address", "90号", 0.5), ("address", "营业执照", 0.0),
    ("holder", "北京某某网络科技有限公司", 1.0), ("holder", "zhang san", 0.0),
])
def test_grammar_of_a_value(kind, text, want):
    assert scorer.grammar(kind, text) == want, f"{kind} {text!r}"


def test_a_card_name_without_its_label_is_the_line_above_the_sex_row():
    """姓名 not printed or not read: the rules find no name; the model takes the line above 性别
    (its grammar a person's name), doubted: below the confidence a match needs, so a person looks."""
    lines = [ln("王建国", 200, 100, 320, 140), *CARD[1:]]
    ruled = id_card_front.extract(lines)
    assert ruled["name"].value is None, "the rules alone need a label or a value column"
    got = scorer.default_model().choose("id_card_front", lines, ruled)["name"]
    assert got.value == "王建国", got.value
    assert got.doubts == ["scored"] and got.confidence < 0.9, (got.doubts, got.confidence)
