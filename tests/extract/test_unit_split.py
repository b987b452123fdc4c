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
    ("Khoa Khám bệnh", True),          # a hospital's department
    ("Tổ Tổng hợp - Kế hoạch", True),  # a team of an office
    ("Xã đoàn", True),
    ("Báo và Phát thanh, Truyền hình Lạng Sơn", True),
    ("Khoa học và Công nghệ", False),
    ("Khóa tập huấn", False),          # a one-word head keeps its diacritics
    ("báo cáo kết quả", False),
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


def test_unit_split_heads_that_start_ordinary_words_are_no_heads() -> None:
    """`units.iter_heads` skips "Tổ" in "Tổ chức" and "Khoa" in "Khoa học", which the issuer and the
    casing of header names also read."""
    from parser.extract.units import iter_heads, starts_with_unit

    assert not starts_with_unit("Tổ chức Hội nghị")
    assert not is_unit_head("Tổ chức Hội nghị sơ kết") and not is_unit_head("To chuc Hoi nghi")
    assert is_unit_head("Tổ Văn phòng") and is_unit_head("To Van phong")
    assert starts_with_unit("Tổ Công tác liên ngành")
    assert [m.group(0) for m in iter_heads("Sở Khoa học và Công nghệ")] == ["so"]


@pytest.mark.parametrize(("child", "parent", "one"), [
    ("Phòng Quản lý Thể dục thể thao", "Sở Văn hóa, Thể thao và Du lịch", True),
    ("Khoa Xét nghiệm", "Bệnh viện Đa khoa tỉnh Điện Biên", True),
    ("Vụ Pháp chế", "Bộ Nội vụ", True),
    ("Ban Phong trào", "Huyện đoàn Lục Nam", True),
    ("Phòng Cảnh sát giao thông", "Công an tỉnh Bắc Giang", True),
    ("Phòng Cảnh sát giao thông", "Công an huyện", False),  # district police: two bodies side by side
    ("Phòng Nội vụ", "UBND huyện", False),                  # a district's own office is written without a comma
    ("Phòng Nội vụ", "các Sở", False),
    ("Phòng Nội vụ quận", "Sở Nội vụ", False),
    ("Sở Y tế", "Bộ Y tế", False),
    ("Phòng", "Sở Tư pháp", False),
])
def test_unit_split_sub_unit_of(child: str, parent: str, one: bool) -> None:
    from parser.extract.unit_names import sub_unit_of

    assert sub_unit_of(child, parent) is one
