"""Errors that carry a one-line, user-facing reason.

`InputError` is the only exception the CLI turns into exit status 2; its message
is printed as is, so it must already be specific and free of personal data.
"""

from __future__ import annotations


class InputError(Exception):
    """Unusable input: the message says what is wrong and where."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)
