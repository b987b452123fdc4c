"""`khparse serve [--host 127.0.0.1 --port 8000 --workers N --max-upload-mb 50 --timeout 120]`."""
from __future__ import annotations

import logging

import click

from .. import limits
from ..cli import EXIT_USAGE, fail
from ..service.settings import Settings, default_workers
from .limit_options import configure_limits, limit_options, limit_value


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", type=click.IntRange(1, 256), default=None, help=f"Extraction processes [default: CPU count, {default_workers()} here].")
@click.option("--max-upload-mb", default=None, type=click.FloatRange(0, min_open=True), envvar="KHPARSE_MAX_UPLOAD_MB", show_envvar=True,
              help="Largest request body; larger ones get 413.  [default: --max-input-mb, or 50 when that is 0]")
@limit_options(helps={"timeout": "Seconds per request (body, queue and extraction); past it 504 (or 503 when no worker freed up). "
                                 "Must be > 0 here (default {default})."})
@click.option("--max-pending", default=256, show_default=True, type=click.IntRange(1), help="Requests that may wait for a worker; beyond, 503 at once.")
@click.option("--log-level", default="info", show_default=True, type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="One log line per request.")
@click.pass_context
def serve_cmd(
    ctx: click.Context,
    host: str,
    port: int,
    workers: int | None,
    max_upload_mb: float | None,
    max_pending: int,
    log_level: str,
    access_log: bool,
) -> None:
    """Run the HTTP service: POST /v1/extract, GET /v1/schema, GET /healthz, /docs.

    \b
    curl -F file=@plan.docx http://127.0.0.1:8000/v1/extract
    curl --data-binary @plan.txt -H 'Content-Type: text/plain' http://127.0.0.1:8000/v1/extract

    \b
    The document limits (--max-input-mb … --max-line-chars) default to their
    KHPARSE_* environment variable, else to the value shown, and hold in every
    extraction worker; a document over one gets 413 [limit_exceeded].
    """
    if limit_value(ctx, "timeout") <= 0:  # checked before anything is configured
        raise click.BadParameter("the service needs a time limit > 0", ctx=ctx, param_hint="'--timeout' / KHPARSE_TIMEOUT")
    in_force = configure_limits(ctx)  # before the workers start: they inherit the environment
    timeout = in_force.timeout
    if max_upload_mb is None:
        max_upload_mb = in_force.max_input_mb or limits.DEFAULTS.max_input_mb
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
