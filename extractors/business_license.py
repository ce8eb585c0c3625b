"""Business licence (营业执照), 2014+ two-column and older single-column layouts.

The credit code is found beside or under its label, else anywhere by its shape,
and repaired with its MOD 31 check character (`beian.validators.uscc.repair`).
Multi-line values (name, type, address, business scope, term) are joined.
"""

from __future__ import annotations

import re

from beian.extractors.base import complete, corrected_to, field_from, with_doubt
from beian.extractors.labels import Hit, Value, find_labels, first_hit, join_split_labels, parsed_value, value_of
from beian.extractors.layout import Line
from beian.models import Field
from beian.validators import dates, entity_types, uscc

TYPE = "business_license"
FIELDS = ("credit_code", "name", "entity_type", "legal_representative", "registered_capital",
          "established_date", "valid_until", "address", "business_scope")
OPTIONAL = ("registration_authority", "issue_date")
LABELS = {
    "credit_code": ["统一社会信用代码"],
    "name": ["名称", "企业名称", "单位名称"],
    "entity_type": ["类型", "主体类型", "企业类型", "公司类型", "经济性质"],
    "form": ["组成形式"],  # 个体工商户: 个人经营 / 家庭经营, not the entity type
    "legal_representative": ["法定代表人", "负责人", "经营者", "执行事务合伙人", "投资人", "法定代表人姓名",
                             "负责人姓名", "经营者姓名", "投资人姓名"],
    "registered_capital": ["注册资本", "出资额", "注册资金"],
    "established_date": ["成立日期", "注册日期"],
    "term": ["营业期限", "经营期限", "合伙期限"],
    "address": ["住所", "经营场所", "主要经营场所", "营业场所"],
    "business_scope": ["经营范围"],
    "registration_authority": ["登记机关"],
    "registration_number": ["注册号"],
}
MARKERS = {"营业执照": 3, "统一社会信用代码": 2, "法定代表人": 1, "经营范围": 2, "注册资本": 1,
           "成立日期": 1, "登记机关": 1, "营业期限": 1}
MULTILINE = {"name", "entity_type", "address", "business_scope", "term", "legal_representative"}
# a registered capital is an amount: digits or Chinese numerals, a unit, a currency; any other
# character in it is a misread (壹任 for 壹仟)
AMOUNT = re.compile(r"(人民币|美元|港币|欧元|日元)?[0-9.,零〇壹贰叁肆伍陆柒捌玖拾佰仟一二三四五六七八九十百千万亿]+"
                    r"(万|亿)?(元|圆)?(整)?(人民币|美元|港币|欧元|日元)?")
# characters the engine reads for a capital numeral or unit they look like (人 beside 千: 任 for 仟)
AMOUNT_LOOKALIKES = str.maketrans({"任": "仟", "仠": "仟", "什": "仟", "伯": "佰", "陌": "佰", "参": "叁", "武": "贰",
                                   "壶": "壹", "园": "圆", "圜": "圆"})


def repair_amount(text: str) -> str:
    """An amount with its look-alike characters put back, when that makes it an amount;
    otherwise the text as read.

    >>> repair_amount("壹任陆佰万圆整"), repair_amount("伍佰万元整"), repair_amount("公园任意")
    ('壹仟陆佰万圆整', '伍佰万元整', '公园任意')
    """
    fixed = text.translate(AMOUNT_LOOKALIKES)
    return fixed if AMOUNT.fullmatch(fixed) else text


CODE = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])")  # not 18 characters of a longer number (证照编号)
# starts like an address: a province, region or city, then a street-level word
ADDRESS = re.compile(r"^[\u4e00-\u9fff]{2,8}?(省|自治区|市).*(路|街|道|号|室|村|镇|弄|巷|大厦|园区)")


