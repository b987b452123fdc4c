"""Numbers, ranges, fractions and quantities in Vietnamese administrative text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parser.values.numbers import NumberMatch, find_numbers, parse_fraction, parse_number, parse_range


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("02", 2),
        ("100", 100),
        ("1.000", 1000),
        ("1.000.000", 1000000),
        ("12.500.000", 12500000),
        ("0,08", 0.08),
        ("99,7", 99.7),
        ("1,5", 1.5),
        ("2.5", 2.5),  # a lone dot without three decimals is a decimal point
        ("0.125", 0.125),  # "0." is never a thousands group
        ("1.234,5", 1234.5),
        ("1,000,000", 1000000),
        ("1.000,00", 1000),  # ints when integral
        ("95 %", 95),
        ("một", 1),
        ("mười", 10),
        ("mười lăm", 15),
        ("mười một", 11),
        ("hai mươi", 20),
        ("hai mươi mốt", 21),
        ("hai mươi tư", 24),
        ("ba mươi lăm", 35),
        ("một trăm", 100),
        ("một trăm linh năm", 105),
        ("hai trăm lẻ ba", 203),
        ("ba nghìn", 3000),
        ("năm ngàn", 5000),
        ("hai triệu ba trăm nghìn", 2300000),
        ("một nghìn tỷ", 10**12),
        ("Mười Lăm", 15),
        ("muoi lam", 15),  # without diacritics
        ("hai muoi", 20),
    ],
)
def test_parse_number(s: str, expected: float) -> None:
    got = parse_number(s)
    assert got == pytest.approx(expected)
    assert type(got) is type(expected)


@pytest.mark.parametrize("s", ["", "abc", "12.34.5", "1.2.3", "một hai", "tập thể", "%", "1,2,3"])
def test_parse_number_rejects(s: str) -> None:
    assert parse_number(s) is None


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("1-2", (1, 2)),
        ("từ 01 đến 02", (1, 2)),
        ("2 – 3", (2, 3)),
        ("90% - 95%", (90, 95)),
        ("từ 5 tới 7", (5, 7)),
        ("0,5 - 1,5", (0.5, 1.5)),
        ("từ một đến hai", (1, 2)),
        ("3-1", None),  # not increasing
        ("abc", None),
        ("5", None),
    ],
)
def test_parse_range(s: str, expected: tuple[float, float] | None) -> None:
    assert parse_range(s) == expected


@pytest.mark.parametrize(
    ("s", "expected"),
    [("1/3", 1 / 3), ("2/3", 2 / 3), ("1 / 2", 0.5), ("một phần ba", 1 / 3), ("hai phần năm", 0.4), ("1/0", None),
     ("abc", None), ("1-3", None)],
)
def test_parse_fraction(s: str, expected: float | None) -> None:
    assert parse_fraction(s) == (pytest.approx(expected) if expected is not None else None)


Q = tuple[float, float | None, str | None, str]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỷ lệ tham gia BHYT toàn dân đạt 99,7%", [(99.7, None, "%", "99,7%")]),
        ("Tỷ lệ hộ nghèo: dưới 0,08%", [(0.08, None, "%", "0,08%")]),
        ("Tỷ lệ gia đình văn hoá: từ 98% trở lên", [(98, None, "%", "98%")]),
        ("từ 1-2 công trình gắn biển cấp thành phố", [(1, 2, None, "1-2")]),
        ("2-3 công trình gắn biển cấp quận/ năm", [(2, 3, None, "2-3")]),
        ("từ 01 đến 02 cán bộ, công chức", [(1, 2, None, "01 đến 02")]),
        ("tỷ lệ đạt 90 - 95%", [(90, 95, "%", "90 - 95%")]),
        ("Mỗi phường: tối đa 02 tập thể, 03 cá nhân", [(2, None, None, "02"), (3, None, None, "03")]),
        ("Giải quyết việc làm mới: 172 lao động", [(172, None, None, "172")]),
        ("tổng kinh phí 1.500.000.000 đồng", [(1500000000, None, None, "1.500.000.000")]),
        ("tăng 5,5 % so với cùng kỳ", [(5.5, None, "%", "5,5 %")]),
        ("giảm 1/3 số hộ nghèo", [(1 / 3, None, None, "1/3")]),
        ("tổng số 172 lao động", [(172, None, None, "172")]),
        # not quantities
        ("Nghị định số 132/2003/NĐ-CP ngày 6/11/2003 của Chính phủ", []),
        ("Chỉ thị số 34-CT/TW; Nghị quyết số 368- NQ/TU", []),
        ("Số: 32 /KH-HĐTĐKT", []),
        ("kế hoạch năm 2024", []),
        ("nhiệm kỳ 2020 - 2025", []),
        ("giai đoạn 2021-2025", []),
        ("Kế hoạch 02 năm (2021,2022)", [(2, None, None, "02")]),
        ("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n2.1. Đối với phường\n- 5.** Ngành Giáo dục", []),
        ("theo Điều 5, khoản 2, Đợt 2, Phường 12, Cụm thi đua số 8", []),
        ("Điện thoại: 0243 825 123", []),
        ("liên hệ 0912.345.678", []),
        ("khai mạc lúc 8h30 ngày 10/4", []),
        ("COVID-19 và F0", []),
        ("đạt 10/10 điểm", []),
        ("tầm nhìn đến 2045", []),
    ],
)
def test_find_numbers(text: str, expected: list[Q]) -> None:
    got = [(n.value, n.value_max, n.unit, n.text) for n in find_numbers(text)]
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g[0] == pytest.approx(e[0]) and g[1:] == e[1:]


def test_find_numbers_spans_with_base() -> None:
    text = "- Tỷ lệ hộ nghèo: dưới 0,08%;"
    (n,) = find_numbers(text, base=50)
    assert isinstance(n, NumberMatch) and n.is_percent
    assert text[n.span[0] - 50:n.span[1] - 50] == "0,08%"


def test_section_numbers_and_bullets() -> None:
    text = "1. Mục đích\n- 02 tập thể tiêu biểu\n2. Yêu cầu: 100% đơn vị"
    assert [n.text for n in find_numbers(text)] == ["02", "100%"]


TOKENS = list("0123456789.,/-–% \n") + ["từ ", "đến ", "năm ", "ngày ", "Điều ", "số ", "NĐ-CP", "KH", "%", "trở lên",
                                         "1.000", "0,08", "2024", "Đợt ", "\n1. "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=25).map("".join) | st.text(max_size=50))
def test_find_numbers_properties(text: str) -> None:
    prev = -1
    for n in find_numbers(text, base=3):
        s, e = n.span[0] - 3, n.span[1] - 3
        assert 0 <= s < e <= len(text) and s >= prev
        prev = e
        assert text[s:e] == n.text
        if n.value_max is not None:
            assert n.value_max > n.value
        assert n.is_percent == (n.unit == "%")
    parse_number(text)
    parse_range(text)
    parse_fraction(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_parse_number_thousands_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}".replace(",", ".")) == n
    assert parse_number(str(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999999), st.integers(min_value=1, max_value=99))
def test_parse_number_decimal_comma(whole: int, frac: int) -> None:
    s = f"{whole},{frac:02d}"
    assert parse_number(s) == pytest.approx(whole + frac / 100)
