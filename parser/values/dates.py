"""Dates as Vietnamese plans write them, to contract-v1 date objects.

Matching runs on `fold(text)` (same length, so spans hold), which makes
"ngay 30 thang 6 nam 2021" and OCR "ngàỵ 30 thảng 6 nãm 2021" match; the
key words are then checked on the original so that "thắng 7", "Việt Nam 2024"
or "đầu tư 1/3" do not pass for dates.

Heuristics (the judgement calls, in one place):
- `text` is the date as written without a leading "ngày" ("6/11/2003"), but
  with a leading "hết" ("hết ngày 30/8/2022", "hết tháng 12/2022") and a
  trailing lunar marker ("23/3/2023 Âm lịch"), as the gold data writes them;
  "ngày 5-6" / "ngày 5.6" keep their "ngày": without it they read as a range.
- A bare "d/m" is a date only after a cue word ("ngày", "từ", "đến",
  "trước", "dịp", "(", … values_date_words.tsv), before "âm lịch", or linked
  to such a date by "-", "đến", "hoặc", "và", ","; otherwise it is a fraction
  ("1/3 số hộ") or a code and is left alone.
- Year-less dates take the year of the date they are linked to (a range's
  start takes its end's year, a list takes its last year), else
  `default_year`, else value None with precision "day"/"month" kept.
- A quarter "quý I/2024" is its first month; as the end of a range or after
  "hết" it is its last month ("2024-03").
- Bare years ("2021-2025") count only as a pair: a period with year
  precision; after "nhiệm kỳ", "năm học", "khóa" … they are a term, skipped.

The work is split in three: `dates_scan` (the patterns and the candidates
they find), `dates_ranges` (ranges, lists and the years they share) and this
module (the contract values and the public functions).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..text.fold import fold
from .dates_ranges import _scan
from .dates_scan import WS_RE, _alt, _Cand, _valid, _words

__all__ = ["DateValue", "DateRange", "parse_date", "find_dates", "find_date_ranges", "parse_header_date"]

PARSE_PREFIX_RE = regex.compile(rf"[\W_]*(?:(?:{_alt(_words('day_cue'))}|cham nhat|truoc|khoang)[\W_]*)*")
HEADER_RE = regex.compile(
    r"ngay[\s._…\-]{0,20}(?P<d>\d{1,2})?[\s._…\-]{0,20}thang[\s._…\-]{0,20}(?P<m>\d{1,2})?[\s._…\-]{0,20},?"
    r"[\s._…]{0,4}nam[\s._…\-]{0,20}(?:(?P<y>\d{4})(?!\d)|\d{1,3}[._…]+)?"
)
WORD_CHAR_RE = regex.compile(r"[\w]")
NGAY_END_RE = regex.compile(r"ngay\s{1,3}$")


@dataclass(frozen=True)
class DateValue:
    """A date as the contract writes it: ISO reduced to what the text states."""

    value: str | None
    precision: str | None
    text: str | None
    span: tuple[int, int] | None = None
    calendar: str | None = None

    def to_json(self) -> dict:
        """Contract-v1 date object; `calendar` and `span` only when set."""
        out: dict = {"value": self.value, "precision": self.precision, "text": self.text}
        if self.calendar:
            out["calendar"] = self.calendar
        if self.span is not None:
            out["span"] = [self.span[0], self.span[1]]
        return out


@dataclass(frozen=True)
class DateRange:
    """A period: start may be None ("từ nay đến hết ngày 30/8/2022")."""

    start: DateValue | None
    end: DateValue | None
    text: str
    span: tuple[int, int]



def _dv(text: str, c: _Cand, base: int) -> DateValue:
    """The contract date of a candidate."""
    m = c.m
    if c.q:
        m = 3 * c.q if (c.role == "end" or c.het) else 3 * c.q - 2
    if c.kind in ("year", "bare_year") or (c.kind == "blank" and m is None):
        prec, val = "year", f"{c.y:04d}" if c.y else None
    elif c.d is None or c.kind == "blank":
        prec, val = "month", f"{c.y:04d}-{m:02d}" if c.y else None
    else:
        prec = "day"
        val = f"{c.y:04d}-{m:02d}-{c.d:02d}" if c.y and _valid(c.d, m, c.y) else None
    return DateValue(val, prec, WS_RE.sub(" ", text[c.start:c.end]).strip(), (c.start + base, c.end + base),
                     "lunar" if c.lunar else None)


def find_dates(text: str, base: int = 0, *, default_year: int | None = None, folded: str | None = None) -> list[DateValue]:
    """Every date expression in text, sorted by span, non-overlapping (longest wins); `folded` is
    `fold(text)` when the caller has it."""
    accepted, _ = _scan(text, default_year, False, folded)
    return [_dv(text, c, base) for c in accepted]


def find_date_ranges(text: str, base: int = 0, *, default_year: int | None = None,
                     folded: str | None = None) -> list[DateRange]:
    """Periods: "từ ngày 10/4 - 14/4", "(06/11/2003 - 06/11/2023)", "Từ tháng 7/2021 đến hết tháng 12/2022",
    "từ 20-22/3 âm lịch", "Từ nay đến hết ngày 30/8/2022" (start None), "ngày 25/5 hoặc 26/5/2023",
    "giai đoạn 2021-2025" (years); not "nhiệm kỳ 2020 - 2025" nor "năm học 2022 - 2023". `folded`: as
    in `find_dates`."""
    _, ranges = _scan(text, default_year, False, folded)
    return [DateRange(_dv(text, a, base) if a else None, _dv(text, b, base),
                      WS_RE.sub(" ", text[s:e]).strip(), (s + base, e + base)) for a, b, s, e in ranges]


def parse_date(s: str, *, default_year: int | None = None) -> DateValue | None:
    """One date expression -> DateValue (None if s is not a date); cue words
    around it ("ngày", "trước ngày", "chậm nhất") are allowed and dropped."""
    accepted, _ = _scan(s, default_year, force=True)
    if len(accepted) != 1:
        return None
    c = accepted[0]
    f = fold(s)
    if not PARSE_PREFIX_RE.fullmatch(f, 0, c.start) or WORD_CHAR_RE.search(f[c.end:]):
        return None
    return _dv(s, c, 0)


def parse_header_date(s: str) -> DateValue:
    """The place-date line of a header ("Long Biên, ngày 30 tháng 6 năm 2021"),
    whose blanks ("ngày   tháng 4 năm 2023") lower the precision; value None
    when the year is blank. A day that cannot be lowers it to the month."""
    f = fold(s)
    hm = HEADER_RE.search(f)
    if hm:
        d, m, y = (int(x) if x else None for x in hm.group("d", "m", "y"))
        txt = WS_RE.sub(" ", s[hm.start():hm.end()]).strip()
        span = (hm.start(), hm.start() + len(s[hm.start():hm.end()].rstrip()))
        if y is None or not 1000 <= y <= 2199:
            return DateValue(None, None, txt, span)
        if m is None or not 1 <= m <= 12:
            return DateValue(f"{y:04d}", "year", txt, span)
        if d is None or not _valid(d, m, y):
            return DateValue(f"{y:04d}-{m:02d}", "month", txt, span)
        return DateValue(f"{y:04d}-{m:02d}-{d:02d}", "day", txt, span)
    for dv in find_dates(s):  # numeric forms; a lone "năm 2024" is no issue date
        if dv.value and dv.span and dv.precision in ("day", "month"):
            st = dv.span[0]
            pm = NGAY_END_RE.search(f[:st])
            if pm:
                st = pm.start()
            return DateValue(dv.value, dv.precision, WS_RE.sub(" ", s[st:dv.span[1]]), (st, dv.span[1]), dv.calendar)
    return DateValue(None, None, None)
