"""Lines whose letters pdfium gives out of reading order: fallback-font letters drawn after the line.

When the font of a document lacks some Vietnamese letters, LibreOffice (also
old Word PDF printers, Foxit) draws those letters from a fallback font as a
text object of their own, after the rest of the line; pdfium returns
characters in drawing order, so "Ủy ban nhân dân tỉnh" came out as
"y ban nhân dân t nh Ủ ỉ". The makers here draw lines that way (one object
with holes, then the late letters at their places) and the reader must give
the line in reading order, word spaces right, columns apart, exactly as it
reads the same page drawn in order.
"""
from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pypdfium2 as pdfium
import pytest

from pdf_makers import FIXTURES, MONO_FONT, fallback_line, font_path, make_raw_pdf, make_text_pdf
from parser.read import read_bytes
from parser.read import pdf_text
from parser.read.pdf_text import _reordered, page_segments

DIGITAL = sorted(p for p in FIXTURES.glob("[0-9][0-9][0-9]_*.pdf") if p.name.count(".") == 1)
# Letters a Latin font with basic Vietnamese support lacks (stacked marks, horns): LibreOffice's
# stand-in for Times New Roman draws these from DejaVu.
LATE = "ảạầậấẩẫắặằẳẵẻẹềếệểễỉịỏọồốộổỗờớợởỡủụừứựửữỳỵỷỹươđƯƠĐẢẠẦẬẤẨẪẮẶẰẲẴẺẸỀẾỆỂỄỈỊỎỌỒỐỘỔỖỜỚỢỞỠỦỤỪỨỰỬỮỲỴỶỸ"
# What DejaVu Sans Mono lacks (it has the letters with one mark below or a single accent).
MONO_LATE = "ẢảẤấẦầẨẩẪẫẮắẲẳẴẵẺẻẾếỀềỂểỄễỈỉỎỏỐốỒồỔổỖỗỞởỦủỬửỶỷ"

SENTENCES = [
    "Căn cứ Kế hoạch số 45/KH-UBND ngày 20/02/2025 của Ủy ban nhân dân huyện Mai Sơn;",
    "Các phong trào thi đua cần bám sát tinh thần “3 dám”, “3 hơn”, “5 rõ” theo Chỉ thị số 26-CT/TU",
    "Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tổng hợp kết quả trước ngày 15/12/2024.",
    "Đoàn Thanh niên, Hội Liên hiệp Phụ nữ phường tuyên truyền sâu rộng đến đoàn viên, hội viên.",
    "Trường THCS Xuân Lập phấn đấu 100% học sinh được học tập, rèn luyện kỹ năng sống.",
    "Thời gian thực hiện: từ tháng 3 đến hết tháng 12 năm 2025 (đợt cao điểm: quý II).",
]


