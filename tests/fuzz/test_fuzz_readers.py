"""Byte-level fuzzing of the readers + pipeline: only typed refusals or valid outputs.

Two fuzzers share the target `fuzz.targets.check_bytes`:
- a Hypothesis byte mutator over real seeds in every format (always runs);
- the atheris (libFuzzer, coverage-guided) target fuzz/fuzz_readers.py for a
  few seconds when atheris is installed (`make fuzz` installs it and runs it
  for 10 minutes).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.seeds import seeds
from fuzz.targets import check_bytes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("KHPARSE_FUZZ_BYTES_EXAMPLES", "500"))
RANDOM = bool(os.environ.get("KHPARSE_FUZZ_RANDOM"))
SEEDS = seeds()
ATHERIS_SECONDS = int(os.environ.get("KHPARSE_FUZZ_ATHERIS_SECONDS", "8"))

# (kind, position as a share of the length, length or byte, value)
MUTATION = st.tuples(st.sampled_from(("flip", "cut", "insert", "delete", "repeat", "zero")),
                     st.floats(0, 1, allow_nan=False), st.integers(0, 4096), st.binary(max_size=64))


def mutate(data: bytes, mutations: list[tuple[str, float, int, bytes]]) -> bytes:
    buf = bytearray(data)
    for kind, where, n, blob in mutations:
        i = min(int(where * len(buf)), max(0, len(buf) - 1))
        if kind == "flip" and buf:
            buf[i] ^= 1 << (n % 8)
        elif kind == "cut":
            del buf[i:]
        elif kind == "insert":
            buf[i:i] = blob
        elif kind == "delete":
            del buf[i:i + n % 512 + 1]
        elif kind == "repeat":
            buf[i:i] = buf[i:i + n % 256] * (n % 8 + 1)
        elif kind == "zero":
            buf[i:i + n % 256] = bytes(len(buf[i:i + n % 256]))
    return bytes(buf)


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not RANDOM,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(sorted(SEEDS)), st.lists(MUTATION, max_size=6))
def test_mutated_documents_give_typed_errors_or_valid_output(name: str, mutations) -> None:  # type: ignore[no-untyped-def]
    check_bytes(mutate(SEEDS[name], mutations), ocr="never")


def test_seeds_are_read() -> None:
    """The seeds themselves: the good ones give outputs, so mutations start from deep paths."""
    good = [n for n in SEEDS if n.startswith(("plan", "00"))]
    assert all(check_bytes(SEEDS[n]) is not None for n in good), good


def test_atheris_short_run(tmp_path: Path) -> None:
    """A few seconds of coverage-guided fuzzing; libFuzzer exits non-zero on the first crash."""
    if subprocess.run([sys.executable, "-c", "import atheris"], capture_output=True).returncode != 0:
        pytest.skip("atheris is not installed (make fuzz installs it)")
    from fuzz.seeds import write_seeds

    corpus = tmp_path / "corpus"
    write_seeds(corpus)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_readers.py"), str(corpus), f"-max_total_time={ATHERIS_SECONDS}",
         "-rss_limit_mb=4096", "-timeout=60", f"-artifact_prefix={tmp_path}/", "-print_final_stats=1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=ATHERIS_SECONDS + 120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert proc.returncode == 0 and not crashes, proc.stderr[-3000:]
    assert "Done" in proc.stderr and "stat::number_of_executed_units" in proc.stderr
