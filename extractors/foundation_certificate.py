"""基金会法人登记证书 (民政): the shared organisation reading (`organisation`), with this certificate's title and
wordings."""

from __future__ import annotations

from beian.extractors import organisation

TYPE = "foundation_certificate"
LABELS = organisation.labels()
MARKERS = {"基金会法人登记证书": 6, "原始基金": 2, "基金会": 2, "业务主管单位": 1, "登记管理机关": 1}
FIELDS, OPTIONAL, MULTILINE = organisation.FIELDS, organisation.OPTIONAL, organisation.MULTILINE
extract, probes = organisation.reader(LABELS), organisation.probes
