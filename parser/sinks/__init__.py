"""Database sinks: outputs as normalized tables in SQLite (embedded) or PostgreSQL.

`open_sink(url)` opens a database, applies the packaged migrations it lacks
and returns a `Sink`; `sink.put(output)` writes one document in one
transaction: its `documents` row is upserted (keyed by the sha256 of the
input bytes) and its child rows (citations, commemorations, phases, tasks,
assignments, quotas, rewards, deadlines, recipients) replaced, so loading
the same output again never duplicates anything. A changed file is new
bytes, hence a new sha256 and a new document row; the old row stays (the
database keeps every version that was loaded).

Layout (parser/sinks/migrations/*.sql is the reference):
- documents: sha256 (PRIMARY KEY), path (relative to the batch's IN_DIR;
  identical bytes under two paths are one row, with the path loaded last),
  source/extractor fields, the header (type … theme, issued_value/
  _precision/_text), the first issuer and signer, period, archive copy,
  warnings_count, quality_score/_level, `json` (the whole output: TEXT in
  SQLite, JSONB in PostgreSQL), loaded_at.
- child tables, each `sha256 REFERENCES documents ON DELETE CASCADE`,
  `ordinal` = the item's index in its JSON list, PRIMARY KEY (sha256,
  ordinal), plus span_start, span_end, page: citations (PRIMARY KEY
  (sha256, role, ordinal), role = legal_basis | references), commemorations,
  phases, tasks, assignments, quotas, rewards, deadlines, recipients.
- dates are TEXT, the reduced ISO value as in the output ("2023",
  "2023-04", "2023-04-30"), next to their precision; lists of short strings
  (tasks.lead_units/units, assignments.units/duties, archive_holders) are
  JSON arrays in the row, not tables of their own: they are always read with
  their item, and both databases can still unnest them (json_each,
  jsonb_array_elements_text).
- schema_migrations(version, name, applied_at).

URLs: `sqlite:///relative/plans.db`, `sqlite:////absolute/plans.db`,
`postgresql://user:password@host:5432/db` (also `postgres://`; needs
`pip install 'khparse[postgres]'`). Passwords never appear in messages:
`sink.url` is the redacted form.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable, Iterator
from urllib.parse import unquote, urlsplit, urlunsplit

from .migrate import available, latest
from .rows import CHILD_COLUMNS, DOCUMENT_COLUMNS, TABLES, BadOutput, child_rows, document_key, document_row

__all__ = ["Sink", "SinkError", "SinkUsageError", "open_sink", "redact", "TABLES"]

SQLITE_PREFIX = "sqlite://"
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
PASSWORD_PARAM_RE = re.compile(r"(?i)(password=)[^&\s]*")
LOOKUP_CHUNK = 500  # sha256 values per `missing` query (well under every placeholder limit)


class SinkError(RuntimeError):
    """The database refused or failed (cannot open, migration, write)."""


class SinkUsageError(ValueError):
    """The URL itself is wrong (unknown scheme, no path)."""


def redact(url: str) -> str:
    """The URL without its password (userinfo or `password=` parameter)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable sink URL>"
    if parts.password is None and not PASSWORD_PARAM_RE.search(parts.query):
        return url  # nothing to hide (and sqlite:////abs keeps its slashes)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}:***@{host}"
    query = PASSWORD_PARAM_RE.sub(r"\1***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def one_line(exc: BaseException) -> str:
    """A driver message on one line (libpq messages span several)."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


class Sink:
    """A connection to one database; subclasses supply the dialect (placeholders, transactions, locking)."""

    dialect = ""
    PARAM = "?"
    BOOTSTRAP = ""  # CREATE TABLE IF NOT EXISTS schema_migrations …

    def __init__(self, url: str) -> None:
        self.url = redact(url)
        cols = ", ".join(DOCUMENT_COLUMNS)
        values = ", ".join(self._param(c) for c in DOCUMENT_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in (*DOCUMENT_COLUMNS[1:], "loaded_at"))
        self.upsert_sql = (f"INSERT INTO documents ({cols}, loaded_at) VALUES ({values}, CURRENT_TIMESTAMP) "
                           f"ON CONFLICT (sha256) DO UPDATE SET {updates}")
        self.delete_sql = {name: f"DELETE FROM {name} WHERE sha256 = {self.PARAM}" for name in CHILD_COLUMNS}
        self.insert_sql = {
            name: f"INSERT INTO {name} (sha256, {', '.join(cols_)}) VALUES "
                  f"({', '.join(self._param(c) for c in ('sha256', *cols_))})"
            for name, cols_ in CHILD_COLUMNS.items()
        }

    # -- dialect hooks ---------------------------------------------------------------------------
    def _param(self, column: str) -> str:
        return self.PARAM

    def _transaction(self) -> Any:  # a context manager: commit on success, roll back on any exception
        raise NotImplementedError

    def _migration_lock(self) -> Any:  # a transaction that also keeps concurrent openers out
        return self._transaction()

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def _script(self, sql: str) -> None:
        raise NotImplementedError

    def _prepare(self, value: Any) -> Any:
        return value

    def close(self) -> None:
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the packaged migrations this database lacks, in one transaction; the versions applied."""
        known = available(self.dialect)
        try:
            with self._migration_lock():
                self._script(self.BOOTSTRAP)
                applied = {int(r[0]) for r in self._execute("SELECT version FROM schema_migrations")}
                if applied and max(applied) > latest(self.dialect):
                    raise SinkError(f"{self.url}: the database schema is at version {max(applied)}, newer than "
                                    f"this khparse knows ({latest(self.dialect)}): upgrade khparse")
                done = []
                for m in known:
                    if m.version in applied:
                        continue
                    self._script(m.sql)
                    self._execute(f"INSERT INTO schema_migrations (version, name) VALUES ({self.PARAM}, {self.PARAM})",
                                  (m.version, m.name))
                    done.append(m.version)
                return done
        except SinkError:
            raise
        except Exception as exc:
            raise SinkError(f"{self.url}: cannot set up the schema: {one_line(exc)}") from None

    def put(self, out: dict[str, Any], text: str | None = None) -> str:
        """Upsert one output (its JSON `text` as written, else re-serialized); returns its sha256."""
        try:
            sha = document_key(out)
        except BadOutput as exc:
            raise SinkError(str(exc)) from None
        if text is None:
            text = json.dumps(out, ensure_ascii=False)
        doc = tuple(self._prepare(v) for v in document_row(out, text))
        children = child_rows(out)
        try:
            with self._transaction():
                self._execute(self.upsert_sql, doc)
                for name, rows in children.items():
                    self._execute(self.delete_sql[name], (sha,))
                    if rows:
                        self._executemany(self.insert_sql[name], [tuple(self._prepare(v) for v in (sha, *r)) for r in rows])
        except SinkError:
            raise
        except Exception as exc:
            raise SinkError(f"{self.url}: {one_line(exc)}") from None
        return sha

    def missing(self, shas: Iterable[str]) -> set[str]:
        """Which of these sha256 have no `documents` row (a cheap resume check)."""
        wanted = list(dict.fromkeys(shas))
        found: set[str] = set()
        try:
            for i in range(0, len(wanted), LOOKUP_CHUNK):
                chunk = wanted[i:i + LOOKUP_CHUNK]
                marks = ", ".join([self.PARAM] * len(chunk))
                found.update(r[0] for r in self._execute(f"SELECT sha256 FROM documents WHERE sha256 IN ({marks})", tuple(chunk)))
        except Exception as exc:
            raise SinkError(f"{self.url}: {one_line(exc)}") from None
        return set(wanted) - found

    def counts(self) -> dict[str, int]:
        """Rows per table (documents first)."""
        return {name: int(self._execute(f"SELECT count(*) FROM {name}")[0][0]) for name in TABLES}

    def schema_version(self) -> int:
        rows = self._execute("SELECT max(version) FROM schema_migrations")
        return int(rows[0][0] or 0)

    def __enter__(self) -> "Sink":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"


def sqlite_path(url: str) -> str:
    """`sqlite:///rel.db` -> "rel.db", `sqlite:////abs.db` -> "/abs.db", `sqlite:///:memory:` -> ":memory:"."""
    rest = url[len(SQLITE_PREFIX):]
    if not rest.startswith("/") or len(rest) < 2:
        raise SinkUsageError(f"{redact(url)}: write sqlite:///relative/path.db or sqlite:////absolute/path.db")
    return unquote(rest[1:].split("?", 1)[0])


def open_sink(url: str) -> Sink:
    """Open (creating the schema where needed) the database named by `url`."""
    if not isinstance(url, str) or not url.strip():
        raise SinkUsageError("empty sink URL")
    url = url.strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        from .sqlite import SqliteSink

        sink: Sink = SqliteSink(url, sqlite_path(url))
    elif scheme in POSTGRES_SCHEMES:
        from .postgres import PostgresSink

        sink = PostgresSink(url)
    else:
        raise SinkUsageError(f"{redact(url)}: unknown sink; use sqlite:///PATH.db or postgresql://USER@HOST/DB")
    try:
        sink.migrate()
    except BaseException:
        sink.close()
        raise
    return sink


def open_sinks(urls: Iterable[str]) -> list[Sink]:
    """Open every URL, or none: one that fails closes those already open."""
    opened: list[Sink] = []
    try:
        for url in urls:
            opened.append(open_sink(url))
    except BaseException:
        for s in opened:
            s.close()
        raise
    return opened


def iter_chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

