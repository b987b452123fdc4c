"""Make the small Word inputs of tests/read, as DOCX and as Word 97 .doc (LibreOffice
headless converts; antiword reads the .doc back in the tests):

- task_table: a plan with a two-row header table, a task table (long cells, a
  vertically merged unit cell) and a closing table;
- tcvn3: a plan typed in the ".VnTime" font, its text TCVN3 bytes (as old
  offices' files hold it);
- tiny: one short paragraph (antiword refuses Word streams this small).

Run: .venv/bin/python tests/data/files/make_files.py  (needs soffice for the .doc)
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HERE = Path(__file__).resolve().parent


def no_borders(table) -> None:  # type: ignore[no-untyped-def]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def fill(cell, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def task_plan() -> Document:
    doc = Document()
    head = doc.add_table(rows=2, cols=2)
    no_borders(head)
    fill(head.cell(0, 0), ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỜNG THPT CHU VĂN AN"])
    fill(head.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
    fill(head.cell(1, 0), ["Số: 57/KH-THPTCVA"])
    fill(head.cell(1, 1), ["Thái Nguyên, ngày 12 tháng 9 năm 2024"])
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Tổ chức các hoạt động chào mừng ngày Nhà giáo Việt Nam 20/11/2024")
    doc.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    doc.add_paragraph("- Tạo không khí thi đua sôi nổi trong toàn trường.")
    doc.add_paragraph("II. NỘI DUNG VÀ PHÂN CÔNG")
    t = doc.add_table(rows=4, cols=5)
    t.style = "Table Grid"
    rows = [
        ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"],
        ["1", "Tổ chức hội thi giáo viên dạy giỏi cấp trường năm học 2024 - 2025 với sự tham gia của tất cả các tổ chuyên môn",
         "Tổ Toán - Tin", "Đoàn Thanh niên, Công đoàn trường", "Từ 01/10 đến 15/11/2024"],
        ["2", "Tọa đàm kỷ niệm ngày Nhà giáo Việt Nam", "", "Ban đại diện cha mẹ học sinh", "Ngày 19/11/2024"],
        ["3", "Hội diễn văn nghệ chào mừng", "Đoàn Thanh niên", "Các lớp", "Tháng 11/2024"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    t.cell(1, 2).merge(t.cell(2, 2))  # one lead unit for tasks 1 and 2
    t.cell(1, 2).text = "Ban Giám hiệu"
    doc.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    doc.add_paragraph("Các tổ chuyên môn triển khai thực hiện Kế hoạch này./.")
    close = doc.add_table(rows=1, cols=2)
    no_borders(close)
    fill(close.cell(0, 0), ["Nơi nhận:", "- Sở GD&ĐT (để b/c);", "- Các tổ chuyên môn (để t/h);",
                            "- Lưu: VT."])
    fill(close.cell(0, 1), ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "", "", "Trần Thị Thu Hà"])
    doc.add_paragraph("")
    return doc


TCVN3_PLAN = """ỦY BAN NHÂN DÂN XÃ HÒA AN
Số: 18/KH-UBND
Hòa An, ngày 20 tháng 3 năm 2025
KẾ HOẠCH
Tổ chức các hoạt động hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam năm 2025
Thực hiện Kế hoạch số 45/KH-UBND ngày 10/3/2025 của Ủy ban nhân dân huyện về việc tổ chức các hoạt động hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam, Ủy ban nhân dân xã xây dựng kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Khuyến khích, thúc đẩy phong trào đọc sách trong cán bộ, công chức và nhân dân trên địa bàn xã.
- Các hoạt động được tổ chức thiết thực, hiệu quả, tiết kiệm, phù hợp với điều kiện thực tế của địa phương.
II. NỘI DUNG
1. Trưng bày, giới thiệu sách tại Nhà văn hóa xã trong thời gian từ ngày 15/4 đến ngày 25/4/2025.
2. Tổ chức cuộc thi giới thiệu sách dành cho học sinh các trường trên địa bàn xã.
3. Tuyên truyền trên hệ thống loa truyền thanh của xã về ý nghĩa của Ngày Sách và Văn hóa đọc Việt Nam.
III. TỔ CHỨC THỰC HIỆN
Giao công chức Văn hóa - Xã hội chủ trì, phối hợp với các trường học và Đoàn Thanh niên xã tổ chức thực hiện Kế hoạch này./.
Nơi nhận:
- UBND huyện (để b/c);
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Bình"""


def to_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 bytes as Latin-1 characters (capitals as the lower-case codes: .VnTimeH)."""
    from parser.read.legacy import tcvn3_table

    back: dict[str, str] = {}
    for code, (letter, upper) in tcvn3_table().items():
        back.setdefault(letter, code)
        back.setdefault(upper, code)
    return "".join(back.get(ch, ch) for ch in text)


def tcvn3_plan() -> Document:
    doc = Document()
    for line in TCVN3_PLAN.splitlines():
        upper = line.isupper()
        run = doc.add_paragraph().add_run(to_tcvn3(line))
        run.font.name = ".VnTimeH" if upper else ".VnTime"
    return doc


def tiny_note() -> Document:
    doc = Document()
    doc.add_paragraph("Kính gửi: Phòng Nội vụ huyện.")
    return doc


def main() -> None:
    soffice = shutil.which("soffice")
    for name, build in (("task_table", task_plan), ("tcvn3", tcvn3_plan), ("tiny", tiny_note)):
        docx_path = HERE / f"{name}.docx"
        build().save(docx_path)
        if not soffice:
            sys.exit("soffice not found: the .doc files were not remade")
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([soffice, "--headless", "--convert-to", "doc:MS Word 97", "--outdir", tmp, str(docx_path)],
                           check=True, capture_output=True, timeout=120)
            shutil.copy(Path(tmp) / f"{name}.doc", HERE / f"{name}.doc")
        if name != "task_table":
            docx_path.unlink()  # only the .doc is used


if __name__ == "__main__":
    main()
