"""Ruled tables on PDF pages: the grid from the page's line art, its text put in cells, one row per line.

Plans carry their task lists in bordered tables (STT | Nội dung | Đơn vị chủ
trì | Phối hợp | Thời gian), often as an appendix. Read line by line, a row
whose cells wrap over several lines comes out as pieces of every cell mixed
together. Word and LibreOffice draw the borders as thin filled rectangles or
stroked two-point paths, so the grid is found from the page's path objects:
horizontal and vertical rules that cross make a table, a missing inner rule
a merged cell. The text runs (cut at the vertical rules by `pdf_text`) are
put in the cells they sit in, and each row becomes one run
"| 1 | Hội nghị … | Phòng Nội vụ | Tháng 5 |", the row form DOCX tables are
read in and the content extractors read; a vertically merged cell repeats
on every row it covers, as in the DOCX reader.

Bordered header and closing blocks (words of `word_tables.is_layout_text`,
at most three columns) and one-column frames stay ordinary text.
"""
from __future__ import annotations

import ctypes
from bisect import bisect_right
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c
import regex

from .pdf_layout import Seg, group_lines, median

THIN = 2.5  # points: a path no thicker than this is a rule
MIN_RULE = 6.0  # points: shorter strokes are glyph parts or underlines of a letter
NEAR = 2.0  # points: rules this close are one; a rule ends this close to another one is on it
MAX_OBJECTS = 20_000  # page objects looked at for rules (a drawing is no table)
MAX_FORM_DEPTH = 2  # form XObjects looked into
MAX_CROSSINGS = 200_000  # rule pairs tried; a table's borders merge into a few dozen rules, a drawing has more
SPACE_RE = regex.compile(r"\s+")

_VP = ctypes.c_void_p
_COUNT = ctypes.PYFUNCTYPE(ctypes.c_int, _VP)(ctypes.cast(pdfium_c.FPDFPage_CountObjects, _VP).value)
_GET = ctypes.PYFUNCTYPE(_VP, _VP, ctypes.c_int)(ctypes.cast(pdfium_c.FPDFPage_GetObject, _VP).value)
_TYPE = ctypes.PYFUNCTYPE(ctypes.c_int, _VP)(ctypes.cast(pdfium_c.FPDFPageObj_GetType, _VP).value)
_BOUNDS = ctypes.PYFUNCTYPE(ctypes.c_int, _VP, _VP, _VP, _VP, _VP)(ctypes.cast(pdfium_c.FPDFPageObj_GetBounds, _VP).value)
_FORM_COUNT = ctypes.PYFUNCTYPE(ctypes.c_int, _VP)(ctypes.cast(pdfium_c.FPDFFormObj_CountObjects, _VP).value)
_FORM_GET = ctypes.PYFUNCTYPE(_VP, _VP, ctypes.c_ulong)(ctypes.cast(pdfium_c.FPDFFormObj_GetObject, _VP).value)
_PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal (y = pos, x from lo to hi) or vertical (x = pos, y from lo to hi) rule, top-down page points."""

    horizontal: bool
    pos: float
    lo: float
    hi: float


@dataclass
class Table:
    """A ruled grid: column edges `xs`, row edges `ys` (top-down), and which inner rules are drawn."""

    xs: list[float]
    ys: list[float]
    vrules: list[Rule]
    hrules: list[Rule]

    def has_v(self, k: int, r: int) -> bool:
        """Is the vertical rule at xs[k] drawn along row r?"""
        return _covers(self.vrules, self.xs[k], self.ys[r], self.ys[r + 1])

    def has_h(self, r: int, c: int) -> bool:
        """Is the horizontal rule at ys[r] drawn along column c?"""
        return _covers(self.hrules, self.ys[r], self.xs[c], self.xs[c + 1])


def _covers(rules: list[Rule], pos: float, lo: float, hi: float) -> bool:
    """A rule at `pos` drawn over most of lo..hi (rules may be drawn in pieces, one per cell)."""
    need = 0.6 * (hi - lo)
    got = sum(max(0.0, min(hi, r.hi) - max(lo, r.lo)) for r in rules if abs(r.pos - pos) <= NEAR)
    return got >= need


def page_rules(page, crop: tuple[float, float, float, float]) -> list[Rule]:  # type: ignore[no-untyped-def]
    """Thin path objects of a page (and of its forms) as rules, in top-down page points."""
    left, _bottom, _right, top = crop
    rules: list[Rule] = []
    box = tuple(ctypes.c_float() for _ in range(4))
    ptrs = tuple(ctypes.addressof(v) for v in box)
    raw = ctypes.cast(page.raw, _VP).value
    stack = [(raw, _COUNT(raw), _GET, 0)]
    seen = 0
    while stack:
        owner, count, get, depth = stack.pop()
        for i in range(min(count, MAX_OBJECTS - seen)):
            obj = get(owner, i)
            kind = _TYPE(obj)
            if kind == _FORM and depth < MAX_FORM_DEPTH:
                stack.append((obj, _FORM_COUNT(obj), _FORM_GET, depth + 1))
                continue
            if kind != _PATH or not _BOUNDS(obj, *ptrs):
                continue
            x0, y0, x1, y1 = (v.value for v in box)
            w, h = x1 - x0, y1 - y0
            if h <= THIN and w >= MIN_RULE:
                rules.append(Rule(True, top - (y0 + y1) / 2, x0 - left, x1 - left))
            elif w <= THIN and h >= MIN_RULE:
                rules.append(Rule(False, (x0 + x1) / 2 - left, top - y1, top - y0))
        seen += count
        if seen >= MAX_OBJECTS:
            break
    return rules


def find_tables(rules: list[Rule]) -> list[Table]:
    """Grids made of crossing rules: groups of at least two horizontal and two vertical rules that touch."""
    hs = _merge([r for r in rules if r.horizontal])
    vs = _merge([r for r in rules if not r.horizontal])
    if len(hs) < 2 or len(vs) < 2 or len(hs) * len(vs) > MAX_CROSSINGS:
        return []
    parent = list(range(len(hs) + len(vs)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.lo - NEAR <= v.pos <= h.hi + NEAR and v.lo - NEAR <= h.pos <= v.hi + NEAR:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    tables = []
    for hgroup, vgroup in groups.values():
        ys = _edges([h.pos for h in hgroup])
        xs = _edges([v.pos for v in vgroup])
        if len(ys) >= 2 and len(xs) >= 2:
            tables.append(Table(xs, ys, vgroup, hgroup))
    tables.sort(key=lambda t: t.ys[0])
    return tables


def _merge(rules: list[Rule]) -> list[Rule]:
    """Collinear rules that touch or overlap joined into one (borders are drawn cell by cell)."""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (round(r.pos / NEAR), r.lo)):
        last = out[-1] if out else None
        if last is not None and abs(last.pos - r.pos) <= NEAR and r.lo <= last.hi + NEAR:
            out[-1] = Rule(r.horizontal, last.pos, last.lo, max(last.hi, r.hi))
        else:
            out.append(r)
    return out


def _edges(values: list[float]) -> list[float]:
    """Distinct positions (values within NEAR are one)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > NEAR:
            out.append(v)
    return out


