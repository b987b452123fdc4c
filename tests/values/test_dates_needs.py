"""The date scan skips a pattern when the text lacks what every match of it holds (`NEEDS`: a
substring, a run of year digits, two digits joined by "/", "." or "-"), and scans from where the first
match can start (`_scan_from`); neither may lose a match. Reference: every pattern run on every whole
text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parser.text.fold import fold
from parser.values import dates_scan as D

FRAGMENTS = [
    "ngày 15/5/2023", "15.5.2023", "15-5-2023", "2023-05-15", "ngày 5 tháng 6 năm 2024", "5 tháng Tư", "tháng 6/2024",
    "tháng 6 năm 2024", "Quý II/2024", "quý 3", "năm 2025", "2021 - 2025", "6/2024", "06 năm 2024", "ngày 5.6", "mùng 5-6",
    "ngày   tháng   năm 2024", "10, 11/3", "9 và 10 tháng 3", "1/3 số hộ", "02 tập thể", "1. Mục tiêu", "2.1.", "-", "/", ".",
    "Đề án 06", "số 12/KH-UBND", "đến", "hoặc", "âm lịch", "(AL)", "hết ngày 30/8", "từ nay đến", " ", "\n", ", ",
    "thang 6", "ngay 15/5", "nam 2024", "quy IV/2023", "2024,2025", "8h30", "100%", "Hoàn thành trước", "mồng 2",
    "Năm 2024", "năm học", "NGÀY 30 THÁNG 4", "mùng 10 tháng Giêng", "quý I", "Chỉ tiêu",
]
TEXTS = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map(" ".join)
GLUED = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map("".join)


def _all_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    everything = tuple((prio, kind, rx) for prio, (kind, rx) in enumerate(D.PATTERNS))
    monkeypatch.setattr(D, "_runnable", lambda present: everything)
    monkeypatch.setattr(D, "_scan_from", lambda f, first_hint: 0)


def _cands(text: str) -> list[tuple]:
    return [(c.kind, c.start, c.end, c.d, c.m, c.y, c.q) for c in D._candidates(text, fold(text))]


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, GLUED))
def test_needs_never_skip_a_match(text: str) -> None:
    got = _cands(text)
    with pytest.MonkeyPatch.context() as mp:
        _all_patterns(mp)
        assert _cands(text) == got


def test_every_pattern_that_can_match_meets_its_needs() -> None:
    for prio, (kind, rx) in enumerate(D.PATTERNS):
        for frag in FRAGMENTS:
            f = fold(frag)
            if rx.search(f):
                present = sum(1 << i for i, k in enumerate(D.NEED_KEYS)
                              if (D.SEARCHED[k].search(f) if k in D.SEARCHED else k in f))
                assert D._needs_met(D.NEED_MASKS[prio], present), (kind, frag)
