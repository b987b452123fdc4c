"""Pieces of the batch: walk and output-path safety, the index, progress lines, light imports."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batch_helpers import ROOT, batch, copy_plans

from parser.batch import index as idx
from parser.batch.progress import Progress
from parser.batch.walk import DEFAULT_GLOBS, matches, safe_output_path, walk_inputs
from parser.batch.worker import header_fields


@pytest.mark.parametrize("rel", ["../x.txt", "a/../../x.txt", "/etc/passwd", "a//b.txt", "./a.txt", "", "a/./b.txt", "nul\x00.txt"])
def test_unsafe_relative_paths_are_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(ValueError):
        safe_output_path(tmp_path, rel)


def test_safe_output_path_keeps_extension_and_refuses_reserved_and_symlinked_dirs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert safe_output_path(out, "a/b/plan.pdf") == out / "a" / "b" / "plan.pdf.json"
    assert safe_output_path(out, "a/b/plan.pdf") != safe_output_path(out, "a/b/plan.docx")
    with pytest.raises(ValueError):
        safe_output_path(out, "_summary")  # would overwrite _summary.json
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", out / "trap")
    with pytest.raises(ValueError):
        safe_output_path(out, "trap/plan.txt")


@pytest.mark.parametrize("name, rel, globs, want", [
    ("Plan.PDF", "Plan.PDF", DEFAULT_GLOBS, True),
    ("kế hoạch.DocX", "x/kế hoạch.DocX", DEFAULT_GLOBS, True),
    ("plan.doc", "plan.doc", DEFAULT_GLOBS, True),
    ("plan.json", "plan.json", DEFAULT_GLOBS, False),
    ("plan.txt.bak", "plan.txt.bak", DEFAULT_GLOBS, False),
    ("a.txt", "2024/a.txt", ("2024/*",), True),
    ("a.txt", "2023/a.txt", ("2024/*",), False),
])
def test_glob_matching(name: str, rel: str, globs: tuple[str, ...], want: bool) -> None:
    assert matches(name, rel, globs) is want


def test_walk_sorted_skips_hidden_locks_and_links(tmp_path: Path) -> None:
    src, outside = tmp_path / "in", tmp_path / "outside"
    (src / "b").mkdir(parents=True)
    outside.mkdir()
    for rel in ["b/z.txt", "a.pdf", "~$lock.docx", ".hidden/x.txt", "b/.swp.txt", "c.md"]:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text("x", encoding="utf-8")
    os.symlink(outside, src / "dir-out")
    os.symlink(src / "b", src / "dir-in")  # walked under its real name only
    os.mkfifo(src / "pipe.txt")  # never opened (it would block a worker)
    got = {i.rel: i.error and i.error[0] for i in walk_inputs(src)}
    assert got == {"a.pdf": None, "b/z.txt": None, "dir-out": "symlink_outside_tree"}


def test_index_load_tolerates_truncated_tail_and_keeps_latest(tmp_path: Path) -> None:
    path = tmp_path / "_index.jsonl"
    a1 = {"path": "a.txt", "sha256": "1", "status": "ok", "version": "v", "output": "a.txt.json"}
    a2 = {**a1, "sha256": "2"}
    b = {"path": "b.txt", "sha256": "3", "status": "error", "version": "v", "output": None}
    path.write_text(idx.entry_line(a1) + "garbage\n" + idx.entry_line(b) + idx.entry_line(a2) + '{"path": "c.t', encoding="utf-8")
    got = idx.load(path)
    assert set(got) == {"a.txt", "b.txt"} and got["a.txt"].sha256 == "2"
    assert path.read_text(encoding="utf-8").endswith("}\n")  # the partial line is cut off
    w = idx.IndexWriter(path)
    w.append({**b, "status": "ok"})
    w.close()
    assert idx.load(path)["b.txt"].status == "ok"
    offsets = idx.last_offsets(path)
    with open(path, "rb") as fh:
        assert idx.read_entry(fh, offsets["a.txt"])["sha256"] == "2"


def test_reusable_rules(tmp_path: Path) -> None:
    (tmp_path / "a.txt.json").write_text("{}", encoding="utf-8")
    prev = idx.Prev("s", "ok", "1.0", "auto", "a.txt.json")
    assert idx.reusable(prev, "s", "1.0", "auto", tmp_path, False)
    assert not idx.reusable(prev, "t", "1.0", "auto", tmp_path, False)  # content changed
    assert not idx.reusable(prev, "s", "1.1", "auto", tmp_path, False)  # new extractor version
    assert not idx.reusable(prev, "s", "1.0", "always", tmp_path, False)  # other OCR mode
    assert not idx.reusable(idx.Prev("s", "ok", "1.0", "auto", "gone.json"), "s", "1.0", "auto", tmp_path, False)
    failed = idx.Prev("s", "error", "1.0", "auto", None)
    assert not idx.reusable(failed, "s", "1.0", "auto", tmp_path, False)
    assert idx.reusable(failed, "s", "1.0", "auto", tmp_path, True)


def test_progress_log_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    p = Progress(40, stream=stream, interval=3600, tty=False)
    p.last_log -= 2  # pretend a second has passed since the start
    for i in range(40):
        p.update("error" if i == 3 else "ok")
        p.last_log -= 2
    p.close()
    lines = stream.getvalue().splitlines()
    assert 2 <= len(lines) <= 21
    assert lines[-1].startswith("batch: 40/40 done, ") and lines[-1].endswith("ETA 0 s, 1 error")
    assert " files/s, ETA " in lines[0]
    quiet = io.StringIO()
    q = Progress(10, stream=quiet, quiet=True)
    for _ in range(10):
        q.update("ok")
    q.close()
    assert quiet.getvalue() == ""


def test_header_fields_tolerate_missing_parts() -> None:
    row = header_fields({"document": None, "warnings": [{"code": "x"}, {"code": "x"}, "junk"], "recipients": None})
    assert row["reference"] is None and row["warnings"] == 2 and row["warning_codes"] == {"x": 2} and row["recipients"] == 0


def test_help_is_fast_and_imports_nothing_heavy() -> None:
    code = ("import sys, time; t = time.perf_counter(); import parser.cli, parser.commands.batch; "
            "print(time.perf_counter() - t); "
            "print(sorted(m for m in ('parser.pipeline', 'dask', 'distributed', 'tqdm', 'parser.batch.pool') if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    seconds, heavy = res.stdout.splitlines()
    assert heavy == "[]"
    assert float(seconds) < 0.5
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "parser", "batch", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0 and "--jobs" in res.stdout and "resum" in res.stdout.lower()
    assert time.perf_counter() - t0 < 3  # interpreter start included; the import itself is checked above


def test_second_batch_on_the_same_out_dir_is_refused(tmp_path: Path) -> None:
    import fcntl

    copy_plans(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".khparse-batch.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        res = batch(str(tmp_path / "in"), "-o", str(out))
    assert res.returncode == 1 and b"another batch" in res.stderr
    res = batch(str(tmp_path / "in"), "-o", str(out), "-q")
    assert res.returncode == 0 and res.stderr == b""
    assert json.loads((out / "_summary.json").read_text(encoding="utf-8"))["counts"]["ok"] + \
        json.loads((out / "_summary.json").read_text(encoding="utf-8"))["counts"]["warning"] == 1
