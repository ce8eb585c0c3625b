"""The organisations' certificates on lines as the engine returns them (no engine needed):
which certificate a page is, by its title and labels or, when the title is lost, by its credit
code's category; and the fields read from each wording."""

from __future__ import annotations

import pytest

from beian.extractors import classify
from beian.extractors.layout import Line
from beian.text import compact
from beian.validators import uscc


def ln(text: str, x0: float, y0: float, x1: float, y1: float, score: float = 0.99) -> Line:
    return Line(text, compact(text), score, x0, y0, x1, y1)


def code(prefix: str, region: str = "330100", org: str = "45678901") -> str:
    from beian.validators.uscc import calc_organisation_check

    body = prefix + region + org + calc_organisation_check(org)
    return body + uscc._uscc.calc_check_digit(body + "0")


def rows(*pairs: tuple[str, str], title: str | None = None, top: int = 300) -> list[Line]:
    """A certificate's lines: the title (if read), then label / value rows 60 px apart."""
    out = [ln(title, 300, 120, 900, 200)] if title else []
    for k, (label, value) in enumerate(pairs):
        y = top + 60 * k
        out += [ln(label, 100, y, 100 + 30 * len(label), y + 36), ln(value, 340, y, 340 + 28 * len(value), y + 36)]
    return out


INSTITUTION = [("统一社会信用代码", code("12")), ("名称", "杭州市第一人民医院"), ("住所", "浙江省杭州市上城区解放路88号"),
               ("宗旨和业务范围", "为人民身体健康提供医疗与护理保健服务。"), ("法定代表人", "王建国"),
               ("经费来源", "财政补助"), ("开办资金", "￥1250万元"), ("举办单位", "杭州市卫生健康委员会"),
               ("有效期", "自2024年03月01日至2029年02月28日"), ("登记管理机关", "杭州市事业单位登记管理局")]
SOCIAL = [("统一社会信用代码", code("51")), ("名称", "杭州市软件行业协会"), ("业务范围", "行业自律、业务培训。"),
          ("活动地域", "杭州市"), ("住所", "浙江省杭州市西湖区文三路100号"), ("法定代表人", "李娜"),
          ("注册资金", "叁万元"), ("业务主管单位", "杭州市经济和信息化局"), ("有效期", "自2023年05月10日至2028年05月09日"),
          ("登记管理机关", "杭州市民政局")]
GOVERNMENT = [("统一社会信用代码", code("11")), ("机构名称", "杭州市数据资源管理局"), ("机构性质", "机关"),
              ("机构地址", "浙江省杭州市上城区解放东路18号"), ("负责人", "张伟"), ("主要职能", "负责数据资源管理工作。"),
              ("有效期", "自2022年01月05日至2027年01月04日"), ("赋码机关", "杭州市机构编制委员会办公室")]
LAW_FIRM = [("统一社会信用代码", code("31")), ("执业机构", "浙江明正律师事务所"), ("住所", "浙江省杭州市江干区钱江路58号"),
            ("负责人", "陈静"), ("组织形式", "普通合伙"), ("设立资产", "伍拾万元"), ("主管机关", "杭州市司法局"),
            ("发证机关", "浙江省司法厅")]
FOUNDATION = [("统一社会信用代码", code("53", "330000")), ("名称", "浙江省华信教育基金会"),
              ("业务范围", "资助贫困学生，奖励优秀教师。"), ("住所", "浙江省杭州市西湖区中山北路185号"),
              ("法定代表人", "许娟"), ("原始基金", "肆佰万元"), ("业务主管单位", "浙江省教育厅"),
              ("有效期", "自2022年12月05日至2027年12月04日"), ("登记管理机关", "浙江省民政厅")]
PRIVATE = [("统一社会信用代码", code("52")), ("名称", "杭州市启明职业技能培训学校"), ("业务范围", "职业技能培训。"),
           ("住所", "浙江省杭州市拱墅区湖墅南路9号"), ("法定代表人", "刘洋"), ("开办资金", "拾万元"),
           ("业务主管单位", "杭州市人力资源和社会保障局"), ("有效期", "自2025年06月01日至2030年05月31日"),
           ("登记管理机关", "杭州市民政局")]

