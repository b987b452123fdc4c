"""`khparse batch` over a tree mixing every bad input with good ones.

Every input gets a documented code in _index.jsonl / _errors.jsonl or a
valid output; every good output is byte-identical to a clean run's; nothing
is written outside OUT_DIR; no temporary file is left; a file that would run
for minutes is cut at the time limit.
"""
from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from bad_inputs import ERRORS, good_text
from hardening_helpers import khparse, leftovers, private_env, snapshot
from kh_testutil import bad_spans
from parser.schema import validate

DOCUMENTED = set(ERRORS) | {"symlink_outside_tree", "timeout"}


def batch(in_dir: Path, out: Path, tmp: Path, *extra: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*khparse(), "batch", str(in_dir), "-o", str(out), "-j", "2", "-q", *extra],
                          env=private_env(tmp), capture_output=True, timeout=timeout)


def index(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in map(json.loads, (out / "_index.jsonl").read_text(encoding="utf-8").splitlines())}


def test_mixed_tree(bad_tree, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    before = snapshot(bad_tree.base)
    out = bad_tree.base / "out-mixed"
    proc = batch(bad_tree.root, out, tmp)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 3 and "Traceback" not in stderr, stderr
    entries = index(out)
    expected = {rel: case.expect for rel, case in bad_tree.cases.items()}
    expected.update(bad_tree.extra)
    expected.update({rel: "plan" for rel in bad_tree.good})
    hidden = [rel for rel in expected if rel.rsplit("/", 1)[-1].startswith(".")]
    assert hidden == ["bad/..%2F..%2Fx.txt"]  # a dot name is a hidden file: skipped by the walk, as documented
    for rel in hidden:
        del expected[rel]
    assert sorted(entries) == sorted(expected)
    for rel, want in expected.items():
        e = entries[rel]
        if want in DOCUMENTED:
            assert e["status"] == "error" and e["error_code"] == want, (rel, e)
            continue
        assert e["status"] in ("ok", "warning") and e["output"] == rel + ".json", (rel, e)
        doc = json.loads((out / e["output"]).read_bytes())
        assert validate(doc) == [] and bad_spans(doc) == [], rel
        assert doc["source"]["path"] == rel
        # "not a plan" as the CLI says it (exit 4): a not_a_plan warning, or no document type at all
        assert ("not_a_plan" in e["warning_codes"] or e["type"] is None) == (want == "not_a_plan"), (rel, e)
    assert "not_a_plan" in entries["bad/quyet_dinh_khen_thuong.txt"]["warning_codes"]
    errors = [json.loads(ln) for ln in (out / "_errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(e["path"] for e in errors) == sorted(r for r, w in expected.items() if w in DOCUMENTED)
    assert all(e["code"] in DOCUMENTED for e in errors), errors
    # Nothing changed outside OUT_DIR (the input tree, the folder a symlink points to), nothing left in TMPDIR.
    after = {k: v for k, v in snapshot(bad_tree.base).items() if not k.startswith("out-")}
    assert after == {k: v for k, v in before.items() if not k.startswith("out-")}
    assert leftovers(tmp) == []
    # Good outputs are byte-identical to a batch over the good files alone.
    clean = bad_tree.base / "out-clean"
    assert batch(bad_tree.clean, clean, tmp).returncode == 0
    for rel in bad_tree.good:
        assert (out / (rel + ".json")).read_bytes() == (clean / (rel + ".json")).read_bytes(), rel
    assert leftovers(tmp) == []


def test_a_file_that_would_run_for_minutes_is_cut_at_the_time_limit(tmp_path: Path) -> None:
    """Tens of thousands of headings: quadratic in the section code today, so minutes of work;
    the batch kills its worker at --timeout and goes on (whatever the extractor speed becomes,
    the batch never waits past the limit)."""
    src, out, tmp = tmp_path / "in", tmp_path / "out", tmp_path / "tmp"
    src.mkdir()
    (src / "headings.txt").write_text("KẾ HOẠCH\nabc\n" + "I. A\n" * 60_000, encoding="utf-8")
    (src / "plan.txt").write_text(good_text(), encoding="utf-8")
    t0 = time.monotonic()
    proc = batch(src, out, tmp, "--timeout", "4")
    wall = time.monotonic() - t0
    entries = index(out)
    assert entries["plan.txt"]["status"] in ("ok", "warning")
    slow = entries["headings.txt"]
    assert slow["status"] in ("ok", "warning") or slow["error_code"] == "timeout", slow
    assert wall < 4 + 15, wall  # the limit, plus start-up and a replacement worker
    assert proc.returncode in (0, 3) and leftovers(tmp) == []
