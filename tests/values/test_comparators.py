"""Comparator words around target numbers."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parser.values.comparators import find_comparator


@pytest.mark.parametrize(
    ("before", "after", "op"),
    [
        # >=
        ("Mỗi phòng, ban phát hiện, viết ít nhất ", " gương điển hình tiên tiến", ">="),
        ("Phấn đấu ít nhất ", " bài viết chất lượng", ">="),
        ("Tỷ lệ gia đình văn hoá: từ ", "% trở lên.", ">="),
        ("phấn đấu cắt giảm từ ", "% thời hạn giải quyết thủ tục hành chính", ">="),
        ("tối thiểu ", "% số hộ", ">="),
        ("tỷ lệ trẻ em tiêm chủng không dưới ", "%", ">="),
        ("không thấp hơn ", "% so với năm trước", ">="),
        ("ít nhất là ", " lần/năm", ">="),
        ("tối thiểu đạt ", "%", ">="),
        ("đạt ", "% trở lên", ">="),
        ("mỗi đơn vị có ", " sáng kiến trở lên", ">="),
        ("it nhat ", " guong", ">="),  # no diacritics
        ("khong duoi ", "%", ">="),
        # >
        ("Sau hơn ", " năm thành lập", ">"),
        ("doanh thu trên ", " tỷ đồng", ">"),
        ("tăng trưởng cao hơn ", "%", ">"),
        ("hoàn thành vượt ", "% kế hoạch", ">"),
        # <=
        ("Mỗi phường: tối đa ", " tập thể", "<="),
        ("thời gian không quá ", " ngày làm việc", "<="),
        ("không vượt quá ", "% tổng số", "<="),
        ("trẻ em từ ", " tuổi trở xuống", "<="),
        ("số lượng ", " người trở xuống", "<="),
        ("toi da ", " tap the", "<="),
        # <
        ("Tỷ lệ hộ nghèo: dưới ", "%;", "<"),
        ("Tỷ lệ phát triển dân số tự nhiên: dưới ", "%", "<"),
        ("giảm tỷ lệ suy dinh dưỡng xuống thấp hơn ", "%", "<"),
        ("ít hơn ", " vụ", "<"),
        # =
        ("Tỷ lệ tham gia BHYT toàn dân đạt ", "%", "="),
        ("phấn đấu hoàn thành ", "% nhiệm vụ", "="),
        ("Giữ vững ", " trường đạt chuẩn quốc gia", "="),
        ("Giải quyết việc làm mới: ", " lao động", "="),
        ("Mỗi phòng, ban, ngành, đoàn thể, đơn vị thuộc quận: ", " tập thể", "="),
        ("", "", "="),
        # "trở lên" that belongs to another phrase, not to the number
        ("- Có ", "% cán bộ, công chức, người lao động hoàn thành nhiệm vụ trở lên", "="),
        # folding must not turn "đầu tư" into "từ"
        ("vốn đầu tư ", "% kế hoạch", "="),
        ("tư ", "", "="),
    ],
)
def test_find_comparator(before: str, after: str, op: str) -> None:
    assert find_comparator(before, after) == op


def test_only_the_end_of_before_counts() -> None:
    assert find_comparator("tối đa 02 tập thể, ", " cá nhân") == "="
    assert find_comparator("tối đa 02 tập thể, tối đa ", " cá nhân") == "<="


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_find_comparator_total(before: str, after: str) -> None:
    assert find_comparator(before, after) in {">=", ">", "<=", "<", "="}