def extract(lines: list[Line]) -> dict[str, Field]:
    lines = join_split_labels(lines, LABELS)
    hits = find_labels(lines, LABELS)
    out: dict[str, Field] = {}
    used: set[int] = {h.line for h in hits}
    for name in ("name", "entity_type", "legal_representative", "registered_capital", "address", "business_scope"):
        if found := parsed_value(lines, hits, name, multiline=name in MULTILINE):
            out[name] = field_from(*found)
            used.update(found[0].lines)
    if (scope := out.get("business_scope")) and scope.value:
        out["business_scope"] = scope.model_copy(update={"value": scope_punctuation(scope.value)})
    if (cap := out.get("registered_capital")) and cap.value and not AMOUNT.fullmatch(cap.value):
        if (fixed := repair_amount(cap.value)) != cap.value:
            out["registered_capital"] = corrected_to(cap, fixed)
        else:
            out["registered_capital"] = with_doubt(cap, "not_an_amount")
    if (et := out.get("entity_type")) and et.value and (fixed := entity_types.repair(et.value)) and fixed[1]:
        out["entity_type"] = corrected_to(et, fixed[0])
    if "address" not in out and (found := _unlabelled_address(lines, hits, used)):
        out["address"] = field_from(*found, doubts=("unlabelled",))
    # values found by what they are, where their label was not read (a doubt: penalised)
    if "entity_type" not in out and (found := _unlabelled_entity_type(lines, used)):
        out["entity_type"] = field_from(*found, doubts=("unlabelled",))
    if "name" not in out and (found := _unlabelled_name(lines, used) or _name_above_type(lines, used, out)):
        out["name"] = field_from(*found, doubts=("unlabelled",))
    if found := parsed_value(lines, hits, "established_date", dates.parse_date):
        out["established_date"] = field_from(*found)
    if found := parsed_value(lines, hits, "term", lambda t: dates.parse_period(t)[1], multiline=True):
        out["valid_until"] = field_from(*found)
        if "established_date" not in out and (start := _term_start(lines, hits, used, found[0])):
            out["established_date"] = field_from(*start, doubts=("unlabelled",))
    out["credit_code"] = credit_code(lines, hits)
    if h := first_hit(hits, "registration_authority"):
        out.update(issue(lines, hits, h))
    return {**complete(out, FIELDS), **{k: out[k] for k in OPTIONAL if k in out}}


# what a colon may follow in a business scope: a heading (一般项目：) or a list of verbs (研发、产销：);
# every other colon the engine reads there is the semicolon that separates items (它常把；读作：)
SCOPE_HEADINGS = ("项目", "经营项目")
SCOPE_VERBS = frozenset("研发 产销 销售 生产 加工 批发 零售 制造 安装 维修 设计 开发 经销 代理 购销 批零 收购 "
                        "租赁 经营 制作 服务 施工 咨询".split())
_SCOPE_SEP = re.compile(r"[:;]")


def scope_punctuation(text: str) -> str:
    """Colons and semicolons of a business scope as its grammar has them.

    >>> scope_punctuation("研发、产销:五金制品、电子产品:销售:塑胶制品。")
    '研发、产销:五金制品、电子产品;销售:塑胶制品。'
    >>> scope_punctuation("一般项目:软件开发:网络建设和维护")
    '一般项目:软件开发;网络建设和维护'
    """
    out, start = [], 0
    for m in _SCOPE_SEP.finditer(text):
        segment = re.split(r"[;。)]", text[start:m.start()])[-1]
        items = segment.split("、")
        colon = segment.endswith(SCOPE_HEADINGS) or all(i in SCOPE_VERBS for i in items)
        out.append(text[start:m.start()] + (":" if colon else ";"))
        start = m.end()
    return "".join(out) + text[start:]


