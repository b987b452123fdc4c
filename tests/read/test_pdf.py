"""Digital PDF reader: reading order, paragraphs, page starts, broken files, text-layer checks."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pdf_makers import A4, FIXTURES, font_path, make_raw_pdf, make_text_pdf, picture_pdf
from parser.errors import EmptyDocument, LimitExceeded, OcrUnavailable, UnreadableFile, UnsupportedFormat
from parser.evaluate import score_docs
from parser.pipeline import run_raw
from parser.read import read_bytes, read_path
from parser.read import pdf as pdf_reader
from parser.read.pdf import assess_text
from parser.read.pdf_layout import PAGE_NUMBER_RE, Line, Seg
from parser.read.pdf_order import Metrics, continues, join_column

DIGITAL = sorted(p for p in FIXTURES.glob("[0-9][0-9][0-9]_*.pdf") if p.name.count(".") == 1)
GOLD = FIXTURES / "gold"
# Header and closing fields (issue 4): every digital fixture must agree with the gold at >= 0.95 each.
HEADER_FIELDS = (
    "document.number", "document.symbol", "document.place", "document.issued.value", "document.issued.precision",
    "document.title", "document.motto", "document.theme", "issuer.name", "issuer.abbreviation",
    "signer.authority", "signer.title", "signer.name", "archive_copy.copies", "recipients", "archive_copy.holders",
)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def truth_parts(stem: str) -> list[str]:
    truth = json.loads((FIXTURES / f"{stem}.truth.json").read_text(encoding="utf-8"))
    parts: list[str] = []
    for key in ("issuer", "so", "motto", "slogan", "date", "title", "subtitle", "body", "recipients", "signer"):
        value = truth.get(key)
        if value:
            parts.extend(value if isinstance(value, list) else [value])
    return parts


@pytest.fixture(scope="module")
def digital() -> dict[str, tuple]:
    """(RawDocument, pipeline output) per digital fixture, read once."""
    out = {}
    for path in DIGITAL:
        raw = read_path(path, ocr="never")
        out[path.name.split(".")[0]] = (raw, run_raw(raw))
    return out


def test_fixtures_present() -> None:
    assert len(DIGITAL) == 5


# --- the five digital fixtures ---------------------------------------------------------------------


def test_header_and_closing_fields_match_gold(digital) -> None:
    pairs = [(stem, json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8")), out) for stem, (_, out) in digital.items()]
    report = score_docs(pairs)
    scores = {f.name: f.value for f in report.fields}
    low = {f: round(scores[f], 3) for f in HEADER_FIELDS if scores[f] < 0.95}
    assert not low, (low, report.misses)
    assert report.overall >= 0.97, report.misses


@pytest.mark.parametrize("stem", [p.name.split(".")[0] for p in DIGITAL])
def test_text_holds_every_truth_part_in_order(digital, stem: str) -> None:
    raw, _ = digital[stem]
    text = squash(raw.text)
    pos = 0
    for part in truth_parts(stem):
        found = text.find(squash(part), pos)
        assert found >= 0, f"missing or out of order: {part[:80]!r}"
        pos = found + len(squash(part))


@pytest.mark.parametrize("stem", [p.name.split(".")[0] for p in DIGITAL])
def test_source_facts_and_page_starts(digital, stem: str) -> None:
    raw, out = digital[stem]
    assert raw.format == "pdf" and raw.ocr is False and raw.pages and raw.pages > 1
    assert len(raw.page_starts) == raw.pages - 1
    assert raw.page_starts == sorted(raw.page_starts) and 0 < raw.page_starts[0] and raw.page_starts[-1] < len(raw.text)
    # Each page's own text lines (pdfium order) lie inside that page's slice of the text.
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(FIXTURES / f"{stem}.pdf"))
    bounds = [0, *raw.page_starts, len(raw.text)]
    for n in range(len(doc)):
        page_text = squash(raw.text[bounds[n]: bounds[n + 1]])
        lines = [squash(ln) for ln in doc[n].get_textpage().get_text_range().splitlines()]
        body = [ln for ln in lines if len(ln) > 30 and not ln.startswith("- ")]  # closing columns may move
        assert body or n == len(doc) - 1, n
        for ln in body:
            assert ln[:30] in page_text, (n + 1, ln)
    # Spans carry pages: the header on page 1, the signature and recipients on the closing pages.
    assert out["source"]["pages"] == raw.pages
    assert out["document"]["spans"] if "spans" in out["document"] else True
    signer = out["signer"]
    assert signer["page"] in (raw.pages - 1, raw.pages)
    assert all(r["page"] >= raw.pages - 1 for r in out["recipients"])
    for item in _items_with_spans(out):
        start, end = item["span"]
        assert 0 <= start <= end and 1 <= item["page"] <= raw.pages


def _items_with_spans(obj):
    if isinstance(obj, dict):
        if isinstance(obj.get("span"), list) and "page" in obj:
            yield obj
        for key, value in obj.items():
            if key != "text":
                yield from _items_with_spans(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _items_with_spans(value)


def test_signer_page_is_where_the_signature_starts(digital) -> None:
    for stem, (raw, out) in digital.items():
        authority = out["signer"]["authority"] or out["signer"]["title"]
        at = raw.text.find(authority)
        page = sum(1 for s in raw.page_starts if s <= at) + 1
        assert out["signer"]["page"] == page == (raw.pages if stem != "000_4c380f7955e0b3c1" else raw.pages - 1)


def test_closing_split_over_a_page_break_reads_as_one_list(digital) -> None:
    """000: Nơi nhận goes on at the top of page 8 beside the signer's name; the list stays whole."""
    raw, out = digital["000_4c380f7955e0b3c1"]
    tail = raw.text[raw.text.index("Nơi nhận:"):]
    assert tail.index("- Lưu: VT, NV. (10)") < tail.index("TM. HỘI ĐỒNG") < tail.index("Nguyễn Mạnh Hà")
    assert out["archive_copy"]["copies"] == 10
    assert raw.text.index("Nguyễn Mạnh Hà") >= raw.page_starts[-1] > raw.text.index("TM. HỘI ĐỒNG")


