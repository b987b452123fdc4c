"""The content fields on corpus/dev2: eight plans written independently of the code (a department, a
commune, a Party committee, a school, a council, a ward with markdown debris, a district, an OCR'd
scan). Floors are the scores reached, less 0.02 headroom; every span must point at its text."""
from __future__ import annotations

import pytest

from kh_testutil import CORPUS, dev_set_low, dev_set_runs

DEV2 = CORPUS / "dev2"
FLOORS = {
    "quotas": 0.98, "quotas.operator": 0.98, "quotas.value_max": 0.98,
    "assignments": 0.98, "commemorations": 0.98, "commemorations.start": 0.98,
    "tasks": 0.98, "tasks.lead_units": 0.98, "phases": 0.98,
    "period.start.value": 0.98, "period.end.value": 0.98,
}
FIELDS = ("quotas", "assignments", "commemorations", "tasks", "period", "phases")




@pytest.mark.skipif(not DEV2.is_dir(), reason="corpus/dev2 not present")
def test_dev2_content_scores() -> None:
    low = dev_set_low("dev2", FIELDS, FLOORS)
    assert not low, low


@pytest.mark.skipif(not DEV2.is_dir(), reason="corpus/dev2 not present")
def test_dev2_content_spans() -> None:
    for _, _, out in dev_set_runs("dev2"):
        text = out["text"]
        for field, key in (("quotas", "text"), ("commemorations", "text"), ("phases", "text")):
            for item in out[field]:
                s, e = item["span"]
                assert " ".join(text[s:e].split()) == " ".join(item[key].split()), (field, item[key])
        for a in out["assignments"]:
            s, e = a["span"]
            assert 0 <= s < e <= len(text) and a["unit"] and a["units"] and all(a["duties"])
        if out["period"]:
            s, e = out["period"]["span"]
            assert " ".join(text[s:e].split()) == " ".join(out["period"]["text"].split())
