"""Where one submission comes from, for ``beian check`` and the service's jobs: a folder, or
``s3://bucket/[prefix/]incoming/<id>`` through the configured storage."""

from __future__ import annotations

from beian.check import Submission
from beian.errors import InputError
from beian.intake import INCOMING, load
from beian.storage import StorageError


def load_source(submission: str) -> Submission:
    """One submission: a folder, or s3://bucket/[prefix/]incoming/<id> through the configured storage."""
    from beian.check import load_folder
    from beian.storage import open_storage

    if not submission.startswith("s3://"):
        return load_folder(submission)
    root, sep, sid = submission.rstrip("/").rpartition(f"/{INCOMING}/")
    if not sep or not sid or "/" in sid:
        raise InputError(f"{submission}: expected s3://bucket[/prefix]/incoming/<submission id>")
    try:
        sub = load(open_storage(root), sid)
    except StorageError as exc:
        raise InputError(str(exc)) from None
    if sub.filing is None and not sub.scans:
        raise InputError(f"{submission}: no such submission")
    return sub
