"""Shared test helpers (importable by name; pytest's conftest modules are not, when several exist)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"
SHARED = ROOT.parent / "shared"


@lru_cache(maxsize=None)
def corpus_outputs() -> dict[str, dict]:
    """Pipeline output for every corpus document, computed once per test session."""
    from parser.pipeline import run_file

    return {p.stem: run_file(p) for p in sorted(CORPUS.glob("*.txt"))}


def extract_text(text: str) -> dict:
    from parser.pipeline import run_text

    return run_text(text)