def walls(tables: list[Table], crop: tuple[float, float, float, float]) -> list[tuple[float, float, float]]:
    """Inner vertical rules as (x, y low, y high) in PDF user space, where text lines must be cut."""
    left, _bottom, _right, top = crop
    out = []
    for t in tables:
        for v in t.vrules:
            if t.xs[0] + NEAR < v.pos < t.xs[-1] - NEAR:
                out.append((v.pos + left, top - v.hi, top - v.lo))
    return out


def table_rows(tables: list[Table], segs: list[Seg]) -> list[Seg]:
    """The page's runs with those inside a data table replaced by one run per table row."""
    from .word_tables import is_layout_text

    for t in tables:
        x0, x1, y0, y1 = t.xs[0], t.xs[-1], t.ys[0], t.ys[-1]
        inside = [s for s in segs if x0 < (s.x0 + s.x1) / 2 < x1 and y0 < (s.top + s.bottom) / 2 < y1]
        if not inside or len(t.xs) < 3:
            continue  # an empty grid, or a one-column frame around ordinary paragraphs
        if len(t.xs) <= 4 and is_layout_text("\n".join(s.text for s in inside)):
            continue  # a bordered header or closing block
        rows = _rows(t, inside)
        if rows:
            taken = set(map(id, inside))
            segs = [s for s in segs if id(s) not in taken] + rows
    return segs


def _rows(t: Table, segs: list[Seg]) -> list[Seg]:
    """One run per row: "| a | b |", merged cells resolved like Word's (spanned columns empty, merged rows repeated)."""
    nrows, ncols = len(t.ys) - 1, len(t.xs) - 1
    owner = [[(r, c) for c in range(ncols)] for r in range(nrows)]  # the grid cell each cell is merged into
    for r in range(nrows):
        for c in range(ncols):
            if c and not t.has_v(c, r):
                owner[r][c] = owner[r][c - 1]
            elif r and not t.has_h(r, c) and owner[r - 1][c][1] == c:
                owner[r][c] = owner[r - 1][c]
    texts: dict[tuple[int, int], list[Seg]] = {}
    for s in segs:
        c = min(ncols - 1, max(0, bisect_right(t.xs, (s.x0 + s.x1) / 2) - 1))
        r = min(nrows - 1, max(0, bisect_right(t.ys, (s.top + s.bottom) / 2) - 1))
        texts.setdefault(owner[r][c], []).append(s)
    out: list[Seg] = []
    for r in range(nrows):
        cells, members = [], []
        for c in range(ncols):
            o = owner[r][c]
            if o[1] != c:  # a column spanned by the cell on its left
                cells.append("")
                continue
            found = texts.get(o, [])
            members.extend(found if o[0] == r else [])
            # runs of one line joined as on a page (a letter drawn apart joins its word), lines by a space
            text = " ".join(ln.text for ln in group_lines(found))
            cells.append(SPACE_RE.sub(" ", text.replace("|", "/")).strip())
        if any(cells):
            size = median([s.size for s in members]) if members else 0.0
            top = min((s.top for s in members), default=t.ys[r] + 1)
            bottom = max((s.bottom for s in members), default=t.ys[r + 1] - 1)
            out.append(Seg("| " + " | ".join(cells) + " |", t.xs[0], top, t.xs[-1], max(bottom, top + 1), size))
    return out
