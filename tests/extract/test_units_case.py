"""units.case_upper_name: names printed in capitals in a header, written as running text writes them
(Nghị định 30/2020/NĐ-CP, Phụ lục II: the type of body capitalised on its first word, its field in sentence
case, proper names capitalised; Luật Doanh nghiệp 2020: legal form in lower case). The scorer compares
names without case; these keep values readable. Issue 9: enterprises and their trade unions issue Chỉ thị
and Phát động letters, so their names reach `issuer` too."""
from __future__ import annotations

import pytest

from parser.extract.units import case_upper_name
from parser.text.fold import fold

ENTERPRISES = [
    ("CÔNG TY CỔ PHẦN XÂY DỰNG SỐ 5", "Công ty cổ phần Xây dựng số 5"),
    ("TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM", "Tổng công ty Điện lực miền Nam"),
    ("HỢP TÁC XÃ NÔNG NGHIỆP AN PHÚ", "Hợp tác xã Nông nghiệp An Phú"),
    ("HỢP TÁC XÃ DỊCH VỤ NÔNG NGHIỆP XÃ TÂN HỘI", "Hợp tác xã Dịch vụ nông nghiệp xã Tân Hội"),
    ("CÔNG TY TNHH MTV CẤP THOÁT NƯỚC BÌNH DƯƠNG", "Công ty TNHH MTV Cấp thoát nước Bình Dương"),
    ("CÔNG TY TNHH MỘT THÀNH VIÊN XỔ SỐ KIẾN THIẾT TỈNH BÌNH DƯƠNG",
     "Công ty TNHH một thành viên Xổ số kiến thiết tỉnh Bình Dương"),
    ("CÔNG TY CỔ PHẦN CƠ KHÍ MINH PHÚ", "Công ty cổ phần Cơ khí Minh Phú"),
    ("CÔNG TY CP ĐẦU TƯ VÀ PHÁT TRIỂN NHÀ HÀ NỘI", "Công ty CP Đầu tư và Phát triển nhà Hà Nội"),
    ("CÔNG TY CỔ PHẦN ĐẦU TƯ, XÂY DỰNG VÀ THƯƠNG MẠI HOÀNG GIA",
     "Công ty cổ phần Đầu tư, Xây dựng và Thương mại Hoàng Gia"),
    ("CÔNG TY TNHH THƯƠNG MẠI - DỊCH VỤ MINH AN", "Công ty TNHH Thương mại - Dịch vụ Minh An"),
    ("TỔNG CÔNG TY XÂY DỰNG CÔNG TRÌNH GIAO THÔNG 1", "Tổng công ty Xây dựng công trình giao thông 1"),
    ("TẬP ĐOÀN ĐIỆN LỰC VIỆT NAM", "Tập đoàn Điện lực Việt Nam"),
    ("XÍ NGHIỆP MAY XUẤT KHẨU SỐ 2", "Xí nghiệp May xuất khẩu số 2"),
    ("NHÀ MÁY THUỶ ĐIỆN HÒA BÌNH", "Nhà máy Thuỷ điện Hòa Bình"),
    ("DOANH NGHIỆP TƯ NHÂN THƯƠNG MẠI HOÀNG LONG", "Doanh nghiệp tư nhân Thương mại Hoàng Long"),
    ("CÔNG TY TNHH HOÀNG LONG", "Công ty TNHH Hoàng Long"),
    ("CÔNG TY TNHH THẦN TÀI", "Công ty TNHH Thần Tài"),  # "Thần" is no "than" (coal)
    ("CHI NHÁNH CÔNG TY CỔ PHẦN DƯỢC PHẨM HÀ TÂY", "Chi nhánh Công ty cổ phần Dược phẩm Hà Tây"),
    ("CHI NHÁNH NGÂN HÀNG CHÍNH SÁCH XÃ HỘI TẠI TỈNH AN GIANG",
     "Chi nhánh Ngân hàng Chính sách xã hội tại tỉnh An Giang"),
    ("QUỸ TÍN DỤNG NHÂN DÂN XÃ AN PHÚ", "Quỹ tín dụng nhân dân xã An Phú"),
]

