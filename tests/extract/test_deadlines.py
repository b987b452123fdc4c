"""deadlines: dated obligations ("gửi về … trước ngày …", "chậm nhất ngày …").

Cases live in tests/data/extract/deadlines.jsonl (one line of a plan, the plan
year for year-less dates, the expected dates and, where fixed, `what`).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.extract import deadlines
from parser.extract.deadlines import find_deadlines
from parser.model import KhDoc
from parser.pipeline import build_doc
from parser.read import RawDocument
from kh_testutil import corpus_report

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "extract" / "deadlines.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def _same_ws(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_deadlines_find_table(case: dict) -> None:
    text = case["text"]
    got = find_deadlines(text, default_year=case["year"])
    assert [d.date.value for d in got] == [e["date"] for e in case["expected"]]
    for d, e in zip(got, case["expected"]):
        if "what" in e:
            assert d.what == e["what"]
        assert d.what
        assert _same_ws(text[d.span[0]:d.span[1]], d.text)
        assert d.date.span is not None and d.span[0] <= d.date.span[0] < d.date.span[1] <= d.span[1]


def _plan(body: str) -> KhDoc:
    text = ("UBND HUYỆN TAM ĐẢO\nSố: 45/KH-UBND\nTam Đảo, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\n"
            "Tổ chức Hội thi tìm hiểu pháp luật năm 2024\n\nCăn cứ Kế hoạch số 24/KH-UBND ngày 26/01/2024 của UBND tỉnh;\n\n"
            f"{body}\n\nNơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n\nCHỦ TỊCH\nNguyễn Văn An\n")
    doc = build_doc(RawDocument(text=text, format="txt", sha256="0" * 64))
    doc.year = 2024
    return doc


def test_deadlines_generic_what_takes_the_task_heading() -> None:
    doc = _plan("I. MỤC ĐÍCH\n- Nâng cao hiểu biết pháp luật.\nII. NỘI DUNG\n"
                "1. Phát hành tài liệu hỏi - đáp pháp luật (có kế hoạch riêng).\n- Đơn vị chủ trì: Phòng Tư pháp\n"
                "- Thời gian hoàn thành: Xong trước ngày 30/4\nIII. TỔ CHỨC THỰC HIỆN\n"
                "Các đơn vị báo cáo kết quả về Phòng Tư pháp trước ngày 15/11/2024.")
    got = deadlines.extract(doc).fields["deadlines"]
    assert [(d["date"]["value"], d["what"]) for d in got] == [
        ("2024-04-30", "Hoàn thành: Phát hành tài liệu hỏi - đáp pháp luật"),
        ("2024-11-15", "Báo cáo kết quả về Phòng Tư pháp"),
    ]


def test_deadlines_period_phases_and_anniversaries_are_not_deadlines() -> None:
    doc = _plan("I. MỤC ĐÍCH\n- Thi đua chào mừng kỷ niệm 20 năm ngày tái lập huyện (01/01/2004 - 01/01/2024).\n"
                "II. THỜI GIAN THỰC HIỆN: hoàn thành trước ngày 30/6/2024.\nIII. CÁC ĐỢT THI ĐUA\n"
                "- Đợt 1 (Tổng kết): trước ngày 15/5/2024\nIV. TỔ CHỨC THỰC HIỆN\n"
                "Hồ sơ gửi về Phòng Nội vụ chậm nhất ngày 20/6/2024.")
    got = deadlines.extract(doc).fields["deadlines"]
    assert [d["date"]["value"] for d in got] == ["2024-06-20"]


def test_deadlines_same_obligation_listed_once() -> None:
    doc = _plan("I. KHEN THƯỞNG\nHồ sơ gửi về Phòng Nội vụ chậm nhất ngày 20/6/2024.\nII. TỔ CHỨC THỰC HIỆN\n"
                "Hồ sơ gửi về Phòng Nội vụ chậm nhất ngày 20/6/2024.")
    assert len(deadlines.extract(doc).fields["deadlines"]) == 1


_corpus_report = corpus_report  # shared, computed once per session


def test_deadlines_corpus_score() -> None:
    report, pairs = _corpus_report()
    rows = {f.name: f.value for f in report.fields}
    assert rows["deadlines"] >= 0.98
    for _, _, pred in pairs:
        for d in pred["deadlines"]:
            s, e = d["span"]
            assert _same_ws(pred["text"][s:e], d["text"])
            ds, de = d["date"]["span"]
            assert _same_ws(pred["text"][ds:de], d["date"]["text"])


FRAGMENTS = ["Thời gian thực hiện:", "trước ngày", "chậm nhất", "15/11/2024", "tháng 9/2024", "hằng năm", "(", ")",
             "Đợt 1:", "Giai đoạn II", "từ nay đến hết", "kỷ niệm", "20 năm", "ngày thành lập", "(06/11/2003 - 06/11/2023)",
             "gửi báo cáo", "về Phòng Nội vụ", "hoàn thành trong", "quý III/2024", "\n", "- ", ";", ",", ".", " và ",
             "Tháng 12/2022 Ban hành", "Số 12/QĐ-UBND ngày 05/01/2024", "19/6", "năm 2024", "vào ngày"]


def test_deadlines_finders_never_fail_on_fragments() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from parser.extract.commemorations import find_commemorations
    from parser.extract.timeframe import find_phases

    @settings(max_examples=80, deadline=None)
    @given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14).map(" ".join))
    def run(text: str) -> None:
        for d in find_deadlines(text, default_year=2024):
            assert _same_ws(text[d.span[0]:d.span[1]], d.text)
        for c in find_commemorations(text, default_year=2024):
            assert _same_ws(text[c.span[0]:c.span[1]], c.text) and c.years >= 1
        for p in find_phases(text, default_year=2024):
            assert _same_ws(text[p.span[0]:p.span[1]], p.text)

    run()
