"""The PDF reader's fast paths give exactly what the plain code they replaced gives.

Reading a text PDF is dominated by per-character boxes and per-line geometry,
so those loops call pdfium through bare ctypes prototypes and avoid builtins
in their inner loops. Each is checked here against a straightforward version
(the reader's earlier code) on real pages and on random data: same boxes,
same cuts, same medians, same margins, to the last bit.
"""
from __future__ import annotations

import ctypes
import math
import statistics

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdf_makers import FIXTURES, make_text_pdf
from parser.read.pdf_layout import MIN_GUTTER, Line, Seg, group_lines, median
from parser.read.pdf_order import _edge_cluster
from parser.read.pdf_text import LINE_RE, _cut_line, _TextPage, page_segments

DIGITAL = sorted(p for p in FIXTURES.glob("[0-9][0-9][0-9]_*.pdf") if p.name.count(".") == 1)


# --- references: the plain versions ----------------------------------------------------------------

def ref_cut_line(tp, start: int, end: int) -> list[tuple[int, int, tuple[float, float, float, float]]]:  # type: ignore[no-untyped-def]
    """Per-character boxes through pypdfium2's own helper, cut where the gap to the previous box is wide."""
    boxes = []
    for i in range(start, end):
        lft, btm, rgt, top = tp.get_charbox(i)
        if rgt > lft:
            boxes.append((i, (lft, btm, rgt, top)))
    if not boxes:
        return []
    limit = max(MIN_GUTTER * 0.8, 1.0 * max(b[3] - b[1] for _, b in boxes))
    runs, run_start, run_boxes, prev = [], boxes[0][0], [boxes[0][1]], boxes[0][1]
    for i, box in boxes[1:]:
        if box[0] - prev[2] > limit or box[0] < prev[0] - limit:
            runs.append((run_start, i, run_boxes))
            run_start, run_boxes = i, []
        run_boxes.append(box)
        prev = box
    runs.append((run_start, end, run_boxes))
    return [(s, e, (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs)))
            for s, e, bs in runs]


def ref_edge_cluster(values: list[float], n: int, *, low: bool) -> float:
    ordered = sorted(values, reverse=not low)
    for i, v in enumerate(ordered):
        if sum(1 for w in ordered[i:] if abs(w - v) <= 3) >= n:
            return v
    return ordered[0]


def ref_group_lines(segs: list[Seg]) -> list[tuple]:
    groups: list[tuple[list[float], list[Seg]]] = []
    for seg in sorted(segs, key=lambda s: s.top + s.bottom):
        best = None
        for box, members in reversed(groups[-4:]):
            overlap = min(box[1], seg.bottom) - max(box[0], seg.top)
            if overlap < 0.5 * min(box[2], seg.height):
                continue
            if any(s.x0 < seg.x1 - 1 and seg.x0 < s.x1 - 1 for s in members):
                continue
            best = (box, members)
            break
        if best is None:
            groups.append(([seg.top, seg.bottom, seg.height], [seg]))
        else:
            best[0][0], best[0][1] = min(best[0][0], seg.top), max(best[0][1], seg.bottom)
            best[1].append(seg)
    out = []
    for _, members in groups:
        ordered = sorted(members, key=lambda s: s.x0)
        out.append((
            [id(s) for s in ordered], ordered[0].x0, max(s.x1 for s in members), min(s.top for s in members),
            max(s.bottom for s in members), statistics.median(s.height for s in members),
            statistics.median(s.size for s in members),
        ))
    out.sort(key=lambda t: t[3] + t[4])
    return out


def line_facts(line: Line) -> tuple:
    return [id(s) for s in line.segs], line.x0, line.x1, line.top, line.bottom, line.height, line.size


def padded_row_pdf() -> bytes:
    """A header typed as one text object per row, the columns padded apart with spaces."""
    return make_text_pdf([[
        ("ỦY BAN NHÂN DÂN" + " " * 14 + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 95, 60, 12),
        ("Số: 07/KH-UBND" + " " * 18 + "An Phú, ngày 02 tháng 01 năm 2025", 115, 98, 12),
        ("Tổ chức các hoạt động kỷ niệm Ngày thành lập Đảng", 90, 160, 13),
    ]])


# --- pdfium calls ----------------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["padded", *[p.name for p in DIGITAL[:2]]])
def test_rects_and_cuts_match_the_pypdfium2_helpers(source: str) -> None:
    data = padded_row_pdf() if source == "padded" else (FIXTURES / source).read_bytes()
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        tp = page.get_textpage()
        fast = _TextPage(tp)
        text = tp.get_text_range(0, tp.count_chars())
        lines = [m.span() for m in LINE_RE.finditer(text)]
        assert lines
        cuts = 0
        for s, e in lines:
            k = tp.count_rects(s, e - s)
            assert fast.rects(s, e - s) == [tp.get_rect(j) for j in range(k)]
            assert fast.font_size(s) == pdfium_c.FPDFText_GetFontSize(tp.raw, s)
            x, y = ctypes.c_double(), ctypes.c_double()
            assert pdfium_c.FPDFText_GetCharOrigin(tp.raw, s, x, y) and fast.origin(s) == x.value
            runs = _cut_line(fast, text, s, e)
            assert all(rebuilt is None for *_, rebuilt in runs)  # in order: plain runs of text[start:end]
            assert [run[:3] for run in runs] == ref_cut_line(tp, s, e)
            cuts += len(runs) > 1
        if source == "padded":
            assert cuts == 2  # both padded rows are cut at their gap, the plain line is not
        tp.close()
        page.close()
    finally:
        pdf.close()


