"""Word tables (DOCX, and .doc through antiword): layout tables read as zones, data tables row by row.

Word documents use tables for two different things. The header and closing
of Nghị định 30/2020 documents are borderless side-by-side blocks (issuing
body + "Số:" | Quốc hiệu + place/date; Nơi nhận | signature): read row by
row they would glue "Số: 12/KH-UBND" to "CỘNG HÒA …", so they are read
column by column, each column one block of lines. Real data tables (STT /
Nội dung / Đơn vị chủ trì / Thời gian …), and anything without the words of
a header or closing, are written one row per line as
"| 1 | Hội nghị … | Phòng Nội vụ | Tháng 5 |", the row form the content
extractors read, with merged cells expanded so every row has the header's
column count.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from ..rules import column
from ..text.fold import fold
from .docx_styles import Ctx, w, wval

if TYPE_CHECKING:
    from lxml import etree

# What only the header or closing block of an administrative document holds (Nghị định
# 30/2020/NĐ-CP, Phụ lục I): Quốc hiệu / Tiêu ngữ, the Party's name, "Số:", the place-date
# line, "Nơi nhận:", the signing authority ("TM.", "KT.", "TL.", "TUQ.", "Q.").
# Matched on folded text.
LAYOUT_MARK_RE = regex.compile(
    r"cong hoa xa hoi chu nghia|doc lap\s*[-–]\s*tu do|dang cong san viet nam|noi nhan\s*:"
    r"|(?:^|\n)\s*so\s*:|,\s*ngay\b[^\n]{0,12}\bthang\b"
    r"|(?:^|\n)\s*(?:t\.?\s?m|k\.?\s?t|t\.?\s?l|tuq|q)\s*[./]\s*\S"
)
# A closing table can give every recipient its own row.
MAX_LAYOUT_ROWS = 30


Cell = tuple[list[str], str]  # (paragraph texts, origin: "start" | "h" spanned | "v" merged from above)
Grid = list[list["Cell | None"]]


@lru_cache(maxsize=1)
def signer_title_re() -> regex.Pattern[str]:
    """A line that is only a signer's title ("CHỦ TỊCH", "PHÓ HIỆU TRƯỞNG"), folded."""
    titles = sorted({fold(t) for t in column("person_titles", "title")}, key=len, reverse=True)
    return regex.compile(r"(?:^|\n)\s*(?:" + "|".join(regex.escape(t) for t in titles) + r")\s*(?:\n|$)")


def render_table(tbl: etree._Element, ctx: Ctx) -> list[str]:
    """Blocks of one DOCX table, in reading order."""
    return render_grid(_grid(tbl, ctx))


def render_grid(grid: Grid) -> list[str]:
    """Blocks of a table given as a grid of cells (DOCX and antiword's DocBook alike)."""
    if not grid:
        return []
    ncols = max(len(row) for row in grid)
    used = [c for c in range(ncols) if any(c < len(row) and row[c] and row[c][1] == "start" and row[c][0] for row in grid)]
    if len(used) <= 1:  # a one-column table is a frame around ordinary paragraphs
        return [b for row in grid for cell in row if cell and cell[1] == "start" for b in cell[0]]
    if _is_layout(grid, used):
        return [_column(grid, c) for c in used if _column(grid, c)]
    return ["\n".join(_row_line(row, used) for row in grid if any(cell and cell[0] for cell in row))]


def _grid(tbl: etree._Element, ctx: Ctx) -> Grid:
    """Rows of grid cells: (blocks, origin) per grid column, origin "start" where the cell
    begins, "h" in the columns it spans, "v" in the rows a vertical merge covers."""
    from .docx import block_texts

    rows: Grid = []
    for tr in _children(tbl, w("tr")):
        row: list[Cell | None] = []
        tr_pr = tr.find(w("trPr"))
        before = wval(tr_pr.find(w("gridBefore"))) if tr_pr is not None else None
        row.extend([None] * (int(before) if before and before.isdigit() else 0))
        for tc in _children(tr, w("tc")):
            tc_pr = tc.find(w("tcPr"))
            span_v = wval(tc_pr.find(w("gridSpan"))) if tc_pr is not None else None
            span = max(1, min(int(span_v), 64)) if span_v and span_v.isdigit() else 1
            vmerge = tc_pr.find(w("vMerge")) if tc_pr is not None else None
            col = len(row)
            if vmerge is not None and (wval(vmerge) or "continue") == "continue" and rows:
                above = rows[-1][col] if col < len(rows[-1]) else None
                blocks = above[0] if above else []
                row.extend([(blocks, "v")] * span)
                continue
            blocks = block_texts(tc, ctx)
            row.append((blocks, "start"))
            row.extend([(blocks, "h")] * (span - 1))
        rows.append(row)
    return rows