def _segments(data: bytes) -> tuple[str, list[str]]:
    """pdfium's own text of page 1 and the reader's runs of it."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        tp = page.get_textpage()
        raw = tp.get_text_range(0, tp.count_chars())
        tp.close()
        return raw, [s.text for s in page_segments(page, 0, len(pdf))]
    finally:
        pdf.close()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_late_letters_go_back_into_their_words(sentence: str) -> None:
    raw, runs = _segments(make_text_pdf([fallback_line(sentence, 72, 200, 13, LATE)]))
    assert raw.split() != sentence.split()  # pdfium's order is scrambled: the test exercises the fix
    assert runs == [sentence]


def test_lines_of_a_paragraph_each_come_out_whole() -> None:
    items = []
    for k, sentence in enumerate(SENTENCES):
        items += fallback_line(sentence, 72, 150 + 19 * k, 12, LATE)
    assert _segments(make_text_pdf([items]))[1] == SENTENCES


def test_a_row_of_two_columns_is_rebuilt_and_still_cut_at_the_gutter() -> None:
    """The late letters of both cells come after the whole row: sorted back, the row is still two runs."""
    rows = [("ỦY BAN NHÂN DÂN" + " " * 14 + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 60, 80),
            ("HUYỆN TAM ĐƯỜNG" + " " * 18 + "Độc lập - Tự do - Hạnh phúc", 62, 96),
            ("Số: 210/KH-UBND" + " " * 13 + "Tam Đường, ngày 15 tháng 7 năm 2022", 64, 118)]
    items = [it for text, x, y in rows for it in fallback_line(text, x, y, 12, LATE)]
    assert _segments(make_text_pdf([items]))[1] == [
        "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "HUYỆN TAM ĐƯỜNG", "Độc lập - Tự do - Hạnh phúc",
        "Số: 210/KH-UBND", "Tam Đường, ngày 15 tháng 7 năm 2022",
    ]


def test_monospace_text_with_proportional_fallback_letters() -> None:
    """A .txt printed in a monospace font: a narrow fallback letter gets a whole cell, a wide one its own advance;
    neither is a word space."""
    lines = ["Căn cứ Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh về việc",
             "tổ chức dịp kỷ niệm, tỉnh ủy chỉ đạo thực hiện đúng quy định;",
             "ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    items = [it for k, line in enumerate(lines)
             for it in fallback_line(line, 60, 200 + 14 * k, 10, MONO_LATE, font=MONO_FONT, late_font=font_path(), cell=6.02)]
    assert _segments(make_text_pdf([items], fonts=(MONO_FONT, font_path())))[1] == [
        lines[0], lines[1], "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


MARKS = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
DECOMPOSED = unicodedata.normalize("NFD", "Tổ chức thực hiện Kế hoạch của Ủy ban nhân dân tỉnh đúng tiến độ")


@pytest.mark.parametrize("late", [MARKS, "đĐ", ""], ids=["marks-late", "base-late-marks-in-place", "in-order"])
def test_combining_marks_stay_on_their_letters(late: str) -> None:
    """Text typed with combining marks ('Unicode tổ hợp'): a mark follows the letter it is drawn over, whether
    the marks or the letters come late; the reader's text normalizes to the sentence."""
    raw, runs = _segments(make_text_pdf([fallback_line(DECOMPOSED, 85, 200, 13, late)]))
    assert (nfc(raw) == nfc(DECOMPOSED)) == (late == "")
    assert [nfc(r) for r in runs] == [nfc(DECOMPOSED)]


def test_text_printed_over_a_line_stays_a_run_of_its_own() -> None:
    """A stamp typed over a line is no fallback letters: its letters sit on the line's, not in holes."""
    items = [("Căn cứ Kế hoạch số 12/KH-UBND ngày 05 tháng 3 năm 2025 của Ủy ban nhân dân", 85, 200, 12),
             ("BẢN SAO ĐIỆN TỬ", 200, 200, 12)]
    assert _segments(make_text_pdf([items]))[1] == [items[0][0], items[1][0]]


def test_a_line_drawn_twice_in_place_reads_once() -> None:
    """Fake bold: the line twice, 0.4 pt apart. pdfium drops the repeated object but not the repeated late letters."""
    items = fallback_line("KẾ HOẠCH THỰC HIỆN NHIỆM VỤ NĂM 2025", 150, 100, 14, LATE)
    twice = items + [(text, x + 0.4, y, size, *more) for text, x, y, size, *more in items]
    assert _segments(make_text_pdf([twice]))[1] == ["KẾ HOẠCH THỰC HIỆN NHIỆM VỤ NĂM 2025"]


