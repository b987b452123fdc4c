"""Archive-metadata export: one row per document, in the fields of the archive circulars.

Why: archives catalogue each document by the input metadata of Thông tư
02/2019/TT-BNV and its replacement Thông tư 05/2025/TT-BNV (số, ký hiệu,
ngày tháng năm, tên loại, trích yếu, tác giả, người ký …). The column order,
names, lengths and the JSON source of every column are data in
`rules/archive_tt02_2019.tsv` and `rules/archive_tt05_2025.tsv`; this package
only applies them.

    profile = load_profile("tt02-2019")
    rows = [export_row(out, profile) for out in outputs]
    write_csv(path, profile, rows)   # or write_xlsx

Rules the tables cannot express:
- a value longer than its field is cut to the field's length and the cut is
  written in the row's note column (Ghi chú), never silently;
- a value that a spreadsheet would run as a formula (starts with = + - @) gets
  a leading apostrophe, also noted;
- fields we cannot know are present and empty.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ..rules import load_table
from .fields import NOTE_KEY, derive, is_known

PROFILES: dict[str, str] = {"tt02-2019": "archive_tt02_2019", "tt05-2025": "archive_tt05_2025"}
#: Characters that make Excel/LibreOffice read a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Header of the optional extra column naming the JSON each row came from (not a circular's field).
SOURCE_COLUMN = "Tệp nguồn (khparse)"


@dataclass(frozen=True)
class Column:
    """One export column as the table states it."""

    name: str
    field: str
    type: str
    max_len: int
    value: str
    source: str
    verified: str


@dataclass(frozen=True)
class Profile:
    name: str
    table: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def note_column(self) -> Column:
        return next(c for c in self.columns if c.value == NOTE_KEY)


@lru_cache(maxsize=None)
def load_profile(name: str) -> Profile:
    """Read and check one profile's table: unique headers, positive lengths, known value keys, one note column."""
    if name not in PROFILES:
        raise ValueError(f"unknown export profile {name!r}; choose one of {', '.join(PROFILES)}")
    table = PROFILES[name]
    columns = []
    for row in load_table(table):
        try:
            max_len = int(row["max_len"])
        except ValueError:
            raise ValueError(f"{table}.tsv: {row['column']}: max_len {row['max_len']!r} is not a number") from None
        if max_len <= 0 or not is_known(row["value"]):
            raise ValueError(f"{table}.tsv: {row['column']}: bad max_len or unknown value key {row['value']!r}")
        columns.append(Column(row["column"], row["field"], row["type"], max_len, row["value"], row["source"], row["verified"]))
    names = [c.name for c in columns]
    if len(set(names)) != len(names) or [c.value for c in columns].count(NOTE_KEY) != 1:
        raise ValueError(f"{table}.tsv: column names must be unique and exactly one column must be `note`")
    return Profile(name, table, tuple(columns))


def _guard_formula(value: str) -> tuple[str, bool]:
    if value.startswith(FORMULA_START):
        return "'" + value, True
    return value, False


def export_row(output: dict, profile: Profile, *, source: str | None = None, guard_formulas: bool = True) -> list[str]:
    """One row of cells (strings; '' for unknown) for one contract-v1 output.

    `guard_formulas` is for CSV, which a spreadsheet parses; XLSX stores typed
    text cells and needs no apostrophe.
    """
    notes: list[str] = []
    cells: list[str] = []
    for col in profile.columns:
        if col.value == NOTE_KEY:
            cells.append("")
            continue
        value = derive(col.value, output) or ""
        value = " ".join(value.split())  # one line: archive fields hold no line breaks
        value, guarded = _guard_formula(value) if guard_formulas else (value, False)
        if guarded:
            notes.append(f"{col.name}: thêm dấu ' trước giá trị bắt đầu bằng ký tự công thức")
        if len(value) > col.max_len:
            notes.append(f"{col.name}: cắt từ {len(value)} còn {col.max_len} ký tự (độ dài tối đa của trường)")
            value = value[: col.max_len]
        cells.append(value)
    note_col = profile.note_column
    note = "; ".join(notes)
    if len(note) > note_col.max_len:  # the note itself is cut visibly, with an ellipsis
        note = note[: note_col.max_len - 1] + "…"
    cells[profile.columns.index(note_col)] = note
    if source is not None:
        cells.append(source)
    return cells


def headers(profile: Profile, *, with_source: bool = False) -> list[str]:
    return profile.headers + ([SOURCE_COLUMN] if with_source else [])


def find_outputs(root: str | Path) -> Iterator[Path]:
    """Our JSON outputs under `root` (a folder searched recursively, or one file), in path order.

    Files whose name starts with "_" (batch bookkeeping: _index, _summary) or
    "." (temporary files) are skipped.
    """
    root = Path(root)
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*.json"), key=lambda p: p.relative_to(root).as_posix()):
        if path.is_file() and not path.name.startswith(("_", ".")):
            yield path


def load_output(path: Path) -> dict | None:
    """A contract-v1 output, or None when the file is some other JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and data.get("schema_version") == "1" and isinstance(data.get("document"), dict):
        return data
    return None


def cut_count(rows: Iterable[list[str]], profile: Profile) -> int:
    """How many rows carry a note (a cut or a guarded value)."""
    idx = profile.columns.index(profile.note_column)
    return sum(1 for r in rows if r[idx])


from .writers import write_csv, write_xlsx  # noqa: E402  (re-exported API)

__all__ = [
    "Column", "PROFILES", "Profile", "SOURCE_COLUMN", "cut_count", "export_row", "find_outputs", "headers",
    "load_output", "load_profile", "write_csv", "write_xlsx",
]
