"""quotas: a reward paid out is not a target (rules/quota_exclusions.tsv).

"Phát động thi đua" letters, emulation plans and contest rules state what a
winner receives ("Mỗi tập thể được thưởng 500.000 đồng", "kèm theo tiền
thưởng 1.000.000 đ", "mức thưởng 2 triệu đồng/giải"). Those sums are no
"chỉ tiêu", even in a sentence or under a heading that sets targets; the
count beside them often is one ("tối đa 05 tập thể"). Money that a plan sets
out to raise, collect or reach stays a quota. Every case runs both as plain
text and as if under a "Chỉ tiêu" heading (`targets=True`, where any number
with a unit counts), so the exclusion itself is what is tested.
"""
from __future__ import annotations

import pytest

from parser.extract.quotas import find_quotas
from parser.pipeline import run_text

# (paragraph, quotas expected as (operator, value, unit) under a target heading, same without one)
REWARDS = [
    ("Mỗi tập thể được thưởng 500.000 đồng.", [], []),
    ("Tập thể đạt giải được tặng Giấy khen kèm theo tiền thưởng tối đa 1.000.000 đ.", [], []),
    ("Mức thưởng 2 triệu đồng/giải.", [], []),
    ("Cơ cấu giải thưởng: 01 giải Nhất, mức thưởng 3.000.000 đồng; 02 giải Nhì, mỗi giải 2.000.000 đồng; "
     "03 giải Ba, mỗi giải 1.000.000 đồng.", [], []),
    ("- Giải Nhất: 5.000.000 đồng;\n- Giải Nhì: 3.000.000 đồng;\n- Giải Khuyến khích: 1.000.000 đồng.", [], []),
    ("Tiền thưởng: 500.000 đồng/tập thể, 300.000 đồng/cá nhân.", [], []),
    ("Mỗi cá nhân được tặng Giấy khen và thưởng 300.000 đồng.", [], []),
    ("Mỗi tập thể được thưởng tối đa 1.000.000 đồng.", [], []),
    ("Kèm theo Giấy khen là 500.000 đồng tiền thưởng.", [], []),
    ("Thưởng nóng 2.000.000 đồng cho tập thể có thành tích đột xuất.", [], []),
    ("Cá nhân đạt giải Đặc biệt được thưởng 10 triệu đồng.", [], []),
    ("Mức tiền thưởng cho mỗi tập thể là 1.000.000 đồng, cho mỗi cá nhân là 500.000 đồng.", [], []),
    ("Tổng giá trị giải thưởng 50 triệu đồng.", [], []),
    ("Kinh phí khen thưởng: 30.000.000 đồng, từ nguồn ngân sách xã.", [], []),
    ("Mỗi giải trị giá 1.500.000 đồng kèm Giấy chứng nhận.", [], []),
    ("Moi tap the duoc thuong 500.000 dong.", [], []),  # diacritics lost (OCR, old ASCII files)
    ("Thưởng 500.000 đồng cho mỗi tập thể đạt danh hiệu Tập thể lao động tiên tiến.", [], []),
    ("Học sinh đạt giải cấp tỉnh được nhà trường khen thưởng 1.000.000 đồng/em.", [], []),
    ("Tặng Giấy khen cho tối đa 03 cá nhân, kèm theo 300.000 đồng tiền thưởng.", [("<=", 3, "cá nhân")],
     [("<=", 3, "cá nhân")]),
    # the count beside a reward stays a target
    ("Tặng Giấy khen cho tối đa 05 tập thể, mỗi tập thể được thưởng 500.000 đồng.",
     [("<=", 5, "tập thể")], [("<=", 5, "tập thể")]),
    ("Phấn đấu có ít nhất 10 sáng kiến được công nhận, mỗi sáng kiến được thưởng 2 triệu đồng.",
     [(">=", 10, "sáng kiến")], [(">=", 10, "sáng kiến")]),
    ("Tặng Giấy khen cho 05 tập thể và 10 cá nhân, mỗi tập thể được thưởng 1.000.000 đồng, mỗi cá nhân "
     "500.000 đồng.", [("=", 5, "tập thể"), ("=", 10, "cá nhân")], [("=", 5, "tập thể"), ("=", 10, "cá nhân")]),
]