# --- a plan laid out row by row (the order plain extraction gets wrong) ------------------------------


def _measure():
    from PIL import ImageFont

    path = font_path()
    if path is None:
        pytest.skip("no TrueType font")
    fonts: dict[float, object] = {}

    def width(text: str, size: float) -> float:
        if size not in fonts:
            fonts[size] = ImageFont.truetype(path, size=int(size * 10))
        return fonts[size].getlength(text) / 10  # type: ignore[attr-defined]

    return width


def justified(text: str, y: float, *, width, size: float = 13.0, left: float = 85.0, right: float = 552.0,
              indent: float = 36.0, pitch: float = 18.5) -> tuple[list, float]:
    """Items of a justified paragraph, one text object per word (as many PDF writers do), and the next y."""
    words = text.split()
    items: list = []
    space = width(" ", size)
    x0 = left + indent
    line: list[str] = []
    lines: list[tuple[float, list[str]]] = []
    for word in words:
        trial = " ".join(line + [word])
        if line and x0 + width(trial, size) > right:
            lines.append((x0, line))
            line, x0 = [], left
        line.append(word)
    lines.append((x0, line))
    for n, (x, ws) in enumerate(lines):
        last = n == len(lines) - 1
        natural = sum(width(w, size) for w in ws)
        gap = space if last or len(ws) == 1 else (right - x - natural) / (len(ws) - 1)
        for w in ws:
            items.append((w, x, y, size))
            x += width(w, size) + gap
        y += pitch
    return items, y + 6


BODY = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 "
    "năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch tổ chức phong trào thi đua yêu nước năm 2024 trên địa bàn tỉnh "
    "với các nội dung cụ thể như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "- Phát huy truyền thống yêu nước, ý chí tự lực, tự cường của các tầng lớp nhân dân, thi đua hoàn thành "
    "thắng lợi các chỉ tiêu kinh tế - xã hội, quốc phòng - an ninh năm 2024 của tỉnh.",
    "- Kịp thời phát hiện, biểu dương, khen thưởng các tập thể, cá nhân có thành tích xuất sắc.",
    "II. TỔ CHỨC THỰC HIỆN",
    "Sở Nội vụ (Ban Thi đua - Khen thưởng) chủ trì, phối hợp với các sở, ban, ngành hướng dẫn, theo dõi, "
    "đôn đốc việc thực hiện Kế hoạch này; tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2024.",
]


