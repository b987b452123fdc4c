"""Page geometry of positioned text: lines, running heads, two-column bands.

Input is what a PDF text layer or an OCR engine gives: per page, runs of text
(`Seg`) with boxes in points, top-down. Plain extraction order is wrong for
the standard layout of Nghị định 30/2020/NĐ-CP: the header is a borderless
two-column table (issuing body + "Số:" | Quốc hiệu, Tiêu ngữ, place-date) and
so is the closing (Nơi nhận | signature block); reading row by row
interleaves them. Here runs are grouped into lines, running headers/footers
and page numbers are dropped, and such bands are found so that `pdf_order`
can read them column by column.

Pure functions over plain data, so the same code serves PDF text and OCR words.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from statistics import StatisticsError
from typing import Iterable

import regex

# Decorative rules under the header ("_______", "-----"): not text.
RULE_RE = regex.compile(r"^[\s_\-–—=.·•*~]{3,}$|^\s*$")
# A page number alone: "2", "- 2 -", "Trang 2", "2/11", "Page 2 of 11".
PAGE_NUMBER_RE = regex.compile(
    r"^\W{0,3}(?:trang|page|tr\.)?\s*\d{1,4}(?:\s*(?:/|của|of)\s*\d{1,4})?\s*\W{0,3}$", regex.I
)
DIGITS_RE = regex.compile(r"\d+")
BULLET_RE = regex.compile(r"^[-–+•]\s?\S")
# What is known of a run's or line's weight (`Seg.bold`): its first char bold, its last char bold, its first
# char regular. Only looked up where it decides something (`pdf_text`): long heading lines and the line after.
BOLD_HEAD, BOLD_TAIL, PLAIN_HEAD = 1, 2, 4
# "Nơi nhận:" opens the recipient list of the closing (also read without diacritics).
NOI_NHAN_RE = regex.compile(r"^\W*n[oơ]i\s*nh[aậ]n\b", regex.I)


@dataclass(slots=True)
class Seg:
    """A run of text on one line, box in points with y growing downwards."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0  # font size when the source knows it (PDF), 0 for OCR
    bold: int = 0  # BOLD_HEAD | BOLD_TAIL | PLAIN_HEAD where the source told (PDF headings), else 0

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)


class Line:
    """Segments sharing a baseline, left to right; the box and text are computed once."""

    __slots__ = ("segs", "x0", "x1", "top", "bottom", "height", "size", "text", "bold")

    def __init__(self, segs: list[Seg]) -> None:
        if len(segs) == 1:  # most lines: one run, nothing to sort, join or take the median of
            seg = segs[0]
            self.segs = [seg]
            self.x0, self.x1, self.top, self.bottom = seg.x0, seg.x1, seg.top, seg.bottom
            self.height = seg.height
            self.size = seg.size
            self.text = seg.text.strip()
            self.bold = seg.bold
            return
        self.segs = sorted(segs, key=_X0)
        self.x0 = self.segs[0].x0
        self.x1 = max([s.x1 for s in segs])
        self.top = min([s.top for s in segs])
        self.bottom = max([s.bottom for s in segs])
        self.height = median([s.height for s in segs])
        self.size = median([s.size for s in segs])
        self.text = join_segs(self.segs)
        self.bold = (self.segs[0].bold & (BOLD_HEAD | PLAIN_HEAD)) | (self.segs[-1].bold & BOLD_TAIL)


