"""Reading order and paragraphs: the text of a document from its pages' lines.

Two-column bands (header, closing) are read column by column; body lines are
joined into paragraphs (one per line, separated by a blank line) using what a
reader sees: first-line indents, short last lines, list markers, spacing,
font size. A paragraph running over a page break is joined too, and the
offset where each page's text starts is recorded so spans map to pages.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from math import isnan
from statistics import median

import regex

from .pdf_layout import BOLD_HEAD, BOLD_TAIL, PLAIN_HEAD, RULE_RE, Band, Line, Page, column_blocks, drop_running, find_bands

# A line that starts a new paragraph by its first characters: bullets, "1.", "1.2.", "a)", "II.", "Điều 3".
MARKER_RE = regex.compile(
    r"^(?:[-–—+•*·▪●○■□➢❖✓]\s?"
    r"|\(?\d{1,2}(?:\.\d{1,2}){0,3}[.)](?=\s|$)"
    r"|\(?[a-zđ]\)(?=\s|$)|[a-zđ]\.(?=\s)"
    r"|[IVXLC]{1,7}[.)](?=\s|$)"
    r"|(?:Điều|Chương|Phần|Mục)\s+(?:\d{1,3}|[IVXLC]{1,7})\b)"
)
# "- an ninh": a dash then a lower-case word continues a compound split at the line end ("quốc phòng - an ninh").
DASH_CONTINUE_RE = regex.compile(r"^[-–]\s?\p{Ll}")
# A line ending in a hyphen glued to its word ("1961-", "01/CT-") or inside a number and symbol
# ("số 25-KH/", "ngày 05/") was broken there: rejoin without a space.
GLUED_HYPHEN_RE = regex.compile(r"(?:[\p{L}\d)][-–]|(?<!\S)\d\S*/)$")
SENTENCE_END_RE = regex.compile(r"[.;:!?…]\W{0,3}$")
# A ruled table's row as `pdf_tables` writes it: "| a | b |"; rows go one per line, never joined.
TABLE_ROW_RE = regex.compile(r"^\|.*\|$")
WORD_RE = regex.compile(r"\S+")


def join_column(lines: list[Line], *, issuer: bool = False, wrap_width: float | None = None) -> list[str]:
    """Lines of one column cell; wrapped lines rejoined.

    In a list (Nơi nhận) a line without a bullet continues the item above; elsewhere
    a line continues when it starts in lower case after an open line. In the issuer
    cell a lone capitalised word ("GIANG" after "UBND THÀNH PHỐ BẮC") is a wrap too.
    Given the width a centred line of the cell can take (`wrap_width`), an upper-case
    line continues an open upper-case line whose cell had no room for its first word
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT" / "NAM" in a narrow header cell).
    """
    kept = [ln for ln in lines if not RULE_RE.match(ln.text)]
    texts = [ln.text for ln in kept]
    bullets = sum(1 for t in texts if MARKER_RE.match(t))
    out: list[str] = []
    seen_bullet = False
    for k, t in enumerate(texts):
        is_bullet = bool(MARKER_RE.match(t))
        if out and not is_bullet:
            prev = out[-1]
            open_end = not SENTENCE_END_RE.search(prev)
            glued = bool(GLUED_HYPHEN_RE.search(prev)) and t[:1].isalnum()
            cont = (
                glued  # "Số: 15/KHLT-SVHTTDL-" / "LĐLĐ": a symbol broken at its hyphen
                or (bullets >= 2 and seen_bullet and not t.rstrip().endswith(":") and (open_end or prev.count("(") > prev.count(")")))
                or (t[:1].islower() and open_end)
                or (issuer and " " not in t.strip() and t.isupper() and len(t) < 0.45 * len(prev) and open_end and not t[:1].isdigit())
                or (wrap_width is not None and open_end and t.isupper() and prev.isupper()
                    and _no_room(kept[k - 1], kept[k], wrap_width))
            )
            if cont:
                out[-1] = prev.rstrip() + ("" if glued else " ") + t.strip()
                continue
        seen_bullet = seen_bullet or is_bullet
        out.append(t.strip())
    return out


def _no_room(a: Line, b: Line, width: float) -> bool:
    """Whether b's first word would not have fitted after line a in a cell `width` wide (b wrapped from a)."""
    tb = b.text.strip()
    first = WORD_RE.match(tb)
    first_w = (len(first.group(0)) + 1) / max(1, len(tb)) * (b.x1 - b.x0) if first else 0.0
    return width - (a.x1 - a.x0) < first_w


