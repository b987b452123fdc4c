"""Session fixtures: the corpus run once, and its gold."""
from __future__ import annotations

import json

import pytest

from kh_testutil import GOLD, corpus_outputs


@pytest.fixture(scope="session")
def outputs() -> dict[str, dict]:
    return corpus_outputs()


@pytest.fixture(scope="session")
def golds() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))}
