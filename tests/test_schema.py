"""The output JSON Schema: well-formed, accepts a complete realistic output,
rejects the mistakes the contract forbids, and ships an identical copy."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

import pytest
from jsonschema import Draft202012Validator

from parser.schema import REPO_SCHEMA, load_schema, validate

REPO = Path(__file__).resolve().parents[1]
TEXT = "Số: 32 /KH-HĐTĐKT\n\nLong Biên, ngày 30 tháng 6 năm 2021\n\nKẾ HOẠCH\n…"


def _date(value: str | None, precision: str | None, text: str | None, span: list[int] | None = None) -> dict:
    out: dict[str, Any] = {"value": value, "precision": precision, "text": text}
    if span:
        out["span"] = span
    return out


def example() -> dict:
    """A complete output for corpus 000 (values from its gold, spans made up)."""
    issuer = {"name": "Hội đồng thi đua khen thưởng quận Long Biên", "parent": "UBND quận Long Biên",
              "abbreviation": "HĐTĐKT", "span": [0, 40]}
    signer = {"authority": "TM. HỘI ĐỒNG", "on_behalf_of": None, "title": "CHỦ TỊCH", "name": "Nguyễn Mạnh Hà",
              "extra_titles": ["CHỦ TỊCH UBND QUẬN"], "span": [19000, 19060]}
    return {
        "schema_version": "1",
        "source": {"path": "corpus/000_4c380f7955e0b3c1.txt", "sha256": "ab" * 32, "format": "txt",
                   "pages": None, "ocr": False, "encoding_fixed": None},
        "extractor": {"name": "khparse", "version": "0.1.0"},
        "document": {
            "type": "KH", "type_name": "Kế hoạch", "number": "32", "symbol": "KH-HĐTĐKT",
            "reference": "32/KH-HĐTĐKT", "place": "Long Biên",
            "issued": _date("2021-06-30", "day", "ngày 30 tháng 6 năm 2021", [32, 56]),
            "title": "Phát động phong trào thi đua kỉ niệm 20 năm ngày thành lập quận Long Biên "
                     "(06/11/2003 - 06/11/2023)",
            "motto": None, "theme": None,
            "spans": {"number": [5, 7], "title": [70, 170]},
            "attached_plan": None,
        },
        "issuer": issuer, "issuers": [issuer],
        "signer": signer, "signers": [signer],
        "legal_basis": [{
            "text": "Nghị định số 132/2003/NĐ-CP ngày 6/11/2003 của Chính phủ về việc điều chỉnh địa giới hành "
                    "chính để thành lập quận Long Biên, thành phố Hà Nội",
            "kind": "Nghị định", "number": "132/2003/NĐ-CP", "date": _date("2003-11-06", "day", "6/11/2003"),
            "issuer": "Chính phủ",
            "subject": "việc điều chỉnh địa giới hành chính để thành lập quận Long Biên, thành phố Hà Nội",
            "span": [180, 330], "page": 1,
        }, {
            "text": "Nghị quyết Đại hội đại biểu Đảng bộ thành phố Hà Nội lần thứ XVII, nhiệm kỳ 2020 - 2025",
            "kind": "Nghị quyết", "number": None, "date": None,
            "issuer": "Đại hội đại biểu Đảng bộ thành phố Hà Nội lần thứ XVII", "subject": None, "span": [600, 690],
        }],
        "references": [{"text": "Nghị định số 132/2003/NĐ-CP", "kind": "Nghị định", "number": "132/2003/NĐ-CP",
                        "date": None, "issuer": None, "subject": None, "span": [2000, 2027]}],
        "commemorations": [{
            "text": "kỉ niệm 20 năm ngày thành lập quận Long Biên (06/11/2003 - 06/11/2023)",
            "event": "ngày thành lập quận Long Biên", "years": 20,
            "start": _date("2003-11-06", "day", "06/11/2003"), "end": _date("2023-11-06", "day", "06/11/2023"),
            "span": [100, 170],
        }, {
            "text": "980 năm Thập Tam Trại (23/3/1043-23/3/2023 Âm lịch)", "event": "Thập Tam Trại", "years": 980,
            "start": {**_date("1043-03-23", "day", "23/3/1043"), "calendar": "lunar"},
            "end": {**_date("2023-03-23", "day", "23/3/2023 Âm lịch"), "calendar": "lunar"},
            "span": [3000, 3050],
        }],
        "period": {"start": None, "end": _date("2024-12", "month", "hết tháng 12 năm 2024"),
                   "text": "từ nay đến hết tháng 12 năm 2024", "span": [900, 932]},
        "phases": [{"name": "Đợt 1", "start": _date("2021-07", "month", "tháng 7/2021"),
                    "end": _date("2022-12", "month", "hết tháng 12/2022"),
                    "text": "Đợt 1: Từ tháng 7/2021 đến hết tháng 12/2022", "span": [4000, 4044]}],
        "sections": [{"number": "I", "heading": "MỤC ĐÍCH, YÊU CẦU", "level": 1, "span": [1500, 1517],
                      "children": [{"number": "1", "heading": "Mục đích", "level": 2, "children": [],
                                    "span": [1519, 1530]}]}],
        "tasks": [{"title": "Tổ chức Lễ kỷ niệm 20 năm ngày thành lập quận", "lead_units": ["Văn phòng HĐND & UBND quận"],
                   "units": ["Phòng Nội vụ"], "organizer": None,
                   "time": {"text": "Chậm nhất ngày 31/5/2023", "start": None,
                            "end": _date("2023-05-31", "day", "31/5/2023")},
                   "section": "III.2", "span": [9000, 9050]}],
        "assignments": [{"unit": "Phòng Nội vụ - Cơ quan Thường trực Hội đồng TĐKT Quận", "units": ["Phòng Nội vụ"],
                         "duties": ["Tham mưu cho UBND quận tổ chức Đợt thi đua cao điểm."],
                         "section": "III.1", "span": [8000, 8400]}],
        "quotas": [{"text": "từ 1-2 công trình gắn biển cấp thành phố", "subject": "công trình gắn biển cấp thành phố",
                    "operator": "range", "value": 1, "value_max": 2, "unit": "công trình", "section": "II.A.2.2",
                    "span": [5000, 5040]},
                   {"text": "phấn đấu cắt giảm từ 30% thời hạn giải quyết thủ tục hành chính",
                    "subject": None, "operator": ">=", "value": 30, "value_max": None, "unit": "%",
                    "section": "III.2", "span": [8500, 8560]}],
        "rewards": [{"form": "Giấy khen", "granted_by": "UBND quận",
                     "recipients_rule": "tập thể, cá nhân có thành tích xuất sắc trong đợt thi đua",
                     "quota": "Mỗi phường: tối đa 02 tập thể, 03 cá nhân",
                     "deadline": _date("2023-05-31", "day", "Chậm nhất ngày 31/5/2023"), "span": [10000, 10200]}],
        "deadlines": [{"what": "Ban hành kế hoạch chi tiết", "date": _date("2022-12", "month", "Tháng 12/2022"),
                       "text": "(Tháng 12/2022 Ban hành kế hoạch chi tiết)", "span": [4100, 4143]}],
        "recipients": [{"name": "Ban TĐ-KT Thành phố", "purpose": None, "span": [18000, 18019]},
                       {"name": "Hội đồng TĐKT thành phố", "purpose": "để báo cáo", "span": [18021, 18050]}],
        "archive_copy": {"holders": ["VT", "NV"], "copies": 10, "span": [18200, 18222]},
        "text": TEXT,
        "warnings": [{"code": "markdown_removed", "message": "Markdown/layout debris was removed from the text."},
                     {"code": "blank_date", "message": "The issue date is left blank.", "span": [32, 56]}],
        "quality": {"score": 0.9, "level": "good", "rank": "0900.00.000", "missing": [], "warnings": {"total": 0, "high": 0, "medium": 0, "low": 0}, "ocr": False, "encoding_fixed": None, "reasons": []},
    }


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_data_copy_equals_canonical_file() -> None:
    packaged = REPO / "parser" / "data" / REPO_SCHEMA.name
    assert REPO_SCHEMA.is_file() and packaged.is_file()
    assert packaged.read_bytes() == REPO_SCHEMA.read_bytes(), \
        "parser/data/ copy is stale: cp schemas/kh-v1.schema.json parser/data/"


def test_schema_falls_back_to_packaged_copy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Installed non-editable, schemas/ is absent: the package data is used."""
    import parser.schema as mod

    canonical = json.loads(REPO_SCHEMA.read_text(encoding="utf-8"))
    monkeypatch.setattr(mod, "REPO_SCHEMA", tmp_path / "absent.json")
    mod._cached_schema.cache_clear()
    try:
        assert mod.load_schema() == canonical
    finally:
        mod._cached_schema.cache_clear()


