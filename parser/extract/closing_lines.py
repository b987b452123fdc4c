"""Lines of the closing zone as the recipients and signer extractors read them.

Word files saved as Markdown (pandoc, online converters) keep the closing's
layout table as rows of cells, the lines of a cell joined by "<br>":
"| Nơi nhận:<br>- Như trên;<br>- Lưu: VT. | KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH<br><br>Lê Văn A |".
Read as one line, the Nơi nhận list and the signature are glued together. A run
of such rows is read like a layout table of a Word file (read.word_tables):
column by column, left before right, each "<br>" piece a line of its own.
Every piece is a `Line` with its real offsets, so spans stay valid; pieces of
one row share the row's `index`, so consumers key them by `start`.
"""
from __future__ import annotations

import regex

from ..model import KhDoc, Line

# A table row: starts and ends with a bar ("| a | b |"); the bar-less form "a | b" is not read.
TABLE_ROW_RE = regex.compile(r"^\s*\|.*\|\s*$")
# The header-separator row "|---|:---:|".
TABLE_RULE_RE = regex.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|?)+\s*$")
# A cell boundary: a bar not escaped with a backslash.
CELL_BAR_RE = regex.compile(r"(?<!\\)\|")
# A line break inside a cell, as converters write it.
BR_RE = regex.compile(r"<\s*br\s*/?\s*>", regex.I)
# A piece that is only a rule under a name ("--------", "___").
RULE_PIECE_RE = regex.compile(r"^[\s\-–—_=.*~]*$")


def cell_pieces(row: Line) -> list[list[Line]]:
    """The cells of a table row, each as its "<br>"-separated pieces (blank ones dropped)."""
    bars = [m.start() for m in CELL_BAR_RE.finditer(row.text)]
    cells: list[list[Line]] = []
    for a, b in zip(bars, bars[1:]):
        pieces: list[Line] = []
        pos = a + 1
        for m in [*BR_RE.finditer(row.text, a + 1, b), None]:
            end = m.start() if m else b
            raw = row.text[pos:end]
            text = raw.strip()
            if text and not RULE_PIECE_RE.match(text):
                lo = row.start + pos + (len(raw) - len(raw.lstrip()))
                pieces.append(Line(row.index, lo, lo + len(text), text, row.folded[lo - row.start: lo - row.start + len(text)]))
            if m:
                pos = m.end()
        cells.append(pieces)
    return cells


def table_lines(rows: list[Line]) -> list[Line]:
    """A run of table rows read column by column, each column top to bottom."""
    grid = [cell_pieces(r) for r in rows if not TABLE_RULE_RE.match(r.text)]
    width = max((len(r) for r in grid), default=0)
    return [p for c in range(width) for r in grid if c < len(r) for p in r[c]]


def expand(lines: list[Line]) -> list[Line]:
    """`lines` with every run of Markdown table rows replaced by its cells' pieces."""
    out: list[Line] = []
    run: list[Line] = []
    for ln in [*lines, None]:
        if ln is not None and TABLE_ROW_RE.match(ln.text):
            run.append(ln)
            continue
        if run:
            out.extend(table_lines(run))
            run = []
        if ln is not None:
            out.append(ln)
    return out


def closing_lines(doc: KhDoc) -> list[Line]:
    """The closing zone's lines, Markdown layout tables read as columns."""
    return expand(doc.lines_in(doc.zones.closing))
