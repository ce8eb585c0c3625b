"""承诺书 and 真实性责任告知书 (Guangdong's 互联网信息服务备案承诺书, Jiangsu's and Shanghai's): its title,
the subject and the responsible person named in it with their ID number, the date signed, and
the signature, seal and fingerprint (`papers`)."""

from __future__ import annotations

from beian.extractors import papers

TYPE = "commitment_letter"
FIELDS = ("title", "subject_name", "signatory", "id_number", "date", "signature", "seal", "fingerprint")
LABELS = {"subject_name": ["主办单位名称", "主办单位", "单位名称", "主办者名称", "主办者", "承诺单位"],
          "signatory": ["网站负责人姓名", "负责人姓名", "承诺人姓名", "网站负责人", "负责人", "姓名"],
          "id_number": ["证件号码", "身份证号码", "证件号", "有效证件号码", "身份证号"],
          "date": ["日期", "承诺日期", "签署日期"]}
TITLES = ("互联网信息服务备案承诺书", "真实性承诺书", "真实性责任告知书", "备案承诺书", "承诺书", "告知书")
MARKERS = {"承诺书": 5, "责任告知书": 5, "承诺人": 2, "承诺": 1}
extract = papers.reader(LABELS, FIELDS, TITLES, {"id_number": "signatory"})
marks = papers.marker(FIELDS)
