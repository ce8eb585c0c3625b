"""The keys file, source scopes and kept versions: the pure parts of who may read and write what."""

from __future__ import annotations

import subprocess
import sys

import pytest

from beian import kept
from beian.errors import ConfigError
from beian.keys import Key, digest, normalise_source, parse_file, parse_line

HEX = "a" * 64


@pytest.mark.parametrize("line, want", [
    (f"portal {HEX}", Key("portal", HEX)),
    (f"portal {HEX.upper()}", Key("portal", HEX)),
    (f"p {HEX} read=s3://intake/incoming/pa- read=s3://b/", Key("p", HEX, ("s3://intake/incoming/pa-", "s3://b/"))),
    (f"p {HEX} keep=s3://kept-a", Key("p", HEX, (), "s3://kept-a")),
    ("# a comment", None),
    ("   ", None),
])
def test_a_keys_line_is_read(line, want):
    assert parse_line(line, 1) == want, line


@pytest.mark.parametrize("line, why", [
    ("portal", "no hash"),
    ("portal abc", "a hash that is not 64 hex"),
    (f"portal {'g' * 64}", "not hex"),
    (f"portal {HEX} read=/etc", "a read scope that is not s3://"),
    (f"portal {HEX} read=s3://", "a read scope without a bucket"),
    (f"portal {HEX} write=s3://x", "an unknown scope"),
])
def test_a_bad_keys_line_is_refused_naming_its_line(line, why):
    with pytest.raises(ConfigError, match="line 3"):
        parse_line(line, 3)


def test_a_name_given_twice_is_refused():
    with pytest.raises(ConfigError, match="twice"):
        parse_file(f"a {HEX}\na {'b' * 64}\n")


@pytest.mark.parametrize("source, want", [
    ("s3://intake/incoming/pa-1", "s3://intake/incoming/pa-1"),
    ("s3://intake/incoming/pa-1/", "s3://intake/incoming/pa-1"),
    ("s3://intake/incoming/../other/incoming/x", ValueError),
    ("s3://intake//incoming/x", ValueError),
    ("s3://intake/./incoming/x", ValueError),
    ("s3://intake/incoming/%2e%2e/x", ValueError),
    ("s3://intake\\incoming\\x", ValueError),
    ("/etc/passwd", ValueError),
])
def test_a_source_has_one_spelling(source, want):
    if want is ValueError:
        with pytest.raises(ValueError):
            normalise_source(source)
    else:
        assert normalise_source(source) == want


def test_a_scope_is_a_prefix_of_the_plain_source():
    key = Key("p", HEX, ("s3://intake/incoming/pa-",))
    assert key.may_read("s3://intake/incoming/pa-7")
    assert not key.may_read("s3://intake/incoming/pb-7")
    assert not Key("q", HEX).may_read("s3://intake/incoming/pa-7"), "a key without read= reads nothing"


@pytest.mark.parametrize("names, want", [
    (["filing.json", "a.jpg"], (None, "")),
    (["v1/filing.json", "v1/a.jpg", "v1/.version"], (1, "v1/")),
    (["v1/filing.json", "v2/filing.json", "v2/a.jpg"], (2, "v2/")),
    (["v1/filing.json", "v2/.version", "v2/a.jpg"], (1, "v1/")),  # v2 still being written
    (["v1/.version"], (1, "v1/")),  # nothing complete: the first, so that its missing filing shows
    (["v1/filing.json", "notes/a.jpg"], (None, "")),  # not kept by the service: all of it
    (["v01/filing.json"], (None, "")),
])
def test_the_current_version_of_a_submission(names, want):
    assert kept.current(names) == want, names


def test_keys_are_added_listed_and_revoked_from_the_command_line(tmp_path):
    path = tmp_path / "keys"

    def beian(*args):
        return subprocess.run([sys.executable, "-m", "beian.cli", "keys", *args, "--file", str(path)],
                              capture_output=True, text=True, timeout=120)

    added = beian("add", "portal-a", "--read", "s3://intake/incoming/pa-", "--keep", "s3://kept-a")
    assert added.returncode == 0, added.stderr
    secret = added.stdout.strip()
    assert secret not in path.read_text() and digest(secret) in path.read_text(), "the secret is stored, or not hashed"
    assert beian("add", "portal-a").returncode == 2, "a second key of one name"
    listed = beian("list")
    assert "portal-a\ts3://intake/incoming/pa-\ts3://kept-a" in listed.stdout, listed.stdout
    assert beian("revoke", "portal-a").returncode == 0
    assert parse_file(path.read_text()) == []
    gone = beian("revoke", "portal-a")
    assert gone.returncode == 2 and "no key named portal-a" in gone.stderr, gone.stderr
