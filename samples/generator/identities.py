"""Invented people, companies and domains with structurally valid numbers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from stdnum.cn import ric, uscc

from beian.validators.dates import expected_id_valid_until
from beian.validators.uscc import calc_organisation_check

# (region code, province, city, district): real codes, used only as the region part
REGIONS = [
    ("330106", "浙江省", "杭州市", "西湖区"), ("330102", "浙江省", "杭州市", "上城区"),
    ("330203", "浙江省", "宁波市", "海曙区"), ("110105", "北京市", "", "朝阳区"),
    ("110108", "北京市", "", "海淀区"), ("310104", "上海市", "", "徐汇区"),
    ("310115", "上海市", "", "浦东新区"), ("440305", "广东省", "深圳市", "南山区"),
    ("440106", "广东省", "广州市", "天河区"), ("320106", "江苏省", "南京市", "鼓楼区"),
    ("320508", "江苏省", "苏州市", "姑苏区"), ("510107", "四川省", "成都市", "武侯区"),
    ("420111", "湖北省", "武汉市", "洪山区"), ("370102", "山东省", "济南市", "历下区"),
    ("350203", "福建省", "厦门市", "思明区"), ("610113", "陕西省", "西安市", "雁塔区"),
    ("430104", "湖南省", "长沙市", "岳麓区"), ("120101", "天津市", "", "和平区"),
    ("500103", "重庆市", "", "渝中区"), ("410105", "河南省", "郑州市", "金水区"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉建国志红文斌宇浩凯鹏飞晨欣怡梓涵子轩雨萱思远博文嘉怡佳琪俊杰晓东海燕雪梅春华国庆振华立新"
ETHNICITIES = ["汉"] * 12 + ["回", "满", "壮", "苗", "土家", "蒙古", "朝鲜", "维吾尔"]
STREETS = ["文三路", "学院路", "中山北路", "解放路", "人民大道", "建设路", "科技园南路", "长江路",
           "凤起路", "天府大道", "延安西路", "南京东路", "东风路", "新华街", "滨江大道", "和平里"]
COMPANY_WORDS = ["云帆", "星河", "远见", "青禾", "数智", "恒信", "蓝海", "启明", "锦程", "凌云",
                 "博睿", "鼎盛", "创联", "智汇", "华信", "新原", "卓越", "安和", "众诚", "泰和"]
COMPANY_TRADES = ["网络科技", "信息技术", "软件开发", "文化传媒", "电子商务", "数据服务", "教育科技"]
ENTITY_TYPES = ["有限责任公司(自然人投资或控股)", "有限责任公司(自然人独资)", "其他有限责任公司",
                "股份有限公司(非上市、自然人投资或控股)"]
CAPITALS = ["壹佰万元整", "伍拾万元整", "伍佰万元整", "壹仟万元整", "贰佰万元整", "叁拾万元整"]
SCOPES = [
    "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务；"
    "网络技术服务；数据处理和存储支持服务（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。",
    "计算机软硬件的技术开发、技术服务、成果转让；网页设计；电子产品、办公用品的销售；"
    "企业管理咨询；会务服务。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
    "一般项目：互联网销售（除销售需要许可的商品）；广告设计、代理；文艺创作；组织文化艺术交流活动；"
    "教育咨询服务（不含涉许可审批的教育培训活动）。",
]
REGISTRARS = ["阿里云计算有限公司", "北京新网数码信息技术有限公司", "成都西维数码科技有限公司",
              "腾讯云计算（北京）有限责任公司", "厦门易名科技股份有限公司", "广东时代互联科技有限公司"]
SUFFIXES = ["com", "cn", "net", "com.cn", "top", "xyz", "tech", "中国", "vip", "shop"]
PINYIN = ["yunfan", "xinghe", "yuanjian", "qinghe", "shuzhi", "hengxin", "lanhai", "qiming", "jincheng",
          "lingyun", "borui", "dingsheng", "chuanglian", "zhihui", "huaxin", "xinyuan", "zhuoyue"]


@dataclass
class Person:
    name: str
    sex: str
    ethnicity: str
    birth: dt.date
    address: str
    id_number: str
    authority: str
    valid_from: dt.date
    valid_until: dt.date | None  # None: 长期
    region: tuple[str, str, str, str]


@dataclass
class Company:
    name: str
    credit_code: str
    entity_type: str
    legal_representative: str
    registered_capital: str
    established: dt.date
    valid_until: dt.date | None
    address: str
    scope: str
    authority: str
    issue_date: dt.date
    region: tuple[str, str, str, str]


@dataclass
class Domain:
    domain: str
    holder: str
    registrar: str
    registered: dt.date
    expires: dt.date
    extra: dict = field(default_factory=dict)


def _address(rng: random.Random, region) -> str:
    _, prov, city, dist = region
    street = rng.choice(STREETS)
    tail = rng.choice([f"{rng.randint(1, 999)}号", f"{rng.randint(1, 300)}号{rng.randint(1, 30)}幢{rng.randint(101, 2808)}室",
                       f"{rng.randint(1, 200)}弄{rng.randint(1, 60)}号{rng.randint(101, 1802)}室"])
    return f"{prov}{city}{dist}{street}{tail}"


def id_number(rng: random.Random, region: str, birth: dt.date, sex: str) -> str:
    seq = rng.randint(0, 99) * 10 + rng.choice([1, 3, 5, 7, 9] if sex == "男" else [0, 2, 4, 6, 8])
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def validity(rng: random.Random, birth: dt.date, today: dt.date) -> tuple[dt.date, dt.date | None]:
    """Issue date and end of validity following 居民身份证法 art. 5."""
    age_now = (today - birth).days // 365
    issued_age = rng.randint(max(16, age_now - 19), max(16, age_now)) if age_now >= 16 else age_now
    issued = dt.date(birth.year + issued_age, rng.randint(1, 12), rng.randint(1, 28))
    if issued > today:
        issued = today - dt.timedelta(days=rng.randint(30, 700))
    if (issued.month, issued.day) == (2, 29):
        issued = issued.replace(day=28)
    end = expected_id_valid_until(birth, issued)  # 居民身份证法 art. 5
    return issued, (None if end == "长期" else dt.date.fromisoformat(end))


def make_person(rng: random.Random, today: dt.date = dt.date(2026, 11, 28)) -> Person:
    region = rng.choice(REGIONS)
    sex = rng.choice("男女")
    birth = dt.date(rng.randint(1955, 2006), rng.randint(1, 12), rng.randint(1, 28))
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
    issued, until = validity(rng, birth, today)
    city = region[2] or region[1]
    return Person(
        name=name, sex=sex, ethnicity=rng.choice(ETHNICITIES), birth=birth,
        address=_address(rng, region), id_number=id_number(rng, region[0], birth, sex),
        authority=f"{city}公安局{region[3]}分局", valid_from=issued, valid_until=until, region=region,
    )


def credit_code(rng: random.Random, region: str, prefix: str = "91") -> str:
    """A structurally valid code of the GB 32100 category ``prefix`` (91 企业, 12 事业单位, 51 社会团体 …)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    head = {"91": "MA", "92": "MA", "93": "MA", "51": "MJ", "52": "MJ", "53": "MJ", "31": "MD"}.get(prefix, "")
    org8 = head + "".join(rng.choice(alphabet) for _ in range(6)) if head and rng.random() < 0.6 else \
        "".join(rng.choice("0123456789") for _ in range(8))
    body = prefix + region + org8 + calc_organisation_check(org8)
    return body + uscc.calc_check_digit(body + "0")


