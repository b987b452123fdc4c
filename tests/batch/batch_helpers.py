"""Shared helpers for the batch tests: build input trees, run `khparse batch` as a subprocess, read outputs.

The batch always runs in a child process: the test process then never
forks worker processes itself (it may hold threads, e.g. after the Dask test).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
TEXTS = sorted(CORPUS.glob("*.txt"))
KHPARSE = [sys.executable, "-m", "parser"]
RUN_FILES = {"_index.jsonl", "_errors.jsonl", "_summary.json", "results.jsonl", "results.csv"}


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KHPARSE_TEST_")}
    return {**env, **(extra or {})}


def batch(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*KHPARSE, "batch", *args], capture_output=True, timeout=timeout, env=_env(env), cwd=ROOT)


def popen_batch(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([*KHPARSE, "batch", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=_env(env), cwd=ROOT)


def copy_plans(dest: Path, n: int, sub: str = "") -> list[Path]:
    """n copies of the corpus plans (cycling), each with a distinct name and one distinct line (distinct sha256)."""
    folder = dest / sub if sub else dest
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        src = TEXTS[i % len(TEXTS)]
        target = folder / f"plan_{i:03d}.txt"
        target.write_text(src.read_text(encoding="utf-8") + f"\nBản số {i}.\n", encoding="utf-8")
        made.append(target)
    return made


def mixed_tree(base: Path) -> tuple[Path, Path, dict[str, str | None]]:
    """IN_DIR with good plans, a nested folder and every kind of bad input; rel path -> expected error code (None = ok)."""
    src = base / "in"
    outside = base / "elsewhere"
    outside.mkdir(parents=True)
    src.mkdir(parents=True)
    expected: dict[str, str | None] = {}
    for p in TEXTS[:3]:
        shutil.copy(p, src / p.name)
        expected[p.name] = None
    nested = src / "Phòng Nội vụ" / "2024"
    nested.mkdir(parents=True)
    shutil.copy(TEXTS[3], nested / "kế hoạch thi đua số 12.txt")  # spaces and diacritics in names
    expected["Phòng Nội vụ/2024/kế hoạch thi đua số 12.txt"] = None
    shutil.copy(TEXTS[4], src / "UPPER.TXT")  # the glob is case-insensitive
    expected["UPPER.TXT"] = None
    (src / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "empty_document"
    (src / "scan.pdf").write_bytes(bytes(range(256)) * 64)  # binary junk named .pdf
    expected["scan.pdf"] = "undecodable_text"
    (src / "latin1.txt").write_bytes("Kế hoạch năm 2024".encode("latin-1", "replace") + b" caf\xe9 r\xe9sum\xe9\n")
    expected["latin1.txt"] = "undecodable_text"
    (outside / "secret.txt").write_text("KẾ HOẠCH bí mật\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", src / "link-out.txt")
    expected["link-out.txt"] = "symlink_outside_tree"
    os.symlink(src / TEXTS[0].name, src / "link-in.txt")  # a link inside the tree is followed
    expected["link-in.txt"] = None
    (src / "notes.md").write_text("not an input\n", encoding="utf-8")
    (src / ".hidden.txt").write_text("hidden\n", encoding="utf-8")
    return src, outside, expected


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def index_by_path(out: Path) -> dict[str, dict]:
    lines = read_jsonl(out / "_index.jsonl")
    by_path = {e["path"]: e for e in lines}
    assert len(by_path) == len(lines), "the index has one line per input"
    return by_path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def temp_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".")]


def outputs(out: Path) -> dict[str, Path]:
    """Relative input path -> its per-document JSON."""
    return {p.relative_to(out).as_posix()[: -len(".json")]: p for p in out.rglob("*.json")
            if p.name not in RUN_FILES and not p.name.startswith(".")}
