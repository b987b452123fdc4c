"""Service-side failures, as `KhparseError` subclasses so one handler maps them all.

Each carries the HTTP status and a stable `code`; the JSON body is always
``{"code", "message"}``, never a traceback.
"""
from __future__ import annotations

from ..errors import KhparseError, LimitExceeded, TimeLimitExceeded


class BadRequest(KhparseError):
    """The request itself is malformed (bad multipart, no document in it)."""

    code = "bad_request"
    http_status = 400


class UploadTooLarge(LimitExceeded):
    code = "upload_too_large"
    http_status = 413


class RequestTimeout(KhparseError):
    """The client sent its body too slowly for the time limit."""

    code = "request_timeout"
    http_status = 408


class Busy(KhparseError):
    """No extraction worker became free in time, or too many requests wait already."""

    code = "busy"
    http_status = 503


class ExtractionTimeout(TimeLimitExceeded):
    """The extraction itself ran past the time limit; its worker was killed and replaced."""

    code = "timeout"
    http_status = 504


class WorkerCrashed(KhparseError):
    """The worker process died mid-job (segfault, out of memory); it was replaced."""

    code = "worker_crashed"
    http_status = 500
