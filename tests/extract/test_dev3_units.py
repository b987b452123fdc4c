"""Tasks and assignments on corpus/dev3: ten plans written by people who never saw the code (a ministry's
task table, a council, a provincial Đoàn whose department name holds a comma, a commune typed partly
without diacritics, an OCR'd hospital plan with Khoa/Phòng items, an enterprise, the women's union, a
district education office with its task table in an appendix after the signature, the police, a joint
plan naming "<department>, <its Sở>"). Floors are the scores reached, less 0.02 headroom; every task and
assignment span must point at its text."""
from __future__ import annotations

import json
from functools import lru_cache

import pytest

from kh_testutil import CORPUS
from parser.evaluate import score_docs
from parser.pipeline import run_file

DEV3 = CORPUS / "dev3"
FIELDS = ("tasks", "assignments")
# assignments: dev3_04's five items sit under "## V. TỔ CHỨC THỰC HIỆN", a markdown heading the section
# builder does not read yet (reported to the lead); 0.954 without them.
FLOORS = {"tasks": 0.98, "tasks.lead_units": 0.95, "assignments": 0.93}


@lru_cache(maxsize=1)
def _runs() -> list[tuple[str, dict, dict]]:
    out = []
    for p in sorted(DEV3.glob("*.txt")):
        gold = json.loads((DEV3 / "gold" / f"{p.stem}.json").read_text(encoding="utf-8"))
        out.append((p.stem, {k: gold[k] for k in FIELDS if k in gold}, run_file(p)))
    return out


@pytest.mark.skipif(not DEV3.is_dir(), reason="corpus/dev3 not present")
def test_dev3_task_and_assignment_scores() -> None:
    scores = {f.name: f.value for f in score_docs(_runs()).fields}
    low = {k: round(scores[k], 3) for k, floor in FLOORS.items() if scores.get(k, 0.0) < floor}
    assert not low, low


@pytest.mark.skipif(not DEV3.is_dir(), reason="corpus/dev3 not present")
def test_dev3_task_and_assignment_spans() -> None:
    for name, _, out in _runs():
        text = out["text"]
        for t in out["tasks"]:
            s, e = t["span"]
            assert 0 <= s < e <= len(text), name
            assert " ".join(t["title"].split()) in " ".join(text[s:e].split()), (name, t["title"])
        for a in out["assignments"]:
            s, e = a["span"]
            assert 0 <= s < e <= len(text), name
            assert a["unit"] and a["units"] and all(a["duties"]), (name, a["unit"])
