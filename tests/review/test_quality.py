"""The `quality` block: missing fields, warnings by severity, source flags, score and rank."""
from __future__ import annotations

import copy

import pytest
import regex

from kh_testutil import corpus_outputs
from parser.quality import quality_block, quality_of, rank_key, required_fields
from parser.rules import load_table
from parser.warning_codes import WARNINGS

RANK_RE = regex.compile(r"^\d{4}\.\d{2}\.\d{3}$")


def complete_output() -> dict:
    """A plan with every catalogue field and no warning (a ward's plan, not in the corpus)."""
    return {
        "schema_version": "1",
        "source": {"path": "p.txt", "sha256": "0" * 64, "format": "txt", "pages": None, "ocr": False, "encoding_fixed": None},
        "document": {
            "type": "KH", "type_name": "Kế hoạch", "number": "85", "symbol": "KH-UBND", "reference": "85/KH-UBND",
            "place": "Phường Hòa Khánh Bắc",
            "issued": {"value": "2024-03-12", "precision": "day", "text": "ngày 12 tháng 3 năm 2024"},
            "title": "Triển khai Tháng Thanh niên năm 2024", "motto": None, "theme": None,
        },
        "issuer": {"name": "Ủy ban nhân dân phường Hòa Khánh Bắc", "parent": "UBND QUẬN LIÊN CHIỂU", "abbreviation": "UBND"},
        "signer": {"authority": "TM. ỦY BAN NHÂN DÂN", "on_behalf_of": None, "title": "CHỦ TỊCH", "name": "Lê Văn Thành", "extra_titles": []},
        "sections": [{"number": "I", "heading": "MỤC ĐÍCH, YÊU CẦU", "level": 1, "children": [], "span": [0, 5]}],
        "recipients": [{"name": "UBND quận Liên Chiểu", "purpose": "để báo cáo", "span": [0, 5]}],
        "warnings": [],
        "text": "x" * 10,
    }


def test_quality_complete_plan_is_good() -> None:
    q = quality_block(complete_output())
    assert q == {
        "score": 1.0, "level": "good", "rank": "1000.99.999", "missing": [],
        "warnings": {"total": 0, "high": 0, "medium": 0, "low": 0}, "ocr": False, "encoding_fixed": None, "reasons": [],
    }


@pytest.mark.parametrize("path, mutate", [
    ("document.number", lambda o: o["document"].update(number=None, reference="/KH-UBND")),
    ("document.symbol", lambda o: o["document"].update(symbol=None)),
    ("document.issued", lambda o: o["document"].update(issued={"value": None, "precision": None, "text": "ngày  tháng  năm"})),
    ("document.title", lambda o: o["document"].update(title=None)),
    ("issuer.name", lambda o: o["issuer"].update(name=None)),
    ("signer.name", lambda o: o["signer"].update(name=None)),
    ("recipients", lambda o: o.update(recipients=[])),
    ("sections", lambda o: o.update(sections=[])),
    ("document.type", lambda o: o["document"].update(type=None, type_name=None)),
])
def test_quality_reports_each_missing_field(path: str, mutate) -> None:
    out = complete_output()
    mutate(out)
    q = quality_block(out)
    assert q["missing"] == [path]
    assert 0.0 < q["score"] < 1.0 and f"missing:{path}" in q["reasons"]


def test_quality_partial_date_is_not_missing() -> None:
    out = complete_output()
    out["document"]["issued"] = {"value": "2024-03", "precision": "month", "text": "ngày   tháng 3 năm 2024"}
    out["warnings"] = [{"code": "blank_date", "message": "…"}]
    q = quality_block(out)
    assert q["missing"] == [] and q["warnings"] == {"total": 1, "high": 0, "medium": 0, "low": 1}
    assert q["score"] == 0.97


def test_quality_ocr_and_encoding_lower_the_score() -> None:
    plain = quality_block(complete_output())["score"]
    ocr = complete_output()
    ocr["source"]["ocr"] = True
    ocr["warnings"] = [{"code": "ocr_used", "message": "…"}]
    legacy = complete_output()
    legacy["source"]["encoding_fixed"] = "TCVN3"
    q_ocr, q_legacy = quality_block(ocr), quality_block(legacy)
    assert q_ocr["ocr"] is True and q_ocr["score"] < q_legacy["score"] < plain
    assert q_legacy["encoding_fixed"] == "TCVN3" and "encoding_fixed:TCVN3" in q_legacy["reasons"]
    assert q_ocr["reasons"] == ["ocr"]  # the ocr_used warning is not counted twice


def test_quality_repeated_warnings_are_capped_and_unknown_codes_count_medium() -> None:
    out = complete_output()
    out["warnings"] = [{"code": "numbering_gap", "message": "…"}] * 10 + [{"code": "some_future_code", "message": "…"}]
    q = quality_block(out)
    assert q["warnings"] == {"total": 11, "high": 0, "medium": 11, "low": 0}
    three = complete_output()
    three["warnings"] = [{"code": "numbering_gap", "message": "…"}] * 3 + [{"code": "some_future_code", "message": "…"}]
    assert quality_block(three)["score"] == q["score"]


def test_quality_not_a_plan_is_doubtful() -> None:
    out = complete_output()
    out["document"].update(type="QĐ", type_name="Quyết định")
    out["signer"]["name"] = None
    out["warnings"] = [{"code": "not_a_plan", "message": "…"}, {"code": "no_signer", "message": "…"}]
    q = quality_block(out)
    assert q["level"] == "check" or q["level"] == "doubtful"
    out["source"]["ocr"] = True
    assert quality_block(out)["level"] == "doubtful"


def test_quality_rank_orders_doubtful_first() -> None:
    assert rank_key(0.5, 0, 0) < rank_key(0.9, 0, 0) < rank_key(1.0, 0, 0)
    assert rank_key(0.8, 3, 0) < rank_key(0.8, 1, 0)  # same score: more missing fields first
    assert rank_key(0.8, 1, 9) < rank_key(0.8, 1, 2)  # then more warnings first
    assert RANK_RE.match(rank_key(0.0, 200, 5000))


def test_quality_of_prefers_the_outputs_own_block() -> None:
    out = complete_output()
    out["quality"] = {"score": 0.1, "rank": "0100.99.999", "level": "doubtful"}
    assert quality_of(out)["score"] == 0.1
    del out["quality"]
    assert quality_of(out)["score"] == 1.0


def test_quality_table_keys_are_known() -> None:
    rows = load_table("quality_weights")
    for row in rows:
        assert row["kind"] in ("field", "warning", "source") and row["severity"] in ("high", "medium", "low")
        assert 0.0 <= float(row["penalty"]) <= 1.0
        if row["kind"] == "warning":
            assert row["key"] in WARNINGS, row["key"]
    assert required_fields()[:2] == ("document.type", "document.title")


def test_quality_on_the_corpus() -> None:
    outputs = corpus_outputs()
    blocks = {name: quality_block(out) for name, out in outputs.items()}
    for name, q in blocks.items():
        assert 0.0 <= q["score"] <= 1.0 and RANK_RE.match(q["rank"]), name
        assert q["level"] in ("doubtful", "check", "good")
        assert q["warnings"]["total"] == len(outputs[name]["warnings"])
        assert q == quality_block(copy.deepcopy(outputs[name]))  # deterministic, pure
    by_rank = sorted(blocks, key=lambda n: blocks[n]["rank"])
    scores = [blocks[n]["score"] for n in by_rank]
    assert scores == sorted(scores)
    first, last = blocks[by_rank[0]], blocks[by_rank[-1]]
    assert len(first["missing"]) >= len(last["missing"])
