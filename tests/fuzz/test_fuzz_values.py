"""Property-based fuzzing of the value parsers: dates, numbers, citations (10 000 examples each).

Properties, for any text: no exception; every span inside the text; the
item's text is the spanned text (white space aside); dates and citations
valid against the output schema's own definitions; a `base` only shifts
spans; numbers finite. Round trips: a date or a number written the usual
Vietnamese ways parses back to itself.

KHPARSE_FUZZ_EXAMPLES raises the count (`make fuzz` runs 10x more).
"""
from __future__ import annotations

import math
import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_strategies import CITATION_TEXT, DATE_TEXT, NUMBER_TEXT, def_errors
from parser.extract.citations import find_citations
from parser.values import (find_date_ranges, find_dates, find_numbers, parse_date, parse_fraction, parse_header_date,
                           parse_number, parse_range)

EXAMPLES = int(os.environ.get("KHPARSE_FUZZ_EXAMPLES", "10000"))
# Fixed examples in the suite (reproducible); KHPARSE_FUZZ_RANDOM=1 (make fuzz) explores new ones each run.
RANDOM = bool(os.environ.get("KHPARSE_FUZZ_RANDOM"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not RANDOM,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
ROUND_TRIP = settings(FUZZ, max_examples=max(200, EXAMPLES // 5))
BASE = 37


def squeeze(s: str) -> str:
    return " ".join(s.split())


def assert_spans(text: str, spans: list[tuple[int, int]], base: int = 0, *, disjoint: bool = True) -> None:
    prev_end = base
    for a, b in spans:
        assert base <= a <= b <= base + len(text), (a, b, len(text))
        if disjoint:
            assert a >= prev_end, f"overlapping or unsorted spans {spans}"
            prev_end = b


# ---------------------------------------------------------------- dates


@FUZZ
@given(DATE_TEXT)
def test_dates_on_any_text(s: str) -> None:
    dates = find_dates(s)
    assert_spans(s, [d.span for d in dates])  # type: ignore[misc]
    for d in dates:
        assert not def_errors("date", d.to_json()), d
        assert squeeze(d.text or "") == squeeze(s[d.span[0]:d.span[1]])  # type: ignore[index]
    shifted = find_dates(s, BASE)
    assert [(d.span[0] - BASE, d.span[1] - BASE, d.value) for d in shifted] == [(*d.span, d.value) for d in dates]  # type: ignore[index,misc]
    for r in find_date_ranges(s):
        assert_spans(s, [r.span])
        for end in (r.start, r.end):
            if end is not None:
                assert r.span[0] <= end.span[0] <= end.span[1] <= r.span[1]  # type: ignore[index]
                assert not def_errors("date", end.to_json())
    one = parse_date(s)
    if one is not None:
        assert not def_errors("date", one.to_json()), one
    header = parse_header_date(s)
    assert not def_errors("optDate", header.to_json() if header is not None else None)


FORMATS = (
    lambda d: f"ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d: f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"ngày {d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"trước ngày {d.day}/{d.month}/{d.year}",
)


@ROUND_TRIP
@given(st.dates(date(1945, 1, 1), date(2100, 12, 31)), st.sampled_from(FORMATS))
def test_dates_round_trip(d: date, fmt) -> None:  # type: ignore[no-untyped-def]
    text = fmt(d)
    parsed = parse_date(text)
    assert parsed is not None and parsed.value == d.isoformat() and parsed.precision == "day", (text, parsed)
    found = find_dates(f"Báo cáo gửi về {text}.")
    assert [x.value for x in found] == [d.isoformat()], (text, found)


# ---------------------------------------------------------------- numbers


@FUZZ
@given(NUMBER_TEXT)
def test_numbers_on_any_text(s: str) -> None:
    found = find_numbers(s)
    assert_spans(s, [n.span for n in found], disjoint=False)
    assert [n.span for n in found] == sorted(n.span for n in found)
    for n in found:
        assert s[n.span[0]:n.span[1]] == n.text
        assert math.isfinite(n.value) and (n.value_max is None or (math.isfinite(n.value_max) and n.value_max >= n.value)), n
    assert [(a - BASE, b - BASE) for a, b in (n.span for n in find_numbers(s, BASE))] == [n.span for n in found]
    for fn in (parse_number, parse_fraction):
        v = fn(s)
        assert v is None or (isinstance(v, (int, float)) and math.isfinite(v)), (fn.__name__, v)
    r = parse_range(s)
    assert r is None or (math.isfinite(r[0]) and math.isfinite(r[1]) and r[0] <= r[1]), r


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@ROUND_TRIP
@given(st.integers(0, 10**13), st.integers(0, 99), st.booleans())
def test_numbers_round_trip(n: int, cents: int, percent: bool) -> None:
    assert parse_number(_grouped(n)) == n
    assert parse_number(str(n)) == n
    dec = f"{_grouped(n)},{cents:02d}"
    assert parse_number(dec + ("%" if percent else "")) == pytest.approx(n + cents / 100)
    if n < 1000:
        lo, hi = sorted((n, n + cents))
        assert parse_range(f"{lo}-{hi}") == (lo, hi)
        assert parse_range(f"từ {lo:02d} đến {hi:02d}") == (lo, hi)


# ---------------------------------------------------------------- citations


@FUZZ
@given(CITATION_TEXT, st.booleans())
def test_citations_on_any_text(s: str, basis: bool) -> None:
    cits = find_citations(s, basis=basis)
    assert_spans(s, [c.span for c in cits])
    for c in cits:
        assert not def_errors("citation", c.to_json()), c
        assert squeeze(c.text) == squeeze(s[c.span[0]:c.span[1]]), c
        if c.date is not None and c.date.span is not None:
            assert c.span[0] <= c.date.span[0] <= c.date.span[1] <= c.span[1], c
    shifted = find_citations(s, BASE, basis=basis)
    assert [(c.span[0] - BASE, c.span[1] - BASE, c.number) for c in shifted] == [(*c.span, c.number) for c in cits]
