"""Dates in Vietnamese administrative writing -> contract-v1 date objects."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parser.values.dates import DateValue, find_date_ranges, find_dates, parse_date, parse_header_date

# --- parse_date ------------------------------------------------------------


@pytest.mark.parametrize(
    ("s", "value", "precision", "text"),
    [
        ("ngày 6/11/2003", "2003-11-06", "day", "6/11/2003"),
        ("06/11/2003", "2003-11-06", "day", "06/11/2003"),
        ("6-11-2003", "2003-11-06", "day", "6-11-2003"),
        ("6.11.2003", "2003-11-06", "day", "6.11.2003"),
        ("06 / 11 / 2003", "2003-11-06", "day", "06 / 11 / 2003"),
        ("ngày 30 tháng 6 năm 2021", "2021-06-30", "day", "ngày 30 tháng 6 năm 2021"),
        ("Ngày 02 tháng 9 năm 1945", "1945-09-02", "day", "Ngày 02 tháng 9 năm 1945"),
        ("ngay 30 thang 6 nam 2021", "2021-06-30", "day", "ngay 30 thang 6 nam 2021"),
        ("tháng 7/2021", "2021-07", "month", "tháng 7/2021"),
        ("Tháng 12/2022", "2022-12", "month", "Tháng 12/2022"),
        ("tháng 12 năm 2024", "2024-12", "month", "tháng 12 năm 2024"),
        ("tháng 01/2023", "2023-01", "month", "tháng 01/2023"),
        ("tháng 3-2024", "2024-03", "month", "tháng 3-2024"),
        ("năm 2024", "2024", "year", "năm 2024"),
        ("quý I/2024", "2024-01", "month", "quý I/2024"),
        ("quý 2 năm 2024", "2024-04", "month", "quý 2 năm 2024"),
        ("Quý IV/2023", "2023-10", "month", "Quý IV/2023"),
        ("hết quý II/2024", "2024-06", "month", "hết quý II/2024"),
        ("hết tháng 12/2022", "2022-12", "month", "hết tháng 12/2022"),
        ("hết ngày 30/8/2022", "2022-08-30", "day", "hết ngày 30/8/2022"),
        ("trước ngày 15/12/2023", "2023-12-15", "day", "15/12/2023"),
        ("Chậm nhất ngày 31/5/2023", "2023-05-31", "day", "31/5/2023"),
        ("ngày 29/02/2024", "2024-02-29", "day", "29/02/2024"),
        ("2023-06-30", "2023-06-30", "day", "2023-06-30"),
        ("ngày 15 tháng Giêng năm 2024", "2024-01-15", "day", "ngày 15 tháng Giêng năm 2024"),
    ],
)
def test_parse_date(s: str, value: str, precision: str, text: str) -> None:
    dv = parse_date(s)
    assert dv is not None
    assert (dv.value, dv.precision, dv.text) == (value, precision, text)


@pytest.mark.parametrize(
    "s",
    [
        "32/13/2020",  # impossible day and month
        "31/2",  # no 31 February
        "30/02/2023",
        "29/02/2023",  # 2023 is not a leap year
        "132/2003/NĐ-CP",  # a decree number
        "34-CT/TW",
        "Số: 32/KH-HĐTĐKT",
        "0,08%",
        "0912.345.678",  # a phone number
        "abc",
        "",
        "ngày 25/5 hoặc 26/5/2023",  # two dates, not one
        "15/2020/TT-BTC",
    ],
)
def test_parse_date_rejects(s: str) -> None:
    assert parse_date(s) is None


def test_year_less_date_uses_default_year_else_value_none() -> None:
    assert parse_date("10/4", default_year=2023) == DateValue("2023-04-10", "day", "10/4", (0, 4))
    bare = parse_date("10/4")
    assert bare is not None and bare.value is None and bare.precision == "day" and bare.text == "10/4"
    month = parse_date("tháng 7")
    assert month is not None and (month.value, month.precision) == (None, "month")
    assert parse_date("tháng 7", default_year=2024).value == "2024-07"


def test_lunar_marker() -> None:
    dv = parse_date("23/3/2023 Âm lịch")
    assert dv is not None and dv.calendar == "lunar" and dv.text == "23/3/2023 Âm lịch" and dv.value == "2023-03-23"
    dv = parse_date("mùng 10/3 (âm lịch)", default_year=2024)
    assert dv is not None and dv.calendar == "lunar" and dv.value == "2024-03-10"
    assert parse_date("10/3/2024 (ÂL)").calendar == "lunar"


def test_to_json_shape() -> None:
    assert DateValue("2022", "year", "năm 2022").to_json() == {"value": "2022", "precision": "year", "text": "năm 2022"}
    j = DateValue("2023-03-23", "day", "23/3/2023 Âm lịch", (5, 22), "lunar").to_json()
    assert j == {"value": "2023-03-23", "precision": "day", "text": "23/3/2023 Âm lịch", "calendar": "lunar", "span": [5, 22]}


# --- find_dates --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nghị định số 132/2003/NĐ-CP ngày 6/11/2003 của Chính phủ", [("2003-11-06", "6/11/2003")]),
        ("Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị", [("2014-04-07", "07/4/2014")]),
        ("Quyết định số 1234/QĐ-UBND ngày 15/3/2024 của UBND tỉnh", [("2024-03-15", "15/3/2024")]),
        ("Thông tư 12/2019/TT-BNV ngày 29/11/2019", [("2019-11-29", "29/11/2019")]),
        ("giảm 1/3 số hộ nghèo", []),  # a fraction
        ("đạt 2/3 kế hoạch", []),
        ("đầu tư 1/3 vốn", []),  # "tư" is not the cue "từ"
        ("Tỷ lệ hộ nghèo: dưới 0,08%", []),
        ("Điện thoại: 0243.3825.123", []),
        ("Luật Thi đua, khen thưởng 2022", []),  # a bare year is no date
        ("nhiệm kỳ 2020 - 2025", []),
        ("năm học 2022 - 2023", []),
        ("niên khóa 2021-2024", []),
        ("chiến thắng 7 trận", []),
        ("Triển lãm Việt Nam 2024", []),
        ("mỗi tháng 1 lần", []),
        ("tổng kết 9 tháng năm 2024", [("2024", "năm 2024")]),
        ("Xong trước ngày 19/6", [(None, "19/6")]),
        ("nhân dịp 30/4 và 1/5", [(None, "30/4"), (None, "1/5")]),
        ("ngày 30/4 và 01/5/2024", [("2024-04-30", "30/4"), ("2024-05-01", "01/5/2024")]),
        ("trong ngày 19/5, 31/5; 09/6 và 11/6/2023", [("2023-05-19", "19/5"), ("2023-05-31", "31/5"),
                                                      ("2023-06-09", "09/6"), ("2023-06-11", "11/6/2023")]),
        ("Thời gian: đến hết ngày 30/8/2022.", [("2022-08-30", "hết ngày 30/8/2022")]),
        ("Hà Nội, ngày 15 tháng 3 năm 2024", [("2024-03-15", "ngày 15 tháng 3 năm 2024")]),
        ("Ba Đình, ngày tháng 4 năm 2023", [("2023-04", "ngày tháng 4 năm 2023")]),
        ("Tam Đường, ngày tháng năm 2022", [("2022", "ngày tháng năm 2022")]),
        ("ngày 10.4.2023 và ngày 5-6", [("2023-04-10", "10.4.2023"), (None, "ngày 5-6")]),
        ("Phân đầu đến hết năm 2023 giảm", [("2023", "hết năm 2023")]),
        ("Hà Nội, ngàỵ 30 thảng 6 nãm 2021", [("2021-06-30", "ngàỵ 30 thảng 6 nãm 2021")]),  # OCR
        ("Căn cứ Luật ngày 15 tháng 6 năm 2022;", [("2022-06-15", "ngày 15 tháng 6 năm 2022")]),
        ("Từ ngày 01/01/2024 đến ngày 31/12/2024", [("2024-01-01", "01/01/2024"), ("2024-12-31", "31/12/2024")]),
        ("trong tháng 10 và tháng 11/2024", [("2024-10", "tháng 10"), ("2024-11", "tháng 11/2024")]),
        ("trong tháng Tư năm 2024", [("2024-04", "tháng Tư năm 2024")]),
        ("triển khai ngay 1/3 kế hoạch", []),
    ],
)
def test_find_dates(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert [(d.value, d.text) for d in find_dates(text)] == expected


def test_find_dates_spans_and_base() -> None:
    text = "Kế hoạch số 03/KH-HĐTĐKT ngày 22/01/2021 của Hội đồng"
    (dv,) = find_dates(text, base=100)
    s, e = dv.span
    assert text[s - 100:e - 100] == "22/01/2021"


def test_find_dates_default_year() -> None:
    dates = find_dates("Xong trước ngày 19/5; hội nghị ngày 20 tháng 6", default_year=2023)
    assert [d.value for d in dates] == ["2023-05-19", "2023-06-20"]


# --- find_date_ranges --------------------------------------------------------

R = tuple[str | None, str | None, str | None, str | None]


@pytest.mark.parametrize(
    ("text", "default_year", "expected"),
    [
        ("kỷ niệm 20 năm ngày thành lập quận (06/11/2003 - 06/11/2023)", None,
         [("2003-11-06", "06/11/2003", "2023-11-06", "06/11/2023")]),
        ("thành lập quận (31/5/1961-31/5/2023)", None, [("1961-05-31", "31/5/1961", "2023-05-31", "31/5/2023")]),
        ("(06/11/2003 – 06/11/2023)", None, [("2003-11-06", "06/11/2003", "2023-11-06", "06/11/2023")]),
        ("Đợt 1: Từ tháng 7/2021 đến hết tháng 12/2022", None,
         [("2021-07", "tháng 7/2021", "2022-12", "hết tháng 12/2022")]),
        ("Từ tháng 1/2023 đến 06/11/2023", None, [("2023-01", "tháng 1/2023", "2023-11-06", "06/11/2023")]),
        ("Dự kiến trong khoảng thời gian từ ngày 10/4 - 14/4", 2023,
         [("2023-04-10", "10/4", "2023-04-14", "14/4")]),
        ("từ ngày 12/5 - 18/5/2023", None, [("2023-05-12", "12/5", "2023-05-18", "18/5/2023")]),
        ("từ ngày 01/6 – 10/6/2023", None, [("2023-06-01", "01/6", "2023-06-10", "10/6/2023")]),
        ("Dự kiến ngày 25/5 hoặc 26/5/2023", None, [("2023-05-25", "25/5", "2023-05-26", "26/5/2023")]),
        ("Từ nay đến hết ngày 30/8/2022.", None, [(None, None, "2022-08-30", "hết ngày 30/8/2022")]),
        ("từ nay đến hết tháng 12 năm 2024", None, [(None, None, "2024-12", "hết tháng 12 năm 2024")]),
        ("Từ ngày ban hành kế hoạch đến ngày 31/12/2024", None, [(None, None, "2024-12-31", "31/12/2024")]),
        ("giai đoạn 2021-2025", None, [("2021", "2021", "2025", "2025")]),
        ("Kế hoạch 5 năm (2021 - 2025)", None, [("2021", "2021", "2025", "2025")]),
        ("từ năm 2021 đến năm 2025", None, [("2021", "năm 2021", "2025", "năm 2025")]),
        ("nhiệm kỳ 2020 - 2025", None, []),
        ("năm học 2022 - 2023", None, []),
        ("từ ngày 20/12 - 05/01/2024", None, [("2023-12-20", "20/12", "2024-01-05", "05/01/2024")]),
        ("từ ngày 10 đến ngày 15/4/2023", None, [("2023-04-10", "10", "2023-04-15", "15/4/2023")]),
        ("Trong quý I/2024 - hết quý III/2024", None, [("2024-01", "quý I/2024", "2024-09", "hết quý III/2024")]),
        ("từ quý II đến quý IV năm 2024", None, [("2024-04", "quý II", "2024-12", "quý IV năm 2024")]),
        ("tháng 7 - 9/2024", None, [("2024-07", "tháng 7", "2024-09", "9/2024")]),
        ("ngày 30 tháng 4 đến ngày 02 tháng 5 năm 2025", None,
         [("2025-04-30", "ngày 30 tháng 4", "2025-05-02", "ngày 02 tháng 5 năm 2025")]),
        ("1-2/3 số hộ", None, []),  # fractions, not a range of days
    ],
)
def test_find_date_ranges(text: str, default_year: int | None, expected: list[R]) -> None:
    got = [
        (r.start.value if r.start else None, r.start.text if r.start else None, r.end.value if r.end else None,
         r.end.text if r.end else None)
        for r in find_date_ranges(text, default_year=default_year)
    ]
    assert got == expected


def test_range_text_and_lunar_days() -> None:
    text = "Trong khoảng thời gian từ ngày 09/5 - 11/5 (ngày 20-22/3 âm lịch)"
    r1, r2 = find_date_ranges(text, default_year=2023)
    assert r1.text == "từ ngày 09/5 - 11/5" and text[r1.span[0]:r1.span[1]] == r1.text
    assert (r2.start.value, r2.end.value) == ("2023-03-20", "2023-03-22")
    assert r2.start.calendar == r2.end.calendar == "lunar"


def test_lunar_marker_after_range_applies_to_both_ends() -> None:
    (r,) = find_date_ranges("980 năm Thập Tam Trại (23/3/1043-23/3/2023 Âm lịch)")
    assert r.start.to_json() == {"value": "1043-03-23", "precision": "day", "text": "23/3/1043", "calendar": "lunar",
                                 "span": list(r.start.span)}
    assert r.end.text == "23/3/2023 Âm lịch" and r.end.calendar == "lunar"


@pytest.mark.parametrize(
    ("text", "lunar"),
    [
        ("ngày 9 và 10/3 âm lịch", [True, True]),
        ("ngày 15/4/2024, ngày 10/3 âm lịch", [False, True]),
        ("ngày 10/3 âm lịch, ngày 15/4/2024", [True, False]),
    ],
)
def test_lunar_marker_scope(text: str, lunar: list[bool]) -> None:
    assert [d.calendar == "lunar" for d in find_dates(text, default_year=2024)] == lunar


def test_open_range_text() -> None:
    (r,) = find_date_ranges("II. THỜI GIAN THỰC HIỆN ĐỢT THI ĐUA: Từ nay đến hết ngày 30/8/2022.")
    assert r.start is None and r.text == "Từ nay đến hết ngày 30/8/2022"


# --- parse_header_date -------------------------------------------------------


@pytest.mark.parametrize(
    ("s", "value", "precision", "text"),
    [
        ("Long Biên, ngày 30 tháng 6 năm 2021", "2021-06-30", "day", "ngày 30 tháng 6 năm 2021"),
        ("Ba Đình, ngày   tháng 4 năm 2023", "2023-04", "month", "ngày tháng 4 năm 2023"),
        ("Phường Ngô Quyền, ngày tháng 02 năm 2024", "2024-02", "month", "ngày tháng 02 năm 2024"),
        ("Tam Đường, ngày  tháng  năm 2022", "2022", "year", "ngày tháng năm 2022"),
        ("Hà Nội, ngày ... tháng ... năm ...", None, None, "ngày ... tháng ... năm ..."),
        ("ngày tháng năm", None, None, "ngày tháng năm"),
        ("Hà Nội, ngày …… tháng …… năm 2024", "2024", "year", "ngày …… tháng …… năm 2024"),
        ("Đà Nẵng, ngày 01/10/2024", "2024-10-01", "day", "ngày 01/10/2024"),
        ("ngày 5-6-2023", "2023-06-05", "day", "ngày 5-6-2023"),
        ("ngàỵ 30 thảng 6 nãm 2021", "2021-06-30", "day", "ngàỵ 30 thảng 6 nãm 2021"),
        ("ngay 30 thang 6 nam 2021", "2021-06-30", "day", "ngay 30 thang 6 nam 2021"),
        ("TP. Hồ Chí Minh, ngày 31 tháng 6 năm 2021", "2021-06", "month", "ngày 31 tháng 6 năm 2021"),
        ("Cần Thơ, ngày 05 tháng 01 năm 2025", "2025-01-05", "day", "ngày 05 tháng 01 năm 2025"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None, None, None),
        ("KẾ HOẠCH thi đua năm 2024", None, None, None),  # a year in a title is not an issue date
        ("Hà Nội, tháng 4 năm 2023", "2023-04", "month", "tháng 4 năm 2023"),
    ],
)
def test_parse_header_date(s: str, value: str | None, precision: str | None, text: str | None) -> None:
    dv = parse_header_date(s)
    assert (dv.value, dv.precision, dv.text) == (value, precision, text)


# --- properties --------------------------------------------------------------

TOKENS = list("0123456789/-.–, ()ngàytháǹămquýIVhếtđừâlịcsốKH%\n") + [
    "ngày ", "tháng ", "năm ", "từ ", "đến ", "hết ", "quý ", "âm lịch", "nhiệm kỳ ", "/2023", "/20", " - ", "hoặc ",
    "12", "31", "2024", "1961", "(", ")", "Từ nay đến ", "ngay ", "thang ", "nam "]
VI_TEXT = st.lists(st.sampled_from(TOKENS), max_size=25).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VI_TEXT | st.text(max_size=60))
def test_find_dates_never_raise_and_spans_hold(text: str) -> None:
    dates = find_dates(text, base=7)
    prev_end = -1
    for d in dates:
        s, e = d.span[0] - 7, d.span[1] - 7
        assert 0 <= s < e <= len(text) and s >= prev_end
        prev_end = e
        assert " ".join(text[s:e].split()) == d.text
        if d.text.strip().isdigit() and len(d.text.strip()) <= 2:
            continue  # the lone first day of "20-22/3" is no date by itself
        if "quý" in d.text.lower() or "quy" in d.text.lower():
            continue  # a quarter ending a range stands for its last month
        year = int(d.value[:4]) if d.value else None
        again = parse_date(d.text, default_year=year)
        assert again is not None and again.value == d.value, (d, again)
    for r in find_date_ranges(text):
        assert 0 <= r.span[0] < r.span[1] <= len(text)
        assert " ".join(text[r.span[0]:r.span[1]].split()) == r.text
    parse_date(text)
    parse_header_date(text)