def row_wise_plan() -> bytes:
    """Two pages: header and closing written row by row, justified body, page number and running footer."""
    width = _measure()
    p1: list = [
        ("ỦY BAN NHÂN DÂN", 112, 60, 13), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 292, 60, 13),
        ("TỈNH QUẢNG NAM", 118, 77, 13), ("Độc lập - Tự do - Hạnh phúc", 335, 77, 13),
        ("Số: 15/KH-UBND", 120, 102, 13), ("Quảng Nam, ngày 05 tháng 3 năm 2024", 300, 102, 13),
    ]
    for text, y, size in (("KẾ HOẠCH", 140, 15), ("Tổ chức phong trào thi đua yêu nước năm 2024", 160, 14),
                          ("trên địa bàn tỉnh Quảng Nam", 178, 14)):
        p1.append((text, (85 + 552) / 2 - width(text, size) / 2, y, size))
    y = 215.0
    for para in BODY[:5]:
        items, y = justified(para, y, width=width, indent=0 if para.startswith("I.") else 36)
        p1 += items
    footer = ("Kế hoạch thi đua năm 2024 - UBND tỉnh Quảng Nam", 170, 820, 9)
    p1.append(footer)
    p2: list = [("2", 295, 30, 12)]
    y = 70.0
    for para in BODY[5:]:
        items, y = justified(para, y, width=width)
        p2 += items
    y += 10
    p2 += [
        ("Nơi nhận:", 85, y, 12), ("TM. ỦY BAN NHÂN DÂN", 345, y, 13),
        ("- Thường trực Tỉnh ủy;", 85, y + 15, 11), ("KT. CHỦ TỊCH", 375, y + 17, 13),
        ("- Các sở, ban, ngành thuộc tỉnh;", 85, y + 30, 11), ("PHÓ CHỦ TỊCH", 372, y + 34, 13),
        ("- UBND các huyện, thị xã,", 85, y + 45, 11),
        ("thành phố;", 85, y + 60, 11),
        ("- Lưu: VT, NC.", 85, y + 75, 11),
        ("Trần Văn Minh", 380, y + 100, 13),
        footer,
    ]
    return make_text_pdf([p1, p2])


@pytest.fixture(scope="module")
def row_plan():
    raw = read_bytes(row_wise_plan(), "plan.pdf")
    return raw, run_raw(raw)


def test_row_wise_header_and_closing_come_out_column_by_column(row_plan) -> None:
    raw, _ = row_plan
    head = raw.text.split("\n\nKẾ HOẠCH\n\n")[0]
    assert head.split("\n") == [
        "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NAM", "Số: 15/KH-UBND", "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Quảng Nam, ngày 05 tháng 3 năm 2024",
    ]
    closing = raw.text[raw.text.index("Nơi nhận:"):]
    assert closing.split("\n") == [
        "Nơi nhận:", "- Thường trực Tỉnh ủy;", "- Các sở, ban, ngành thuộc tỉnh;",
        "- UBND các huyện, thị xã, thành phố;", "- Lưu: VT, NC.", "",
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Minh",
    ]


def test_row_wise_paragraphs_running_heads_and_pages(row_plan) -> None:
    raw, out = row_plan
    paragraphs = raw.text.split("\n\n")
    assert "Tổ chức phong trào thi đua yêu nước năm 2024 trên địa bàn tỉnh Quảng Nam" in paragraphs
    for para in BODY:
        assert para in paragraphs, para[:60]
    assert "Kế hoạch thi đua năm 2024 - UBND" not in raw.text  # running footer
    assert "\n2\n" not in raw.text and not raw.text.startswith("2")  # page number
    assert raw.pages == 2 and raw.text[raw.page_starts[0]:].startswith("II. TỔ CHỨC THỰC HIỆN")
    doc = out["document"]
    assert (doc["number"], doc["symbol"], doc["issued"]["value"], doc["place"]) == ("15", "KH-UBND", "2024-03-05", "Quảng Nam")
    assert out["issuer"]["name"].lower() == "ủy ban nhân dân tỉnh quảng nam"
    assert (out["signer"]["authority"], out["signer"]["title"], out["signer"]["name"]) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Minh")
    assert out["signer"]["page"] == 2
    assert [r["name"] for r in out["recipients"]] == ["Thường trực Tỉnh ủy", "Các sở, ban, ngành thuộc tỉnh", "UBND các huyện, thị xã, thành phố"]


