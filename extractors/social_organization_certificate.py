"""社会团体法人登记证书 (民政; an association, society or federation): the shared organisation reading
(`organisation`), with this certificate's title and wordings."""

from __future__ import annotations

from beian.extractors import organisation

TYPE = "social_organization_certificate"
LABELS = organisation.labels(area=["活动地域"])
MARKERS = {"社会团体法人登记证书": 6, "社会团体": 2, "活动地域": 2, "业务主管单位": 1, "注册资金": 1, "登记管理机关": 1}
FIELDS, OPTIONAL, MULTILINE = organisation.FIELDS, organisation.OPTIONAL, organisation.MULTILINE
extract, probes = organisation.reader(LABELS), organisation.probes
