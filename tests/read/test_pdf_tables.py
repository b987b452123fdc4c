"""Ruled tables in digital PDFs: rows come out as "| a | b |" lines, whatever the cells' line wrapping.

Plans put their task lists in bordered tables (STT | Nội dung | Đơn vị chủ trì |
Phối hợp | Thời gian), often in an appendix. Read line by line, a row whose
cells wrap over several lines mixed the pieces of every cell. The pages here
are drawn as Word (thin filled rectangles) and LibreOffice (stroked paths)
draw table borders, with the text of each cell line as its own text object.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from pdf_makers import grid, make_text_pdf, ruled_pdf
from parser.pipeline import run_bytes
from parser.read import read_bytes
from parser.read.pdf_tables import Rule, find_tables

XS = [70.0, 95.0, 330.0, 450.0, 560.0]  # TT | Nội dung | Đơn vị chủ trì | Thời gian
INTRO = ("Các nhiệm vụ cụ thể, đơn vị chủ trì và thời gian thực hiện được phân công như sau:", 85, 200, 12)
AFTER = ("Trên đây là Kế hoạch của Ủy ban nhân dân huyện; đề nghị các đơn vị triển khai thực hiện./.", 85, 420, 12)


def cells(rows: list[tuple[float, list[list[str]]]], xs: list[float] = XS, size: float = 10.0) -> list[tuple]:
    """Text items of table rows: (row top, one list of lines per cell), each cell line its own text object."""
    items = []
    for top, row in rows:
        for c, lines in enumerate(row):
            for k, line in enumerate(lines):
                if line:
                    items.append((line, xs[c] + 5, top + 14 + 14 * k, size))
    return items


ROWS = [
    (230.0, [["TT"], ["Nội dung nhiệm vụ"], ["Đơn vị chủ trì"], ["Thời gian"]]),
    (252.0, [["1"], ["Rà soát, cập nhật dữ liệu học sinh,", "giáo viên, cơ sở vật chất đầu năm", "học trên Cơ sở dữ liệu ngành"],
             ["Các trường tiểu học,", "trung học cơ sở"], ["Trước ngày", "30/9/2025"]]),
    (310.0, [["2"], ["Tập huấn sử dụng sổ điểm điện tử,", "chữ ký số cho giáo viên"], ["Phòng Giáo dục", "và Đào tạo"],
             ["Tháng 10/2025"]]),
    (352.0, [["3"], ["Tổng kết, đánh giá kết quả thực hiện"], ["Tổ Tổng hợp"], ["Tháng 5/2026"]]),
]
YS = [230.0, 252.0, 310.0, 352.0, 380.0]
EXPECTED = [
    "| TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời gian |",
    "| 1 | Rà soát, cập nhật dữ liệu học sinh, giáo viên, cơ sở vật chất đầu năm học trên Cơ sở dữ liệu ngành "
    "| Các trường tiểu học, trung học cơ sở | Trước ngày 30/9/2025 |",
    "| 2 | Tập huấn sử dụng sổ điểm điện tử, chữ ký số cho giáo viên | Phòng Giáo dục và Đào tạo | Tháng 10/2025 |",
    "| 3 | Tổng kết, đánh giá kết quả thực hiện | Tổ Tổng hợp | Tháng 5/2026 |",
]


def read(pages: list[list[tuple]], rules: list[list], *, stroked: bool = False) -> str:
    return read_bytes(make_text_pdf(pages, base=ruled_pdf(rules, stroked=stroked)), "plan.pdf", ocr="never").text


@pytest.mark.parametrize("stroked", [False, True], ids=["filled-rectangles", "stroked-paths"])
def test_rows_with_wrapped_cells_come_out_one_line_each(stroked: bool) -> None:
    text = read([[INTRO, *cells(ROWS), AFTER]], [grid(XS, YS)], stroked=stroked)
    assert text.split("\n\n") == [INTRO[0], "\n".join(EXPECTED), AFTER[0]]


def test_without_borders_the_lines_are_read_as_before() -> None:
    """No line art, no table: the page is read line by line, as it always was."""
    text = read([[INTRO, *cells(ROWS), AFTER]], [[]])
    assert "|" not in text and "Nội dung nhiệm vụ" in text


def test_merged_cells_follow_word() -> None:
    """A cell merged down two rows repeats on both (as the DOCX reader writes it); a cell merged across the
    columns (a group heading) fills the first of them and leaves the others empty."""
    rows = [
        (230.0, [["TT"], ["Nội dung nhiệm vụ"], ["Đơn vị chủ trì"], ["Thời gian"]]),
        (252.0, [[""], ["Nhóm nhiệm vụ tuyên truyền"], [""], [""]]),
        (274.0, [["1"], ["Treo băng rôn, khẩu hiệu"], ["Phòng Văn hóa", "và Thông tin"], ["Tháng 4/2025"]]),
        (302.0, [["2"], ["Phát thanh trên loa xã"], [""], ["Tháng 5/2025"]]),
    ]
    ys = [230.0, 252.0, 274.0, 302.0, 330.0]
    rules = grid(XS, ys, no_v={(1, 1), (2, 1), (3, 1)}, no_h={(3, 2)})
    text = read([[*cells(rows)]], [rules])
    assert text.split("\n") == [
        "| TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời gian |",
        "| Nhóm nhiệm vụ tuyên truyền |  |  |  |",
        "| 1 | Treo băng rôn, khẩu hiệu | Phòng Văn hóa và Thông tin | Tháng 4/2025 |",
        "| 2 | Phát thanh trên loa xã | Phòng Văn hóa và Thông tin | Tháng 5/2025 |",
    ]


def test_a_row_split_by_the_page_break_is_finished_and_the_repeated_header_dropped() -> None:
    head = (60.0, [["TT"], ["Nội dung nhiệm vụ"], ["Đơn vị chủ trì"], ["Thời gian"]])
    page1 = [(700.0, head[1]), (722.0, [["1"], ["Tổ chức hội nghị quán triệt"], ["Văn phòng"], ["Tháng 3/2025"]]),
             (750.0, [["2"], ["Kiểm tra việc thực hiện tại"], ["Thanh tra"], ["Quý II"]])]
    page2 = [head, (82.0, [[""], ["các xã, thị trấn"], ["huyện"], ["năm 2025"]]),
             (104.0, [["3"], ["Sơ kết, đánh giá"], ["Văn phòng"], ["Tháng 12/2025"]])]
    rules = [grid(XS, [700.0, 722.0, 750.0, 790.0]), grid(XS, [60.0, 82.0, 104.0, 126.0])]
    text = read([cells(page1), cells(page2)], rules)
    assert text.split("\n") == [
        "| TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời gian |",
        "| 1 | Tổ chức hội nghị quán triệt | Văn phòng | Tháng 3/2025 |",
        "| 2 | Kiểm tra việc thực hiện tại các xã, thị trấn | Thanh tra huyện | Quý II năm 2025 |",
        "| 3 | Sơ kết, đánh giá | Văn phòng | Tháng 12/2025 |",
    ]


def test_a_line_drawn_across_cells_in_one_text_object_is_cut_at_the_rules() -> None:
    """Some writers put a whole table line in one text object; the rules still part the cells."""
    xs = [85.0, 115.0, 300.0, 552.0]
    rows = [(230.0, "TT   Nội dung nhiệm vụ" + " " * 14 + "Thời gian"), (252.0, "1    Hội nghị giao ban" + " " * 14 + "Quý IV")]
    mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
    items = [(line, 90.0, top + 14, 10.0) for top, line in rows]  # 6 pt a char: the cells start at 120 and 307
    pdf = make_text_pdf([items], base=ruled_pdf([grid(xs, [230.0, 252.0, 274.0])]), fonts=(mono,))
    text = read_bytes(pdf, "plan.pdf", ocr="never").text
    assert text.split("\n") == ["| TT | Nội dung nhiệm vụ | Thời gian |", "| 1 | Hội nghị giao ban | Quý IV |"]


def test_a_bordered_closing_stays_two_column_blocks() -> None:
    """A closing drawn in a bordered two-column table is no data table: read column by column."""
    xs = [85.0, 300.0, 552.0]
    items = [("Nơi nhận:", 90, 600, 12), ("TM. ỦY BAN NHÂN DÂN", 340, 600, 13),
             ("- Thường trực Huyện ủy;", 90, 616, 11), ("CHỦ TỊCH", 385, 618, 13),
             ("- Lưu: VT, VHTT.", 90, 632, 11), ("Nguyễn Văn Hùng", 370, 690, 13)]
    text = read([[INTRO, *items]], [grid(xs, [585.0, 700.0])])
    assert "|" not in text
    assert text.endswith("Nơi nhận:\n- Thường trực Huyện ủy;\n- Lưu: VT, VHTT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn Hùng")


def test_task_table_reaches_the_tasks_extractor() -> None:
    page = [("ỦY BAN NHÂN DÂN", 110, 60, 13), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 60, 12),
            ("HUYỆN ĐỨC TRỌNG", 112, 76, 13), ("Độc lập - Tự do - Hạnh phúc", 335, 76, 13),
            ("Số: 45/KH-UBND", 120, 100, 13), ("Đức Trọng, ngày 05 tháng 3 năm 2025", 320, 100, 13),
            ("KẾ HOẠCH", 270, 140, 14), ("Chuyển đổi số trong các cơ sở giáo dục năm 2025", 150, 160, 14),
            ("I. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN", 85, 185, 12), INTRO, *cells(ROWS), AFTER]
    out = run_bytes(make_text_pdf([page], base=ruled_pdf([grid(XS, YS)])), path="plan.pdf", ocr="never")
    titles = [t["title"] for t in out["tasks"]]
    assert any(t.startswith("Rà soát, cập nhật dữ liệu học sinh") for t in titles)
    assert any(t.startswith("Tập huấn sử dụng sổ điểm điện tử") for t in titles)
    for item in out["tasks"]:
        start, end = item["span"]
        assert out["text"][start:end]


def test_find_tables_needs_crossing_rules() -> None:
    h = [Rule(True, y, 100.0, 300.0) for y in (100.0, 120.0, 140.0)]
    v = [Rule(False, x, 100.0, 140.0) for x in (100.0, 200.0, 300.0)]
    (table,) = find_tables(h + v)
    assert table.xs == [100.0, 200.0, 300.0] and table.ys == [100.0, 120.0, 140.0]
    assert find_tables(h) == []  # underlines and separator rules alone make no table
    apart = [Rule(False, x, 400.0, 440.0) for x in (100.0, 200.0, 300.0)]  # verticals far below the rules
    assert find_tables(h + apart) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_libreoffice_export_of_a_word_task_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real producer: a Word table (Table Grid borders, cells wrapping over lines) exported by LibreOffice,
    whose stand-in fonts draw some Vietnamese letters late."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    doc.add_paragraph("I. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN")
    rows = [["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Phối hợp"],
            ["1", "Rà soát, đánh giá thực trạng tổ chức dạy học 2 buổi/ngày ở cấp tiểu học", "Vụ Giáo dục Tiểu học",
             "Các sở"],
            ["2", "Tổng kết, báo cáo sơ kết", "Văn phòng Bộ", "Các sở GDĐT; Cục Nhà giáo"]]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = doc.styles["Table Grid"]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.add_paragraph("Trên đây là Kế hoạch triển khai; đề nghị các đơn vị thực hiện./.")
    doc.save(tmp_path / "plan.docx")
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "plan.docx")],
                       check=True, capture_output=True, timeout=120)
    except (subprocess.SubprocessError, OSError) as err:
        pytest.skip(f"LibreOffice could not print: {err}")
    text = read_bytes((tmp_path / "plan.pdf").read_bytes(), "plan.pdf", ocr="never").text
    assert text.split("\n\n") == [
        "I. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN",
        "\n".join("| " + " | ".join(row) + " |" for row in rows),
        "Trên đây là Kế hoạch triển khai; đề nghị các đơn vị thực hiện./.",
    ]
