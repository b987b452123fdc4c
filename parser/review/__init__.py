"""Review pages: check every extracted value against the text it came from.

    render_page(output) -> str            one self-contained HTML page
    write_page(output, path)              the same, written atomically
    index_entry(output, href=...) -> dict the index row of one output
    write_index(entries, path)            the index page, doubtful documents first
    write_review_dir(pairs, out_dir)      pages + index.html for (name, output) pairs

Pages are self-contained (inline CSS and script, a CSP that forbids any
network load, system fonts, UTF-8), and every piece of document text is
HTML-escaped.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Iterable

from ..write import write_atomic
from .index import index_entry, render_index, sort_key, write_index
from .page import document_heading, render_page


def write_page(output: dict, out_path: str | Path, *, name: str | None = None) -> Path:
    path = Path(out_path)
    write_atomic(path, render_page(output, name=name))
    return path


def page_name(name: str) -> str:
    """Relative page path for a relative JSON path: "sub/x.json" -> "sub/x.html"."""
    pure = PurePosixPath(name)
    return str(pure.with_suffix(".html")) if pure.suffix else f"{pure}.html"


def write_review_dir(pairs: Iterable[tuple[str, dict]], out_dir: str | Path) -> Path:
    """One page per (relative name, output) under `out_dir`, then `index.html` linking them; returns the index path."""
    out = Path(out_dir)
    entries = []
    for name, output in pairs:
        rel = page_name(name)
        if rel == "index.html":  # a document called index.json must not overwrite the index
            rel = "index_.html"
        write_page(output, out / rel, name=name)
        entries.append(index_entry(output, href=rel, name=name))
    return write_index(entries, out / "index.html")


__all__ = [
    "document_heading", "index_entry", "page_name", "render_index", "render_page", "sort_key", "write_index",
    "write_page", "write_review_dir",
]
