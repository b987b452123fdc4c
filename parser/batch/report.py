"""End of a batch: compacted index, `_errors.jsonl`, `_summary.json`, and the jsonl/csv streams.

Everything is streamed: entries are read back from the index one at a time
(by offset), each file is written to a temporary name and renamed into
place, so memory does not grow with the number of documents and a kill
during this step leaves the previous versions intact.
"""
from __future__ import annotations

import csv
import json
import os
import statistics
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from . import index as idx

ERRORS_NAME = "_errors.jsonl"
SUMMARY_NAME = "_summary.json"
JSONL_NAME = "results.jsonl"
CSV_NAME = "results.csv"
# The flat table: one row per input (failed inputs too, with status "error").
CSV_COLUMNS = (
    ("path", "path"), ("reference", "reference"), ("number", "number"), ("symbol", "symbol"), ("type", "type"),
    ("date", "date"), ("precision", "precision"), ("place", "place"), ("issuer", "issuer"),
    ("abbreviation", "abbreviation"), ("title", "title"), ("signer_name", "signer_name"),
    ("signer_title", "signer_title"), ("recipients_count", "recipients"), ("warnings_count", "warnings"),
    ("status", "status"), ("error", "error"),
)


def file_mode() -> int:
    """What open() would give a new file (0666 less the umask): mkstemp makes 0600 files."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_open(path: str | Path, *, encoding: str = "utf-8", newline: str | None = "\n") -> Iterator[IO[str]]:
    """Text file written under a temporary name (same pattern as `write.write_atomic`), renamed on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(tmp, file_mode())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def error_line(entry: dict[str, Any]) -> str:
    row = {"path": entry["path"], "code": entry.get("error_code"), "message": entry.get("error"),
           "sha256": entry.get("sha256"), "seconds": entry.get("seconds")}
    return json.dumps(row, ensure_ascii=False) + "\n"


def csv_row(entry: dict[str, Any]) -> list[str]:
    row = []
    for _, key in CSV_COLUMNS:
        value = entry.get(key)
        if key == "error" and value is not None:
            value = f"{entry.get('error_code')}: {value}"
        row.append("" if value is None else str(value))
    return row


def _cell_safe(row: list[str]) -> list[str]:
    """No formula injection when the table is opened in a spreadsheet (a title starting with "=")."""
    return ["'" + v if v[:1] in ("=", "+", "-", "@") and not _numeric(v) else v for v in row]


def _numeric(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True


class Totals:
    """Counts for the summary, accumulated while the compacted index is written."""

    def __init__(self) -> None:
        self.status: Counter[str] = Counter()
        self.warnings: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.seconds: list[float] = []
        self.pages = 0

    def add(self, entry: dict[str, Any]) -> None:
        self.status[entry.get("status") or "error"] += 1
        if entry.get("status") == "error":
            self.errors[entry.get("error_code") or "error"] += 1
        for code, n in (entry.get("warning_codes") or {}).items():
            self.warnings[code] += int(n)
        if isinstance(entry.get("seconds"), (int, float)) and entry.get("error_code") != "timeout":
            self.seconds.append(float(entry["seconds"]))
        if isinstance(entry.get("pages"), int):
            self.pages += entry["pages"]


def finalize(out_dir: Path, rels: list[str], fmt: str) -> Totals:
    """Compact the index to one sorted line per current input; write errors and the requested stream."""
    index_path = out_dir / idx.INDEX_NAME
    offsets = idx.last_offsets(index_path)
    totals = Totals()
    # The compacted index is renamed over the one being read: POSIX keeps `src` readable.
    with open(index_path, "rb") as src, atomic_open(index_path) as index_out, \
            atomic_open(out_dir / ERRORS_NAME) as errors_out, _stream(out_dir, fmt) as stream:
        for rel in sorted(rels):
            where = offsets.get(rel)
            if where is None:  # not converted (interrupted run)
                continue
            entry = idx.read_entry(src, where)
            index_out.write(idx.entry_line(entry))
            totals.add(entry)
            if entry.get("status") == "error":
                errors_out.write(error_line(entry))
            if stream is not None:
                stream(entry)
    return totals


@contextmanager
def _stream(out_dir: Path, fmt: str) -> Iterator[Any]:
    if fmt == "csv":
        with atomic_open(out_dir / CSV_NAME, encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([name for name, _ in CSV_COLUMNS])
            yield lambda entry: writer.writerow(_cell_safe(csv_row(entry)))
    elif fmt == "jsonl":
        with atomic_open(out_dir / JSONL_NAME) as fh:
            def write(entry: dict[str, Any]) -> None:
                out = entry.get("output")
                if entry.get("status") == "error" or not isinstance(out, str):
                    return
                with open(out_dir.joinpath(*out.split("/")), encoding="utf-8") as doc:
                    fh.write(json.dumps(json.load(doc), ensure_ascii=False) + "\n")
            yield write
    else:
        yield None


def summary(totals: Totals, run: dict[str, Any]) -> dict[str, Any]:
    """`_summary.json`: the whole output folder's counts plus this run's figures."""
    secs = totals.seconds
    processed = run.get("processed", 0)
    wall = run.get("wall_seconds") or 0.0
    return {
        **{k: run[k] for k in ("version", "engine", "jobs", "format", "ocr", "timeout", "in_dir", "out_dir",
                               "started", "finished", "interrupted", "sinks") if k in run},
        "counts": {
            "inputs": run.get("inputs", sum(totals.status.values())),
            "pending": max(0, run.get("inputs", 0) - sum(totals.status.values())),
            "ok": totals.status.get("ok", 0),
            "warning": totals.status.get("warning", 0),
            "error": totals.status.get("error", 0),
            "processed": processed,
            "skipped": run.get("skipped", 0),
        },
        "seconds": {
            "wall": round(wall, 3),
            "documents_total": round(sum(secs), 3),
            "median_per_document": round(statistics.median(secs), 4) if secs else None,
            "mean_per_document": round(statistics.fmean(secs), 4) if secs else None,
        },
        "documents_per_second": round(processed / wall, 2) if wall > 0 and processed else None,
        "pages": totals.pages,
        "warnings_by_code": dict(sorted(totals.warnings.items())),
        "errors_by_code": dict(sorted(totals.errors.items())),
        "workers_replaced": run.get("workers_replaced", 0),
    }


REVIEW_DIR = "_review"


def write_review(out_dir: Path) -> Path:
    """OUT_DIR/_review/: a review page per converted document and index.html sorted by quality.

    Outputs are read back one at a time from the compacted index, so memory
    stays flat however many documents the batch holds.
    """
    import json

    from ..review import write_review_dir

    def pairs() -> Iterator[tuple[str, dict]]:
        with open(out_dir / idx.INDEX_NAME, encoding="utf-8") as fh:
            for line in fh:
                entry = json.loads(line)
                out_rel = entry.get("output")
                if entry.get("status") == "error" or not out_rel:
                    continue
                try:
                    output = json.loads((out_dir / out_rel).read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                yield out_rel, output

    return write_review_dir(pairs(), out_dir / REVIEW_DIR)
