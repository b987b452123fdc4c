"""OCR of scanned and bad-text-layer PDFs: TSV parsing, OCR repairs, limits, and three real OCR runs (slow)."""
from __future__ import annotations

import io
import json
import shutil

import pytest
import regex

from pdf_makers import FIXTURES, make_text_pdf
from parser.errors import EmptyDocument, LimitExceeded
from parser.evaluate import score_docs
from parser.pipeline import run_raw
from parser.read import read_bytes, read_path
from parser.read.ocr import MAX_OCR_PIXELS, fix_ocr_text, ocr_dpi, repair_roman_sequence, tsv_segments

GOLD = FIXTURES / "gold"
HEADER_SCALARS = (
    "document.number", "document.symbol", "document.place", "document.issued.value", "document.title",
    "document.motto", "issuer.name", "issuer.abbreviation", "signer.authority", "signer.title", "signer.name",
)
HEADER_LISTS = ("recipients", "archive_copy.holders")

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


# --- pure parts -------------------------------------------------------------------------------------

TSV_HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


def tsv(*words: tuple) -> str:
    """Rows for words (block, par, line, left, top, width, height, conf, text)."""
    rows = [f"5\t1\t{b}\t{p}\t{ln}\t{i}\t{x}\t{y}\t{w}\t{h}\t{c}\t{t}" for i, (b, p, ln, x, y, w, h, c, t) in enumerate(words, 1)]
    return TSV_HEAD + "\n".join(rows) + "\n"


def test_tsv_words_become_runs_split_at_the_column_gap() -> None:
    data = tsv(
        (1, 1, 1, 500, 238, 70, 44, 96.9, "ỦY"), (1, 1, 1, 590, 249, 102, 33, 95.1, "BAN"),
        (1, 1, 1, 1194, 238, 146, 54, 95.9, "CỘNG"), (1, 1, 1, 1355, 239, 113, 44, 95.2, "HÒA"),
        (2, 1, 1, 1473, 416, 481, 2, 20.0, "—"),  # the rule under the motto: a speck
        (3, 1, 1, 513, 439, 64, 40, 93.3, "Số:"), (3, 1, 1, 597, 442, 368, 37, 91.5, "2150/KH-UBND"),
    )
    segs = tsv_segments(data, 72 / 300)
    assert [s.text for s in segs] == ["ỦY BAN", "CỘNG HÒA", "Số: 2150/KH-UBND"]
    first = segs[0]
    assert first.x0 == pytest.approx(500 * 0.24) and first.bottom == pytest.approx(282 * 0.24)
    assert first.size == 0.0  # OCR knows no font size


def test_tsv_crop_offsets_are_added() -> None:
    segs = tsv_segments(tsv((1, 1, 1, 10, 20, 100, 40, 90, "CHỦ"), (1, 1, 1, 130, 20, 110, 40, 90, "TỊCH")), 0.24, 1000, 2000)
    assert segs[0].text == "CHỦ TỊCH" and segs[0].x0 == pytest.approx(1010 * 0.24) and segs[0].top == pytest.approx(2020 * 0.24)


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("HI. NỘI DUNG THI ĐUA", "III. NỘI DUNG THI ĐUA"),
        ("H. THỜI GIAN THỰC HIỆN", "II. THỜI GIAN THỰC HIỆN"),
        ("Il. TỔ CHỨC THỰC HIỆN", "II. TỔ CHỨC THỰC HIỆN"),
        ("VH. KHEN THƯỞNG", "VII. KHEN THƯỞNG"),
        ("- Hội đồng TĐÐKT tỉnh;", "- Hội đồng TĐĐKT tỉnh;"),
        ("Ðoàn Thanh niên", "Đoàn Thanh niên"),
        ("I.MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("HI.NỘI DUNG", "III. NỘI DUNG"),
        ("2.Yêu cầu", "2. Yêu cầu"),
        ("2.1.Giấy khen", "2.1. Giấy khen"),
        # a space beside the slash of a date or a symbol
        ("(22/12/1944 - 22/ 12/2024)", "(22/12/1944 - 22/12/2024)"),
        ("trước ngày 15 /11/2024", "trước ngày 15/11/2024"),
        ("Kế hoạch số 45 /KH-UBND", "Kế hoạch số 45/KH-UBND"),
        # left alone: arabic numbers, real Roman numbers, words
        ("1. Mục đích", "1. Mục đích"),
        ("11. Tăng cường", "11. Tăng cường"),
        ("IV. KHEN THƯỞNG", "IV. KHEN THƯỞNG"),
        ("Hà Nội, ngày 5 tháng 3", "Hà Nội, ngày 5 tháng 3"),
        ("H. thường trực", "H. thường trực"),
        ("TP.HCM", "TP.HCM"),
        ("3.5 triệu", "3.5 triệu"),
        ("Số: /KH-UBND", "Số: /KH-UBND"),  # a blank number stays blank
        ("đạt 1/3 số hộ / tổng số", "đạt 1/3 số hộ / tổng số"),
    ],
)
def test_fix_ocr_text(text: str, fixed: str) -> None:
    assert fix_ocr_text(text) == fixed


