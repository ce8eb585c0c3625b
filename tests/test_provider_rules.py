"""The provider checks as tables: website names, pre-approval words, upload profiles,
the validity margin. Each case must fire or must stay silent."""

from __future__ import annotations

import datetime as dt

import pytest

from beian.validators import dates, pre_approval, site_names, upload_profiles
from beian.validators.upload_profiles import UploadFacts

ENT, IND = "enterprise", "individual"
CO = "杭州云帆网络科技有限公司"

SITE_NAMES = [
    # (name, subject type, subject name, province, domains, expected statuses, why)
    ("云帆网络官网", ENT, CO, "浙江省", ["yunfan.cn"], [], "an enterprise's short name"),
    ("读书笔记", IND, "王建国", "浙江省", ["wjg.cn"], [], "a neutral personal topic"),
    ("云帆", ENT, CO, "浙江省", ["yunfan.cn"], ["invalid"], "fewer than three Chinese characters"),
    ("yunfan123", ENT, CO, "浙江省", ["yunfan.cn"], ["invalid", "warning"], "only letters and digits"),
    ("云帆★网络官网", ENT, CO, "浙江省", ["yunfan.cn"], ["invalid"], "a special symbol"),
    ("中国云帆网络官网", ENT, CO, "浙江省", ["yunfan.cn"], ["invalid"], "a state prefix, non-state subject"),
    ("中国移动官网", ENT, "中国移动通信集团有限公司", "北京市", ["10086.cn"], [], "the subject's own name starts so"),
    ("云帆网络博彩官网", ENT, CO, "浙江省", ["yunfan.cn"], ["invalid"], "a sensitive word"),
    ("云帆科技有限公司", IND, "王建国", "湖北省", ["wjg.cn"], ["warning"], "company words for a person"),
    ("王建国的个人主页", IND, "王建国", "江苏省", ["wjg.cn"], ["warning"], "主页 is a generic word"),
    ("摄影随记", IND, "王建国", "江苏省", ["wjg.cn"], ["warning"], "Jiangsu: only 某某的个人博客/主页"),
    ("摄影交流随记", IND, "王建国", "广东省", ["wjg.cn"], ["warning"], "Guangdong's list: 交流"),
    ("摄影交流随记", IND, "王建国", "湖北省", ["wjg.cn"], [], "not on Hubei's list"),
    ("星辰数据平台", ENT, CO, "浙江省", ["xc.cn"], ["warning"], "unrelated to the company's name"),
]


@pytest.mark.parametrize("name, kind, subject, province, domains, want, why", SITE_NAMES,
                         ids=[c[-1] for c in SITE_NAMES])
def test_site_names(name, kind, subject, province, domains, want, why):
    got = sorted(status for status, _ in site_names.problems(name, kind, subject, province, domains))
    assert got == sorted(want), f"{why}: {name!r} gave {site_names.problems(name, kind, subject, province, domains)}"


def test_a_site_named_as_its_domain_is_refused():
    got = site_names.problems("yunfan.cn", ENT, CO, "浙江省", ["yunfan.cn"])
    assert any("域名" in m and s == "invalid" for s, m in got), got


PRE_APPROVAL = [
    ("云帆新闻网", ["新闻"], "news"),
    ("云帆影视在线", ["广播电影电视"], "audio-video"),
    ("云帆理财", ["金融"], "finance (Tencent's words)"),
    ("销售医疗器械；网约车平台", ["药品和医疗器械", "网络预约出租汽车"], "two sectors in a scope"),
    ("电子产品（不含电子出版物）的研发", [], "what a scope excludes names no sector"),
    ("（依法须经批准的项目，经相关部门批准后方可开展经营活动）", [], "the scope's boilerplate"),
    ("计算机软硬件开发、技术咨询", [], "an ordinary scope"),
    ("读书笔记", [], "an ordinary personal site"),
]