def _children(el: etree._Element, tag: str) -> list[etree._Element]:
    """Direct children with `tag`, looking through content controls and custom XML."""
    out = []
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag in (w("sdt"), w("customXml"), w("sdtContent")):
            out.extend(_children(child, tag))
    return out


def _is_layout(grid: Grid, used: list[int]) -> bool:
    """A header or closing block: at most three filled columns, not too many rows, and the
    words of a header or closing. Borders say nothing either way: a borderless two-column
    table is as often a "Thời gian: | …" list as two signature blocks."""
    if len(grid) > MAX_LAYOUT_ROWS or len(used) > 3:
        return False
    return is_layout_text("\n".join(b for row in grid for cell in row if cell and cell[1] == "start" for b in cell[0]))


def is_layout_text(text: str) -> bool:
    """Does the text hold the words of a header or closing block?"""
    folded = fold(text[:4000])
    return bool(LAYOUT_MARK_RE.search(folded) or signer_title_re().search(folded))


# A one-line paragraph split in two by tabs: "UBND HUYỆN X<tab><tab>CỘNG HÒA XÃ HỘI …".
TAB_SPLIT_RE = regex.compile(r"^([^\t\n]{0,80}?)[ ]*\t[\t ]*([^\t\n]{1,80})$")
# … but not a list label followed by a tab ("a)<tab>Tổ chức …", "1.<tab>…", "-<tab>…").
LIST_LABEL_RE = regex.compile(r"^\s*(?:[-+•–*]|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVXLC]{1,5})[.):])\s*$")


def tab_columns(blocks: list[str]) -> list[str]:
    """Headers and closings laid out with tabs instead of a table: two or more consecutive
    one-line paragraphs split by tabs, holding header or closing words, become a left and
    a right column block, like a layout table."""
    out: list[str] = []
    run: list[tuple[str, str, str]] = []  # (block, left, right)

    def flush() -> None:
        if len(run) >= 2 and is_layout_text("\n".join(f"{left}\n{right}" for _, left, right in run)):
            left = "\n".join(l.strip() for _, l, _ in run if l.strip())
            right = "\n".join(r.strip() for _, _, r in run if r.strip())
            out.extend(col for col in (left, right) if col)
        else:
            out.extend(block for block, _, _ in run)
        run.clear()

    for block in blocks:
        m = TAB_SPLIT_RE.match(block.strip(" "))
        if m and m.group(2).strip() and not LIST_LABEL_RE.match(m.group(1)):
            run.append((block, m.group(1), m.group(2)))
            continue
        flush()
        out.append(block)
    flush()
    return out


def _column(grid: list, c: int) -> str:
    """One column of a layout table: its cells top to bottom, one line per paragraph."""
    lines = []
    for row in grid:
        cell = row[c] if c < len(row) else None
        if cell and cell[1] == "start":
            lines.extend(b for b in cell[0] if b.strip())
    return "\n".join(lines)


def _row_line(row: list, used: list[int]) -> str:
    """A data-table row as "| a | b |": a cell's paragraphs joined by spaces, "|" in text
    replaced so the cell count stays right."""
    cells = []
    for c in used:
        cell = row[c] if c < len(row) else None
        text = " ".join(b.strip() for b in cell[0]) if cell and cell[1] != "h" else ""
        cells.append(regex.sub(r"\s+", " ", text.replace("|", "/")).strip())
    return "| " + " | ".join(cells) + " |"
