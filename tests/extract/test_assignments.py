"""assignments: who must do what, from the implementation part of a plan.

Heading and subject cases live in tests/data/extract/assignments.jsonl
(`subject`: a heading or sentence, the unit phrase expected and what ended
it; `impl_heading`: whether a heading opens the implementation part). Whole
small plans below check how items, duties and parts are read.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.evaluate import score_docs
from parser.extract import assignment_parts, assignments
from parser.extract.assignments import find_subject, is_impl_heading
from parser.model import KhDoc, Line
from parser.pipeline import build_doc
from parser.read import RawDocument
from parser.text.fold import fold

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "extract" / "assignments.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
SUBJECTS = [r for r in ROWS if r["kind"] == "subject"]
HEADINGS = [r for r in ROWS if r["kind"] == "impl_heading"]


@pytest.mark.parametrize("case", SUBJECTS, ids=[c["text"][:50] for c in SUBJECTS])
def test_assignments_subject_table(case: dict) -> None:
    s = find_subject(case["text"])
    got = (case["text"][s.start:s.end], s.stop) if s else (None, None)
    assert got == (case["unit"], case["stop"]), case["note"]


@pytest.mark.parametrize("case", HEADINGS, ids=[c["text"][:50] for c in HEADINGS])
def test_assignments_impl_heading_table(case: dict) -> None:
    assert is_impl_heading(case["text"]) is case["impl"]


def _plan(body: str, closing: str = "") -> KhDoc:
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG ANH\nSố: 112/KH-UBND\nĐông Anh, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\n"
            "Tổ chức các hoạt động kỷ niệm 60 năm thành lập huyện\n\n"
            "Căn cứ Kế hoạch số 24/KH-UBND ngày 26/01/2024 của UBND thành phố;\n\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n1. Tuyên truyền sâu rộng truyền thống lịch sử của huyện.\n"
            "II. NỘI DUNG\n1. Thi đua phát triển kinh tế - xã hội.\n"
            f"{body}\n\n{closing}Nơi nhận:\n- UBND thành phố;\n- Lưu: VT, NV.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n")
    doc = build_doc(RawDocument(text=text, format="txt", sha256="0" * 64))
    doc.year = 2024
    return doc


def _got(doc: KhDoc) -> list[dict]:
    items = assignments.extract(doc).fields["assignments"]
    for a in items:
        s, e = a["span"]
        assert 0 <= s < e <= len(doc.text)
    assert [a["span"] for a in items] == sorted(a["span"] for a in items)
    return items


def test_assignments_unit_headings_with_bullets() -> None:
    doc = _plan("III. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ có trách nhiệm:\n- Tham mưu UBND huyện tổ chức Lễ kỷ niệm;\n"
                "+ Chuẩn bị báo cáo;\n- Tổng hợp kết quả, báo cáo UBND huyện.\n"
                "2. Văn phòng HĐND và UBND huyện\n- Bố trí hội trường, khánh tiết.\n"
                "3. Phòng Nội vụ - Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng huyện\n- Thẩm định hồ sơ khen thưởng.")
    got = _got(doc)
    assert [(a["unit"], a["units"], a["section"]) for a in got] == [
        ("Phòng Nội vụ", ["Phòng Nội vụ"], "III.1"),
        ("Văn phòng HĐND và UBND huyện", ["Văn phòng HĐND và UBND huyện"], "III.2"),
        ("Phòng Nội vụ - Cơ quan Thường trực Hội đồng Thi đua - Khen thưởng huyện", ["Phòng Nội vụ"], "III.3"),
    ]
    assert got[0]["duties"] == ["Tham mưu UBND huyện tổ chức Lễ kỷ niệm;", "Chuẩn bị báo cáo;", "Tổng hợp kết quả, báo cáo UBND huyện."]
    assert got[1]["duties"] == ["Bố trí hội trường, khánh tiết."]


def test_assignments_sentences_and_colon_items() -> None:
    doc = _plan("III. TỔ CHỨC THỰC HIỆN\n"
                "1. Các cơ quan, ban, ngành, đoàn thể huyện, UBND các xã, thị trấn căn cứ Kế hoạch xây dựng kế hoạch cụ thể.\n"
                "Kịp thời tổng kết, khen thưởng theo thẩm quyền.\n"
                "2. Giao Phòng Văn hóa và Thông tin chủ trì tuyên truyền trên Cổng thông tin điện tử huyện.\n"
                "3. Đề nghị Ủy ban MTTQ Việt Nam huyện và các tổ chức chính trị - xã hội huyện vận động Nhân dân tham gia.\n"
                "4. Công an huyện: Xây dựng phương án bảo đảm an ninh trật tự.")
    got = _got(doc)
    assert [a["unit"] for a in got] == [
        "Các cơ quan, ban, ngành, đoàn thể huyện, UBND các xã, thị trấn",
        "Phòng Văn hóa và Thông tin",
        "Ủy ban MTTQ Việt Nam huyện và các tổ chức chính trị - xã hội huyện",
        "Công an huyện",
    ]
    assert got[0]["units"] == ["Các cơ quan", "ban", "ngành", "đoàn thể huyện", "UBND các xã, thị trấn"]
    assert got[0]["duties"][1] == "Kịp thời tổng kết, khen thưởng theo thẩm quyền."
    assert got[1]["duties"] == ["Giao Phòng Văn hóa và Thông tin chủ trì tuyên truyền trên Cổng thông tin điện tử huyện."]
    assert got[2]["units"] == ["Ủy ban MTTQ Việt Nam huyện", "các tổ chức chính trị - xã hội huyện"]
    assert got[3]["duties"] == ["Xây dựng phương án bảo đảm an ninh trật tự."]


def test_assignments_group_heading_and_lettered_duties() -> None:
    doc = _plan("III. TRÁCH NHIỆM THỰC HIỆN\n1. Các phòng chuyên môn\na) Phòng Nội vụ: Hướng dẫn, đôn đốc thực hiện.\n"
                "b) Phòng Tài chính - Kế hoạch: Bố trí kinh phí.\n2. Trung tâm Y tế huyện\n"
                "a) Tăng cường kiểm tra an toàn thực phẩm.\nb) Bố trí lực lượng y tế thường trực.")
    got = _got(doc)
    assert [(a["unit"], a["section"]) for a in got] == [
        ("Phòng Nội vụ", "III.1.a"), ("Phòng Tài chính - Kế hoạch", "III.1.b"), ("Trung tâm Y tế huyện", "III.2")]
    assert got[2]["duties"] == ["Tăng cường kiểm tra an toàn thực phẩm.", "Bố trí lực lượng y tế thường trực."]


def test_assignments_innermost_part_and_loose_sentences() -> None:
    doc = _plan("III. TỔ CHỨC THỰC HIỆN\n1. Phát động thi đua\nCác thôn, tổ dân phố khẩn trương đăng ký thi đua.\n"
                "2. Tổ chức thực hiện\nGiao Phòng Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này.\n"
                "- Phòng Tài chính - Kế hoạch:\n+ Bố trí kinh phí;\n+ Hướng dẫn thanh quyết toán.\n"
                "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo về Phòng Nội vụ để tổng hợp./.")
    got = _got(doc)
    assert [a["unit"] for a in got] == ["Phòng Nội vụ", "Phòng Tài chính - Kế hoạch"]
    assert got[1]["duties"] == ["Bố trí kinh phí;", "Hướng dẫn thanh quyết toán."]


def test_assignments_unnumbered_part_heading_and_inner_sentence() -> None:
    doc = _plan("III. KINH PHÍ VÀ TỔ CHỨC\nTỔ CHỨC THỰC HIỆN\n"
                "Kinh phí thực hiện từ ngân sách huyện năm 2024. Giao Phòng Tài chính - Kế hoạch hướng dẫn thanh quyết toán.\n"
                "UBND các xã, thị trấn có trách nhiệm tổ chức phát động thi đua tại địa phương.")
    got = _got(doc)
    assert [(a["unit"], a["duties"]) for a in got] == [
        ("Phòng Tài chính - Kế hoạch", ["Giao Phòng Tài chính - Kế hoạch hướng dẫn thanh quyết toán."]),
        ("UBND các xã, thị trấn", ["UBND các xã, thị trấn có trách nhiệm tổ chức phát động thi đua tại địa phương."]),
    ]


def test_assignments_unnumbered_unit_lines_take_their_bullets() -> None:
    doc = _plan("III. TỔ CHỨC THỰC HIỆN\nGiao Công chức Văn hóa - Xã hội là đầu mối tham mưu tổ chức thực hiện Kế hoạch.\n"
                "Ban công tác Mặt trận các thôn\n- Tổ chức Ngày hội tại khu dân cư;\n- Báo cáo kết quả về UBND xã.\n"
                "Trạm Y tế xã:\n- Bảo đảm công tác y tế.\nCác thôn căn cứ Kế hoạch này triển khai thực hiện.\n"
                "+ Lựa chọn hộ gia đình tiêu biểu.\nĐây là hoạt động thường niên của địa phương.\n- Không phải nhiệm vụ của ai.")
    got = _got(doc)
    assert [(a["unit"], len(a["duties"])) for a in got] == [
        ("Công chức Văn hóa - Xã hội", 1), ("Ban công tác Mặt trận các thôn", 2), ("Trạm Y tế xã", 1), ("Các thôn", 2)]


def test_assignments_heading_unit_as_written_and_person_offices() -> None:
    """A heading keeps its lead verb and its bracket in `unit`; `units` has the bodies alone. Headings that
    start with a person's office are units too."""
    doc = _plan("III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ (Ban Thi đua - Khen thưởng)\n- Hướng dẫn, đôn đốc thực hiện.\n"
                "2. Trưởng các thôn, bản\n- Họp thôn quán triệt Kế hoạch.\n3. Tổ trưởng tổ dân phố\n"
                "Vận động các hộ gia đình ký cam kết.\n4. Công chức Địa chính - Xây dựng (phụ trách môi trường)\n"
                "Kiểm tra việc thu gom rác thải.\n5. Đề nghị Hội Nông dân và Hội Cựu chiến binh xã\n"
                "Vận động hội viên tham gia.")
    got = _got(doc)
    assert [(a["unit"], a["units"]) for a in got] == [
        ("Sở Nội vụ (Ban Thi đua - Khen thưởng)", ["Sở Nội vụ"]),
        ("Trưởng các thôn, bản", ["Trưởng các thôn, bản"]),
        ("Tổ trưởng tổ dân phố", ["Tổ trưởng tổ dân phố"]),
        ("Công chức Địa chính - Xây dựng (phụ trách môi trường)", ["Công chức Địa chính - Xây dựng"]),
        ("Đề nghị Hội Nông dân và Hội Cựu chiến binh xã", ["Hội Nông dân", "Hội Cựu chiến binh xã"]),
    ]
    assert got[3]["duties"] == ["Kiểm tra việc thu gom rác thải."]


