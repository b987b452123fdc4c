"""`khparse serve [--host 127.0.0.1 --port 8000 --workers N --max-upload-mb 50 --timeout 120]`."""
from __future__ import annotations

import logging

import click

from ..cli import EXIT_USAGE, fail
from ..service.settings import Settings, default_workers


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", type=click.IntRange(1, 256), default=None, help=f"Extraction processes [default: CPU count, {default_workers()} here].")
@click.option("--max-upload-mb", default=50.0, show_default=True, type=click.FloatRange(0, min_open=True), help="Largest request body; larger ones get 413.")
@click.option("--timeout", default=120.0, show_default=True, type=click.FloatRange(0, min_open=True), help="Seconds per request (body, queue and extraction); past it 504 (or 503 when no worker freed up).")
@click.option("--max-pending", default=256, show_default=True, type=click.IntRange(1), help="Requests that may wait for a worker; beyond, 503 at once.")
@click.option("--log-level", default="info", show_default=True, type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="One log line per request.")
def serve_cmd(
    host: str,
    port: int,
    workers: int | None,
    max_upload_mb: float,
    timeout: float,
    max_pending: int,
    log_level: str,
    access_log: bool,
) -> None:
    """Run the HTTP service: POST /v1/extract, GET /v1/schema, GET /healthz, /docs.

    \b
    curl -F file=@plan.docx http://127.0.0.1:8000/v1/extract
    curl --data-binary @plan.txt -H 'Content-Type: text/plain' http://127.0.0.1:8000/v1/extract
    """
    try:
        import uvicorn

        from ..service.app import create_app
    except ImportError as exc:
        fail(f"the service needs its extra dependencies ({exc.name}): pip install 'khparse[service]'", EXIT_USAGE)
    # uvicorn configures only its own loggers; ours (worker restarts, refused requests) go beside them
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s:     %(name)s: %(message)s")
    settings = Settings(
        host=host,
        port=port,
        workers=workers or default_workers(),
        max_upload_mb=max_upload_mb,
        timeout=timeout,
        max_pending=max_pending,
    )
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        timeout_graceful_shutdown=int(timeout) + 5,  # in-flight requests end (or hit 504) first
        server_header=False,
    )
