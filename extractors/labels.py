"""Find printed labels and the values beside them, by layout rather than position.

A document module gives a table ``{field: [label variants]}``. A label is found
where a line starts with it (one misread character allowed in labels of four
characters or more), or inside a line for the labels a module marks as inline
(``性别男民族汉``); half of a letter-spaced two-character label standing
alone (``名`` ``称``) counts too. A label the detector split over two boxes on one
row (``名`` + ``称北京…``, ``住`` + ``所``) is joined first (`join_split_labels`), so no
part of it stays in the value. A Chinese label with its English one beneath
(``注册所有者`` / ``Registrant``) is one label cell: values to its right whose middle
lies within the cell belong to it. Its value is the rest of that line up to the
next label, else the lines to its right on the same row (or in its cell), else
(when asked) the line below; multi-line values continue downwards while the next
line is aligned with the value and close enough. Nothing depends on the pixel
positions of one template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from beian.extractors.layout import Line

_LEAD = re.compile(r"^[:;,.、|_\-\s]+")


@dataclass
class Hit:
    field: str
    line: int
    start: int
    end: int
    exact: bool = True


@dataclass
class Value:
    text: str
    lines: list[int] = field(default_factory=list)
    score: float = 0.0
    box: list[int] | None = None


_CJK = re.compile(r"[\u4e00-\u9fff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def join_split_labels(lines: list[Line], table: dict[str, list[str]]) -> list[Line]:
    """Join a label's first characters standing alone with the box to their right.

    Letter-spaced labels (``名　　称``) come out of the detector as ``名`` and
    ``称北京…`` (or ``名`` ``称`` ``北京…``). A box of one or two CJK characters is
    joined with the nearest box to its right on its row when the two together
    start with a label longer than the first box, and the gap is no wider than
    the letter spacing labels are printed with (four character heights).
    """
    labels = {lab for labs in table.values() for lab in labs if has_cjk(lab)}
    out = list(lines)
    i = 0
    while i < len(out):
        a = out[i]
        if len(a.key) <= 2 and all(has_cjk(c) for c in a.key):
            right = [b for b in out if b is not a and b.x0 > a.x0 + 0.5 * (a.x1 - a.x0) and a.same_row(b)
                     and b.x0 - a.x1 < 4 * a.h and 0.5 < b.h / a.h < 2.0]
            if right:
                b = min(right, key=lambda o: o.x0)
                joined = a.key + b.key
                lab = max((lab for lab in labels if len(lab) > len(a.key) and joined.startswith(lab)),
                          key=len, default=None)
                if lab is not None:
                    # the label's rest is cut from b's front; b keeps its value, in its place
                    k = len(lab) - len(a.key)
                    cut = b.x0 + (b.x1 - b.x0) * k / len(b.key)
                    out[i] = Line(lab, lab, min(a.score, b.score), a.x0, min(a.y0, b.y0), cut, max(a.y1, b.y1))
                    j = out.index(b)
                    if k < len(b.key):
                        out[j] = Line(b.key[k:], b.key[k:], b.score, cut, b.y0, b.x1, b.y1)
                    else:
                        del out[j]
                    continue  # a third piece may follow (名 称 | 北京…)
        i += 1
    return out


def find_labels(lines: list[Line], table: dict[str, list[str]], inline: set[str] = frozenset(),
                loose: bool = False) -> list[Hit]:
    """Label hits, line by line. ``loose`` (for cards, whose fields' parsers are
    strict) also accepts a two-character label with one character misread
    (``性质女`` for 性别) or with its first character lost (``名艾米``), when a
    value follows it on the line; such hits are inexact and tried last."""
    variants = sorted(((lab.lower(), f) for f, labs in table.items() for lab in labs), key=lambda p: -len(p[0]))
    hits: list[Hit] = []
    for i, ln in enumerate(lines):
        key = ln.key.lower()  # English labels match in any case; offsets are unchanged
        pos = 0
        first = True
        while pos < len(key):
            hit = None
            for lab, f in variants:
                if (first or f in inline) and key.startswith(lab, pos):
                    hit = Hit(f, i, pos, pos + len(lab))
                    break
            if hit is None and first:
                for lab, f in variants:
                    n = len(lab)
                    # one misread character: in a label of 4+ characters that starts the line,
                    # or in a 3-character label standing alone (投资或控股 is not 投资人)
                    if ((n >= 4 and len(key) >= n) or (n == 3 and len(key) == 3)) \
                            and Levenshtein.distance(key[:n], lab) <= 1:
                        hit = Hit(f, i, 0, n, exact=False)
                        break
                    if len(key) == 1 and n == 2 and key in lab:  # one half of a letter-spaced label (名  称)
                        hit = Hit(f, i, 0, 1, exact=False)
                        break
                if hit is None and loose:
                    for lab, f in variants:
                        if len(lab) != 2 or len(key) < 3 or not has_cjk(lab):
                            continue
                        if Levenshtein.distance(key[:2], lab) == 1 and key[1] != lab[0]:
                            hit = Hit(f, i, 0, 2, exact=False)
                            break
                        if key[0] == lab[1]:
                            hit = Hit(f, i, 0, 1, exact=False)
                            break
            if hit is not None:
                hits.append(hit)
                pos = hit.end
                first = False
                continue
            if not inline:
                break
            first = False
            pos += 1
    return hits


def _starts_with_label(i: int, hits: list[Hit]) -> bool:
    return any(h.line == i and h.start == 0 for h in hits)


def _labelled_row(lines: list[Line], j: int, hits: list[Hit], own: int) -> bool:
    """Another label starts a line to the left of line j on its row, with nothing
    between them: j is that label's value (not when it stands in another column)."""
    o = lines[j]
    for h in hits:
        lab = lines[h.line]
        if h.start or h.line in (j, own) or lab.x0 >= o.x0 or not lab.same_row(o):
            continue
        if not any(k not in (j, h.line) and m.x0 >= lab.x1 - 1 and m.x1 <= o.x0 + 1 and m.same_row(o)
                   for k, m in enumerate(lines)):
            return True
    return False


