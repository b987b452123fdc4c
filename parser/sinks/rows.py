"""One contract-v1 output as rows: the `documents` row and the child-table rows.

Dialect-neutral and pure: the SQLite and PostgreSQL sinks both insert
exactly these tuples, so the two databases hold the same values. Column
names are constants here (never taken from data), and every value goes to
the driver as a bound parameter.
"""
from __future__ import annotations

import json
from typing import Any, Iterable


# documents: header fields of the output, flattened. `loaded_at` is set by the SQL itself.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "sha256", "path", "format", "pages", "ocr", "encoding_fixed", "extractor_version",
    "type", "type_name", "number", "symbol", "reference", "place",
    "issued_value", "issued_precision", "issued_text", "title", "motto", "theme",
    "issuer_name", "issuer_parent", "issuer_abbreviation",
    "signer_authority", "signer_on_behalf_of", "signer_title", "signer_name",
    "period_start", "period_end", "period_text", "archive_holders", "archive_copies",
    "warnings_count", "quality_score", "quality_level", "json",
)
LOCATION = ("span_start", "span_end", "page")
# Child tables, in insertion order: columns after (sha256, ordinal); citations also has `role`.
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "citations": ("role", "ordinal", "text", "kind", "number", "date_value", "date_precision", "date_text",
                  "issuer", "subject", *LOCATION),
    "commemorations": ("ordinal", "text", "event", "years", "start_value", "start_precision", "end_value",
                       "end_precision", *LOCATION),
    "phases": ("ordinal", "name", "start_value", "start_precision", "end_value", "end_precision", "text", *LOCATION),
    "tasks": ("ordinal", "title", "lead_units", "units", "organizer", "time_text", "time_start", "time_end",
              "section", *LOCATION),
    "assignments": ("ordinal", "unit", "units", "duties", "section", *LOCATION),
    "quotas": ("ordinal", "text", "subject", "operator", "value", "value_max", "unit", "section", *LOCATION),
    "rewards": ("ordinal", "form", "granted_by", "recipients_rule", "quota", "deadline_value",
                "deadline_precision", "deadline_text", *LOCATION),
    "deadlines": ("ordinal", "what", "date_value", "date_precision", "date_text", "text", *LOCATION),
    "recipients": ("ordinal", "name", "purpose", *LOCATION),
}
TABLES: tuple[str, ...] = ("documents", *CHILD_COLUMNS)
# Columns holding JSON (TEXT in SQLite, JSONB in PostgreSQL).
JSON_COLUMNS = frozenset({"json", "archive_holders", "lead_units", "units", "duties"})
CITATION_ROLES = ("legal_basis", "references")
SHA256_CHARS = frozenset("0123456789abcdef")


class BadOutput(ValueError):
    """The JSON is not a contract-v1 output the sink can key (no valid source.sha256)."""


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value: object) -> str | None:
    """A text column: strings as they are; anything else unexpected as its JSON (never dropped)."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _strings(value: object) -> str:
    """A JSON array of strings (units, duties, holders)."""
    items = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    return json.dumps(items, ensure_ascii=False)


def _date(value: object) -> tuple[str | None, str | None, str | None]:
    d = _obj(value)
    return _text(d.get("value")), _text(d.get("precision")), _text(d.get("text"))


def _where(item: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
    span = item.get("span")
    start, end = (span[0], span[1]) if isinstance(span, list) and len(span) == 2 else (None, None)
    return _int(start), _int(end), _int(item.get("page"))


def document_key(out: dict[str, Any]) -> str:
    """The sha256 of the input bytes: the same document, wherever it lies, is one row."""
    sha = _obj(out.get("source")).get("sha256") if isinstance(out, dict) else None
    if not (isinstance(sha, str) and len(sha) == 64 and set(sha) <= SHA256_CHARS):
        raise BadOutput("not a contract-v1 output: source.sha256 is missing or not a sha256")
    return sha


def document_row(out: dict[str, Any], text: str) -> tuple[Any, ...]:
    """The `documents` row, in DOCUMENT_COLUMNS order; `text` is the output's JSON as written."""
    sha = document_key(out)
    source, doc = _obj(out.get("source")), _obj(out.get("document"))
    issuer, signer = _obj(out.get("issuer")), _obj(out.get("signer"))
    period, archive = _obj(out.get("period")), _obj(out.get("archive_copy"))
    quality = _obj(out.get("quality"))
    issued = _date(doc.get("issued"))
    ocr = source.get("ocr")
    return (
        sha, _text(source.get("path")), _text(source.get("format")), _int(source.get("pages")),
        ocr if isinstance(ocr, bool) else None, _text(source.get("encoding_fixed")),
        _text(_obj(out.get("extractor")).get("version")),
        _text(doc.get("type")), _text(doc.get("type_name")), _text(doc.get("number")), _text(doc.get("symbol")),
        _text(doc.get("reference")), _text(doc.get("place")), *issued,
        _text(doc.get("title")), _text(doc.get("motto")), _text(doc.get("theme")),
        _text(issuer.get("name")), _text(issuer.get("parent")), _text(issuer.get("abbreviation")),
        _text(signer.get("authority")), _text(signer.get("on_behalf_of")), _text(signer.get("title")),
        _text(signer.get("name")),
        _date(period.get("start"))[0], _date(period.get("end"))[0], _text(period.get("text")),
        _strings(archive.get("holders")) if archive else None, _int(archive.get("copies")),
        len(_list(out.get("warnings"))), _num(quality.get("score")), _text(quality.get("level")),
        text,
    )