TARGETS = [
    ("Phấn đấu thu ngân sách đạt 120 tỷ đồng.", [("=", 120, "tỷ đồng")], [("=", 120, "tỷ đồng")]),
    ("Huy động 500 triệu đồng ủng hộ Quỹ Vì người nghèo.", [("=", 500, "triệu đồng")], []),
    ("Phấn đấu vận động ít nhất 200 triệu đồng xây dựng Quỹ Khuyến học, khen thưởng học sinh giỏi.",
     [(">=", 200, "triệu đồng")], [(">=", 200, "triệu đồng")]),
    ("Quỹ Thi đua - Khen thưởng phấn đấu huy động 300 triệu đồng.", [("=", 300, "triệu đồng")],
     [("=", 300, "triệu đồng")]),
    ("Thu nhập bình quân đầu người đạt 72 triệu đồng/người/năm.", [("=", 72, "triệu đồng")],
     [("=", 72, "triệu đồng")]),
    ("Giá trị sản xuất bình quân đạt trên 150 triệu đồng/ha.", [(">", 150, "triệu đồng")],
     [(">", 150, "triệu đồng")]),
    ("Phấn đấu doanh thu thương mại đạt 500 tỷ đồng.", [("=", 500, "tỷ đồng")], [("=", 500, "tỷ đồng")]),
    ("Phan dau doanh thu thuong mai dat 500 ty dong.", [("=", 500, "ty dong")], [("=", 500, "ty dong")]),
    ("Mỗi xã huy động ít nhất 100 triệu đồng xây dựng nhà Đại đoàn kết, phấn đấu khen thưởng 05 tập thể.",
     [(">=", 100, "triệu đồng"), ("=", 5, "tập thể")], [(">=", 100, "triệu đồng"), ("=", 5, "tập thể")]),
    ("Mỗi đơn vị được thưởng tối đa 02 suất tham quan.", [("<=", 2, "suất")], [("<=", 2, "suất")]),
]


def _got(text: str, targets: bool) -> list[tuple]:
    return [(q.operator, q.value, q.unit) for q in find_quotas(text, targets=targets)]


@pytest.mark.parametrize("text, under_target, plain", REWARDS + TARGETS, ids=[c[0][:50] for c in REWARDS + TARGETS])
def test_reward_amounts_are_not_quotas(text: str, under_target: list, plain: list) -> None:
    assert _got(text, True) == under_target
    assert _got(text, False) == plain


def test_a_plan_keeps_its_targets_and_drops_its_reward_amounts() -> None:
    plan = """ỦY BAN NHÂN DÂN
XÃ AN BÌNH
Số: 25/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Bình, ngày 10 tháng 3 năm 2025
KẾ HOẠCH
Phát động phong trào thi đua năm 2025
I. CHỈ TIÊU THI ĐUA
1. Phấn đấu thu ngân sách trên địa bàn đạt 12 tỷ đồng.
2. Vận động ủng hộ Quỹ Vì người nghèo ít nhất 150 triệu đồng.
II. KHEN THƯỞNG
1. Tặng Giấy khen cho tối đa 05 tập thể, 10 cá nhân; mỗi tập thể được thưởng 1.000.000 đồng, mỗi cá nhân 500.000 đồng.
2. Mức thưởng đối với tập thể dẫn đầu: 2.000.000 đồng/giải.
III. TỔ CHỨC THỰC HIỆN
Văn phòng UBND xã theo dõi, tổng hợp, báo cáo kết quả trước ngày 15/12/2025.
Nơi nhận:
- UBND huyện;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
"""
    out = run_text(plan)
    got = [(q["operator"], q["value"], q["unit"]) for q in out["quotas"]]
    assert got == [("=", 12, "tỷ đồng"), (">=", 150, "triệu đồng"), ("<=", 5, "tập thể"), ("<=", 10, "cá nhân")]
    for q in out["quotas"]:
        assert " ".join(out["text"][q["span"][0]:q["span"][1]].split()) == q["text"]