def test_paragraph_that_runs_over_a_page_break_is_joined() -> None:
    width = _measure()
    text = ("Các cơ quan, đơn vị, địa phương căn cứ Kế hoạch này xây dựng kế hoạch cụ thể, phát động phong trào "
            "thi đua sâu rộng đến cán bộ, công chức, viên chức và người lao động, bảo đảm thiết thực, hiệu quả, "
            "tránh hình thức; định kỳ sáu tháng, một năm báo cáo kết quả về Sở Nội vụ.")
    items, _ = justified(text, 760, width=width)
    cut = next(i for i, it in enumerate(items) if it[2] > 800)  # the last line moves to page 2
    p2 = [(w, x, y - 740, s) for (w, x, y, s) in items[cut:]]
    raw = read_bytes(make_text_pdf([items[:cut], p2]))
    assert raw.text == text
    assert 0 < raw.page_starts[0] < len(text) and text[raw.page_starts[0]:].startswith(items[cut][0])


def test_columns_typed_with_spaces_in_one_text_object_are_split() -> None:
    """Some writers put a whole table row in one string padded with spaces."""
    rows = [("ỦY BAN NHÂN DÂN" + " " * 14 + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 95, 60, 12),
            ("XÃ AN PHÚ" + " " * 30 + "Độc lập - Tự do - Hạnh phúc", 130, 76, 12),
            ("Số: 07/KH-UBND" + " " * 18 + "An Phú, ngày 02 tháng 01 năm 2025", 115, 98, 12),
            ("KẾ HOẠCH", 265, 140, 15),
            ("Tổ chức các hoạt động kỷ niệm Ngày thành lập Đảng Cộng sản Việt Nam", 90, 160, 13)]
    raw = read_bytes(make_text_pdf([rows]))
    assert raw.text.split("\n\nKẾ HOẠCH")[0].split("\n") == [
        "ỦY BAN NHÂN DÂN", "XÃ AN PHÚ", "Số: 07/KH-UBND", "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "An Phú, ngày 02 tháng 01 năm 2025"]


def test_closing_before_an_appendix_page_is_found_and_not_continued() -> None:
    """Nơi nhận | signature ends page 2; page 3 is an appendix whose first line sits left of the old gutter."""
    width = _measure()
    p1, _ = justified(BODY[0] + " " + BODY[1], 80, width=width)
    p2, y = justified(BODY[6], 80, width=width)
    p2 += [("Nơi nhận:", 85, y + 10, 12), ("TM. ỦY BAN NHÂN DÂN", 345, y + 10, 13),
           ("- Như trên;", 85, y + 25, 11), ("CHỦ TỊCH", 395, y + 28, 13),
           ("- Lưu: VT.", 85, y + 40, 11), ("Lê Văn Bình", 385, y + 80, 13)]
    p3 = [("Phụ lục", 85, 60, 13)]
    more, _ = justified("Danh sách các cụm, khối thi đua và đơn vị trưởng cụm, trưởng khối năm 2024 kèm theo "
                        "Kế hoạch này, gồm các sở, ban, ngành và Ủy ban nhân dân các huyện.", 90, width=width)
    raw = read_bytes(make_text_pdf([p1, p2, p3 + more]))
    tail = raw.text[raw.text.index("Nơi nhận:"):]
    assert tail.startswith("Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Bình\n\nPhụ lục\n\n")
    assert raw.text[raw.page_starts[1]:].startswith("Phụ lục")


# --- paragraph rules on plain geometry ---------------------------------------------------------


M = Metrics(85.0, 552.0, 18.5)


def ln(text: str, x0: float, x1: float, top: float, size: float = 13.0) -> Line:
    return Line([Seg(text, x0, top, x1, top + 13, size)])


@pytest.mark.parametrize(
    "a, b, expected",
    [
        # wrapped justified line -> continuation
        (ln("Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2024 của Ủy ban nhân dân tỉnh về", 121, 552, 100),
         ln("công tác thi đua năm 2024, Sở Giáo dục và Đào tạo xây dựng Kế hoạch như sau:", 85, 540, 118.5), True),
        # short last line ended the paragraph; the next is indented
        (ln("tham gia đầy đủ.", 85, 180, 100), ln("Ban Chỉ huy Quân sự huyện chủ trì", 121, 552, 118.5), False),
        # a bullet starts a new paragraph even after a full line
        (ln("các phòng, ban chuyên môn thuộc Ủy ban nhân dân huyện và các xã, thị trấn;", 85, 551, 100),
         ln("- Trung tâm Y tế huyện phối hợp thực hiện.", 85, 400, 118.5), False),
        # "- an ninh": a dash then a lower-case word continues "quốc phòng - an ninh"
        (ln("bảo đảm ổn định chính trị, trật tự an toàn xã hội, củng cố quốc phòng", 85, 551, 100),
         ln("- an ninh trên địa bàn.", 85, 230, 118.5), True),
        # numbered heading after a full line
        (ln("đẩy mạnh chuyển đổi số trong hoạt động của cơ quan nhà nước các cấp.", 85, 550, 100),
         ln("2. Nhiệm vụ cụ thể", 121, 230, 118.5), False),
        # the next word would have fitted: the line ended on purpose (list in one column)
        (ln("Thành phần gồm:", 121, 220, 100), ln("Đồng chí Trưởng ban", 121, 250, 118.5), False),
        # a wide vertical gap separates paragraphs that have no indent
        (ln("Các đơn vị thực hiện nghiêm túc nội dung Kế hoạch và báo cáo kết quả về", 85, 552, 100),
         ln("Phòng Nội vụ tổng hợp trước ngày 30/11.", 85, 330, 150), False),
        # a bigger font (heading) does not continue a body line
        (ln("thực hiện các nhiệm vụ chính trị được giao trong năm học 2023 - 2024 của", 85, 551, 100, 13),
         ln("KẾ HOẠCH", 270, 350, 118.5, 16), False),
    ],
)
def test_continues(a: Line, b: Line, expected: bool) -> None:
    assert continues(a, b, M) is expected


def test_centred_title_lines_join_but_a_heading_after_a_sentence_does_not() -> None:
    a = ln("Phát động phong trào thi đua lập thành tích chào mừng kỷ niệm 50 năm", 97, 541, 100)
    b = ln("Ngày giải phóng tỉnh (1975 - 2025)", 220, 417, 118.5)
    assert continues(a, b, M)
    a2 = ln("Các đơn vị căn cứ tình hình thực tế triển khai thực hiện có hiệu quả.", 97, 541, 100)
    assert not continues(a2, b, M)


def test_join_column_rejoins_wrapped_recipients_and_issuer() -> None:
    rec = [ln(t, 85, 85 + 6 * len(t), 100 + 15 * i) for i, t in enumerate(
        ["Nơi nhận:", "- Sở Nội vụ (để b/c);", "- Cán bộ, công chức, NLĐ cơ quan phường (để", "T/h);", "- Lưu: VT."])]
    assert join_column(rec) == ["Nơi nhận:", "- Sở Nội vụ (để b/c);", "- Cán bộ, công chức, NLĐ cơ quan phường (để T/h);", "- Lưu: VT."]
    iss = [ln(t, 100, 100 + 7 * len(t), 60 + 16 * i) for i, t in enumerate(["UBND THÀNH PHỐ BẮC", "GIANG", "UBND PHƯỜNG NGÔ", "QUYỀN", "Số: 45/KH-UBND"])]
    assert join_column(iss, issuer=True) == ["UBND THÀNH PHỐ BẮC GIANG", "UBND PHƯỜNG NGÔ QUYỀN", "Số: 45/KH-UBND"]
    two = [ln(t, 100, 100 + 7 * len(t), 60 + 16 * i) for i, t in enumerate(["ỦY BAN NHÂN DÂN", "HUYỆN TAM ĐƯỜNG"])]
    assert join_column(two, issuer=True) == ["ỦY BAN NHÂN DÂN", "HUYỆN TAM ĐƯỜNG"]


@pytest.mark.parametrize("text", ["2", "- 2 -", "– 12 –", "Trang 3", "Trang 3/11", "3/11", "Page 2 of 5"])
def test_page_number_lines(text: str) -> None:
    assert PAGE_NUMBER_RE.match(text)


@pytest.mark.parametrize("text", ["2. Nhiệm vụ", "Năm 2024", "(2)", "Điều 2"])
def test_not_page_numbers(text: str) -> None:
    assert not PAGE_NUMBER_RE.match(text) or text == "(2)"


# --- broken and unusual files -------------------------------------------------------------------


def test_junk_before_pdf_header_is_tolerated() -> None:
    data = (FIXTURES / "003_f6966018c26bf747.pdf").read_bytes()
    raw = read_bytes(b"MIME-Version: 1.0\r\nsignature block\r\n" + b"\x00" * 300 + data, "signed.pdf")
    assert raw.format == "pdf" and raw.text.startswith("ỦY BAN NHÂN DÂN") and raw.pages == 3


def test_truncated_pdf_is_unreadable() -> None:
    data = (FIXTURES / "003_f6966018c26bf747.pdf").read_bytes()
    with pytest.raises(UnreadableFile, match="truncated"):
        read_bytes(data[: len(data) // 2], "cut.pdf")


def test_garbage_after_header_is_unreadable() -> None:
    with pytest.raises(UnreadableFile):
        read_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)


def test_zero_page_pdf_is_empty() -> None:
    data = make_raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    with pytest.raises(EmptyDocument, match="no pages"):
        read_bytes(data)


def test_encrypted_pdf_is_refused() -> None:
    """Standard security handler (RC4, revision 2) whose user password is not empty."""
    data = make_raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
         b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O <" + b"5a" * 32 + b"> /U <" + b"c3" * 32 + b"> /P -44 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"],
        b"/Encrypt 3 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]",
    )
    with pytest.raises(UnsupportedFormat, match=r"encrypted PDF \(password protected\)"):
        read_bytes(data, "secret.pdf")


def test_page_limit(monkeypatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    with pytest.raises(LimitExceeded, match="3 pages; the limit is 2"):
        read_path(FIXTURES / "003_f6966018c26bf747.pdf")


def test_blank_page_pdf_is_empty() -> None:
    data = make_raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])
    with pytest.raises(EmptyDocument, match="no text"):
        read_bytes(data)


