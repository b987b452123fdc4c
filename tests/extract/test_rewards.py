"""rewards: award rules (form, grantor, recipients, quota, deadline).

Cases live in tests/data/extract/rewards.jsonl: the body of a small plan
(wrapped in a header and a closing here) and the expected rules; each
expected key is checked (a date by its value). An empty list is a negative
case: titles that are targets ("đạt danh hiệu …"), the law ("Luật Thi đua,
khen thưởng"), the work ("công tác thi đua, khen thưởng"), proposals without
a grantor outside the reward part.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.extract import rewards
from parser.extract.rewards import find_rewards
from parser.model import KhDoc
from parser.pipeline import build_doc
from parser.read import RawDocument
from kh_testutil import corpus_report

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "extract" / "rewards.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
FLOORS = {"rewards": 0.98}  # dev-set score reached (1.0), less 0.02 headroom


def _plan(body: str) -> KhDoc:
    text = ("UBND HUYỆN YÊN LẠC\nSố: 12/KH-UBND\nYên Lạc, ngày 10 tháng 01 năm 2024\n\nKẾ HOẠCH\n"
            "Phát động phong trào thi đua năm 2024\n\n"
            f"{body}\n\nNơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n\nCHỦ TỊCH\nNguyễn Văn Bình\n")
    doc = build_doc(RawDocument(text=text, format="txt", sha256="0" * 64))
    doc.year = 2024
    return doc


@pytest.mark.parametrize("case", CASES, ids=[c["source"][:50] for c in CASES])
def test_rewards_table(case: dict) -> None:
    doc = _plan(case["body"])
    got = rewards.extract(doc).fields["rewards"]
    assert [r["form"] for r in got] == [e["form"] for e in case["expected"]]
    for r, e in zip(got, case["expected"], strict=True):
        for key, want in e.items():
            value = r[key]["value"] if key == "deadline" and r[key] else r[key]
            assert value == want, (key, r)
        assert 0 <= r["span"][0] < r["span"][1] <= len(doc.text)
        if r["deadline"]:
            a, b = r["deadline"]["span"]
            assert " ".join(doc.text[a:b].split()) == r["deadline"]["text"]


@pytest.mark.parametrize("text, in_part, expected", [
    ("UBND quận tặng Giấy khen tập thể, cá nhân có thành tích xuất sắc trong đợt thi đua.", True,
     [("Giấy khen", "UBND quận", "tập thể, cá nhân có thành tích xuất sắc trong đợt thi đua")]),
    ("Tặng Bằng khen của Bộ trưởng Bộ Nội vụ cho 02 tập thể tiêu biểu.", False,
     [("Bằng khen", "Bộ trưởng Bộ Nội vụ", "02 tập thể tiêu biểu")]),
    ("Thủ tướng Chính phủ tặng Bằng khen cho tập thể dẫn đầu phong trào.", False,
     [("Bằng khen", "Thủ tướng Chính phủ", "tập thể dẫn đầu phong trào")]),
    ("Chu tich UBND huyen tang Giay khen cho ca nhan xuat sac.", False,
     [("Giay khen", "Chu tich UBND huyen", "ca nhan xuat sac")]),
    ("Tặng Giấy khen cho các cá nhân có thành tích xuất sắc.", True,
     [("Giấy khen", None, "các cá nhân có thành tích xuất sắc")]),
    ("Tặng Giấy khen cho các cá nhân có thành tích xuất sắc.", False, []),
    ("Ban hành Quyết định tặng Giấy khen cho các tập thể.", True, [("Giấy khen", None, "các tập thể")]),
    ("Đối với đề nghị khen thưởng danh hiệu “Người tốt, việc tốt” thực hiện thường xuyên.", True,
     [("danh hiệu “Người tốt, việc tốt”", None, None)]),
    ("Phấn đấu 100% cán bộ đạt danh hiệu Lao động tiên tiến.", True, []),
    ("Tiếp tục đổi mới công tác thi đua, khen thưởng theo Luật Thi đua, khen thưởng năm 2022.", True, []),
    ("Phòng Nội vụ đề xuất khen thưởng các tập thể, cá nhân có thành tích xuất sắc.", False, []),
    ("Tổ chức Lễ trao Bằng khen của Thủ tướng Chính phủ cho các điển hình tiên tiến.", False, []),
])
def test_rewards_find_sentences(text: str, in_part: bool, expected: list) -> None:
    got = find_rewards(text, 10, in_reward_part=in_part)
    assert [(r.form, r.granted_by, r.recipients_rule) for r in got] == expected
    for r in got:
        assert 10 <= r.span[0] < r.span[1] <= 10 + len(text)


def test_rewards_one_item_per_form_and_grantor() -> None:
    body = ("I. KHEN THƯỞNG\n1. Giấy khen\nChủ tịch UBND huyện tặng Giấy khen cho tập thể, cá nhân tiêu biểu.\n"
            "Số lượng Giấy khen của Chủ tịch UBND huyện: không quá 10 tập thể, 20 cá nhân.\n"
            "II. TỔ CHỨC THỰC HIỆN\nPhòng Nội vụ thẩm định, trình Chủ tịch Ủy ban nhân dân huyện tặng Giấy khen.")
    got = rewards.extract(_plan(body)).fields["rewards"]
    assert [(r["form"], r["granted_by"], r["quota"]) for r in got] == [
        ("Giấy khen", "Chủ tịch UBND huyện", "không quá 10 tập thể, 20 cá nhân")]


def test_rewards_deadline_skips_standing_rules() -> None:
    body = ("I. KHEN THƯỞNG\n1. UBND xã tặng Giấy khen cho các tập thể, cá nhân xuất sắc.\n"
            "2. Thời gian đề nghị khen thưởng: chậm nhất ngày 30/6/2024.\n"
            "- Đối với đề nghị khen thưởng danh hiệu “Người tốt, việc tốt” thực hiện thường xuyên.")
    got = rewards.extract(_plan(body)).fields["rewards"]
    assert [(r["form"], r["deadline"] and r["deadline"]["value"]) for r in got] == [
        ("Giấy khen", "2024-06-30"), ("danh hiệu “Người tốt, việc tốt”", None)]
    assert got[0]["deadline"]["text"] == "chậm nhất ngày 30/6/2024"


def test_rewards_dev_set_score_and_spans(outputs, golds) -> None:
    report, _ = corpus_report()  # the same corpus outputs, scored once per session
    scores = {f.name: f.value for f in report.fields}
    for field, floor in FLOORS.items():
        assert scores[field] >= floor, f"{field}: {scores[field]:.3f} < {floor}"
    for out in outputs.values():
        spans = [r["span"] for r in out["rewards"]]
        assert spans == sorted(spans)
        for r in out["rewards"]:
            assert 0 <= r["span"][0] < r["span"][1] <= len(out["text"])
