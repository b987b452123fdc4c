"""The bad-input tree, built once per session in a temporary folder (nothing big is committed)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bad_inputs import Case, bad_cases, write_bad, write_good


@dataclass
class Tree:
    """in/ holds good/ (sample plans in every format) and bad/ (every case); clean/ only the good ones."""

    base: Path
    root: Path
    clean: Path
    outside: Path
    good: list[str]
    cases: dict[str, Case]  # relative path -> case
    extra: dict[str, str] = field(default_factory=dict)  # relative path -> expected code, walk-level cases

    def path(self, rel: str) -> Path:
        return self.root / rel


@pytest.fixture(scope="session")
def bad_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tree]:
    base = tmp_path_factory.mktemp("hardening")
    root, clean = base / "in", base / "clean"
    good = write_good(root)
    write_good(clean)
    cases = write_bad(root, bad_cases(), base / "outside")
    extra = {"bad/link_outside.txt": "symlink_outside_tree", "bad/bad-\\xff\\xfe-name.txt": "plan"}
    yield Tree(base, root, clean, base / "outside", good, cases, extra)