def test_scanned_pdf_without_ocr_says_how_to_read_it() -> None:
    with pytest.raises(EmptyDocument, match=r"no text layer \(scanned PDF\); use --ocr auto"):
        read_path(FIXTURES / "003_f6966018c26bf747.scan.pdf", ocr="never")


def test_missing_tesseract_is_ocr_unavailable(monkeypatch) -> None:
    from parser.read import ocr

    ocr.tesseract.cache_clear()
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    try:
        with pytest.raises(OcrUnavailable, match="tesseract is not installed"):
            read_path(FIXTURES / "003_f6966018c26bf747.scan.pdf")
    finally:
        ocr.tesseract.cache_clear()


def test_oversized_scanned_page_is_refused_before_rendering() -> None:
    with pytest.raises(LimitExceeded, match="too big to OCR"):
        read_bytes(picture_pdf(14400, 14400), "poster.pdf")


def test_digital_pdf_never_calls_tesseract(monkeypatch) -> None:
    from parser.read import ocr

    monkeypatch.setattr(ocr, "run_tesseract", lambda *a, **k: pytest.fail("OCR on a digital PDF"))
    raw = read_path(FIXTURES / "004_8dcd8df503d34be0.pdf", ocr="auto")
    assert not raw.ocr and not raw.warnings


