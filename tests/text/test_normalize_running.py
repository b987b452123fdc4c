"""Running page headers/footers in plain text are dropped before the page-break join; content that repeats stays."""
from __future__ import annotations

import pytest

from parser.text.normalize import normalize
from parser.text.running import find_running_lines


def body(n: int, topic: str) -> str:
    """`n` lines of ordinary plan text (each a full sentence), to fill a page."""
    return "\n".join(f"- Tổ chức hoạt động {topic} lần thứ {i + 1} tại các đơn vị trực thuộc." for i in range(n))


# A district plan converted from PDF: the header printed at the top of pages 2 and 3, with the
# layout gap before the page number; the second page break cuts a sentence.
DISTRICT = (
    "ỦY BAN NHÂN DÂN HUYỆN CÁT TIÊN\nSố: 58/KH-UBND\n\nKẾ HOẠCH\nTổ chức Tháng hành động vì trẻ em năm 2025\n\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n" + body(10, "tuyên truyền") + "\n\n"
    "UBND huyện Cát Tiên          Kế hoạch số 58/KH-UBND          2\n\n"
    "II. NỘI DUNG\n" + body(10, "truyền thông") + "\n"
    "a) Phòng Văn hóa và Thông tin chủ trì, phối hợp với Đài Truyền thanh huyện thực hiện các\n\n"
    "UBND huyện Cát Tiên          Kế hoạch số 58/KH-UBND          3\n\n"
    "chuyên mục về quyền trẻ em trên sóng phát thanh.\n"
)

# A school plan whose footer states the page ("Trang 2/3"), once at a paragraph boundary, once mid-sentence.
SCHOOL = (
    "TRƯỜNG THCS LÊ QUÝ ĐÔN\n\nKẾ HOẠCH\nGiáo dục kỹ năng sống năm học 2024-2025\n\n"
    + body(9, "ngoại khóa") + "\n\n"
    "Trường THCS Lê Quý Đôn - Kế hoạch số 21/KH-THCS - Trang 2/3\n\n"
    "2. Tổ chức thực hiện\n" + body(9, "trải nghiệm") + "\n"
    "Giáo viên chủ nhiệm phối hợp với cha mẹ học sinh theo dõi,\n\n"
    "Trường THCS Lê Quý Đôn - Kế hoạch số 21/KH-THCS - Trang 3/3\n\n"
    "đánh giá sự tiến bộ của học sinh.\n"
)

# pdftotext without -layout: a form feed ends every page, the running header starts the next page
# with no blank line and no page number.
FORM_FEED = (
    "ĐẢNG BỘ TỈNH BÌNH ĐỊNH\nĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH\n\nKẾ HOẠCH\n" + body(6, "học tập") + "\n"
    "Các chi bộ trực thuộc tổ chức cho đảng viên\n\x0c"
    "Kế hoạch học tập, quán triệt Nghị quyết Đại hội\n"
    "đăng ký nội dung học tập và làm theo.\n" + body(6, "sinh hoạt") + "\n\x0c"
    "Kế hoạch học tập, quán triệt Nghị quyết Đại hội\n"
    "III. TỔ CHỨC THỰC HIỆN\n" + body(3, "kiểm tra") + "\n"
)

# A Youth Union plan: the page number "- 2 -" printed above the running head, as a block between blank lines.
PAGE_NUMBER_BLOCK = (
    "TỈNH ĐOÀN BÌNH ĐỊNH\n\nKẾ HOẠCH\n" + body(8, "tình nguyện") + "\n"
    "Các cơ sở Đoàn vận động đoàn viên, thanh niên\n\n"
    "- 2 -\nTỈNH ĐOÀN BÌNH ĐỊNH\n\n"
    "tham gia hiến máu tình nguyện.\n" + body(8, "hiến máu") + "\n\n"
    "- 3 -\nTỈNH ĐOÀN BÌNH ĐỊNH\n\n"
    "III. TỔ CHỨC THỰC HIỆN\n" + body(2, "tổng kết") + "\n"
)

