"""The operator of a target number, from the words around it.

"ít nhất 01 gương" is ">=", "tối đa 02 tập thể" "<=", "dưới 0,08%" "<",
"từ 98% trở lên" and plain "từ 30%" ">=", "đạt 99,7%" "=". The phrases are
data (rules/comparators.tsv). They are matched with their diacritics, and
diacritic-insensitively only where the text has lost its diacritics ("it
nhat", "toi da"): folding alone would read "đầu tư 100%" as "từ 100%".
"range" is the caller's decision (it knows whether there is a `value_max`).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import load_table
from ..text.fold import fold, phrase_alt, same_words

__all__ = ["find_comparator"]

# Words that may stand between a comparator and its number: "ít nhất là 02",
# "tối thiểu đạt 80%", "không dưới mức 50%", "tối đa: 02".
FILLER = r"(?:[\s:]+|(?<!\w)(?:la|dat|bang|muc|o\s+muc|co|duoc|khoang)(?!\w))*"
# One word of a unit between the number and "trở lên" ("03 cá nhân trở lên");
# punctuation ends the search ("100% cán bộ, … hoàn thành nhiệm vụ trở lên" is "=").
UNIT_WORD_RE = regex.compile(r"[^\W\d_]+\s+")
LEAD_RE = regex.compile(r"[\s%]*")
WS_RE = regex.compile(r"\s+")


@lru_cache(maxsize=None)
def _phrases(position: str) -> tuple[tuple[str, str, str], ...]:
    """(folded phrase, phrase, operator) for one position, longest first."""
    rows = [r for r in load_table("comparators") if r["position"] == position]
    return tuple(sorted(((fold(r["phrase"]), r["phrase"], r["operator"]) for r in rows),
                        key=lambda t: len(t[0]), reverse=True))


def _alt(position: str) -> str:
    return phrase_alt(p for p, _, _ in _phrases(position))


BEFORE_RE = regex.compile(rf"(?<!\w)(?P<p>{_alt('before')}){FILLER}$")
AFTER_RE = regex.compile(rf"(?P<p>{_alt('after')})(?!\w)")


def _lookup(position: str, m: regex.Match[str], written: str, context: str) -> tuple[str, str] | None:
    """(operator, phrase) of a match, checked against the diacritics of `written`."""
    key = WS_RE.sub(" ", m.group("p"))
    for fp, phrase, op in _phrases(position):
        if fp == key and same_words(written[m.start("p"):m.end("p")], phrase, context=context):
            return op, phrase
    return None


def _before(before: str) -> tuple[str, str] | None:
    """(operator, phrase) of the longest phrase that ends `before` (fillers may follow it)."""
    tail = before[-60:]
    m = BEFORE_RE.search(fold(tail))
    return _lookup("before", m, tail, tail) if m else None


def _after(after: str) -> tuple[str, str] | None:
    """(operator, phrase) of "trở lên", "trở xuống"… right after the number or a short unit."""
    head = after[:80]
    f = fold(head)
    pos = LEAD_RE.match(f).end()
    for _ in range(3):
        m = AFTER_RE.match(f, pos)
        if m:
            return _lookup("after", m, head, head)
        w = UNIT_WORD_RE.match(f, pos)
        if not w:
            return None
        pos = w.end()
    return None


def find_comparator(before: str, after: str = "") -> str:
    """Operator for a number given the words just before it (and after it).

    ">=" ít nhất, tối thiểu, không dưới, từ …, … trở lên; ">" trên, hơn, vượt;
    "<=" tối đa, không quá, … trở xuống; "<" dưới, thấp hơn, ít hơn; "=" for
    đạt, phấn đấu, giữ vững and bare numbers. A phrase before the number wins,
    except plain "từ" and "=" words, which a phrase after it overrides
    ("từ 5 tuổi trở xuống" is "<=", "đạt 80% trở lên" ">=").
    """
    b = _before(before)
    a = _after(after) if after else None
    if b is not None and b[0] != "=" and not (a and b[1] == "từ"):
        return b[0]
    if a is not None:
        return a[0]
    return b[0] if b else "="
