"""Feeding sinks from output files: shared by `khparse batch --sink` and `khparse sink`.

Failures are returned as one-line messages (never raised) so the caller
records them against the document and goes on with the next one.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from . import LOOKUP_CHUNK, Sink, SinkError, iter_chunks


class Stored(NamedTuple):
    """An output file to load: the input's relative path (for messages), its sha256, where its JSON is."""

    rel: str
    sha256: str
    path: Path


def put_text(sinks: list[Sink], text: str) -> str | None:
    """Put one output (its JSON text) into every sink; the first failure's message, or None."""
    try:
        out = json.loads(text)
    except ValueError as exc:
        return f"the output is not valid JSON: {exc}"
    for sink in sinks:
        try:
            sink.put(out, text)
        except SinkError as exc:
            return str(exc)
        except Exception as exc:  # a bug: this document fails, the run goes on
            return f"{sink.url}: {type(exc).__name__}: {exc}"
    return None


def lacking(sinks: list[Sink], shas: Iterable[str]) -> set[str]:
    """The sha256 that at least one sink has no document for (raises SinkError when a sink cannot answer)."""
    wanted = list(shas)
    found: set[str] = set()
    for sink in sinks:
        found |= sink.missing(wanted)
    return found


def load_stored(sinks: list[Sink], stored: Iterable[Stored], on_failure: Callable[[Stored, str], Any],
                only_missing: bool = True, on_done: Callable[[Stored], Any] | None = None) -> int:
    """Put output files into the sinks, in chunks (only those some sink lacks, unless `only_missing` is off);
    returns how many were put. Streams: memory stays flat however many outputs there are."""
    loaded = 0
    for chunk in _chunks(stored):
        todo = lacking(sinks, (s.sha256 for s in chunk)) if only_missing else None
        for item in chunk:
            if todo is not None and item.sha256 not in todo:
                continue
            try:
                text = item.path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                on_failure(item, f"cannot read {item.path.name}: {getattr(exc, 'strerror', None) or exc}")
                continue
            failure = put_text(sinks, text)
            if failure is None:
                loaded += 1
                if on_done is not None:
                    on_done(item)
            else:
                on_failure(item, failure)
    return loaded


def _chunks(stored: Iterable[Stored]) -> Iterator[list[Stored]]:
    return iter_chunks(stored, LOOKUP_CHUNK)


def stored_outputs(out_dir: Path) -> Iterator[Stored]:
    """The current outputs of a folder: from its batch index when it has one (latest line per input,
    errors left out), else every `*.json` under it except run files (then sha256 is unknown: "")."""
    from ..batch.index import INDEX_NAME, last_offsets, read_entry

    index = out_dir / INDEX_NAME
    if index.is_file():
        offsets = last_offsets(index)
        with open(index, "rb") as fh:
            for rel in sorted(offsets):
                entry = read_entry(fh, offsets[rel])
                out = entry.get("output")
                sha = entry.get("sha256")
                if entry.get("status") != "error" and isinstance(out, str) and isinstance(sha, str):
                    yield Stored(rel, sha, out_dir.joinpath(*out.split("/")))
        return
    for path in sorted(out_dir.rglob("*.json")):
        rel = path.relative_to(out_dir).as_posix()
        if any(part.startswith(("_", ".")) for part in rel.split("/")):
            continue  # _summary.json, _review/, hidden files
        yield Stored(rel, "", path)