def probes(lines: list[Line], fields: dict[str, Field], names: tuple[str, ...] = ("entity_type", "name", "address",
                                                                                 "business_scope")
           ) -> dict[str, tuple[list[int], object]]:
    """Regions to read again: the line under a value left with an open bracket.

    A wrapped value whose last line is a lone ``)`` loses it when the detector
    misses the single character; the region under the value is read as one line.
    """
    out = {}
    for name in names:
        f = fields.get(name)
        if not (f and f.value and f.box) or f.value.count("(") <= f.value.count(")"):
            continue
        x0, y0, x1, y1 = f.box
        h = min(y1 - y0, max(12, (x1 - x0) // max(len(f.value), 1) * 1.3))
        value = f.value
        out[name] = ([int(x0 - 0.2 * h), int(y1), int(x0 + 4 * h), int(y1 + 1.4 * h)],
                     lambda t, v=value: v + t if t.startswith(")") and len(t) <= 4 else None)
    return out


def _unlabelled_address(lines: list[Line], hits: list[Hit], used: set[int]):
    """An address whose label was not detected (a letter-spaced 住  所 can vanish)."""
    for i, ln in enumerate(lines):
        if i not in used and ADDRESS.match(ln.key):
            v = value_of(lines, hits, Hit("address", i, 0, 0), multiline=True, row=False)
            return v, v.text
    return None


_TYPE_LABEL = re.compile(r"^(类型|类|型)[:\s]*")


def _unlabelled_entity_type(lines: list[Line], used: set[int]):
    """A line that is one of the closed list's wordings (after what is left of 类型 when
    its first character was lost: ``型个体工商户``)."""
    for i, ln in enumerate(lines):
        rest = _TYPE_LABEL.sub("", ln.key)
        if i not in used and len(rest) >= 4 and (known := entity_types.repair(rest)):
            return Value(rest, [i], ln.score, ln.box), known[0]
    return None


def _unlabelled_name(lines: list[Line], used: set[int]):
    """名称 with its first character lost and the name glued on: ``称长沙市…商行``."""
    for i, ln in enumerate(lines):
        rest = _LEAD_SPACE.sub("", ln.key[1:])
        if i not in used and ln.key.startswith("称") and len(rest) >= 4 and all("\u4e00" <= c <= "\u9fff" or c in "()"
                                                                                for c in rest):
            return Value(rest, [i], ln.score, ln.box), rest
    return None


# how the name of a licensed subject ends: a closed list of organisation forms
NAME_END = re.compile(r"(有限责任公司|股份有限公司|有限公司|分公司|公司|合伙企业|商行|经营部|门市部|工作室|事务所|"
                      r"合作社|研究所|研究院|中心|商店|超市|医院|学校|协会|厂|店|馆|部|社|"
                      # the organisations that are not enterprises (机关, 事业单位, 社会组织)
                      r"基金会|委员会|联合会|商会|学会|研究会|促进会|局|厅|政府|办公室|院|所|站|幼儿园)(\(.{1,12}\))?$")


def _name_above_type(lines: list[Line], used: set[int], out: dict[str, Field]):
    """名称 not read at all: the name is the line just above the entity type's value, in its
    column, and reads as a name (Chinese, ending in an organisation form)."""
    et = out.get("entity_type")
    if not (et and et.box):
        return None
    x0, y0, _, y1 = et.box
    h = max(1, y1 - y0)
    above = [(i, ln) for i, ln in enumerate(lines) if i not in used and ln.y1 <= y0 + 0.3 * h
             and y0 - ln.y1 < 2.5 * h and abs(ln.x0 - x0) < 1.5 * h]
    if not above:
        return None
    i, ln = max(above, key=lambda t: t[1].y1)
    text = ln.key
    if len(text) >= 4 and NAME_END.search(text) and all("\u4e00" <= c <= "\u9fff" or c in "()" for c in text):
        return Value(text, [i], ln.score, ln.box), text
    return None


_LEAD_SPACE = re.compile(r"^[:\s]+")
_DATE_ALONE = re.compile(r"[0-9年月日\s.\-/]+")


def _term_start(lines: list[Line], hits, used: set[int], term: Value):
    """The established date when its label was not read: a date standing alone on the
    licence that is the day its term (营业期限 自…至…) starts, the two agreeing."""
    start = dates.parse_period(term.text)[0]
    if not start:
        return None
    for i, ln in enumerate(lines):
        if i not in used and i not in term.lines and _DATE_ALONE.fullmatch(ln.key) and dates.parse_date(ln.key) == start:
            return Value(ln.key, [i], ln.score, ln.box), start
    return None


def credit_code(lines: list[Line], hits) -> Field:
    """The credit code beside or under its label, else anywhere by its shape, repaired by its check
    character where that is one reading."""
    candidates: list[tuple[str, Value]] = []
    if h := first_hit(hits, "credit_code"):
        v = value_of(lines, hits, h, below=True)
        candidates += [(m.group(0), v) for m in CODE.finditer(v.text.upper())]
    for i, ln in enumerate(lines):
        for m in CODE.finditer(ln.key.upper()):
            candidates.append((m.group(0), Value(m.group(0), [i], ln.score, ln.box)))
    for raw, where in candidates:
        if fixed := uscc.repair(raw):
            return field_from(where, fixed[0], corrected=fixed[1])
    if candidates:
        raw, where = candidates[0]
        return field_from(where, raw, doubts=("unrepaired",))
    return Field()


def issue(lines: list[Line], hits, h) -> dict[str, Field]:
    """The authority beside 登记机关 (often under the seal) and the issue date under it."""
    out: dict[str, Field] = {}
    label = lines[h.line]
    v = value_of(lines, hits, h)
    if v.text and not dates.find_dates(v.text) and len(v.text) >= 4:
        out["registration_authority"] = field_from(v, doubts=("under_seal",))
    below = [j for j, o in enumerate(lines) if o.y0 > label.y0 and o.y0 - label.y1 < 8 * label.h]
    for j in sorted(below, key=lambda j: lines[j].y0):
        if iso := dates.parse_date(lines[j].key):
            out["issue_date"] = field_from(Value(lines[j].key, [j], lines[j].score, lines[j].box), iso)
            break
    return out
