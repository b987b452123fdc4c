"""Value derivations named in the `value` column of the archive tables.

Why a registry: the tables (rules/archive_*.tsv) say *where* each archive
field comes from as a short key, so a reviewer can check the mapping in the
table without reading code; this module is the one place that turns a key
into a value. Every function takes the contract-v1 dict and returns a string
or None (unknown -> an empty cell, never an invented value).
"""
from __future__ import annotations

from typing import Any, Callable

Derivation = Callable[[dict], "str | None"]


def _get(output: dict, *path: str) -> Any:
    value: Any = output
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _text(value: Any) -> str | None:
    """A non-empty string or None; numbers become their decimal text."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


def _issued_part(index: int) -> Derivation:
    """Day, month or year of `document.issued`, as far as its value states (ISO, reduced precision)."""

    def part(output: dict) -> str | None:
        value = _get(output, "document", "issued", "value")
        if not isinstance(value, str):
            return None
        pieces = value.split("-")
        return pieces[index] if index < len(pieces) and pieces[index].isdigit() else None

    return part


def _issuer_names(output: dict) -> str | None:
    """Every issuing body of a joint document, else the one issuer."""
    names = [_text(i.get("name")) for i in output.get("issuers") or [] if isinstance(i, dict)]
    names = [n for n in dict.fromkeys(names) if n]
    if not names:
        single = _text(_get(output, "issuer", "name"))
        names = [single] if single else []
    return "; ".join(names) or None


def _pages(output: dict) -> str | None:
    pages = _get(output, "source", "pages")
    return str(pages) if isinstance(pages, int) and not isinstance(pages, bool) and pages > 0 else None


DERIVATIONS: dict[str, Derivation] = {
    "document.number": lambda o: _text(_get(o, "document", "number")),
    "document.symbol": lambda o: _text(_get(o, "document", "symbol")),
    "document.reference": lambda o: _text(_get(o, "document", "reference")),
    "document.type_name": lambda o: _text(_get(o, "document", "type_name")),
    "document.title": lambda o: _text(_get(o, "document", "title")),
    "document.place": lambda o: _text(_get(o, "document", "place")),
    "issued.day": _issued_part(2),
    "issued.month": _issued_part(1),
    "issued.year": _issued_part(0),
    "issuer.names": _issuer_names,
    "signer.name": lambda o: _text(_get(o, "signer", "name")),
    "signer.title": lambda o: _text(_get(o, "signer", "title")),
    "source.pages": _pages,
    "empty": lambda o: None,
}

#: Keys handled by the exporter itself rather than derived from the output.
NOTE_KEY = "note"
CONST_PREFIX = "const:"


def is_known(key: str) -> bool:
    """Whether a table's `value` key can be computed (checked when a profile loads)."""
    return key in DERIVATIONS or key == NOTE_KEY or (key.startswith(CONST_PREFIX) and len(key) > len(CONST_PREFIX))


def derive(key: str, output: dict) -> str | None:
    """The value of one table key for one output (`note` is filled by the exporter, so None here)."""
    if key.startswith(CONST_PREFIX):
        return key[len(CONST_PREFIX):]
    if key == NOTE_KEY:
        return None
    return DERIVATIONS[key](output)