def test_schema_messages_name_the_place() -> None:
    doc = example()
    doc["signer"] = {**doc["signer"], "name": "  "}
    assert validate(doc) == ["$.signer.name: '  ' is blank (use null for unknown values)"]


def test_schema_load_returns_fresh_copy() -> None:
    load_schema()["required"].clear()
    assert "text" in load_schema()["required"]


def test_schema_complete_example_is_valid() -> None:
    assert validate(example()) == []


def test_schema_minimal_unknowns_are_valid() -> None:
    """Everything unknown: nulls and empty lists, never empty strings."""
    doc = example()
    for key in ("legal_basis", "references", "commemorations", "phases", "sections", "tasks", "assignments",
                "quotas", "rewards", "deadlines", "recipients", "warnings", "issuers", "signers"):
        doc[key] = []
    doc["period"] = doc["archive_copy"] = None
    doc["document"] = {k: None for k in ("type", "type_name", "number", "symbol", "reference", "place",
                                         "issued", "title", "motto", "theme")}
    doc["issuer"] = {"name": None, "parent": None, "abbreviation": None, "span": None}
    doc["signer"] = {"authority": None, "on_behalf_of": None, "title": None, "name": None,
                     "extra_titles": [], "span": None}
    del doc["quality"]
    assert validate(doc) == []


