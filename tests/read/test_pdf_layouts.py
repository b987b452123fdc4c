"""Digital PDFs laid out as offices lay plans out, beyond the sample fixtures.

Each case is a layout seen in Word/LibreOffice exports of plans from many
issuers: a Quốc hiệu wrapped in a narrow header cell, a symbol broken at its
hyphen in the issuer cell, a closing followed by an appendix on the same
page, two signatures side by side above a page-wide Nơi nhận (joint plans),
a centred title followed by the first paragraph, and a bold numbered heading
that fills its line above a regular paragraph.
"""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from pdf_makers import font_path, make_text_pdf
from parser.read import read_bytes
from parser.read.pdf_layout import BOLD_HEAD, BOLD_TAIL, PLAIN_HEAD, Line, Seg
from parser.read.pdf_order import Metrics, continues, join_column
from parser.read.pdf_text import page_segments

BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
M = Metrics(85.0, 552.0, 18.5)


def ln(text: str, x0: float, x1: float, top: float, size: float = 13.0, bold: int = 0) -> Line:
    return Line([Seg(text, x0, top, x1, top + 13, size, bold)])


def read(items: list[tuple], **kw) -> str:  # type: ignore[no-untyped-def]
    return read_bytes(make_text_pdf([items], **kw), "plan.pdf", ocr="never").text


HEADER = [  # the Quốc hiệu wrapped in the right cell: "NAM" alone, centred under the line
    ("ỦY BAN NHÂN DÂN", 120, 60, 12), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT", 292, 60, 13),
    ("HUYỆN PHÙ CÁT", 128, 76, 12), ("NAM", 396, 76, 13),
    ("Số: 88/KH-CAH", 126, 100, 13), ("Độc lập - Tự do - Hạnh phúc", 324, 92, 13),
    ("Phù Cát, ngày 24 tháng 4 năm 2024", 306, 116, 13),
    ("KẾ HOẠCH", 270, 160, 14),
    ("Căn cứ Kế hoạch số 156/KH-CAT ngày 12/4/2024 của Công an tỉnh về bảo đảm trật tự, an toàn", 85, 200, 9.75),
    ("giao thông năm 2024, Công an huyện Phù Cát xây dựng Kế hoạch triển khai thực hiện,", 85, 214, 9.75),
    ("cụ thể như sau:", 85, 228, 9.75),
]  # body lines of the text block, 85 to 552 pt: the header's right cell runs to 552


def test_a_quoc_hieu_wrapped_in_its_cell_is_one_line_again() -> None:
    text = read(HEADER)
    assert text.startswith("ỦY BAN NHÂN DÂN\nHUYỆN PHÙ CÁT\nSố: 88/KH-CAH\n\n"
                           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                           "Phù Cát, ngày 24 tháng 4 năm 2024\n\nKẾ HOẠCH")


def test_wrap_width_joins_only_a_line_that_had_no_room() -> None:
    quoc_hieu = [ln("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT", 290, 532, 60), ln("NAM", 396, 426, 76),
                 ln("Độc lập - Tự do - Hạnh phúc", 322, 500, 92)]
    assert join_column(quoc_hieu, wrap_width=262) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    party = [ln("ĐẢNG CỘNG SẢN VIỆT NAM", 330, 490, 60), ln("HUYỆN ỦY NGA SƠN", 350, 470, 76)]
    assert join_column(party, wrap_width=262) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "HUYỆN ỦY NGA SƠN"]  # room was left
    # a signature block is never joined: its lines are as wide as the cell and still apart
    signer = [ln("KT. TRƯỞNG CÔNG AN HUYỆN", 324, 540, 600), ln("PHÓ TRƯỞNG CÔNG AN HUYỆN", 321, 544, 616)]
    assert join_column(signer) == ["KT. TRƯỞNG CÔNG AN HUYỆN", "PHÓ TRƯỞNG CÔNG AN HUYỆN"]


def test_a_symbol_broken_at_its_hyphen_in_a_cell_is_glued_back() -> None:
    issuer = [ln("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", 100, 253, 60), ln("LIÊN ĐOÀN LAO ĐỘNG TỈNH", 103, 251, 76),
              ln("Số: 15/KHLT-SVHTTDL-", 107, 247, 92), ln("LĐLĐ", 160, 194, 108)]
    assert join_column(issuer, issuer=True)[-1] == "Số: 15/KHLT-SVHTTDL-LĐLĐ"


CLOSING = [
    ("Nơi nhận:", 85, 520, 12), ("KT. TRƯỞNG PHÒNG", 360, 520, 13),
    ("- Sở Giáo dục và Đào tạo (để b/c);", 85, 536, 11), ("PHÓ TRƯỞNG PHÒNG", 356, 536, 13),
    ("- Các trường trên địa bàn;", 85, 552, 11),
    ("- Lưu: VT, TH.", 85, 568, 11), ("Nguyễn Thị Mai Hương", 352, 610, 13),
]


