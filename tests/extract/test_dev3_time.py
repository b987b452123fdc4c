"""Time, anniversary and deadline fields, and the heading tree the assignments hang on, on corpus/dev3 (ten
plans written by people who never saw the code: a commune plan with markdown headings, a youth union plan
with "Đợt cao điểm thứ nhất/thứ hai", a council plan repeating its anniversaries without dates, a ministry
listing term reports "trước ngày … (học kỳ I) và trước ngày … (năm học)", an enterprise with a month
deadline far from its verb). Floors are the scores reached, less 0.02 headroom; every span must point at
its text."""
from __future__ import annotations

import pytest

from kh_testutil import CORPUS, bad_spans, dev_set_low, dev_set_runs

DEV3 = CORPUS / "dev3"
FIELDS = ("period", "phases", "commemorations", "deadlines", "assignments")
FLOORS = {
    "period.start.value": 0.98, "period.end.value": 0.98, "phases": 0.98, "phases.name": 0.98,
    "commemorations": 0.98, "commemorations.start": 0.98, "deadlines": 0.98, "assignments": 0.98,
}




@pytest.mark.skipif(not DEV3.is_dir(), reason="corpus/dev3 not present")
def test_dev3_time_scores() -> None:
    low = dev_set_low("dev3", FIELDS, FLOORS)
    assert not low, low


@pytest.mark.skipif(not DEV3.is_dir(), reason="corpus/dev3 not present")
def test_dev3_time_spans() -> None:
    for name, _, out in dev_set_runs("dev3"):
        assert not bad_spans(out), name
        text = out["text"]
        for item in out["phases"] + out["commemorations"] + out["deadlines"]:
            s, e = item["span"]
            assert text[s:e].split() == item["text"].split(), (name, item["text"])
