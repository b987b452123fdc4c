"""List a batch's inputs and map each to a safe output path.

The walk is cheap (names and `lstat` only, nothing is read) so the runner
can count the inputs for the progress bar before converting anything. It
never leaves the tree: a symlink whose target resolves outside IN_DIR is
reported, not followed; directory symlinks inside the tree are not
descended (their target is walked under its real name already), which also
rules out loops. OUT_DIR is skipped when it lies inside IN_DIR.
"""
from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

DEFAULT_GLOBS = ("*.txt", "*.docx", "*.doc", "*.pdf")
# Names of the run's own files in OUT_DIR: an input may never be written over one of them.
RESERVED_OUTPUTS = frozenset({"_index.jsonl", "_errors.jsonl", "_summary.json", "results.jsonl", "results.csv"})
OUTPUT_SUFFIX = ".json"


@dataclass(frozen=True)
class Input:
    """One candidate input: `rel` is the POSIX path relative to IN_DIR (the index key)."""

    rel: str
    path: str
    error: tuple[str, str] | None = None  # (code, message) when the walk already knows it fails


def display_rel(parts: list[str]) -> str:
    """POSIX relative path as text; undecodable bytes in names become \\x escapes (JSON-safe)."""
    rel = "/".join(parts)
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return rel


def matches(name: str, rel: str, globs: tuple[str, ...]) -> bool:
    """Case-insensitive: a pattern with "/" is matched against the relative path, else the name."""
    for pat in globs:
        target = rel if "/" in pat else name
        if fnmatch.fnmatchcase(target.casefold(), pat.casefold()):
            return True
    return False


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _skipped_name(name: str) -> bool:
    """Hidden files and folders (.git, editor temp files) and Office lock files (~$plan.docx)."""
    return name.startswith(".") or name.startswith("~$")


def walk_inputs(in_dir: str | Path, globs: tuple[str, ...] = DEFAULT_GLOBS, exclude: str | Path | None = None) -> Iterator[Input]:
    """Inputs under `in_dir` in a deterministic order, directories entered lazily."""
    root = os.path.realpath(in_dir)
    skip = os.path.realpath(exclude) if exclude is not None else None
    yield from _walk(root, [], root, globs, skip)


def _walk(directory: str, parts: list[str], root: str, globs: tuple[str, ...], skip: str | None) -> Iterator[Input]:
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        rel = display_rel(parts) or "."
        yield Input(rel, directory, ("unreadable_file", f"cannot list the folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        if _skipped_name(entry.name):
            continue
        sub = [*parts, entry.name]
        rel = display_rel(sub)
        try:
            if entry.is_symlink():
                yield from _symlink(entry, rel, root, globs)
            elif entry.is_dir(follow_symlinks=False):
                if skip is not None and os.path.realpath(entry.path) == skip:
                    continue
                yield from _walk(entry.path, sub, root, globs, skip)
            elif entry.is_file(follow_symlinks=False) and matches(entry.name, rel, globs):
                yield Input(rel, entry.path)
        except OSError as exc:  # vanished or unreadable between listing and stat
            if matches(entry.name, rel, globs):
                yield Input(rel, entry.path, ("unreadable_file", exc.strerror or str(exc)))


def _symlink(entry: os.DirEntry, rel: str, root: str, globs: tuple[str, ...]) -> Iterator[Input]:
    target = os.path.realpath(entry.path)
    is_dir = os.path.isdir(target)
    if not _inside(target, root):
        if is_dir or matches(entry.name, rel, globs):
            what = "folder" if is_dir else "file"
            yield Input(rel, entry.path, ("symlink_outside_tree", f"symbolic link to a {what} outside the input folder; not followed"))
        return
    if is_dir or not matches(entry.name, rel, globs):
        return
    try:
        regular = stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        yield Input(rel, entry.path, ("unreadable_file", "broken symbolic link"))
        return
    if regular:
        yield Input(rel, entry.path)


def output_rel(rel: str) -> str:
    """`a/b/plan.pdf` -> `a/b/plan.pdf.json`: the extension stays, so plan.pdf and plan.docx don't collide."""
    return rel + OUTPUT_SUFFIX


def _checked_rel(rel: str) -> str:
    """The output's relative path, once `rel` is known not to climb out or hit a run file."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or (os.sep == "\\" and "\\" in rel) or "\x00" in rel:
        raise ValueError(f"unsafe relative path {rel!r}")
    if any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"unsafe relative path {rel!r}")
    out_rel = output_rel(rel)
    if out_rel in RESERVED_OUTPUTS:
        raise ValueError(f"{out_rel!r} is a reserved name in the output folder")
    return out_rel


def safe_output_path(out_dir: str | Path, rel: str) -> Path:
    """OUT_DIR/<rel>.json, refusing anything that could land outside OUT_DIR or on the run's own files."""
    out_rel = _checked_rel(rel)
    base = os.path.realpath(out_dir)
    target = os.path.join(base, *out_rel.split("/"))
    # A symlinked folder inside OUT_DIR must not redirect the write elsewhere.
    if not _inside(os.path.realpath(target), base):
        raise ValueError(f"output path for {rel!r} resolves outside the output folder")
    return Path(target)


class OutputPaths:
    """`safe_output_path` for the many inputs of one batch: OUT_DIR and every folder already found
    to be a real folder inside it are resolved once (the parent checks a path per file)."""

    def __init__(self, out_dir: str | Path) -> None:
        self.base = os.path.realpath(out_dir)
        self.real_dirs: set[str] = set()

    def __call__(self, rel: str) -> Path:
        out_rel = _checked_rel(rel)
        target = os.path.join(self.base, *out_rel.split("/"))
        folder = os.path.dirname(target)
        if folder in self.real_dirs and not os.path.islink(target):
            return Path(target)
        path = safe_output_path(self.base, rel)
        if os.path.realpath(folder) == folder and os.path.isdir(folder):
            self.real_dirs.add(folder)  # no symlink on the way: the files beside it need no new check
        return path