def _box(lines: list[Line], idx: list[int]) -> list[int] | None:
    if not idx:
        return None
    return [int(min(lines[i].x0 for i in idx)), int(min(lines[i].y0 for i in idx)),
            int(max(lines[i].x1 for i in idx)), int(max(lines[i].y1 for i in idx))]


def value_of(lines: list[Line], hits: list[Hit], hit: Hit, *, multiline: bool = False,
             below: bool = False, row: bool = True, strip: re.Pattern | None = None) -> Value:
    """The value printed for a label hit (see the module docstring).

    ``strip`` removes a second label that may follow the first (域名 Domain Name:).
    """
    ln = lines[hit.line]
    nxt = [h.start for h in hits if h.line == hit.line and h.start >= hit.end]
    rest = _LEAD.sub("", ln.key[hit.end:min(nxt) if nxt else None])
    if strip is not None:
        rest = _LEAD.sub("", strip.sub("", rest))
    parts, used = ([rest], [hit.line]) if rest else ([], [])
    if not nxt and row:
        parts, used = _right_of(lines, hits, hit.line, parts, used)
        if not parts and (j := _in_cell(lines, hits, hit)) is not None:
            parts, used = [_cut_at_label(lines[j].key, j, hits)], [j]
    if not parts and below:
        cands = [j for j, o in enumerate(lines) if o.y0 > ln.cy and o.y0 - ln.y1 < 2.0 * ln.h
                 and o.x0 < ln.x1 and o.x1 > ln.x0 and not _starts_with_label(j, hits)]
        if cands:
            j = min(cands, key=lambda j: lines[j].y0)
            parts.append(_cut_at_label(lines[j].key, j, hits))
            used.append(j)
    if parts and multiline:
        # where the value begins: its own line, or the label's line after the label
        x_start = lines[used[0]].x0 if used[0] != hit.line else ln.x0 + (ln.x1 - ln.x0) * hit.end / max(len(ln.key), 1)
        last = lines[used[-1]]
        while True:
            # a value left with an open bracket, or ending in a list separator, surely goes on:
            # allow a wider line gap, and a margin where the label's letter spacing leaves it
            unfinished = _unfinished("".join(parts))
            gap = 0.95 if unfinished else 0.55
            reach = 3.0 if unfinished else 1.6
            cands = [j for j, o in enumerate(lines) if j not in used and o.y0 > last.y0 + 0.5 * last.h
                     and o.y0 - last.y1 < gap * last.h and (abs(o.x0 - x_start) < reach * last.h
                                                             or (used[-1] != hit.line and abs(o.x0 - last.x0) < 1.6 * last.h))
                     and not _starts_with_label(j, hits) and not _labelled_row(lines, j, hits, hit.line)]
            if not cands:
                break
            j = min(cands, key=lambda j: lines[j].y0)
            parts.append(_cut_at_label(lines[j].key, j, hits))
            used.append(j)
            last = lines[j]
    text = "".join(parts)
    score = min(lines[j].score for j in used) if used else 0.0
    box = _box(lines, used)
    if box and hit.line in used and hit.end:  # the value's box starts after its label
        start = ln.x0 + (ln.x1 - ln.x0) * hit.end / max(len(ln.key), 1)
        box[0] = int(min([start] + [lines[j].x0 for j in used if j != hit.line]))
    if box and _under_overprint(lines, used, box):
        score *= OVERPRINT
    return Value(text, used, score, box)


