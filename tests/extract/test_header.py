"""Header and closing on layouts beyond the samples (Nghị định 30/2020/NĐ-CP and its common deviations)."""
from __future__ import annotations

import pytest

from kh_testutil import extract_text

BODY = """
I. MỤC ĐÍCH, YÊU CẦU
1. Động viên các tập thể, cá nhân thi đua hoàn thành nhiệm vụ.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này.
"""

COUNCIL = """UBND QUẬN LONG BIÊN
HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG
Số: 45/KH-HĐTĐKT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Long Biên, ngày 15 tháng 3 năm 2024

KẾ HOẠCH
Tổ chức phong trào thi đua
chào mừng kỷ niệm 50 năm Ngày giải phóng miền Nam
""" + BODY + """
Trên đây là Kế hoạch của Hội đồng Thi đua - Khen thưởng quận./.

Nơi nhận:
- Thường trực Quận ủy (để b/c);
- Sở Nội vụ (để báo cáo);
- Các thành viên Hội đồng;
- Như trên;
- Lưu: VT, TĐKT (02b).

TM. HỘI ĐỒNG
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(Đã ký)
Nguyễn Văn Bình
"""

PARTY = """ĐẢNG BỘ TỈNH BẮC GIANG
HUYỆN ỦY LỤC NAM
*
Số 25-KH/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Lục Nam, ngày 12 tháng 5 năm 2023

KẾ HOẠCH
thực hiện Chỉ thị số 21-CT/TU của Ban Thường vụ Tỉnh ủy
""" + BODY + """
Nơi nhận:
- Ban Thường vụ Tỉnh ủy (b/c),
- Các chi, đảng bộ trực thuộc,
- Lưu Văn phòng Huyện ủy.

T/M HUYỆN ỦY
BÍ THƯ
TRẦN VĂN HÙNG
"""

INTERLEAVED = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LAI CHÂU Độc lập - Tự do - Hạnh phúc
Số: 1234/KH-UBND Lai Châu, ngày 20 tháng 4 năm 2022

KẾ HOẠCH Triển khai công tác thi đua, khen thưởng năm 2022
""" + BODY + """
Nơi nhận:
- Các sở, ban, ngành tỉnh;
- UBND các huyện, thành phố;
- Lưu: VT, KGVX.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Lương
"""

BLANK = """Số:          /KH-UBND
Xã Tả Van, ngày      tháng      năm 2024

KẾ HOẠCH
Phát động thi đua năm 2024

Giám đốc Sở Giáo dục và Đào tạo ban hành Kế hoạch phát động thi đua như sau:
""" + BODY + """
Nơi nhận:
- Như trên;
- Lưu: VT.

