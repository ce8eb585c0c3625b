"""Invented non-mainland people and the documents they file with (issue 19): 港澳台居民居住证,
港澳 / 台湾 travel permits, foreign permanent-residence cards (2017 and 2023 designs), passports
with an ICAO MRZ. Numbers are structurally valid (check characters computed); nobody is real."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from stdnum.cn import ric

from beian.validators import mrz

from .identities import REGIONS, _address

# (ISO alpha-3, numeric, Chinese name); English names for the passports and cards
NATIONS = [("USA", "840", "美国"), ("GBR", "826", "英国"), ("DEU", "276", "德国"), ("FRA", "250", "法国"),
           ("CAN", "124", "加拿大"), ("AUS", "036", "澳大利亚"), ("JPN", "392", "日本"), ("KOR", "410", "韩国"),
           ("SGP", "702", "新加坡"), ("ITA", "380", "意大利")]
FAMILY = ["SMITH", "MILLER", "MUELLER", "MARTIN", "BROWN", "TANAKA", "KIM", "ROSSI", "LEE", "WILSON"]
FIRST = ["JOHN", "ANNA", "DAVID", "MARIE", "PAUL", "EMMA", "KENJI", "MINJI", "LUCA", "SARAH"]
CN_FAMILY = {"SMITH": "史密斯", "MILLER": "米勒", "MUELLER": "穆勒", "MARTIN": "马丁", "BROWN": "布朗",
             "TANAKA": "田中", "KIM": "金", "ROSSI": "罗西", "LEE": "李", "WILSON": "威尔逊"}
CN_FIRST = {"JOHN": "约翰", "ANNA": "安娜", "DAVID": "大卫", "MARIE": "玛丽", "PAUL": "保罗", "EMMA": "艾玛",
            "KENJI": "健二", "MINJI": "敏智", "LUCA": "卢卡", "SARAH": "莎拉"}
HK_FAMILY = {"陈": "CHAN", "李": "LEE", "黄": "WONG", "张": "CHEUNG", "林": "LAM", "何": "HO", "梁": "LEUNG"}
HK_GIVEN = {"大文": "TAI MAN", "嘉欣": "KA YAN", "志明": "CHI MING", "美玲": "MEI LING", "家豪": "KA HO"}
TW_GIVEN = {"志明": "CHIH-MING", "淑芬": "SHU-FEN", "家豪": "CHIA-HAO", "怡君": "YI-CHUN"}
TW_FAMILY = {"陈": "CHEN", "李": "LI", "黄": "HUANG", "张": "CHANG", "林": "LIN", "何": "HO", "梁": "LIANG"}


@dataclass
class Outsider:
    """A person who is not a mainland resident: what their documents print."""

    kind: str  # hmt_residence_permit | hk_macao_permit | taiwan_permit | foreign_permanent_residence | passport
    name: str  # as printed in Chinese (the English name where none is)
    english_name: str
    sex: str
    birth: dt.date
    number: str  # the number entered as id_number for this document
    valid_from: dt.date
    valid_until: dt.date
    authority: str
    nationality: str | None = None  # alpha-3
    nationality_cn: str | None = None
    address: str | None = None  # 港澳台居民居住证: the mainland address
    permit_number: str | None = None  # 港澳台居民居住证's back: the travel permit's number
    issue_count: str | None = None
    design: str | None = None  # permanent residence: 2017 | 2023


def _citizen(rng: random.Random, region: str, birth: dt.date, sex: str) -> str:
    seq = rng.randint(0, 99) * 10 + rng.choice([1, 3, 5, 7, 9] if sex == "男" else [0, 2, 4, 6, 8])
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def _born(rng: random.Random) -> dt.date:
    return dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))


def _valid(rng: random.Random, years: int, today: dt.date) -> tuple[dt.date, dt.date]:
    start = today - dt.timedelta(days=rng.randint(60, 365 * (years - 1)))
    # a start on 29 February ends on the 28th of its last year (no 29th that year)
    end = start.replace(year=start.year + years, day=min(start.day, 28 if start.month == 2 else 31))
    return start, end - dt.timedelta(days=1)


def _hk_or_tw(rng: random.Random, taiwan: bool) -> tuple[str, str, str]:
    if taiwan:
        family, given = rng.choice(list(TW_FAMILY)), rng.choice(list(TW_GIVEN))
        return family + given, f"{TW_FAMILY[family]}, {TW_GIVEN[given]}", "830000"
    family, given = rng.choice(list(HK_FAMILY)), rng.choice(list(HK_GIVEN))
    return family + given, f"{HK_FAMILY[family]}, {HK_GIVEN[given]}", rng.choice(["810000", "820000"])


def make_outsider(rng: random.Random, kind: str, today: dt.date = dt.date(2026, 11, 28)) -> Outsider:
    sex, birth = rng.choice("男女"), _born(rng)
    if kind in ("hmt_residence_permit", "hk_macao_permit", "taiwan_permit"):
        taiwan = kind == "taiwan_permit" or (kind == "hmt_residence_permit" and rng.random() < 0.3)
        name, english, region = _hk_or_tw(rng, taiwan)
        permit = (f"{rng.randint(0, 99999999):08d}" if taiwan else
                  f"{'H' if region == '810000' else 'M'}{rng.randint(0, 99999999):08d}{rng.choice(['', '00', '01'])}")
        if kind == "hmt_residence_permit":
            home = rng.choice(REGIONS)
            start, end = _valid(rng, 5, today)
            return Outsider(kind, name, english, sex, birth, _citizen(rng, region, birth, sex), start, end,
                            f"{home[2] or home[1]}公安局{home[3]}分局", address=_address(rng, home),
                            permit_number=permit, issue_count=f"{rng.randint(1, 3):02d}")
        start, end = _valid(rng, rng.choice([5, 10]), today)
        return Outsider(kind, name, english, sex, birth, permit, start, end, "公安部出入境管理局")
    nation, numeric, nation_cn = rng.choice(NATIONS)
    family, first = rng.choice(FAMILY), rng.choice(FIRST)
    english = f"{family}, {first}"
    if kind == "foreign_permanent_residence":
        design = rng.choice(["2017", "2023"])
        province = rng.choice(["11", "31", "44", "32", "33"])
        if design == "2023":
            body = f"9{province}{numeric}{birth:%Y%m%d}{rng.randint(0, 99):02d}{rng.choice('13579' if sex == '男' else '02468')}"
            number = body + ric.calc_check_digit(body + "0")
        else:
            body = f"{nation}{province}00{birth:%y%m%d}{rng.choice('13579' if sex == '男' else '02468')}"
            number = body + mrz.check_digit(body)
        start, end = _valid(rng, 10, today)
        return Outsider(kind, f"{CN_FAMILY[family]}·{CN_FIRST[first]}", english, sex, birth, number, start, end,
                        "中华人民共和国国家移民管理局", nation, nation_cn, design=design)
    number = rng.choice("ABCEGKNPX") + f"{rng.randint(0, 99999999):08d}"
    start, end = _valid(rng, 10, today)
    return Outsider("passport", english, english, sex, birth, number, start, end, nation, nation, nation_cn)


def td3(o: Outsider) -> tuple[str, str]:
    """The passport's two MRZ lines (ICAO 9303 TD3), check digits computed."""
    family, _, first = o.english_name.partition(", ")
    line1 = f"P<{o.nationality}{family.replace(' ', '<')}<<{first.replace(' ', '<')}".ljust(44, "<")[:44]
    number = o.number.ljust(9, "<")
    birth, expiry = f"{o.birth:%y%m%d}", f"{o.valid_until:%y%m%d}"
    optional = "<" * 14
    body = (number + mrz.check_digit(number) + o.nationality + birth + mrz.check_digit(birth)
            + {"男": "M", "女": "F"}[o.sex] + expiry + mrz.check_digit(expiry) + optional + "<")
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1, body + mrz.check_digit(composite)


def truth(o: Outsider, side: str | None = None) -> dict:
    """What the document (``side``: front or back of a 港澳台居民居住证) must be read as."""
    if o.kind == "hmt_residence_permit":
        if side == "front":
            return {"name": o.name, "sex": o.sex, "birth_date": o.birth.isoformat(), "address": o.address,
                    "id_number": o.number}
        return {"issuing_authority": o.authority, "valid_from": o.valid_from.isoformat(),
                "valid_until": o.valid_until.isoformat(), "permit_number": o.permit_number,
                "issue_count": o.issue_count}
    out = {"name": o.name, "english_name": o.english_name, "sex": o.sex, "birth_date": o.birth.isoformat(),
           "valid_until": o.valid_until.isoformat()}
    if o.kind == "foreign_permanent_residence":
        return out | {"nationality": o.nationality, "id_number": o.number, "valid_from": o.valid_from.isoformat()}
    if o.kind == "passport":
        return out | {"nationality": o.nationality, "passport_number": o.number, "mrz": "\n".join(td3(o))}
    return out | {"permit_number": o.number, "valid_from": o.valid_from.isoformat(), "issuing_authority": o.authority}
