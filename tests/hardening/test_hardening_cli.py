"""Every bad input through `khparse extract` in a subprocess: one line and a code each, never a traceback."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bad_inputs import CORPUS, GOOD_STEM
from hardening_helpers import khparse, leftovers, private_env
from kh_testutil import bad_spans
from parser.schema import validate

TIME_LIMIT = 120  # seconds for the whole corpus in one run: nothing may hang


def run(args: list, env: dict[str, str], *, stdin: bytes | None = None, timeout: float = TIME_LIMIT) -> subprocess.CompletedProcess:
    return subprocess.run([*khparse(), *args], env=env, input=stdin, capture_output=True, timeout=timeout)


def test_whole_corpus_in_one_run(bad_tree, tmp_path: Path) -> None:
    tmp, out = tmp_path / "tmp", tmp_path / "out"
    out.mkdir()
    rels = sorted(bad_tree.cases) + sorted(bad_tree.extra)
    paths = [os.fsencode(bad_tree.root) + b"/" + os.fsencode(rel).replace(b"\\xff\\xfe", b"\xff\xfe") for rel in rels]
    proc = run(["extract", *paths, "-o", str(out)], private_env(tmp))
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "internal_error" not in stderr and "internal error" not in stderr, stderr
    assert proc.returncode == 1  # some inputs failed (exit 1 wins over 4)
    lines = stderr.splitlines()
    for rel, case in bad_tree.cases.items():
        mine = [ln for ln in lines if f"{rel}:" in ln]
        if case.is_error:
            assert len(mine) == 1 and mine[0].startswith("khparse: error: ") and mine[0].endswith(f"[{case.expect}]"), (rel, mine)
            continue
        result = out / (Path(rel).stem + ".json")
        assert result.is_file(), (rel, mine)
        doc = json.loads(result.read_text(encoding="utf-8"))
        assert validate(doc) == [] and bad_spans(doc) == [], rel
        if case.expect == "not_a_plan":
            assert any(ln.endswith("[not_a_plan]") for ln in mine), (rel, mine)
        else:
            assert not mine, (rel, mine)
    # The CLI reads what it is given: a symlink named on the command line is followed (batch does not).
    assert json.loads((out / "link_outside.json").read_text(encoding="utf-8"))["document"]["type"] == "KH"
    undecodable = json.loads((out / os.fsdecode(b"bad-\xff\xfe-name.json")).read_bytes())
    assert undecodable["source"]["path"].endswith("bad-\\xff\\xfe-name.txt")  # JSON-safe escapes, not a crash
    assert sorted(p.parent for p in out.rglob("*")) == [out] * len(list(out.rglob("*")))  # nothing outside -o
    assert leftovers(tmp) == []


@pytest.mark.parametrize(("rel", "code", "marker"), [
    ("good/003_f6966018c26bf747.txt", 0, None),
    ("bad/quyet_dinh_khen_thuong.txt", 4, "[not_a_plan]"),
    ("bad/empty.txt", 1, "[empty_document]"),
    ("bad/zip_bomb.docx", 1, "[limit_exceeded]"),
    ("bad/huge_image.pdf", 1, "[limit_exceeded]"),
])
def test_exit_codes(bad_tree, tmp_path: Path, rel: str, code: int, marker: str | None) -> None:
    proc = run(["extract", str(bad_tree.path(rel))], private_env(tmp_path))
    assert proc.returncode == code, proc.stderr
    if marker:
        assert proc.stderr.decode().strip().endswith(marker)
    if code != 1:
        assert validate(json.loads(proc.stdout)) == []


def test_stdin_over_the_text_limit(bad_tree, tmp_path: Path) -> None:
    data = bad_tree.path("bad/big_50mb.txt").read_bytes()
    proc = run(["extract", "-"], private_env(tmp_path), stdin=data)
    assert proc.returncode == 1 and proc.stderr.decode().strip().endswith("[limit_exceeded]")


def test_limits_from_the_environment(tmp_path: Path) -> None:
    pdf = CORPUS / "fixtures" / f"{GOOD_STEM}.pdf"
    proc = run(["extract", str(pdf)], private_env(tmp_path, KHPARSE_MAX_PAGES="2"))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "the limit is 2 (KHPARSE_MAX_PAGES)" in err and err.strip().endswith("[limit_exceeded]")
    proc = run(["extract", str(pdf)], private_env(tmp_path, KHPARSE_MAX_INPUT_MB="0.01"))
    assert proc.returncode == 1 and "KHPARSE_MAX_INPUT_MB" in proc.stderr.decode()
    proc = run(["extract", str(pdf)], private_env(tmp_path, KHPARSE_MAX_PAGES="lots"))  # read by --max-pages: a usage error
    assert proc.returncode == 2 and "KHPARSE_MAX_PAGES" in proc.stderr.decode() and b"Traceback" not in proc.stderr
    proc = run(["extract", str(pdf)], private_env(tmp_path, KHPARSE_MAX_PAGES="0"))  # 0 = no limit
    assert proc.returncode == 0, proc.stderr


def test_special_files_are_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    proc = run(["extract", str(fifo), "/dev/zero", "-o", str(tmp_path / "out")], private_env(tmp_path / "tmp"), timeout=30)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and err.count("not a regular file") == 2, err
