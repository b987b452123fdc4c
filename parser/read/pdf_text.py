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

Lines drawn out of order (fallback-font letters written after the line) are
rebuilt in x order by `pdf_reorder`. Two facts are looked up only where they
decide something: the weight of a long numbered heading and of the line after
it (a bold heading filling its line is not continued by the regular
paragraph under it), and a space pdfium invents after letters drawn last at a
line's end (`_tail_space`).
"""
from __future__ import annotations

import operator
from typing import Sequence

import regex

from .pdf_calls import (  # noqa: F401  (the calls are named here too: tests check them)
    _CHAR_BOX, _CHAR_ORIGIN, _COUNT_RECTS, _FONT_SIZE, _GET_RECT, _LOOSE_BOX, Box, Run, _TextPage,
)
from .pdf_layout import BOLD_HEAD, BOLD_TAIL, MIN_GUTTER, PLAIN_HEAD, Seg
from .pdf_reorder import JUMP_TOL, _reordered, walled

Wall = tuple[float, float, float]  # a table's inner vertical rule: x, y low, y high (PDF units)
HEADER_ZONE = 0.35  # top share of page 1 where the two-column header is looked for
CELL_GAP = 7.0  # points between two text objects of a line: more is a cell's padding and border, not a word space
LONG_LINE = 0.75  # share of the page width a heading line must reach before its weight is looked up
# A heading's number: "3.", "1.2.", "II.", "a)".
HEADING_FIRST = frozenset("0123456789IVXLCabcdđefghik")  # what HEADING_RE can start with (a quick test first)
HEADING_RE = regex.compile(r"(?:[IVXLC]{1,7}|\d{1,2}(?:\.\d{1,2})*|[a-iđk])[.)]\s")  # used with match()

LINE_RE = regex.compile(r"[^\r\n]+")
NOI_NHAN_LINE_RE = regex.compile(r"(?im)^\W*n[oơ]i\s*nh[aậ]n\b")
CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# pdfium reports a hyphen that ends a line as U+FFFE (its "soft hyphen" mark) and joins the lines:
# in administrative text that hyphen is real ("01/CT-" / "UBND"), so it is kept.
LINE_END_HYPHEN = "\ufffe"


def page_segments(page, index: int, count: int,  # type: ignore[no-untyped-def]
                  walls: Sequence[Wall] = (), spread: list[int] | None = None,
                  within: Sequence[tuple[float, float]] = ()) -> list[Seg]:
    """Text runs of a page from pdfium: its text lines, each cut where a wide gap opens.

    One `count_rects` per line gives the boxes of its text objects; a line with
    a wide gap between boxes (two table cells on one baseline) pays for
    per-character boxes to find where to cut. Where the two-column header and
    closing live (top of page 1, the last pages, a page with "Nơi nhận") every
    line pays: a writer may put a whole table row in one text object padded
    with spaces, which pdfium reports as one box and one space. A line that
    crosses one of `walls` (the inner rules of a ruled table) is cut there too.
    `spread`, when given, receives the number of lines whose text objects stand
    apart, or that were cut in two (cells of a table row, or two columns):
    whether a page may hold a table. `within` (y ranges, PDF units) limits the
    reading to the lines whose middle lies in one of them.
    """
    left, bottom, right, top = page.get_cropbox()
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
        long_x = left + LONG_LINE * (right - left)
        after_heading = False  # the line before was a long heading: is this one in its weight too?
        apart = 0
        for m in LINE_RE.finditer(text):
            s, e = m.span()
            rects = api.rects(s, e - s)
            if not rects:
                continue
            if within and not any(lo <= (rects[0][1] + rects[0][3]) / 2 <= hi for lo, hi in within):
                continue
            tail = -1
            if len(rects) == 1:
                box = rects[0]
                deep = top - box[3] <= deep_to and " " in m.group(0).strip()
                cut = exact and deep
            else:
                box = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))
                deep = top - box[3] <= deep_to and " " in m.group(0).strip()
                cut = exact and (deep or _wide_gap(rects))
                if exact:
                    tail = _tail_space(api, text, s, e, rects)
                if any(b[0] - a[2] > CELL_GAP for a, b in zip(rects, rects[1:])):
                    apart += 1
            crossed = ()
            if walls:
                crossed = _crossed(walls, box)
                cut = cut or (exact and bool(crossed))
            before = len(segs)
            if cut:
                runs = _cut_line(api, text, s, e, crossed)
                if len(runs) > 1 and len(rects) == 1:
                    apart += 1  # one text object padded with spaces across cells (seen where lines are cut anyway)
            else:
                runs = ((s, e, box, None),)
            for rs, re_, (x0, y0, x1, y1), rebuilt in runs:
                piece = text[rs:re_] if rebuilt is None else rebuilt
                if tail >= 0 and rebuilt is None and rs <= tail < re_:
                    piece = piece[: tail - rs] + piece[tail - rs + 1:]
                chunk = CONTROL_RE.sub("", piece.replace(LINE_END_HYPHEN, "-")).strip()
                if chunk:
                    size = api.font_size(rs + len(piece) - len(piece.lstrip()))
                    segs.append(Seg(chunk, x0 - left, top - y1, x1 - left, top - y0, round(size, 1)))
            if after_heading or (box[2] >= long_x and text[s] in HEADING_FIRST and HEADING_RE.match(text, s, e)):
                after_heading = _heading_weight(api, text, s, e, segs[before:], after_heading) if exact else False
        if spread is not None:
            spread.append(apart)
        return segs
    finally:
        tp.close()


def _wide_gap(rects: list[Box]) -> bool:
    """Boxes of one line out of order (starting left of the one before, or well inside it: fallback-font
    letters drawn after the line) or apart by more than word spacing."""
    height = max(r[3] - r[1] for r in rects)
    limit = max(MIN_GUTTER * 0.8, 1.0 * height)
    inside = max(1.0, 0.25 * height)
    return any(b[0] - a[2] > limit or b[0] < a[0] - 1 or b[0] < a[2] - inside for a, b in zip(rects, rects[1:]))


def _heading_weight(page: _TextPage, text: str, start: int, end: int, new: list[Seg], after_heading: bool) -> bool:
    """Weights where a paragraph break hangs on them: a numbered heading that fills its line (`HEADING_RE`),
    and the line after a bold one. Returns whether this line is such a bold heading."""
    if not new:
        return False
    if HEADING_RE.match(new[-1].text):
        new[-1].bold = _weight(page, text, start, end)
        return new[-1].bold == BOLD_HEAD | BOLD_TAIL
    if after_heading:
        new[-1].bold = _weight(page, text, start, end) & (BOLD_HEAD | PLAIN_HEAD)
    return False


def _weight(page: _TextPage, text: str, start: int, end: int) -> int:
    """`Seg.bold` flags of a line from the fonts of its first and last chars: a bold heading that fills the
    line and the regular paragraph under it are told apart by weight alone."""
    first = start + len(text[start:end]) - len(text[start:end].lstrip())
    last = start + len(text[start:end].rstrip()) - 1
    if last < first:
        return 0
    flags = BOLD_HEAD if page.bold(first) else PLAIN_HEAD
    return flags | (BOLD_TAIL if page.bold(last) else 0)


def _tail_space(page: _TextPage, text: str, start: int, end: int, rects: list[Box]) -> int:
    """The index of a space pdfium made up before letters drawn last at the end of a line, or -1.

    A producer that draws the letters its font lacks after the rest (`pdf_reorder`) leaves a hole for
    them; when the hole ends the line ("các s ở" for "các sở"), the late letters come next in order
    (no rebuild) but pdfium puts a space where the hole ends, after them. Only the case where the
    last text object is a few letters touching the one before is looked at: two char boxes.
    """
    a, b = rects[-2], rects[-1]
    height = max(1.0, b[3] - b[1])
    if not (-0.5 <= b[0] - a[2] < 0.3 * height and b[2] - b[0] < 2.0 * height):
        return -1
    k = text.rfind(" ", start, end)
    if k < 0 or k + 1 >= end or text[k + 1].isspace():
        return -1
    handle, (p0, p1, p2, p3), (lft, rgt, _btm, _top) = page.handle, page.ptrs, page.out
    if not _CHAR_BOX(handle, k, p0, p1, p2, p3):
        return -1
    space_x = lft.value
    if not _CHAR_BOX(handle, k + 1, p0, p1, p2, p3):
        return -1
    return k if space_x > (lft.value + rgt.value) / 2 else -1


def _crossed(walls: Sequence[Wall], box: Box) -> tuple[float, ...]:
    """x of the walls that run through a line's box (PDF units)."""
    middle = (box[1] + box[3]) / 2
    return tuple(sorted(x for x, lo, hi in walls if box[0] < x < box[2] and lo <= middle <= hi))


