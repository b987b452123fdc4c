"""unit_split: a list of bodies cut into single bodies.

Cases live in tests/data/extract/unit_split.jsonl (a unit list as plans write
it, the bodies expected, and a note on the rule it exercises).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.extract.unit_split import is_unit_head, split_units, starts_body

DATA = Path(__file__).resolve().parents[1] / "data" / "extract" / "unit_split.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_unit_split_table(case: dict) -> None:
    assert [u.text for u in split_units(case["text"])] == case["units"], case["note"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_unit_split_spans_point_into_the_text(case: dict) -> None:
    base = 100
    text = case["text"]
    for u in split_units(text, base):
        a, b = u.span
        assert " ".join(text[a - base:b - base].split()) == u.text


@pytest.mark.parametrize(("text", "expected"), [
    ("Phòng Nội vụ quận", True),
    ("UBND các xã", True),
    ("các đơn vị liên quan", True),
    ("Thủ trưởng các cơ quan", True),
    ("Đoàn TNCS Hồ Chí Minh huyện", True),
    ("Thể thao", False),
    ("Du lịch", False),               # folded "du" = "ĐU" (Đảng ủy) only in capitals
    ("ban hành kế hoạch", False),     # a head word starting an ordinary word
    ("hội nghị tổng kết", False),
    ("trường hợp cần thiết", False),
    ("", False),
])
def test_unit_split_starts_body(text: str, expected: bool) -> None:
    assert starts_body(text) is expected


def test_unit_split_abbreviation_needs_capitals() -> None:
    assert is_unit_head("ĐU phường")
    assert not is_unit_head("du lịch")


def test_unit_split_empty_and_punctuation_only() -> None:
    assert split_units("") == []
    assert split_units(" ; , .") == []
