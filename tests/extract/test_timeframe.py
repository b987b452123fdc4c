"""timeframe: the plan's `period` and its `phases`.

Cases live in tests/data/extract/timeframe.jsonl: "phases" rows are one or
two lines given to `find_phases`; "period" rows are the body (and optionally
the title and preamble) of a small plan built through the real pipeline
stages, so headings and zones are the ones real documents get.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parser.extract import timeframe
from parser.extract.timeframe import find_phases, parse_time_expression
from parser.model import KhDoc
from parser.pipeline import build_doc
from parser.read import RawDocument
from kh_testutil import corpus_report

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "extract" / "timeframe.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
PHASES = [c for c in CASES if c["kind"] == "phases"]
PERIODS = [c for c in CASES if c["kind"] == "period"]

PLAN = ("ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐẢO\nSố: 45/KH-UBND\nTam Đảo, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\n{title}\n\n"
        "{preamble}\n\n{body}\n\nNơi nhận:\n- UBND tỉnh;\n- Lưu: VT, NV.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n")


def make_plan(body: str, title: str | None = None, preamble: str | None = None) -> KhDoc:
    text = PLAN.format(title=title or "Phát động phong trào thi đua năm 2024",
                       preamble=preamble or "Căn cứ Kế hoạch số 24/KH-UBND ngày 26/01/2024 của UBND tỉnh;", body=body)
    doc = build_doc(RawDocument(text=text, format="txt", sha256="0" * 64))
    doc.year = 2024
    return doc


def _same_ws(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _v(d: object) -> str | None:
    return getattr(d, "value", None) if d is not None else None


@pytest.mark.parametrize("case", PHASES, ids=[c["text"][:50] for c in PHASES])
def test_timeframe_find_phases_table(case: dict) -> None:
    text = case["text"]
    got = find_phases(text, default_year=2024)
    assert [(p.name, _v(p.start), _v(p.end)) for p in got] == \
        [(e["name"], e["start"], e["end"]) for e in case["expected"]]
    for p in got:
        assert _same_ws(text[p.span[0]:p.span[1]], p.text)
        assert p.text.startswith(p.name)


@pytest.mark.parametrize("case", PERIODS, ids=[c["source"][:50] for c in PERIODS])
def test_timeframe_period_table(case: dict) -> None:
    doc = make_plan(case["body"], case.get("title"), case.get("preamble"))
    period = timeframe.extract(doc).fields["period"]
    if case["expected"] is None:
        assert period is None
        return
    assert period is not None
    assert ((period["start"] or {}).get("value"), (period["end"] or {}).get("value")) == \
        (case["expected"]["start"], case["expected"]["end"])
    s, e = period["span"]
    assert _same_ws(doc.text[s:e], period["text"])


@pytest.mark.parametrize(("text", "start", "end"), [
    ("Từ nay đến hết ngày 30/8/2022", None, "2022-08-30"),
    ("từ ngày 01/3/2024 đến ngày 30/11/2024", "2024-03-01", "2024-11-30"),
    ("Trong năm 2024", "2024", "2024"),
    ("Từ ngày 15/3/2024", "2024-03-15", None),
    ("đến hết tháng 6/2024", None, "2024-06"),
    ("Quý II/2024", "2024-04", "2024-06"),
])
def test_timeframe_parse_time_expression(text: str, start: str | None, end: str | None) -> None:
    p = parse_time_expression(text, default_year=2024)
    assert p is not None
    assert (_v(p.start), _v(p.end)) == (start, end)


def test_timeframe_parse_time_expression_skips_excluded() -> None:
    text = "Đợt 1: từ 01/3 đến 30/4/2024; cả phong trào từ 01/3/2024 đến 30/11/2024"
    first = find_phases(text, default_year=2024)[0]
    p = parse_time_expression(text, default_year=2024, exclude=(first.span,))
    assert p is not None and (_v(p.start), _v(p.end)) == ("2024-03-01", "2024-11-30")
    assert parse_time_expression("Thực hiện nghiêm túc kế hoạch.") is None


_corpus_report = corpus_report  # shared, computed once per session


def test_timeframe_corpus_score() -> None:
    report, pairs = _corpus_report()
    rows = {f.name: f.value for f in report.fields}
    assert rows["period.start.value"] >= 0.98
    assert rows["period.end.value"] >= 0.98
    assert rows["phases"] >= 0.98
    assert rows["phases.name"] >= 0.98
    for _, _, pred in pairs:
        items = pred["phases"] + ([pred["period"]] if pred["period"] else [])
        for it in items:
            s, e = it["span"]
            assert _same_ws(pred["text"][s:e], it["text"])
