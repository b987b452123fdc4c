"""Legacy Vietnamese encodings (TCVN3/ABC, VNI): detection and conversion to Unicode.

Placeholder until the converter lands: recognises nothing.
"""
from __future__ import annotations


def fix_legacy(text: str) -> tuple[str, str | None]:
    """(text in Unicode, name of the legacy encoding converted or None)."""
    return text, None