GIÁM ĐỐC
"""


def test_two_level_issuer_header_and_full_signature() -> None:
    r = extract_text(COUNCIL)
    d = r["document"]
    assert (d["type"], d["number"], d["symbol"], d["reference"]) == ("KH", "45", "KH-HĐTĐKT", "45/KH-HĐTĐKT")
    assert d["place"] == "Long Biên"
    assert d["issued"]["value"] == "2024-03-15" and d["issued"]["precision"] == "day"
    assert d["title"] == "Tổ chức phong trào thi đua chào mừng kỷ niệm 50 năm Ngày giải phóng miền Nam"
    assert r["issuer"]["name"] == "Hội đồng Thi đua - Khen thưởng quận Long Biên"
    assert r["issuer"]["parent"] == "UBND quận Long Biên"
    assert r["issuer"]["abbreviation"] == "HĐTĐKT"
    s = r["signer"]
    assert (s["on_behalf_of"], s["authority"], s["title"], s["name"]) == (
        "TM. HỘI ĐỒNG", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Bình",
    )
    assert [(x["name"], x["purpose"]) for x in r["recipients"]] == [
        ("Thường trực Quận ủy", "để báo cáo"),
        ("Sở Nội vụ", "để báo cáo"),
        ("Các thành viên Hội đồng", None),
        ("Như trên", None),
    ]
    assert r["archive_copy"]["holders"] == ["VT", "TĐKT"] and r["archive_copy"]["copies"] == 2


def test_party_document_header() -> None:
    r = extract_text(PARTY)
    d = r["document"]
    assert (d["number"], d["symbol"], d["reference"]) == ("25", "KH/HU", "25-KH/HU")
    assert d["place"] == "Lục Nam"
    assert d["title"] == "thực hiện Chỉ thị số 21-CT/TU của Ban Thường vụ Tỉnh ủy"
    assert r["issuer"]["name"] == "Huyện ủy Lục Nam"
    assert r["issuer"]["parent"] == "Đảng bộ tỉnh Bắc Giang"
    assert r["issuer"]["abbreviation"] == "HU"
    assert r["signer"]["authority"] == "T/M HUYỆN ỦY"
    assert r["signer"]["title"] == "BÍ THƯ" and r["signer"]["name"] == "TRẦN VĂN HÙNG"
    assert r["recipients"][0] == {**r["recipients"][0], "name": "Ban Thường vụ Tỉnh ủy", "purpose": "để báo cáo"}
    assert r["archive_copy"]["holders"] == ["Văn phòng Huyện ủy"]


def test_interleaved_two_column_header() -> None:
    r = extract_text(INTERLEAVED)
    d = r["document"]
    assert (d["number"], d["symbol"]) == ("1234", "KH-UBND")
    assert d["place"] == "Lai Châu"
    assert d["issued"]["value"] == "2022-04-20"
    assert d["title"] == "Triển khai công tác thi đua, khen thưởng năm 2022"
    assert r["issuer"]["name"] == "Ủy ban nhân dân tỉnh Lai Châu"
    assert r["signer"]["name"] == "Lê Văn Lương" and r["signer"]["authority"] == "TM. ỦY BAN NHÂN DÂN"


def test_blank_number_and_partial_date_are_reported_not_invented() -> None:
    r = extract_text(BLANK)
    d = r["document"]
    assert d["number"] is None and d["reference"] == "/KH-UBND"
    assert d["place"] == "Xã Tả Van"
    assert d["issued"]["value"] == "2024" and d["issued"]["precision"] == "year"
    codes = {w["code"] for w in r["warnings"]}
    assert {"blank_number", "blank_date"} <= codes
    assert r["issuer"]["name"] == "Sở Giáo dục và Đào tạo"
    assert r["signer"]["title"] == "GIÁM ĐỐC" and r["signer"]["name"] is None
    assert r["archive_copy"] == {**r["archive_copy"], "holders": ["VT"], "copies": None}


def test_issuer_completed_with_place_from_closing_sentence() -> None:
    text = "Số: /KH-UBND\nTam Đường, ngày tháng năm 2022\n\nKẾ HOẠCH\nPhát động thi đua\n" + BODY + (
        "\nTrên đây là Kế hoạch phát động thi đua của UBND huyện, đề nghị các cơ quan thực hiện./.\n"
        "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nSùng Lữ Páo\n"
    )
    r = extract_text(text)
    assert r["issuer"]["name"] == "UBND huyện Tam Đường"
    assert any(w["code"] == "issuer_inferred" for w in r["warnings"])


@pytest.mark.parametrize(
    "line, number, symbol",
    [
        ("Số: 32 /KH-HĐTĐKT", "32", "KH-HĐTĐKT"),
        ("Số:102/KH-UBND", "102", "KH-UBND"),
        ("Số: 01/2024/KH-SNV", "01/2024", "KH-SNV"),
        ("Số: 12/UBND-VX", "12", "UBND-VX"),
        ("So: 7/KH-BCĐ", "7", "KH-BCĐ"),
    ],
)
def test_number_shapes(line: str, number: str, symbol: str) -> None:
    r = extract_text(f"{line}\nHà Nội, ngày 1 tháng 2 năm 2024\n\nKẾ HOẠCH\nThi đua năm 2024\n{BODY}")
    assert (r["document"]["number"], r["document"]["symbol"]) == (number, symbol)


def test_quyet_dinh_is_recognised_as_not_a_plan() -> None:
    text = "ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG ANH\nSố: 120/QĐ-UBND\nĐông Anh, ngày 3 tháng 1 năm 2024\n\nQUYẾT ĐỊNH\nVề việc khen thưởng\n" + BODY
    r = extract_text(text)
    assert r["document"]["type"] == "QĐ" and r["document"]["type_name"] == "Quyết định"
    assert any(w["code"] == "not_a_plan" for w in r["warnings"])


SCHOOL = """PHÒNG GD&ĐT HUYỆN THỌ XUÂN
TRƯỜNG THCS XUÂN LẬP
Số: 25/KH-THCS
Xuân Lập, ngày 10 tháng 9 năm 2024

