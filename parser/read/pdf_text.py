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

pdfium gives characters in content-stream order. Producers that draw the
letters a font lacks from a fallback font (LibreOffice, old Word PDF
printers, Foxit) often write those letters as separate text objects after the
rest of the line, so "cần bám sát" reads "c n bám sát … ầ". A line whose
characters jump back to the left on the same baseline is rebuilt in x order
(`_reordered`); in-order lines never pay for it.
"""
from __future__ import annotations

import bisect
import ctypes
import operator
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from .pdf_layout import MIN_GUTTER, Seg, median

HEADER_ZONE = 0.35  # top share of page 1 where the two-column header is looked for
JUMP_TOL = 0.5  # points: a char starting further left than this of the one before it was drawn out of order
SPACE_GAP = 0.08  # em between advance boxes: wider is a word space (letters of a word stay within 0.03 em)
GUESSED_SPACE_GAP = 0.15  # em: the same when the advance of the char before is a guess
MAX_BANDS = 16  # baselines one pdfium line may hold before it is not worth rebuilding

LINE_RE = regex.compile(r"[^\r\n]+")
NOI_NHAN_LINE_RE = regex.compile(r"(?im)^\W*n[oơ]i\s*nh[aậ]n\b")
CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# pdfium reports a hyphen that ends a line as U+FFFE (its "soft hyphen" mark) and joins the lines:
# in administrative text that hyphen is real ("01/CT-" / "UBND"), so it is kept.
LINE_END_HYPHEN = "\ufffe"


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
            for rs, re_, (x0, y0, x1, y1), rebuilt in _cut_line(api, text, s, e) if cut else ((s, e, box, None),):
                piece = text[rs:re_] if rebuilt is None else rebuilt
                chunk = CONTROL_RE.sub("", piece.replace(LINE_END_HYPHEN, "-")).strip()
                if chunk:
                    size = api.font_size(rs + len(piece) - len(piece.lstrip()))
                    segs.append(Seg(chunk, x0 - left, top - y1, x1 - left, top - y0, round(size, 1)))
        return segs
    finally:
        tp.close()


Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF units, y up)
# A run of a line: chars start..end, their box, and the text when the line was rebuilt in x order
# (None: the run is text[start:end]; rebuilt runs start with the char at `start`).
Run = tuple[int, int, Box, str | None]
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
_LOOSE_BOX = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, _VP)(ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, _VP).value)
_CHAR_ORIGIN = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, ctypes.c_int, _VP, _VP)(ctypes.cast(pdfium_c.FPDFText_GetCharOrigin, _VP).value)


class _TextPage:
    """A pdfium text page's boxes and font sizes through the calls above; four output doubles, allocated once."""

    __slots__ = ("handle", "out", "ptrs", "rect", "rect_ptr")

    def __init__(self, tp) -> None:  # type: ignore[no-untyped-def]
        self.handle = ctypes.cast(tp.raw, _VP).value
        self.out = tuple(ctypes.c_double() for _ in range(4))  # each call fills them in its own argument order
        self.ptrs = tuple(ctypes.addressof(d) for d in self.out)
        self.rect = (ctypes.c_float * 4)()  # an FS_RECTF: left, top, right, bottom
        self.rect_ptr = ctypes.addressof(self.rect)

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

    def origin(self, index: int) -> float:
        """Where the char's advance starts (x; `FPDFText_GetCharOrigin`)."""
        _CHAR_ORIGIN(self.handle, index, self.ptrs[0], self.ptrs[1])
        return self.out[0].value


def _wide_gap(rects: list[Box]) -> bool:
    """Boxes of one line out of order (starting left of the one before, or well inside it: fallback-font
    letters drawn after the line) or apart by more than word spacing."""
    height = max(r[3] - r[1] for r in rects)
    limit = max(MIN_GUTTER * 0.8, 1.0 * height)
    inside = max(1.0, 0.25 * height)
    return any(b[0] - a[2] > limit or b[0] < a[0] - 1 or b[0] < a[2] - inside for a, b in zip(rects, rects[1:]))