@pytest.mark.parametrize("signature", [
    "HIỆU TRƯỞNG\n(Đã ký)\n\nLê Thị Hồng Nhung\n",
    "TM. BAN CHẤP HÀNH\nBÍ THƯ\n\nNguyễn Văn Hải\n",
    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nTrần Minh Đức\n",
    "CHỦ TỊCH\n\n(đã ký)\n\nPhạm Thị Lan\n",
])
def test_assignments_duties_stop_at_a_signature_before_the_recipients(signature: str) -> None:
    doc = _plan("III. TỔ CHỨC THỰC HIỆN\n1. Giáo viên chủ nhiệm\nPhát động thi đua trong lớp chủ nhiệm; đề xuất khen thưởng.\n"
                + signature)
    got = _got(doc)
    assert [(a["unit"], a["duties"]) for a in got] == [
        ("Giáo viên chủ nhiệm", ["Phát động thi đua trong lớp chủ nhiệm; đề xuất khen thưởng."])]


@pytest.mark.parametrize(("line", "closes"), [
    ("HIỆU TRƯỞNG", True), ("**PHÓ CHỦ TỊCH**", True), ("GIÁM ĐỐC SỞ NỘI VỤ", True), ("(Đã ký)", True),
    ("TM. ỦY BAN NHÂN DÂN", True), ("KT. CHỦ TỊCH", True), ("T/M BAN THƯỜNG VỤ", True), ("Nơi nhận:", True),
    ("- Phát động thi đua trong lớp chủ nhiệm.", False), ("Phối hợp với UBND các xã.", False),
    ("a) TUYÊN TRUYỀN", False), ("UBND", False), ("- Báo cáo UBND huyện trước ngày 15/12.", False),
])
def test_assignments_closing_and_signature_lines(line: str, closes: bool) -> None:
    """Duties stop at the signature block even where the layout reads it as body (it stands before
    "Nơi nhận" and the title is not one the layout knows)."""
    assert assignment_parts.closing_line(Line(0, 0, len(line), line, fold(line))) is closes


