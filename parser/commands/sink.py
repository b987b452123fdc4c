"""`khparse sink OUT_DIR --sink URL`: load an existing output folder into databases.

Only click is imported at module level: `khparse --help` must stay fast.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..cli import EXIT_ERROR, EXIT_SOME_FAILED, EXIT_USAGE


@click.command("sink")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, dir_okay=True))
@click.option("--sink", "sinks", multiple=True, required=True, metavar="URL",
              help="Database to load (repeatable): sqlite:///plans.db or postgresql://USER:PASSWORD@HOST/DB.")
@click.option("--missing-only", is_flag=True,
              help="Only documents some sink lacks (checked by sha256); default: upsert every one, refreshing rows.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def sink_cmd(out_dir: str, sinks: tuple[str, ...], missing_only: bool, quiet: bool) -> None:
    """Put the outputs of OUT_DIR into one or more databases.

    \b
    OUT_DIR is a `khparse batch` output folder (its _index.jsonl lists the
    current outputs; failed inputs are left out) or any folder of output
    JSON files (`khparse extract -o DIR`). Each document is upserted by the
    sha256 of its input in one transaction, its items replaced: loading the
    same folder twice changes nothing. Same tables as `batch --sink`.

    Exit codes: 0 all loaded, 1 a sink cannot be opened, 2 usage error,
    3 some documents failed (listed on stderr).
    """
    from ..sinks import SinkError, SinkUsageError, open_sinks
    from ..sinks.feed import Stored, load_stored, stored_outputs

    folder = Path(out_dir)
    try:
        opened = open_sinks(sinks)
    except SinkUsageError as exc:
        click.echo(f"khparse: error: --sink {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except SinkError as exc:
        click.echo(f"khparse: error: sink: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    failed = 0

    def on_failure(item: Stored, message: str) -> None:
        nonlocal failed
        failed += 1
        click.echo(f"khparse: {item.rel}: {message}", err=True)

    t0 = time.monotonic()
    try:
        items = stored_outputs(folder)
        # without an index the sha256 is unknown until the file is read: every file is upserted
        loaded = load_stored(opened, items, on_failure, only_missing=missing_only and (folder / "_index.jsonl").is_file())
    except SinkError as exc:
        click.echo(f"khparse: error: sink: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        for s in opened:
            s.close()
    if not quiet:
        where = ", ".join(s.url for s in opened)
        click.echo(f"sink: {loaded} document{'s' if loaded != 1 else ''} put into {where} in {time.monotonic() - t0:.1f} s"
                   + (f", {failed} failed" if failed else ""), err=True)
    sys.exit(EXIT_SOME_FAILED if failed else 0)
