"""Heading tree: numbering kinds, paths, and tolerance of broken numbering."""
from __future__ import annotations

import pytest

from parser.zones.sections import parse_heading, roman_value

from kh_testutil import extract_text

PLAN = """UBND HUYỆN MAI SƠN
Số: 15/KH-UBND
Mai Sơn, ngày 02 tháng 3 năm 2024

KẾ HOẠCH
Tổ chức phong trào thi đua năm 2024

Căn cứ Kế hoạch số 20/KH-UBND ngày 10/01/2024 của UBND tỉnh Sơn La;

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Động viên cán bộ.
2. Yêu cầu
II. NỘI DUNG
A. Các phong trào thi đua
1. Thi đua phát triển kinh tế
1.1. Về nông nghiệp
a) Trồng trọt
b) Chăn nuôi
1.2. Về thương mại
B. Các đợt thi đua
III. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ
2. Phòng Tài chính - Kế hoạch
2. Các xã, thị trấn
4. Trung tâm Văn hóa
III. KINH PHÍ

Trên đây là Kế hoạch của UBND huyện./.
"""


def _flat(sections: list[dict]) -> list[tuple[str, int]]:
    out = []
    for s in sections:
        out.append((s["path"], s["level"]))
        out.extend(_flat(s["children"]))
    return out


def test_sections_tree_paths_and_levels() -> None:
    result = extract_text(PLAN)
    flat = _flat(result["sections"])
    assert flat[:11] == [
        ("I", 1), ("I.1", 2), ("I.2", 2), ("II", 1), ("II.A", 2), ("II.A.1", 3),
        ("II.A.1.1", 4), ("II.A.1.1.a", 5), ("II.A.1.1.b", 5), ("II.A.1.2", 4), ("II.B", 2),
    ]
    assert ("III.4", 2) in flat and ("III", 1) in flat


def test_broken_numbering_gives_warnings_not_failures() -> None:
    result = extract_text(PLAN)
    codes = [w["code"] for w in result["warnings"]]
    assert "numbering_duplicate" in codes  # "2." twice under III
    assert "numbering_gap" in codes  # then "4."
    assert "numbering_restart" in codes  # a second "III."


def test_section_spans_cover_their_text() -> None:
    result = extract_text(PLAN)
    text = result["text"]
    first = result["sections"][0]
    assert text[first["span"][0]:first["span"][1]].startswith("I. MỤC ĐÍCH")
    assert "Động viên cán bộ." in text[first["span"][0]:first["span"][1]]
    assert "II. NỘI DUNG" not in text[first["span"][0]:first["span"][1]]


def test_parse_heading_kinds() -> None:
    assert parse_heading("IV. KHEN THƯỞNG", last_roman=3).kind == "roman"
    assert parse_heading("2.3. Công tác cải cách hành chính").number == "2.3"
    assert parse_heading("1- Mục đích").kind == "arabic"
    assert parse_heading("a) Đối với tập thể").kind == "lower"
    assert parse_heading("B. Các đợt thi đua").kind == "upper"
    assert parse_heading("C. Khen thưởng", last_upper=2).kind == "upper"
    assert parse_heading("- Đơn vị chủ trì: Phòng Nội vụ") is None
    assert parse_heading("2.000 người tham gia") is None
    assert parse_heading("10/4 - 14/4 tổ chức") is None


def test_roman_values() -> None:
    assert [roman_value(r) for r in ("I", "IV", "IX", "XIV", "IIII")] == [1, 4, 9, 14, None]


def test_lettered_items_that_start_with_a_number_are_sections() -> None:
    """Target lists letter their items and an item may open with its number ("c) 100% thôn, …"); the
    first item right after a numbered heading is a sub-section like the later ones."""
    assert parse_heading("c) 100% thôn, tổ dân phố có quy ước, hương ước.").kind == "lower"
    assert parse_heading("b. 03 xã đạt chuẩn nông thôn mới nâng cao").kind == "lower"
    text = PLAN.replace("2. Yêu cầu\n", "2. Chỉ tiêu thi đua\na) 95% hộ gia đình đạt danh hiệu văn hóa.\n"
                        "b) Tỷ lệ hộ nghèo dưới 1%.\nc) 05 xã đạt chuẩn nông thôn mới.\n")
    flat = _flat(extract_text(text)["sections"])
    assert flat[2:6] == [("I.2", 2), ("I.2.a", 3), ("I.2.b", 3), ("I.2.c", 3)]