def test_assignments_hard_wrapped_duty_is_one_duty() -> None:
    doc = _plan("III. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Điều phối nông thôn mới huyện\n"
                "Chủ trì theo dõi, đôn đốc tiến độ; tổng hợp khó khăn,\nvướng mắc, tham mưu UBND huyện chỉ đạo\n"
                "tháo gỡ kịp thời.\n- Báo cáo kết quả về UBND huyện.")
    got = _got(doc)
    assert got[0]["duties"] == [
        "Chủ trì theo dõi, đôn đốc tiến độ; tổng hợp khó khăn, vướng mắc, tham mưu UBND huyện chỉ đạo tháo gỡ kịp thời.",
        "Báo cáo kết quả về UBND huyện."]


def test_assignments_hospital_departments_and_wrapped_lettered_duties() -> None:
    """A hospital's Khoa and Phòng head the items; a lettered duty hard-wrapped by a scan keeps its
    second line; an item with two departments lists both."""
    doc = _plan("III. TỔ CHỨC THỰC HIỆN\n1. Khoa Khám bệnh\na) Tổ chức thực hiện quy trình tiếp đón; bố trí\n"
                "nhân viên hướng dẫn người bệnh tại khu vực tiếp đón.\nb) Thực hiện khám ưu tiên theo quy định.\n"
                "2. Khoa Xét nghiệm, Khoa Chẩn đoán hình ảnh\na) Bảo đảm thời gian trả kết quả theo chỉ\n"
                "tiêu của Kế hoạch.\n3. Phòng Điều dưỡng\na) Kiểm tra quy tắc ứng xử của điều dưỡng.")
    got = _got(doc)
    assert [(a["unit"], a["units"]) for a in got] == [
        ("Khoa Khám bệnh", ["Khoa Khám bệnh"]),
        ("Khoa Xét nghiệm, Khoa Chẩn đoán hình ảnh", ["Khoa Xét nghiệm", "Khoa Chẩn đoán hình ảnh"]),
        ("Phòng Điều dưỡng", ["Phòng Điều dưỡng"])]
    assert got[0]["duties"] == ["Tổ chức thực hiện quy trình tiếp đón; bố trí nhân viên hướng dẫn người bệnh tại khu vực tiếp đón.",
                                "Thực hiện khám ưu tiên theo quy định."]
    assert got[1]["duties"] == ["Bảo đảm thời gian trả kết quả theo chỉ tiêu của Kế hoạch."]


