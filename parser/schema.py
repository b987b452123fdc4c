"""The output contract as JSON Schema (draft 2020-12): load it and validate.

The canonical file is ``schemas/kh-v1.schema.json`` at the repository root,
where reviewers and consumers look for it. A wheel does not ship that
directory, so an identical copy lives in ``parser/data/`` as package data
(a test keeps the two the same); the repository copy wins when present.
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

SCHEMA_FILE = "kh-v1.schema.json"
#: The schema's "not whitespace-only" pattern (its raw message is cryptic).
BLANK_PATTERN = "^$|\\S"
#: Canonical location in a source checkout (or editable install).
REPO_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / SCHEMA_FILE


def _schema_text() -> str:
    """The schema file's text: the repository copy, else the packaged one."""
    if REPO_SCHEMA.is_file():
        return REPO_SCHEMA.read_text(encoding="utf-8")
    return resources.files("parser").joinpath("data", SCHEMA_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _cached_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


def load_schema() -> dict:
    """The output schema as a dict (a fresh copy: callers may mutate it)."""
    return copy.deepcopy(_cached_schema())


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    """Built once: compiling the validator costs far more than one check."""
    schema = _cached_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _innermost(error: ValidationError) -> ValidationError:
    """Descend through anyOf/oneOf to the likeliest cause, so that a bad
    nested date says which part is wrong instead of "not valid under any of
    the given schemas". Branches the value does not even have the type of
    (the ``null`` of "date or null") are the unlikely ones."""
    while error.context:
        likely = [e for e in error.context if not (e.validator == "type" and not e.relative_path)]
        error = max(likely or error.context, key=lambda e: len(e.absolute_path))
    return error


def _describe(error: ValidationError) -> str:
    """'$.json.path: message' for the innermost cause."""
    inner = _innermost(error)
    message = inner.message
    if inner.validator == "pattern" and inner.validator_value == BLANK_PATTERN:
        message = f"{inner.instance!r} is blank (use null for unknown values)"
    return f"{inner.json_path}: {message}"


def validate(obj: Any) -> list[str]:
    """Messages for every way `obj` breaks the contract; [] when it is valid.
    Sorted by location, duplicates dropped, so the output is deterministic."""
    errors = sorted(_validator().iter_errors(obj), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return list(dict.fromkeys(_describe(e) for e in errors))  # one line per distinct fault