def _unfinished(text: str) -> bool:
    """A value its own grammar says goes on: an open bracket, or a list separator at its end."""
    return text.count("(") > text.count(")") or text.endswith(("、", ",", "，", ";", "；"))


OVERPRINT = 0.8  # a value partly under a stamp or watermark may have lost characters to it


def _under_overprint(lines: list[Line], used: list[int], box: list[int]) -> bool:
    """A box far taller than the value's lines (a stamp, a watermark) overlaps it."""
    h = min(lines[j].h for j in used)
    for k, o in enumerate(lines):
        if k in used or o.h < 2.5 * h:
            continue
        w = min(o.x1, box[2]) - max(o.x0, box[0])
        v = min(o.y1, box[3]) - max(o.y0, box[1])
        if w > h and v > 0.5 * h:
            return True
    return False


def _in_cell(lines: list[Line], hits: list[Hit], hit: Hit) -> int | None:
    """The value line in a bilingual label cell: a Chinese label with its English
    one beneath, the value(s) to the right anywhere between the two."""
    ln = lines[hit.line]
    under = [j for j, o in enumerate(lines) if o.y0 > ln.y0 + 0.5 * ln.h and o.y0 - ln.y1 < 0.6 * ln.h
             and abs(o.x0 - ln.x0) < 1.5 * ln.h and not has_cjk(o.key) and o.x1 < ln.x1 + 8 * ln.h]
    y1 = max([lines[j].y1 for j in under], default=ln.y1)
    cands = [j for j, o in enumerate(lines) if j != hit.line and j not in under and ln.x1 < o.x0 < ln.x1 + 12 * ln.h
             and ln.y0 - 0.25 * ln.h <= o.cy <= y1 + 0.1 * ln.h and 0.5 < o.h / ln.h < 2.0
             and not _starts_with_label(j, hits)]
    # the Chinese value is printed on top, level with the Chinese label
    return min(cands, key=lambda j: (lines[j].y0, lines[j].x0)) if cands else None


def _right_of(lines: list[Line], hits: list[Hit], i: int, parts: list[str], used: list[int]):
    """Extend a value with the lines to the right of line i on its row.

    After a bare label any distance will do (a two-column licence); after a value
    only an adjacent line (the detector split one run of text). Boxes that overlap
    repeat the overlapping characters, which are dropped once.
    """
    ln = lines[i]
    end, cw = ln.x1, (ln.x1 - ln.x0) / max(len(ln.key), 1)
    right = sorted((j for j, o in enumerate(lines) if j != i and (o.x0 + o.x1) / 2 > ln.x1
                    and o.x0 > (ln.x0 + ln.x1) / 2 and ln.same_row(o) and 0.5 < o.h / ln.h < 2.0),
                   key=lambda j: lines[j].x0)
    for j in right:
        o = lines[j]
        if _starts_with_label(j, hits) or (parts and o.x0 - end > 2.5 * ln.h):
            break
        if used and used[-1] != i:
            prev = lines[used[-1]]
            if o.x0 < prev.x0 + 0.5 * (prev.x1 - prev.x0) or not prev.same_row(o):
                continue  # under the value (a tall label spans two of its lines), not beside it
        if parts and end - o.x0 > 0.5 * cw:
            parts[-1] = parts[-1][: max(0, len(parts[-1]) - round((end - o.x0) / cw))]
        parts.append(_LEAD.sub("", _cut_at_label(o.key, j, hits)))
        used.append(j)
        if any(h.line == j for h in hits):
            break
        end, cw = o.x1, (o.x1 - o.x0) / max(len(o.key), 1)
    return [p for p in parts if p], used


def _cut_at_label(key: str, j: int, hits: list[Hit]) -> str:
    starts = [h.start for h in hits if h.line == j]
    return key[:min(starts)] if starts else key


def first_hit(hits: list[Hit], name: str) -> Hit | None:
    found = [h for h in hits if h.field == name]
    if not found:
        return None
    return min(found, key=lambda h: (not h.exact, h.line))


def parsed_value(lines: list[Line], hits: list[Hit], name: str, parse=lambda t: t or None,
                 **kw) -> tuple[Value, str] | None:
    """The first value of a field's labels (exact matches first) that ``parse`` accepts.

    A label can occur more than once (域名 in the title 域名注册证书 and before
    the name itself); the one whose value parses wins.
    """
    # a Chinese label before its English translation: the value printed in Chinese wins
    order = lambda h: (not has_cjk(lines[h.line].key[h.start:h.end]), not h.exact, h.line)  # noqa: E731
    for h in sorted((h for h in hits if h.field == name), key=order):
        v = value_of(lines, hits, h, **kw)
        if v.text and (parsed := parse(v.text)):
            return v, parsed
    return None