def median(values: Iterable[float]) -> float:
    """`statistics.median` without its generality (same result): it is called for every line."""
    data = sorted(values)
    n = len(data)
    if not n:
        raise StatisticsError("no median for empty data")
    if n % 2:
        return data[n // 2]
    return (data[n // 2 - 1] + data[n // 2]) / 2


_X0 = attrgetter("x0")


@dataclass
class Page:
    """One page's lines in reading order plus its size (points)."""

    lines: list[Line]
    width: float
    height: float


def join_segs(segs: list[Seg]) -> str:
    """Texts of segments on one line; touching runs (a font change inside a word) join without a space."""
    out = ""
    prev: Seg | None = None
    for seg in segs:
        text = seg.text.strip()
        if prev is not None and out and not out.endswith(" "):
            gap = seg.x0 - prev.x1
            if gap > 0.12 * min(seg.height, prev.height):
                out += " "
        out += text
        prev = seg
    return out


def group_lines(segs: list[Seg]) -> list[Line]:
    """Segments -> lines: same line when they overlap vertically by half the smaller height and not horizontally."""
    groups: list[tuple[list[float], list[Seg]]] = []  # ([top, bottom, first height], segs)
    for seg in sorted(segs, key=_middle):
        if RULE_RE.match(seg.text):
            continue
        top, bottom, height, x0, x1 = seg.top, seg.bottom, seg.height, seg.x0, seg.x1 - 1
        best = None
        for box, members in reversed(groups[-4:]):
            # min() and max() spelled out (same results): this runs for every segment
            overlap = (bottom if bottom < box[1] else box[1]) - (top if top > box[0] else box[0])
            if overlap < 0.5 * (height if height < box[2] else box[2]):
                continue
            if any(s.x0 < x1 and x0 < s.x1 - 1 for s in members):
                continue
            best = (box, members)
            break
        if best is None:
            groups.append(([top, bottom, height], [seg]))
        else:
            box = best[0]
            box[0], box[1] = (top if top < box[0] else box[0]), (bottom if bottom > box[1] else box[1])
            best[1].append(seg)
    lines = [Line(members) for _, members in groups]
    lines.sort(key=_middle)
    return lines


def _middle(item: Seg | Line) -> float:
    """Sort key: twice the vertical middle."""
    return item.top + item.bottom


# --- running headers and footers ---------------------------------------------------------------

EDGE_SHARE = 0.12  # top/bottom share of the page where running heads and page numbers live


def drop_running(pages: list[Page]) -> None:
    """Remove page numbers and lines repeated at the same place on several pages (in place)."""
    seen: dict[tuple[str, int], int] = {}
    for page in pages:
        for line in _edge_lines(page):
            seen[_running_key(line)] = seen.get(_running_key(line), 0) + 1
    for page in pages:
        edge = set(map(id, _edge_lines(page)))
        page.lines = [
            ln for ln in page.lines
            if id(ln) not in edge or ln.text.startswith("| ")  # a table row (a repeated header row) is no running head
            or not (PAGE_NUMBER_RE.match(ln.text) or (len(pages) > 1 and seen[_running_key(ln)] >= 2))
        ]


def _edge_lines(page: Page) -> list[Line]:
    """First two and last two lines when they sit in the top/bottom margin band."""
    lim = EDGE_SHARE * page.height
    head = [ln for ln in page.lines[:2] if ln.bottom <= lim]
    tail = [ln for ln in page.lines[-2:] if ln.top >= page.height - lim]
    return head + [ln for ln in tail if ln not in head]


def _running_key(line: Line) -> tuple[str, int]:
    return DIGITS_RE.sub("#", line.text.strip().lower()), round(line.top / 20)


# --- two-column bands ------------------------------------------------------------------------------

MIN_GUTTER = 14.0  # points: narrower gaps are word spacing in justified or table text


@dataclass
class Band:
    """Consecutive lines of a page that read as two columns split at `gutter` (x)."""

    start: int
    end: int  # exclusive line index
    lo: float  # the gutter: no text between lo and hi
    hi: float
    rmin: float  # where right-column lines start
    axis: float  # the right column's centre line
    kind: str = "closing"  # "header" (page 1), "closing", or "spill" (a closing continued on the next page)

    @property
    def gutter(self) -> float:
        return (self.lo + self.hi) / 2


def _split_gap(line: Line) -> tuple[float, float] | None:
    """The widest gap between segments of a line when it is wide enough to be a column gutter."""
    best: tuple[float, float] | None = None
    for a, b in zip(line.segs, line.segs[1:]):
        gap = b.x0 - a.x1
        if gap >= max(MIN_GUTTER, 1.4 * line.height) and (best is None or gap > best[1] - best[0]):
            best = (a.x1, b.x0)
    return best


def find_band(lines: list[Line], seed: int, last: int, *, closing: bool, floor: int = 0) -> Band | None:
    """The two-column band grown from seed line `seed` (a line with a gutter gap) within lines[:last].

    The gutter starts as the seed's gap and narrows with later seeds and with
    left-column lines that reach further right. A one-sided line belongs to the
    band when it starts left of the gutter and ends before it (left column), or
    sits in the right column: starting where right-column lines start or
    centred on the same axis (signature blocks and the Quốc hiệu are centred in
    their cell; a page-centred title is not). The header band also stops at a
    wide vertical gap. Upwards, only right-column lines are added: a short last
    body line looks like a left-column line and must stay in the body. A
    closing band stops at a one-sided "Nơi nhận" line: the seed already has a
    left column, so that list is a block of its own below the band.
    """
    gap = _split_gap(lines[seed])
    if gap is None:
        return None
    lo, hi = gap
    rsegs = [s for s in lines[seed].segs if s.x0 >= hi - 1]
    rmin = min(s.x0 for s in rsegs)
    axis = median((s.x0 + s.x1) / 2 for s in rsegs)
    start = end = seed
    for i in range(seed + 1, last):
        line = lines[i]
        g = _split_gap(line)
        if g is not None:
            nlo, nhi = max(lo, g[0]), min(hi, g[1])
            if nhi - nlo < MIN_GUTTER:
                break
            lo, hi, end = nlo, nhi, i
            continue
        side = _side(line, lo, hi, rmin, axis)
        if side is None or (closing and side == "L" and NOI_NHAN_RE.match(line.text)):
            break  # a "Nơi nhận" under the band opens a block of its own (recipients under two signatures)
        if not closing:
            tops = [ln.top for ln in lines[start: end + 1]]
            pitch = median([b - a for a, b in zip(tops, tops[1:])] or [1.5 * line.height])
            if line.top - lines[end].top > 2.2 * pitch:
                break
        if side == "L":
            lo = max(lo, line.x1)
        else:
            hi = min(hi, line.x0)
        end = i
    i = start - 1
    while i >= floor and _side(lines[i], lo, hi, rmin, axis) == "R":
        start = i
        i -= 1
    return Band(start, end + 1, lo, hi, rmin, axis)


def _side(line: Line, lo: float, hi: float, rmin: float, axis: float) -> str | None:
    """Which column a one-sided line fits: "L", "R", or None when it crosses the gutter or is a page-wide line."""
    if line.x0 < lo and line.x1 <= hi - MIN_GUTTER:
        return "L"
    if line.x0 >= lo + MIN_GUTTER:
        center = (line.x0 + line.x1) / 2
        if line.x0 >= rmin - 2 or abs(center - axis) <= max(6.0, 0.06 * (line.x1 - line.x0)):
            return "R"
    return None


def column_blocks(lines: list[Line], band: Band) -> tuple[list[Line], list[Line]]:
    """Left and right column lines of a band, each top to bottom."""
    left: list[Line] = []
    right: list[Line] = []
    for line in lines[band.start: band.end]:
        lsegs = [s for s in line.segs if (s.x0 + s.x1) / 2 < band.gutter]
        rsegs = [s for s in line.segs if (s.x0 + s.x1) / 2 >= band.gutter]
        if lsegs:
            left.append(Line(lsegs))
        if rsegs:
            right.append(Line(rsegs))
    return left, right


# --- the document ------------------------------------------------------------------------------

HEADER_LINES = 8  # the header band must start among the first lines of page 1 …
HEADER_SHARE = 0.4  # … in the top part of the page


def header_band(page: Page) -> Band | None:
    """The two-column header at the top of page 1."""
    for i, line in enumerate(page.lines[:HEADER_LINES]):
        if line.top > HEADER_SHARE * page.height:
            break
        if _split_gap(line) and (band := find_band(page.lines, i, len(page.lines), closing=False)):
            band.kind = "header"
            return band
    return None


def closing_band(page: Page, floor: int) -> Band | None:
    """The two-column closing (Nơi nhận | signature): a band that runs to the end of the page, or one
    that stops before it but holds the words of a closing (`is_layout_text`: "Nơi nhận:", "TM.", "KT.",
    a signer's title): an appendix may follow on the same page, and a joint plan (liên tịch) puts
    its two signatures side by side above a page-wide "Nơi nhận" list."""
    n = len(page.lines)
    for i in range(floor, n):
        if _split_gap(page.lines[i]):
            band = find_band(page.lines, i, n, closing=True, floor=floor)
            if band and (band.end == n or _closing_words(page.lines[band.start: band.end])):
                return band
    return None


def _closing_words(lines: list[Line]) -> bool:
    from .word_tables import is_layout_text  # the same words that make a Word table a closing block

    return is_layout_text("\n".join(s.text for ln in lines for s in ln.segs))


def spill_band(page: Page, prev: Band) -> Band | None:
    """Lines at the top of a page that continue the previous page's closing columns (a table row split by the page break)."""
    lo, hi, end = prev.lo, prev.hi, 0
    sides: list[str] = []
    for i, line in enumerate(page.lines):
        gap = _split_gap(line)
        if gap is not None:
            if min(hi, gap[1]) - max(lo, gap[0]) < MIN_GUTTER:
                break
            lo, hi = max(lo, gap[0]), min(hi, gap[1])
            sides.append("LR")
        else:
            side = _side(line, lo, hi, prev.rmin, prev.axis)
            if side is None:
                break
            lo, hi = (max(lo, line.x1), hi) if side == "L" else (lo, min(hi, line.x0))
            sides.append(side)
        end = i + 1
    # Only a real continuation: signature lines on the right, or more list items on the left
    # (not, say, an appendix heading that happens to sit left of the old gutter).
    lefts = [ln for ln, sd in zip(page.lines, sides) if sd == "L"]
    if not end or not (any("R" in sd for sd in sides) or all(BULLET_RE.match(ln.text) for ln in lefts)):
        return None
    return Band(0, end, lo, hi, prev.rmin, prev.axis, "spill")


def find_bands(pages: list[Page]) -> dict[int, list[Band]]:
    """Column bands per page: the header on page 1; closings on pages with "Nơi nhận" and on the last two pages."""
    bands: dict[int, list[Band]] = {}
    if pages and (hb := header_band(pages[0])):
        bands[0] = [hb]
    candidates = {p for p, pg in enumerate(pages) if any(NOI_NHAN_RE.match(ln.text) for ln in pg.lines)}
    candidates |= set(range(max(0, len(pages) - 2), len(pages)))
    for p in sorted(candidates):
        if any(b.kind == "spill" for b in bands.get(p, [])):
            continue
        floor = bands[0][0].end if p == 0 and 0 in bands else 0
        cb = closing_band(pages[p], floor)
        if cb is None:
            continue
        bands.setdefault(p, []).append(cb)
        if p + 1 < len(pages) and (sb := spill_band(pages[p + 1], cb)):
            bands[p + 1] = [sb]
    return bands