@pytest.mark.parametrize("text, want, why", PRE_APPROVAL, ids=[c[-1] for c in PRE_APPROVAL])
def test_pre_approval_sectors(text, want, why):
    got = [s["sector"] for s in pre_approval.sectors(text)]
    assert got == want, f"{why}: {text!r} -> {got}"
    for s in pre_approval.sectors(text):
        assert s["authority"] and s["document"] and s["word"] in text


MB = 2**20
UPLOADS = [
    ("tencent", UploadFacts("a.jpg", "jpeg", 1 * MB, 1240, 1754, True), 0, "within every limit"),
    ("tencent", UploadFacts("a.png", "png", 3 * MB, 1240, 1754, True), 1, "over 2 MB"),
    ("alibaba", UploadFacts("a.png", "png", 3 * MB, 1240, 1754, True), 0, "Alibaba allows 4 MB"),
    ("alibaba", UploadFacts("a.gif", "gif", 1 * MB, 1240, 1754, True), 0, "Alibaba takes GIF"),
    ("tencent", UploadFacts("a.gif", "gif", 1 * MB, 1240, 1754, True), 1, "Tencent does not"),
    ("huawei", UploadFacts("a.pdf", "pdf", 1 * MB), 1, "Huawei's console takes no PDF"),
    ("huawei-api", UploadFacts("a.pdf", "pdf", 1 * MB), 0, "its API does"),
    ("tencent", UploadFacts("a.jpg", "jpeg", 1 * MB, 1240, 1754, False), 1, "greyscale where colour is required"),
    ("huawei-api", UploadFacts("a.jpg", "jpeg", 1 * MB, 800, 1000, True, "business_license"), 1,
     "a licence under 1100x1500 px"),
    ("huawei-api", UploadFacts("a.jpg", "jpeg", 1 * MB, 1500, 1100, True, "business_license"), 0,
     "the same pixels turned"),
    ("huawei-api", UploadFacts("a.jpg", "jpeg", 12 * MB, 2000, 3000, True, "business_license"), 1, "over 10 MB"),
]


@pytest.mark.parametrize("profile, facts, n, why", UPLOADS, ids=[c[-1] for c in UPLOADS])
def test_upload_profiles(profile, facts, n, why):
    got = upload_profiles.violations(profile, facts)
    assert len(got) == n, f"{why}: {got}"
    if got:
        assert any(ch.isdigit() for ch in got[0]) or "彩色" in got[0] or "格式" in got[0], got[0]


def test_an_unknown_profile_names_the_known_ones():
    with pytest.raises(KeyError, match="tencent"):
        upload_profiles.profile("nope")


@pytest.mark.parametrize("day, months, want", [
    (dt.date(2026, 11, 28), 3, dt.date(2027, 2, 28)),
    (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
    (dt.date(2027, 12, 31), 2, dt.date(2028, 2, 29)),
    (dt.date(2026, 1, 15), 12, dt.date(2027, 1, 15)),
])
def test_add_months(day, months, want):
    assert dates.add_months(day, months) == want


FACTS = [
    ("001-id_card_front-clean.png", "png", True, "a colour card"),
    ("021-id_card_front-rot180.jpg", "jpeg", True, "a pale colour card, turned"),
    ("033-id_card_front-photocopy.jpg", "jpeg", False, "a photocopy saved as colour JPEG"),
    ("035-business_license-photocopy.jpg", "jpeg", False, "a licence photocopy"),
    ("007-business_license-scan_pdf.pdf", "pdf", None, "a PDF: no pixels, no colour judged"),
]


@pytest.mark.parametrize("name, fmt, colour, why", FACTS, ids=[c[-1] for c in FACTS])
def test_upload_facts(name, fmt, colour, why):
    from conftest import SCANS

    from beian.check import upload_facts

    data = (SCANS / name).read_bytes()
    f = upload_facts(name, data, None)
    assert (f.format, f.colour, f.bytes) == (fmt, colour, len(data)), f"{why}: {f}"
    assert (f.width is None) == (fmt == "pdf"), f
