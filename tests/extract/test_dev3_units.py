"""Tasks and assignments on corpus/dev3: ten plans written by people who never saw the code (a ministry's
task table, a council, a provincial Đoàn whose department name holds a comma, a commune typed partly
without diacritics, an OCR'd hospital plan with Khoa/Phòng items, an enterprise, the women's union, a
district education office with its task table in an appendix after the signature, the police, a joint
plan naming "<department>, <its Sở>"). Floors are the scores reached, less 0.02 headroom; every task and
assignment span must point at its text."""
from __future__ import annotations

import pytest

from kh_testutil import CORPUS, dev_set_low, dev_set_runs

DEV3 = CORPUS / "dev3"
FIELDS = ("tasks", "assignments")
FLOORS = {"tasks": 0.98, "tasks.lead_units": 0.95, "assignments": 0.98}




@pytest.mark.skipif(not DEV3.is_dir(), reason="corpus/dev3 not present")
def test_dev3_task_and_assignment_scores() -> None:
    low = dev_set_low("dev3", FIELDS, FLOORS)
    assert not low, low


@pytest.mark.skipif(not DEV3.is_dir(), reason="corpus/dev3 not present")
def test_dev3_task_and_assignment_spans() -> None:
    for name, _, out in dev_set_runs("dev3"):
        text = out["text"]
        for t in out["tasks"]:
            s, e = t["span"]
            assert 0 <= s < e <= len(text), name
            assert " ".join(t["title"].split()) in " ".join(text[s:e].split()), (name, t["title"])
        for a in out["assignments"]:
            s, e = a["span"]
            assert 0 <= s < e <= len(text), name
            assert a["unit"] and a["units"] and all(a["duties"]), (name, a["unit"])
