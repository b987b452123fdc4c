"""Whole-text fuzzing: real plans, randomly damaged the way conversions damage them.

Edits: deleted and swapped lines, duplicated headings, diacritics moved or
lost, page breaks and running page numbers injected mid-paragraph, Windows
line ends, markdown debris, a cut-off end. For every damaged document:
no exception, a schema-valid strict-JSON output, every span inside `text`,
and the same output when run again.
"""
from __future__ import annotations

import os
import unicodedata

import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fuzz.targets import check_text
from parser.text.normalize import normalize
from fuzz_strategies import corpus_texts

EXAMPLES = int(os.environ.get("KHPARSE_FUZZ_DOC_EXAMPLES", "150"))
RANDOM = bool(os.environ.get("KHPARSE_FUZZ_RANDOM"))
DOCS = corpus_texts()
HEADING_RE = regex.compile(r"^\s*(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s")
TONES = "\u0300\u0301\u0303\u0309\u0323"
PAGE_BREAKS = ("\n\n- 2 -\n\n", "\n\nTrang 3\n\n", "\f", "\n\n\n", "\n\n12\n\n", "\n\n")
EDITS = ("delete", "swap", "duplicate_heading", "duplicate", "retone", "strip_tones", "page_break", "crlf",
         "markdown", "truncate", "join")

Edit = tuple[str, float, int]


def _retone(line: str, k: int) -> str:
    """Move, change or drop one tone mark on the line (as OCR and old converters do)."""
    nfd = unicodedata.normalize("NFD", line)
    marks = [i for i, ch in enumerate(nfd) if ch in TONES]
    if not marks:
        return line
    i = marks[k % len(marks)]
    new = TONES[(TONES.index(nfd[i]) + 1 + k) % len(TONES)] if k % 3 else ""
    return unicodedata.normalize("NFC", nfd[:i] + new + nfd[i + 1:])


def _strip_tones(line: str) -> str:
    nfd = unicodedata.normalize("NFD", line)
    return unicodedata.normalize("NFC", "".join(ch for ch in nfd if not unicodedata.combining(ch))).replace("đ", "d").replace("Đ", "D")


def apply(text: str, edits: list[Edit]) -> str:
    lines = text.split("\n")
    for kind, where, k in edits:
        if not lines:
            break
        i = min(int(where * len(lines)), len(lines) - 1)
        if kind == "delete":
            del lines[i]
        elif kind == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif kind == "duplicate_heading":
            heads = [j for j, ln in enumerate(lines) if HEADING_RE.match(ln)]
            if heads:
                j = heads[k % len(heads)]
                lines.insert(j + 1, lines[j])
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "retone":
            lines[i] = _retone(lines[i], k)
        elif kind == "strip_tones":
            lines[i] = _strip_tones(lines[i])
        elif kind == "page_break":
            line = lines[i]
            cut = line.find(" ", (k * 7) % (len(line) + 1))
            if cut > 0:
                lines[i:i + 1] = (line[:cut] + PAGE_BREAKS[k % len(PAGE_BREAKS)] + line[cut + 1:]).split("\n")
        elif kind == "crlf":
            lines[i] = lines[i] + "\r"
        elif kind == "markdown":
            lines[i] = ("**" + lines[i] + "**") if k % 2 else ("# " + lines[i])
        elif kind == "truncate":
            lines = lines[: max(1, i)]
        elif kind == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + " " + lines[i + 1]]
    return "\n".join(lines)


# Schema violations of known bugs in modules this suite does not own, each pinned by a strict xfail
# in tests/fuzz/test_known_bugs.py: tolerated here so fuzzing goes on past them. Remove a line
# once its xfail starts passing.
KNOWN = (
    r"^\$\.rewards\[\d+\]\.quota: '' should be non-empty",  # parser/extract/rewards.py
)

EDIT = st.tuples(st.sampled_from(EDITS), st.floats(0, 1, allow_nan=False), st.integers(0, 1000))


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not RANDOM,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(sorted(DOCS)), st.lists(EDIT, min_size=1, max_size=12))
def test_damaged_plans_give_valid_deterministic_output(name: str, edits: list[Edit]) -> None:
    text = apply(DOCS[name], edits)
    # Text that normalizes to nothing is the readers' EmptyDocument (run_text: test_known_bugs).
    assume(normalize(text).text.strip())
    check_text(text, tolerate=KNOWN)


def test_edits_do_what_they_say() -> None:
    text = "I. MỤC ĐÍCH\n1. Tổ chức tốt hội nghị tổng kết\nNơi nhận:"
    assert apply(text, [("duplicate_heading", 0.0, 0)]).count("I. MỤC ĐÍCH") == 2
    assert "Muc dich".upper() in apply(text, [("strip_tones", 0.0, 0)]).upper().replace("Đ", "D")
    assert "- 2 -" in apply(text, [("page_break", 0.5, 0)])
    assert apply(text, [("delete", 0.99, 0)]).count("\n") == 1
    assert apply(text, [("retone", 0.4, 1)]) != text
