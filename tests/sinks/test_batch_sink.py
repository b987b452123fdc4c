"""`khparse batch --sink` and `khparse sink`: the database holds exactly the batch's outputs, run after run."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parser.sinks import open_sink
from parser.sinks.rows import CHILD_COLUMNS, DOCUMENT_COLUMNS, JSON_COLUMNS, expected_counts

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted((ROOT / "corpus").glob("*.txt"))
RUN_FILES = {"_index.jsonl", "_errors.jsonl", "_summary.json"}


def batch(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The batch runs in a child process (it forks workers)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KHPARSE_TEST_")}
    return subprocess.run([sys.executable, "-m", "parser", "batch", *args, "-q", "-j", "2"],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)


def output_docs(out: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.rglob("*.json"))
            if p.name not in RUN_FILES and not p.name.startswith(".")]


def index(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in map(json.loads, (out / "_index.jsonl").read_text(encoding="utf-8").splitlines())}


def counts(url: str) -> dict[str, int]:
    with open_sink(url) as sink:
        return sink.counts()


@pytest.fixture()
def plans(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for p in TEXTS:
        shutil.copy(p, src / p.name)
    return src


def test_sqlite_sink_follows_the_outputs_across_reruns(plans: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "plans.db"
    url = f"sqlite:///{db}"
    res = batch(str(plans), "-o", str(out), "--sink", url)
    assert res.returncode == 0, res.stderr
    docs = output_docs(out)
    assert len(docs) == len(TEXTS)
    want = expected_counts(docs)
    assert counts(url) == want
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert summary["sinks"] == {"urls": [url], "earlier_outputs_loaded": 0}

    assert batch(str(plans), "-o", str(out), "--sink", url).returncode == 0  # resumed: everything skipped
    assert counts(url) == want
    assert batch(str(plans), "-o", str(out), "--sink", url, "--force").returncode == 0  # everything upserted again
    assert counts(url) == want
    with open_sink(url) as sink:
        assert sink.foreign_key_problems() == []

    db.unlink()  # a sink that lacks skipped inputs gets their earlier outputs
    res = batch(str(plans), "-o", str(out), "--sink", url)
    assert res.returncode == 0, res.stderr
    assert counts(url) == want
    assert json.loads((out / "_summary.json").read_text(encoding="utf-8"))["sinks"]["earlier_outputs_loaded"] == len(TEXTS)

    edited = plans / TEXTS[0].name  # same path, new bytes: a new document row, the old one stays
    edited.write_text(edited.read_text(encoding="utf-8") + "\nSao gửi kèm theo Kế hoạch này.\n", encoding="utf-8")
    assert batch(str(plans), "-o", str(out), "--sink", url).returncode == 0
    with open_sink(url) as sink:
        rows = sink._execute("SELECT sha256 FROM documents WHERE path = ?", (TEXTS[0].name,))
        assert len(rows) == 2 and index(out)[TEXTS[0].name]["sha256"] in {r[0] for r in rows}
        assert sink.counts()["documents"] == len(TEXTS) + 1


def _table_rows(sink, table: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Every row of a table, JSON columns decoded, loaded_at left out, in key order."""
    cols = DOCUMENT_COLUMNS if table == "documents" else ("sha256", *CHILD_COLUMNS[table])
    key = "sha256" if table == "documents" else "sha256, role, ordinal" if table == "citations" else "sha256, ordinal"
    rows = sink._execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {key}")
    fixed = []
    for row in rows:
        fixed.append(tuple(json.loads(v) if c in JSON_COLUMNS and isinstance(v, str) else
                           bool(v) if c == "ocr" and v is not None else v for c, v in zip(cols, row)))
    return fixed