def make_company(rng: random.Random, representative: str) -> Company:
    region = rng.choice(REGIONS)
    city = (region[2] or region[1]).rstrip("市")
    name = f"{city}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_TRADES)}有限公司"
    est = dt.date(rng.randint(2005, 2024), rng.randint(1, 12), rng.randint(1, 28))
    until = None if rng.random() < 0.6 else est.replace(year=est.year + rng.choice([20, 30, 50]))
    return Company(
        name=name, credit_code=credit_code(rng, region[0]), entity_type=rng.choice(ENTITY_TYPES),
        legal_representative=representative, registered_capital=rng.choice(CAPITALS), established=est,
        valid_until=until, address=_address(rng, region), scope=rng.choice(SCOPES),
        authority=f"{region[2] or region[1]}{region[3]}市场监督管理局",
        issue_date=dt.date(rng.randint(max(est.year, 2018), 2025), rng.randint(1, 12), rng.randint(1, 28)),
        region=region,
    )


@dataclass
class Organisation:
    """A unit that is not an enterprise, and what its certificate prints (contract: "Subjects,
    people and signed papers"); ``sponsor``, ``capital``, ``funding_source`` where its kind has them."""

    subject_type: str
    doc_type: str
    name: str
    credit_code: str
    legal_representative: str
    address: str
    scope: str | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    authority: str
    sponsor: str | None
    capital: str | None
    funding_source: str | None
    region: tuple[str, str, str, str]


