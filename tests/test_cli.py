"""CLI: exit codes and one-line errors on bad input, JSON on good input (run as a real subprocess)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kh_testutil import CORPUS, GOLD

KHPARSE = [sys.executable, "-m", "parser"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*KHPARSE, *args], input=stdin, capture_output=True, timeout=120)


def assert_clean_error(res: subprocess.CompletedProcess, code: int, needle: str) -> None:
    err = res.stderr.decode("utf-8")
    assert res.returncode == code, err
    assert "Traceback" not in err
    assert needle in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "name, data, needle",
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", bytes(range(256)) * 16, "binary"),
        ("latin1.txt", "Kế hoạch thi đua năm 2024 — bản lưu".encode("utf-8").decode("utf-8").encode("latin-1", "replace") + b"\xe9t\xe9", "UTF-8"),
        ("picture.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(tmp_path: Path, name: str, data: bytes, needle: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    assert_clean_error(run("extract", str(f)), 1, needle)


def test_missing_file_is_usage_error(tmp_path: Path) -> None:
    res = run("extract", str(tmp_path / "nope.txt"))
    assert res.returncode in (1, 2) and b"Traceback" not in res.stderr


def test_non_plan_text_exit_4_with_json(tmp_path: Path) -> None:
    f = tmp_path / "prose.txt"
    f.write_text("Hôm nay trời đẹp. Chúng tôi đi dạo quanh hồ Gươm và ăn kem Tràng Tiền.\n", encoding="utf-8")
    res = run("extract", str(f))
    assert res.returncode == 4
    assert b"not_a_plan" in res.stderr and b"Traceback" not in res.stderr
    out = json.loads(res.stdout)
    assert out["document"]["type"] is None


def test_extract_stdout_stdin_and_output_file(tmp_path: Path) -> None:
    doc = sorted(CORPUS.glob("*.txt"))[0]
    res = run("extract", str(doc))
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["schema_version"] == "1" and out["document"]["type"] == "KH"
    res2 = run("extract", "-", stdin=doc.read_bytes())
    assert json.loads(res2.stdout)["document"] == out["document"]
    target = tmp_path / "o.json"
    assert run("extract", str(doc), "-o", str(target)).returncode == 0
    assert json.loads(target.read_text(encoding="utf-8"))["document"] == out["document"]
    assert run("validate", str(target)).returncode == 0


def test_extract_many_to_directory_and_evaluate(tmp_path: Path) -> None:
    docs = [str(p) for p in sorted(CORPUS.glob("*.txt"))]
    res = run("extract", *docs, "-o", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    assert len(list((tmp_path / "out").glob("*.json"))) == len(docs)
    ev = run("evaluate", str(GOLD), str(tmp_path / "out"))
    assert ev.returncode == 0 and b"overall" in ev.stdout


def test_validate_rejects_bad_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema_version": "1"}), encoding="utf-8")
    res = run("validate", str(bad))
    assert res.returncode == 1 and b"Traceback" not in res.stderr


def test_usage_errors_exit_2() -> None:
    assert run("extract").returncode == 2
    assert run("frobnicate").returncode == 2


@pytest.mark.parametrize("cmd", [[], ["extract"], ["validate"], ["evaluate"], ["units"]])
def test_help_and_version(cmd: list[str]) -> None:
    res = run(*cmd, "--help")
    assert res.returncode == 0 and b"Usage" in res.stdout


def test_version() -> None:
    from parser import __version__

    assert run("--version").stdout.decode().strip().endswith(__version__)


def test_cli_import_stays_light() -> None:
    """`khparse --help` must not import the heavy libraries (click's test_imports idea)."""
    code = (
        "import sys, parser.cli; "
        "heavy = [m for m in ('spacy', 'underthesea', 'pdfplumber', 'pypdfium2', 'docx', 'fastapi', 'regex') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == ""


def test_single_file_into_existing_directory(tmp_path: Path) -> None:
    doc = sorted(CORPUS.glob("*.txt"))[0]
    res = run("extract", str(doc), "-o", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert (tmp_path / (doc.stem + ".json")).is_file()
