"""The typed Python API: `parser.api.extract_result` and the `KhResult` model."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from kh_testutil import CORPUS
from parser.api import (
    Citation,
    Date,
    KhResult,
    Quota,
    Section,
    Signer,
    WarningItem,
    extract,
    extract_result,
)
from parser.errors import EmptyDocument, KhparseError, UnreadableFile, UnsupportedFormat
from parser.pipeline import run_file
from parser.schema import validate

PLAN = CORPUS / "003_f6966018c26bf747.txt"
FIXTURES = CORPUS / "fixtures"
EVERY_OUTPUT = sorted(
    [*CORPUS.glob("*.txt"), *(CORPUS / "dev2").glob("*.txt"), *FIXTURES.glob("0*[0-9].docx"), *FIXTURES.glob("0*[0-9].pdf")]
)


def test_extract_result_from_a_path_string() -> None:
    result = extract_result(str(PLAN))
    assert isinstance(result, KhResult)
    assert result.schema_version == "1"
    assert result.source.path == str(PLAN) and result.source.format == "txt"
    assert result.document.type == "KH" and result.document.type_name == "Kế hoạch"
    assert isinstance(result.signer, Signer)
    assert all(isinstance(s, Section) for s in result.sections) and result.sections
    assert all(isinstance(w, WarningItem) for w in result.warnings)
    assert result.to_dict() == run_file(PLAN)


def test_extract_result_from_a_path_object_bytes_and_text_agree() -> None:
    data = PLAN.read_bytes()
    from_path = extract_result(PLAN).to_dict()
    from_bytes = extract_result(data).to_dict()
    from_text = extract_result(data.decode("utf-8")).to_dict()
    assert from_bytes["source"]["path"] is None and from_text["source"]["path"] is None
    for out in (from_bytes, from_text):
        assert {k: v for k, v in out.items() if k != "source"} == {k: v for k, v in from_path.items() if k != "source"}


def test_extract_returns_the_plain_dict() -> None:
    out = extract(PLAN)
    assert isinstance(out, dict) and validate(out) == []


def test_typed_fields_read_naturally() -> None:
    result = extract_result(FIXTURES / "004_8dcd8df503d34be0.docx")
    issued = result.document.issued
    assert isinstance(issued, Date) and issued.precision in ("day", "month", "year")
    assert all(isinstance(c, Citation) and len(c.span) == 2 for c in result.legal_basis)
    assert all(isinstance(q, Quota) and isinstance(q.value, (int, float)) for q in result.quotas)


@pytest.mark.parametrize(
    "source, error",
    [
        (b"", EmptyDocument),
        (b"%PDF-1.5\n" + bytes(range(256)) * 8, UnreadableFile),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, UnsupportedFormat),
        (Path("/nonexistent/ke-hoach-12.docx"), KhparseError),
    ],
)
def test_bad_input_raises_khparse_errors(source: object, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        extract_result(source)  # type: ignore[arg-type]
    assert isinstance(info.value, KhparseError) and info.value.code


def test_bad_ocr_mode_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="ocr"):
        extract(PLAN, ocr="sometimes")


@pytest.mark.parametrize("path", EVERY_OUTPUT, ids=lambda p: p.name)
def test_every_corpus_output_round_trips_exactly(path: Path) -> None:
    """The model accepts exactly what the schema accepts, and gives the same JSON bytes back."""
    out = run_file(path, ocr="never")
    schema_errors = validate(out)
    if schema_errors:  # an extractor bug: the model must refuse it too
        with pytest.raises(ValidationError):
            KhResult.from_dict(out)
        pytest.xfail(f"pipeline output breaks the contract: {schema_errors[0]}")
    back = KhResult.from_dict(out).to_dict()
    assert back == out
    assert json.dumps(back, ensure_ascii=False) == json.dumps(out, ensure_ascii=False)


def test_the_main_corpus_outputs_are_all_valid(outputs: dict[str, dict]) -> None:
    """The round trip above is not vacuous: the five samples validate."""
    for name, out in outputs.items():
        assert KhResult.from_dict(out).to_dict() == out, name


def test_added_fields_are_kept_in_place() -> None:
    out = extract(PLAN)
    out["x_reviewed_by"] = "văn thư"
    out["document"] = {"x_note": "added first", **out["document"], "attached_plan": None}
    out["tasks"] = [{**t, "x_priority": 1} for t in out["tasks"]]
    result = KhResult.from_dict(out)
    assert result.model_extra == {"x_reviewed_by": "văn thư"}
    assert json.dumps(result.to_dict()) == json.dumps(out)


def test_to_dict_is_a_copy() -> None:
    result = extract_result(PLAN)
    d = result.to_dict()
    d["sections"].clear()
    d["document"]["title"] = "changed"
    assert result.sections and result.document.title != "changed"


def test_models_are_immutable() -> None:
    result = extract_result(PLAN)
    with pytest.raises(ValidationError):
        result.document.title = "x"  # type: ignore[misc]


def test_a_model_built_in_python_dumps_in_declared_order() -> None:
    date = Date(value="2024-03", precision="month", text="tháng 3 năm 2024")
    assert list(date.to_dict()) == ["value", "precision", "text"]
    lunar = Date(value="2023-03-23", precision="day", text="23/3/2023 Âm lịch", calendar="lunar", span=[5, 22])
    assert lunar.to_dict()["calendar"] == "lunar" and lunar.to_dict()["span"] == [5, 22]


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("signers"),
        lambda d: d["document"].__setitem__("place", ""),
        lambda d: d["sections"][0].__setitem__("level", "1"),
        lambda d: d.__setitem__("issuers", [{"name": "UBND xã", "parent": None, "abbreviation": None}]),
        lambda d: d["warnings"].append({"code": "Bad Code", "message": "x"}),
        lambda d: d["document"]["issued"].__setitem__("value", "2024-13-01"),
    ],
    ids=["missing-key", "blank-text", "string-for-int", "missing-nested-key", "bad-warning-code", "bad-month"],
)
def test_from_dict_rejects_what_the_schema_rejects(mutate) -> None:  # type: ignore[no-untyped-def]
    out = extract(PLAN)
    if not out["warnings"]:
        out["warnings"] = [{"code": "ok", "message": "fine"}]
    mutate(out)
    assert validate(out) != []
    with pytest.raises(ValidationError):
        KhResult.from_dict(out)


def test_quality_block_is_typed_and_closed() -> None:
    out = extract(PLAN)
    if "quality" not in out:
        pytest.skip("this pipeline emits no quality block")
    result = KhResult.from_dict(out)
    assert result.quality is not None and result.quality.level in ("doubtful", "check", "good")
    assert 0 <= result.quality.score <= 1
    out["quality"]["x_extra"] = 1  # the contract closes this object: both refuse an added key
    assert validate(out) != []
    with pytest.raises(ValidationError):
        KhResult.from_dict(out)


def test_public_extract_survives_importing_the_extractors() -> None:
    """`from parser import extract` stays the function after the `parser.extract` subpackage is loaded."""
    import subprocess
    import sys

    code = (
        "from parser.pipeline import run_file; run_file('corpus/003_f6966018c26bf747.txt'); "
        "from parser import extract; from parser.extract import units; "
        "assert callable(extract), extract; "
        "print(extract('corpus/003_f6966018c26bf747.txt')['document']['type'])"
    )
    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "KH"
