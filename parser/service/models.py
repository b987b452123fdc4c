"""The service's response models. The extraction result is `parser.api.KhResult`:
one definition for the Python API and the OpenAPI document."""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

from ..api import KhResult

__all__ = ["ErrorBody", "Health", "KhResult", "OcrMode"]

OcrMode = Literal["auto", "always", "never"]


class ErrorBody(BaseModel):
    """Every error answer: a stable machine-readable code and a human message (never a traceback)."""

    code: str = Field(description="Stable error code, e.g. upload_too_large, unsupported_format, timeout.")
    message: str
    details: Optional[list[dict[str, Any]]] = Field(default=None, description="Per-parameter problems (422 only).")


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    workers: int = Field(description="Configured extraction processes.")
    alive: int
    idle: int
    busy: int
    waiting: int = Field(description="Requests queued for a worker.")
    restarts: int = Field(description="Workers replaced since start (timeouts, crashes, recycling).")
