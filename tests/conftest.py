"""Shared fixtures: corpus paths, the shared folder, and a cached pipeline run over the corpus."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"
SHARED = ROOT.parent / "shared"


@lru_cache(maxsize=None)
def corpus_outputs() -> dict[str, dict]:
    """Pipeline output for every corpus document, computed once per test session."""
    from parser.pipeline import run_file

    return {p.stem: run_file(p) for p in sorted(CORPUS.glob("*.txt"))}


@pytest.fixture(scope="session")
def outputs() -> dict[str, dict]:
    return corpus_outputs()


@pytest.fixture(scope="session")
def golds() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))}


def extract_text(text: str) -> dict:
    from parser.pipeline import run_text

    return run_text(text)
