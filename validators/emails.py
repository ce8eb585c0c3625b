"""E-mail addresses of the filing's people: syntax only (``email-validator``, no network).

`normalise` returns the address as compared (the domain part lower-cased and in Unicode,
the local part as entered), or None when the text is not an e-mail address.

>>> normalise(" Wang.Jianguo@Example.COM "), normalise("wang@localhost"), normalise("not-an-address")
('Wang.Jianguo@example.com', None, None)
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


def normalise(text: str) -> str | None:
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def same(a: str, b: str) -> bool:
    """One mailbox: equal ignoring case (providers compare them so)."""
    return a.casefold() == b.casefold()
