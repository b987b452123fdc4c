"""tasks: activities with "who / when" label lines.

Label and time cases live in tests/data/extract/tasks.jsonl (`labels`: one
line and the labels found in it; `time`: a time line, the text kept and the
start/end dates, plan year 2024). Small plans below check titles, units and
which items are tasks.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.evaluate import score_docs
from parser.extract import tasks
from parser.extract.tasks import find_labels, task_time
from parser.model import KhDoc, Line
from parser.pipeline import build_doc
from parser.read import RawDocument
from parser.text.fold import fold

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "extract" / "tasks.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
LABELS = [r for r in ROWS if r["kind"] == "labels"]
TIMES = [r for r in ROWS if r["kind"] == "time"]


def _line(text: str) -> Line:
    return Line(0, 0, len(text), text, fold(text))


@pytest.mark.parametrize("case", LABELS, ids=[c["line"][:50] for c in LABELS])
def test_tasks_label_table(case: dict) -> None:
    text = case["line"]
    got = [[lab.field, text[lab.value[0]:lab.value[1]].strip()] for lab in find_labels(_line(text))]
    assert got == case["labels"], case["note"]


@pytest.mark.parametrize("case", TIMES, ids=[c["line"][:50] for c in TIMES])
def test_tasks_time_table(case: dict) -> None:
    text = case["line"]
    labs = [lab for lab in find_labels(_line(text)) if lab.field == "time"]
    assert len(labs) == 1
    t = task_time(text, labs[0], 2024)
    assert t["text"] == case["text"], case["note"]
    assert text[t["span"][0]:t["span"][1]] == t["text"]
    assert [(d or {}).get("value") for d in (t["start"], t["end"])] == [case["start"], case["end"]]


def _plan(body: str) -> KhDoc:
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẠ LONG\nSố: 215/KH-UBND\nHạ Long, ngày 20 tháng 3 năm 2024\n\nKẾ HOẠCH\n"
            "Tổ chức các hoạt động Tháng Thanh niên năm 2024\n\nCăn cứ Kế hoạch số 30/KH-UBND ngày 01/3/2024 của UBND tỉnh;\n\n"
            f"I. MỤC ĐÍCH, YÊU CẦU\n1. Phát huy vai trò xung kích của thanh niên.\n{body}\n\n"
            "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nTrần Văn Bình\n")
    doc = build_doc(RawDocument(text=text, format="txt", sha256="0" * 64))
    doc.year = 2024
    return doc


def _got(doc: KhDoc) -> list[dict]:
    items = tasks.extract(doc).fields["tasks"]
    for t in items:
        s, e = t["span"]
        assert 0 <= s < e <= len(doc.text)
        assert doc.text.find(t["title"], s, e) >= 0 or " ".join(t["title"].split()) in " ".join(doc.text[s:e].split())
    assert [t["span"] for t in items] == sorted(t["span"] for t in items)
    return items


def test_tasks_numbered_items_with_label_lines() -> None:
    doc = _plan("II. CÁC HOẠT ĐỘNG\n1. Ra quân Ngày Chủ nhật xanh (có kế hoạch riêng).\n"
                "- Danh nghĩa tổ chức: Thành đoàn - Hội Liên hiệp Phụ nữ thành phố.\n"
                "- Đơn vị chủ trì: Thành đoàn Hạ Long\n- Đơn vị phối hợp: Phòng Tài nguyên và Môi trường, UBND các phường, xã\n"
                "- Thời gian thực hiện: Ngày 24/3/2024\n"
                "2. Hội thi tìm hiểu lịch sử Đảng bộ thành phố\nNội dung thi gồm hai phần: trắc nghiệm và tự luận.\n"
                "- Cơ quan chủ trì: Ban Tuyên giáo Thành ủy\n- Thời hạn hoàn thành: trước ngày 30/4\n"
                "3. Tuyên truyền trên các phương tiện thông tin đại chúng\n- Thời gian: Thường xuyên")
    got = _got(doc)
    assert [(t["title"], t["lead_units"], t["section"]) for t in got] == [
        ("Ra quân Ngày Chủ nhật xanh", ["Thành đoàn Hạ Long"], "II.1"),
        ("Hội thi tìm hiểu lịch sử Đảng bộ thành phố", ["Ban Tuyên giáo Thành ủy"], "II.2"),
    ]
    assert got[0]["units"] == ["Phòng Tài nguyên và Môi trường", "UBND các phường, xã"]
    assert got[0]["organizer"] == "Thành đoàn - Hội Liên hiệp Phụ nữ thành phố"
    assert got[0]["time"]["start"]["value"] == got[0]["time"]["end"]["value"] == "2024-03-24"
    assert got[1]["time"]["start"] is None and got[1]["time"]["end"]["value"] == "2024-04-30"
    assert got[1]["organizer"] is None and got[1]["units"] == []


def test_tasks_inline_labels_and_plus_bullets() -> None:
    doc = _plan("II. CÁC HOẠT ĐỘNG\n1. Hội nghị sơ kết (Chủ trì: Phòng Nội vụ; phối hợp: Văn phòng HĐND và UBND thành phố; "
                "thời gian: tháng 7/2024)\n2. Các hoạt động tình nguyện\n- Hiến máu tình nguyện\n+ Chủ trì: Hội Chữ thập đỏ thành phố\n"
                "+ Phối hợp: Trung tâm Y tế thành phố\n+ Thời gian: Từ ngày 20/3 đến ngày 22/3/2024\n- Tiếp sức mùa thi\n"
                "+ Đơn vị chủ trì: Thành đoàn\n3. Tổng kết\na) Đơn vị chủ trì: Thành đoàn\nb) Thời gian: Trước ngày 31/3/2024")
    got = _got(doc)
    assert [(t["title"], t["lead_units"], t["units"]) for t in got] == [
        ("Hội nghị sơ kết", ["Phòng Nội vụ"], ["Văn phòng HĐND và UBND thành phố"]),
        ("Hiến máu tình nguyện", ["Hội Chữ thập đỏ thành phố"], ["Trung tâm Y tế thành phố"]),
        ("Tiếp sức mùa thi", ["Thành đoàn"], []),
        ("Tổng kết", ["Thành đoàn"], []),
    ]
    assert got[0]["time"]["text"] == "tháng 7/2024"
    assert (got[1]["time"]["start"]["value"], got[1]["time"]["end"]["value"]) == ("2024-03-20", "2024-03-22")
    assert got[3]["time"]["end"]["value"] == "2024-03-31"


def test_tasks_table_rows() -> None:
    doc = _plan("II. NHIỆM VỤ TRỌNG TÂM\n| TT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện |\n"
                "|---|---|---|---|---|\n| 1 | Quán triệt Nghị quyết Hội nghị Trung ương | Ban Tuyên giáo Thành ủy | Các chi bộ | Tháng 3/2024 |\n"
                "| 2 | Hội thi báo cáo viên giỏi | Ban Tuyên giáo Thành ủy | Thành đoàn, Hội Liên hiệp Phụ nữ | Quý II/2024 |")
    got = _got(doc)
    assert [(t["title"], t["lead_units"], t["units"], t["time"]["start"]["value"]) for t in got] == [
        ("Quán triệt Nghị quyết Hội nghị Trung ương", ["Ban Tuyên giáo Thành ủy"], ["Các chi bộ"], "2024-03"),
        ("Hội thi báo cáo viên giỏi", ["Ban Tuyên giáo Thành ủy"], ["Thành đoàn", "Hội Liên hiệp Phụ nữ"], "2024-04"),
    ]


def test_tasks_table_in_an_appendix_after_the_signature() -> None:
    """"PHỤ LỤC / NHIỆM VỤ CỤ THỂ … / (Kèm theo Kế hoạch số …)" printed after the signature: its rows are
    tasks, with the section "Phụ lục.<TT>"; a unit with a comma in its name stays whole."""
    text = ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 88/KH-PGDĐT\nThanh Chương, ngày 10 tháng 9 năm 2024\n\nKẾ HOẠCH\n"
            "Chuyển đổi số năm học 2024 - 2025\n\nI. MỤC ĐÍCH\n1. Nâng cao chất lượng quản lý.\n"
            "II. NHIỆM VỤ\nNhiệm vụ cụ thể theo Phụ lục kèm theo Kế hoạch này.\n\nNơi nhận:\n- Các trường;\n- Lưu: VT.\n\n"
            "TRƯỞNG PHÒNG\n\nLê Văn Minh\n\nPHỤ LỤC\nNHIỆM VỤ CỤ THỂ NĂM HỌC 2024 - 2025\n"
            "(Kèm theo Kế hoạch số 88/KH-PGDĐT ngày 10/9/2024 của Phòng Giáo dục và Đào tạo)\n\n"
            "| TT | Nội dung | Chủ trì | Phối hợp | Thời gian thực hiện |\n|---|---|---|---|---|\n"
            "| 1 | Cập nhật Cơ sở dữ liệu ngành | Các trường MN, TH, THCS | Tổ Tổng hợp - Kế hoạch | Trước ngày 30/9/2024 |\n"
            "| 2 | Hội thao ngành giáo dục | Phòng Quản lý Thể dục thể thao, Sở Văn hóa, Thể thao và Du lịch | Công đoàn ngành | Tháng 11/2024 |\n")
    doc = build_doc(RawDocument(text=text, format="txt", sha256="0" * 64))
    doc.year = 2024
    got = _got(doc)
    assert [(t["title"], t["lead_units"], t["units"], t["section"]) for t in got] == [
        ("Cập nhật Cơ sở dữ liệu ngành", ["Các trường MN, TH, THCS"], ["Tổ Tổng hợp - Kế hoạch"], "Phụ lục.1"),
        ("Hội thao ngành giáo dục", ["Phòng Quản lý Thể dục thể thao, Sở Văn hóa, Thể thao và Du lịch"], ["Công đoàn ngành"],
         "Phụ lục.2"),
    ]
    assert got[0]["time"]["start"] is None and got[0]["time"]["end"]["value"] == "2024-09-30"


def test_tasks_need_a_unit_label() -> None:
    doc = _plan("II. TỔ CHỨC HỘI NGHỊ\n1. Thời gian, địa điểm\n- Thời gian: 8h00 ngày 15/5/2024\n- Địa điểm: Hội trường UBND thành phố\n"
                "2. Thành phần\n- Lãnh đạo các phòng, ban, đơn vị.\n"
                "III. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ\n- Chủ trì: tham mưu tổ chức Hội nghị.")
    assert _got(doc) == []


# --- corpus -------------------------------------------------------------------


def test_tasks_corpus_f1(outputs: dict, golds: dict) -> None:
    for pred in outputs.values():
        for t in pred["tasks"]:
            s, e = t["span"]
            assert 0 <= s < e <= len(pred["text"])
            if t["time"]:
                a, b = t["time"]["span"]
                assert " ".join(pred["text"][a:b].split()) == t["time"]["text"]
    pairs = [(name, {"tasks": golds[name]["tasks"]}, outputs[name]) for name in sorted(golds)]
    scores = {f.name: f.value for f in score_docs(pairs).fields}
    assert scores["tasks"] >= 0.98
    assert scores["tasks.lead_units"] >= 0.98