def test_roman_headings_renumbered_only_when_ocr_broke_the_count() -> None:
    read = ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "I. THỜI GIAN THỰC HIỆN", "II. NỘI DUNG THI ĐUA",
            "IV. KHEN THƯỞNG", "V. TỔ CHỨC THỰC HIỆN"]
    assert [t.split(".")[0] for t in repair_roman_sequence(read)] == ["I", "1", "II", "III", "IV", "V"]
    # The document's own numbering is off (III after IV): left as written.
    own = ["I. MỤC ĐÍCH", "II. NỘI DUNG", "III. THỜI GIAN", "IV. KHEN THƯỞNG", "III. TỔ CHỨC THỰC HIỆN"]
    assert repair_roman_sequence(own) == own
    assert repair_roman_sequence(["I. MỤC ĐÍCH", "II. NỘI DUNG"]) == ["I. MỤC ĐÍCH", "II. NỘI DUNG"]


@pytest.mark.parametrize("read, numbers", [
    # "I." read "IL." (the tab after an automatic number), "II" read "I", "III" read "II"
    (["IL. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "I. NỘI DUNG THỰC HIỆN", "II. THỜI GIAN THỰC HIỆN",
      "IV. TỔ CHỨC THỰC HIỆN"], ["I", "1", "II", "III", "IV"]),
    # dots doubled or lost, the last heading short of an I: most are read right
    (["I. MỤC ĐÍCH, YÊU CẦU", "II. THỜI GIAN, ĐỊA ĐIỂM", "II. ĐỐI TƯỢNG, MÔN THI ĐẤU", "IV. CÁC HOẠT ĐỘNG CHÍNH",
      "V.. GIẢI THƯỞNG VÀ KHEN THƯỞNG", "VI. KINH PHÍ", "VI TỔ CHỨC THỰC HIỆN"], ["I", "II", "III", "IV", "V", "VI", "VII"]),
    (["L MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THI ĐUA", "II. THỜI GIAN THI ĐUA", "IV. KHEN THƯỞNG"], ["I", "II", "III", "IV"]),
])
def test_roman_headings_misread_in_other_ways_are_renumbered(read: list[str], numbers: list[str]) -> None:
    fixed = repair_roman_sequence(read)
    assert [t.split(".")[0] for t in fixed] == numbers
    assert all(". " in t and ".." not in t for t in fixed)


@pytest.mark.parametrize("own", [
    ["I. MỤC ĐÍCH", "II. NỘI DUNG", "IV. THỜI GIAN", "V. TỔ CHỨC THỰC HIỆN"],  # the document skips III
    ["II. NỘI DUNG", "III. THỜI GIAN", "IV. TỔ CHỨC THỰC HIỆN"],  # a part of a longer plan
    ["I. MỤC ĐÍCH", "II. NỘI DUNG", "III. THỜI GIAN"],  # read right
])
def test_roman_headings_of_the_document_itself_stay(own: list[str]) -> None:
    assert repair_roman_sequence(own) == own


def test_the_renumbered_heading_goes_back_into_the_run_of_its_number() -> None:
    """An automatic number is followed by a tab: OCR gives it a run of its own."""
    from parser.read.pdf import _repair_headings
    from parser.read.pdf_layout import Seg

    def line(top: float, *texts: str) -> list[Seg]:
        return [Seg(t, 85 + 60 * k, top, 85 + 60 * k + 8 * len(t), top + 12) for k, t in enumerate(texts)]

    page = (line(100, "IL.", "MỤC ĐÍCH, YÊU CẦU") + line(130, "I.", "NỘI DUNG THỰC HIỆN")
            + line(160, "II.", "THỜI GIAN THỰC HIỆN") + line(190, "IV. TỔ CHỨC THỰC HIỆN"))
    _repair_headings([page], repair_roman_sequence)
    assert [s.text for s in page] == ["I.", "MỤC ĐÍCH, YÊU CẦU", "II.", "NỘI DUNG THỰC HIỆN", "III.",
                                      "THỜI GIAN THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"]