# --- is the text layer usable? ----------------------------------------------------------------


VIETNAMESE = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Sở Giáo dục và Đào tạo hướng dẫn "
    "các trường xây dựng kế hoạch tổ chức các hoạt động chào mừng ngày Nhà giáo Việt Nam 20/11.",
    "ỦY BAN NHÂN DÂN HUYỆN CỦ CHI Số: 125/KH-UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "- Lưu: VT, NV. (10) Nguyễn Văn Hùng KT. CHỦ TỊCH PHÓ CHỦ TỊCH Đ/c Bí thư Đảng ủy xã; TT HĐND, UBND xã",
    "Ban Chap hanh Doan xa to chuc cac hoat dong thi dua chao mung ngay thanh lap Doan TNCS Ho Chi Minh 26/3",
]
GARBAGE = [
    "Ӣӣ ѬѭӢ ӣѬ ĈӢѭ Ѭӣ Ӣѭ ѬӢ ӣӣ Ĉ2¬ ѭӢ ӣѬ Ӣ ѭѬ",
    "ÒÑÏ ®¸¾ ¹Ò§ ÞÎ ¬¹ ¸ÆÞ ¿®² ¶¦» ¤±¸ ¼½¾ ÆÐ× ØÞß",
    "Cé ng hoµ x· héi chñ nghÜa viÖt nam §éc lËp - Tù do - H¹nh phóc Ban chØ ®¹o thùc hiÖn kÕ ho¹ch",
    "\ue001\ue002\ue003 \ue004\ue005 \ue006\ue007\ue008 \ue009\ue00a \ue00b\ue00c \ue00d \ue00e\ue00f \ue010 \ue011\ue012",
    "Hfmv sqvq xyzw qwf kjj vvz wwq zzq jjf fwz qqj xxf",
]


