"""HTTP service: `khparse serve` runs `create_app(Settings(...))` under uvicorn.

FastAPI and uvicorn are optional dependencies (the ``service`` extra), so
nothing here is imported by `import parser` or the other commands.
"""
from __future__ import annotations

from .settings import Settings

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None):  # type: ignore[no-untyped-def]
    """The FastAPI app (imported lazily: FastAPI is an optional dependency)."""
    from .app import create_app as _create_app

    return _create_app(settings)
