"""fold / fold_tone_placement / same_words: offsets must survive folding."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parser.text.fold import fold, fold_tone_placement, same_words, strip_tones


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ngày 30 tháng 6 năm 2021", "ngay 30 thang 6 nam 2021"),
        ("ngàỵ 30 thảng 6 nãm 2021", "ngay 30 thang 6 nam 2021"),  # OCR tone noise
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("ỦY BAN NHÂN DÂN QUẬN ĐỐNG ĐA", "uy ban nhan dan quan dong da"),
        ("Đảng bộ", "dang bo"),
        ("đ Đ", "d d"),
        ("Hội đồng Thi đua - Khen thưởng", "hoi dong thi dua - khen thuong"),
        ("23/3/2023 Âm lịch", "23/3/2023 am lich"),
        ("“Người tốt, việc tốt”", "“nguoi tot, viec tot”"),
        ("", ""),
    ],
)
def test_fold_examples(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoà", "hòa"),
        ("Uỷ ban", "Ủy ban"),
        ("UỶ BAN", "ỦY BAN"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("văn hoá", "văn hóa"),
        ("Khoá XV", "Khóa XV"),
        ("hoàn thành", "hoàn thành"),  # closed syllable: both styles agree
        ("quý I", "quý I"),  # qu + y
        ("khuỷu tay", "khuỷu tay"),
        ("hòa bình", "hòa bình"),  # already old style
        ("toà án", "tòa án"),
    ],
)
def test_fold_tone_placement(text: str, expected: str) -> None:
    assert fold_tone_placement(text) == expected
    assert len(fold_tone_placement(text)) == len(text)


@pytest.mark.parametrize(
    ("written", "canonical", "tones", "context", "expected"),
    [
        ("Từ", "từ", True, None, True),
        ("tư", "từ", True, None, False),  # "đầu tư" is not "từ"
        ("tu", "từ", True, None, True),  # text without diacritics
        ("tu", "từ", True, "đầu tu", False),  # ... but this context has them
        ("thảng", "tháng", False, None, True),  # OCR tone noise tolerated
        ("thắng", "tháng", False, None, False),  # "chiến thắng" is not "tháng"
        ("Nam", "năm", False, "Việt Nam 2024", False),
        ("nãm", "năm", False, "ngàỵ 30 thảng 6 nãm 2021", True),  # OCR lost the breve, kept a tone
        ("ngay", "ngày", True, "triển khai ngay", False),  # "ngay" (at once) is not "ngày"
        ("ngay", "ngày", True, "ngay 30 thang 6", True),
        ("hoà", "hòa", True, None, True),
    ],
)
def test_same_words(written: str, canonical: str, tones: bool, context: str | None, expected: bool) -> None:
    assert same_words(written, canonical, tones=tones, context=context) is expected


def test_strip_tones_keeps_vowel_shapes() -> None:
    assert strip_tones("Tháng năm Đảng") == "Thang năm Đang"


def test_fold_decomposed_input_same_length() -> None:
    nfd = unicodedata.normalize("NFD", "tháng")
    assert len(fold(nfd)) == len(nfd)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fold_same_length_any_text(s: str) -> None:
    assert len(fold(s)) == len(s)
    assert len(fold_tone_placement(s)) == len(s)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵđĐ qhktnAOUY"))
def test_fold_is_ascii_and_idempotent_on_vietnamese(s: str) -> None:
    f = fold(s)
    assert f.isascii()
    assert fold(f) == f
    assert fold(fold_tone_placement(s)) == f
