"""港澳台居民居住证 number: a GB 11643 citizen number (`beian.validators.ric`: check character,
birth date) whose region is ``810000`` (Hong Kong), ``820000`` (Macao) or ``830000`` (Taiwan)
(国办发〔2018〕81号 第三条; ``../shared/notes/filing-rules-2.md`` §2.3).

>>> problem("810000199001010019"), problem("830000199001010012")
(None, None)
>>> problem("330106199001010018")
'region'
"""

from __future__ import annotations

from beian.validators import ric

__all__ = ["REGIONS", "problem"]

REGIONS = {"810000": "香港", "820000": "澳门", "830000": "台湾"}


def problem(number: str) -> str | None:
    """``format``, ``check``, ``birth_date`` or ``region`` (not one of the three); None: valid."""
    try:
        n = ric.validate(number)
    except ric.InvalidChecksum:
        return "check"
    except ric.InvalidComponent:
        return "birth_date"
    except ric.ValidationError:
        return "format"
    return None if n[:6] in REGIONS else "region"
