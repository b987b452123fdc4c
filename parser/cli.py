"""Command line: `khparse extract | validate | evaluate | units`.

Thin on purpose: parse arguments, call the library, print. Subcommands are
loaded lazily so `khparse --help` imports neither spaCy nor underthesea.

Exit codes
  0  success
  1  extraction error (unreadable, empty, undecodable or unsupported input),
     or an output that fails validation
  2  usage error (bad options or arguments)
  3  batch: some files failed (the others are converted; see _errors.jsonl)
  4  extracted, but the document is not a plan (a Quyết định, Công văn, plain
     prose …): the JSON is still written, with a `not_a_plan` warning
"""
from __future__ import annotations

import sys
from importlib import import_module

import click

from . import __version__

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_NOT_A_PLAN = 0, 1, 2, 3, 4

LAZY_COMMANDS = {
    "extract": ("parser.commands.extract", "extract_cmd", "Extract plans (TXT, DOCX, DOC, PDF) to contract-v1 JSON."),
    "validate": ("parser.commands.validate", "validate_cmd", "Check JSON output against the schema."),
    "evaluate": ("parser.commands.evaluate", "evaluate_cmd", "Score predictions against gold (P/R/F1 per field)."),
    "units": ("parser.commands.units", "units_cmd", "Show the units (public bodies) found in a text."),
    "batch": ("parser.commands.batch", "batch_cmd", "Convert a folder tree in parallel, resumably (index, errors, summary)."),
    "serve": ("parser.commands.serve", "serve_cmd", "Run the HTTP service (POST /v1/extract)."),
    "export": ("parser.commands.export", "export_cmd", "Export outputs to archive-metadata rows (TT 02/2019, TT 05/2025)."),
    "review": ("parser.commands.review", "review_cmd", "Write a self-contained HTML page to check every extracted value."),
    "sink": ("parser.commands.sink", "sink_cmd", "Load an output folder into SQLite or PostgreSQL tables."),
}


class LazyGroup(click.Group):
    """Imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(LAZY_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in LAZY_COMMANDS:
            return None
        module, attr, _ = LAZY_COMMANDS[name]
        return getattr(import_module(module), attr)  # type: ignore[no-any-return]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, LAZY_COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="khparse")
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """khparse: Vietnamese plans (Kế hoạch) to structured JSON.

    Reads a plan issued by a People's Committee, an emulation council or a
    department, and writes issuer, number and symbol, place and date, title,
    legal bases, tasks, assignments, quotas, rewards, deadlines, recipients
    (Nơi nhận) and signer as contract-v1 JSON.

    Exit codes: 0 ok, 1 extraction error, 2 usage error, 4 not a plan.
    """
    ctx.obj = {"debug": debug}


def fail(message: str, code: int = EXIT_ERROR) -> "NoReturn":  # noqa: F821
    """One clear line on stderr, then exit."""
    click.echo(f"khparse: error: {message}", err=True)
    sys.exit(code)


def main() -> None:
    """Entry point: click handles usage errors (exit 2); anything unexpected is one line, exit 1."""
    try:
        cli.main(prog_name="khparse", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("khparse: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: never a traceback unless asked for
        if "--debug" in sys.argv[1:]:
            raise
        click.echo(f"khparse: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        sys.exit(EXIT_ERROR)
