"""Header layouts beyond the plain two columns: markdown tables, organisation mottos.

Word and PDF converters often render the two-column header of Nghị định
30/2020/NĐ-CP (issuing body and "Số:" on the left, Quốc hiệu / Tiêu ngữ and
place-date on the right) as a table: "| BỘ Y TẾ<br>------- | CỘNG HÒA …<br>Độc
lập - … |", then "|---|---|", then "| Số: 12/KH-BYT | Hà Nội, ngày … |". The
header extractors read lines; here each cell piece (a cell split at its
"<br>") becomes a line of its own, in column order (the left column top to
bottom, then the right one), with offsets into `doc.text`.

Party and Đoàn documents put their organisation's name where state documents
put the Quốc hiệu: "ĐẢNG CỘNG SẢN VIỆT NAM" (Hướng dẫn 36-HD/VPTW) and "ĐOÀN
TNCS HỒ CHÍ MINH" (the Đoàn's rules on the form of its documents) head the
right column, above the place and date. Flattened into lines, that name stands
alone on a line, or ends the issuing body's line ("TỈNH ĐOÀN HÀ TĨNH   ĐOÀN
TNCS HỒ CHÍ MINH"); it is no part of the issuer. The same words after a bare
committee head ("BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH", "BCH ĐOÀN
TNCS HỒ CHÍ MINH") are the body's own name.
"""
from __future__ import annotations

import regex

from ..model import Line
from ..text.fold import fold
from ..zones.layout import NATIONAL_RE
from . import units

# A table row: starts with a bar ("| BỘ Y TẾ | CỘNG HÒA … |").
TABLE_ROW_RE = regex.compile(r"^[ ]*\|")
# The rule under a table's first row: "|---|---|", "| :--- | ---: |".
TABLE_RULE_RE = regex.compile(r"^[ ]*\|?(?:[ ]*:?-{3,}:?[ ]*\|)+[ ]*(?::?-{3,}:?[ ]*)?$")
# A line break inside a cell, as converters write it.
CELL_BREAK_RE = regex.compile(r"<br\s*/?>", regex.I)
# A cell piece that is only a rule or punctuation ("--------", "***").
RULE_PIECE_RE = regex.compile(r"[\W_]*")
BAR_RE = regex.compile(r"\|")


def _pieces(line: Line, lo: int, hi: int) -> list[Line]:
    """The pieces of the cell `line.text[lo:hi]` between its "<br>" marks, as lines."""
    out: list[Line] = []
    bounds = [lo] + [x for m in CELL_BREAK_RE.finditer(line.text, lo, hi) for x in (m.start(), m.end())] + [hi]
    for a, b in zip(bounds[::2], bounds[1::2]):
        raw = line.text[a:b]
        text = raw.strip()
        if not text or RULE_PIECE_RE.fullmatch(text):
            continue
        start = line.start + a + (len(raw) - len(raw.lstrip()))
        out.append(Line(line.index, start, start + len(text), text, fold(text)))
    return out


def row_cells(line: Line) -> list[list[Line]]:
    """The cells of a table row, each as its list of piece lines (an empty cell gives [])."""
    bars = [m.start() for m in BAR_RE.finditer(line.text)]
    if not line.text.rstrip().endswith("|"):
        bars.append(len(line.text))
    return [_pieces(line, a + 1, b) for a, b in zip(bars, bars[1:])]


def table_columns(lines: list[Line]) -> list[list[Line]]:
    """The columns of the first table block among `lines` (consecutive table rows), each the pieces of
    its cells top to bottom; [] when there is no table."""
    cols: list[list[Line]] = []
    seen = False
    for line in lines:
        if not TABLE_ROW_RE.match(line.text):
            if seen:
                break
            continue
        seen = True
        if TABLE_RULE_RE.match(line.text):
            continue
        for k, cell in enumerate(row_cells(line)):
            while len(cols) <= k:
                cols.append([])
            cols[k].extend(cell)
    return [c for c in cols if c]


def unfold_tables(lines: list[Line]) -> list[Line]:
    """`lines` with each table block replaced by its cell pieces in column order."""
    out: list[Line] = []
    k = 0
    while k < len(lines):
        if not TABLE_ROW_RE.match(lines[k].text):
            out.append(lines[k])
            k += 1
            continue
        j = k
        while j < len(lines) and TABLE_ROW_RE.match(lines[j].text):
            j += 1
        out.extend(piece for col in table_columns(lines[k:j]) for piece in col)
        k = j
    return out


# The Đoàn's name as the right column's motto (folded): the whole line, or the end of a line, or before
# the place and date that follow it in the same column.
DOAN_MOTTO_RE = regex.compile(
    r"(?:^|(?<=\s))doan\s+(?:tncs|thanh\s+nien\s+cong\s+san)\s+(?:ho\s+chi\s+minh|hcm)\b"
    r"(?=\s*$|\s+[^,\n]{2,40},\s*ngay\b)"
)
# Words after which the Đoàn's name completes a committee's name ("… TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH").
CENTRAL_RE = regex.compile(r"\btrung\s+uong\s*$")


def motto_start(text: str) -> int | None:
    """Offset in `text` (a header line or piece) where the national motto or an organisation's motto
    begins, else None."""
    folded = fold(text)
    found = [m.start() for m in (NATIONAL_RE.search(folded),) if m]
    for m in DOAN_MOTTO_RE.finditer(folded):
        before = text[: m.start()].rstrip()
        heads = units.iter_heads(before) if before else []
        if before and (CENTRAL_RE.search(fold(before)) or (heads and heads[-1].end() >= len(before))):
            continue  # "BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS …", "BCH ĐOÀN TNCS …": the body's own name
        found.append(m.start())
        break
    return min(found) if found else None
