"""One bad file never stops the batch: a file past --timeout, a worker that dies."""
from __future__ import annotations

import json
import time
from pathlib import Path

from batch_helpers import batch, copy_plans, index_by_path, outputs, read_jsonl


def test_timeout_is_recorded_and_the_batch_goes_on(tmp_path: Path) -> None:
    copy_plans(tmp_path / "in", 6)
    out = tmp_path / "out"
    t0 = time.monotonic()
    res = batch(str(tmp_path / "in"), "-o", str(out), "-j", "2", "--timeout", "3",
                env={"KHPARSE_TEST_SLOW": "plan_002.txt"})
    assert time.monotonic() - t0 < 40
    assert res.returncode == 3, res.stderr.decode()
    errors = read_jsonl(out / "_errors.jsonl")
    assert [(e["path"], e["code"]) for e in errors] == [("plan_002.txt", "timeout")]
    assert "3 s" in errors[0]["message"]
    assert set(outputs(out)) == {f"plan_{i:03d}.txt" for i in range(6)} - {"plan_002.txt"}
    index = index_by_path(out)
    assert index["plan_002.txt"]["status"] == "error" and index["plan_002.txt"]["sha256"]
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert summary["workers_replaced"] >= 1 and summary["errors_by_code"] == {"timeout": 1}


def test_dead_worker_is_recorded_and_the_others_succeed(tmp_path: Path) -> None:
    copy_plans(tmp_path / "in", 6)
    out = tmp_path / "out"
    res = batch(str(tmp_path / "in"), "-o", str(out), "-j", "2", env={"KHPARSE_TEST_CRASH": "plan_001.txt,plan_004.txt"})
    assert res.returncode == 3, res.stderr.decode()
    errors = {e["path"]: e for e in read_jsonl(out / "_errors.jsonl")}
    assert set(errors) == {"plan_001.txt", "plan_004.txt"}
    assert all(e["code"] == "worker_died" and "exit code 70" in e["message"] for e in errors.values())
    assert set(outputs(out)) == {f"plan_{i:03d}.txt" for i in (0, 2, 3, 5)}
    index = index_by_path(out)
    assert [index[f"plan_{i:03d}.txt"]["status"] != "error" for i in (0, 2, 3, 5)] == [True] * 4

    # Fixed (the hook is gone): the next run retries only the failures.
    res = batch(str(tmp_path / "in"), "-o", str(out), "-j", "2")
    assert res.returncode == 0, res.stderr.decode()
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["processed"] == 2 and summary["counts"]["skipped"] == 4
    assert (out / "_errors.jsonl").read_text(encoding="utf-8") == ""


def test_single_worker_survives_repeated_deaths(tmp_path: Path) -> None:
    copy_plans(tmp_path / "in", 4)
    out = tmp_path / "out"
    res = batch(str(tmp_path / "in"), "-o", str(out), "-j", "1",
                env={"KHPARSE_TEST_CRASH": "plan_000.txt,plan_001.txt,plan_002.txt"})
    assert res.returncode == 3
    assert set(outputs(out)) == {"plan_003.txt"}
    assert {e["code"] for e in read_jsonl(out / "_errors.jsonl")} == {"worker_died"}
