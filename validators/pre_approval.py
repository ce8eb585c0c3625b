"""Pre-approval (前置审批): sectors whose sites need an approval before filing (`data/pre_approval.json`).

`sectors` is pure: a text (a site name, a business scope) in, the sectors its words
name out, each with the word, the authority and the document. What a scope excludes
(“不含电子出版物”, “除…外”) names no sector, nor does a word that only holds a trigger word
(a sector's ``not_words``: 基金会 is not a fund).

>>> [s["word"] for s in sectors("杭州新原基金管理网")], sectors("浙江省华信教育基金会官网")
(['基金'], [])
"""

from __future__ import annotations

import re

from beian.validators import tables

# a business scope's exclusions and boilerplate: （不含…） （除…外） （依法须经批准的项目…）
_EXCLUDED = re.compile(r"[（(](?:不含|除|不得|依法须经|凭)[^（）()]*[)）]")


def table() -> dict:
    return tables.load("pre_approval")


def sectors(text: str | None) -> list[dict]:
    """The sectors named in ``text``: [{sector, authority, document, word}]."""
    if not text:
        return []
    t = _EXCLUDED.sub("", text)
    out = []
    for s in table()["sectors"]:
        own = t.lower()
        for holder in s.get("not_words", []):
            own = own.replace(holder.lower(), "")
        word = next((w for w in s["words"] if w.lower() in own), None)
        if word:
            out.append({**{k: s[k] for k in ("sector", "authority", "document")}, "word": word})
    return out
