"""--format jsonl and csv: one stream sorted by input path; CSV in UTF-8 with BOM that Excel reads."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from batch_helpers import batch, index_by_path, mixed_tree, outputs


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    src, _, expected = mixed_tree(tmp_path_factory.mktemp("fmt"))
    return src, expected


def test_jsonl_stream_sorted_one_document_per_line(tree, tmp_path: Path) -> None:
    src, expected = tree
    out = tmp_path / "out"
    res = batch(str(src), "-o", str(out), "-j", "2", "--format", "jsonl")
    assert res.returncode == 3, res.stderr.decode()
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines]
    ok = sorted(rel for rel, code in expected.items() if code is None)
    assert [d["source"]["path"] for d in docs] == ok
    per_doc = outputs(out)  # the per-document JSON files are kept (resume relies on them)
    for d in docs:
        assert d == json.loads(per_doc[d["source"]["path"]].read_text(encoding="utf-8"))


def test_csv_bom_and_vietnamese_intact(tree, tmp_path: Path) -> None:
    src, expected = tree
    out = tmp_path / "out"
    res = batch(str(src), "-o", str(out), "-j", "2", "--format", "csv")
    assert res.returncode == 3, res.stderr.decode()
    raw = (out / "results.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["path"] for r in rows] == sorted(expected)
    assert list(rows[0]) == ["path", "reference", "number", "symbol", "type", "date", "precision", "place", "issuer",
                             "abbreviation", "title", "signer_name", "signer_title", "recipients_count",
                             "warnings_count", "status", "error"]
    by_path = {r["path"]: r for r in rows}
    index = index_by_path(out)
    for rel, code in expected.items():
        row = by_path[rel]
        if code:
            assert row["status"] == "error" and row["error"].startswith(code)
        else:
            entry = index[rel]
            assert row["title"] == entry["title"] and row["issuer"] == (entry["issuer"] or "")
            assert row["reference"] == (entry["reference"] or "") and int(row["warnings_count"]) == entry["warnings"]
    assert "Phòng Nội vụ/2024/kế hoạch thi đua số 12.txt" in by_path
    text = " ".join(r["title"] + r["issuer"] + r["signer_name"] for r in rows)
    assert any(ch in text for ch in "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ")
