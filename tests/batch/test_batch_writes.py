"""Outputs written by the workers (temporary name, fsync) and renamed by the parent.

The hook KHPARSE_TEST_WRITE_DELAY holds every write in the worker's writer
thread, so a crash, a timeout or a SIGTERM lands while writes are pending:
a pending write is converted again by another worker, never left half
written, and an output is visible only once its index line follows.
"""
from __future__ import annotations

import json
import os
import signal
import stat
import time
from pathlib import Path

import pytest

from batch_helpers import batch, copy_plans, index_by_path, outputs, popen_batch, read_jsonl, temp_files
from parser.batch.walk import OutputPaths, safe_output_path
from parser.write import temp_path, write_durable


def summary(out: Path) -> dict:
    return json.loads((out / "_summary.json").read_text(encoding="utf-8"))


def test_output_paths_agree_with_safe_output_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "a" / "b").mkdir(parents=True)
    paths = OutputPaths(out)
    for rel in ("a/b/plan.pdf", "a/b/plan.docx", "a/b/other.txt", "new/plan.txt", "top.txt"):
        assert paths(rel) == safe_output_path(out, rel)
    for rel in ("../x.txt", "a/../../x.txt", "_summary", "a//b.txt"):
        with pytest.raises(ValueError):
            paths(rel)
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", out / "trap")
    with pytest.raises(ValueError):
        paths("trap/plan.txt")
    # A folder already checked: a file there that is a link out is still refused.
    os.symlink(tmp_path / "elsewhere" / "x.json", out / "a" / "b" / "link.txt.json")
    with pytest.raises(ValueError):
        paths("a/b/link.txt")


def test_write_durable_gives_the_usual_mode_and_replaces_a_stale_temp(tmp_path: Path) -> None:
    target = tmp_path / "d" / "plan.txt.json"
    tmp = temp_path(target, "0000abcd")
    assert tmp == tmp_path / "d" / ".plan.txt.json.0000abcd.tmp"
    write_durable(tmp, b"stale, longer than the new content")
    os.chmod(tmp, 0o600)
    write_durable(tmp, "{\"ý\": 1}\n".encode("utf-8"))
    assert tmp.read_text(encoding="utf-8") == "{\"ý\": 1}\n"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(tmp.stat().st_mode) == 0o666 & ~mask


def test_a_write_pending_when_the_worker_dies_is_converted_again(tmp_path: Path) -> None:
    copy_plans(tmp_path / "in", 4)
    out = tmp_path / "out"
    res = batch(str(tmp_path / "in"), "-o", str(out), "-j", "1",
                env={"KHPARSE_TEST_CRASH": "plan_001.txt", "KHPARSE_TEST_WRITE_DELAY": "0.5"})
    assert res.returncode == 3, res.stderr.decode()
    assert set(outputs(out)) == {"plan_000.txt", "plan_002.txt", "plan_003.txt"}
    errors = read_jsonl(out / "_errors.jsonl")
    assert [(e["path"], e["code"]) for e in errors] == [("plan_001.txt", "worker_died")]
    index = index_by_path(out)
    assert {rel for rel, e in index.items() if e["output"]} == set(outputs(out))
    for rel, path in outputs(out).items():
        assert json.loads(path.read_text(encoding="utf-8"))["source"]["sha256"] == index[rel]["sha256"]
    assert temp_files(out) == []


def test_writes_finish_while_the_next_file_runs_into_its_timeout(tmp_path: Path) -> None:
    copy_plans(tmp_path / "in", 3)
    out = tmp_path / "out"
    res = batch(str(tmp_path / "in"), "-o", str(out), "-j", "1", "--timeout", "2",
                env={"KHPARSE_TEST_SLOW": "plan_001.txt", "KHPARSE_TEST_WRITE_DELAY": "0.3"})
    assert res.returncode == 3, res.stderr.decode()
    assert set(outputs(out)) == {"plan_000.txt", "plan_002.txt"}
    assert [(e["path"], e["code"]) for e in read_jsonl(out / "_errors.jsonl")] == [("plan_001.txt", "timeout")]
    assert summary(out)["workers_replaced"] == 1
    assert temp_files(out) == []


def test_sigterm_with_writes_pending_leaves_only_indexed_outputs(tmp_path: Path) -> None:
    copy_plans(tmp_path / "in", 10)
    src, out = tmp_path / "in", tmp_path / "out"
    proc = popen_batch(str(src), "-o", str(out), "-j", "2", env={"KHPARSE_TEST_WRITE_DELAY": "0.4"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(outputs(out) if out.exists() else {}) < 2:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 130
    done = outputs(out)
    assert 2 <= len(done) < 10
    assert sorted(e["path"] for e in read_jsonl(out / "_index.jsonl")) == sorted(done)
    assert temp_files(out) == []
    res = batch(str(src), "-o", str(out), "-j", "2")
    assert res.returncode == 0 and summary(out)["counts"]["skipped"] == len(done)


def test_recycled_workers_lose_no_file(tmp_path: Path) -> None:
    copy_plans(tmp_path / "in", 5)
    out = tmp_path / "out"
    res = batch(str(tmp_path / "in"), "-o", str(out), "-j", "2", "--max-tasks-per-worker", "1",
                env={"KHPARSE_TEST_WRITE_DELAY": "0.2"})
    assert res.returncode == 0, res.stderr.decode()
    assert set(outputs(out)) == {f"plan_{i:03d}.txt" for i in range(5)}
    assert summary(out)["counts"]["processed"] == 5 and temp_files(out) == []


def test_a_write_that_hangs_is_cut_at_the_time_limit(tmp_path: Path) -> None:
    copy_plans(tmp_path / "in", 1)
    out = tmp_path / "out"
    t0 = time.monotonic()
    res = batch(str(tmp_path / "in"), "-o", str(out), "-j", "1", "--timeout", "3",
                env={"KHPARSE_TEST_WRITE_DELAY": "30"})
    assert time.monotonic() - t0 < 40
    assert res.returncode == 3, res.stderr.decode()
    assert outputs(out) == {}
    errors = read_jsonl(out / "_errors.jsonl")
    assert [(e["path"], e["code"]) for e in errors] == [("plan_000.txt", "worker_died")]
    assert "output was written" in errors[0]["message"]  # tried twice (once again after the first kill)
    assert summary(out)["workers_replaced"] == 2 and temp_files(out) == []
