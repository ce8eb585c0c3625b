"""``beian check`` from the command line: report JSON, exit status, broken filing.json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SUBS = ROOT / "samples" / "submissions"


def beian(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "beian.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def test_clean_submission_passes_with_exit_0():
    proc = beian("check", str(SUBS / "clean-individual"), "--json", "--as-of", "2026-11-28")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["verdict"] == "pass" and report["as_of"] == "2026-11-28"
    assert set(report) == {"submission_id", "verdict", "as_of", "documents", "checks"}
    doc = report["documents"][0]
    assert {"file", "page", "type", "fields"} <= set(doc), doc.keys()
    assert all({"rule", "field", "status", "message"} <= set(c) for c in report["checks"])


def test_problem_submission_exits_1():
    proc = beian("check", str(SUBS / "expired-domain"), "--as-of", "2026-11-28")
    assert proc.returncode == 1, proc.stderr
    assert "document_expired" in proc.stdout


BROKEN = [
    ("not JSON", b"{ this is not json", "filing.json: not JSON"),
    ("not UTF-8", "{}".encode("utf-16"), "filing.json: not UTF-8 text"),
    ("missing field", b'{"submission_id": "x", "filing_province": "\xe6\xb5\x99\xe6\xb1\x9f"}', "subject: missing"),
    ("bad domain", None, "websites[0].domains[0]: not a domain name"),
    ("unknown province", None, "filing_province: not a province of mainland China"),
    ("bad mobile", None, "principal.mobile: not a mainland mobile number"),
]


@pytest.mark.parametrize("case, content, words", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_filing_exits_2_naming_the_field(tmp_path: Path, case, content, words):
    sub = tmp_path / "sub"
    shutil.copytree(SUBS / "missing-certificate", sub)
    if content is None:
        filing = json.loads((sub / "filing.json").read_text(encoding="utf-8"))
        if case == "bad domain":
            filing["websites"][0]["domains"][0] = "not a domain"
        elif case == "bad mobile":
            filing["principal"]["mobile"] = "1390571000"
        else:
            filing["filing_province"] = "火星"
        content = json.dumps(filing, ensure_ascii=False).encode()
    (sub / "filing.json").write_bytes(content)
    proc = beian("check", str(sub))
    assert proc.returncode == 2, f"{case}: exit {proc.returncode}"
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert words in lines[0], f"{case}: {lines[0]!r}"
    assert proc.stdout == ""


def test_missing_folder_exits_2(tmp_path: Path):
    proc = beian("check", str(tmp_path / "nope"))
    assert proc.returncode == 2 and "no such submission folder" in proc.stderr


def test_bad_as_of_exits_2():
    proc = beian("check", str(SUBS / "clean-individual"), "--as-of", "28/11/2026")
    assert proc.returncode == 2 and "--as-of" in proc.stderr
