"""rewards: the occasion of a rule (issue 9) and grantors whose names start like a verb or list fields.

A drive often rewards twice: at its mid-term review and at its end ("Khen thưởng sơ kết" / "Khen
thưởng tổng kết"), monthly and at the end ("Hằng tháng, …" / "Kết thúc đợt thi đua, …"), or once per
stage ("Kết thúc đợt 1" / "Kết thúc đợt 2"). Same form and grantor, yet two rules. Whole-plan cases are
rows of tests/data/extract/rewards.jsonl; these check `occasion`, the sentence finder and the grantor.
"""
from __future__ import annotations

import pytest

from parser.extract.reward_words import find_grantors, occasion
from parser.extract.rewards import find_rewards
from parser.text.fold import fold


@pytest.mark.parametrize(("text", "expected"), [
    ("1. Khen thưởng sơ kết: Chủ tịch UBND huyện tặng Giấy khen cho 05 tập thể", "interim"),
    ("Khen thưởng tổng kết: Giám đốc Sở tặng Giấy khen", "final"),
    ("Kết thúc đợt thi đua, UBND tỉnh tặng Bằng khen cho 02 tập thể", "final"),
    ("Cuối năm học, Hiệu trưởng tặng Giấy khen cho giáo viên tiêu biểu", "final"),
    ("Hằng tháng, Ban Thường vụ Công đoàn tặng Giấy khen cho 05 cá nhân", "monthly"),
    ("Hàng quý, Chủ tịch UBND xã tặng Giấy khen", "quarterly"),
    ("Khen thưởng đột xuất: Giám đốc Công ty tặng Giấy khen", "adhoc"),
    ("Kết thúc đợt 2, Chủ tịch UBND xã tặng Giấy khen", "stage 2"),
    ("Sơ kết giai đoạn I, Chủ tịch UBND tỉnh tặng Bằng khen", "stage 1"),
    ("Tổng kết đợt thi đua thứ hai, Ban Thường vụ Huyện ủy tặng Giấy khen", "stage 2"),
    ("Chủ tịch UBND huyện tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc", None),
    ("Khi sơ kết, tổng kết phong trào, Chủ tịch UBND phường tặng Giấy khen", None),  # one rule for both
    ("Kết thúc đợt 1 và đợt 2, Chủ tịch UBND xã tặng Giấy khen", None),
    ("Tổng kết đợt thi đua từ ngày 01/3 đến 30/11, Chủ tịch UBND xã tặng Giấy khen", "final"),  # "từ" is no "tư"
    ("thực hiện kế hoạch giai đoạn 2021 - 2025", None),  # years, no stage number
    ("Chu tich UBND huyen tang Giay khen khi tong ket dot thi dua", "final"),  # OCR without diacritics
])
def test_rewards_occasion(text: str, expected: str | None) -> None:
    assert occasion(fold(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Hằng quý, Chủ tịch UBND xã tặng Giấy khen cho 03 hộ tiêu biểu. Cuối năm, Chủ tịch UBND xã tặng Giấy khen "
     "cho 05 hộ xuất sắc nhất.",
     [("Giấy khen", "Chủ tịch UBND xã", "03 hộ tiêu biểu"), ("Giấy khen", "Chủ tịch UBND xã", "05 hộ xuất sắc nhất")]),
    ("Sơ kết đợt 1, Hiệu trưởng tặng Giấy khen cho 10 học sinh. Tổng kết, Hiệu trưởng tặng Giấy khen cho 20 học sinh.",
     [("Giấy khen", "Hiệu trưởng", "10 học sinh"), ("Giấy khen", "Hiệu trưởng", "20 học sinh")]),
    ("Chủ tịch UBND huyện tặng Giấy khen cho 05 tập thể. Chủ tịch UBND huyện tặng Giấy khen cho 10 cá nhân.",
     [("Giấy khen", "Chủ tịch UBND huyện", "05 tập thể")]),  # no occasion: one rule per form and grantor
    ("Tổng kết phong trào, Chủ tịch UBND tỉnh tặng Bằng khen cho 03 tập thể. Chủ tịch UBND tỉnh tặng Bằng khen "
     "khi sơ kết.", [("Bằng khen", "Chủ tịch UBND tỉnh", "03 tập thể")]),  # whom unsaid: refers back
])
def test_rewards_occasions_split_rules(text: str, expected: list) -> None:
    got = find_rewards(text, 0, in_reward_part=True)
    assert [(r.form, r.granted_by, r.recipients_rule) for r in got] == expected


@pytest.mark.parametrize(("text", "grantor"), [
    ("Ban Thường vụ Công đoàn tặng Giấy khen cho 10 tập thể", "Ban Thường vụ Công đoàn"),
    ("Ban Chấp hành Công đoàn Công ty tặng Giấy khen cho các công đoàn bộ phận", "Ban Chấp hành Công đoàn Công ty"),
    ("Chủ tịch UBND tỉnh Quyết định tặng Bằng khen", "Chủ tịch UBND tỉnh"),
    ("UBND huyện công nhận danh hiệu cho 05 khu dân cư", "UBND huyện"),
    ("Giám đốc Sở Văn hóa, Thể thao và Du lịch tặng Giấy khen", "Giám đốc Sở Văn hóa, Thể thao và Du lịch"),
    ("Giám đốc Sở Lao động - Thương binh và Xã hội tặng Giấy khen", "Giám đốc Sở Lao động - Thương binh và Xã hội"),
    # after the comma a body or a title is another grantor, not the next field of the name
    ("Chủ tịch UBND huyện, Giám đốc Sở Nội vụ tặng Giấy khen", "Chủ tịch UBND huyện"),
    ("UBND huyện, Phòng Nội vụ tặng Giấy khen", "UBND huyện"),
    ("Chủ tịch UBND tỉnh, Thủ trưởng các sở, ngành tặng Giấy khen", "Chủ tịch UBND tỉnh"),
])
def test_rewards_grantor_names_that_start_like_a_verb(text: str, grantor: str) -> None:
    spans = find_grantors(text, fold(text))
    assert grantor in [text[a:b] for a, b in spans]


def test_rewards_phat_dong_letter_keeps_its_monthly_and_final_rules() -> None:
    """Issue 9 shape: "Hằng tháng, … tặng Giấy khen …" then "Kết thúc đợt thi đua, … tặng Giấy khen …"
    by the same union committee; the proposal deadline belongs to the final rule only."""
    from pathlib import Path

    from parser.pipeline import run_file

    out = run_file(Path(__file__).resolve().parents[1] / "data" / "extract" / "shapes" / "pd_phat_dong_thi_dua.txt")
    got = [(r["form"], r["granted_by"], r["deadline"] and r["deadline"]["value"]) for r in out["rewards"]]
    assert got == [("Giấy khen", "Ban Thường vụ Công đoàn", None),
                   ("Giấy khen", "Ban Thường vụ Công đoàn", "2024-07-10")]
    assert out["rewards"][1]["recipients_rule"] == "10 tập thể, 20 cá nhân xuất sắc nhất"
