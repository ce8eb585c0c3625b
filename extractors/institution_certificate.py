"""事业单位法人证书 (registered by the 事业单位登记管理局; lapses after five years): the shared organisation reading
(`organisation`), with this certificate's title and wordings."""

from __future__ import annotations

from beian.extractors import organisation

TYPE = "institution_certificate"
LABELS = organisation.labels()
MARKERS = {"事业单位法人证书": 6, "宗旨和业务范围": 2, "举办单位": 2, "经费来源": 2, "开办资金": 1, "登记管理机关": 1}
FIELDS, OPTIONAL, MULTILINE = organisation.FIELDS, organisation.OPTIONAL, organisation.MULTILINE
extract, probes = organisation.reader(LABELS), organisation.probes
