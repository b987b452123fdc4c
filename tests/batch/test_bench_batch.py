"""`python -m parser.bench_batch`: the quick text-only mode and what its report carries."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from batch_helpers import ROOT


def test_text_only_quick_run_reports_cpu_and_a_quiet_machine_estimate(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "parser.bench_batch", "--text-only", "--docs", "6", "--jobs", "1",
                          "--repeat", "2", "--no-baselines", "--out", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert res.returncode == 0, res.stderr
    report = json.loads((tmp_path / "bench_batch.json").read_text(encoding="utf-8"))
    assert report["corpus"] == {"text": 6, "pdf": 0, "docx": 0} and report["baselines"] == {}
    assert len(report["all_runs"]["text"]["1"]) == 2
    run = report["runs"]["text"][0]
    assert run["documents"] == 6 and run["errors"] == 0 and run["exit_code"] == 0
    assert run["cpu_ms_per_document"] > 0 and run["parent_cpu_ms_per_document"] >= 0
    assert run["quiet_docs_per_s_estimate"] > 0
    assert report["targets"]["text_docs_per_s"]["quiet_estimate"] == run["quiet_docs_per_s_estimate"]
    assert "quiet est" in res.stdout and "pdf_pages_per_s: not measured" in res.stdout
