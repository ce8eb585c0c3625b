"""Validators for the numbers, dates, domains and regions of a filing.

Modules in the style of python-stdnum: ``validate()`` returns the normalised
value or raises a specific `stdnum.exceptions.ValidationError`; ``is_valid()``
wraps it. A wrong check character (likely a misread) is kept apart from an
unknown component (possibly stale reference data).
"""
