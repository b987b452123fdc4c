"""Tests on the words around a number that decide whether `quotas` keeps it as a target.

A number after a capitalised word ends a name ("Chương trình 135", "Trung
tâm Cấp cứu 115"); a duration is a target only as a limit ("không quá 45
phút", not "từ 7 giờ" nor "dưới 6 tuổi"); a count per period ("2 buổi/ngày")
is a regime unless a comparator sets it; "Không để … vượt quá 5%" makes the
number a ceiling. Each answers from the text around one number (or from the
paragraph index `quota_clause.Para`), so none rescans the sentence.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex

from .quota_clause import Para
from .quota_words import TIME_KINDS, unit_kind

RATE_RE = regex.compile(r"\s*/\s*")  # "02 lần/ngày", "2 buổi/ngày": a unit per period follows
NAME_WORD_RE = regex.compile(r"[\p{L}\d][\p{L}\d.-]*")
FROM_RE = regex.compile(r"tu(?![\p{L}\d])")  # a comparator that is a bare "từ" (folded)
COLON_BEFORE_RE = regex.compile(r":\s*$")
LIMIT_OPS = ("<=", ">=")


def named_before(text: str, sent: tuple[int, int], q0: int, reach: int = 2) -> bool:
    """One of the `reach` words right before the number is capitalised and does not open the sentence:
    the number ends a name ("Chương trình 135", "Trung tâm Cấp cứu 115", "Quốc lộ 19"), it counts nothing.
    A name's last syllables are often in lower case ("Cấp cứu"), but so is a verb after a body's name
    ("Mỗi cơ sở Hội cử 01 đội"): lexicon nouns that need no target word look at one word only."""
    words = list(NAME_WORD_RE.finditer(text, max(sent[0], q0 - 40), q0))
    if not words or text[words[-1].end():q0].strip():
        return False
    first = NAME_WORD_RE.search(text, sent[0], q0)  # the sentence's first word is capitalised anyway
    return any(w.group()[0].isupper() and w.start() != first.start() for w in words[-reach:])


def is_limit(f: str, q0: int, cmp: tuple[int, str] | None) -> bool:
    """A duration is a target only as a limit: "không quá 45 phút", "tối thiểu 02 ngày", not "từ 7 giờ"
    (a clock time) nor "dưới 6 tháng" (a condition)."""
    return bool(cmp and cmp[1] in LIMIT_OPS and not FROM_RE.match(f, q0))


def after_colon(text: str, sent: tuple[int, int], q0: int) -> bool:
    """The number (its comparator at `q0`) is the value of a "Label: value" line ("Số buổi: 02 buổi/tháng")."""
    return bool(COLON_BEFORE_RE.search(text, max(sent[0], q0 - 20), q0))


def per_time(text: str, f: str, q1: int) -> bool:
    """"/ngày", "/tuần" after the unit: the number is a frequency ("dạy học 2 buổi/ngày")."""
    m = RATE_RE.match(f, q1)
    return bool(m and unit_kind(text, f, m.end()) in TIME_KINDS)


def kept_under(ix: Para, s: int, num: int) -> bool:
    """"Không để … vượt quá 5%", "không để … quá 0,2 điểm phần trăm": a negation in the clause (from `s`)
    and a word of excess right before the number make the number a ceiling."""
    neg = ix.hits("negation")[0]
    starts, ends = ix.hits("excess")
    j = bisect_right(ends, num) - 1
    if j < 0 or ix.text[ends[j]:num].strip() or starts[j] < s:
        return False
    i = bisect_left(neg, s)
    return i < len(neg) and neg[i] < starts[j]