# Word's and LibreOffice's default cell margins: 0.19 cm on each side.
CELL_PADDING = 2 * 5.4


def header_right_width(lines: list[Line], m: Metrics) -> float | None:
    """The width a centred line of the header's right cell can take: the cell runs to the right margin
    and its lines are centred in it (Nghị định 30/2020, Phụ lục I)."""
    if not lines:
        return None
    axis = median((ln.x0 + ln.x1) / 2 for ln in lines)
    edge = max(m.right, max(ln.x1 for ln in lines))
    return 2 * (edge - axis) - CELL_PADDING


@dataclass
class Metrics:
    """Text block geometry of a page: left and right margins and line pitch."""

    left: float
    right: float
    pitch: float


def page_metrics(lines: list[Line], fallback: Metrics | None = None) -> Metrics | None:
    """Margins where many lines start/end (justified body), pitch from consecutive lines."""
    if len(lines) < (3 if fallback is None else 6):
        return fallback
    n = max(2, len(lines) // 20)
    left = _edge_cluster([ln.x0 for ln in lines], n, low=True)
    right = _edge_cluster([ln.x1 for ln in lines], n, low=False)
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 3 * a.height]
    pitch = median(pitches) if pitches else median(ln.height for ln in lines) * 1.4
    return Metrics(left, right, pitch)


def _edge_cluster(values: list[float], n: int, *, low: bool) -> float:
    """The outermost value shared (within 3 pt) by at least n lines.

    The values within 3 pt of ordered[i] further in are a run that starts at i
    (|w - v| grows along the order), so a bisection counts them: a ragged
    right edge over thousands of lines would cost a quadratic scan.
    """
    ordered = sorted(values, reverse=not low)
    if any(map(isnan, ordered)):  # no order to rely on: count one by one
        for i, v in enumerate(ordered):
            if sum(1 for w in ordered[i:] if abs(w - v) <= 3) >= n:
                return v
        return ordered[0]
    for i, v in enumerate(ordered):
        if bisect_right(ordered, 3, lo=i, key=lambda w: abs(w - v)) - i >= n:
            return v
    return ordered[0]


def is_centered(line: Line, m: Metrics) -> bool:
    """The line's middle is on the text block's axis (full-width lines are too)."""
    tol = max(4.0, 0.02 * (m.right - m.left))
    return abs((line.x0 + line.x1) / 2 - (m.left + m.right) / 2) <= tol


def continues(a: Line, b: Line, m: Metrics, *, same_page: bool = True) -> bool:
    """Whether body line `b` continues the paragraph of line `a` (a wrapped line, not a new paragraph)."""
    ta, tb = a.text, b.text
    if not ta or not tb:
        return False
    if MARKER_RE.match(tb) and not (DASH_CONTINUE_RE.match(tb) and not SENTENCE_END_RE.search(ta)):
        return False
    if same_page and b.top - a.top > 1.6 * m.pitch:
        return False
    if a.size and b.size and abs(b.size - a.size) > 0.15 * max(a.size, b.size):
        return False  # a heading in a bigger font, a note in a smaller one
    if a.bold == BOLD_HEAD | BOLD_TAIL and b.bold & PLAIN_HEAD:
        return False  # a bold heading filling its line, then the regular paragraph under it
    if GLUED_HYPHEN_RE.search(ta) and tb[:1].isalnum():
        return True  # "… số 01/CT-" / "UBND ngày …": a code or word broken at its hyphen
    # A centred title wrapped over lines: both on the axis, the lower one short, the upper one open-ended.
    a_centered = is_centered(a, m)
    centered = a_centered and is_centered(b, m) and b.x0 > m.left + b.height and not SENTENCE_END_RE.search(ta)
    if centered and tb[:1].islower():
        return True  # a title broken by hand into balanced lines
    if not centered and b.x0 - a.x0 > 0.8 * a.height:
        return False  # first-line indent
    # Would b's first word have fit at the end of a? Then a ended on purpose.
    first = WORD_RE.match(tb.lstrip())
    first_w = (len(first.group(0)) + 1) / max(1, len(tb)) * (b.x1 - b.x0) if first else 0.0
    # A centred line (a title's last line) had the slack of both sides to take the word.
    room = (m.right - m.left) - (a.x1 - a.x0) if a_centered else m.right - a.x1
    return room < first_w + 0.5 * a.height


