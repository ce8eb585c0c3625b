"""律师事务所执业许可证 (司法行政; a booklet whose first page is read): the shared organisation reading
(`organisation`), with this certificate's title and wordings."""

from __future__ import annotations

from beian.extractors import organisation

TYPE = "law_firm_licence"
LABELS = organisation.labels(name=["律师事务所名称", "执业机构"], legal_representative=["主任", "负责人"],
                             registration_authority=["发证机关"], sponsor=["主管机关"], capital=["设立资产"],
                             form=["组织形式"], issued=["发证日期"])
MARKERS = {"律师事务所执业许可证": 6, "执业许可证": 2, "律师事务所": 2, "组织形式": 1, "发证机关": 1}
FIELDS, OPTIONAL, MULTILINE = organisation.FIELDS, organisation.OPTIONAL, organisation.MULTILINE
extract, probes = organisation.reader(LABELS), organisation.probes