def _cut_line(page: _TextPage, text: str, start: int, end: int, walls: tuple[float, ...] = ()) -> list[Run]:
    """Split chars start..end where the gap to the previous char is wide, or a wall (a table's rule at x)
    stands between them; (start, end, box, None) per run.

    Chars without width (pdfium's generated spaces) have no box and play no part.
    A line drawn out of order on one baseline is rebuilt instead (`_reordered`).
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
    runs: list[Run] = []
    first = 0
    # The common case, no wide gap and no jump back, is told by C-level passes over the columns.
    back = any(map(operator.gt, [x - JUMP_TOL for x in ls], ls[1:]))
    if back:
        rebuilt = _reordered(page, text, start, end, boxes, limit, walls)
        if rebuilt is not None:
            return rebuilt
        back = any(map(operator.gt, [x - limit for x in ls], ls[1:]))
    if back or walls or any(map(limit.__lt__, map(operator.sub, ls[1:], rs))):
        for j in range(1, len(ls)):
            if (ls[j] - rs[j - 1] > limit or ls[j] < ls[j - 1] - limit
                    or (walls and walled(walls, (ls[j - 1] + rs[j - 1]) / 2, (ls[j] + rs[j]) / 2))):
                runs.append((where[first], where[j], (min(ls[first:j]), min(bs[first:j]), max(rs[first:j]), max(ts[first:j])), None))
                first = j
    runs.append((where[first], end, (min(ls[first:]), min(bs[first:]), max(rs[first:]), max(ts[first:])), None))
    return runs
