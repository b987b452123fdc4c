"""The embedded sink: one SQLite file, no server.

The connection runs in autocommit mode and every write is an explicit
`BEGIN IMMEDIATE … COMMIT`, so a document is all in or all out and two
writers (a batch and a `khparse sink`) take turns instead of failing
(busy timeout). Foreign keys are switched on for every connection (SQLite
leaves them off by default), and the file is in WAL mode: readers never
block the batch.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Any, Iterator

from . import Sink, SinkError, one_line

BUSY_TIMEOUT_S = 60.0
MIN_SQLITE = (3, 24, 0)  # INSERT … ON CONFLICT DO UPDATE


class SqliteSink(Sink):
    dialect = "sqlite"
    PARAM = "?"
    BOOTSTRAP = """CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
    );"""

    def __init__(self, url: str, path: str) -> None:
        super().__init__(url)
        self.path = path
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise SinkError(f"{self.url}: SQLite {sqlite3.sqlite_version} is too old (upserts need 3.24)")
        try:
            self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, never corrupt
        except sqlite3.Error as exc:
            raise SinkError(f"cannot open {self.url}: {one_line(exc)}") from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")  # the write lock now: no deadlock upgrading a read lock later
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self.conn.executemany(sql, rows)

    def _script(self, sql: str) -> None:
        """Statement by statement: `executescript` would commit the open transaction first."""
        for statement in split_statements(sql):
            self.conn.execute(statement)

    def foreign_key_problems(self) -> list[tuple[Any, ...]]:
        """PRAGMA foreign_key_check: rows whose parent is missing (none, when all is well)."""
        return self.conn.execute("PRAGMA foreign_key_check").fetchall()

    def close(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()
            self.conn = None  # type: ignore[assignment]


def split_statements(sql: str) -> list[str]:
    """Complete statements of a script, split where SQLite itself says one ends (triggers included)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    tail = buf.strip()
    if tail and not all(l.strip().startswith("--") or not l.strip() for l in tail.splitlines()):
        out.append(tail)
    return out
