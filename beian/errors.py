"""Errors that carry a one-line, user-facing reason.

`InputError` (something uploaded is unusable) and `ConfigError` (the operator's
settings are wrong) are the exceptions the CLI turns into exit status 2; their
messages are printed as is, so they must already be specific and free of
personal data.
"""

from __future__ import annotations


class InputError(Exception):
    """Unusable input: the message says what is wrong and where."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class ConfigError(Exception):
    """The operator's settings are wrong (an unknown OCR engine, a store that cannot be
    written): nothing an applicant uploaded. A run fails at once with this one line,
    before any report is written, so every submission stays pending."""
