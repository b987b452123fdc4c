"""Fixtures of the reader tests; the makers live in pdf_makers.py (importable by name)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pdf_makers import FIXTURES, make_raw_pdf, make_text_pdf


@pytest.fixture(scope="session")
def text_pdf():
    return make_text_pdf


@pytest.fixture(scope="session")
def raw_pdf():
    return make_raw_pdf


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