# pdftotext without page breaks at all: the header is glued between two lines of one sentence.
GLUED = (
    "SỞ Y TẾ TỈNH NGHỆ AN\n\nKẾ HOẠCH\n" + body(8, "tiêm chủng") + "\n"
    "Trung tâm Kiểm soát bệnh tật tỉnh hướng dẫn các\n"
    "Sở Y tế tỉnh Nghệ An - Trang 2\n"
    "trạm y tế xã tổ chức tiêm chủng an toàn.\n" + body(8, "giám sát") + "\n"
    "Các bệnh viện tuyến tỉnh bố trí\n"
    "Sở Y tế tỉnh Nghệ An - Trang 3\n"
    "nhân lực hỗ trợ tuyến xã.\n"
)


@pytest.mark.parametrize(
    "raw, gone, joined",
    [
        (DISTRICT, "Kế hoạch số 58/KH-UBND 2", "thực hiện các chuyên mục về quyền trẻ em"),
        (SCHOOL, "Trang 2/3", "theo dõi, đánh giá sự tiến bộ"),
        (FORM_FEED, "Kế hoạch học tập, quán triệt", "cho đảng viên đăng ký nội dung"),
        (PAGE_NUMBER_BLOCK, "- 2 -", "đoàn viên, thanh niên tham gia hiến máu"),
        (GLUED, "Trang 2", "hướng dẫn các\ntrạm y tế xã"),
    ],
)
def test_running_head_dropped_and_sentence_joined(raw: str, gone: str, joined: str) -> None:
    out = normalize(raw)
    assert gone not in out.text
    assert joined in out.text
    assert out.repairs.get("running_head", 0) >= 2


def test_every_occurrence_and_its_page_number_go() -> None:
    out = normalize(PAGE_NUMBER_BLOCK)
    assert out.text.count("TỈNH ĐOÀN BÌNH ĐỊNH") == 1  # the issuer line of page 1 stays
    assert "- 3 -" not in out.text
    assert "III. TỔ CHỨC THỰC HIỆN" in out.text


def test_spans_after_a_dropped_head_map_back_to_the_source() -> None:
    out = normalize(DISTRICT)
    needle = "chuyên mục về quyền trẻ em"
    start = out.text.index(needle)
    s, e = out.offsets.span_to_source((start, start + len(needle)))
    assert DISTRICT[s:e] == needle
    heading = out.text.index("II. NỘI DUNG")
    s, e = out.offsets.span_to_source((heading, heading + 12))
    assert DISTRICT[s:e] == "II. NỘI DUNG"


def test_ocr_noise_in_one_copy_of_the_head() -> None:
    raw = DISTRICT.replace("Kế hoạch số 58/KH-UBND          3", "Kê hoạch sô 58/KH-UBND          3")
    out = normalize(raw)
    assert "58/KH-UBND 3" not in out.text and "58/KH-UBND 2" not in out.text


UNIT_HEADINGS = (
    "KẾ HOẠCH\n\n"
    + "\n\n".join(
        f"Tổ dân phố số {n}\n\n" + "\n".join(f"Vận động {k + 2} hộ gia đình đăng ký gia đình văn hóa." for k in range(9))
        for n in (1, 2, 3)
    )
)
REPEATED_LABEL = (
    "KẾ HOẠCH\n\n1. Hội nghị sơ kết\n\nĐơn vị chủ trì: Phòng Văn hóa và Thông tin\n\nThời gian: tháng 6/2025.\n\n"
    + body(9, "văn nghệ")
    + "\n\n2. Hội thi tuyên truyền\n\nĐơn vị chủ trì: Phòng Văn hóa và Thông tin\n\nThời gian: tháng 9/2025.\n"
)
WRAPPED_ENDS = (
    "a) Các đơn vị thực hiện chế độ báo cáo theo\nquy định.\n" + body(9, "thi đua")
    + "\nb) Các xã rà soát, bổ sung hồ sơ theo\nquy định.\n"
)
FLATTENED_TABLE = (
    "STT\nNội dung\nĐơn vị thực hiện\n1\nTuyên truyền trên hệ thống loa truyền thanh\nPhòng Văn hóa và Thông tin\n"
    "2\nTổ chức hội thi tìm hiểu pháp luật\nPhòng Văn hóa và Thông tin\n3\nKiểm tra, giám sát\nPhòng Tư pháp\n"
)
RECIPIENTS = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nPHỤ LỤC\n\nNơi nhận:\n- Như trên;\n- Lưu: VT, VP.\n"
ONE_PAGE_BREAK = (
    body(9, "tập huấn") + "\nCác phòng, ban chuyên môn\n\nUBND xã Hòa Phú          Kế hoạch số 09/KH-UBND          2\n\n"
    "thuộc UBND xã phối hợp thực hiện.\n"
)
APPENDIX_TITLE = "KẾ HOẠCH\nPhòng chống thiên tai năm 2025\n\n" + body(9, "diễn tập") + "\n\x0cKẾ HOẠCH\nPhòng chống thiên tai năm 2025\n(Phụ lục kèm theo)\n"