def _cut_line(page: _TextPage, text: str, start: int, end: int) -> list[Run]:
    """Split chars start..end where the gap to the previous char is wide; (start, end, box, None) per run.

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
        rebuilt = _reordered(page, text, start, end, boxes, limit)
        if rebuilt is not None:
            return rebuilt
        back = any(map(operator.gt, [x - limit for x in ls], ls[1:]))
    if back or any(map(limit.__lt__, map(operator.sub, ls[1:], rs))):
        for j in range(1, len(ls)):
            if ls[j] - rs[j - 1] > limit or ls[j] < ls[j - 1] - limit:
                runs.append((where[first], where[j], (min(ls[first:j]), min(bs[first:j]), max(rs[first:j]), max(ts[first:j])), None))
                first = j
    runs.append((where[first], end, (min(ls[first:]), min(bs[first:]), max(rs[first:]), max(ts[first:])), None))
    return runs


# A glyph of a rebuilt line: [ink left, bottom, right, top, text, char index, place in drawing order, whether
# pdfium put a space before it in that order, whether it is a space char]. Combining marks join the text of the
# glyph they are drawn over. Plain lists: a scrambled page has thousands.
_INK_L, _INK_B, _INK_R, _INK_T, _TEXT, _INDEX, _ORDER, _SPACED, _BLANK = range(9)
COMBINING_RE = regex.compile(r"\p{Mn}")


def _reordered(page: _TextPage, text: str, start: int, end: int,
               boxes: list[tuple[int, float, float, float, float]], limit: float) -> list[Run] | None:
    """Runs of a line whose chars go back left on the same baseline, rebuilt in x order; None when none do.

    The line is split into pieces where a char starts left of the one before;
    pieces on one baseline band (boxes overlapping by half a height) merge, so
    fallback-font letters drawn after the line fall back into their words,
    while a piece on another baseline (pdfium joins a hyphenated word with the
    next line) or printed over the line stays apart as before. Combining
    marks go with the char they are drawn over (a fallback font may draw the
    marks late, too). The merged band is still cut at wide gaps, so columns
    stay apart.
    """
    marks = COMBINING_RE.search(text, start, end) is not None
    glyphs: list[list] = []
    cuts: list[int] = []  # where a piece starts in `glyphs`
    stray: list[tuple[str, float]] = []  # combining marks drawn away from the char before them
    last: list | None = None
    after = start  # the index after the previous boxed char
    for i, x0, y0, x1, y1 in boxes:
        spaced = False
        if i > after and last is not None:  # chars without width: pdfium's generated spaces, control chars
            skipped = text[after:i]
            kept = "".join(skipped.split())
            last[_TEXT] += kept
            spaced = len(kept) < len(skipped)
        after = i + 1
        ch = text[i]
        if marks and unicodedata.combining(ch):
            middle = (x0 + x1) / 2
            if last is not None and last[_INK_L] - 1 <= middle <= last[_INK_R] + 1:
                last[_TEXT] += ch
            else:
                stray.append((ch, middle))
            continue
        if last is None or x0 < last[_INK_L] - JUMP_TOL:
            cuts.append(len(glyphs))
        last = [x0, y0, x1, y1, ch, i, len(glyphs), spaced, ch.isspace()]
        glyphs.append(last)
    if not glyphs or (len(cuts) < 2 and not stray):
        return None
    cuts.append(len(glyphs))
    bands: list[list] = []  # [bottom, top, glyphs, piece count, their letters' ink spans in x order]
    for a, b in zip(cuts, cuts[1:]):
        piece = glyphs[a:b]
        lo, hi = min([g[_INK_B] for g in piece]), max([g[_INK_T] for g in piece])
        spans = [(g[_INK_L], g[_INK_R]) for g in piece if not g[_BLANK]]
        for band in bands:
            if min(hi, band[1]) - max(lo, band[0]) >= 0.5 * min(hi - lo, band[1] - band[0]) and not _collides(spans, band[4]):
                band[0], band[1] = min(lo, band[0]), max(hi, band[1])
                band[2].extend(piece)
                band[3] += 1
                for span in spans:
                    bisect.insort(band[4], span)
                break
        else:
            if len(bands) == MAX_BANDS:
                return None  # not a line drawn out of order but scattered text: the plain cut
            bands.append([lo, hi, piece, 1, sorted(spans)])
    if all(band[3] == 1 for band in bands) and not stray:
        return None
    for ch, middle in stray:
        _attach(ch, middle, glyphs)
    runs: list[Run] = []
    for band in bands:
        members = sorted(band[2], key=operator.itemgetter(_INK_L))  # stable: glyphs at one x keep their drawing order
        run: list[list] = []
        for g in members:
            if run and g[_INK_L] - run[-1][_INK_R] > limit:
                runs.extend(_rebuilt_run(page, run, end))
                run = []
            if run and g[_TEXT] == run[-1][_TEXT] and abs(g[_INK_L] - run[-1][_INK_L]) < 0.25 * (g[_INK_R] - g[_INK_L]):
                continue  # the same letter drawn twice in place (fake bold)
            run.append(g)
        runs.extend(_rebuilt_run(page, run, end))
    return runs


def _collides(spans: list[tuple[float, float]], taken: list[tuple[float, float]]) -> bool:
    """Whether letters with ink `spans` are drawn over letters already `taken` (sorted; their middles well
    inside one) rather than into holes between them: text printed over text (a stamp, a repeated line) is
    not one line. Late fallback letters hit none; text over text a third and more. Middles, not overlaps:
    pdfium makes up wide ink boxes for some fallback-font letters."""
    hits = 0
    for left, right in spans:
        middle = (left + right) / 2
        k = bisect.bisect_right(taken, (middle, middle))
        for t_left, t_right in taken[max(0, k - 3): k]:
            inset = 0.2 * (t_right - t_left)
            if t_left + inset < middle < t_right - inset:
                hits += 1
                break
    return hits > 0.2 * len(spans)


def _attach(ch: str, middle: float, glyphs: list[list]) -> None:
    """Put a combining mark drawn apart from its char on the char it sits over (the nearest ink centre)."""
    over = [g for g in glyphs if not g[_BLANK] and g[_INK_L] - 1 <= middle <= g[_INK_R] + 1]
    if over:
        min(over, key=lambda g: abs((g[_INK_L] + g[_INK_R]) / 2 - middle))[_TEXT] += ch


def _rebuilt_run(page: _TextPage, run: list[list], end: int) -> list[Run]:
    """The text and ink box of glyphs in x order, with the word spaces between them.

    Two glyphs drawn one after the other keep pdfium's verdict (a space char
    or a generated space between them, as in a plain run); where the order
    changed (a late letter put into its hole) the gap decides (`_word_gap`).
    """
    while run and run[0][_BLANK]:
        run = run[1:]
    while run and run[-1][_BLANK]:
        run = run[:-1]
    if not run:
        return []
    parts: list[str] = []
    prev = run[0]
    advance: tuple[float | None, float] | None = None
    for g in run:
        if g[_BLANK]:
            if parts[-1] != " ":
                parts.append(" ")
            continue
        if g is not prev and parts[-1] != " ":
            if g[_ORDER] == prev[_ORDER] + 1:
                spaced = g[_SPACED]
            else:
                advance = advance or _advances(page, run)
                spaced = _word_gap(page, prev, g, advance)
            if spaced:
                parts.append(" ")
        parts.append(g[_TEXT])
        prev = g
    box = (min([g[_INK_L] for g in run]), min([g[_INK_B] for g in run]), max([g[_INK_R] for g in run]), max([g[_INK_T] for g in run]))
    return [(run[0][_INDEX], end, box, "".join(parts))]


def _word_gap(page: _TextPage, a: list, b: list, advance: tuple[float | None, float]) -> bool:
    """Whether glyph `b`, next after `a` in x but not in drawing order, stands a word space after it.

    Ink gaps inside a word and between words overlap (monospace punctuation,
    italic overhangs); the gap from the end of a char's advance to the next
    char's origin does not (within 0.03 em in a word, over 0.1 em between
    words). pdfium has no advance for some fallback-font chars (it repeats
    their ink box, sometimes a made-up one, as the loose box): theirs is
    guessed, with a wider margin. Text laid out in equal cells (monospace)
    gives a fallback letter a cell or its own wider advance, and a space is a
    whole cell.
    """
    handle, rect, ptr = page.handle, page.rect, page.rect_ptr
    cell, typical = advance
    start = page.origin(b[_INDEX])
    _LOOSE_BOX(handle, a[_INDEX], ptr)
    known = not _is_ink_box(rect, a)
    origin = rect[0] if known else page.origin(a[_INDEX])
    if cell is not None:
        return start - origin - max(rect[2] - rect[0] if known else 0.0, cell) > 0.5 * cell
    size = min(_FONT_SIZE(handle, a[_INDEX]), _FONT_SIZE(handle, b[_INDEX]))
    if known:
        return start - rect[2] > SPACE_GAP * size
    guess = max(typical, a[_INK_R] - origin)  # a glyph's ink seldom ends past its advance
    return start - origin - guess > GUESSED_SPACE_GAP * size


def _advances(page: _TextPage, run: list[list]) -> tuple[float | None, float]:
    """(The cell width when the run is laid out in equal cells, else None; the median advance), from a sample.

    Equal cells: most sampled chars (the late fallback letters need not) and
    every space char have one width.
    """
    handle, rect, ptr = page.handle, page.rect, page.rect_ptr
    widths: list[float] = []
    for g in run[:: max(1, len(run) // 12)]:
        if not g[_BLANK]:
            _LOOSE_BOX(handle, g[_INDEX], ptr)
            if not _is_ink_box(rect, g):
                widths.append(rect[2] - rect[0])
    if not widths:
        return None, median([g[_INK_R] - g[_INK_L] for g in run if not g[_BLANK]])
    cell = median(widths)
    near = 0.03 * cell  # a fallback monospace font's cells may differ a little (0.600 and 0.602 em)
    spaces = [g[_INK_R] - g[_INK_L] for g in run if g[_BLANK]]
    if (len(widths) >= 4 and sum(abs(w - cell) <= near for w in widths) >= 0.75 * len(widths)
            and all(abs(w - cell) <= near for w in spaces)):
        return cell, cell
    return None, cell


def _is_ink_box(rect, glyph: list) -> bool:  # type: ignore[no-untyped-def]
    """An FS_RECTF (left, top, right, bottom) that is the glyph's ink box: pdfium had no advance box for it."""
    return (abs(rect[0] - glyph[_INK_L]) < 0.01 and abs(rect[2] - glyph[_INK_R]) < 0.01
            and abs(rect[1] - glyph[_INK_T]) < 0.01 and abs(rect[3] - glyph[_INK_B]) < 0.01)