def test_padded_rows_become_two_segments_each() -> None:
    pdf = pdfium.PdfDocument(padded_row_pdf())
    try:
        page = pdf[0]
        texts = [s.text for s in page_segments(page, 0, 1)]
        page.close()
    finally:
        pdf.close()
    assert texts == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 07/KH-UBND",
                     "An Phú, ngày 02 tháng 01 năm 2025", "Tổ chức các hoạt động kỷ niệm Ngày thành lập Đảng"]


def test_bare_prototypes_point_at_the_pdfium_functions() -> None:
    from parser.read import pdf_text

    for bare, name in ((pdf_text._CHAR_BOX, "FPDFText_GetCharBox"), (pdf_text._GET_RECT, "FPDFText_GetRect"),
                       (pdf_text._COUNT_RECTS, "FPDFText_CountRects"), (pdf_text._FONT_SIZE, "FPDFText_GetFontSize"),
                       (pdf_text._LOOSE_BOX, "FPDFText_GetLooseCharBox"), (pdf_text._CHAR_ORIGIN, "FPDFText_GetCharOrigin")):
        assert ctypes.cast(bare, ctypes.c_void_p).value == ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    from parser.read import pdf_calls, pdf_tables

    for bare, name in ((pdf_calls._CHAR_MATRIX, "FPDFText_GetMatrix"), (pdf_calls._TEXT_OBJECT, "FPDFText_GetTextObject"),
                       (pdf_calls._OBJ_FONT, "FPDFTextObj_GetFont"), (pdf_calls._GLYPH_WIDTH, "FPDFFont_GetGlyphWidth"),
                       (pdf_calls._BASE_FONT_NAME, "FPDFFont_GetBaseFontName"), (pdf_calls._FONT_INFO, "FPDFText_GetFontInfo"),
                       (pdf_tables._COUNT, "FPDFPage_CountObjects"), (pdf_tables._GET, "FPDFPage_GetObject"),
                       (pdf_tables._TYPE, "FPDFPageObj_GetType"), (pdf_tables._BOUNDS, "FPDFPageObj_GetBounds"),
                       (pdf_tables._FORM_COUNT, "FPDFFormObj_CountObjects"), (pdf_tables._FORM_GET, "FPDFFormObj_GetObject")):
        assert ctypes.cast(bare, ctypes.c_void_p).value == ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value


# --- geometry on plain data ------------------------------------------------------------------------

FLOATS = st.floats(min_value=-50, max_value=900, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(FLOATS, min_size=1, max_size=30))
def test_median_is_statistics_median(values: list[float]) -> None:
    assert median(values) == statistics.median(values)
    assert math.copysign(1, median(values)) == math.copysign(1, statistics.median(values))


EDGE_VALUES = st.one_of(
    st.lists(FLOATS, min_size=1, max_size=60),
    # values on and around the 3 pt window, where rounding decides
    st.builds(lambda base, steps: [base + s for s in steps], FLOATS,
              st.lists(st.sampled_from([0.0, 0.1, 2.9999999999999996, 3.0, 3.0000000000000004, 3.1, -3.0, 36.0]),
                       min_size=1, max_size=40)),
)


@settings(max_examples=400, deadline=None)
@given(EDGE_VALUES, st.integers(min_value=1, max_value=30), st.booleans())
def test_edge_cluster_is_the_plain_scan(values: list[float], n: int, low: bool) -> None:
    assert _edge_cluster(values, n, low=low) == ref_edge_cluster(values, n, low=low)


def test_edge_cluster_with_nan_falls_back_to_the_scan() -> None:
    values = [100.0, math.nan, 101.0, 300.0, 99.5]
    for low in (True, False):
        got, want = _edge_cluster(values, 2, low=low), ref_edge_cluster(values, 2, low=low)
        assert got == want or (math.isnan(got) and math.isnan(want))


def test_edge_cluster_is_not_quadratic_on_a_ragged_edge() -> None:
    import random
    import time

    rng = random.Random(3)
    values = [rng.uniform(380.0, 552.0) for _ in range(20_000)]  # ragged right edge, no 5% cluster
    t0 = time.process_time()
    _edge_cluster(values, 1_000, low=False)
    assert time.process_time() - t0 < 1.0  # the plain scan takes minutes here


SEG = st.builds(
    lambda x, w, top, h, size: Seg("x", x, top, x + w, top + h, size),
    st.floats(min_value=0, max_value=500), st.floats(min_value=0.5, max_value=200),
    st.floats(min_value=0, max_value=800), st.floats(min_value=0.2, max_value=30),
    st.sampled_from([0.0, 9.0, 12.0, 13.0, 13.5]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SEG, min_size=0, max_size=25))
def test_group_lines_is_the_plain_grouping(segs: list[Seg]) -> None:
    assert [line_facts(ln) for ln in group_lines(segs)] == ref_group_lines(segs)