TYPES = [
    # (case, lines, the document type)
    ("事业单位法人证书 by its title", rows(*INSTITUTION, title="事业单位法人证书"), "institution_certificate"),
    ("社会团体法人登记证书 by its title", rows(*SOCIAL, title="社会团体法人登记证书"), "social_organization_certificate"),
    ("统一社会信用代码证书 by its title", rows(*GOVERNMENT, title="统一社会信用代码证书"), "uscc_certificate"),
    ("律师事务所执业许可证 by its title", rows(*LAW_FIRM, title="律师事务所执业许可证"), "law_firm_licence"),
    ("基金会法人登记证书 by its title", rows(*FOUNDATION, title="基金会法人登记证书"), "foundation_certificate"),
    ("民办非企业单位登记证书 by its title", rows(*PRIVATE, title="民办非企业单位登记证书"),
     "private_non_enterprise_certificate"),
    ("社会服务机构登记证书 (the 2016 name)", rows(*PRIVATE, title="社会服务机构登记证书"),
     "private_non_enterprise_certificate"),
    # a watermark or the seal took the title: the labels alone tie, the code's category decides
    ("no title, code 51: 社会团体", rows(*SOCIAL), "social_organization_certificate"),
    ("no title, code 12: 事业单位", rows(*INSTITUTION), "institution_certificate"),
    ("no title, code 52: 民办非企业单位", rows(*PRIVATE), "private_non_enterprise_certificate"),
    ("no title, code 53: 基金会", rows(*FOUNDATION), "foundation_certificate"),
    ("a licence stays a licence", rows(("统一社会信用代码", code("91")), ("名称", "杭州云帆科技有限公司"),
                                        ("经营范围", "软件开发。"), ("注册资本", "伍佰万元"), title="营业执照"),
     "business_license"),
]


@pytest.mark.parametrize("case,lines,want", TYPES, ids=[t[0] for t in TYPES])
def test_a_certificate_is_told_by_its_title_labels_and_code(case, lines, want):
    assert classify.best_type(lines) == want, f"{case}: {classify.scores(lines)}"


def test_a_code_alone_makes_no_certificate():
    """The code's category only weighs among unit certificates: a domain certificate that prints
    its holder's code stays a domain certificate."""
    lines = [ln("域名证书", 300, 100, 700, 180), ln("域名：yunfan.cn", 100, 300, 500, 336),
             ln("注册商：阿里云计算有限公司", 100, 360, 600, 396), ln(f"证件号码：{code('12')}", 100, 420, 700, 456),
             ln("到期时间：2028-05-01", 100, 480, 500, 516)]
    assert classify.best_type(lines) == "domain_certificate", classify.scores(lines)


READ = [
    # (case, lines, fields that must be read)
    ("事业单位法人证书", rows(*INSTITUTION, title="事业单位法人证书"),
     {"credit_code": INSTITUTION[0][1], "name": "杭州市第一人民医院", "legal_representative": "王建国",
      "address": "浙江省杭州市上城区解放路88号", "valid_from": "2024-03-01", "valid_until": "2029-02-28",
      "registration_authority": "杭州市事业单位登记管理局", "sponsor": "杭州市卫生健康委员会",
      "capital": "¥1250万元", "funding_source": "财政补助"}),  # NFKC: ￥ is ¥
    ("统一社会信用代码证书: 机构名称, 负责人, 机构地址, 赋码机关", rows(*GOVERNMENT, title="统一社会信用代码证书"),
     {"name": "杭州市数据资源管理局", "legal_representative": "张伟", "address": "浙江省杭州市上城区解放东路18号",
      "scope": "负责数据资源管理工作。", "valid_until": "2027-01-04", "registration_authority": "杭州市机构编制委员会办公室"}),
    ("律师事务所执业许可证: 执业机构, 主管机关, 设立资产; nothing expires", rows(*LAW_FIRM, title="律师事务所执业许可证"),
     {"name": "浙江明正律师事务所", "legal_representative": "陈静", "sponsor": "杭州市司法局", "capital": "伍拾万元",
      "valid_until": None, "registration_authority": "浙江省司法厅"}),
    ("社会团体法人登记证书: 活动地域 ends the scope", rows(*SOCIAL, title="社会团体法人登记证书"),
     {"scope": "行业自律、业务培训。", "capital": "叁万元", "sponsor": "杭州市经济和信息化局", "valid_from": "2023-05-10"}),
]


@pytest.mark.parametrize("case,lines,want", READ, ids=[r[0] for r in READ])
def test_the_fields_of_each_wording(case, lines, want):
    doc_type = classify.best_type(lines)
    fields = classify.MODULES[doc_type].extract(lines)
    got = {k: fields[k].value if k in fields else None for k in want}
    assert got == want, f"{case}: {got}"
