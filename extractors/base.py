"""What every document module shares: the found/missing field helpers."""

from __future__ import annotations

from beian.extractors.labels import Value
from beian.models import Field


def field_from(value: Value | None, text: str | None = None, *, penalty: float = 1.0,
               corrected: bool = False) -> Field:
    """A Field from a located value; ``text`` overrides the raw text (after parsing)."""
    if value is None:
        return Field()
    out = value.text if text is None else text
    if not out:
        return Field()
    conf = round(min(1.0, value.score) * penalty * (0.85 if corrected else 1.0), 3)
    return Field(value=out, confidence=conf, box=value.box, corrected=corrected)


def complete(fields: dict[str, Field], names: tuple[str, ...]) -> dict[str, Field]:
    """Every contract field present, a missing one as an explicit empty Field."""
    return {n: fields.get(n) or Field() for n in names}
