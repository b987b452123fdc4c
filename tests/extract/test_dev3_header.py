"""Header, preamble and citation fields on corpus/dev3: ten plans written by people who never saw the code
(a ministry with a markdown-table header, a council, a provincial Đoàn, a commune with markdown headings and
unaccented text, an OCR'd hospital plan, an enterprise, the women's union, a district education office, the
police, a joint plan). Floors are the scores reached, less 0.02 headroom; every span must point at its text."""
from __future__ import annotations

import pytest

from kh_testutil import CORPUS, bad_spans, dev_set_low, dev_set_runs

DEV3 = CORPUS / "dev3"
FIELDS = ("document", "issuer", "legal_basis", "references")
FLOORS = {
    "document.number": 0.98, "document.symbol": 0.98, "document.place": 0.98, "document.issued.value": 0.98,
    "document.issued.precision": 0.98, "document.title": 0.98, "document.motto": 0.98, "document.theme": 0.98,
    "issuer.name": 0.98, "issuer.abbreviation": 0.98,
    "legal_basis": 0.98, "legal_basis.kind": 0.98, "legal_basis.date": 0.98, "legal_basis.issuer": 0.98,
    "references": 0.98, "references.kind": 0.98, "references.date": 0.98,
}




@pytest.mark.skipif(not DEV3.is_dir(), reason="corpus/dev3 not present")
def test_dev3_header_scores() -> None:
    low = dev_set_low("dev3", FIELDS, FLOORS)
    assert not low, low


@pytest.mark.skipif(not DEV3.is_dir(), reason="corpus/dev3 not present")
def test_dev3_header_spans() -> None:
    for name, _, out in dev_set_runs("dev3"):
        assert not bad_spans(out), name
        text = out["text"]
        for key in ("title", "motto", "place"):
            value, span = out["document"].get(key), out["document"]["spans"].get(key)
            if value and span:
                assert text[span[0]:span[1]].split() == value.split(), (name, key)
        for c in out["legal_basis"] + out["references"]:
            s, e = c["span"]
            assert text[s:e].split() == c["text"].split(), (name, c["text"])
