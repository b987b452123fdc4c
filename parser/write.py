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
    """Stable JSON text: UTF-8 characters kept, key order as assembled, trailing newline.

    The bytes of `json.dumps(obj, ensure_ascii=False, indent=2)`: with an indent the standard library
    encodes in Python generators (its C encoder only serves compact output), which cost a batch worker
    about as much as a content extractor; `_Indented` writes the same text with plain recursion and the
    C string encoder, and leaves anything but plain dicts, lists, strings, numbers, booleans and None
    (keys other than strings, subclasses, cycles) to `json.dumps` itself."""
    try:
        out: list[str] = []
        _Indented(out).value(obj, 0)
        return "".join(out) + "\n"
    except (_Unsupported, RecursionError):
        return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


class _Unsupported(Exception):
    """A value `_Indented` leaves to `json.dumps`."""


_string = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False (C when built)
_INF = float("inf")


def _float(x: float) -> str:
    """json's float text (allow_nan: NaN and the infinities as JavaScript names)."""
    if x != x:
        return "NaN"
    if x == _INF:
        return "Infinity"
    if x == -_INF:
        return "-Infinity"
    return float.__repr__(x)


class _Indented:
    """`json.dumps(…, ensure_ascii=False, indent=2)` for plain values, into a list of pieces."""

    def __init__(self, out: list[str]) -> None:
        self.out = out
        self.breaks = ["\n"]  # "\n" and the indent of each level

    def _break(self, level: int) -> str:
        while len(self.breaks) <= level:
            self.breaks.append("\n" + "  " * len(self.breaks))
        return self.breaks[level]

    def value(self, v: object, level: int) -> None:
        t = type(v)
        if t is str:
            self.out.append(_string(v))
        elif t is dict:
            self.mapping(v, level)  # type: ignore[arg-type]
        elif t is list or t is tuple:
            self.sequence(v, level)  # type: ignore[arg-type]
        elif v is None:
            self.out.append("null")
        elif v is True:
            self.out.append("true")
        elif v is False:
            self.out.append("false")
        elif t is int:
            self.out.append(int.__repr__(v))  # type: ignore[arg-type]
        elif t is float:
            self.out.append(_float(v))  # type: ignore[arg-type]
        else:
            raise _Unsupported(t.__name__)

    def mapping(self, d: dict, level: int) -> None:
        out = self.out
        if not d:
            out.append("{}")
            return
        inner = self._break(level + 1)
        sep = "{" + inner
        for k, v in d.items():
            if type(k) is not str:
                raise _Unsupported("key")
            out.append(sep)
            out.append(_string(k))
            t = type(v)
            if t is str:
                out.append(": ")
                out.append(_string(v))
            elif v is None:
                out.append(": null")
            elif t is int:
                out.append(": ")
                out.append(int.__repr__(v))
            elif t is dict:
                out.append(": ")
                self.mapping(v, level + 1)
            elif t is list:
                out.append(": ")
                self.sequence(v, level + 1)
            else:
                out.append(": ")
                self.value(v, level + 1)
            sep = "," + inner
        out.append(self._break(level) + "}")

    def sequence(self, items: list | tuple, level: int) -> None:
        out = self.out
        if not items:
            out.append("[]")
            return
        inner = self._break(level + 1)
        sep = "[" + inner
        for v in items:
            out.append(sep)
            t = type(v)
            if t is str:
                out.append(_string(v))
            elif t is dict:
                self.mapping(v, level + 1)
            elif t is int:
                out.append(int.__repr__(v))
            else:
                self.value(v, level + 1)
            sep = "," + inner
        out.append(self._break(level) + "]")


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
