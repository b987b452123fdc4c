"""Coverage-guided fuzzing of the readers and the pipeline with atheris (libFuzzer).

    python fuzz/fuzz_readers.py SEED_DIR [libFuzzer flags: -max_total_time=600 -runs=N ...]

`make fuzz` installs atheris, writes the seeds (fuzz/seeds.py) and runs this
for 10 minutes; the suite runs it for a few seconds (tests/fuzz). Every
input goes through `parser.read.read_bytes` and the whole pipeline (OCR off:
Tesseract on noise only costs time); a `KhparseError` is an accepted answer,
anything else — another exception, or an output that breaks the contract
(fuzz.targets) — is a crash that libFuzzer saves to its artifact folder.
"""
from __future__ import annotations

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

with atheris.instrument_imports(include=["parser", "fuzz"]):
    from fuzz.targets import check_bytes


def test_one_input(data: bytes) -> None:
    check_bytes(data, ocr="never")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