def test_a_piece_on_another_baseline_is_left_to_the_plain_cut() -> None:
    """pdfium joins a word hyphenated at a line end with the next line: the jump back goes down a line, not into
    holes, so nothing is rebuilt (the plain cut makes it a run of its own, as before)."""
    text = "thực hiện Chỉ thị số 01/CT\ufffeUBND ngày"
    first, second = text.index("\ufffe"), text.index("U")
    boxes = []
    for i, ch in enumerate(text):
        if ch == " " or ch == "\ufffe":
            continue
        col, line = (i, 0) if i < first else (i - second, 1)
        x = (300.0 if line == 0 else 85.0) + 7.0 * col
        y = 700.0 - 17.0 * line
        boxes.append((i, x, y, x + 6.0, y + 9.0))
    assert _reordered(None, text, 0, len(text), boxes, 14.0) is None


def test_in_order_lines_never_take_the_rebuild_path(monkeypatch) -> None:
    def fail(*args):  # type: ignore[no-untyped-def]
        raise AssertionError("an in-order line was rebuilt")

    monkeypatch.setattr(pdf_text, "_reordered", fail)
    for path in DIGITAL:
        assert read_bytes(path.read_bytes(), path.name, ocr="never").text


PLAN_ROWS = [  # (text, x, y, size): a plan page laid out as its .doc prints
    ("ỦY BAN NHÂN DÂN", 112, 60, 13), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 292, 60, 13),
    ("TỈNH QUẢNG NINH", 116, 77, 13), ("Độc lập - Tự do - Hạnh phúc", 335, 77, 13),
    ("Số: 15/KH-UBND", 120, 102, 13), ("Quảng Ninh, ngày 05 tháng 3 năm 2024", 300, 102, 13),
    ("KẾ HOẠCH", 285, 140, 15), ("Tổ chức các hoạt động kỷ niệm Ngày thành lập Đảng", 120, 160, 14),
    ("Căn cứ Kế hoạch số 45/KH-UBND ngày 20/02/2024 của Ủy ban nhân dân tỉnh về tổ chức", 85, 200, 12),
    ("các hoạt động kỷ niệm năm 2024; Ủy ban nhân dân huyện xây dựng Kế hoạch như sau:", 85, 217, 12),
    ("I. MỤC ĐÍCH, YÊU CẦU", 85, 240, 12),
    ("Tuyên truyền sâu rộng truyền thống vẻ vang của Đảng, phát huy tinh thần đoàn kết, thi đua", 85, 257, 12),
    ("lập thành tích chào mừng; bảo đảm thiết thực, hiệu quả, tiết kiệm, an toàn.", 85, 274, 12),
    ("Nơi nhận:", 85, 330, 12), ("TM. ỦY BAN NHÂN DÂN", 345, 330, 13),
    ("- Thường trực Huyện ủy;", 85, 345, 11), ("CHỦ TỊCH", 385, 347, 13),
    ("- Lưu: VT, VHTT.", 85, 360, 11), ("Nguyễn Văn Hùng", 370, 420, 13),
]


def test_a_scrambled_plan_reads_exactly_as_the_plain_one() -> None:
    plain = read_bytes(make_text_pdf([PLAN_ROWS]), "plain.pdf", ocr="never")
    late = [it for text, x, y, size in PLAN_ROWS for it in fallback_line(text, x, y, size, LATE)]
    scrambled = read_bytes(make_text_pdf([late]), "late.pdf", ocr="never")
    assert "Ủy ban nhân dân tỉnh" in plain.text
    assert scrambled.text == plain.text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_libreoffice_print_of_a_plain_text_plan(tmp_path) -> None:
    """The real producer: LibreOffice prints a .txt in a monospace font that lacks the stacked letters and
    draws them from another font, late. pdfium gives some of those no advance box (it repeats the ink box)."""
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG\n\nKẾ HOẠCH\n"
            "Tổ chức các hoạt động kỷ niệm Ngày thành lập Đảng Cộng sản Việt Nam\n\n"
            "Căn cứ Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh về việc tổ chức dịp kỷ niệm, tỉnh ủy chỉ đạo "
            "thực hiện đúng quy định; bảo đảm thiết thực, hiệu quả, tiết kiệm. Phối hợp với Mặt trận Tổ quốc, "
            "các đoàn thể; số liệu báo cáo về Văn phòng trước ngày 25 hằng tháng.\n")
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "plan.txt")],
                       check=True, capture_output=True, timeout=120)
    except (subprocess.SubprocessError, OSError) as err:
        pytest.skip(f"LibreOffice could not print: {err}")
    data = (tmp_path / "plan.pdf").read_bytes()
    raw, _ = _segments(data)
    assert raw.split() != text.split()
    assert read_bytes(data, "plan.pdf", ocr="never").text.split() == text.split()