ORGANISATIONS = [
    ("CÔNG ĐOÀN CÔNG TY CỔ PHẦN CƠ KHÍ MINH PHÚ", "Công đoàn Công ty cổ phần Cơ khí Minh Phú"),
    ("ĐẢNG ỦY CÔNG TY CỔ PHẦN MAY 10", "Đảng ủy Công ty cổ phần May 10"),
    ("BAN CHẤP HÀNH CÔNG ĐOÀN CÔNG TY", "Ban Chấp hành Công đoàn Công ty"),
    ("BAN THƯỜNG VỤ TỈNH ĐOÀN", "Ban Thường vụ Tỉnh đoàn"),
    ("BAN TỔ CHỨC HUYỆN ỦY", "Ban Tổ chức Huyện ủy"),
    ("ĐOÀN TNCS HỒ CHÍ MINH", "Đoàn TNCS Hồ Chí Minh"),
    ("HỘI LHPN XÃ AN PHÚ", "Hội LHPN xã An Phú"),
    ("LIÊN ĐOÀN LAO ĐỘNG TỈNH BÌNH DƯƠNG", "Liên đoàn Lao động tỉnh Bình Dương"),
    ("CÔNG ĐOÀN CÁC KHU CÔNG NGHIỆP", "Công đoàn Các khu công nghiệp"),
    ("TRƯỜNG TIỂU HỌC SỐ 1 XÃ AN PHÚ", "Trường Tiểu học số 1 xã An Phú"),
    ("TRƯỜNG MẦM NON SỐ 2", "Trường Mầm non số 2"),
    ("ĐỘI QUẢN LÝ THỊ TRƯỜNG SỐ 3", "Đội Quản lý thị trường số 3"),  # "Quản" is no "quận"
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),  # "Xã hội" is no "xã"
    ("NGÂN HÀNG CHÍNH SÁCH XÃ HỘI", "Ngân hàng Chính sách xã hội"),
    ("BỘ CÔNG AN", "Bộ Công an"),
    ("TỈNH ĐOÀN HÀ TĨNH", "Tỉnh đoàn Hà Tĩnh"),  # a level in the head: a place name after it
    ("QUẬN ĐOÀN BA ĐÌNH", "Quận đoàn Ba Đình"),
    ("BAN THƯỜNG VỤ THÀNH ĐOÀN HÀ NỘI", "Ban Thường vụ Thành đoàn Hà Nội"),
    ("VĂN PHÒNG HĐND VÀ ỦY BAN NHÂN DÂN HUYỆN", "Văn phòng HĐND và Ủy ban nhân dân huyện"),
]

# Names cased right before: they stay as they were.
UNCHANGED = [
    ("ỦY BAN NHÂN DÂN QUẬN 3", "Ủy ban nhân dân Quận 3"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
    ("HUYỆN ỦY LỤC NAM", "Huyện ủy Lục Nam"),
    ("ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG", "Ủy ban nhân dân huyện Đoan Hùng"),  # no "Huyện đoàn" in "Huyện Đoan"
    ("ỦY BAN NHÂN DÂN THỊ XÃ SƠN TÂY", "Ủy ban nhân dân thị xã Sơn Tây"),
    ("UBND THÀNH PHỐ HÀ NỘI", "UBND thành phố Hà Nội"),
    ("VĂN PHÒNG HĐND VÀ UBND HUYỆN", "Văn phòng HĐND và UBND huyện"),
    ("BẢO HIỂM XÃ HỘI HUYỆN AN PHÚ", "Bảo hiểm xã hội huyện An Phú"),
    ("BỆNH VIỆN ĐA KHOA TỈNH NGHỆ AN", "Bệnh viện Đa khoa tỉnh Nghệ An"),
    ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", "Phòng Tài chính - Kế hoạch"),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
    ("TRƯỜNG THCS XUÂN LẬP", "Trường THCS Xuân Lập"),
    ("UY BAN NHAN DAN HUYEN CAM GIANG", "Uy ban nhan dan huyen Cam Giang"),
    ("PHONG TAI CHINH - KE HOACH", "Phong Tai chinh - Ke hoach"),  # no diacritics: "TAI" may be "tài", never lowered
    ("THANH TRA HUYỆN AN PHÚ", "Thanh tra huyện An Phú"),  # "Thanh" is no "Thành": no level in this head
]


@pytest.mark.parametrize(("upper", "cased"), ENTERPRISES + ORGANISATIONS + UNCHANGED,
                         ids=[u for u, _ in ENTERPRISES + ORGANISATIONS + UNCHANGED])
def test_case_upper_name(upper: str, cased: str) -> None:
    assert case_upper_name(upper) == cased


@pytest.mark.parametrize(("upper", "cased"), [
    ("HOP TAC XA NONG NGHIEP AN PHU", "Hop tac xa Nong nghiep An Phu"),
    ("CONG TY CO PHAN XAY DUNG SO 5", "Cong ty co phan Xay dung So 5"),
    ("TONG CONG TY DIEN LUC MIEN NAM", "Tong cong ty Dien luc Mien Nam"),
])
def test_case_upper_name_without_diacritics(upper: str, cased: str) -> None:
    """OCR that lost every diacritic: the letters stay the document's, the casing follows the same rules
    except for the common nouns that a bare spelling cannot tell apart ("SO" may be "Sở")."""
    assert case_upper_name(upper) == cased


@pytest.mark.parametrize("upper", [u for u, _ in ENTERPRISES + ORGANISATIONS + UNCHANGED])
def test_case_upper_name_keeps_letters_and_spacing(upper: str) -> None:
    out = case_upper_name("  " + upper.replace(" ", "  ") + " ")
    assert fold(out) == fold(upper)
    assert out.upper() == upper


def test_enterprise_issuers_of_a_joint_directive() -> None:
    """Issue 9 shape: a joint Chỉ thị of an enterprise and its trade union, both printed in capitals."""
    from pathlib import Path

    from parser.pipeline import run_file

    out = run_file(Path(__file__).resolve().parents[1] / "data" / "extract" / "shapes" / "ct_lien_tich_doanh_nghiep.txt")
    assert [i["name"] for i in out["issuers"]] == [
        "Công ty cổ phần Cơ khí Minh Phú", "Công đoàn Công ty cổ phần Cơ khí Minh Phú"]
