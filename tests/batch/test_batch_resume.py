"""Resume: skip what is done, redo what changed, survive SIGKILL at any moment."""
from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from batch_helpers import batch, copy_plans, index_by_path, outputs, popen_batch, read_jsonl, temp_files


def _processes_mentioning(needle: str) -> list[int]:
    """Live processes whose command line contains `needle` (forked workers share the parent's)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as fh:
                    if needle.encode() in fh.read():
                        found.append(int(entry.name))
            except OSError:
                continue
    return found


def summary(out: Path) -> dict:
    return json.loads((out / "_summary.json").read_text(encoding="utf-8"))


@pytest.fixture()
def done_run(tmp_path: Path) -> tuple[Path, Path, list[Path]]:
    files = copy_plans(tmp_path / "in", 4) + copy_plans(tmp_path / "in", 2, sub="sub")
    out = tmp_path / "out"
    res = batch(str(tmp_path / "in"), "-o", str(out), "-j", "2")
    assert res.returncode == 0, res.stderr.decode()
    return tmp_path / "in", out, files


def test_rerun_with_nothing_changed_skips_everything(done_run) -> None:
    src, out, files = done_run
    before = {rel: p.stat().st_mtime_ns for rel, p in outputs(out).items()}
    index_before = (out / "_index.jsonl").read_bytes()
    res = batch(str(src), "-o", str(out), "-j", "2")
    assert res.returncode == 0, res.stderr.decode()
    counts = summary(out)["counts"]
    assert counts["skipped"] == len(files) and counts["processed"] == 0 and counts["inputs"] == len(files)
    assert {rel: p.stat().st_mtime_ns for rel, p in outputs(out).items()} == before
    assert (out / "_index.jsonl").read_bytes() == index_before
    assert "6 unchanged" in res.stderr.decode()


def test_changed_file_is_redone_and_force_redoes_all(done_run) -> None:
    src, out, files = done_run
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    res = batch(str(src), "-o", str(out), "-j", "2")
    assert res.returncode == 0
    counts = summary(out)["counts"]
    assert counts["processed"] == 1 and counts["skipped"] == len(files) - 1
    index = index_by_path(out)
    rel = files[1].relative_to(src).as_posix()
    doc = json.loads((out / index[rel]["output"]).read_text(encoding="utf-8"))
    assert doc["source"]["sha256"] == index[rel]["sha256"]
    assert "Thêm một dòng." in doc["text"]

    res = batch(str(src), "-o", str(out), "-j", "2", "--force")
    assert res.returncode == 0
    counts = summary(out)["counts"]
    assert counts["processed"] == len(files) and counts["skipped"] == 0
    assert len(index_by_path(out)) == len(files)


def test_deleted_output_is_redone(done_run) -> None:
    src, out, files = done_run
    victim = next(iter(outputs(out).values()))
    victim.unlink()
    res = batch(str(src), "-o", str(out), "-j", "1")
    assert res.returncode == 0
    assert summary(out)["counts"]["processed"] == 1
    assert victim.is_file()


def test_truncated_index_line_and_stale_temp_files_are_tolerated(done_run) -> None:
    src, out, files = done_run
    index = out / "_index.jsonl"
    lines = index.read_bytes().splitlines(keepends=True)
    # A kill in the middle of an append: the last line is cut short (and it was the latest for its input).
    index.write_bytes(b"".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2])
    stale = out / "sub" / ".plan_000.txt.json.abcd1234.tmp"
    stale.write_text('{"half": ', encoding="utf-8")
    res = batch(str(src), "-o", str(out), "-j", "2")
    assert res.returncode == 0, res.stderr.decode()
    counts = summary(out)["counts"]
    assert counts["processed"] == 1 and counts["skipped"] == len(files) - 1
    assert len(read_jsonl(index)) == len(files)
    assert not stale.exists() and temp_files(out) == []


def test_skip_failed(tmp_path: Path) -> None:
    copy_plans(tmp_path / "in", 2)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert batch(str(tmp_path / "in"), "-o", str(out), "-j", "1").returncode == 3
    assert batch(str(tmp_path / "in"), "-o", str(out), "-j", "1").returncode == 3
    assert summary(out)["counts"]["processed"] == 1  # failures are retried by default
    assert batch(str(tmp_path / "in"), "-o", str(out), "-j", "1", "--skip-failed").returncode == 3
    assert summary(out)["counts"]["processed"] == 0
    assert [e["path"] for e in read_jsonl(out / "_errors.jsonl")] == ["empty.txt"]


def test_sigkill_mid_run_then_resume(tmp_path: Path) -> None:
    files = copy_plans(tmp_path / "in", 30) + copy_plans(tmp_path / "in", 10, sub="deeper/folder")
    src, out = tmp_path / "in", tmp_path / "out"
    proc = popen_batch(str(src), "-o", str(out), "-j", "2", env={"KHPARSE_TEST_DELAY": "0.15"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(outputs(out) if out.exists() else {}) < 3:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    done_at_kill = len(outputs(out))
    assert 3 <= done_at_kill < len(files), "the kill must land mid-run"
    time.sleep(0.3)  # orphaned workers (if any) would write now
    assert len(outputs(out)) == done_at_kill, "workers die with the parent and never write"
    assert _processes_mentioning(str(out)) == [], "no orphaned worker survives the parent"

    res = batch(str(src), "-o", str(out), "-j", "2")
    assert res.returncode == 0, res.stderr.decode()
    got = outputs(out)
    assert set(got) == {f.relative_to(src).as_posix() for f in files}
    for rel, path in got.items():
        assert json.loads(path.read_text(encoding="utf-8"))["source"]["path"] == rel
    index = read_jsonl(out / "_index.jsonl")
    assert sorted(e["path"] for e in index) == sorted(got)
    assert temp_files(out) == []
    counts = summary(out)["counts"]
    assert counts["skipped"] >= done_at_kill - 2 and counts["skipped"] + counts["processed"] == len(files)


def test_sigterm_stops_cleanly_and_reports(tmp_path: Path) -> None:
    copy_plans(tmp_path / "in", 12)
    src, out = tmp_path / "in", tmp_path / "out"
    proc = popen_batch(str(src), "-o", str(out), "-j", "2", env={"KHPARSE_TEST_DELAY": "0.3"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(outputs(out) if out.exists() else {}) < 2:
        time.sleep(0.02)
    proc.terminate()
    assert proc.wait(timeout=30) == 130
    done = outputs(out)
    assert 2 <= len(done) < 12
    assert summary(out)["interrupted"] is True
    assert sorted(e["path"] for e in read_jsonl(out / "_index.jsonl")) == sorted(done)  # compacted on the way out
    assert temp_files(out) == []  # no temp file, no lock file
    res = batch(str(src), "-o", str(out), "-j", "2")
    assert res.returncode == 0 and summary(out)["counts"]["skipped"] == len(done)
