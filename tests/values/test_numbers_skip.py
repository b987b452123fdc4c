"""`find_numbers(…, unless=spans, before=limit)`: the quantities a caller keeps (new spans starting
before `limit`) are those of the plain call; only numerals that cannot add one are skipped."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parser.values.numbers import find_numbers

FRAGMENTS = [
    "01 tập thể", "02 cá nhân", "tối đa 03", "100%", "90 - 95%", "từ 01 đến 02", "1-2", "ngày 15/5/2023", "12/KH-UBND",
    "Đợt 2", "năm 2025", "2021 - 2025", "1/3", "2 / 5 số hộ", "0912345678", ": ", "\n1. ", "- ", ", ", "99,7 %", "1.000",
    "5 phần trăm", "Phường 12",
]
TEXTS = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10).map(" ".join)


def _kept(numbers, known: set[tuple[int, int]], before: int) -> list:  # type: ignore[no-untyped-def]
    return [n for n in numbers if n.span[0] < before and n.span not in known]


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=120), st.data())
def test_skipping_keeps_what_the_caller_keeps(text: str, base: int, reach: int, data: st.DataObject) -> None:
    plain = find_numbers(text, base)
    known = set(data.draw(st.lists(st.sampled_from([n.span for n in plain] or [(0, 1)]), max_size=4)))
    before = base + reach
    assert _kept(find_numbers(text, base, unless=known, before=before), known, before) == _kept(plain, known, before)