# per subject type: its GB 32100 category, document, name endings, and what else it prints
ORGANISATIONS = {
    "government": {"prefix": "11", "doc": "uscc_certificate",
                   "names": ["数据资源管理局", "教育局", "文化广电旅游局", "人民政府办公室", "住房和城乡建设局", "统计局"],
                   "scopes": ["负责本行政区域数据资源管理工作，统筹推进数字政府建设。", "贯彻执行教育工作的方针政策，管理本级各类教育事业。",
                              "负责本地区统计调查、统计分析和统计监督工作。"],
                   "authority": "{city}机构编制委员会办公室"},
    "institution": {"prefix": "12", "doc": "institution_certificate",
                    "names": ["第一人民医院", "图书馆", "实验中学", "疾病预防控制中心", "档案馆", "职业技术学院"],
                    "scopes": ["为人民身体健康提供医疗与护理保健服务。医疗与护理、医学教学、医学研究、卫生医疗人员培训。",
                               "收集整理文献信息，提供阅读服务。图书借阅、参考咨询、文献收藏、社会教育。",
                               "实施中等教育，促进基础教育发展。高中学历教育、相关社会服务。"],
                    "sponsors": ["{city}卫生健康委员会", "{city}文化广电旅游局", "{city}教育局"],
                    "funding": ["财政补助", "财政全额拨款", "财政差额补助", "经费自理"],
                    "capital": ["￥1250万元", "￥860万元", "￥3200万元", "￥95万元"],
                    "authority": "{city}事业单位登记管理局"},
    "social_organization": {"prefix": "51", "doc": "social_organization_certificate",
                            "names": ["软件行业协会", "计算机学会", "摄影家协会", "电子商务促进会", "青年企业家商会"],
                            "scopes": ["行业自律、行业调研、业务培训、交流合作、咨询服务。", "学术交流、科普宣传、人才培养、咨询服务。"],
                            "sponsors": ["{city}经济和信息化局", "{city}科学技术协会", "{city}文学艺术界联合会"],
                            "capital": ["叁万元", "伍万元", "壹拾万元"],
                            "authority": "{city}民政局"},
    "private_non_enterprise": {"prefix": "52", "doc": "private_non_enterprise_certificate",
                               "names": ["职业技能培训学校", "养老服务中心", "社会工作服务中心", "青少年发展中心"],
                               "scopes": ["职业技能培训（计算机操作员、电子商务师）。", "为老年人提供生活照料、康复护理、文化娱乐服务。",
                                          "社会工作服务、社区服务、志愿者培训。"],
                               "sponsors": ["{city}人力资源和社会保障局", "{city}民政局", ""],
                               "capital": ["叁万元", "拾万元", "伍拾万元"],
                               "authority": "{city}民政局"},
    "foundation": {"prefix": "53", "doc": "foundation_certificate",
                   "names": ["教育基金会", "慈善基金会", "文化发展基金会"],
                   "scopes": ["资助贫困学生，奖励优秀教师，支持教育事业发展。", "扶贫济困、助学助医、救灾援助。"],
                   "sponsors": ["{province}教育厅", "{province}民政厅"],
                   "capital": ["贰佰万元", "肆佰万元", "捌佰万元"],
                   "authority": "{province}民政厅", "provincial": True},
    "law_firm": {"prefix": "31", "doc": "law_firm_licence", "names": ["律师事务所"],
                 "sponsors": ["{city}司法局"], "capital": ["伍拾万元", "壹佰万元", "叁拾万元"],
                 "authority": "{province}司法厅", "provincial": True, "no_validity": True},
}