def test_a_closing_followed_by_an_appendix_on_the_same_page() -> None:
    body = ("Trên đây là Kế hoạch của Phòng Giáo dục và Đào tạo; đề nghị các trường triển khai thực hiện./.", 85, 480, 12)
    appendix = [("PHỤ LỤC", 280, 660, 13), ("NHIỆM VỤ CỤ THỂ NĂM HỌC 2024 - 2025", 190, 676, 13),
                ("(Kèm theo Kế hoạch số 1245/KH-PGDĐT ngày 26/8/2024)", 160, 692, 12)]
    text = read([body, *CLOSING, *appendix])
    assert text.split("\n\n")[1:4] == [
        "Nơi nhận:\n- Sở Giáo dục và Đào tạo (để b/c);\n- Các trường trên địa bàn;\n- Lưu: VT, TH.",
        "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG\nNguyễn Thị Mai Hương",
        "PHỤ LỤC",
    ]


def test_two_signatures_side_by_side_above_the_recipients() -> None:
    """A joint plan (kế hoạch liên tịch): one signature block per body, then the page-wide Nơi nhận."""
    body = ("Trên đây là Kế hoạch liên tịch tổ chức Hội thao công nhân, viên chức, lao động năm 2025./.", 85, 440, 12)
    signers = [("LIÊN ĐOÀN LAO ĐỘNG TỈNH", 100, 480, 13), ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", 330, 480, 13),
               ("TM. BAN THƯỜNG VỤ", 122, 496, 13), ("KT. GIÁM ĐỐC", 390, 496, 13),
               ("PHÓ CHỦ TỊCH", 140, 512, 13), ("PHÓ GIÁM ĐỐC", 388, 512, 13),
               ("Nguyễn Thị Thanh Hà", 128, 570, 13), ("Lê Hoàng Dũng", 392, 570, 13)]
    recipients = [("Nơi nhận:", 85, 610, 12), ("- UBND tỉnh (b/c);", 85, 626, 11),
                  ("- Các LĐLĐ huyện, thị xã, thành phố; Công đoàn ngành, Công đoàn các KCN tỉnh (t/h);", 85, 642, 11),
                  ("- Lưu: VT SVHTTDL, VT LĐLĐ.", 85, 658, 11)]
    parts = read([body, *signers, *recipients]).split("\n\n")
    assert parts[1:3] == ["LIÊN ĐOÀN LAO ĐỘNG TỈNH\nTM. BAN THƯỜNG VỤ\nPHÓ CHỦ TỊCH\nNguyễn Thị Thanh Hà",
                          "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nLê Hoàng Dũng"]
    assert parts[3] == "Nơi nhận:"
    assert "- Lưu: VT SVHTTDL, VT LĐLĐ." in parts


def test_a_centred_title_does_not_run_into_the_first_paragraph() -> None:
    """The title's last line is centred with room on both sides for the next word: it ended there."""
    title = ln("hóa” gắn với xây dựng nông thôn mới huyện Lục Nam năm 2025", 120, 517, 184, 14)
    first = ln("Căn cứ Kế hoạch số 12/KH-UBND ngày 15/01/2025 của UBND tỉnh Bắc", 122, 552, 214, 14)
    assert not continues(title, first, M)


@pytest.mark.parametrize("a_bold, b_bold, expected", [
    (BOLD_HEAD | BOLD_TAIL, PLAIN_HEAD, False),  # a bold heading, then the paragraph under it
    (BOLD_HEAD | BOLD_TAIL, BOLD_HEAD, True),  # the heading wraps onto a second bold line
    (0, 0, True),  # weight unknown (OCR, or no long heading): the geometry decides, as before
    (PLAIN_HEAD | BOLD_TAIL, PLAIN_HEAD, True),  # a bold phrase ending a regular line
])
def test_a_bold_heading_filling_its_line(a_bold: int, b_bold: int, expected: bool) -> None:
    a = ln("3. Kiểm tra công tác văn thư, lưu trữ tại các cơ quan, đơn vị, địa phương", 122, 541, 480, 14, a_bold)
    b = ln("Kiểm tra tối thiểu 15 cơ quan, đơn vị cấp tỉnh; tối thiểu 05 huyện, thành", 122, 552, 505, 14, b_bold)
    assert continues(a, b, M) is expected


def test_weights_are_read_from_the_font_names() -> None:
    if font_path() is None:
        pytest.skip("no TrueType font with Vietnamese letters installed")
    heading = "3. Kiểm tra công tác văn thư, lưu trữ tại các cơ quan, đơn vị cấp tỉnh"
    paragraph = "Kiểm tra tối thiểu 15 cơ quan, đơn vị cấp tỉnh; tối thiểu 05 huyện, thành"
    items = [(heading, 110, 300, 12, None, 1), (paragraph, 110, 324, 12)]
    pdf = pdfium.PdfDocument(make_text_pdf([items], fonts=(font_path(), BOLD)))
    try:
        segs = page_segments(pdf[0], 0, 3)
    finally:
        pdf.close()
    assert [(s.text, s.bold) for s in segs] == [(heading, BOLD_HEAD | BOLD_TAIL), (paragraph, PLAIN_HEAD)]
    text = read(items, fonts=(font_path(), BOLD))
    assert text == heading + "\n\n" + paragraph
