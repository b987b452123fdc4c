"""What a fuzzed input must satisfy, shared by the atheris target and the Hypothesis tests.

The contract under fuzzing: any bytes either give a `KhparseError` (a typed,
documented refusal) or an output that is valid against the schema, strict
JSON (no NaN/Infinity), with every span inside `text`, and the same output
for the same input. Any other exception is a bug, and so is a broken output.
"""
from __future__ import annotations

import json
from typing import Any

import regex

from parser.errors import KhparseError
from parser.pipeline import run_bytes, run_text
from parser.schema import validate


class BrokenOutput(AssertionError):
    """An output that breaks the contract (schema, span, JSON, determinism)."""


def iter_spans(obj: Any) -> Any:
    """Every [start, end] span of an output ("span" of items, "spans" maps), not inside `text`."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "span" and value is not None:
                yield value
            elif key == "spans" and isinstance(value, dict):
                yield from (v for v in value.values() if v is not None)
            elif key != "text":
                yield from iter_spans(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from iter_spans(value)


def strict_json(out: dict) -> str:
    """The output as strict JSON text; BrokenOutput for NaN/Infinity or what JSON cannot hold."""
    try:
        text = json.dumps(out, ensure_ascii=False, allow_nan=False, sort_keys=False)
        text.encode("utf-8")  # lone surrogates pass dumps() but no UTF-8 writer
        return text
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise BrokenOutput(f"output is not strict JSON: {exc}") from None


def check_output(out: dict, tolerate: tuple[str, ...] = ()) -> str:
    """Schema, spans and strict JSON; returns the JSON text (for determinism checks).
    `tolerate`: regexes of schema messages of known, reported bugs (so fuzzing goes on past them)."""
    problems = [p for p in validate(out) if not any(regex.search(t, p) for t in tolerate)]
    if problems:
        raise BrokenOutput(f"schema: {problems[:3]}")
    n = len(out["text"])
    for span in iter_spans(out):
        if not (isinstance(span, list) and len(span) == 2 and 0 <= span[0] <= span[1] <= n):
            raise BrokenOutput(f"span {span!r} outside text of length {n}")
    return strict_json(out)


def check_bytes(data: bytes, *, ocr: str = "never", twice: bool = False) -> str | None:
    """Readers + pipeline on `data`: None for a typed refusal, else the checked JSON text."""
    try:
        out = run_bytes(data, path="fuzz.bin", ocr=ocr)
    except KhparseError:
        return None
    text = check_output(out)
    if twice:
        again = check_output(run_bytes(data, path="fuzz.bin", ocr=ocr))
        if again != text:
            raise BrokenOutput("two runs on the same bytes gave different outputs")
    return text


def check_text(text: str, *, twice: bool = True, tolerate: tuple[str, ...] = ()) -> str:
    """The text path (no reader): the output for `text`, checked, and the same when run again."""
    first = check_output(run_text(text, path="fuzz.txt"), tolerate)
    if twice:
        second = check_output(run_text(text, path="fuzz.txt"), tolerate)
        if second != first:
            raise BrokenOutput("two runs on the same text gave different outputs")
    return first
