"""Subjects of the independent set, with the variety real licences show.

Numbers (ID numbers, credit codes) come from the first generator's identity
code, which makes them structurally valid; everything printed around them
(entity kinds, capital wordings, bracketed names and addresses, long scopes)
is chosen here, after the real documents.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from generator.identities import REGIONS, STREETS, Company, Person, credit_code, make_company, make_person

KINDS = ("company", "company", "company", "getihu", "branch", "sole")
COMPANY_TYPES = ["有限责任公司(自然人独资)", "有限责任公司(自然人投资或控股)", "有限责任公司（非自然人投资或控股的法人独资）",
                 "有限责任公司（自然人投资或控股的法人独资）", "一人有限责任公司(自然人独资)", "股份有限公司（非上市、自然人投资或控股）",
                 "有限责任公司"]
BRANCH_TYPES = ["有限责任公司分公司", "有限责任公司分公司(自然人投资或控股)", "股份有限公司分公司（非上市、自然人投资或控股）"]
CAPITALS = ["人民币壹佰万元", "伍佰万元人民币", "壹仟万元整", "人民币100.0000万元整", "50万元", "壹亿零壹佰万元整",
            "人民币6000.0000万元整", "贰佰伍拾万元整", "叁仟万圆整"]
TRADES = ["五金科技", "电子科技", "装饰工程", "保险经纪", "商贸", "食品", "电力科技", "网络科技", "信息技术"]
SHOP_WORDS = ["驭智家商贸工作室", "小林便利店", "老陈五金店", "青禾文印部", "晨光网络工作室", "福来餐饮店"]
SCOPE_PARTS = ["研发、产销：五金制品、电子产品", "销售：塑胶制品", "计算机软硬件、音视频传输设备的研发及销售",
               "网络建设和维护", "监控设备的设计、安装、调试", "技术进出口", "货物进出口",
               "电力工程施工（目录限制类、禁止类除外）", "设备租赁", "房屋租赁", "企业管理咨询",
               "设计、制作、代理、发布国内外广告", "日用百货、办公用品、工艺美术品的销售", "第二类增值电信业务",
               "互联网销售（除销售需要许可的商品）", "食用农产品零售（不含活禽）", "信息技术咨询服务", "软件开发"]
SCOPE_ENDS = ["（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
              "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。", "。"]
BLOCKS = ["工业园", "科技园", "创业大厦", "商务中心", "产业园B区"]


@dataclass
class Subject:
    kind: str
    company: Company
    operator: str  # 法定代表人 / 负责人 / 经营者 / 投资人


def _address(rng: random.Random, region) -> str:
    _, prov, city, dist = region
    street = rng.choice(STREETS)
    tail = rng.choice([
        f"{rng.randint(1, 999)}号",
        f"{rng.randint(1, 300)}号{rng.randint(1, 12)}幢{rng.randint(101, 2808)}室",
        f"{rng.randint(1, 900)}号（{rng.choice(BLOCKS)}{rng.randint(1, 9)}号楼{rng.randint(1, 20)}层）",
        f"{rng.randint(1, 99)}号{rng.choice('一二三四五六')}栋{rng.randint(101, 608)}房",
        f"{rng.randint(1, 60)}号（住改商）",
    ])
    lead = prov + city if rng.random() < 0.7 else (city or prov)
    return f"{lead}{dist}{street}{tail}"


def _scope(rng: random.Random) -> str:
    parts = rng.sample(SCOPE_PARTS, rng.randint(2, 9))
    head = rng.choice(["", "", "一般项目："])
    return head + "；".join(parts) + rng.choice(SCOPE_ENDS)


def make_subject(rng: random.Random, kind: str | None = None, person: Person | None = None) -> Subject:
    kind = kind or rng.choice(KINDS)
    person = person or make_person(rng)
    base = make_company(rng, person.name)
    region = rng.choice(REGIONS)
    city = (region[2] or region[1]).rstrip("市")
    est = dt.date(rng.randint(1999, 2024), rng.randint(1, 12), rng.randint(1, 28))
    until = None if rng.random() < 0.6 else est.replace(year=est.year + 20) - dt.timedelta(days=1)
    common = dict(credit_code=credit_code(rng, region[0]), established=est, valid_until=until,
                  address=_address(rng, region), scope=_scope(rng), region=region,
                  authority=f"{region[2] or region[1]}{region[3]}市场监督管理局",
                  issue_date=dt.date(rng.randint(max(est.year, 2019), 2025), rng.randint(1, 12), rng.randint(1, 28)))
    if kind == "getihu":
        code = "92" + common["credit_code"][2:]
        from stdnum.cn import uscc
        code = code[:17] + uscc.calc_check_digit(code[:17] + "0")
        common.update(credit_code=code, valid_until=None)
        c = replace(base, name=f"{city}市{rng.choice(SHOP_WORDS)}", entity_type="个体工商户",
                    registered_capital="", **common)
    elif kind == "branch":
        parent = f"{city}市{rng.choice(['菜篮', '恒信', '云帆', '启明'])}{rng.choice(TRADES)}有限公司"
        c = replace(base, name=parent + rng.choice(["龙岗分公司", "第一分公司", f"{region[3]}分公司"]),
                    entity_type=rng.choice(BRANCH_TYPES), registered_capital="", **common)
    elif kind == "sole":
        code = common["credit_code"][:2] + common["credit_code"][2:]
        c = replace(base, name=f"{city}市{rng.choice(['青禾', '远见', '安和'])}{rng.choice(TRADES)}中心",
                    entity_type="个人独资企业", registered_capital="", **common)
        c = replace(c, credit_code=code)
    else:
        bracket = rng.random() < 0.25
        name = (f"{rng.choice(['环平', '晋城', '涵普', '彩美'])}{rng.choice(TRADES)}（{city}）有限公司" if bracket
                else f"{city}市{rng.choice(['固盘', '翼晟俊', '创邻', '金工', '舜杰佳业'])}{rng.choice(TRADES)}有限公司")
        c = replace(base, name=name, entity_type=rng.choice(COMPANY_TYPES),
                    registered_capital=rng.choice(CAPITALS), **common)
    return Subject(kind, c, person.name)