class _Writer:
    """Accumulates text pieces and records where each page starts."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.page_starts: list[int] = []
        self._pending = False

    def new_page(self) -> None:
        if self._pending:  # the previous page gave no text
            self.page_starts.append(self.length)
        self._pending = True

    def emit(self, sep: str, text: str) -> None:
        if not text:
            return
        if self.parts:
            self.parts.append(sep)
            self.length += len(sep)
        if self._pending:
            self.page_starts.append(self.length)
            self._pending = False
        self.parts.append(text)
        self.length += len(text)

    def replace_last(self, text: str) -> None:
        self.length += len(text) - len(self.parts[-1])
        self.parts[-1] = text

    def finish(self) -> tuple[str, list[int]]:
        if self._pending:
            self.page_starts.append(self.length)
        return "".join(self.parts), self.page_starts


def order_pages(pages: list[Page]) -> tuple[str, list[int]]:
    """Text of the document in reading order and the offsets where pages 2, 3, … begin.

    A closing split by a page break reads on: the left column goes on with the
    next page's left lines before the right column starts; the next page then
    begins where its own right-column lines do.
    """
    drop_running(pages)
    bands = find_bands(pages)
    banded = {p: {i for b in bs for i in range(b.start, b.end)} for p, bs in bands.items()}
    bodies = [[ln for i, ln in enumerate(pg.lines) if i not in banded[p]] if p in banded else pg.lines for p, pg in enumerate(pages)]
    bodies = [[ln for ln in body if ln.text[:1] != "|"] for body in bodies]  # for the metrics: no table rows
    body_all = [ln for body in bodies for ln in body]
    doc_metrics = page_metrics(body_all) or Metrics(0.0, max((pg.width for pg in pages), default=595.0), 18.0)
    w = _Writer()
    prev: Line | None = None
    prev_same_page = True
    continuing = False  # the previous page's closing goes on at the top of this one
    head = ""  # the first row of the last table
    prev_row = False  # `prev` is a table row
    for p, page in enumerate(pages):
        if p:
            w.new_page()
            prev_same_page = False
        m = page_metrics(bodies[p], doc_metrics) or doc_metrics
        starts: dict[int, Band] = {}
        for b in bands.get(p, []):
            starts.setdefault(b.start, b)  # the first band listed that starts on a line
        i = 0
        while i < len(page.lines):
            band = starts.get(i)
            if band is None:
                line = page.lines[i]
                text = line.text.strip()
                if text:
                    row = text[0] == "|" and TABLE_ROW_RE.match(text) is not None
                    if row and prev_row and not prev_same_page and text == head:
                        i += 1  # the header row repeated on the next page
                        continue
                    if row or prev_row:  # table rows: one per line, never joined to a paragraph
                        if not (row and prev_row and not prev_same_page and _row_goes_on(w, text)):
                            w.emit("\n" if row and prev_row else "\n\n", text)
                            head = text if row and not prev_row else head
                    else:
                        cont = prev is not None and continues(prev, line, m, same_page=prev_same_page)
                        w.emit(("" if GLUED_HYPHEN_RE.search(w.parts[-1]) else " ") if cont else "\n\n", text)
                    prev, prev_same_page, prev_row = line, True, row
                i += 1
                continue
            left, right = column_blocks(page.lines, band)
            if continuing:
                w.emit("\n", "\n".join(join_column(right)))
                continuing = False
            else:
                spill = _spill(bands, pages, p, band) if band.kind == "closing" else None
                more_left = column_blocks(pages[p + 1].lines, spill)[0] if spill else []
                continuing = spill is not None
                w.emit("\n\n", "\n".join(join_column(left + more_left, issuer=band.kind == "header")))
                width = header_right_width(right, m) if band.kind == "header" else None
                w.emit("\n\n", "\n".join(join_column(right, wrap_width=width)))
            prev, prev_row = None, False
            i = band.end
    return w.finish()


def _row_goes_on(w: _Writer, row: str) -> bool:
    """A table row at the top of a page, after the table's last row on the page before: when its first cell
    (STT) is empty it finishes the row the page break split, cell by cell (True: written here)."""
    before, after = w.parts[-1][2:-2].split(" | "), row[2:-2].split(" | ")
    if len(before) != len(after) or after[0].strip() or not before[0].strip():
        return False
    w.replace_last("| " + " | ".join(" ".join(x for x in (a.strip(), b.strip()) if x) for a, b in zip(before, after)) + " |")
    return True


def _spill(bands: dict[int, list[Band]], pages: list[Page], p: int, band: Band) -> Band | None:
    """The band at the top of the next page that continues `band` when `band` runs to the end of page p."""
    nxt = bands.get(p + 1, [])
    if band.end == len(pages[p].lines) and nxt and nxt[0].kind == "spill":
        return nxt[0]
    return None
