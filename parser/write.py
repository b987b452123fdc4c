"""JSON output: deterministic bytes, written atomically.

A file is written to a temporary name in the same directory, flushed and
fsync'ed, then renamed over the target, so a reader (or a batch killed at any
moment) only ever sees a complete file or none. The batch splits the two
steps: its workers write and fsync `temp_path(target, tag)` in parallel
(`write_durable`), the parent renames it into place when it records the
document, so only the parent makes outputs appear.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def dumps(obj: dict) -> str:
    """Stable JSON text: UTF-8 characters kept, key order as assembled, trailing newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: str | Path, data: str | bytes) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def temp_path(target: str | Path, tag: str) -> Path:
    """The temporary name of `target` for one writer (`tag`: 8 characters, e.g. a pid in hex), known to
    both the process that writes it and the one that renames it or cleans it up after a kill."""
    target = Path(target)
    return target.with_name(f".{target.name}.{tag}.tmp")


def write_durable(path: str | Path, payload: bytes) -> None:
    """Create `path` afresh (a stale one is replaced), write, fsync: complete on disk when this returns.

    The mode is that of open() (0666 less the umask), as `write_atomic` gives;
    no umask round-trip, so it is safe in a process with threads."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        raise


def write_json(path: str | Path, obj: dict) -> None:
    write_atomic(path, dumps(obj))


def _umask() -> int:
    """The process umask (read by setting and restoring it: there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
