"""commemorations: anniversaries after "kỷ niệm" / "chào mừng" …, one per anniversary.

Cases live in tests/data/extract/commemorations.jsonl (one sentence per line,
its expected items, and where the wording comes from); the corpus test runs
the whole pipeline on corpus/ and scores the field with the shared semantics.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.extract.commemorations import dedupe, find_commemorations
from parser.text.fold import fold
from kh_testutil import corpus_report

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "extract" / "commemorations.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def _same_ws(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_commemorations_find_table(case: dict) -> None:
    text = case["text"]
    got = dedupe(find_commemorations(text, default_year=2024))
    assert [(c.years, c.event) for c in got] == [(e["years"], e["event"]) for e in case["expected"]]
    for c, e in zip(got, case["expected"]):
        assert (c.start.value if c.start else None) == e["start"]
        assert (c.end.value if c.end else None) == e["end"]
        assert (c.end.calendar if c.end else None) == e.get("calendar")
        assert _same_ws(text[c.span[0]:c.span[1]], c.text)
        assert fold(c.event) in fold(c.text)


def test_commemorations_offsets_shift_with_base() -> None:
    text = "chào mừng kỷ niệm 20 năm ngày thành lập quận (06/11/2003 - 06/11/2023)"
    prefix = "x" * 17 + "\n"
    plain = find_commemorations(text)
    shifted = find_commemorations(text, len(prefix))
    assert [c.span[0] + len(prefix) for c in plain] == [c.span[0] for c in shifted]
    assert shifted[0].end is not None and shifted[0].end.span is not None
    assert (prefix + text)[shifted[0].end.span[0]:shifted[0].end.span[1]] == "06/11/2023"


def test_commemorations_repeats_listed_once() -> None:
    text = ("Kế hoạch phát động thi đua chào mừng kỷ niệm 20 năm ngày thành lập quận Long Biên (06/11/2003 - 06/11/2023).\n"
            "Mở chuyên mục chào mừng kỷ niệm 20 năm thành lập quận trên Cổng Thông tin điện tử.\n"
            "Tham mưu tổ chức Lễ kỷ niệm 20 năm ngày thành lập quận.\n"
            "hướng tới kỷ niệm 20 năm thành lập Hội Cựu chiến binh quận.")
    got = dedupe(find_commemorations(text))
    assert [(c.years, c.event, c.end.value if c.end else None) for c in got] == [
        (20, "ngày thành lập quận Long Biên", "2023-11-06"),
        (20, "thành lập Hội Cựu chiến binh quận", None),
    ]


def test_commemorations_number_and_range_disagree_keeps_number() -> None:
    got = find_commemorations("kỷ niệm 21 năm ngày thành lập huyện (21/9/2002-21/9/2022)")
    assert [(c.years, c.start.value if c.start else None) for c in got] == [(21, "2002-09-21")]


_corpus_report = corpus_report  # shared, computed once per session


def test_commemorations_corpus_score() -> None:
    report, pairs = _corpus_report()
    rows = {f.name: f.value for f in report.fields}
    assert rows["commemorations"] >= 0.98
    assert rows["commemorations.start"] >= 0.98
    for _, _, pred in pairs:
        for c in pred["commemorations"]:
            s, e = c["span"]
            assert _same_ws(pred["text"][s:e], c["text"])
            for key in ("start", "end"):
                if c[key] and c[key].get("span"):
                    ds, de = c[key]["span"]
                    assert _same_ws(pred["text"][ds:de], c[key]["text"])
