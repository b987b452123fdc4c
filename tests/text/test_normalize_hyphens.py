"""Words split by a hyphen at a line end are re-joined; meaningful hyphens stay."""
from __future__ import annotations

import unicodedata

import pytest

from parser.text.hyphens import joins_across_hyphen
from parser.text.normalize import normalize

# (raw, what the normalized text contains)
JOINED = [
    ("Trung tâm Y tế huyện tổ chức xét nghi-\nệm sàng lọc cho người lao động.", "xét nghiệm sàng lọc"),
    ("Hỗ trợ người bệnh thanh to-\nán viện phí qua tài khoản.", "thanh toán viện phí"),
    ("4. Phòng Điều dư-\nỡng\na) Tổ chức tập huấn", "4. Phòng Điều dưỡng\na) Tổ chức"),
    ("đẩy mạnh công tác tuyên tru-\nyền, phổ biến pháp luật", "tuyên truyền, phổ biến"),
    ("Ủy ban nhân dân hu-\nyện Đức Trọng chỉ đạo", "Ủy ban nhân dân huyện Đức Trọng"),
    ("nâng cao trình độ chu-\nyên môn, nghiệp vụ cho công chức", "trình độ chuyên môn"),
    ("bảo đảm quyền lợi của ngư-\nời lao động", "quyền lợi của người lao động"),
    ("thực hiện thắng lợi các mục ti-\nêu của Nghị quyết", "các mục tiêu của"),
    ("đẩy mạnh cải cách hành chí-\nnh trong toàn tỉnh", "cải cách hành chính trong"),
    ("xây dựng kế hoạ-\nch chi tiết", "kế hoạch chi tiết"),
    ("Sở Giáo dục và Đào tạo chỉ đạo các trư-\nờng học trên địa bàn", "các trường học trên"),
    ("kiểm tra, giám sát việc thự-\nc hiện Kế hoạch", "việc thực hiện Kế hoạch"),
    ("Ban Thường vụ Huyện ủy quy-\nết định khen thưởng", "Huyện ủy quyết định"),
    ("Khoa Xét nghi-\nệm (Bệnh viện)", "Khoa Xét nghiệm (Bệnh viện)"),
    # A page break between the halves (blank lines) is crossed.
    ("hình thức thanh to-\n\n\nán không dùng tiền mặt", "thanh toán không dùng"),
    # Spaces left at the line end by a converter.
    ("đẩy mạnh tuyên tru- \n  yền về an toàn giao thông", "tuyên truyền về an toàn"),
    # A non-breaking hyphen (U+2011) from a word processor.
    ("cán bộ, giáo vi\u2011\nên và học sinh", "cán bộ, giáo viên và học sinh"),
]

KEPT = [
    ("Ban Chỉ đạo tỉnh Bà Rịa-\nVũng Tàu", "Bà Rịa-\nVũng Tàu"),  # capital after the break: a compound name
    ("Số: 125/KH-\nUBND", "125/KH-\nUBND"),
    ("phòng, chống dịch COVID-\n19 trên địa bàn", "COVID-\n19"),
    ("bồi dưỡng giáo viên theo hình thức e-\nlearning", "e-\nlearning"),  # not one syllable
    ("phát triển kinh tế-\nxã hội năm 2025", "kinh tế-\nxã hội"),  # two syllables, tight compound
    ("Phòng Văn hóa -\nxã hội", "Văn hóa -\nxã hội"),  # a spaced dash
    ("năm học 2024 -\n2025", "2024 -\n2025"),
    ("Phòng Tài chính-\nKế hoạch huyện", "Tài chính-\nKế hoạch"),
    ("từ tháng 3-\ntháng 5/2025", "3-\ntháng"),
    ("Giải bóng bàn, bi-\na công nhân viên chức", "bi-\na công"),  # "bi-a": two syllables, nothing proves one
    ("đoàn công tác sang Ma-lai-xi-\na và Thái Lan", "Ma-lai-xi-\na"),  # a hyphen chain (transliteration)
    ("đo chiều dài bằng ki-lô-\nmét", "ki-lô-\nmét"),
    ("bổ sung ô-\nxy cho bệnh nhân", "ô-\nxy"),  # "ôxy" is no syllable
    ("Thành phố Hồ Chí Minh-\nnơi tổ chức", "Minh-\nnơi"),
    ("ĐẢNG BỘ TỈNH-\nđảng bộ cơ sở", "TỈNH-\nđảng"),
]


@pytest.mark.parametrize("raw, expected", JOINED)
def test_hyphen_break_is_rejoined(raw: str, expected: str) -> None:
    out = normalize(raw)
    assert expected in out.text
    assert out.repairs.get("hyphen_break", 0) >= 1


@pytest.mark.parametrize("raw, expected", KEPT)
def test_meaningful_hyphen_stays(raw: str, expected: str) -> None:
    out = normalize(raw)
    assert expected in out.text
    assert "hyphen_break" not in out.repairs


@pytest.mark.parametrize(
    "left, right, joined",
    [
        ("dư", "ỡng", True),  # "ỡng" is no syllable
        ("nghi", "ệm", True),  # the tone mark of the whole after the break
        ("ti", "êu", True),  # iê split
        ("chu", "yên", True),  # uyê split
        ("xi", "a", False),  # two syllables, no tone: a transliteration
        ("ho", "a", False),
        ("tế", "xã", False),
        ("e", "learning", False),
    ],
)
def test_join_decision(left: str, right: str, joined: bool) -> None:
    assert joins_across_hyphen(left, right) is joined


def test_rejoined_word_maps_back_to_the_source() -> None:
    raw = "Triển khai hệ thống lấy số từ khâu tiếp đón đến các phòng khám, xét nghi-\nệm, chẩn đoán hình ảnh."
    out = normalize(raw)
    start = out.text.index("xét nghiệm")
    s, e = out.offsets.span_to_source((start, start + len("xét nghiệm")))
    assert raw[s:e] == "xét nghi-\nệm"
    after = out.text.index("chẩn đoán")
    s2, e2 = out.offsets.span_to_source((after, after + len("chẩn đoán")))
    assert raw[s2:e2] == "chẩn đoán"


def test_decomposed_input_is_rejoined_after_nfc() -> None:
    raw = unicodedata.normalize("NFD", "các phòng xét nghi-\nệm của bệnh viện")
    assert "xét nghiệm của" in normalize(raw).text
