"""Service fixtures: one real `khparse serve` for the folder (loopback, free port)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the service extra is not installed: pip install -e '.[service]'")
pytest.importorskip("uvicorn")

from service_helpers import ServerProcess  # noqa: E402


@pytest.fixture(scope="session")
def server() -> Iterator[ServerProcess]:
    """`khparse serve --workers 2` with the default limits (50 MiB, 120 s)."""
    proc = ServerProcess(args=["--workers", "2"]).start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture(scope="session")
def port(server: ServerProcess) -> int:
    return server.port