def test_postgres_and_sqlite_get_the_same_rows(plans: Path, tmp_path: Path, pg_url: str) -> None:
    out, lite = tmp_path / "out", f"sqlite:///{tmp_path / 'plans.db'}"
    res = batch(str(plans), "-o", str(out), "--sink", lite, "--sink", pg_url)
    assert res.returncode == 0, res.stderr
    want = expected_counts(output_docs(out))
    assert counts(pg_url) == counts(lite) == want
    assert batch(str(plans), "-o", str(out), "--sink", pg_url, "--force").returncode == 0
    assert counts(pg_url) == want
    with open_sink(lite) as a, open_sink(pg_url) as b:
        for table in ("documents", *CHILD_COLUMNS):
            assert _table_rows(a, table) == _table_rows(b, table), table
    summary = (out / "_summary.json").read_text(encoding="utf-8")
    assert "s3cret" not in summary and ":***@127.0.0.1" in summary  # the password never lands in a file


def test_a_document_the_sink_refuses_is_an_error_and_retried(plans: Path, tmp_path: Path) -> None:
    out, url = tmp_path / "out", f"sqlite:///{tmp_path / 'plans.db'}"
    refused = TEXTS[2].name
    with open_sink(url) as sink:  # the schema exists; a trigger refuses one document
        sink._script(f"CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.path = '{refused}' "
                     "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;")
    res = batch(str(plans), "-o", str(out), "--sink", url)
    assert res.returncode == 3, res.stderr
    entries = index(out)
    assert entries[refused]["status"] == "error" and entries[refused]["error_code"] == "sink_failed"
    assert "refused by the test" in entries[refused]["error"]
    assert not (out / f"{refused}.json").exists()  # no output without its rows: the next run redoes it
    assert [e["path"] for e in map(json.loads, (out / "_errors.jsonl").read_text(encoding="utf-8").splitlines())] == [refused]
    assert counts(url)["documents"] == len(TEXTS) - 1 == sum(e["status"] != "error" for e in entries.values())
    with open_sink(url) as sink:
        sink._script("DROP TRIGGER refuse;")
    res = batch(str(plans), "-o", str(out), "--sink", url)
    assert res.returncode == 0, res.stderr
    assert counts(url) == expected_counts(output_docs(out)) and counts(url)["documents"] == len(TEXTS)


def test_a_sink_that_cannot_open_stops_the_batch_at_once(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = batch(str(plans), "-o", str(out), "--sink", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    assert res.returncode == 1 and "sink" in res.stderr and "unable to open" in res.stderr
    assert not list(out.rglob("*.txt.json"))  # nothing converted
    res = batch(str(plans), "-o", str(out), "--sink", "postgresql://khparse:hunter2@127.0.0.1:1/plans")
    assert res.returncode == 1 and "hunter2" not in res.stderr and "khparse:***@127.0.0.1:1" in res.stderr
    res = batch(str(plans), "-o", str(out), "--sink", "mongodb://localhost/plans")
    assert res.returncode == 2 and "unknown sink" in res.stderr


def test_sink_command_loads_an_output_folder(plans: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from parser.commands.sink import sink_cmd

    out, url = tmp_path / "out", f"sqlite:///{tmp_path / 'plans.db'}"
    assert batch(str(plans), "-o", str(out)).returncode == 0
    want = expected_counts(output_docs(out))
    runner = CliRunner()
    res = runner.invoke(sink_cmd, [str(out), "--sink", url])
    assert res.exit_code == 0, res.output
    assert f"{len(TEXTS)} documents put into" in res.output
    assert counts(url) == want
    assert runner.invoke(sink_cmd, [str(out), "--sink", url]).exit_code == 0  # again: same rows
    assert counts(url) == want
    res = runner.invoke(sink_cmd, [str(out), "--sink", url, "--missing-only"])
    assert res.exit_code == 0 and "0 documents put" in res.output

    loose = tmp_path / "loose"  # a plain folder of outputs (khparse extract -o DIR): no index
    (loose / "sub").mkdir(parents=True)
    for i, p in enumerate(sorted(out.glob("*.txt.json"))):
        shutil.copy(p, loose / ("sub" if i % 2 else "") / p.name)
    (loose / "_summary.json").write_text("{}", encoding="utf-8")
    (loose / "broken.json").write_text("{not json", encoding="utf-8")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    res = runner.invoke(sink_cmd, [str(loose), "--sink", other])
    assert res.exit_code == 3 and "broken.json" in res.output
    assert counts(other) == want
    assert runner.invoke(sink_cmd, [str(out), "--sink", "oracle://x"]).exit_code == 2