# --- word spaces around late letters in proportional fonts ----------------------------------------------------

SERIF_BOLD = "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"
SERIF_ITALIC = "/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf"
LATE_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
LATE_ITALIC = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"


def _late_line(text: str, font: str, late_font: str, size: float = 14.0, x: float = 200.0) -> list[str]:
    for path in (font, late_font):
        if not shutil.os.path.isfile(path):
            pytest.skip(f"{path} not installed")
    items = fallback_line(text, x, 200, size, LATE, font=font, late_font=late_font, spaces=False)
    return _segments(make_text_pdf([items], fonts=(font, late_font)))[1]


@pytest.mark.parametrize("text", [
    "KẾ HOẠCH",  # capitals of one width: no monospace layout, the space is a third of a letter
    "KẾ HOẠCH LIÊN TỊCH",
    "THỨ TRƯỞNG",  # a horned capital's ink reaches past its advance, into the word space
    "KT. BỘ TRƯỞNG",
    "PHÓ TRƯỞNG CÔNG AN HUYỆN",
    "TM. ỦY BAN NHÂN DÂN",
])
def test_bold_capitals_with_late_letters_keep_their_word_spaces(text: str) -> None:
    assert _late_line(text, SERIF_BOLD, LATE_BOLD) == [text]


@pytest.mark.parametrize("text", [
    "Căn cứ Nghị quyết số 12 ngày 22/12/2023 của Hội đồng nhân dân phường Thạch Thang",
    "Thực hiện Kế hoạch số 35 của Ủy ban nhân dân quận về phát động thi đua năm 2024",
])
def test_italic_letters_overhanging_their_advance_get_no_space(text: str) -> None:
    """An italic 'y' reaches left of its origin: its loose box says nothing of where its advance ends."""
    assert _late_line(text, SERIF_ITALIC, LATE_ITALIC, size=13.0, x=90.0) == [text]


# --- a space pdfium reports after letters drawn last at the end of a line -------------------------------------

HELVETICA = {"P": 667, "h": 556, "o": 556, "i": 222, " ": 278, "p": 556, ":": 278, "c": 500, "a": 556, "s": 500}


def _tail_line(main: str, late: str, hole: int, space_after_hole: bool) -> bytes:
    """One line as LibreOffice writes a table cell whose last letter comes from a fallback font: the text
    with a hole for the letter (a TJ offset) and, maybe, a space after the hole; then the letter in its hole."""
    x_late = 100 + sum(HELVETICA[ch] for ch in main) / 1000 * 12
    tail = b" ( )" if space_after_hole else b""
    content = (b"BT /F1 12 Tf 100 700 Td [(%s) %d%s] TJ ET BT /F1 12 Tf %.3f 700 Td (%s) Tj ET"
               % (main.encode(), -hole, tail, x_late, late.encode()))
    return make_raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def test_a_space_after_a_late_letter_at_the_line_end_is_dropped() -> None:
    raw, runs = _segments(_tail_line("Phoi hop: cac s", "o", 600, True))
    assert raw == "Phoi hop: cac s o"  # pdfium's space sits where the hole ends, after the letter
    assert runs == ["Phoi hop: cac so"]


def test_a_real_word_space_before_a_last_one_letter_word_stays() -> None:
    raw, runs = _segments(_tail_line("Phoi hop: cac ", "o", 0, False))
    assert runs == ["Phoi hop: cac o"]
