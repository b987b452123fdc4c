"""Very long lines: the pipeline's regexes must not go catastrophic, and the line limit must hold.

Several extractors look back over a whole line or sentence for every number
or date in it (tests/fuzz/test_known_bugs.HOT_SPOTS): fine on paragraphs,
quadratic on a megabyte without a line break. Until they are bounded, the
readers refuse lines over `max_line_chars` (20 000); these tests pin both
sides: what is refused is refused at once, and the worst line still
accepted finishes well inside the time limit.
"""
from __future__ import annotations

import time

import pytest

from bad_inputs import MIB, long_line
from fuzz.targets import check_output
from parser.errors import LimitExceeded
from parser.limits import DEFAULTS
from parser.pipeline import run_bytes, run_text

PATTERNS = {"dots": "1.1.1.1.", "ngay": "ngày ", "so": "Số: ", "award": "Tặng Giấy khen cho 05 tập thể, ",
            "dates": "12/3/2024 ", "colon": ": "}
HEAD = "KẾ HOẠCH\nTổ chức thi đua\n"  # a type line and a title, so the long line is body text


def line_of(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def timed(fn, *args):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - t0


def test_5mb_single_line_is_refused_at_once() -> None:
    data = long_line(5 * MIB).encode("utf-8")
    t0 = time.perf_counter()
    with pytest.raises(LimitExceeded, match="KHPARSE_MAX_TEXT_CHARS"):
        run_bytes(data, path="one_line.txt")
    assert time.perf_counter() - t0 < 3


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_1mb_line_of_a_pattern_is_refused_at_once(name: str) -> None:
    data = (HEAD + line_of(PATTERNS[name], MIB)).encode("utf-8")
    t0 = time.perf_counter()
    with pytest.raises(LimitExceeded, match="a line of 1,048,576 characters"):
        run_bytes(data, path=f"{name}.txt")
    assert time.perf_counter() - t0 < 2


@pytest.mark.parametrize("name", ["dots", "ngay"])
def test_linear_patterns_run_through_the_pipeline_even_at_1mb(name: str) -> None:
    """Below the readers, the text path itself: these shapes cost linear time."""
    out, seconds = timed(run_text, HEAD + line_of(PATTERNS[name], MIB))
    check_output(out)
    assert seconds < 15, seconds


@pytest.mark.parametrize("name", ["so", "award"])
def test_the_worst_accepted_line_stays_inside_the_time_limit(name: str) -> None:
    """The slowest known shapes at the line limit itself (today ~4 s and ~6 s here)."""
    data = (HEAD + line_of(PATTERNS[name], DEFAULTS.max_line_chars) + "\n").encode("utf-8")
    out, seconds = timed(run_bytes, data)
    check_output(out)
    assert seconds < DEFAULTS.timeout / 5, seconds