def test_lower_case_words_after_a_letter_are_no_sections() -> None:
    assert parse_heading("a) là cơ quan thường trực") is None
    assert parse_heading("đ) ngày 30/4") is None


@pytest.mark.parametrize(("line", "kind", "number", "head"), [
    ("## I. MỤC ĐÍCH, YÊU CẦU", "roman", "I", "MỤC ĐÍCH, YÊU CẦU"),
    ("### 1. Mục đích", "arabic", "1", "Mục đích"),
    ("**II. NỘI DUNG**", "roman", "II", "NỘI DUNG"),
    ("**2. Công tác tuyên truyền", "arabic", "2", "Công tác tuyên truyền"),
    ("#### 2.1. Đối với các trường mầm non", "dotted", "2.1", "Đối với các trường mầm non"),
    ("> a) Đối với tập thể", "lower", "a", "Đối với tập thể"),
    ("##III. TỔ CHỨC THỰC HIỆN", "roman", "III", "TỔ CHỨC THỰC HIỆN"),
    ("__1. Sở Y tế__", "arabic", "1", "Sở Y tế"),
])
def test_markdown_marks_around_headings_are_skipped(line: str, kind: str, number: str, head: str) -> None:
    """A plan converted from Markdown or a .docx keeps "## " / "**" around its headings."""
    h = parse_heading(line, last_roman=2)
    assert h is not None and (h.kind, h.number, h.heading) == (kind, number, head)


@pytest.mark.parametrize("line", [
    "# KẾ HOẠCH",
    "## Nơi nhận:",
    "**Căn cứ** Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "> Trích: Nghị quyết số 12-NQ/ĐU",
    "**- Đơn vị chủ trì:** Phòng Văn hóa - Thông tin",
    "### 2.000 lượt người tham gia",
])
def test_markdown_lines_that_are_no_headings(line: str) -> None:
    assert parse_heading(line, last_roman=2) is None


MD_PLAN = """ỦY BAN NHÂN DÂN
PHƯỜNG HÒA KHÁNH
Số: 21/KH-UBND
Hòa Khánh, ngày 10 tháng 3 năm 2024

# KẾ HOẠCH

**Tổng vệ sinh môi trường hưởng ứng Ngày Nước thế giới năm 2024**

Căn cứ Kế hoạch số 35/KH-UBND ngày 01/3/2024 của UBND quận;

## I. MỤC ĐÍCH, YÊU CẦU

**1. Mục đích**

- Nâng cao ý thức bảo vệ môi trường.

## II. TỔ CHỨC THỰC HIỆN

**1. Công chức Địa chính - Xây dựng phường**

- Tham mưu UBND phường triển khai Kế hoạch; tổng hợp kết quả.

**2. Đoàn Thanh niên phường**

- Huy động đoàn viên tham gia ra quân tổng vệ sinh.

Trên đây là Kế hoạch của UBND phường./.

Nơi nhận:
- UBND quận;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Lê Văn Nam
"""


def test_markdown_plan_has_its_parts_and_assignments() -> None:
    """Markdown headings make the tree (spans point at the real lines, hashes included) and the
    implementation part gives its assignments."""
    out = extract_text(MD_PLAN)
    flat = _flat(out["sections"])
    assert flat == [("I", 1), ("I.1", 2), ("II", 1), ("II.1", 2), ("II.2", 2)]
    top = out["sections"][1]
    assert out["text"][top["span"][0]:top["span"][1]].startswith("## II. TỔ CHỨC THỰC HIỆN")
    assert top["heading"] == "TỔ CHỨC THỰC HIỆN"
    units = [a["unit"] for a in out["assignments"]]
    assert units == ["Công chức Địa chính - Xây dựng phường", "Đoàn Thanh niên phường"]
    assert [a["section"] for a in out["assignments"]] == ["II.1", "II.2"]


def test_ocr_roman_numerals_after_markdown_marks_open_parts() -> None:
    from parser.zones.layout import heading

    assert heading("## l. MỤC ĐÍCH, YÊU CẦU").number == "I"
    assert heading("**1l. NỘI DUNG**").heading == "NỘI DUNG"
    assert heading("## l) đối với cá nhân") is None