def test_render_resolution_and_pixel_limit() -> None:
    assert ocr_dpi(595, 842) == 300
    assert ocr_dpi(2384, 3370) == 150  # A0: 300 dpi would be 140 Mpx
    with pytest.raises(LimitExceeded, match="too big to OCR"):
        ocr_dpi(14400, 14400)
    side = (MAX_OCR_PIXELS ** 0.5) * 72 / 300
    assert ocr_dpi(side * 0.99, side * 0.99) == 300


# --- real OCR runs (slow: three documents, about 10 pages) ------------------------------------------------


def header_report(stem: str, out: dict):
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    report = score_docs([(stem, gold, out)])
    return {f.name: f.value for f in report.fields}, report.misses


def assert_header(stem: str, out: dict, floor: float = 0.85) -> None:
    scores, misses = header_report(stem, out)
    header = [scores[f] for f in HEADER_SCALARS] + [scores[f] for f in HEADER_LISTS]
    assert sum(header) / len(header) >= floor, misses
    for field in ("document.number", "document.symbol", "document.issued.value", "signer.name"):
        assert scores[field] == 1.0, (field, misses)
    for field in HEADER_LISTS:
        assert scores[field] >= floor, (field, misses)


@pytest.mark.slow
@needs_tesseract
def test_clean_scan_is_read_by_ocr() -> None:
    stem = "003_f6966018c26bf747"
    raw = read_path(FIXTURES / f"{stem}.scan.pdf")
    assert raw.ocr and raw.pages == 3 and len(raw.page_starts) == 2
    assert [w["code"] for w in raw.warnings] == ["ocr_used"]
    # Header read column by column although Tesseract sees "ỦY BAN NHÂN DÂN CỘNG HÒA …" as one line.
    assert raw.text.startswith("ỦY BAN NHÂN DÂN\nQUẬN 3\nSố: 2150/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    out = run_raw(raw)
    assert out["source"]["ocr"] is True and any(w["code"] == "ocr_used" for w in out["warnings"])
    assert_header(stem, out, 0.95)
    assert out["signer"]["page"] == 3 and out["document"]["issued"]["value"] == "2024-10-01"


@pytest.mark.slow
@needs_tesseract
def test_noisy_scan_is_read_by_ocr() -> None:
    """Tilted, blurred, speckled, JPEG-compressed 200 dpi scan."""
    stem = "004_8dcd8df503d34be0"
    raw = read_path(FIXTURES / f"{stem}.scan_noisy.pdf")
    assert raw.ocr and raw.pages == 6 and len(raw.page_starts) == 5
    out = run_raw(raw)
    assert_header(stem, out)
    assert out["signer"]["page"] == 6
    # Top-level headings I..V survive OCR's "II"/"III" confusions.
    headings = regex.findall(r"(?m)^([IVX]{1,4})\. \p{Lu}{2}", raw.text)
    assert headings == ["I", "II", "III", "IV", "V"]


@pytest.mark.slow
@needs_tesseract
def test_garbage_text_layer_over_a_sideways_scan_is_replaced_by_ocr() -> None:
    """A page scanned sideways whose hidden text layer is font garbage (codes without a Unicode map)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(FIXTURES / "003_f6966018c26bf747.scan.pdf"))
    picture = src[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L").rotate(90, expand=True)
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(842, 595)
    image = pdfium.PdfImage.new(doc)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(picture))
    image.set_matrix(pdfium.PdfMatrix().scale(842, 595))
    page.insert_obj(image)
    page.gen_content()
    buf = io.BytesIO()
    doc.save(buf)
    garbage = ["Ӣӣ ѬѭӢ ӣѬ ĈӢѭ Ѭӣ", "Ĉ2¬ ѭӢ ӣѬ Ӣ ѭѬ ӢӣѬ", "ѬӢ ӣӣ Ĉ2¬ ѭӢ Ӣѭ"] * 4
    data = make_text_pdf([[(t, 90, 60 + 40 * i, 12) for i, t in enumerate(garbage)]], base=buf.getvalue(), invisible=True)
    raw = read_bytes(data, "garbage.pdf")
    assert raw.ocr and [w["code"] for w in raw.warnings] == ["bad_text_layer", "ocr_used"]
    assert "Ӣ" not in raw.text
    assert raw.text.startswith("ỦY BAN NHÂN DÂN\nQUẬN 3\nSố: 2150/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Quận 3, ngày 01 tháng 10 năm 2024" in raw.text
    with pytest.raises(EmptyDocument, match="no text layer"):
        read_bytes(data, "garbage.pdf", ocr="never")
