"""Sink fixtures: a PostgreSQL server for the session, a fresh database per test, the corpus outputs as JSON."""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

import pg_server

_DB_NAMES = itertools.count(1)


@pytest.fixture(scope="session")
def pg() -> Iterator[pg_server.PgServer]:
    """A PostgreSQL server on 127.0.0.1 (see pg_server.py); skipped with the reason when none can be had."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install -e '.[postgres]'")
    try:
        server = pg_server.start()
    except pg_server.Unavailable as exc:
        pytest.skip(f"no PostgreSQL server: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def pg_url(pg: pg_server.PgServer) -> str:
    """A new, empty database on the session's server."""
    return pg_server.create_database(pg, f"khparse_t{next(_DB_NAMES)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def sink_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test against an SQLite file and a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'plans.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def corpus_json(outputs: dict[str, dict]) -> list[tuple[dict, str]]:
    """(output, its JSON text as `khparse extract` writes it) for every corpus plan."""
    from parser.write import dumps

    return [(out, dumps(out)) for _, out in sorted(outputs.items())]
