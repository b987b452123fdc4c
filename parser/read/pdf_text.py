"""The text layer of a PDF page as positioned runs (`Seg`), read with pypdfium2.

pdfium gives the page text with its own line breaks and, per line, one box
per text object (`FPDFText_CountRects`). A line whose objects stand apart by
more than word spacing is two table cells on one baseline and is cut there,
which takes per-character boxes. Where the two-column header and closing
live, every line with a space pays that price: a writer may type a whole
table row into one text object padded with spaces, which pdfium reports as
one box and one space.

Those per-character boxes are the largest Python cost of reading a text PDF
(one ctypes call each), so the pdfium calls go through ctypes prototypes with
plain address arguments, and the per-character loop keeps to locals and
C-level passes over the collected columns.
"""
from __future__ import annotations

import ctypes
import operator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from .pdf_layout import MIN_GUTTER, Seg

HEADER_ZONE = 0.35  # top share of page 1 where the two-column header is looked for

LINE_RE = regex.compile(r"[^\r\n]+")
NOI_NHAN_LINE_RE = regex.compile(r"(?im)^\W*n[oơ]i\s*nh[aậ]n\b")
CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def page_segments(page, index: int, count: int) -> list[Seg]:  # type: ignore[no-untyped-def]
    """Text runs of a page from pdfium: its text lines, each cut where a wide gap opens.

    One `count_rects` per line gives the boxes of its text objects; a line with
    a wide gap between boxes (two table cells on one baseline) pays for
    per-character boxes to find where to cut. Where the two-column header and
    closing live (top of page 1, the last pages, a page with "Nơi nhận") every
    line pays: a writer may put a whole table row in one text object padded
    with spaces, which pdfium reports as one box and one space.
    """
    left, bottom, _right, top = page.get_cropbox()
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        if n <= 0:
            return []
        text = tp.get_text_range(0, n)
        exact = len(text) == n  # char indices line up with the string (no surrogate pairs)
        if index >= count - 2 or NOI_NHAN_LINE_RE.search(text):
            deep_to = top - bottom  # the whole page (top-down)
        else:
            deep_to = HEADER_ZONE * (top - bottom) if index == 0 else -1.0
        api = _TextPage(tp)
        segs: list[Seg] = []
        for m in LINE_RE.finditer(text):
            s, e = m.span()
            rects = api.rects(s, e - s)
            if not rects:
                continue
            if len(rects) == 1:
                box = rects[0]
                deep = top - box[3] <= deep_to and " " in m.group(0).strip()
                cut = exact and deep
            else:
                box = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))
                deep = top - box[3] <= deep_to and " " in m.group(0).strip()
                cut = exact and (deep or _wide_gap(rects))
            for rs, re_, (x0, y0, x1, y1) in _cut_line(api, s, e) if cut else ((s, e, box),):
                piece = text[rs:re_]
                chunk = CONTROL_RE.sub("", piece).strip()
                if chunk:
                    size = api.font_size(rs + len(piece) - len(piece.lstrip()))
                    segs.append(Seg(chunk, x0 - left, top - y1, x1 - left, top - y0, round(size, 1)))
        return segs
    finally:
        tp.close()


Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF units, y up)
# The pdfium calls of the loops here. pypdfium2's bindings take typed pointers, which ctypes builds
# from c_double objects on every call; these prototypes take plain addresses of four doubles allocated
# once per page, and PYFUNCTYPE does not release the GIL around each sub-microsecond call. Same C
# functions (tests/read/test_pdf_fast_paths.py checks them against pypdfium2's helpers), a fifth
# cheaper per call, which counts at one call per character.
_VP = ctypes.c_void_p
_CHAR_BOX = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, _VP, _VP, _VP, _VP)(ctypes.cast(pdfium_c.FPDFText_GetCharBox, _VP).value)
_GET_RECT = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, _VP, _VP, _VP, _VP)(ctypes.cast(pdfium_c.FPDFText_GetRect, _VP).value)
_COUNT_RECTS = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, ctypes.c_int)(ctypes.cast(pdfium_c.FPDFText_CountRects, _VP).value)
_FONT_SIZE = ctypes.PYFUNCTYPE(ctypes.c_double, _VP, ctypes.c_int)(ctypes.cast(pdfium_c.FPDFText_GetFontSize, _VP).value)


class _TextPage:
    """A pdfium text page's boxes and font sizes through the calls above; four output doubles, allocated once."""

    __slots__ = ("handle", "out", "ptrs")

    def __init__(self, tp) -> None:  # type: ignore[no-untyped-def]
        self.handle = ctypes.cast(tp.raw, _VP).value
        self.out = tuple(ctypes.c_double() for _ in range(4))  # each call fills them in its own argument order
        self.ptrs = tuple(ctypes.addressof(d) for d in self.out)

    def rects(self, start: int, count: int) -> list[Box]:
        """Boxes of the text objects over chars start..start+count (`FPDFText_CountRects`, `FPDFText_GetRect`)."""
        k = _COUNT_RECTS(self.handle, start, count)
        if k == -1:
            raise pdfium.PdfiumError("Failed to count rectangles.")
        lft, top, rgt, btm = self.out
        rects: list[Box] = []
        for j in range(k):
            if not _GET_RECT(self.handle, j, *self.ptrs):
                raise pdfium.PdfiumError("Failed to get rectangle.")
            rects.append((lft.value, btm.value, rgt.value, top.value))
        return rects

    def font_size(self, index: int) -> float:
        return _FONT_SIZE(self.handle, index)


def _wide_gap(rects: list[Box]) -> bool:
    """Boxes of one line out of order or apart by more than word spacing."""
    height = max(r[3] - r[1] for r in rects)
    limit = max(MIN_GUTTER * 0.8, 1.0 * height)
    return any(b[0] - a[2] > limit or b[0] < a[0] - 1 for a, b in zip(rects, rects[1:]))


def _cut_line(page: _TextPage, start: int, end: int) -> list[tuple[int, int, Box]]:
    """Split chars start..end where the gap to the previous char is wide; (start, end, box) per run.

    Chars without width (pdfium's generated spaces) have no box and play no part.
    """
    handle, (p0, p1, p2, p3), (lft, rgt, btm, top) = page.handle, page.ptrs, page.out
    boxes: list[tuple[int, float, float, float, float]] = []
    for i in range(start, end):
        if _CHAR_BOX(handle, i, p0, p1, p2, p3):
            x0, x1 = lft.value, rgt.value
            if x1 > x0:
                boxes.append((i, x0, btm.value, x1, top.value))
    if not boxes:
        return []
    where, ls, bs, rs, ts = zip(*boxes)
    limit = max(MIN_GUTTER * 0.8, 1.0 * max(map(operator.sub, ts, bs)))
    runs: list[tuple[int, int, Box]] = []
    first = 0
    # The common case, no wide gap and no jump back, is told by C-level passes over the columns.
    if any(map(limit.__lt__, map(operator.sub, ls[1:], rs))) or any(map(operator.gt, [x - limit for x in ls], ls[1:])):
        for j in range(1, len(ls)):
            if ls[j] - rs[j - 1] > limit or ls[j] < ls[j - 1] - limit:
                runs.append((where[first], where[j], (min(ls[first:j]), min(bs[first:j]), max(rs[first:j]), max(ts[first:j]))))
                first = j
    runs.append((where[first], end, (min(ls[first:]), min(bs[first:]), max(rs[first:]), max(ts[first:]))))
    return runs
