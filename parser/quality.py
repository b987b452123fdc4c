"""The `quality` block: how much an archivist should doubt one converted plan.

Why: a batch of thousands of plans cannot be proof-read whole; the reviewer
starts with the documents whose catalogue fields are missing, whose text came
from OCR or a legacy encoding, or that raised serious warnings. This module
turns a finished contract-v1 dict into a small, deterministic block:

    {"score": 0.862, "level": "good", "rank": "0862.98.995",
     "missing": ["document.number"],
     "warnings": {"total": 3, "high": 0, "medium": 1, "low": 2},
     "ocr": false, "encoding_fixed": null,
     "reasons": ["missing:document.number", "warning:numbering_gap", ...]}

Weights live in `rules/quality_weights.tsv`. Pure function over the dict: no
I/O, same input -> same block.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from .rules import load_table

#: Below this score a document is "doubtful" (review first); below CHECK_BELOW "check".
DOUBTFUL_BELOW = 0.6
CHECK_BELOW = 0.85
#: A warning code repeated more often than this counts this many times.
MAX_REPEATS = 3
#: Severity of warning codes not in the table.
DEFAULT_SEVERITY, DEFAULT_PENALTY = "medium", 0.05
SEVERITIES = ("high", "medium", "low")


@lru_cache(maxsize=1)
def _weights() -> dict[str, dict[str, tuple[str, float]]]:
    """{kind: {key: (severity, penalty)}} from the rule table."""
    out: dict[str, dict[str, tuple[str, float]]] = {"field": {}, "warning": {}, "source": {}}
    for row in load_table("quality_weights"):
        out[row["kind"]][row["key"]] = (row["severity"], float(row["penalty"]))
    return out


def required_fields() -> tuple[str, ...]:
    """The fields whose absence is reported in `missing`, in table order."""
    return tuple(_weights()["field"])


def _lookup(output: dict, path: str) -> Any:
    value: Any = output
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _is_missing(output: dict, path: str) -> bool:
    value = _lookup(output, path)
    if isinstance(value, dict) and "precision" in value:  # a date object: missing when wholly blank
        return value.get("value") is None
    return value is None or value == "" or value == [] or value == {}


def quality_block(output: dict) -> dict:
    """Triage summary of one contract-v1 output (see the module docstring for the shape)."""
    weights = _weights()
    penalties: list[tuple[float, str]] = []
    missing = [path for path in weights["field"] if _is_missing(output, path)]
    penalties += [(weights["field"][path][1], f"missing:{path}") for path in missing]

    source = output.get("source") or {}
    ocr = bool(source.get("ocr"))
    encoding = source.get("encoding_fixed") or None
    if ocr:
        penalties.append((weights["source"].get("ocr", ("", 0.0))[1], "ocr"))
    if encoding:
        penalties.append((weights["source"].get("encoding_fixed", ("", 0.0))[1], f"encoding_fixed:{encoding}"))

    codes = Counter(str(w.get("code")) for w in output.get("warnings") or [] if isinstance(w, dict))
    by_severity = dict.fromkeys(SEVERITIES, 0)
    for code, count in sorted(codes.items()):
        severity, penalty = weights["warning"].get(code, (DEFAULT_SEVERITY, DEFAULT_PENALTY))
        by_severity[severity if severity in by_severity else DEFAULT_SEVERITY] += count
        if penalty > 0:
            penalties += [(penalty, f"warning:{code}")] * min(count, MAX_REPEATS)

    score = 1.0
    for penalty, _ in penalties:
        score *= 1.0 - min(max(penalty, 0.0), 1.0)
    score = round(score, 3)
    total = sum(codes.values())
    reasons: list[str] = []
    for _, reason in sorted(penalties, key=lambda p: (-p[0], p[1])):
        if reason not in reasons:
            reasons.append(reason)
    return {
        "score": score,
        "level": "doubtful" if score < DOUBTFUL_BELOW else "check" if score < CHECK_BELOW else "good",
        "rank": rank_key(score, len(missing), total),
        "missing": missing,
        "warnings": {"total": total, **by_severity},
        "ocr": ocr,
        "encoding_fixed": encoding,
        "reasons": reasons,
    }


def rank_key(score: float, missing: int, warnings: int) -> str:
    """A string that sorts ascending with the most doubtful document first.

    Lowest score first; on a tie, more missing fields first, then more
    warnings. Zero-padded so plain string order is the triage order.
    """
    return f"{round(score * 1000):04d}.{99 - min(missing, 99):02d}.{999 - min(warnings, 999):03d}"


def quality_of(output: dict) -> dict:
    """The output's own block when it has one, else a freshly computed one."""
    block = output.get("quality")
    if isinstance(block, dict) and "rank" in block and "score" in block:
        return block
    return quality_block(output)
