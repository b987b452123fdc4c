"""Header layouts beyond the plain two columns: Đoàn and Party mottos, markdown tables and headings,
wrapped mottos (Nghị định 30/2020/NĐ-CP layout as converters and other organisations deviate from it)."""
from __future__ import annotations

import pytest

from kh_testutil import bad_spans, extract_text
from parser.extract.header_layout import motto_start
from parser.text.fold import fold

BODY = """
I. MỤC ĐÍCH, YÊU CẦU
1. Động viên đoàn viên, thanh niên thi đua hoàn thành nhiệm vụ.
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng theo dõi, đôn đốc việc thực hiện Kế hoạch này.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""

TITLE = "\nKẾ HOẠCH\nTổ chức Tháng Thanh niên năm 2024\n"


def _same(a: str | None, b: str | None) -> bool:
    """Names compared as the scorer does for casing (the casing of header names is units.py's business)."""
    return a is not None and b is not None and fold(a) == fold(b)


HEADERS = [
    # (id, header lines, issuer, place)
    ("doan province: flattened columns, motto on its own line",
     "TỈNH ĐOÀN NGHỆ AN\n***\nSố: 12-KH/TĐTN-VP\n\nĐOÀN TNCS HỒ CHÍ MINH\n\nNghệ An, ngày 05 tháng 3 năm 2024\n",
     "Tỉnh đoàn Nghệ An", "Nghệ An"),
    ("doan province under the central committee's name: the lower line issues",
     "BCH ĐOÀN TNCS HỒ CHÍ MINH\nTỈNH ĐOÀN QUẢNG TRỊ\n***\nSố: 19-KH/TĐTN-PT\nĐông Hà, ngày 6 tháng 5 năm 2024\n",
     "Tỉnh đoàn Quảng Trị", "Đông Hà"),
    ("doan district: side by side on one line",
     "BCH ĐOÀN HUYỆN QUẾ SƠN          ĐOÀN TNCS HỒ CHÍ MINH\n          ***\n"
     "Số: 08-KH/HĐTN                  Quế Sơn, ngày 10 tháng 4 năm 2024\n",
     "BCH Đoàn huyện Quế Sơn", "Quế Sơn"),
    ("doan city: the motto ends the first line, the place follows it in the same column",
     "THÀNH ĐOÀN ĐÀ NẴNG\nSố: 31-KH/TĐTN-TNTH\nĐOÀN TNCS HỒ CHÍ MINH Đà Nẵng, ngày 02 tháng 02 năm 2024\n",
     "Thành đoàn Đà Nẵng", "Đà Nẵng"),
    ("doan school: the name above the school's committee (left column parent or right motto)",
     "ĐOÀN TNCS HỒ CHÍ MINH\nBCH ĐOÀN TRƯỜNG THPT PHAN BỘI CHÂU\nSố: 05-KH/ĐTN\nVinh, ngày 3 tháng 9 năm 2024\n",
     "BCH Đoàn trường THPT Phan Bội Châu", "Vinh"),
    ("central committee: the organisation's name completes a bare committee head",
     "BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH\n***\nSố: 120-KH/TWĐTN-VP\nHà Nội, ngày 20 tháng 01 năm 2024\n",
     "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh", "Hà Nội"),
    ("party: district committee under the provincial Party organisation",
     "ĐẢNG BỘ TỈNH HÀ TĨNH\nHUYỆN ỦY THẠCH HÀ\n*\nSố 40-KH/HU\nĐẢNG CỘNG SẢN VIỆT NAM\nThạch Hà, ngày 8 tháng 6 năm 2024\n",
     "Huyện ủy Thạch Hà", "Thạch Hà"),
    ("markdown table header from a converter",
     "| SỞ Y TẾ TỈNH NAM ĐỊNH<br>**BỆNH VIỆN ĐA KHOA TỈNH**<br>------- | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**"
     "<br>**Độc lập - Tự do - Hạnh phúc**<br>--------------- |\n|---|---|\n"
     "| Số: 215/KH-BVĐK | *Nam Định, ngày 12 tháng 5 năm 2024* |\n",
     "Bệnh viện Đa khoa tỉnh Nam Định", "Nam Định"),
    ("provincial hospital: the province from the parent, not the town of the place line",
     "SỞ Y TẾ ĐIỆN BIÊN                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "BỆNH VIỆN ĐA KHOA TỈNH                 Độc lập - Tự do - Hạnh phúc\n"
     "Số: 98/KH-BVĐK                         Điện Biên Phủ, ngày 11 tháng 3 năm 2024\n",
     "Bệnh viện Đa khoa tỉnh Điện Biên", "Điện Biên Phủ"),
    ("district body completed with the place when the header names no locality",
     "ỦY BAN NHÂN DÂN HUYỆN\nSố: 56/KH-UBND\nTam Đường, ngày 9 tháng 4 năm 2024\n",
     "Ủy ban nhân dân huyện Tam Đường", "Tam Đường"),
    ("markdown table header, one-line cells and an aligned rule",
     "| ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n| :--- | :---: |\n"
     "| Số: 77/KH-UBND | Quận 1, ngày 02 tháng 10 năm 2023 |\n",
     "Ủy ban nhân dân phường Tân Định", "Quận 1"),
]


@pytest.mark.parametrize("header,issuer,place", [h[1:] for h in HEADERS], ids=[h[0] for h in HEADERS])
def test_header_layouts_issuer_and_place(header: str, issuer: str, place: str) -> None:
    out = extract_text(header + TITLE + BODY)
    name = out["issuer"]["name"]
    assert _same(name, issuer), name
    assert out["document"]["place"] == place
    assert out["document"]["title"] == "Tổ chức Tháng Thanh niên năm 2024"
    assert len(out.get("issuers") or [out["issuer"]]) == 1
    assert not bad_spans(out)
    s, e = out["issuer"]["span"]
    assert fold(out["text"][s:e]).startswith(fold(issuer).split()[0])


@pytest.mark.parametrize(
    "text,start",
    [
        ("ĐOÀN TNCS HỒ CHÍ MINH", 0),
        ("TỈNH ĐOÀN HÀ TĨNH ĐOÀN TNCS HỒ CHÍ MINH", 18),
        ("HUYỆN ĐOÀN CAN LỘC ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH", 19),
        ("ĐOÀN TNCS HỒ CHÍ MINH Can Lộc, ngày 3 tháng 3 năm 2024", 0),
        ("HUYỆN ỦY LỤC NAM ĐẢNG CỘNG SẢN VIỆT NAM", 17),
        # The organisation's name inside a body's name is no motto.
        ("BCH ĐOÀN TNCS HỒ CHÍ MINH", None),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH", None),
        ("BAN THƯỜNG VỤ ĐOÀN TNCS HỒ CHÍ MINH", None),
        ("BAN CHẤP HÀNH ĐOÀN TNCS HỒ CHÍ MINH TỈNH QUẢNG BÌNH", None),
        ("TỈNH ĐOÀN HÀ TĨNH", None),
    ],
)
def test_motto_start(text: str, start: int | None) -> None:
    assert motto_start(text) == start


TYPE_LINES = [
    ("# KẾ HOẠCH\nTriển khai công tác phòng, chống thiên tai năm 2024\n", "Triển khai công tác phòng, chống thiên tai năm 2024"),
    ("## KẾ HOẠCH\n## Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2024\n", "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2024"),
    ("**KẾ HOẠCH**\n**Kiểm tra nội bộ trường học năm học 2024 - 2025**\n", "Kiểm tra nội bộ trường học năm học 2024 - 2025"),
    ("# KE HOACH\nTrien khai tiem chung mo rong nam 2024\n", "Trien khai tiem chung mo rong nam 2024"),
]


@pytest.mark.parametrize("block,title", TYPE_LINES)
def test_markdown_type_line_and_title(block: str, title: str) -> None:
    header = "UBND XÃ HÒA PHÚ\nSố: 15/KH-UBND\nHòa Phú, ngày 04 tháng 3 năm 2024\n\n"
    out = extract_text(header + block + BODY)
    assert out["document"]["type"] == "KH"
    assert out["document"]["title"] == title
    s, e = out["document"]["spans"]["title"]
    assert out["text"][s:e].replace("\n", " ").split()[:2] == title.split()[:2]


MOTTOS = [
    ("Các khoa, phòng thực hiện theo phương châm \"Người bệnh là trung tâm - An toàn là\nưu tiên\" trong mọi hoạt động.",
     "Người bệnh là trung tâm - An toàn là ưu tiên"),
    ("Triển khai với phương châm hành động: “Kỷ cương, trách nhiệm,\nhành động, hiệu quả”.",
     "Kỷ cương, trách nhiệm, hành động, hiệu quả"),
    ("Thuc hien theo phuong cham “Dan biet, dan ban, dan lam, dan kiem tra”.", "Dan biet, dan ban, dan lam, dan kiem tra"),
    ("Thực hiện theo phương châm Đảng lãnh đạo, Nhà nước quản lý, Nhân dân làm chủ.", None),
    ("Thực hiện theo phương châm “Nói đi đôi với làm\n\nII. NỘI DUNG” của đơn vị.", None),
]


@pytest.mark.parametrize("sentence,motto", MOTTOS)
def test_motto_wrapped_unaccented_and_negatives(sentence: str, motto: str | None) -> None:
    text = ("UBND PHƯỜNG AN LẠC\nSố: 20/KH-UBND\nBình Tân, ngày 6 tháng 5 năm 2024\n\nKẾ HOẠCH\n"
            "Cải cách hành chính năm 2024\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n" + sentence + "\n" + BODY)
    out = extract_text(text)
    assert out["document"]["motto"] == motto
    if motto:
        s, e = out["document"]["spans"]["motto"]
        assert out["text"][s:e].split() == motto.split()


def test_markdown_table_header_of_a_joint_plan_names_both_bodies() -> None:
    header = ("| ỦY BAN NHÂN DÂN HUYỆN ĐÔNG ANH<br>------- | BAN CHẤP HÀNH<br>LIÊN ĐOÀN LAO ĐỘNG HUYỆN ĐÔNG ANH | "
              "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc |\n|---|---|---|\n"
              "| Số: 15/KHLT-UBND-LĐLĐ | | Đông Anh, ngày 4 tháng 4 năm 2024 |\n")
    out = extract_text(header + TITLE + BODY)
    names = [fold(i["name"]) for i in out["issuers"]]
    assert names[0] == fold("Ủy ban nhân dân huyện Đông Anh")
    assert names[1:] == [fold("Ban Chấp hành Liên đoàn Lao động huyện Đông Anh")]
    assert out["document"]["place"] == "Đông Anh" and out["document"]["number"] == "15"
    assert not bad_spans(out)