KẾ HOẠCH
Tổ chức phong trào thi đua năm học 2024 - 2025

Thực hiện chủ đề năm học của ngành Giáo dục tỉnh "Đổi mới, sáng tạo", Trường THCS Xuân Lập xây dựng Kế hoạch thi đua với chủ đề thi đua của nhà trường: "Kỷ cương - Tình thương - Trách nhiệm", cụ thể như sau:
""" + BODY + """
HIỆU TRƯỞNG
(Đã ký)

Lê Thị Hồng Nhung

Nơi nhận:
- Phòng GD&ĐT (để b/c);
- Lưu: VT.
"""


def test_signature_before_noi_nhan_and_inline_theme_of_the_plan() -> None:
    r = extract_text(SCHOOL)
    assert (r["signer"]["title"], r["signer"]["name"]) == ("HIỆU TRƯỞNG", "Lê Thị Hồng Nhung")
    assert r["document"]["theme"] == "Kỷ cương - Tình thương - Trách nhiệm"  # not the branch's theme
    assert r["issuer"]["name"] == "Trường THCS Xuân Lập"  # a named body gets no locality appended
    assert r["issuer"]["parent"] == "Phòng GD&ĐT huyện Thọ Xuân"
    assert [x["name"] for x in r["recipients"]] == ["Phòng GD&ĐT"]


def test_cited_plans_theme_is_not_the_plans_theme() -> None:
    text = COUNCIL.replace(
        "Trên đây là", "Căn cứ Kế hoạch số 12/KH-UBND ngày 15/01/2025 của UBND tỉnh với chủ đề “Kỷ cương, trách nhiệm”;\n\nTrên đây là"
    )
    assert extract_text(text)["document"]["theme"] is None


def test_numbered_theme_line() -> None:
    text = COUNCIL.replace("II. TỔ CHỨC THỰC HIỆN", "1. Chủ đề thi đua: “Đoàn kết, sáng tạo, về đích sớm”\nII. TỔ CHỨC THỰC HIỆN")
    assert extract_text(text)["document"]["theme"] == "Đoàn kết, sáng tạo, về đích sớm"


@pytest.mark.parametrize(
    "upper, cased",
    [
        ("SỞ NỘI VỤ", "Sở Nội vụ"),
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
        ("ĐẢNG BỘ TỈNH THANH HÓA", "Đảng bộ tỉnh Thanh Hóa"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        ("ỦY BAN NHÂN DÂN QUẬN 3", "Ủy ban nhân dân Quận 3"),
        ("UY BAN NHAN DAN HUYEN CAM GIANG", "Uy ban nhan dan huyen Cam Giang"),
        ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", "Phòng Tài chính - Kế hoạch"),
    ],
)
def test_header_names_are_cased_as_written_in_running_text(upper: str, cased: str) -> None:
    from parser.extract.units import case_upper_name

    assert case_upper_name(upper) == cased
