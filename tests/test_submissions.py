"""Every sample submission against the checks recorded beside it (real OCR)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import ROOT, inflate

from beian.check import check, load_folder

# both renderers' submissions: the second one's are all clean, and must pass
SUBMISSIONS = [p for folder in (ROOT / "samples" / "submissions", ROOT / "samples" / "independent" / "submissions")
               for p in sorted(folder.iterdir()) if p.is_dir()]


PROVIDER_RULES = {"site_name", "pre_approval", "expires_soon", "upload_requirements"}


@pytest.mark.parametrize("folder", SUBMISSIONS, ids=[p.name for p in SUBMISSIONS])
def test_submission_yields_expected_checks(folder, tmp_path):
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    report = check(load_folder(inflate(folder, tmp_path)), as_of=dt.date.fromisoformat(expected["as_of"]),
                   profile=expected.get("profile"))
    got = {(c.rule, c.field, c.status) for c in report.checks}
    want = {(e["rule"], e["field"], e["status"]) for e in expected["checks"]}
    missing = want - got
    assert not missing, f"{folder.name}: expected checks not found: {sorted(missing, key=str)}"
    problems = {(c.rule, c.field, c.status) for c in report.checks if c.status not in ("match", "warning")}
    extra = problems - want
    assert not extra, f"{folder.name}: unexpected problems: " + "; ".join(
        f"{c.rule}/{c.field}/{c.status}: {c.message}" for c in report.checks if (c.rule, c.field, c.status) in extra)
    # the provider checks are warnings mostly: each must fire where expected and nowhere else
    provider = {(c.rule, c.field, c.status) for c in report.checks if c.rule in PROVIDER_RULES}
    assert provider <= want, f"{folder.name}: provider checks that should stay silent: " + "; ".join(
        c.message for c in report.checks if c.rule in PROVIDER_RULES and (c.rule, c.field, c.status) not in want)
    assert report.verdict == expected["verdict"], f"{folder.name}: verdict {report.verdict}"
    assert report.submission_id == folder.name