@pytest.mark.parametrize("text", VIETNAMESE)
def test_vietnamese_text_layers_are_usable(text: str) -> None:
    assert assess_text(text) is None


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_text_layers_are_not(text: str) -> None:
    assert assess_text(text) is not None


def test_sample_plans_read_as_vietnamese() -> None:
    root = Path(__file__).resolve().parents[2] / "corpus"
    for path in sorted(root.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start in range(0, len(text), 3000):
            assert assess_text(text[start: start + 3000]) is None, (path.name, start)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_font_text_layer_is_converted_not_ocrd(monkeypatch, encoding: str) -> None:
    """Old .VnTime / VNI-Times fonts: the text layer is TCVN3/VNI bytes shown as Latin-1 letters."""
    from parser.read import ocr

    monkeypatch.setattr(ocr, "run_tesseract", lambda *a, **k: pytest.fail("convertible text was OCR'd"))
    text = (FIXTURES / f"003_f6966018c26bf747.{encoding}.txt").read_text(encoding="utf-8")
    lines = [t for t in text.splitlines() if t.strip()][:14]
    raw = read_bytes(make_text_pdf([[(t[:90], 85, 60 + 18 * i, 11) for i, t in enumerate(lines)]]))
    assert raw.encoding_fixed == encoding.upper() and [w["code"] for w in raw.warnings] == ["encoding_fixed"]
    flat = squash(raw.text)
    assert "Số: 2150/KH-UBND" in flat and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat and "ngày 01 tháng 10 năm 2024" in flat


def test_garbage_layer_dropped_when_ocr_is_off() -> None:
    garbage = [[(t, 85, 80 + 20 * i, 12) for i, t in enumerate([GARBAGE[0], GARBAGE[4]] * 4)]]
    good = [[("Ủy ban nhân dân xã ban hành kế hoạch thực hiện phong trào thi đua năm 2024.", 85, 80, 12)]]
    raw = read_bytes(make_text_pdf(good + garbage, size=A4), ocr="never")
    assert raw.text.startswith("Ủy ban nhân dân xã") and "Ӣ" not in raw.text
    assert [w["code"] for w in raw.warnings] == ["bad_text_layer_dropped"] and "2" in raw.warnings[0]["message"]


@pytest.mark.skipif(font_path() is None, reason="no Vietnamese TrueType font")
@pytest.mark.parametrize("first, second, joined", [
    ("Căn cứ Chỉ thị số 01/CT-", "UBND ngày 05/01/2024 của Ủy ban nhân dân tỉnh về việc thực hiện nhiệm vụ;",
     "Chỉ thị số 01/CT-UBND ngày 05/01/2024"),  # pdfium reports this hyphen as U+FFFE and joins the lines
    ("Thực hiện Kế hoạch số 25-KH/", "HU ngày 10/3/2024 của Huyện ủy về việc triển khai nhiệm vụ năm 2024.",
     "Kế hoạch số 25-KH/HU ngày 10/3/2024"),
    ("Thực hiện Công văn của Sở Nội vụ ban hành ngày 05/", "01/2024 về việc hướng dẫn công tác thi đua năm 2024.",
     "ngày 05/01/2024 về việc"),
])
def test_a_symbol_or_date_broken_at_the_line_end_is_rejoined(first: str, second: str, joined: str) -> None:
    text = read_bytes(make_text_pdf([[(first, 72, 100, 12), (second, 72, 115, 12)]]), "x.pdf").text
    assert joined in text and "\n" not in text.strip()
