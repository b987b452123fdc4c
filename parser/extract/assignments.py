"""`assignments`: placeholder until the extractor lands (returns the contract's empty values)."""
from __future__ import annotations

from ..model import Found, KhDoc


def extract(doc: KhDoc) -> Found:
    return Found({"assignments": []})
