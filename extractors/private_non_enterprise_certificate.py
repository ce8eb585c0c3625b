"""民办非企业单位登记证书 and its newer name 社会服务机构登记证书 (民政): the shared organisation reading (`organisation`),
with this certificate's title and wordings."""

from __future__ import annotations

from beian.extractors import organisation

TYPE = "private_non_enterprise_certificate"
LABELS = organisation.labels()
MARKERS = {"民办非企业单位登记证书": 6, "社会服务机构登记证书": 6, "民办非企业": 2, "社会服务机构": 2, "开办资金": 1,
           "业务主管单位": 1}
FIELDS, OPTIONAL, MULTILINE = organisation.FIELDS, organisation.OPTIONAL, organisation.MULTILINE
extract, probes = organisation.reader(LABELS), organisation.probes
