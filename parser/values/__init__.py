"""Values inside sentences: dates, numbers, comparators (pure functions)."""
from __future__ import annotations

from .comparators import find_comparator
from .dates import DateRange, DateValue, find_date_ranges, find_dates, parse_date, parse_header_date
from .numbers import NumberMatch, find_numbers, parse_fraction, parse_number, parse_range

__all__ = [
    "DateRange",
    "DateValue",
    "NumberMatch",
    "find_comparator",
    "find_date_ranges",
    "find_dates",
    "find_numbers",
    "parse_date",
    "parse_fraction",
    "parse_header_date",
    "parse_number",
    "parse_range",
]