def make_organisation(rng: random.Random, subject_type: str, representative: str,
                      today: dt.date = dt.date(2026, 11, 28)) -> Organisation:
    spec = ORGANISATIONS[subject_type]
    region = rng.choice(REGIONS)
    city, province = region[2] or region[1], region[1]
    short = province.rstrip("省市")
    word = rng.choice(COMPANY_WORDS)
    tail = rng.choice(spec["names"])
    name = {"government": f"{city}{tail}", "institution": f"{city}{tail}", "law_firm": f"{short}{word}{tail}",
            "foundation": f"{province}{word}{tail}"}.get(subject_type, f"{city}{word}{tail}")
    fill = lambda t: t.format(city=city, province=province) if t else None  # noqa: E731
    start = None if spec.get("no_validity") else dt.date(rng.randint(2021, 2025), rng.randint(1, 12), rng.randint(1, 28))
    return Organisation(
        subject_type=subject_type, doc_type=spec["doc"], name=name,
        credit_code=credit_code(rng, region[0][:4] + "00" if not spec.get("provincial") else region[0][:2] + "0000",
                                spec["prefix"]),
        legal_representative=representative, address=_address(rng, region),
        scope=rng.choice(spec["scopes"]) if spec.get("scopes") else None,
        valid_from=start, valid_until=start.replace(year=start.year + 5) - dt.timedelta(days=1) if start else None,
        authority=fill(spec["authority"]), sponsor=fill(rng.choice(spec["sponsors"])) if spec.get("sponsors") else None,
        capital=rng.choice(spec["capital"]) if spec.get("capital") else None,
        funding_source=rng.choice(spec["funding"]) if spec.get("funding") else None, region=region)


def make_domain(rng: random.Random, holder: str) -> Domain:
    suffix = rng.choice(SUFFIXES)
    label = rng.choice(PINYIN) + rng.choice(["", "-tech", "cloud", "net", str(rng.randint(1, 99))])
    if suffix == "中国" and rng.random() < 0.5:
        label = rng.choice(COMPANY_WORDS) + rng.choice(["科技", "网络", "数据"])
    reg = dt.date(rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28))
    exp = reg.replace(year=reg.year + rng.choice([1, 2, 3, 5, 10]))
    while exp < dt.date(2026, 1, 1):
        exp = exp.replace(year=exp.year + 1)
    return Domain(domain=f"{label}.{suffix}", holder=holder, registrar=rng.choice(REGISTRARS),
                  registered=reg, expires=exp)


_PERSONAL_SITES = ["读书笔记", "摄影随记", "旅行手记", "学习笔记"]


def site_name(subject_name: str, individual: bool) -> str:
    """A website name a provider accepts, from the subject (no random draw: adding it kept
    every committed scan byte for byte): an enterprise's short name + 官网; for a person a
    neutral topic (no company, place or personal name words)."""
    import re
    import zlib

    if individual:
        return _PERSONAL_SITES[zlib.crc32(subject_name.encode()) % len(_PERSONAL_SITES)]
    short = re.sub(r"^.{2,3}?[省市]|(（.*?）)|(有限责任公司|股份有限公司|有限公司).*$", "", subject_name)
    return f"{short or subject_name}官网"


@dataclass
class ResidencePermit:
    """A 居住证 of ``holder``: where they live in ``province`` (not their household region)."""

    holder: Person
    province: str
    city: str
    residence_address: str
    authority: str
    issue_date: dt.date
    valid_from: dt.date | None  # None: the permit prints no validity (older booklets)
    valid_until: dt.date | None


def make_residence_permit(rng: random.Random, holder: Person, province: str | None = None,
                          today: dt.date = dt.date(2026, 11, 28)) -> ResidencePermit:
    """A permit issued where ``province`` (default: any other than the holder's) has a region here;
    valid one or three years from its issue, which lies before ``today``."""
    others = [r for r in REGIONS if r[1] != holder.region[1] and (province is None or r[1] == province)]
    region = rng.choice(others or [r for r in REGIONS if r[1] == province] or REGIONS)
    city = region[2] or region[1]
    issued = today - dt.timedelta(days=rng.randint(20, 300))
    years = rng.choice([1, 3, 3, None])
    until = None if years is None else issued.replace(year=issued.year + years) - dt.timedelta(days=1)
    return ResidencePermit(holder=holder, province=region[1], city=city, residence_address=_address(rng, region),
                           authority=f"{city}公安局{region[3]}分局", issue_date=issued,
                           valid_from=issued if years else None, valid_until=until)


def residence_permit_truth(r: ResidencePermit) -> dict:
    p = r.holder
    out = {"name": p.name, "sex": p.sex, "birth_date": p.birth.isoformat(), "id_number": p.id_number,
           "household_address": p.address, "residence_address": r.residence_address,
           "issuing_authority": r.authority, "issue_date": r.issue_date.isoformat()}
    if r.valid_until:
        out |= {"valid_from": r.valid_from.isoformat(), "valid_until": r.valid_until.isoformat()}
    return out