def test_schema_accepts_blank_and_partial_dates() -> None:
    doc = example()
    doc["document"]["issued"] = _date(None, None, None)
    doc["phases"][0]["start"] = _date("2022", "year", "năm 2022")
    assert validate(doc) == []


def test_schema_allows_added_fields() -> None:
    doc = example()
    doc["x_debug"] = {"stage": "zones"}
    doc["recipients"][0]["purpose_expanded"] = None
    assert validate(doc) == []


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def apply(doc: dict) -> None:
        *parents, last = path.split(".")
        obj: Any = doc
        for key in parents:
            obj = obj[int(key)] if isinstance(obj, list) else obj[key]
        if isinstance(obj, list):
            obj[int(last)] = value
        else:
            obj[last] = value
    return apply


def _drop(path: str) -> Callable[[dict], None]:
    def apply(doc: dict) -> None:
        *parents, last = path.split(".")
        obj: Any = doc
        for key in parents:
            obj = obj[int(key)] if isinstance(obj, list) else obj[key]
        del obj[last]
    return apply


INVALID: dict[str, tuple[Callable[[dict], None], str]] = {
    "empty title": (_set("document.title", ""), "$.document.title"),
    "blank name": (_set("signer.name", "   "), "$.signer.name"),
    "empty unit in list": (_set("tasks.0.lead_units", [""]), "$.tasks[0].lead_units[0]"),
    "unpadded date": (_set("document.issued.value", "2021-6-3"), "$.document.issued.value"),
    "date in citation": (_set("legal_basis.0.date.value", "06/11/2003"), "$.legal_basis[0].date.value"),
    "month 13": (_set("deadlines.0.date.value", "2022-13"), "$.deadlines[0].date.value"),
    "precision disagrees": (_set("document.issued.precision", "month"), "$.document.issued.value"),
    "value without precision": (_set("document.issued.precision", None), "$.document.issued.precision"),
    "unknown precision": (_set("document.issued.precision", "week"), "$.document.issued.precision"),
    "bad operator": (_set("quotas.1.operator", "=>"), "$.quotas[1].operator"),
    "range without max": (_set("quotas.0.value_max", None), "$.quotas[0].value_max"),
    "value as string": (_set("quotas.1.value", "30"), "$.quotas[1].value"),
    "missing top key": (_drop("recipients"), "$"),
    "missing document key": (_drop("document.theme"), "$.document"),
    "missing span": (_drop("recipients.0.span"), "$.recipients[0]"),
    "span of three": (_set("recipients.0.span", [1, 2, 3]), "$.recipients[0].span"),
    "negative span": (_set("archive_copy.span", [-1, 4]), "$.archive_copy.span[0]"),
    "zero page": (_set("legal_basis.0.page", 0), "$.legal_basis[0].page"),
    "wrong version": (_set("schema_version", 1), "$.schema_version"),
    "short sha256": (_set("source.sha256", "abc"), "$.source.sha256"),
    "ocr as string": (_set("source.ocr", "no"), "$.source.ocr"),
    "bad warning code": (_set("warnings.0.code", "Blank-Date"), "$.warnings[0].code"),
    "section level 0": (_set("sections.0.children.0.level", 0), "$.sections[0].children[0].level"),
    "years as string": (_set("commemorations.0.years", "20"), "$.commemorations[0].years"),
    "solar calendar": (_set("commemorations.1.start.calendar", "solar"), "$.commemorations[1].start.calendar"),
    "copies zero": (_set("archive_copy.copies", 0), "$.archive_copy.copies"),
    "deadline without date": (_set("deadlines.0.date", None), "$.deadlines[0].date"),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_schema_rejects(case: str) -> None:
    mutate, where = INVALID[case]
    doc = copy.deepcopy(example())
    mutate(doc)
    errors = validate(doc)
    assert errors, case
    assert any(e.startswith(where + ":") for e in errors), errors


def test_schema_gold_dates_and_operators_fit() -> None:
    """Gold files are a subset of the output, but their dates and operators
    must already have the contract's shape."""
    schema = load_schema()
    defs = schema["$defs"]
    date_ok = Draft202012Validator({**defs["date"], "$defs": defs})
    ops = set(schema["properties"]["quotas"]["items"]["properties"]["operator"]["enum"])

    def walk(obj: Any) -> None:
        if isinstance(obj, dict):
            if {"value", "precision"} <= obj.keys():
                assert date_ok.is_valid(obj), obj
            for key, v in obj.items():
                assert v != "", key
                walk(v)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)
    for gold in sorted((REPO / "corpus" / "gold").glob("*.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        walk(data)
        assert {q["operator"] for q in data["quotas"]} <= ops