@pytest.mark.parametrize(
    "raw, kept, count",
    [
        (UNIT_HEADINGS, "Tổ dân phố số 2", 1),  # headings numbered 1, 2, 3: no page numbers
        (REPEATED_LABEL, "Đơn vị chủ trì: Phòng Văn hóa và Thông tin", 2),  # alone between blank lines, but no sentence cut
        (WRAPPED_ENDS, "quy định.", 2),
        (FLATTENED_TABLE, "Phòng Văn hóa và Thông tin", 2),  # a row number is no page number
        (RECIPIENTS, "- Như trên;", 2),
        (ONE_PAGE_BREAK, "Kế hoạch số 09/KH-UBND 2", 1),  # printed once: nothing repeats
        (APPENDIX_TITLE, "Phòng chống thiên tai năm 2025", 2),  # page 1's title is at no page boundary
    ],
)
def test_repeated_content_stays(raw: str, kept: str, count: int) -> None:
    out = normalize(raw)
    assert out.text.count(kept) == count
    assert "running_head" not in out.repairs
    assert find_running_lines(raw) == []


def test_lone_page_number_inside_a_sentence_is_left_to_the_extractors() -> None:
    """One bare number between two lines of a sentence repeats nothing: this pass leaves it."""
    raw = "- Kịp thời báo cáo Trạm Y tế xã khi phát hiện các trường hợp nghi ngờ ngộ độc thực phẩm\n3\nhoặc các cơ sở vi phạm."
    assert normalize(raw).text == raw


def test_hyphen_split_across_a_running_head() -> None:
    raw = (
        body(9, "khám bệnh") + "\n4. Phòng Điều dư-\n\nBệnh viện Đa khoa tỉnh Lào Cai        Kế hoạch số 77/KH-BVĐK        2\n\n"
        "ỡng\na) Tập huấn kỹ năng giao tiếp.\n" + body(9, "chăm sóc") + "\n\n"
        "Bệnh viện Đa khoa tỉnh Lào Cai        Kế hoạch số 77/KH-BVĐK        3\n\nV. KHEN THƯỞNG\n"
    )
    out = normalize(raw)
    assert "4. Phòng Điều dưỡng\na) Tập huấn" in out.text
    assert "77/KH-BVĐK" not in out.text


def test_hospital_plan_end_to_end() -> None:
    """corpus/dev3/dev3_05 (OCR'd PDF): running heads and hyphen breaks repaired, spans valid, score kept."""
    import json

    from kh_testutil import CORPUS, bad_spans
    from parser.evaluate import score_docs
    from parser.pipeline import run_file

    path = CORPUS / "dev3" / "dev3_05_benhvien.txt"
    out = run_file(path)
    assert "Phòng Điều dưỡng" in [a["unit"] for a in out["assignments"]]
    assert out["text"].count("412/KH-BVĐK") == 1  # the "Số:" line of the header; the three running heads are gone
    assert "nghi-" not in out["text"] and "to-\nán" not in out["text"]
    assert not bad_spans(out)
    gold = json.loads((CORPUS / "dev3" / "gold" / "dev3_05_benhvien.json").read_text(encoding="utf-8"))
    assert score_docs([(path.stem, gold, out)]).overall >= 0.98  # 1.000 at the time of writing
