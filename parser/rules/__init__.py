"""Rule tables: plain TSV files beside this module, loaded once and validated.

Each file starts with `#` comment lines that state its source (Nghị định
30/2020/NĐ-CP appendices, common practice, which corpus document motivated a
row), then a header row, then one row per entry. Tables are data reviewed in
diffs, never pickles; code compiles them into regexes once.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

RULES_DIR = Path(__file__).parent


@lru_cache(maxsize=None)
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `rules/<name>.tsv` as dicts keyed by the header; empty cells are ''."""
    path = RULES_DIR / f"{name}.tsv"
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            raise ValueError(f"{path.name}:{lineno}: {len(cells)} cells, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        row = dict(zip(header, cells))
        if not row[header[0]]:
            raise ValueError(f"{path.name}:{lineno}: empty key cell")
        rows.append(row)
    if header is None:
        raise ValueError(f"{path.name}: no header row")
    return tuple(rows)


def column(name: str, col: str) -> tuple[str, ...]:
    """One column of a table, in file order."""
    return tuple(r[col] for r in load_table(name) if r.get(col))
