"""A mixed input tree: per-document JSON mirrored, index, errors, summary, exit code 3, nothing outside OUT_DIR."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from batch_helpers import batch, index_by_path, mixed_tree, outputs, read_jsonl, sha256, temp_files


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, dict, object]:
    base = tmp_path_factory.mktemp("mixed")
    src, outside, expected = mixed_tree(base)
    out = base / "out"
    res = batch(str(src), "-o", str(out), "-j", "2")
    return base, src, out, expected, res


def test_exit_code_3_when_some_failed(mixed_run) -> None:
    _, _, _, _, res = mixed_run
    err = res.stderr.decode("utf-8")
    assert res.returncode == 3, err
    assert "Traceback" not in err
    assert "failed" in err.splitlines()[-1]


def test_outputs_mirror_the_tree_and_keep_extensions(mixed_run) -> None:
    _, src, out, expected, _ = mixed_run
    ok = {rel for rel, code in expected.items() if code is None}
    assert set(outputs(out)) == ok
    assert (out / "Phòng Nội vụ" / "2024" / "kế hoạch thi đua số 12.txt.json").is_file()
    for rel, path in outputs(out).items():
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["source"]["path"] == rel  # relative to IN_DIR: the same wherever the tree is mounted
        if not (src / rel).is_symlink():
            assert doc["source"]["sha256"] == sha256(src / rel)
        assert path.read_text(encoding="utf-8").endswith("}\n")


def test_index_one_line_per_input_with_key_fields(mixed_run) -> None:
    _, src, out, expected, _ = mixed_run
    index = index_by_path(out)
    assert set(index) == set(expected)
    assert list(index) == sorted(index)  # compacted and sorted at the end
    for rel, code in expected.items():
        entry = index[rel]
        if code is None:
            assert entry["status"] in ("ok", "warning")
            assert entry["output"] == rel + ".json"
            doc = json.loads((out / entry["output"]).read_text(encoding="utf-8"))
            assert entry["reference"] == doc["document"]["reference"]
            assert entry["date"] == (doc["document"]["issued"] or {}).get("value")
            assert entry["issuer"] == doc["issuer"]["name"]
            assert entry["title"] == doc["document"]["title"]
            assert entry["recipients"] == len(doc["recipients"])
            assert entry["warnings"] == len(doc["warnings"])
            assert isinstance(entry["warnings"], int) and entry["warnings"] == sum(entry["warning_codes"].values())
            assert (entry["status"] == "warning") == (entry["warnings"] > 0)
            assert entry["seconds"] > 0
        else:
            assert entry["status"] == "error" and entry["error_code"] == code and entry["output"] is None
        assert entry["version"]
        if rel != "link-out.txt":
            assert entry["sha256"] == sha256(src / rel)
    assert index["link-out.txt"]["sha256"] is None  # the target outside the tree is never read
    assert sum(1 for rel, c in expected.items() if c is None and index[rel]["reference"]) >= 4
    assert all(index[rel]["title"] for rel, c in expected.items() if c is None)


def test_errors_file_one_line_per_failure(mixed_run) -> None:
    _, _, out, expected, _ = mixed_run
    errors = read_jsonl(out / "_errors.jsonl")
    failed = {rel: code for rel, code in expected.items() if code}
    assert {e["path"]: e["code"] for e in errors} == failed
    assert len(errors) == len(failed)
    by_code = {e["code"]: e["message"] for e in errors}
    assert "empty" in by_code["empty_document"]
    assert "outside" in by_code["symlink_outside_tree"]
    assert all(e["message"] for e in errors)


def test_summary(mixed_run) -> None:
    _, _, out, expected, _ = mixed_run
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    counts = summary["counts"]
    n_failed = sum(1 for c in expected.values() if c)
    assert counts["inputs"] == len(expected) and counts["error"] == n_failed
    assert counts["ok"] + counts["warning"] == len(expected) - n_failed
    assert counts["skipped"] == 0 and counts["processed"] == len(expected)
    assert summary["jobs"] == 2 and summary["engine"] == "local" and summary["version"]
    assert summary["errors_by_code"] == {"empty_document": 1, "symlink_outside_tree": 1, "undecodable_text": 2}
    assert summary["seconds"]["median_per_document"] > 0 and summary["seconds"]["documents_total"] > 0
    assert isinstance(summary["warnings_by_code"], dict)


def test_nothing_written_outside_out_dir_and_no_temp_files(mixed_run) -> None:
    base, src, out, _, _ = mixed_run
    assert sorted(p.name for p in base.iterdir()) == ["elsewhere", "in", "out"]
    assert [p.name for p in (base / "elsewhere").iterdir()] == ["secret.txt"]
    assert not list(src.rglob("*.json"))
    assert temp_files(out) == []


def test_out_dir_inside_in_dir_is_not_walked(tmp_path: Path) -> None:
    from batch_helpers import copy_plans

    copy_plans(tmp_path / "in", 2)
    res = batch(str(tmp_path / "in"), "-o", str(tmp_path / "in" / "out"), "-j", "1", "--glob", "*")
    assert res.returncode == 0, res.stderr.decode()
    res = batch(str(tmp_path / "in"), "-o", str(tmp_path / "in" / "out"), "-j", "1", "--glob", "*")
    assert res.returncode == 0, res.stderr.decode()
    assert set(index_by_path(tmp_path / "in" / "out")) == {"plan_000.txt", "plan_001.txt"}


@pytest.mark.parametrize("args, code", [
    (["-o", "{in}"], 2),                       # OUT_DIR == IN_DIR
    (["--engine", "dask"], 2),                  # dask without --scheduler
    (["--scheduler", "tcp://127.0.0.1:1"], 2),  # --scheduler without --engine dask
    (["--jobs", "0"], 2),
])
def test_usage_errors(tmp_path: Path, args: list[str], code: int) -> None:
    src = tmp_path / "in"
    src.mkdir()
    argv = [a.replace("{in}", str(src)) for a in args]
    if "-o" not in argv:
        argv += ["-o", str(tmp_path / "out")]
    res = batch(str(src), *argv)
    assert res.returncode == code
    assert b"Traceback" not in res.stderr


def test_empty_tree_is_success(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    res = batch(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr.decode()
    summary = json.loads((tmp_path / "out" / "_summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["inputs"] == 0
