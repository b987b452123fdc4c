"""The schema's versioned migrations: plain SQL files shipped in parser/sinks/migrations/.

(This module is `migrate`, not `migrations`, so the folder of SQL files keeps that name.)

A file is `NNNN_name.sql` (every dialect) or `NNNN_name.<dialect>.sql`
(`sqlite`, `postgresql`); for each version a dialect's own file wins over
the neutral one. Applied versions are recorded in `schema_migrations`, so
a database is brought up to date on open, in order, and only once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MIGRATION_FILE_RE = re.compile(r"^(\d{4})_([a-z0-9_]+?)(?:\.(sqlite|postgresql))?\.sql$")
DIALECTS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@lru_cache(maxsize=None)
def available(dialect: str) -> tuple[Migration, ...]:
    """This dialect's migrations in version order."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}")
    chosen: dict[int, tuple[bool, Migration]] = {}
    folder = resources.files(__package__) / "migrations"
    for entry in folder.iterdir():
        m = MIGRATION_FILE_RE.match(entry.name)
        if not m or (m.group(3) and m.group(3) != dialect):
            continue
        own = m.group(3) is not None
        version = int(m.group(1))
        if version in chosen and chosen[version][0] == own:
            raise ValueError(f"two migrations with version {version} for {dialect}")
        if version not in chosen or own:
            chosen[version] = (own, Migration(version, m.group(2), entry.read_text(encoding="utf-8")))
    return tuple(chosen[v][1] for v in sorted(chosen))


def latest(dialect: str) -> int:
    found = available(dialect)
    return found[-1].version if found else 0
