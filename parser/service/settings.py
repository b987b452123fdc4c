"""Service settings: one frozen object, from `khparse serve` options or KHPARSE_* variables."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from .. import limits

MIB = 1024 * 1024
#: The job every worker runs; tests swap in their own (slow, crashing) handler.
DEFAULT_HANDLER = "parser.service.worker:extract_job"
CONVERTERS = {"port": int, "workers": int, "max_pending": int, "max_jobs_per_worker": int,
              "max_upload_mb": float, "timeout": float, "max_buffered_mb": float}


def default_workers() -> int:
    """One extraction process per core: extraction is CPU-bound."""
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    #: Extraction processes (the HTTP side is one asyncio process).
    workers: int = field(default_factory=default_workers)
    #: Largest accepted request body, in MiB (multipart overhead included).
    #: The document limits themselves (pages, unpacked size, text) are `parser.limits`, read
    #: by the workers from the same KHPARSE_* environment.
    max_upload_mb: float = limits.DEFAULTS.max_input_mb
    #: Per-request time limit in seconds: reading the body, waiting for a worker, extracting.
    timeout: float = limits.DEFAULTS.timeout
    #: Requests allowed to wait for a worker before new ones get 503 at once.
    max_pending: int = 256
    #: Recycle a worker after this many jobs (bounds slow leaks in native libraries); 0 = never.
    max_jobs_per_worker: int = 500
    #: "module:function" run in the worker for each job.
    handler: str = DEFAULT_HANDLER
    #: Request bodies held in memory at once (MiB); 0 = (2 x workers + 2) uploads of the maximum size.
    #: Over it a new request gets 503 before its body is read (see upload.UploadBudget).
    max_buffered_mb: float = 0.0

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.max_upload_mb <= 0 or self.timeout <= 0:
            raise ValueError("max_upload_mb and timeout must be positive")
        if self.max_pending < 1 or self.max_jobs_per_worker < 0:
            raise ValueError("max_pending must be >= 1 and max_jobs_per_worker >= 0")

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * MIB)

    @property
    def max_buffered_bytes(self) -> int:
        if self.max_buffered_mb > 0:
            return int(self.max_buffered_mb * MIB)
        return (2 * self.workers + 2) * self.max_upload_bytes

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """KHPARSE_WORKERS, KHPARSE_MAX_UPLOAD_MB, KHPARSE_TIMEOUT, … (for `uvicorn --factory`)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"KHPARSE_{f.name.upper()}")
            if raw is not None:
                values[f.name] = CONVERTERS.get(f.name, str)(raw)
        return cls(**values)  # type: ignore[arg-type]
