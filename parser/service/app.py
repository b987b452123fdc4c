"""The FastAPI app: POST /v1/extract, GET /v1/schema, GET /healthz (+ /openapi.json, /docs).

Every answer is JSON. Bad input gets a 4xx ``{"code", "message"}`` mapped
from the `KhparseError` that describes it; anything unexpected is a 500
``{"code": "internal_error", ...}`` with the traceback in the server log only.
Extraction runs in `WorkerPool` processes, so the event loop only moves bytes.
"""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from .. import __version__
from ..errors import KhparseError
from ..schema import load_schema
from .errors import RequestTimeout
from .models import ErrorBody, Health, KhResult, OcrMode
from .pool import WorkerPool
from .settings import Settings
from .upload import UploadBudget, check_declared_size, read_upload

log = logging.getLogger("khparse.service")

DESCRIPTION = """\
Turns a Vietnamese plan (Kế hoạch) — TXT, DOCX, DOC or PDF, scanned PDFs with OCR —
into contract-v1 JSON (the schema is served at `/v1/schema`).

Send the document as a multipart field named `file`, or as the raw request body.
Errors are always JSON `{"code", "message"}`.
"""

REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "description": "The document: a multipart form with a `file` field (its file name becomes "
    "`source.path`), or the raw bytes of a TXT/DOCX/DOC/PDF file as the whole body "
    "(`source.path` is then null). The format is detected from the content.",
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        "text/plain": {"schema": {"type": "string"}},
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
    },
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in {
        400: "Malformed request (bad multipart, no document in it).",
        408: "The body arrived too slowly for the time limit.",
        413: "The upload is larger than the configured limit.",
        415: "Unsupported or undecodable format.",
        422: "Empty or unreadable document, or a bad query parameter.",
        500: "Internal error or crashed worker (the traceback is in the server log only).",
        503: "Busy: no worker became free in time, too many requests or too much upload data waiting, or OCR unavailable.",
        504: "The extraction ran past the time limit.",
    }.items()
}

HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "upload_too_large"}


def error_response(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body = {"code": code, "message": message, **{k: v for k, v in extra.items() if v is not None}}
    return JSONResponse(body, status_code=status)


@lru_cache(maxsize=1)
def _schema_body() -> bytes:
    return json.dumps(load_schema(), ensure_ascii=False).encode("utf-8")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app for `settings` (default: from KHPARSE_* environment variables)."""
    settings = settings or Settings.from_env()
    pool = WorkerPool(
        settings.workers,
        settings.handler,
        max_pending=settings.max_pending,
        max_jobs_per_worker=settings.max_jobs_per_worker,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.start()
        log.info("khparse service: %d extraction workers ready", settings.workers)
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(title="khparse", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.pool = pool
    budget = UploadBudget(settings.max_buffered_bytes)
    _install_error_handlers(app)

    @app.post(
        "/v1/extract",
        summary="Extract one plan to contract-v1 JSON",
        response_class=Response,
        responses={200: {"model": KhResult, "description": "The contract-v1 result."}, **ERROR_RESPONSES},
        openapi_extra={"requestBody": REQUEST_BODY},
    )
    async def extract(
        request: Request,
        ocr: OcrMode = Query("auto", description="OCR for PDFs: auto (pages without a text layer), always, never."),
    ) -> Response:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + settings.timeout
        check_declared_size(request.headers.get("content-length"), settings.max_upload_bytes)
        reserved = budget.reserve(request.headers.get("content-length"), settings.max_upload_bytes)
        try:
            try:
                async with asyncio.timeout_at(deadline):
                    upload = await read_upload(request.headers.get("content-type"), request.stream(), settings.max_upload_bytes)
            except TimeoutError:
                raise RequestTimeout("the request body did not arrive within the time limit") from None
            except ClientDisconnect:  # nobody is left to answer; not worth a traceback in the log
                log.info("client went away during the upload")
                return Response(status_code=400)
            payload = {"data": upload.data, "filename": upload.filename, "ocr": ocr}
            del upload
            body = await pool.run(payload, deadline)
        finally:
            budget.release(reserved)
        return Response(content=body, media_type="application/json")

    @app.get("/v1/schema", summary="The output contract as JSON Schema (draft 2020-12)", response_class=Response,
             responses={200: {"content": {"application/schema+json": {}}, "description": "kh-v1.schema.json"}})
    async def schema() -> Response:
        return Response(content=_schema_body(), media_type="application/schema+json")

    @app.get("/healthz", summary="Liveness and worker-pool state", response_model=Health,
             responses={503: {"model": Health, "description": "No extraction worker alive."}})
    async def healthz() -> Any:
        stats = pool.stats()
        health = Health(status="ok" if stats["alive"] else "degraded", version=__version__, **stats)
        if not stats["alive"]:
            return JSONResponse(health.model_dump(), status_code=503)
        return health

    return app


def _install_error_handlers(app: FastAPI) -> None:
    """Map every failure to JSON {code, message}."""

    @app.exception_handler(KhparseError)
    async def khparse_error(request: Request, exc: KhparseError) -> JSONResponse:
        log.info("%s %s -> %s %s: %s", request.method, request.url.path, exc.http_status, exc.code, exc.message)
        response = error_response(exc.http_status, exc.code, exc.message)
        if exc.http_status == 503:
            response.headers["Retry-After"] = "1"
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        message = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in details) or "invalid request"
        return error_response(422, "invalid_request", message, details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        response = error_response(exc.status_code, code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", f"internal error ({type(exc).__name__}); see the server log")
