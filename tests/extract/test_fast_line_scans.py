"""Line scans that skip a line by a cheap test must find what the full scan finds: the anniversary
reader skips the trigger pattern on lines without a trigger word (`_line_records(…, starts)`)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parser.extract.commemorations import _line_records
from parser.extract.commemorations_scan import _patterns, clause_lines
from parser.text.fold import fold

FRAGMENTS = [
    "Kỷ niệm 80 năm Ngày Quốc khánh 2/9", "kỉ niệm", "chào mừng", "Chào mừng Đại hội", "hướng tới", "nhân dịp",
    "Nhân kỷ niệm", "mừng Đảng, mừng Xuân", "70 năm Chiến thắng Điện Biên Phủ (07/5/1954 - 07/5/2024)", "năm 2025",
    "120 năm", "thành lập", "Ngày Thầy thuốc Việt Nam 27/02", "\n", ", ", ";", "- ", "tổ chức", "kỷ", "niệm",
]
TEXTS = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from([None, 2024]))
def test_trigger_prefilter_keeps_every_record(text: str, year: int | None) -> None:
    f = fold(text)
    starts = [m.start() for m in _patterns()["trigger_start"].finditer(f, overlapped=True)]
    for ls, le in clause_lines(text):
        assert _line_records(text, f, ls, le, 0, year, starts) == _line_records(text, f, ls, le, 0, year)
