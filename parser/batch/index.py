"""The manifest: `OUT_DIR/_index.jsonl`, one JSON line per input.

During a run, a line is appended (and flushed) as each file finishes, after
its output has been renamed into place; a batch killed at any moment thus
leaves an index whose lines all describe complete outputs, plus at worst a
truncated last line, which `load` drops (and cuts from the file, so the
next append starts on a fresh line). Later lines win over earlier ones for
the same path. At the end the index is rewritten compacted — one line per
current input, sorted by path — with an atomic rename.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterator

INDEX_NAME = "_index.jsonl"
# The order of the keys in an index line (unknown keys follow).
INDEX_KEYS = (
    "path", "sha256", "status", "seconds", "reference", "number", "symbol", "type", "date", "precision",
    "place", "issuer", "abbreviation", "title", "signer_name", "signer_title", "recipients", "warnings",
    "warning_codes", "format", "pages", "ocr_used", "output", "error_code", "error", "version", "ocr",
)


def entry_line(entry: dict[str, Any]) -> str:
    ordered = {k: entry[k] for k in INDEX_KEYS if k in entry}
    ordered.update((k, v) for k, v in entry.items() if k not in ordered)
    return json.dumps(ordered, ensure_ascii=False) + "\n"


def _trim_partial_tail(p: Path) -> None:
    """A kill mid-append leaves a last line without its newline: cut it so the next append is clean."""
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        return
    with open(p, "r+b") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        pos, keep = size, 0
        while pos > 0:  # scan backwards for the previous newline, a block at a time
            step = min(1 << 16, pos)
            pos -= step
            fh.seek(pos)
            block = fh.read(step)
            nl = block.rfind(b"\n")
            if nl >= 0:
                keep = pos + nl + 1
                break
        fh.truncate(keep)


def scan(path: str | Path) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(offset, length, entry) for every parsable line, streaming; unparsable lines are skipped."""
    p = Path(path)
    _trim_partial_tail(p)
    try:
        fh = open(p, "rb")
    except FileNotFoundError:
        return
    with fh:
        offset = 0
        for raw in fh:
            length = len(raw)
            try:
                entry = json.loads(raw)
            except ValueError:
                entry = None
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                yield offset, length, entry
            offset += length


def last_offsets(path: str | Path) -> dict[str, tuple[int, int]]:
    """path -> (offset, length) of its latest line: the compaction reads entries back one at a time."""
    return {entry["path"]: (off, n) for off, n, entry in scan(path)}


def read_entry(fh: BinaryIO, where: tuple[int, int]) -> dict[str, Any]:
    fh.seek(where[0])
    return json.loads(fh.read(where[1]))


@dataclass(frozen=True)
class Prev:
    """What a resume decision needs of a previous entry (kept small: one per input in memory)."""

    sha256: str | None
    status: str | None
    version: str | None
    ocr: str
    output: str | None


def load(path: str | Path) -> dict[str, Prev]:
    """path -> the latest entry's resume facts; a partial last line is cut off the file."""
    return {
        e["path"]: Prev(e.get("sha256"), e.get("status"), e.get("version"), e.get("ocr", "auto"), e.get("output"))
        for _, _, e in scan(path)
    }


class IndexWriter:
    """Appends entries line by line; flushed so a killed run loses no finished file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a", encoding="utf-8", newline="\n")

    def append(self, entry: dict[str, Any]) -> None:
        self.fh.write(entry_line(entry))
        self.fh.flush()

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.close()


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str | None:
    """Streaming hash (resume checks); None when the file cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while block := fh.read(chunk):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def reusable(prev: Prev | None, sha: str | None, version: str, ocr: str, out_dir: str | Path, skip_failed: bool) -> bool:
    """Can the previous result for this input stand? Same bytes, same extractor version and OCR mode,
    and its output still there (or, with `skip_failed`, a previous failure)."""
    if prev is None or sha is None or prev.sha256 != sha:
        return False
    if prev.version != version or prev.ocr != ocr:
        return False
    if prev.status == "error":
        return skip_failed
    return isinstance(prev.output, str) and os.path.isfile(os.path.join(out_dir, *prev.output.split("/")))
