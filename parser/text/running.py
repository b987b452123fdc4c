"""Running page headers and footers in plain text, found and dropped.

Text converted from PDF or OCR keeps the line printed on every page ("Bệnh
viện Đa khoa tỉnh X    Kế hoạch số 412/KH-BV    4", "UBND huyện Y - Trang
2/5") where the page broke, often inside a sentence; the page-break repair of
`normalize` would then glue it into that sentence. Such a line is recognised
by repetition (two or more lines equal up to case, diacritics, spacing and
the page number) at places that look like page boundaries: beside a form feed
or a page-number line, alone between blank lines, or cutting a sentence in
two. Content repeats too — list items ("- Như trên;"), "Đơn vị chủ trì: …"
lines, wrapped ends of sentences ("quy định.") — so:

- list items, numbered and lettered headings and table rows are never candidates;
- a repeated line without a page number is dropped only when EVERY occurrence
  sits at a form feed or a page number, or stands alone between blank lines
  and interrupts a sentence (the line before does not end one, the line after
  goes on in lower case);
- a repeated line with a page number ("Trang 3", "- 3 -", or a bare number at
  its end or start that grows page by page: 2, 3, 4) is dropped when every
  occurrence sits at a page boundary (any of the places above); a bare number
  also needs three words beside it and the occurrences a page apart, so that
  "Tổ dân phố số 1 … số 2" headings are never taken for page numbers.

The first lines of the document (page 1's own heading, which a running head
often repeats) are never taken. Page numbers alone on a line right next to a
dropped line go with it. The pass runs before line breaks are unified (a form
feed still marks the page) and removes whole lines, so the offset map stays exact.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import regex

from .fold import fold
from .offsets import PassMap, Segment

__all__ = ["find_running_lines", "drop_running_lines"]

KEY_JUNK_RE = regex.compile(r"[\u200b-\u200d\u2060\ufeff]")
KEY_SPACE_RE = regex.compile(r"\s+")
KEY_EDGE_RE = regex.compile(r"^[\s*_#>]+|[\s*_]+$")
# A page number alone: "2", "- 2 -", "Trang 2", "2/11", "Page 2 of 11", "tr. 3" (folded).
# Dashes and spaces only around it: "15%." or "3." alone on a line is content (a wrapped figure, a heading number).
PAGE_LINE_RE = regex.compile(
    r"^[-–—\s]{0,3}(?:trang|page|tr\.)?\s*\d{1,3}(?:\s*(?:/|cua|tren|of)\s*\d{1,3})?[-–—\s]{0,3}$"
)
# Lines that are content by their shape: list items, numbered/lettered/Roman headings, table rows.
NOT_RUNNING_RE = regex.compile(
    r"^(?:[-–—+•*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][.)]\s|[ivxl]{1,5}\.\s|\|)"
)
# A page marker inside a longer line (folded): "trang 2", "trang 2/5", "page 2 of 5", "- 2 -" at an edge.
EXPLICIT_PAGE_RE = regex.compile(
    r"(?<!\w)(?:trang|page|tr\.)\s*(\d{1,3})(?:\s*(?:/|cua|tren|of)\s*\d{1,3})?(?!\w)"
    r"|(?:^|(?<=\s))[-–]\s*(\d{1,3})\s*[-–](?=\s|$)"
)
# A bare number at the end or the start of the line (not "2." or "2)" or a code "2/KH").
TRAILING_PAGE_RE = regex.compile(r"(?<=\s)(\d{1,3})$")
LEADING_PAGE_RE = regex.compile(r"^(\d{1,3})(?=\s)")
WIDE_GAP_PAGE_RE = regex.compile(r"\S(?:\t|[ \u00a0]{2,})\d{1,3}[\s*_]*$|^[\s*_]*\d{1,3}(?:\t|[ \u00a0]{2,})\S")
WORD_RE = regex.compile(r"\w*\p{L}\w*")
SENTENCE_END_RE = regex.compile(r"[.;:!?…]\W{0,3}$")
LOWER_START_RE = regex.compile(r"^[\s*_]*\p{Ll}")
LETTERED_ITEM_RE = regex.compile(r"^[\s*_]*[a-zđ]\s?[).]\s")
MAX_RUNNING_CHARS = 200  # a running head is one short line
MIN_BARE_WORDS = 3  # words beside a bare page number
MIN_PAGE_GAP = 8  # non-blank lines between two occurrences of a bare-numbered line (a page holds more)
FIRST_PAGE_HEAD = 3  # the document's first non-blank lines: never a running head, whatever repeats them
MAX_PAGE_STEP = 2  # a page may lose its head (a full-page table, a picture): 2, 3, 5 is fine


# What `str.splitlines` ends a line with; a form feed among them is a page break.
FORM_FEED = "\x0c"
# Characters of a blank line: white space, invisible characters, markdown stars/underscores.
BLANK_CHARS = (
    " \t\r\n\x0b\x0c\x1c\x1d\x1e\x85\u00a0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff*_"
)
# The cheap first sieve: a line's ASCII letters only (digits, marks, punctuation dropped), so that
# lines equal up to diacritics and page numbers share it ("Kế hoạch số 412 … 2" / "Kê hoạch số 412 … 3").
NOT_ASCII_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())


@dataclass
class _Cand:
    """A line that may be a running head: its key (folded, page number as "#") and page number."""

    index: int
    key: str
    kind: str  # "none", "explicit" ("Trang 3", "- 3 -"), "implicit" (a bare number at an end)
    page: int
    words: int
    wide: bool = False  # a bare page number set off by a wide gap ("Kế hoạch số 12/KH-UBND      4")


class _Lines:
    """The lines of a text (as `str.splitlines` cuts them) with their offsets; details on demand."""

    def __init__(self, text: str) -> None:
        self.raw = text.splitlines(keepends=True)
        self.starts: list[int] = []
        pos = 0
        for line in self.raw:
            self.starts.append(pos)
            pos += len(line)
        self.content = [line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029") for line in self.raw]
        self.blank = [not c.strip(BLANK_CHARS) for c in self.content]
        self.nonblank_index: list[int] = []
        k = 0
        for b in self.blank:
            self.nonblank_index.append(k)
            k += not b
        self._page_only: dict[int, bool] = {}

    def __len__(self) -> int:
        return len(self.raw)

    def ff_after(self, i: int) -> bool:
        return FORM_FEED in self.raw[i][len(self.content[i]):]

    def page_only(self, i: int) -> bool:
        """A page number alone on the line ("3", "- 3 -", "Trang 3/5")."""
        if i not in self._page_only:
            self._page_only[i] = not self.blank[i] and bool(PAGE_LINE_RE.match(fold(self.content[i]).strip()))
        return self._page_only[i]

    def repeated(self) -> list[int]:
        """Lines whose ASCII letters (three or more) occur on another line too: the only possible running heads."""
        keys = [
            c.lower().encode("ascii", "ignore").translate(None, NOT_ASCII_LETTERS) if len(c) <= MAX_RUNNING_CHARS else b""
            for c in self.content
        ]
        seen: dict[bytes, int] = {}
        for k in keys:
            if len(k) >= 3:
                seen[k] = seen.get(k, 0) + 1
        return [i for i, k in enumerate(keys) if len(k) >= 3 and seen[k] >= 2]


def _candidate(lines: _Lines, index: int) -> _Cand | None:
    text = lines.content[index]
    if lines.blank[index] or lines.page_only(index):
        return None
    s = KEY_EDGE_RE.sub("", KEY_SPACE_RE.sub(" ", KEY_JUNK_RE.sub("", fold(text))))
    if not s or NOT_RUNNING_RE.match(s) or not WORD_RE.search(s):
        return None
    m = EXPLICIT_PAGE_RE.search(s)
    kind = "explicit"
    if m is None:
        m = TRAILING_PAGE_RE.search(s) or LEADING_PAGE_RE.match(s)
        kind = "implicit"
    if m is None:
        return _Cand(index, "none|" + s, "none", 0, 0)
    rest = s[: m.start()] + "#" + s[m.end():]
    page = int(m.group(1) or m.group(2)) if kind == "explicit" else int(m.group(1))
    wide = kind == "implicit" and bool(WIDE_GAP_PAGE_RE.search(text))
    return _Cand(index, kind + "|" + rest, kind, page, len(WORD_RE.findall(rest)), wide)


def _neighbour(lines: _Lines, i: int, step: int, skip: set[int] | None = None) -> int | None:
    """Index of the nearest non-blank line before/after `i`; with `skip`, also past those lines and page numbers."""
    j = i + step
    while 0 <= j < len(lines):
        if not lines.blank[j] and (skip is None or (j not in skip and not lines.page_only(j))):
            return j
        j += step
    return None


def _at_form_feed(lines: _Lines, i: int) -> bool:
    """A form feed among the line breaks between this line and its non-blank neighbours."""
    j = i
    while j < len(lines) and (j == i or lines.blank[j]):
        if lines.ff_after(j):
            return True
        j += 1
    j = i - 1
    while j >= 0:
        if lines.ff_after(j):
            return True
        if not lines.blank[j]:
            break
        j -= 1
    return False


def _beside_page_number(lines: _Lines, i: int, dropped: set[int]) -> bool:
    """Next to a page number (or a dropped running line), the two set apart from the text by blank
    lines or form feeds: a number between two cells of a flattened table is no page number."""
    for step in (-1, 1):
        j = _neighbour(lines, i, step)
        if j is not None and (j in dropped or lines.page_only(j)) and _alone_block(lines, min(i, j), max(i, j)):
            return True
    return False


def _alone_block(lines: _Lines, lo: int, hi: int) -> bool:
    """Lines lo..hi have blank lines (or the document edge, or a form feed) on both sides."""
    before = lo == 0 or lines.blank[lo - 1] or lines.ff_after(lo - 1)
    after = hi + 1 >= len(lines) or lines.blank[hi + 1] or lines.ff_after(hi)
    return before and after


def _alone(lines: _Lines, i: int) -> bool:
    """Blank lines (or the document edge, or a form feed) on both sides."""
    return _alone_block(lines, i, i)


def _interrupts(lines: _Lines, i: int, skip: set[int]) -> bool:
    """The line before does not end a sentence and the line after goes on in lower case."""
    p = _neighbour(lines, i, -1, skip)
    n = _neighbour(lines, i, 1, skip)
    if p is None or n is None:
        return False
    nxt = lines.content[n]
    ends = SENTENCE_END_RE.search(lines.content[p].rstrip())
    return not ends and bool(LOWER_START_RE.match(nxt)) and not LETTERED_ITEM_RE.match(nxt)


def _pages_grow(group: list[_Cand], lines: _Lines) -> bool:
    for a, b in zip(group, group[1:]):
        if not 1 <= b.page - a.page <= MAX_PAGE_STEP:
            return False
        if lines.nonblank_index[b.index] - lines.nonblank_index[a.index] < MIN_PAGE_GAP:
            return False
    return True


def _bare_pages_ok(group: list[_Cand], lines: _Lines, skip: set[int], dropped: set[int]) -> bool:
    """A bare number is a page number: words beside it, growing a page at a time, and either set off
    by a wide gap or, at least once, at a form feed, a page-number line or inside a sentence
    (a heading "Tổ dân phố số 2" is none of these)."""
    if group[0].words < MIN_BARE_WORDS or not _pages_grow(group, lines):
        return False
    if all(c.wide for c in group):
        return True
    return any(
        _at_form_feed(lines, c.index) or _beside_page_number(lines, c.index, dropped) or _interrupts(lines, c.index, skip)
        for c in group
    )


def _qualifies(lines: _Lines, c: _Cand, paged: bool, skip: set[int], dropped: set[int]) -> bool:
    """This occurrence sits where a page ends or begins."""
    i = c.index
    if _at_form_feed(lines, i) or _beside_page_number(lines, i, dropped):
        return True
    if _alone(lines, i) and (paged or _interrupts(lines, i, skip)):
        return True
    return paged and _interrupts(lines, i, skip)


def _find(text: str) -> tuple[_Lines, list[int]]:
    lines = _Lines(text)
    groups: dict[str, list[_Cand]] = defaultdict(list)
    for i in lines.repeated():
        if lines.nonblank_index[i] < FIRST_PAGE_HEAD:
            continue  # page 1's own heading ("TỈNH ĐOÀN BÌNH ĐỊNH"), repeated as the running head: it stays
        cand = _candidate(lines, i)
        if cand is not None:
            groups[cand.key].append(cand)
    runs = [g for g in groups.values() if len(g) >= 2]
    if not runs:
        return lines, []
    skip = {c.index for g in runs for c in g}
    dropped: set[int] = set()
    # Twice: a header is also "beside a page number" when the footer next to it was dropped.
    for _ in range(2):
        for g in runs:
            if g[0].index in dropped:
                continue
            paged = g[0].kind != "none"
            if g[0].kind == "implicit" and not _bare_pages_ok(g, lines, skip, dropped):
                continue
            if all(_qualifies(lines, c, paged, skip, dropped) for c in g):
                dropped.update(c.index for c in g)
    # A page number alone right next to a dropped line is that page's number.
    for i in list(dropped):
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and lines.page_only(j):
                dropped.add(j)
    return lines, sorted(dropped)


def find_running_lines(text: str) -> list[tuple[int, int]]:
    """Spans (content only) of the running headers/footers of `text` and of their page numbers."""
    lines, indices = _find(text)
    return [(lines.starts[i], lines.starts[i] + len(lines.content[i])) for i in indices]


def drop_running_lines(text: str) -> tuple[str, PassMap, int]:
    """`text` without its running headers/footers (each line with its line break), the pass map, the count."""
    lines, indices = _find(text)
    if not indices:
        return text, PassMap([]), 0
    out: list[str] = []
    segments: list[Segment] = []
    pos = opos = 0
    for i in indices:
        start = lines.starts[i]
        # Keep a form feed that ends the line: the page break stays visible to the later passes.
        end = start + (len(lines.content[i]) if lines.ff_after(i) else len(lines.raw[i]))
        if start > pos:
            out.append(text[pos:start])
            segments.append(Segment(opos, opos + start - pos, pos, start, True))
            opos += start - pos
        pos = end
    if pos < len(text):
        out.append(text[pos:])
        segments.append(Segment(opos, opos + len(text) - pos, pos, len(text), True))
    return "".join(out), PassMap(segments), len(indices)
