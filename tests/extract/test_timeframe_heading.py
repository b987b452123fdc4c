"""time_heading: a bare "THỜI GIAN" heading and the line that states the drive's frame under it (issue 9:
Phát động letters, Chỉ thị, short plans of unions, enterprises and schools). The whole-plan cases are rows
of tests/data/extract/timeframe.jsonl; these check the two helpers on folded text."""
from __future__ import annotations

from pathlib import Path

import pytest

from parser.extract.time_heading import frames_drive, is_bare_time_heading
from parser.text.fold import fold
from parser.values.dates import find_date_ranges, find_dates


@pytest.mark.parametrize(("heading", "bare"), [
    ("I. THỜI GIAN", True),
    ("II. THỜI GIAN, ĐỐI TƯỢNG", True),
    ("II- THỜI GIAN, ĐỐI TƯỢNG, PHẠM VI THI ĐUA", True),
    ("3. Thời gian và địa bàn", True),
    ("III. THỜI GIAN VÀ CÁC ĐỢT CAO ĐIỂM", True),
    ("IV. THỜI GIAN.", True),
    ("II. THỜI GIAN - Từ tháng 4/2025 đến tháng 9/2025", True),
    ("**II. THOI GIAN**", True),  # markdown debris left by a converter
    ("II. THOI GIAN", True),
    ("III. THỜI GIAN THỰC HIỆN", False),  # a labelled heading: timeframe.py reads it
    ("II. NỘI DUNG VÀ THỜI GIAN", False),
    ("II. THỜI GIAN, TIẾN ĐỘ THỰC HIỆN", False),
    ("1. Thời gian đề nghị khen thưởng", False),
    ("2. Thời gian là vàng", False),
])
def test_bare_time_heading(heading: str, bare: bool) -> None:
    assert (is_bare_time_heading(fold(heading)) is not None) is bare


@pytest.mark.parametrize(("line", "frames"), [
    ("Từ ngày 01/3/2025 đến ngày 30/11/2025.", True),
    ("- Đợt thi đua được triển khai từ ngày 01/3/2025 đến ngày 30/11/2025.", True),
    ("Tháng Công nhân được tổ chức từ ngày 01/5/2025 đến ngày 31/5/2025.", True),
    ("Chiến dịch diễn ra từ ngày 15/6/2025 đến ngày 15/8/2025.", True),
    ("Phong trào thi đua: từ ngày 15/02/2025 đến ngày 15/12/2025.", True),
    ("Cuộc vận động kéo dài từ ngày 01/6/2025 đến ngày 31/8/2025", True),
    ("Tu ngay 01/3/2025 den ngay 30/11/2025", True),
    ("Tháng 3/2025: xây dựng kế hoạch, phát động thi đua.", False),
    ("Từ ngày 01/3 đến ngày 15/3/2025: các đơn vị đăng ký thi đua.", False),
    ("Các đơn vị đăng ký thi đua từ ngày 01/3/2025 đến ngày 15/3/2025.", False),
    ("Thực hiện theo Kế hoạch số 12/KH-UBND ngày 15/01/2025 của UBND tỉnh.", False),
    ("Ban Tổ chức thông báo kết quả cho các đơn vị từ ngày 01/12/2025 đến ngày 05/12/2025", False),
])
def test_frames_drive(line: str, frames: bool) -> None:
    found = find_date_ranges(line, default_year=2025) or [d for d in find_dates(line, default_year=2025) if d.span]
    assert found, line
    s, e = found[0].span  # type: ignore[misc]
    assert frames_drive(fold(line), s, e, lone_until=False) is frames


@pytest.mark.parametrize(("line", "frames"), [
    ("Tổ chức thực hiện đến hết ngày 30/11/2025.", True),
    ("Các đơn vị tổ chức đăng ký thi đua trước ngày 15/3/2025.", False),
    ("Các đơn vị tổ chức thực hiện chậm nhất ngày 15/3/2025.", False),
])
def test_frames_drive_lone_end(line: str, frames: bool) -> None:
    d = [x for x in find_dates(line, default_year=2025) if x.span][0]
    assert frames_drive(fold(line), d.span[0], d.span[1], lone_until=True) is frames


SHAPES = Path(__file__).resolve().parents[1] / "data" / "extract" / "shapes"


@pytest.mark.parametrize(("name", "start", "end"), [
    ("pd_phat_dong_thi_dua", "2024-04-01", "2024-06-30"),  # "I. THỜI GIAN" / "Từ ngày … đến hết ngày …"
    ("kh_lien_tich", "2024-05-01", "2024-05-31"),  # "II. THỜI GIAN" / "Tháng Công nhân được tổ chức từ …"
    ("qd_ban_hanh_ke_hoach", "2024-04-01", "2024-11-30"),  # labelled heading, unchanged
    ("ctr_cong_tac", None, None),  # "- Thời gian: Quý II/2024." of one inspection is no period
])
def test_bare_time_heading_on_issue9_shapes(name: str, start: str | None, end: str | None) -> None:
    from parser.pipeline import run_file

    out = run_file(SHAPES / f"{name}.txt")
    period = out["period"]
    if start is None and end is None:
        assert period is None
        return
    assert ((period["start"] or {}).get("value"), (period["end"] or {}).get("value")) == (start, end)
    s, e = period["span"]
    assert " ".join(out["text"][s:e].split()) == period["text"]
