"""`khparse extract FILE... [-o OUT]`."""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from .. import limits
from ..cli import EXIT_ERROR, EXIT_NOT_A_PLAN, EXIT_OK
from .limit_options import configure_limits, limit_options


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(allow_dash=True), help="Output file (one input) or directory (several); default stdout.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="OCR pages of PDFs: when the text layer is missing or garbage (auto), every page, or never.")
@limit_options(helps={"timeout": "Seconds per file; past it the file fails with [timeout] and the next one runs (default {default}; 0 = no limit)."})
@click.pass_context
def extract_cmd(ctx: click.Context, files: tuple[str, ...], output: str | None, ocr: str) -> None:
    """Extract plan(s) (TXT, DOCX, DOC, PDF) to contract-v1 JSON. FILE may be '-' for stdin.

    With several FILEs, -o names a directory and each result is written
    there as NAME.json. Errors are one line each on stderr; the other files
    still run.

    \b
    The limits (--max-input-mb … --timeout) default to their KHPARSE_*
    environment variable, else to the value shown; an input over one is
    refused with [limit_exceeded] (or [timeout]), exit 1.
    """
    from ..errors import KhparseError
    from ..pipeline import run_bytes, run_file
    from ..write import dumps, write_json

    configure_limits(ctx)
    debug = bool(ctx.obj and ctx.obj.get("debug"))
    if len(files) > 1 and (output is None or output == "-"):
        raise click.UsageError("several FILEs need -o DIRECTORY")
    to_dir = output not in (None, "-") and (len(files) > 1 or Path(output).is_dir() or output.endswith(("/", "\\")))
    out_dir = Path(output) if to_dir else None
    status = EXIT_OK
    for name in files:
        try:
            if name == "-":
                data = limits.read_limited(sys.stdin.buffer)  # never more than --max-input-mb in memory
                with limits.time_limit():
                    result = run_bytes(data, path=None, ocr=ocr)
            else:
                with limits.time_limit(path=name):
                    result = run_file(name, ocr=ocr)
        except KhparseError as exc:
            click.echo(f"khparse: error: {exc} [{exc.code}]", err=True)
            status = EXIT_ERROR
            continue
        except Exception as exc:  # a bug: report it in one line, the traceback only on --debug
            if debug:
                traceback.print_exc()
            click.echo(f"khparse: error: {name}: internal error: {type(exc).__name__}: {exc} [internal_error]", err=True)
            status = EXIT_ERROR
            continue
        if out_dir is not None:
            write_json(out_dir / ((Path(name).stem if name != "-" else "stdin") + ".json"), result)
        elif output and output != "-":
            write_json(output, result)
        else:
            click.echo(dumps(result), nl=False)
        # Exit 4 only for documents that are not plans: a Chỉ thị, Chương trình, Phát động … (warning
        # `plan_like`) and a decision that issues a plan (`document.attached_plan`) are read as plans.
        codes = {w["code"] for w in result["warnings"]}
        if "not_a_plan" in codes:
            click.echo(f"khparse: warning: {name}: a {result['document']['type_name']}, not a plan; plan fields left empty [not_a_plan]", err=True)
            if status == EXIT_OK:
                status = EXIT_NOT_A_PLAN
        elif result["document"]["type"] is None:
            kind = "not recognisable as a plan (no \"KẾ HOẠCH\" line)"
            click.echo(f"khparse: warning: {name}: {kind}; plan fields may be empty [not_a_plan]", err=True)
            if status == EXIT_OK:
                status = EXIT_NOT_A_PLAN
    sys.exit(status)
