"""quotas in whole plans: wrapped lines, target headings, names and labels, and the dev3 plans.

Sentence cases are in tests/data/extract/quotas.jsonl; these run the
pipeline, since what they check depends on the paragraph builder (a
hard-wrapped line that goes on with a number) or on the section headings
(a noun outside the lexicon is read only under a "Chỉ tiêu" heading).
corpus/dev3 holds ten plans from issuers the code never saw (a ministry, a
hospital, a power company, a district education office, the police, a joint
sports plan, …); its quotas floor is the score reached less 0.02 headroom.
"""
from __future__ import annotations


import pytest

from kh_testutil import CORPUS, dev_set_low, dev_set_runs
from parser.extract import quotas
from parser.model import KhDoc
from parser.pipeline import build_doc
from parser.read import RawDocument

DEV3 = CORPUS / "dev3"
DEV3_FLOORS = {"quotas": 0.96, "quotas.operator": 0.98, "quotas.value_max": 0.98}


def _plan(body: str) -> KhDoc:
    text = ("SỞ Y TẾ TỈNH HÀ GIANG\nBỆNH VIỆN ĐA KHOA KHU VỰC\nSố: 87/KH-BV\nHà Giang, ngày 03 tháng 3 năm 2025\n\n"
            "KẾ HOẠCH\nCải tiến chất lượng dịch vụ khám bệnh năm 2025\n\n"
            f"{body}\n\nNơi nhận:\n- Sở Y tế;\n- Lưu: VT.\n\nGIÁM ĐỐC\nLò Văn Minh\n")
    doc = build_doc(RawDocument(text=text, format="txt", sha256="0" * 64))
    doc.year = 2025
    return doc


def _quotas(doc: KhDoc) -> list[dict]:
    got = quotas.extract(doc).fields["quotas"]
    for q in got:
        assert " ".join(doc.text[q["span"][0]:q["span"][1]].split()) == q["text"]
    return got


def test_a_wrapped_line_that_goes_on_with_the_number_is_one_paragraph() -> None:
    doc = _plan("I. MỤC TIÊU\n1. Chỉ tiêu cụ thể\n"
                "a) Tỷ lệ hồ sơ bệnh án được số hóa đạt tối thiểu\n85%.\n"
                "b) Thời gian trả kết quả chẩn đoán hình ảnh thông thường không quá\n60 phút kể từ khi chụp.\n"
                "c) Giảm số lượt chuyển tuyến so với năm 2024\n2. Nhiệm vụ\nTổ chức tập huấn cho nhân viên.")
    got = _quotas(doc)
    assert [(q["operator"], q["value"], q["unit"], q["text"]) for q in got] == [
        (">=", 85, "%", "Tỷ lệ hồ sơ bệnh án được số hóa đạt tối thiểu 85%"),
        ("<=", 60, "phút", "Thời gian trả kết quả chẩn đoán hình ảnh thông thường không quá 60 phút kể từ khi chụp"),
    ]


def test_a_long_wrapped_paragraph_line_goes_on_with_its_number() -> None:
    doc = _plan("I. MỤC TIÊU\nTrong năm 2025, toàn bệnh viện phấn đấu giảm tỷ lệ nhiễm khuẩn bệnh viện xuống còn\n"
                "1,5 phần trăm so với năm 2024; bảo đảm an toàn người bệnh.")
    got = _quotas(doc)
    assert [(q["operator"], q["value"], q["unit"]) for q in got] == [("=", 1.5, "%")]
    assert got[0]["text"].endswith("xuống còn 1,5 phần trăm so với năm 2024")


def test_a_numbered_line_after_an_open_line_is_not_joined() -> None:
    doc = _plan("I. NỘI DUNG\nCác nội dung trọng tâm gồm\n2. Tổ chức 03 lớp tập huấn kỹ năng giao tiếp.")
    got = _quotas(doc)
    assert [(q["value"], q["unit"], q["text"]) for q in got] == [(3, "lớp", "Tổ chức 03 lớp tập huấn kỹ năng giao tiếp")]


def test_a_short_title_line_before_a_number_is_not_joined() -> None:
    """Only a line cut by the page width goes on: a heading or a short title line ends its paragraph."""
    doc = _plan("I. MỤC TIÊU\n1. Chỉ tiêu cụ thể\n100% khoa, phòng triển khai bệnh án điện tử.\n"
                "Chỉ tiêu về chất lượng\n95% người bệnh hài lòng.\na) Về công tác tuyên truyền\n"
                "100% cán bộ, đảng viên được quán triệt.")
    assert [q["text"] for q in _quotas(doc)] == [
        "100% khoa, phòng triển khai bệnh án điện tử", "95% người bệnh hài lòng",
        "100% cán bộ, đảng viên được quán triệt"]


def test_a_noun_outside_the_lexicon_counts_only_under_a_target_heading() -> None:
    doc = _plan("I. CHỈ TIÊU\n1. Lắp đặt mới 120 máy lọc nước tại các khoa lâm sàng.\n"
                "II. TỔ CHỨC THỰC HIỆN\n1. Phòng Vật tư lắp đặt 120 máy lọc nước theo tiến độ.")
    got = _quotas(doc)
    assert [(q["operator"], q["value"], q["unit"], q["section"]) for q in got] == [("=", 120, "máy lọc", "I.1")]


def test_names_ages_clock_times_and_frequencies_stay_out() -> None:
    doc = _plan("I. CHỈ TIÊU\n"
                "1. Phối hợp Trung tâm Cấp cứu 115 tỉnh bảo đảm cấp cứu ngoại viện.\n"
                "2. Khám sàng lọc cho trẻ em dưới 6 tuổi từ 7 giờ 30 đến 11 giờ hằng ngày.\n"
                "3. Duy trì giao ban chuyên môn 01 lần/tuần.\n"
                "4. Tổ chức Hội thao tại Sân vận động 30/4 của tỉnh.\n"
                "5. Tỷ lệ người bệnh hài lòng đạt từ 90% trở lên.")
    got = _quotas(doc)
    assert [(q["operator"], q["value"], q["unit"]) for q in got] == [(">=", 90, "%")]


@pytest.mark.skipif(not DEV3.is_dir(), reason="corpus/dev3 not present")
def test_dev3_quota_scores_and_spans() -> None:
    low = dev_set_low("dev3", ("quotas",), DEV3_FLOORS)
    assert not low, low
    for name, _, out in dev_set_runs("dev3"):
        spans = [q["span"] for q in out["quotas"]]
        assert spans == sorted(spans), name
        for q in out["quotas"]:
            assert " ".join(out["text"][q["span"][0]:q["span"][1]].split()) == q["text"], (name, q["text"])
