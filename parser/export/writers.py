"""CSV and XLSX files for the archive export, written atomically.

CSV is UTF-8 with a BOM: without it Excel reads the bytes as the local ANSI
code page and Vietnamese turns into mojibake. Excel in a Vietnamese locale
splits on ";" (the decimal separator there is ","), hence the `delimiter`
option. XLSX cells are all text (number format "@") so "05" stays "05" and
nothing is evaluated as a formula.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Sequence

from ..write import write_atomic

SHEET_TITLE = "Văn bản"
#: Widest column in the XLSX, in characters (long fields wrap instead).
MAX_WIDTH = 60


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[str]], *, delimiter: str = ",") -> str:
    """The CSV body (no BOM): header row, then one row per document, CRLF line ends as RFC 4180 says."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buf.getvalue()


def write_csv(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[str]], *, delimiter: str = ",") -> None:
    """UTF-8 with BOM, so Excel shows Vietnamese correctly."""
    write_atomic(path, ("\ufeff" + csv_text(headers, rows, delimiter=delimiter)).encode("utf-8"))


def xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence[str]], *, widths: Sequence[int] | None = None) -> bytes:
    """One sheet: bold frozen header with a filter, every cell a text cell."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise RuntimeError("XLSX export needs openpyxl (pip install 'openpyxl>=3.1,<4')") from exc

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    bold = Font(bold=True)
    for c, name in enumerate(headers, 1):
        cell = ws.cell(row=1, column=c, value=name)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=c)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value) if value else None
            cell.data_type = "s"  # a string starting with "=" must stay a string
            cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c, name in enumerate(headers, 1):
        limit = widths[c - 1] if widths and c - 1 < len(widths) else MAX_WIDTH
        ws.column_dimensions[get_column_letter(c)].width = max(8, min(MAX_WIDTH, max(len(name) + 2, min(limit, 50))))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[str]], *, widths: Sequence[int] | None = None) -> None:
    write_atomic(path, xlsx_bytes(headers, rows, widths=widths))
