"""The server sink: PostgreSQL through psycopg 3 (`pip install 'khparse[postgres]'`).

JSON columns are JSONB (queryable, indexable); every value is a bound
parameter. PostgreSQL text cannot hold NUL characters, so they become
U+FFFD on the way in (the output files keep them). Openers serialize the
migrations with a transaction-scoped advisory lock, so two batches that
start at once against an empty database do not both create the tables. A
connection that broke (server restarted) is reopened on the next write.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Iterator

from . import Sink, SinkError, one_line
from .rows import JSON_COLUMNS

CONNECT_TIMEOUT_S = 10
# pg_advisory_xact_lock key for the migrations: any constant shared by every khparse.
MIGRATION_LOCK_KEY = 0x6B68_7061_7273  # "khpars"
NUL = "\x00"


def _driver() -> Any:
    try:
        import psycopg
    except ImportError:
        raise SinkError("postgresql sinks need psycopg 3: pip install 'khparse[postgres]'") from None
    return psycopg


def _no_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(NUL, "\ufffd")
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    if isinstance(value, dict):
        return {_no_nul(k): _no_nul(v) for k, v in value.items()}
    return value


class PostgresSink(Sink):
    dialect = "postgresql"
    PARAM = "%s"
    BOOTSTRAP = """CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );"""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.conninfo = "postgresql" + url[url.index(":"):]  # postgres:// and postgresql+psycopg:// too
        self.psycopg = _driver()
        self.conn: Any = None
        self._in_tx = False
        self._connect()

    def _connect(self) -> None:
        extra: dict[str, Any] = {"application_name": "khparse"}
        if "connect_timeout" not in self.conninfo:
            extra["connect_timeout"] = CONNECT_TIMEOUT_S
        try:
            self.conn = self.psycopg.connect(self.conninfo, autocommit=True, **extra)
        except Exception as exc:
            raise SinkError(f"cannot open {self.url}: {one_line(exc)}") from None

    def _param(self, column: str) -> str:
        return "%s::jsonb" if column in JSON_COLUMNS else "%s"

    def _live(self) -> Any:
        if self.conn is None or self.conn.closed or self.conn.broken:
            if self.conn is not None:
                self.conn.close()
            self._connect()
        return self.conn

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Reconnects first if needed, never inside: a broken transaction must fail, not go on half-done."""
        with self._live().transaction():
            self._in_tx = True
            try:
                yield
            finally:
                self._in_tx = False

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        with self._transaction():
            self._execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))
            yield

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with (self.conn if self._in_tx else self._live()).cursor() as cur:
            cur.execute(sql, params or None)
            return cur.fetchall() if cur.description is not None else []

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(sql, rows)

    def _script(self, sql: str) -> None:
        """A whole file at once: without parameters psycopg sends it as one simple query."""
        with self.conn.cursor() as cur:
            cur.execute(sql)

    def _prepare(self, value: Any) -> Any:
        if isinstance(value, str) and NUL in value:
            return value.replace(NUL, "\ufffd")
        return value

    def put(self, out: dict[str, Any], text: str | None = None) -> str:
        if text is None:
            text = json.dumps(out, ensure_ascii=False)
        if "\\u0000" in text:  # JSONB refuses \u0000: re-serialize without it
            out = _no_nul(out)
            text = json.dumps(out, ensure_ascii=False)
        try:
            return super().put(out, text)
        except SinkError:
            if self.conn is None or not self.conn.broken:
                raise
        # the server went away since the last write (restart, idle timeout): a put is idempotent, so once more
        return super().put(out, text)

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            finally:
                self.conn = None
