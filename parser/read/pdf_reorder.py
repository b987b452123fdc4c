"""Lines whose characters pdfium gives out of order, rebuilt in x order.

pdfium gives characters in content-stream order. Producers that draw the
letters a font lacks from a fallback font (LibreOffice, old Word PDF
printers, Foxit) often write those letters as separate text objects after the
rest of the line, so "cần bám sát" reads "c n bám sát … ầ". A line whose
characters jump back to the left on the same baseline is rebuilt in x order
(`_reordered`, called by `pdf_text._cut_line`); in-order lines never pay for it.
"""
from __future__ import annotations

import bisect
import operator
import unicodedata

import regex

from .pdf_calls import _CHAR_BOX, _FONT_SIZE, _LOOSE_BOX, Run, _TextPage
from .pdf_layout import median

JUMP_TOL = 0.5  # points: a char starting further left than this of the one before it was drawn out of order
SPACE_GAP = 0.08  # em between advance boxes: wider is a word space (letters of a word stay within 0.03 em)
GUESSED_SPACE_GAP = 0.15  # em: the same when the advance of the char before is a guess
MAX_BANDS = 16  # baselines one pdfium line may hold before it is not worth rebuilding

# A glyph of a rebuilt line: [ink left, bottom, right, top, text, char index, place in drawing order, the index
# of the space pdfium put before it in that order (-1: none), whether it is a space char]. Combining marks join the text of the
# glyph they are drawn over. Plain lists: a scrambled page has thousands.
_INK_L, _INK_B, _INK_R, _INK_T, _TEXT, _INDEX, _ORDER, _SPACED, _BLANK = range(9)
COMBINING_RE = regex.compile(r"\p{Mn}")


def walled(walls: tuple[float, ...], a: float, b: float) -> bool:
    """Whether a wall (a table rule's x) stands between two chars centred at a and b."""
    lo, hi = (a, b) if a < b else (b, a)
    return any(lo < x < hi for x in walls)


def _reordered(page: _TextPage, text: str, start: int, end: int,
               boxes: list[tuple[int, float, float, float, float]], limit: float,
               walls: tuple[float, ...] = ()) -> list[Run] | None:
    """Runs of a line whose chars go back left on the same baseline, rebuilt in x order; None when none do.

    The line is split into pieces where a char starts left of the one before;
    pieces on one baseline band (boxes overlapping by half a height) merge, so
    fallback-font letters drawn after the line fall back into their words,
    while a piece on another baseline (pdfium joins a hyphenated word with the
    next line) or printed over the line stays apart as before. Combining
    marks go with the char they are drawn over (a fallback font may draw the
    marks late, too). The merged band is still cut at wide gaps, so columns
    stay apart, and so are the cells of a ruled table (`walls`).
    """
    marks = COMBINING_RE.search(text, start, end) is not None
    glyphs: list[list] = []
    cuts: list[int] = []  # where a piece starts in `glyphs`
    stray: list[tuple[str, float]] = []  # combining marks drawn away from the char before them
    last: list | None = None
    after = start  # the index after the previous boxed char
    for i, x0, y0, x1, y1 in boxes:
        spaced = -1
        if i > after and last is not None:  # chars without width: pdfium's generated spaces, control chars
            skipped = text[after:i]
            last[_TEXT] += "".join(skipped.split())
            if len(skipped) == 1:
                spaced = after if skipped.isspace() else -1
            else:
                spaced = next((after + k for k in range(len(skipped) - 1, -1, -1) if skipped[k].isspace()), -1)
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
            if run and (g[_INK_L] - run[-1][_INK_R] > limit or (walls and walled(
                    walls, (run[-1][_INK_L] + run[-1][_INK_R]) / 2, (g[_INK_L] + g[_INK_R]) / 2))):
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
            if g[_ORDER] == prev[_ORDER] + 1 and (g[_SPACED] < 0 or _space_before(page, g)):
                spaced = g[_SPACED] >= 0
            else:
                advance = advance or _advances(page, run)
                spaced = _word_gap(page, prev, g, advance)
            if spaced:
                parts.append(" ")
        parts.append(g[_TEXT])
        prev = g
    box = (min([g[_INK_L] for g in run]), min([g[_INK_B] for g in run]), max([g[_INK_R] for g in run]), max([g[_INK_T] for g in run]))
    return [(run[0][_INDEX], end, box, "".join(parts))]


def _space_before(page: _TextPage, g: list) -> bool:
    """Whether pdfium's space before glyph g stands before it: a space pdfium put where a late letter's hole
    ends (after the letter, drawn next) is no word space between the two."""
    handle, (p0, p1, p2, p3), (lft, _rgt, _btm, _top) = page.handle, page.ptrs, page.out
    if not _CHAR_BOX(handle, g[_SPACED], p0, p1, p2, p3):
        return True
    return lft.value <= (g[_INK_L] + g[_INK_R]) / 2


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
        if abs(rect[2] - a[_INK_R]) < 0.01:  # the ink reaches the loose box's end: the advance may end before it
            width = page.advance(a[_INDEX], a[_TEXT][0])
            if width is not None and width <= rect[2] - rect[0] + 0.5:
                return start - page.origin(a[_INDEX]) - width > SPACE_GAP * size  # origin: italics overhang it
        return start - rect[2] > SPACE_GAP * size
    width = page.advance(a[_INDEX], a[_TEXT][0])
    if width is not None:
        return start - origin - width > SPACE_GAP * size
    guess = max(typical, a[_INK_R] - origin)  # a glyph's ink seldom ends past its advance
    return start - origin - guess > GUESSED_SPACE_GAP * size


def _advances(page: _TextPage, run: list[list]) -> tuple[float | None, float]:
    """(The cell width when the run is laid out in equal cells, else None; the median advance), from a sample.

    Equal cells: most sampled chars (the late fallback letters need not) and
    every space char have one width, and the font says it is monospaced: the
    capitals of a proportional font are often one width too ("KẾ HOẠCH",
    "THỨ TRƯỞNG" in a bold serif), and their word spaces are a third of a cell.
    """
    handle, rect, ptr = page.handle, page.rect, page.rect_ptr
    widths: list[float] = []
    first = -1  # a sampled char with its own advance: the line's main font
    for g in run[:: max(1, len(run) // 12)]:
        if not g[_BLANK]:
            _LOOSE_BOX(handle, g[_INDEX], ptr)
            if not _is_ink_box(rect, g):
                widths.append(rect[2] - rect[0])
                first = g[_INDEX] if first < 0 else first
    if not widths:
        return None, median([g[_INK_R] - g[_INK_L] for g in run if not g[_BLANK]])
    cell = median(widths)
    near = 0.03 * cell  # a fallback monospace font's cells may differ a little (0.600 and 0.602 em)
    spaces = [g[_INK_R] - g[_INK_L] for g in run if g[_BLANK]]
    if (len(widths) >= 4 and sum(abs(w - cell) <= near for w in widths) >= 0.75 * len(widths)
            and all(abs(w - cell) <= near for w in spaces) and page.fixed_pitch(first)):
        return cell, cell
    return None, cell


def _is_ink_box(rect, glyph: list) -> bool:  # type: ignore[no-untyped-def]
    """An FS_RECTF (left, top, right, bottom) that is the glyph's ink box: pdfium had no advance box for it."""
    return (abs(rect[0] - glyph[_INK_L]) < 0.01 and abs(rect[2] - glyph[_INK_R]) < 0.01
            and abs(rect[1] - glyph[_INK_T]) < 0.01 and abs(rect[3] - glyph[_INK_B]) < 0.01)
