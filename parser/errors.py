"""Typed errors, each with a stable code and a CLI exit code.

The library raises these and never exits; `cli.py` maps them to exit codes,
the batch runner records them and goes on, the service maps them to HTTP 4xx.
"""
from __future__ import annotations


class KhparseError(Exception):
    """Base class: `code` is stable and machine-readable, `exit_code` is for the CLI."""

    code = "error"
    exit_code = 1
    http_status = 422

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class EmptyDocument(KhparseError):
    code = "empty_document"


class UndecodableText(KhparseError):
    code = "undecodable_text"
    http_status = 415


class UnsupportedFormat(KhparseError):
    code = "unsupported_format"
    http_status = 415


class UnreadableFile(KhparseError):
    code = "unreadable_file"


class NotAPlan(KhparseError):
    """Raised only when the caller asks for strict plan checking; by default a warning."""

    code = "not_a_plan"


class LimitExceeded(KhparseError):
    code = "limit_exceeded"
    http_status = 413


class OcrUnavailable(KhparseError):
    code = "ocr_unavailable"
    http_status = 503


class TimeLimitExceeded(LimitExceeded):
    """The extraction ran past the per-file time limit (`parser.limits.timeout`)."""

    code = "timeout"
    http_status = 504


class InvalidLimit(KhparseError):
    """A limit set to something that is not a number >= 0 (KHPARSE_MAX_PAGES=abc): a usage error."""

    code = "invalid_limit"
    exit_code = 2
    http_status = 500
