"""Fast paths that must give exactly what the plain code gave.

- `fold`: an ASCII text by `str.lower`, a text below FAST_LIMIT by a list
  table, anything else by the dict table; every character folds as
  `fold_char` says, whichever path its text takes.
- `normalize`: the edges, page-break and line-start dash passes find the
  matches of their patterns without trying them at every character.
- `parse_heading`: a line whose first character no heading pattern can start
  with is no heading (checked against the patterns' first characters).
"""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from parser.text import fold as F
from parser.text.normalize import (
    DASH_BEFORE_NUMBER_RE,
    EDGES_RE,
    GLUED_DASH_RE,
    PAGE_BREAK_RE,
    _DASH_BEFORE_NUMBER,
    _GLUED_DASH,
    _Edges,
    _PageBreaks,
)
from parser.zones import sections as S


def test_fold_every_bmp_character_on_every_path() -> None:
    chars = [chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000]
    expected = [F.fold_char(c) for c in chars]
    assert [F.fold(c) for c in chars] == expected  # short: dict table (or str.lower for ASCII)
    pad = "ă" * (F.FAST_MIN_LENGTH + 1)
    for c, want in zip(chars, expected):
        assert F.fold(pad + c) == "a" * len(pad) + want  # long: the list table, or the dict beyond FAST_LIMIT


@given(st.text(max_size=80))
def test_fold_any_text_char_by_char(text: str) -> None:
    assert F.fold(text) == "".join(F.fold_char(c) for c in text)


def test_fold_ascii_is_lower_case_char_by_char() -> None:
    text = "".join(chr(i) for i in range(128)) * 2
    assert F.fold(text) == "".join(F.fold_char(c) for c in text)


def _spans(matches) -> list[tuple[tuple[int, int], str]]:  # type: ignore[no-untyped-def]
    return [(m.span(), m.group()) for m in matches]


WHITE = st.sampled_from(list(" \n\n\t\u00a0\u2028\u3000\x85\x0b"))
PAGE = st.sampled_from(list(" \n\n\n  ab.A)đ;:\t") + ["a) ", "b. ", "Xã", "\n \n", "。"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(WHITE, st.sampled_from(["a", "Kế hoạch", "x y"])), max_size=12).map("".join))
def test_edges_as_the_pattern(text: str) -> None:
    assert _spans(_Edges.finditer(text)) == _spans(EDGES_RE.finditer(text))


@settings(max_examples=800, deadline=None)
@given(st.lists(PAGE, max_size=16).map("".join))
def test_page_breaks_as_the_pattern(text: str) -> None:
    assert _spans(_PageBreaks.finditer(text)) == _spans(PAGE_BREAK_RE.finditer(text))


def test_page_breaks_on_plans() -> None:
    text = ("1. Mục tiêu\n\n- Nâng cao chất lượng\n\nhoạt động của các đơn vị;\n \n  tiếp tục.\n\n\n"
            "a) Đối với\n\nb) Tổ chức  \n\nthực hiện ./.\n\n")
    for t in (text, text.replace("\n", " \n"), text.replace("\n\n", "\n \n \n")):
        assert _spans(_PageBreaks.finditer(t)) == _spans(PAGE_BREAK_RE.finditer(t))


LINE_STARTS = st.sampled_from(["-", "–", "—", "+", "•", " ", "\n", "5", "1.", "2)", ". ", "a", "Ph", "\t", "10.", "12.3."])


@settings(max_examples=800, deadline=None)
@given(st.lists(LINE_STARTS, max_size=14).map("".join))
def test_line_start_dashes_as_the_patterns(text: str) -> None:
    for rx, fast in ((DASH_BEFORE_NUMBER_RE, _DASH_BEFORE_NUMBER), (GLUED_DASH_RE, _GLUED_DASH)):
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in rx.finditer(text)]


def test_heading_first_characters() -> None:
    bmp = [chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000]
    digit = regex.compile(r"\d")
    assert all(c.isdigit() for c in bmp if digit.match(c))  # DOTTED_RE, ARABIC_RE open with \d
    for rx in (S.ROMAN_RE, S.UPPER_RE, S.LOWER_RE):
        first = regex.compile(regex.match(r"\^\(\?P<num>(\[[^\]]+\])", rx.pattern).group(1))  # type: ignore[union-attr]
        assert all(c in S.HEAD_LETTERS for c in bmp if first.match(c)), rx.pattern


@given(st.lists(st.sampled_from(["#", "##", ">", "**", "__", " ", "*", "_", "I.", "a", "\t"]), max_size=6).map("".join))
def test_heading_markup_as_the_pattern(text: str) -> None:
    m = S.HEADING_MARKUP_RE.match(text)
    assert S.heading_markup(text) == (m.end() if m else 0)


def test_parse_heading_still_reads_every_kind() -> None:
    assert S.parse_heading("II. NỘI DUNG", 1).kind == "roman"  # type: ignore[union-attr]
    assert S.parse_heading("B. Nội dung", 0, 1).kind == "upper"  # type: ignore[union-attr]
    assert S.parse_heading("2.1. Chỉ tiêu").kind == "dotted"  # type: ignore[union-attr]
    assert S.parse_heading("**3. Tổ chức**").kind == "arabic"  # type: ignore[union-attr]
    assert S.parse_heading("c) 100% thôn").kind == "lower"  # type: ignore[union-attr]
    assert S.parse_heading("- Phòng Nội vụ") is None
    assert S.parse_heading("Phòng Nội vụ") is None
    assert S.parse_heading("") is None
