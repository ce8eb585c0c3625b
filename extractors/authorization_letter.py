"""授权书 (法定代表人 / 主体负责人 / 网站负责人授权书, 授权委托书): its title, the granting unit, its legal
representative and their ID number, the person authorised (被授权人 / 受托人) and theirs, the date,
and the legal representative's signature and the unit's seal (`papers`)."""

from __future__ import annotations

from beian.extractors import papers

TYPE = "authorization_letter"
FIELDS = ("title", "grantor", "legal_representative", "legal_representative_id_number", "grantee_name",
          "grantee_id_number", "date", "signature", "seal")
LABELS = {"grantor": ["授权单位", "授权人单位", "委托单位", "单位名称"],
          "legal_representative": ["法定代表人姓名", "法定代表人"],
          "legal_representative_id_number": ["法定代表人证件号码", "法定代表人身份证号码", "法定代表人身份证号"],
          "grantee_name": ["被授权人姓名", "被授权人", "受托人姓名", "受托人", "被委托人"],
          "grantee_id_number": ["被授权人证件号码", "被授权人身份证号码", "受托人身份证号码", "受托人证件号码"],
          "date": ["授权日期", "委托日期", "日期"]}
TITLES = ("网站负责人授权书", "主体负责人授权书", "法定代表人授权书", "授权委托书", "授权书")
MARKERS = {"授权书": 6, "授权委托书": 6, "被授权人": 3, "受托人": 3, "授权单位": 2, "委托单位": 2}
extract = papers.reader(LABELS, FIELDS, TITLES, {"legal_representative_id_number": "legal_representative",
                                                 "grantee_id_number": "grantee_name"})
marks = papers.marker(FIELDS)
