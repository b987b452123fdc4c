"""The first time stated in a short text: a range, or a lone date read as a start, an end or both.

Shared by the period and the phases of timeframe.py: "từ ngày 01/3 đến 30/11/2024" is a range; a lone
date is the start after "từ", the end after "đến" / "hết" / "trước", else both ("Trong năm 2024"; a
quarter runs from its first to its last month); "tháng 9 và tháng 10/2024" runs from the first to the
last.
"""
from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import regex

from ..text.fold import fold
from ..values.dates import DateValue, find_date_ranges, find_dates

__all__ = ["TimeSpan", "first_time", "quarter_end"]

FROM_RE = regex.compile(r"(?<!\w)tu\s{0,3}(?:ngay\s{1,3})?$")
UNTIL_RE = regex.compile(r"(?<!\w)(?:den|toi|truoc|cham nhat|han)\s{0,3}(?:het\s{1,3})?(?:ngay\s{1,3})?$")
QUARTER_RE = regex.compile(r"quy\s")
LIST_GAP_RE = regex.compile(r"\s{0,3}(?:,|va|và)\s{0,3}")


class TimeSpan(NamedTuple):
    """A time stated in a text: its ends, its extent, and whether it was written as a range."""

    start: DateValue | None
    end: DateValue | None
    s: int
    e: int
    is_range: bool


def first_time(text: str, s: int, e: int, default_year: int | None) -> TimeSpan | None:
    """The first range (or lone date) in text[s:e]."""
    seg = text[s:e]
    f = fold(seg)
    ranges = find_date_ranges(seg, s, default_year=default_year, folded=f)
    dates = [d for d in find_dates(seg, s, default_year=default_year, folded=f) if d.span]
    first_r = ranges[0] if ranges else None
    first_d = next((d for d in dates if not (first_r and first_r.span[0] <= d.span[0] < first_r.span[1])), None)  # type: ignore[index]
    if first_r and (first_d is None or first_r.span[0] <= first_d.span[0]):  # type: ignore[index]
        return TimeSpan(first_r.start, first_r.end, first_r.span[0], first_r.span[1], True)
    if first_d is None or first_d.span is None:
        return None
    last = first_d
    for d in dates[dates.index(first_d) + 1:]:  # "Tháng 9 và tháng 10/2024": from the first to the last
        if not LIST_GAP_RE.fullmatch(text, last.span[1], d.span[0]):  # type: ignore[index]
            break
        last = d
    ds, de = first_d.span
    if last is not first_d:
        return TimeSpan(first_d, quarter_end(last), ds, last.span[1], True)  # type: ignore[index]
    fm = FROM_RE.search(f, max(0, ds - s - 12), ds - s)
    if fm:
        return TimeSpan(first_d, None, s + fm.start(), de, False)
    if UNTIL_RE.search(f, max(0, ds - s - 20), ds - s) or fold(first_d.text or "").startswith("het"):
        return TimeSpan(None, first_d, ds, de, False)
    return TimeSpan(first_d, quarter_end(first_d), ds, de, False)


def quarter_end(d: DateValue) -> DateValue:
    """A quarter read as one date is its first month ("quý II/2024" -> 2024-04); as an end or a
    deadline it is its last month (2024-06)."""
    if d.precision == "month" and d.value and QUARTER_RE.match(fold(d.text or "")):
        month = int(d.value[5:7])
        if month % 3 == 1:
            return replace(d, value=f"{d.value[:4]}-{month + 2:02d}")
    return d