def test_assignments_teams_media_and_a_page_number_inside_a_duty() -> None:
    """"Tổ …" teams of an office and the merged provincial media body head items (not "Tổ chức …"); a
    page number left alone on its line inside a wrapped duty is dropped."""
    doc = _plan("III. TỔ CHỨC THỰC HIỆN\n1. Tổ Tổng hợp - Kế hoạch\n- Tham mưu Lãnh đạo Phòng theo dõi việc thực hiện.\n"
                "2. Tổ chức sơ kết, tổng kết\nKết thúc đợt thi đua, tổ chức tổng kết, khen thưởng.\n"
                "3. Báo và Phát thanh, Truyền hình Hà Tĩnh\n- Mở chuyên mục tuyên truyền về đợt thi đua.\n"
                "4. Trưởng các thôn\n- Kịp thời báo cáo UBND xã khi phát hiện vi phạm\n3\nvề an toàn thực phẩm trên địa bàn thôn.")
    got = _got(doc)
    assert [(a["unit"], a["section"]) for a in got] == [
        ("Tổ Tổng hợp - Kế hoạch", "III.1"), ("Báo và Phát thanh, Truyền hình Hà Tĩnh", "III.3"), ("Trưởng các thôn", "III.4")]
    assert got[1]["units"] == ["Báo và Phát thanh, Truyền hình Hà Tĩnh"]
    assert got[2]["duties"] == ["Kịp thời báo cáo UBND xã khi phát hiện vi phạm về an toàn thực phẩm trên địa bàn thôn."]


def test_assignments_none_outside_the_implementation_part() -> None:
    doc = _plan("III. NỘI DUNG HOẠT ĐỘNG\n1. Phòng Nội vụ tham mưu tổ chức Hội nghị.\n2. Phòng Văn hóa và Thông tin\n- Tuyên truyền.")
    assert _got(doc) == []


def test_assignments_items_that_name_no_body_are_skipped() -> None:
    doc = _plan("III. TỔ CHỨC THỰC HIỆN\n1. Kinh phí\nKinh phí thực hiện từ nguồn ngân sách huyện.\n"
                "2. Chế độ báo cáo: định kỳ hằng quý.")
    assert _got(doc) == []


# --- corpus -------------------------------------------------------------------


def test_assignments_corpus_f1(outputs: dict, golds: dict) -> None:
    for pred in outputs.values():
        for a in pred["assignments"]:
            s, e = a["span"]
            assert 0 <= s < e <= len(pred["text"])
            assert a["unit"] and a["units"] and all(a["duties"])
    pairs = [(name, {"assignments": golds[name]["assignments"]}, outputs[name]) for name in sorted(golds)]
    scores = {f.name: f.value for f in score_docs(pairs).fields}
    assert scores["assignments"] >= 0.98
