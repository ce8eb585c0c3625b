"""Values found by what they are when their label was not read, and labels confirmed by
their values: the extractors on lines as the engine returns them (no engine needed).

Each case is the layout of a real document kind (the rows of ../shared/real-dev where the
engine lost a label character or glued two fields), written out as lines with boxes.
"""

from __future__ import annotations

import pytest

from beian.extractors import business_license, domain_certificate, id_card_front
from beian.extractors.layout import Line
from beian.text import compact


def ln(text: str, x0: float, y0: float, x1: float, y1: float, score: float = 0.99) -> Line:
    return Line(text, compact(text), score, x0, y0, x1, y1)


GETIHU = [  # a 个体工商户 licence whose 名 and 类 were lost: 称… and 型…
    ln("统一社会信用代码", 200, 100, 600, 140), ln("营业执照", 900, 100, 1400, 200),
    ln("92430111MA4LM8EB4X", 200, 150, 700, 190),
    ln("称长沙市雨花区高桥建材市场典雅橱柜商行", 250, 400, 1200, 450),
    ln("组成形式个人经营", 250, 480, 700, 530), ln("型个体工商户", 280, 560, 620, 610),
    ln("经营范围化妆品及卫生用品、日用家电、五金、家具及室内装饰材料、", 257, 1002, 1316, 1049),
    ln("日用百货零售;文化用品、日用品销售。(依法须经批准的项", 512, 1050, 1327, 1085),
    ln("目,经相关部门批准后方可开展经营活动)", 511, 1092, 1071, 1127),
]
OLD = [  # an older licence whose 成立日期 label was split and misread (成 / 本日期)
    ln("名称汕头市钦海国际货运代理有限公司", 100, 100, 700, 130), ln("成", 100, 200, 120, 230),
    ln("本日期", 200, 200, 300, 230), ln("2009年10月12日", 340, 200, 560, 230),
    ln("法定代表人林意微", 100, 250, 400, 280), ln("营业期限2009年10月12日至2039年10月10日", 100, 300, 700, 330),
]


NO_NAME_LABEL = [  # a scanned licence whose 名称 was not read at all and 类型 became 型
    ln("统一社会信用代码", 72, 91, 293, 124), ln("91350203951187966P", 73, 139, 303, 165),
    ln("营业执照", 345, 183, 869, 302), ln("厦门泰和教育科技有限公司", 306, 459, 633, 489),
    ln("型", 161, 510, 198, 554), ln("有限责任公司(自然人投资或控股)", 304, 520, 703, 557),
    ln("福建省厦门市思明区建设路35弄30号354室", 306, 589, 819, 619),
    ln("法定代表人", 85, 646, 226, 680), ln("谢萱立", 303, 651, 392, 687),
]


@pytest.mark.parametrize("lines, field, want, why", [
    (GETIHU, "entity_type", "个体工商户", "a closed-list wording after what is left of 类型"),
    (NO_NAME_LABEL, "name", "厦门泰和教育科技有限公司",
     "no 名称 at all: the line above the entity type's value, ending in an organisation form"),
    (GETIHU, "name", "长沙市雨花区高桥建材市场典雅橱柜商行", "名称 with its first character lost"),
    (GETIHU, "business_scope", "化妆品及卫生用品、日用家电、五金、家具及室内装饰材料、日用百货零售;文化用品、日用品销售。"
                               "(依法须经批准的项目,经相关部门批准后方可开展经营活动)",
     "a scope ending in 、 goes on, its lines aligned with each other"),
    (OLD, "established_date", "2009-10-12", "a date alone that is the day the term starts"),
])
def test_a_licence_value_found_by_what_it_is(lines, field, want, why):
    got = business_license.extract(lines)[field]
    assert got.value == want, f"{why}: {got.value!r}"
    if field in ("entity_type", "name", "established_date"):
        assert got.confidence < 0.99 * 0.99, f"{why}: a value found without its label carries that doubt"


def test_a_date_alone_is_not_the_established_date_unless_the_term_says_so():
    lines = [*OLD[:3], ln("2010年01月01日", 340, 200, 560, 230), *OLD[4:]]
    assert business_license.extract(lines)["established_date"].value is None


def test_a_holder_ends_where_a_date_begins():
    """Labels right-aligned, values in a column; 打印时间 is no field's label, so its date
    lines up under the holder (a registrar's certificate, as read)."""
    lines = [ln("域名:", 476, 908, 573, 957), ln("uzhigang.cn", 613, 914, 828, 956),
             ln("域名所有人:", 376, 969, 568, 1015), ln("游志刚", 611, 968, 727, 1016),
             ln("打印时间:", 410, 1031, 568, 1074), ln("2023-11-06", 616, 1033, 810, 1072),
             ln("注册日期:", 410, 1090, 567, 1134)]
    assert domain_certificate.extract(lines)["holder"].value == "游志刚"


def test_a_loose_label_is_a_label_only_where_its_value_parses():
    """``古族`` is one character from 民族, but what follows it is no ethnicity: it is the
    second line of the address (围场满族蒙 / 古族自治县金车路)."""
    lines = [ln("姓名李蓝", 179, 171, 299, 208), ln("性别女", 180, 216, 304, 244), ln("民族满", 294, 218, 379, 244),
             ln("出生1990年1月24日", 179, 255, 425, 284), ln("住址河北省承德市围场满族蒙", 179, 299, 437, 327),
             ln("古族自治县金车路", 242, 325, 385, 350), ln("公民身份号码389201199001245580", 177, 409, 589, 438)]
    got = id_card_front.extract(lines)
    assert got["address"].value == "河北省承德市围场满族蒙古族自治县金车路", got["address"].value
    assert got["ethnicity"].value == "满", got["ethnicity"].value


TURNED_CARD = [  # a 港澳台居民居住证 front turned 90°: the small labels 性别 and 住址 were not read
    ln("姓名", 55, 48, 103, 79), ln("梁美玲", 194, 44, 274, 81), ln("男", 195, 86, 225, 120),
    ln("出生", 58, 125, 105, 156), ln("1960年12月25日", 195, 124, 379, 158),
    ln("浙江省杭州市西湖区解放路282号21幢2438室", 195, 162, 681, 195),
    ln("公民身份号码 81000019601225279X", 58, 202, 442, 233),
]


@pytest.mark.parametrize("lines, want, why", [
    (TURNED_CARD, "男", "男 alone on its line: the closed list's value, its label lost"),
    ([ln("性别女民族汉", 50, 80, 300, 110), ln("男", 195, 160, 225, 190)], "女", "the labelled value first"),
    ([ln("男", 195, 86, 225, 120), ln("女", 195, 130, 225, 160)], None, "two lone values: neither is taken"),
])
def test_a_card_sex_found_by_what_it_is(lines, want, why):
    assert id_card_front.extract(lines)["sex"].value == want, why