def child_rows(out: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Rows per child table, each without the leading sha256 (the sink adds it)."""
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in CHILD_COLUMNS}
    for role in CITATION_ROLES:
        for i, c in enumerate(_list(out.get(role))):
            rows["citations"].append((role, i, _text(c.get("text")), _text(c.get("kind")), _text(c.get("number")),
                                      *_date(c.get("date")), _text(c.get("issuer")), _text(c.get("subject")),
                                      *_where(c)))
    for i, c in enumerate(_list(out.get("commemorations"))):
        rows["commemorations"].append((i, _text(c.get("text")), _text(c.get("event")), _int(c.get("years")),
                                       *_date(c.get("start"))[:2], *_date(c.get("end"))[:2], *_where(c)))
    for i, p in enumerate(_list(out.get("phases"))):
        rows["phases"].append((i, _text(p.get("name")), *_date(p.get("start"))[:2], *_date(p.get("end"))[:2],
                               _text(p.get("text")), *_where(p)))
    for i, t in enumerate(_list(out.get("tasks"))):
        time = _obj(t.get("time"))
        rows["tasks"].append((i, _text(t.get("title")), _strings(t.get("lead_units")), _strings(t.get("units")),
                              _text(t.get("organizer")), _text(time.get("text")), _date(time.get("start"))[0],
                              _date(time.get("end"))[0], _text(t.get("section")), *_where(t)))
    for i, a in enumerate(_list(out.get("assignments"))):
        rows["assignments"].append((i, _text(a.get("unit")), _strings(a.get("units")), _strings(a.get("duties")),
                                    _text(a.get("section")), *_where(a)))
    for i, q in enumerate(_list(out.get("quotas"))):
        rows["quotas"].append((i, _text(q.get("text")), _text(q.get("subject")), _text(q.get("operator")),
                               _num(q.get("value")), _num(q.get("value_max")), _text(q.get("unit")),
                               _text(q.get("section")), *_where(q)))
    for i, r in enumerate(_list(out.get("rewards"))):
        rows["rewards"].append((i, _text(r.get("form")), _text(r.get("granted_by")), _text(r.get("recipients_rule")),
                                _text(r.get("quota")), *_date(r.get("deadline")), *_where(r)))
    for i, d in enumerate(_list(out.get("deadlines"))):
        rows["deadlines"].append((i, _text(d.get("what")), *_date(d.get("date")), _text(d.get("text")), *_where(d)))
    for i, r in enumerate(_list(out.get("recipients"))):
        rows["recipients"].append((i, _text(r.get("name")), _text(r.get("purpose")), *_where(r)))
    return rows


def expected_counts(outputs: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Row counts the sink should hold for these outputs (distinct sha256): for checks and tests."""
    by_sha = {document_key(o): o for o in outputs}
    counts = {name: 0 for name in TABLES}
    counts["documents"] = len(by_sha)
    for out in by_sha.values():
        for name, rows in child_rows(out).items():
            counts[name] += len(rows)
    return counts

