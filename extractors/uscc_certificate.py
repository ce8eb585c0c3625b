"""统一社会信用代码证书 (for 机关, issued by the 机构编制 office that gives the code): the shared organisation reading
(`organisation`), with this certificate's title and wordings."""

from __future__ import annotations

from beian.extractors import organisation

TYPE = "uscc_certificate"
LABELS = organisation.labels(name=["机构名称"], address=["机构地址"], scope=["主要职能", "职能"],
                             registration_authority=["赋码机关", "颁发单位"], kind=["机构性质"])
MARKERS = {"统一社会信用代码证书": 4, "机构性质": 2, "赋码机关": 2, "机构名称": 1, "机构地址": 1, "主要职能": 1}
FIELDS, OPTIONAL, MULTILINE = organisation.FIELDS, organisation.OPTIONAL, organisation.MULTILINE
extract, probes = organisation.reader(LABELS), organisation.probes
